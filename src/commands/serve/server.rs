//! `statusgen serve`: a local preview server. It builds the site in memory (read → theme →
//! render, nothing is written to `output/`), serves the rendered files under the site's base
//! path, watches `content/` and `themes/` (also when made after the start) and
//! rebuilds on change. Served HTML pages get a small script that long-polls
//! `/__statusgen/version` and reloads the page after a good build, or shows the build errors
//! (`/__statusgen/status`) in an overlay while the last good site stays served. Request paths are decoded and checked strictly and only ever looked up in
//! the in-memory file map, so nothing outside the built site can be answered.
//!
//! Connections are bounded ([`Limits`]): how many at once, how big and how slow a request head
//! may be, how long an idle connection stays open.
//!
//! This file holds the options, the shared state and start/stop; the parts live in
//! `watch` (what changed, debounce), `rebuild` (build in memory, publish), `conn`
//! (connections, request heads, bounds; tiny_http writes the responses), `http` (Host check,
//! routing) and `reload` (the injected live-reload script).

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

mod conn;
mod error;
mod http;
mod rebuild;
mod reload;
mod watch;

use conn::accept_loop;
pub use error::{ServeError, WatchError};
pub use http::content_type;
use http::is_loopback_name;
use rebuild::rebuild;
use watch::{Fingerprint, SharedWatcher, fingerprint, watch, watch_loop};

/// Paths under this prefix are the server's own (live reload, status), at any base path.
pub const RESERVED_PREFIX: &str = "/__statusgen/";
/// How long a `/__statusgen/version?since=N` request waits for a new build.
pub const LONG_POLL: Duration = Duration::from_secs(25);
/// How long the watcher waits with no new event before it rebuilds: a burst of changes (an
/// editor writing a temporary file and renaming it over the snapshot) settles within a few
/// milliseconds, and every further event in a burst starts this wait again.
pub const QUIET: Duration = Duration::from_millis(15);
/// The longest a burst is waited for: changes that never pause (a tool rewriting many files)
/// still get a rebuild this long after the first event, and another after the next burst.
pub const MAX_SETTLE: Duration = Duration::from_millis(400);
/// Live-reload long polls held open at once; more are answered 503 at once (the page's script
/// retries after two seconds), so ordinary requests always find a connection place
/// ([`Limits::max_connections`] is larger).
pub const MAX_POLLS: usize = 16;
/// How often blocking loops look at the stop flag.
const TICK: Duration = Duration::from_millis(100);

/// Bounds on connections, so that no client can make the server hold unbounded memory or
/// threads (see `conn`). The defaults suit browsers on the same machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Connections served at once, each on its own thread. When all are taken, the one that has
    /// waited longest for its next request is closed to make room; when every one is answering
    /// a request, a new connection gets 503.
    pub max_connections: usize,
    /// Bytes in a request head (request line and headers); more get 431 (414 for a request
    /// line alone that long) and the connection is closed.
    pub max_head_bytes: usize,
    /// Header lines in a request head; more get 431.
    pub max_headers: usize,
    /// How long a connection may stay open with no request begun.
    pub idle_timeout: Duration,
    /// How long a request head may take to arrive once its first byte has.
    pub head_timeout: Duration,
    /// How long writing one response may take (a client that does not read).
    pub write_timeout: Duration,
}

impl Default for Limits {
    /// 64 connections (a browser opens up to six per site, and one long poll per open page;
    /// polls are capped at [`MAX_POLLS`]); a request head of 32 KiB and 100 header lines
    /// (browsers send under 2 KiB and about 20 lines, but every tool on localhost can add
    /// cookies there; nginx allows 32 KiB, Apache 100 lines); 15 s idle, 10 s for a head to
    /// arrive, 30 s to write a response.
    fn default() -> Limits {
        Limits {
            max_connections: 64,
            max_head_bytes: 32 * 1024,
            max_headers: 100,
            idle_timeout: Duration::from_secs(15),
            head_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(30),
        }
    }
}

