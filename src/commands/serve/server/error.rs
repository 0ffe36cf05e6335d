//! Why the preview server could not start, and why content/ and themes/ cannot be watched:
//! each failure of the operating system keeps its `io::Error` (or notify's error) as the
//! source, so a caller can still ask its kind (`AddrInUse`, `PermissionDenied`).

use crate::error::EXIT_USAGE;
use std::path::PathBuf;

/// Why [`start`](super::start) did not start a server. Every one is a usage error (exit 2):
/// [`ServeError::exit_code`] says so in one place.
#[derive(Debug)]
pub enum ServeError {
    /// The root holds no `content/` folder (the path is that folder's).
    NoContent(PathBuf),
    /// `--base-url` is not an http(s) or relative URL: why not.
    BaseUrl(String),
    /// A non-loopback bind address without `--allow-remote`.
    Remote(String),
    /// The address cannot be listened on.
    Listen {
        bind: String,
        port: u16,
        source: std::io::Error,
    },
    /// A server thread cannot be started; `what` names it ("server", "watcher").
    Thread {
        what: &'static str,
        source: std::io::Error,
    },
}

impl ServeError {
    /// The exit code of `statusgen serve` when the server did not start.
    pub fn exit_code(&self) -> i32 {
        match self {
            ServeError::NoContent(_)
            | ServeError::BaseUrl(_)
            | ServeError::Remote(_)
            | ServeError::Listen { .. }
            | ServeError::Thread { .. } => EXIT_USAGE,
        }
    }
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::NoContent(content) => write!(
                f,
                "no content directory at {}; run statusgen serve in a site (or pass --root)",
                content.display()
            ),
            ServeError::BaseUrl(why) => write!(f, "--base-url: {why}"),
            ServeError::Remote(bind) => write!(
                f,
                "refusing to listen on {bind}: the preview would be reachable from other machines; use 127.0.0.1 (the default), or pass --allow-remote if that is what you want"
            ),
            ServeError::Listen { bind, port, source } => {
                write!(f, "cannot listen on {bind}:{port}: {source}")
            }
            ServeError::Thread { what, source } => {
                write!(f, "cannot start the {what} thread: {source}")
            }
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Listen { source, .. } | ServeError::Thread { source, .. } => Some(source),
            ServeError::NoContent(_) | ServeError::BaseUrl(_) | ServeError::Remote(_) => None,
        }
    }
}

/// Why a folder cannot be watched: the watcher could not be made (no path), or one folder
/// cannot be watched; notify's error is the source.
#[derive(Debug)]
pub struct WatchError {
    pub path: Option<PathBuf>,
    pub source: notify::Error,
}

impl std::fmt::Display for WatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", p.display(), self.source),
            None => write!(f, "{}", self.source),
        }
    }
}

impl std::error::Error for WatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn a_listen_failure_keeps_its_kind_and_says_the_address() {
        let e = ServeError::Listen {
            bind: "127.0.0.1".into(),
            port: 8000,
            source: std::io::Error::from(std::io::ErrorKind::AddrInUse),
        };
        assert_eq!(e.exit_code(), EXIT_USAGE);
        assert!(
            e.to_string()
                .starts_with("cannot listen on 127.0.0.1:8000: ")
        );
        let kind = e
            .source()
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .map(std::io::Error::kind);
        assert_eq!(kind, Some(std::io::ErrorKind::AddrInUse));
    }
}
