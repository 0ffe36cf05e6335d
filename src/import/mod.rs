//! Importers: snapshots made from other sources instead of by hand.
//!
//! * [`gateway`]: Gateway API conformance reports, month by month from a gateway-api clone;
//! * [`history`]: one markdown file's history in a git repository, one snapshot per month;
//! * [`csv`]: the long CSV of `statusgen export --format csv`, back into snapshots;
//! * [`git`]: read-only git access through the `git` command, shared by importers;
//! * [`write`]: generated front matter, the per-file decision and the atomic writes;
//! * [`config`]: the `import:` section of `content/site.yaml`.

pub mod csv;
pub mod gateway;
pub mod generated;
pub mod git;
pub mod history;
pub mod settings;

/// Upstream text made safe to print on a terminal or in a CI log: control characters
/// (newlines, escapes) are shown as `\u{..}`, so a report cannot start a line of its own
/// (`::error …` workflow commands) or steer the terminal.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Why an import stopped. Mapped to exit codes by the command.
#[derive(Debug)]
pub enum ImportError {
    /// The configuration lacks what the importer needs, or is invalid (exit 1).
    Config(String),
    /// The input file cannot be read as what it should be (exit 1).
    Input(String),
    /// Writing would overwrite something statusgen must not (exit 1).
    Refused(String),
    /// The source repository cannot be read (exit 2).
    Git(git::GitError),
    /// Reading or writing files failed (exit 2).
    Io(crate::error::IoError),
    /// A generated file did not read back as written: a statusgen bug (exit 2).
    Bug(String),
}

impl ImportError {
    /// The exit code of an import that stopped with this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            ImportError::Config(_) | ImportError::Input(_) | ImportError::Refused(_) => {
                crate::error::EXIT_CONTENT
            }
            ImportError::Git(_) | ImportError::Io(_) | ImportError::Bug(_) => {
                crate::error::EXIT_USAGE
            }
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Config(s) | ImportError::Input(s) | ImportError::Refused(s) => {
                f.write_str(s)
            }
            ImportError::Io(e) => write!(f, "{e}"),
            ImportError::Git(e) => write!(f, "{e}"),
            ImportError::Bug(s) => write!(
                f,
                "a generated snapshot does not read back as written; please report this as a statusgen bug:\n{s}"
            ),
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Io(e) => Some(e),
            ImportError::Git(e) => Some(e),
            _ => None,
        }
    }
}