/// Where the server's messages (build errors, rebuilds) go.
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// Options of [`start`].
#[derive(Clone)]
pub struct ServeOptions {
    /// The site root (holds `content/`, maybe `themes/`).
    pub root: PathBuf,
    /// Address to listen on; `127.0.0.1` unless chosen otherwise.
    pub bind: String,
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// How many ports after `port` to try, in order, when it is taken (the default port); 0
    /// fails at once (a port the user chose).
    pub next_ports: u16,
    /// Overrides the config's `base_url`; its path is where the site is served.
    pub base_url: Option<String>,
    /// Allows a `bind` address other than loopback (the preview is then reachable from other
    /// machines; a warning is logged).
    pub allow_remote: bool,
    /// Receives build errors, warnings and rebuild notes.
    pub log: Log,
    /// Bounds on connections.
    pub limits: Limits,
}

impl ServeOptions {
    /// Defaults: 127.0.0.1:8000, the config's base URL, messages to stderr.
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            bind: "127.0.0.1".into(),
            port: 8000,
            next_ports: 0,
            base_url: None,
            allow_remote: false,
            log: Arc::new(|s: &str| {
                use std::io::Write;
                let _ = writeln!(std::io::stderr(), "{s}");
            }),
            limits: Limits::default(),
        }
    }
}

/// One successful build, as served.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Built {
    /// Shared with the server's incremental state: a rebuild copies only the pages it renders.
    files: BTreeMap<String, Arc<Vec<u8>>>,
    /// Path part of the base URL, decoded, starting and ending with '/'.
    base_path: String,
    /// The base path as it appears in URLs (for redirects).
    base_href: String,
}

struct State {
    /// Changes whenever what a browser should show changes (new site or new error).
    version: u64,
    site: Arc<Built>,
    /// Whether `site` comes from a build (false until the first good one).
    have_site: bool,
    error: Option<String>,
}

struct Shared {
    root: PathBuf,
    base_url: Option<String>,
    /// The address listened on, and whether other machines may use it (`--allow-remote`).
    bound: IpAddr,
    allow_remote: bool,
    /// What content/ and themes/ held at the last build; a rebuild needs a change to it.
    fingerprint: Mutex<Fingerprint>,
    /// What the last build found, for the next one to reuse.
    incremental: Mutex<crate::pipeline::Incremental>,
    polls: AtomicUsize,
    state: Mutex<State>,
    changed: Condvar,
    stop: Arc<AtomicBool>,
    limits: Limits,
    log: Log,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running server. Dropping it stops the server too.
pub struct ServerHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    /// The thread accepting connections, and the watch thread.
    accept: Option<JoinHandle<()>>,
    watching: Option<JoinHandle<()>>,
    watcher: Option<SharedWatcher>,
}

impl ServerHandle {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of the site's home page, e.g. `http://127.0.0.1:8000/repo/`.
    pub fn url(&self) -> String {
        let base = lock(&self.shared.state).site.base_href.clone();
        format!("http://{}{}", self.addr, base)
    }

    /// Whether content/ and themes/ are watched (false when the watcher could not start).
    pub fn watching(&self) -> bool {
        self.watcher.is_some()
    }

