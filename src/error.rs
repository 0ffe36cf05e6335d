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

/// A file operation that failed: what was being done, on which path, and the `io::Error` itself
/// as the source, so a caller can still ask its kind (`NotFound`, `PermissionDenied`) and an
/// error report can follow the chain. Every stage's I/O failure is one of these.
#[derive(Debug)]
pub struct IoError {
    /// What was being done, the start of the message ("cannot write"); empty when the path
    /// says enough.
    pub action: &'static str,
    pub path: std::path::PathBuf,
    pub source: std::io::Error,
    /// What was done about it, said after the cause ("the previous output was put back").
    pub after: Option<String>,
}

impl IoError {
    pub fn new(
        action: &'static str,
        path: impl Into<std::path::PathBuf>,
        source: std::io::Error,
    ) -> IoError {
        IoError {
            action,
            path: path.into(),
            source,
            after: None,
        }
    }

    /// The same failure, with what was done about it.
    pub fn then(mut self, after: impl Into<String>) -> IoError {
        self.after = Some(after.into());
        self
    }

    /// The kind of the underlying `io::Error`.
    pub fn kind(&self) -> std::io::ErrorKind {
        self.source.kind()
    }
}

impl std::fmt::Display for IoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.action.is_empty() {
            write!(f, "{} ", self.action)?;
        }
        write!(f, "{}: {}", self.path.display(), self.source)?;
        if let Some(after) = &self.after {
            write!(f, "; {after}")?;
        }
        Ok(())
    }
}

impl std::error::Error for IoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn an_io_error_keeps_its_kind_path_and_source() {
        let e = IoError::new(
            "cannot write",
            "out/x.html",
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied);
        assert!(e.to_string().starts_with("cannot write out/x.html: "));
        assert!(e.source().is_some());
        let e = IoError::new("", "out", std::io::Error::other("gone")).then("put back");
        assert_eq!(e.to_string(), "out: gone; put back");
    }
}
