//! Command front ends: each turns arguments into library calls, prints, and returns an exit code
//! (0 ok, 1 content errors, 2 usage or I/O errors). The binary only parses arguments.

pub mod build;
pub mod check;
pub mod diff;
pub mod export;
pub mod fmt;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;

use crate::diag::{Diagnostics, SnippetStyle};
use std::io::Write;
use std::path::Path;
use std::rc::Rc;
use std::sync::OnceLock;

pub use crate::error::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE};

/// When to colour output (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// On a terminal, unless the `NO_COLOR` environment variable is set (and not empty).
    #[default]
    Auto,
    Always,
    Never,
}

/// How the commands talk to the person running them: the global flags and what the binary
/// found out about its terminal. Set once by the binary ([`set_ui`]); library callers and tests
/// get [`Ui::default`]: plain lines, no colour, nothing left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ui {
    pub color: ColorChoice,
    /// `-q`: errors only; no warnings, no summaries.
    pub quiet: bool,
    /// `-v`: also say what is read and written.
    pub verbose: bool,
    /// `--deny-warnings`: a warning fails the command as an error does.
    pub deny_warnings: bool,
    /// Whether stdout / stderr are terminals.
    pub stdout_terminal: bool,
    pub stderr_terminal: bool,
    /// `NO_COLOR` is set to something.
    pub no_color: bool,
    /// The terminal's width in columns.
    pub width: usize,
}

impl Default for Ui {
    fn default() -> Ui {
        Ui {
            color: ColorChoice::Auto,
            quiet: false,
            verbose: false,
            deny_warnings: false,
            stdout_terminal: false,
            stderr_terminal: false,
            no_color: false,
            width: 100,
        }
    }
}

impl Ui {
    /// Source snippets for a stream: on a terminal, or whenever colour is forced; `None` keeps
    /// the one-line `file:line:col: severity: message` form that editors and scripts parse.
    pub fn snippets(&self, terminal: bool) -> Option<SnippetStyle> {
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !self.no_color,
        };
        (terminal || self.color == ColorChoice::Always).then_some(SnippetStyle {
            color,
            width: self.width,
        })
    }

    /// The diagnostics to show and act on: warnings turned into errors with `--deny-warnings`,
    /// left out with `--quiet`.
    pub fn apply(&self, diags: &Diagnostics) -> Diagnostics {
        let mut d = diags.clone();
        if self.deny_warnings {
            d.deny_warnings();
        }
        if self.quiet {
            d.items
                .retain(|x| x.severity == crate::diag::Severity::Error);
        }
        d
    }
}

static UI: OnceLock<Ui> = OnceLock::new();

/// Sets how the commands talk for the rest of the process (the binary calls it once, first).
pub fn set_ui(ui: Ui) {
    let _ = UI.set(ui);
}

/// How the commands talk: what [`set_ui`] set, else [`Ui::default`].
pub fn ui() -> Ui {
    UI.get().copied().unwrap_or_default()
}

/// Prints diagnostics to stderr (as snippets on a terminal, else one line each); returns
/// whether any is an error (with `--deny-warnings`, any warning too).
pub fn report(root: &Path, diags: &Diagnostics, err: &mut dyn Write) -> bool {
    let ui = ui();
    let shown = ui.apply(diags);
    let text = match ui.snippets(ui.stderr_terminal) {
        Some(style) => crate::diag::render_snippets(&shown, &mut source_reader(root), style),
        None => crate::diag::render(&shown, crate::diag::Format::Human),
    };
    let _ = err.write_all(text.as_bytes());
    shown.has_errors()
}

/// Reads the files diagnostics name (relative to `root`), once each, for their snippets and
/// ends: only regular files inside the root (never through a symbolic link, never `..`), as
/// the loader reads them.
pub fn source_reader(root: &Path) -> impl FnMut(&str) -> Option<Rc<str>> + '_ {
    let mut cache: std::collections::HashMap<String, Option<Rc<str>>> = Default::default();
    move |file: &str| {
        cache
            .entry(file.to_string())
            .or_insert_with(|| {
                let rel = Path::new(file);
                let plain = rel
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)));
                if !plain {
                    return None;
                }
                let mut at = root.to_path_buf();
                for c in rel.components() {
                    at.push(c);
                    if std::fs::symlink_metadata(&at)
                        .ok()?
                        .file_type()
                        .is_symlink()
                    {
                        return None;
                    }
                }
                let bytes = std::fs::read(&at).ok()?;
                Some(Rc::from(String::from_utf8_lossy(&bytes).as_ref()))
            })
            .clone()
    }
}

/// Reads the site under `root`; an unreadable content directory is reported and becomes
/// `Err(EXIT_USAGE)`. Content problems stay in the site's diagnostics.
pub fn read_site(root: &std::path::Path, err: &mut dyn Write) -> Result<crate::site::Site, i32> {
    crate::pipeline::read_site(root).map_err(|e| {
        let _ = writeln!(err, "statusgen: {e}");
        EXIT_USAGE
    })
}

/// The terminal's width in columns: `COLUMNS` when set, else what the terminal on stderr or
/// stdout says, else 100.
pub fn terminal_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return n;
    }
    terminal_columns().unwrap_or(100)
}

#[cfg(unix)]
fn terminal_columns() -> Option<usize> {
    [libc::STDERR_FILENO, libc::STDOUT_FILENO]
        .into_iter()
        .find_map(|fd| {
            let mut size = libc::winsize {
                ws_row: 0,
                ws_col: 0,
                ws_xpixel: 0,
                ws_ypixel: 0,
            };
            // SAFETY: TIOCGWINSZ only writes a `winsize` into the pointer it is given, which
            // points at a live, properly aligned local.
            let ok = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) } == 0;
            (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
        })
}

#[cfg(not(unix))]
fn terminal_columns() -> Option<usize> {
    None
}