    /// The flag that stops the server when set (for a signal handler).
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.shared.stop)
    }

    /// Blocks until the stop flag is set, then shuts down.
    pub fn wait(mut self) {
        while !self.shared.stop.load(Ordering::SeqCst) {
            std::thread::sleep(TICK);
        }
        self.shutdown();
    }

    /// Stops serving and watching and waits for the server threads.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.changed.notify_all();
        self.watcher = None;
        if let Some(t) = self.accept.take() {
            // The accept loop blocks in accept(): a connection wakes it to see the flag. If none
            // can be made, the thread is left to end with the process.
            let port = self.addr.port();
            let to = match self.addr.ip() {
                IpAddr::V4(ip) if ip.is_unspecified() => (Ipv4Addr::LOCALHOST, port).into(),
                IpAddr::V6(ip) if ip.is_unspecified() => (Ipv6Addr::LOCALHOST, port).into(),
                _ => self.addr,
            };
            if TcpStream::connect_timeout(&to, Duration::from_secs(2)).is_ok() {
                let _ = t.join();
            }
        }
        if let Some(t) = self.watching.take() {
            let _ = t.join();
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Builds the site once, binds, and starts serving and watching in background threads.
/// Errors (no content directory, address in use) are messages for the user; a failing first
/// build is not an error: it is logged and shown in the browser until fixed.
pub fn start(opts: ServeOptions) -> Result<ServerHandle, ServeError> {
    let content = opts.root.join("content");
    if !content.is_dir() {
        return Err(ServeError::NoContent(content));
    }
    if let Some(b) = &opts.base_url {
        crate::config::vet_url(b).map_err(ServeError::BaseUrl)?;
    }
    let loopback = is_loopback_name(&opts.bind);
    if !loopback && !opts.allow_remote {
        return Err(ServeError::Remote(opts.bind.clone()));
    }
    let mut port = opts.port;
    let listener = loop {
        match TcpListener::bind((opts.bind.as_str(), port)) {
            Ok(l) => break l,
            Err(e)
                if e.kind() == std::io::ErrorKind::AddrInUse
                    && port < opts.port.saturating_add(opts.next_ports) =>
            {
                port += 1;
            }
            Err(source) => {
                return Err(ServeError::Listen {
                    bind: opts.bind.clone(),
                    port,
                    source,
                });
            }
        }
    };
    if port != opts.port {
        (opts.log)(&format!(
            "port {} is in use (another preview?); using port {port} instead",
            opts.port
        ));
    }
    let addr = listener.local_addr().map_err(|source| ServeError::Listen {
        bind: opts.bind.clone(),
        port: opts.port,
        source,
    })?;
    let start_version = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(1);
    if !loopback {
        (opts.log)(&format!(
            "warning: listening on {addr}, reachable from other machines (--allow-remote); the preview has no access control"
        ));
    }
    let shared = Arc::new(Shared {
        root: opts.root.clone(),
        base_url: opts.base_url.clone(),
        bound: addr.ip(),
        allow_remote: opts.allow_remote,
        fingerprint: Mutex::new(Fingerprint::default()),
        incremental: Mutex::new(crate::pipeline::Incremental::new()),
        polls: AtomicUsize::new(0),
        state: Mutex::new(State {
            version: start_version,
            site: Arc::new(Built {
                base_path: "/".into(),
                base_href: "/".into(),
                ..Built::default()
            }),
            have_site: false,
            error: None,
        }),
        changed: Condvar::new(),
        stop: Arc::new(AtomicBool::new(false)),
        limits: opts.limits.clone(),
        log: opts.log.clone(),
    });
    *lock(&shared.fingerprint) =
        fingerprint(&shared.root, &Fingerprint::default(), &BTreeSet::new());
    rebuild(&shared, None);

    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let watcher = match watch(&opts.root, tx) {
        Ok(w) => Some(w),
        Err(e) => {
            (shared.log)(&format!(
                "warning: cannot watch {}: {e}; pages will not rebuild on change",
                content.display()
            ));
            None
        }
    };
    let s = Arc::clone(&shared);
    let accept = std::thread::Builder::new()
        .name("statusgen-serve".into())
        .spawn(move || accept_loop(&s, listener))
        .map_err(|source| ServeError::Thread {
            what: "server",
            source,
        })?;
    let s = Arc::clone(&shared);
    let w = watcher.clone();
    let watching = std::thread::Builder::new()
        .name("statusgen-watch".into())
        .spawn(move || watch_loop(&s, w, rx))
        .map_err(|source| ServeError::Thread {
            what: "watcher",
            source,
        })?;
    Ok(ServerHandle {
        addr,
        shared,
        accept: Some(accept),
        watching: Some(watching),
        watcher,
    })
}

#[cfg(test)]
mod tests {
    use super::http::*;
    use super::rebuild::changed_pages;
    use super::reload::*;
    use super::*;

    #[test]
    fn clean_paths() {
        assert_eq!(clean_path("/").as_deref(), Some("/"));
        assert_eq!(clean_path("/geps/1742/").as_deref(), Some("/geps/1742/"));
        assert_eq!(clean_path("/a%20b.html").as_deref(), Some("/a b.html"));
        for bad in [
            "",
            "geps/",
            "//etc/passwd",
            "/../Cargo.toml",
            "/a/../b",
            "/a/./b",
            "/..",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/..%2fCargo.toml",
            "/a%2Fb",
            "/static/..%5c..%5cCargo.toml",
            "/a\\b",
            "/a%00b",
            "/a%0ab",
            "/a%zz",
            "/a%4",
            "/%ff",
            "/a//b",
        ] {
            assert_eq!(clean_path(bad), None, "{bad:?}");
        }
    }

    fn site(base: &str) -> Built {
        let files = [
            "index.html",
            "geps/1742/index.html",
            "static/style.css",
            ".nojekyll",
            "static/.git/config",
            ".hidden/index.html",
        ]
        .iter()
        .map(|k| (k.to_string(), Arc::new(Vec::new())))
        .collect();
        Built {
            files,
            base_path: base.into(),
            base_href: base.into(),
        }
    }

    #[test]
    fn resolves() {
        let s = site("/");
        let r = |p: &str| resolve(p, p, None, &s);
        assert_eq!(r("/"), Resolved::File("index.html".into()));
        assert_eq!(
            r("/geps/1742/"),
            Resolved::File("geps/1742/index.html".into())
        );
        assert_eq!(
            r("/geps/1742"),
            Resolved::Redirect(301, "/geps/1742/".into())
        );
        assert_eq!(
            resolve("/geps/1742", "/geps/1742", Some("a=1"), &s),
            Resolved::Redirect(301, "/geps/1742/?a=1".into())
        );
        assert_eq!(
            r("/static/style.css"),
            Resolved::File("static/style.css".into())
        );
        assert_eq!(r("/geps/"), Resolved::NotFound);
        assert_eq!(r("/nope"), Resolved::NotFound);
        // No hidden path is answered, even one the build holds.
        for hidden in [
            "/.nojekyll",
            "/static/.git/config",
            "/.hidden/",
            "/.hidden",
            "/.git/config",
        ] {
            assert_eq!(r(hidden), Resolved::NotFound, "{hidden}");
        }
        let s = site("/repo/");
        let r = |p: &str| resolve(p, p, None, &s);
        assert_eq!(r("/"), Resolved::Redirect(302, "/repo/".into()));
        assert_eq!(r("/repo"), Resolved::Redirect(302, "/repo/".into()));
        assert_eq!(r("/repo/"), Resolved::File("index.html".into()));
        assert_eq!(r("/static/style.css"), Resolved::NotFound);
        assert_eq!(
            r("/repo/static/style.css"),
            Resolved::File("static/style.css".into())
        );
    }

    #[test]
    fn injects_before_last_body_close() {
        let out = inject(b"<html><body>x</BODY></html>", 7);
        let out = String::from_utf8(out).unwrap();
        let script = out.find("<script>").unwrap();
        assert!(script < out.find("</BODY>").unwrap());
        assert!(out.contains("var v = 7,"));
        let out = String::from_utf8(inject(b"plain", 1)).unwrap();
        assert!(out.starts_with("plain<script>"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("charts/x.svg"), "image/svg+xml");
        assert_eq!(content_type("feed.xml"), "application/xml");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
        assert_eq!(content_type("Makefile"), "application/octet-stream");
    }

    #[test]
    fn changed_pages_counts_added_edited_and_removed_html_only() {
        let site = |files: &[(&str, &str)]| Built {
            files: files
                .iter()
                .map(|(k, v)| (k.to_string(), Arc::new(v.as_bytes().to_vec())))
                .collect(),
            ..Built::default()
        };
        let old = site(&[
            ("index.html", "a"),
            ("2024-01/index.html", "b"),
            ("gone.html", "c"),
            ("style.css", "x"),
        ]);
        assert_eq!(changed_pages(&old, &old), 0);
        let new = site(&[
            ("index.html", "a"),
            ("2024-01/index.html", "B"),
            ("new.html", "d"),
            ("style.css", "y"),
        ]);
        // 2024-01 edited, new.html added, gone.html removed; the stylesheet is not a page.
        assert_eq!(changed_pages(&old, &new), 3);
    }
}
