//! Why a build stopped, as types, and the one place that maps them to exit codes
//! (0 ok, 1 content errors, 2 usage or I/O errors).

use crate::diag::{Diagnostics, Format};
use std::fmt;

/// The command ran and found nothing wrong.
pub const EXIT_OK: i32 = 0;
/// The content has errors (diagnostics), or a chart of it cannot be drawn.
pub const EXIT_CONTENT: i32 = 1;
/// Bad usage, an unreadable or unwritable path, a broken theme.
pub const EXIT_USAGE: i32 = 2;

/// A build that did not produce a site.
#[derive(Debug)]
pub enum BuildError {
    /// The content has errors; nothing was rendered.
    Content(Diagnostics),
    /// A bad argument (such as `--base-url`).
    Usage(String),
    /// The content directory could not be read.
    Read(String),
    /// The theme could not be loaded or compiled (a content error at a theme file's line).
    Theme(crate::present::theme::ThemeError),
    /// A template failed while rendering a page.
    Render {
        path: String,
        template: String,
        message: String,
    },
    /// A chart could not be drawn; `subject` names what it was drawing (a proposal or an
    /// implementor).
    Chart { subject: String, message: String },
    /// The output could not be written.
    Write(crate::write::WriteError),
}

impl BuildError {
    /// The exit code of a command that stopped with this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            BuildError::Content(_) | BuildError::Theme(_) | BuildError::Chart { .. } => {
                EXIT_CONTENT
            }
            BuildError::Usage(_)
            | BuildError::Read(_)
            | BuildError::Render { .. }
            | BuildError::Write(_) => EXIT_USAGE,
        }
    }

    /// The message a user sees (diagnostics rendered in human form).
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// The error as diagnostics, when it is about a place in the site's files.
    pub fn diagnostics(&self) -> Option<Diagnostics> {
        match self {
            BuildError::Content(d) => Some(d.clone()),
            BuildError::Theme(t) => Some(t.diagnostics()),
            _ => None,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Content(d) => f.write_str(&crate::diag::render(d, Format::Human)),
            BuildError::Usage(s) | BuildError::Read(s) => f.write_str(s),
            BuildError::Theme(t) => write!(f, "{t}"),
            BuildError::Render {
                path,
                template,
                message,
            } => write!(f, "rendering {path} with {template}: {message}"),
            BuildError::Chart { subject, message } => {
                write!(f, "the chart of {subject} cannot be drawn: {message}")
            }
            BuildError::Write(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BuildError {}
