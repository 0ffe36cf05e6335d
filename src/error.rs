//! Exit codes, the same for every command: 0 ok, 1 content errors, 2 usage or I/O errors. Each
//! stage reports failure as its own type (`present::error::PresentError`,
//! `write::WriteError`, `present::theme::ThemeError`, `import`'s errors); a build's
//! `pipeline::BuildError` gathers them and maps them to these codes in one `exit_code`.
//! This module depends on nothing, so every layer can name the codes.

/// The command ran and found nothing wrong.
pub const EXIT_OK: i32 = 0;
/// The content has errors (diagnostics, a theme template that fails, a chart that cannot be
/// drawn).
pub const EXIT_CONTENT: i32 = 1;
/// Bad usage, an unreadable or unwritable path.
pub const EXIT_USAGE: i32 = 2;
