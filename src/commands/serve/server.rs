//! `statusgen serve`: a local preview server. It builds the site in memory (read → theme →
//! render, nothing is written to `output/`), serves the rendered files with tiny_http under the
//! site's base path, watches `content/` and `themes/` and rebuilds on change. Served HTML pages
//! get a small script that long-polls `/__statusgen/version` and reloads the page after a good
//! build, or shows the build errors (`/__statusgen/status`) in an overlay while the last good
//! site stays served. Request paths are decoded and checked strictly and only ever looked up in
//! the in-memory file map, so nothing outside the built site can be answered.

use crate::diag::{Diagnostics, Format};
use crate::present::urls::Urls;
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Paths under this prefix are the server's own (live reload, status), at any base path.
pub const RESERVED_PREFIX: &str = "/__statusgen/";
/// How long a `/__statusgen/version?since=N` request waits for a new build.
pub const LONG_POLL: Duration = Duration::from_secs(25);
/// How long the watcher waits for changes to settle before rebuilding.
pub const DEBOUNCE: Duration = Duration::from_millis(150);
/// Requests handled at once (each on its own thread); more are answered 503.
const MAX_WORKERS: usize = 64;
/// Live-reload long polls held open at once; more are answered 503 at once (the page's script
/// retries after two seconds), so ordinary requests always find a free worker.
pub const MAX_POLLS: usize = 16;
/// How often blocking loops look at the stop flag.
const TICK: Duration = Duration::from_millis(100);

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
    /// Overrides the config's `base_url`; its path is where the site is served.
    pub base_url: Option<String>,
    /// Allows a `bind` address other than loopback (the preview is then reachable from other
    /// machines; a warning is logged).
    pub allow_remote: bool,
    /// Receives build errors, warnings and rebuild notes.
    pub log: Log,
}

impl ServeOptions {
    /// Defaults: 127.0.0.1:8000, the config's base URL, messages to stderr.
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            bind: "127.0.0.1".into(),
            port: 8000,
            base_url: None,
            allow_remote: false,
            log: Arc::new(|s: &str| {
                use std::io::Write;
                let _ = writeln!(std::io::stderr(), "{s}");
            }),
        }
    }
}

/// One successful build, as served.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Built {
    files: BTreeMap<String, Vec<u8>>,
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
    polls: AtomicUsize,
    state: Mutex<State>,
    changed: Condvar,
    stop: Arc<AtomicBool>,
    workers: AtomicUsize,
    log: Log,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running server. Dropping it stops the server too.
pub struct ServerHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
    watcher: Option<notify::RecommendedWatcher>,
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
        for t in self.threads.drain(..) {
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
pub fn start(opts: ServeOptions) -> Result<ServerHandle, String> {
    let content = opts.root.join("content");
    if !content.is_dir() {
        return Err(format!(
            "no content directory at {}; run statusgen serve in a site (or pass --root)",
            content.display()
        ));
    }
    if let Some(b) = &opts.base_url {
        crate::config::vet_url(b).map_err(|why| format!("--base-url: {why}"))?;
    }
    let loopback = is_loopback_name(&opts.bind);
    if !loopback && !opts.allow_remote {
        return Err(format!(
            "refusing to listen on {}: the preview would be reachable from other machines; use 127.0.0.1 (the default), or pass --allow-remote if that is what you want",
            opts.bind
        ));
    }
    let server = tiny_http::Server::http((opts.bind.as_str(), opts.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| format!("cannot listen on {}:{}", opts.bind, opts.port))?;
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
        workers: AtomicUsize::new(0),
        log: opts.log.clone(),
    });
    *lock(&shared.fingerprint) = fingerprint(&shared.root);
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
    let mut threads = Vec::new();
    let s = Arc::clone(&shared);
    threads.push(
        std::thread::Builder::new()
            .name("statusgen-serve".into())
            .spawn(move || serve_loop(&s, server))
            .map_err(|e| format!("cannot start the server thread: {e}"))?,
    );
    let s = Arc::clone(&shared);
    threads.push(
        std::thread::Builder::new()
            .name("statusgen-watch".into())
            .spawn(move || watch_loop(&s, rx))
            .map_err(|e| format!("cannot start the watcher thread: {e}"))?,
    );
    Ok(ServerHandle {
        addr,
        shared,
        threads,
        watcher,
    })
}

fn watch(
    root: &Path,
    tx: mpsc::Sender<notify::Result<notify::Event>>,
) -> Result<notify::RecommendedWatcher, String> {
    let mut watcher = notify::recommended_watcher(move |e| {
        let _ = tx.send(e);
    })
    .map_err(|e| e.to_string())?;
    for dir in [root.join("content"), root.join("themes")] {
        if dir.is_dir() {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", dir.display()))?;
        }
    }
    Ok(watcher)
}

/// Every file under content/ and themes/: site-relative path → (length, hash of the bytes).
/// Two equal fingerprints mean nothing a build reads has changed.
type Fingerprint = BTreeMap<String, (u64, u64)>;

fn fingerprint(root: &Path) -> Fingerprint {
    use std::hash::{Hash, Hasher};
    let mut out = Fingerprint::new();
    for dir in ["content", "themes"] {
        for e in walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if e.file_type().is_dir() {
                continue;
            }
            // Unreadable files still count, so a change in readability is noticed.
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            let mut h = std::hash::DefaultHasher::new();
            bytes.hash(&mut h);
            out.insert(
                crate::load::display_path(root, e.path()),
                (bytes.len() as u64, h.finish()),
            );
        }
    }
    out
}

/// Whether an event can mean changed bytes: reads (opening, closing, access) cannot, and
/// neither can the server's own builds, which only read.
fn may_change(e: &notify::Event) -> bool {
    !matches!(e.kind, EventKind::Access(_))
}

fn watch_loop(shared: &Shared, rx: mpsc::Receiver<notify::Result<notify::Event>>) {
    let canonical = shared.root.canonicalize().ok();
    let shown = |p: &Path| {
        let base = match &canonical {
            Some(c) if p.starts_with(c) => c.as_path(),
            _ => shared.root.as_path(),
        };
        crate::load::display_path(base, p)
    };
    while !shared.stop.load(Ordering::SeqCst) {
        let first = match rx.recv_timeout(TICK) {
            Ok(Ok(e)) if may_change(&e) => e.paths.first().map(|p| shown(p)),
            Ok(Ok(_)) => continue,
            Ok(Err(e)) => {
                (shared.log)(&format!("warning: watching files: {e}"));
                continue;
            }
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        // Let a burst of changes (an editor's save) settle; name a file that still exists
        // (not an editor's temporary file).
        let mut paths: Vec<String> = first.into_iter().collect();
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(Ok(e)) if may_change(&e) => paths.extend(e.paths.iter().map(|p| shown(p))),
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let first = paths
            .iter()
            .find(|p| shared.root.join(p).is_file())
            .or(paths.first())
            .cloned();
        let now = fingerprint(&shared.root);
        {
            let mut last = lock(&shared.fingerprint);
            if *last == now {
                continue;
            }
            *last = now;
        }
        rebuild(shared, first.as_deref());
    }
}

/// Builds the site in memory: files by site-relative path, and the base path.
fn build(root: &Path, base_url: Option<&str>) -> Result<(Built, Diagnostics), String> {
    let input = crate::pipeline::BuildInput {
        root: root.to_path_buf(),
        base_url: base_url.map(str::to_string),
        single_threaded: false,
    };
    let rendered = crate::pipeline::render(&input).map_err(|e| e.to_string())?;
    let base_href = Urls::new(&rendered.base_url)
        .base_path
        .unwrap_or_else(|| "/".into());
    let base_path = percent_decode(&base_href)
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_else(|| base_href.clone());
    let built = Built {
        files: rendered
            .files
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect(),
        base_path,
        base_href,
    };
    Ok((built, rendered.warnings))
}

/// Rebuilds and publishes the result; `cause` names the changed file, if any.
fn rebuild(shared: &Shared, cause: Option<&str>) {
    let t = Instant::now();
    let result = build(&shared.root, shared.base_url.as_deref());
    let ms = t.elapsed().as_millis();
    let mut st = lock(&shared.state);
    match result {
        Ok((built, warnings)) => {
            if !warnings.is_empty() {
                (shared.log)(crate::diag::render(&warnings, Format::Human).trim_end());
            }
            let pages = built.files.keys().filter(|k| k.ends_with(".html")).count();
            let what = match cause {
                Some(c) => format!("{c} changed; rebuilt"),
                None => "built".into(),
            };
            (shared.log)(&format!("{what} {pages} pages in {ms} ms"));
            let same = st.have_site && st.error.is_none() && *st.site == built;
            if !same {
                st.site = Arc::new(built);
                st.have_site = true;
                st.error = None;
                st.version = st.version.wrapping_add(1);
                shared.changed.notify_all();
            }
        }
        Err(msg) => {
            let msg = msg.trim_end().to_string();
            let keep = if st.have_site {
                "still serving the last good build"
            } else {
                "nothing to serve yet"
            };
            if st.error.as_deref() != Some(msg.as_str()) {
                // An error is printed once, not again while it stays the same.
                (shared.log)(&format!(
                    "{msg}\nbuild failed: {keep}; fix the errors above"
                ));
                st.error = Some(msg);
                st.version = st.version.wrapping_add(1);
                shared.changed.notify_all();
            }
        }
    }
}

fn serve_loop(shared: &Arc<Shared>, server: tiny_http::Server) {
    while !shared.stop.load(Ordering::SeqCst) {
        let request = match server.recv_timeout(TICK) {
            Ok(Some(r)) => r,
            Ok(None) => continue,
            Err(e) => {
                (shared.log)(&format!("warning: accepting a connection: {e}"));
                std::thread::sleep(TICK);
                continue;
            }
        };
        if shared.workers.fetch_add(1, Ordering::SeqCst) >= MAX_WORKERS {
            shared.workers.fetch_sub(1, Ordering::SeqCst);
            let _ = request.respond(to_response(Reply::text(503, "too many requests")));
            continue;
        }
        let s = Arc::clone(shared);
        let spawned = std::thread::Builder::new()
            .name("statusgen-request".into())
            .spawn(move || {
                let _guard = WorkerGuard(&s.workers);
                handle(&s, request);
            });
        if spawned.is_err() {
            // The request was dropped with the closure; its connection closes.
            shared.workers.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

struct WorkerGuard<'a>(&'a AtomicUsize);

impl Drop for WorkerGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `localhost` or a loopback address.
fn is_loopback_name(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether a request's `Host` header names this server: loopback, the bound address, or (with
/// `--allow-remote`) any IP address. Other names are what DNS rebinding sends, so they get 403.
fn host_allowed(shared: &Shared, host: Option<&str>) -> bool {
    let Some(host) = host else {
        // HTTP/1.0 clients may leave it out; browsers always send it.
        return true;
    };
    let name = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !h.ends_with(':') => h,
        _ => host,
    };
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    is_loopback_name(name)
        || bare
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip == shared.bound || shared.allow_remote)
}

fn handle(shared: &Shared, request: tiny_http::Request) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    if !host_allowed(shared, host.as_deref()) {
        let reply = Reply::text(
            403,
            "forbidden: this preview answers only requests addressed to localhost or its own address",
        );
        let _ = request.respond(to_response(reply));
        return;
    }
    let reply = match request.method() {
        tiny_http::Method::Get | tiny_http::Method::Head => route(shared, request.url()),
        _ => Reply::text(405, "method not allowed").header("Allow", "GET, HEAD"),
    };
    let _ = request.respond(to_response(reply));
}

/// A response before it becomes a tiny_http one.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    fn text(status: u16, text: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }

    fn redirect(status: u16, location: String) -> Reply {
        Reply::text(status, &format!("see {location}")).header("Location", &location)
    }

    fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }
}

fn to_response(r: Reply) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut resp = tiny_http::Response::from_data(r.body)
        .with_status_code(r.status)
        .with_chunked_threshold(usize::MAX);
    let fixed = [
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    let all = r.headers.iter().map(|(n, v)| (*n, v.as_str())).chain(fixed);
    for (name, value) in all {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            resp.add_header(h);
        }
    }
    resp
}

/// Answers one GET request for the raw request target `url`.
fn route(shared: &Shared, url: &str) -> Reply {
    let (raw_path, query) = match url.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url, None),
    };
    let raw_path = raw_path.split('#').next().unwrap_or_default();
    if let Some(name) = raw_path.strip_prefix(RESERVED_PREFIX) {
        return reserved(shared, name, query);
    }
    let (version, site, have_site) = {
        let st = lock(&shared.state);
        (st.version, Arc::clone(&st.site), st.have_site)
    };
    let Some(path) = clean_path(raw_path) else {
        return not_found(&site, have_site, version);
    };
    match resolve(&path, raw_path, query, &site) {
        Resolved::File(key) => match site.files.get(&key) {
            Some(bytes) => file_reply(200, &key, bytes, version),
            None => not_found(&site, have_site, version),
        },
        Resolved::Redirect(status, location) => Reply::redirect(status, location),
        Resolved::NotFound => not_found(&site, have_site, version),
    }
}

fn file_reply(status: u16, key: &str, bytes: &[u8], version: u64) -> Reply {
    let ct = content_type(key);
    if ct.starts_with("text/html") {
        Reply::new(status, ct, inject(bytes, version))
    } else {
        Reply::new(status, ct, bytes.to_vec())
    }
}

fn not_found(site: &Built, have_site: bool, version: u64) -> Reply {
    if let Some(page) = site.files.get("404.html") {
        return file_reply(404, "404.html", page, version);
    }
    let (status, text) = if have_site {
        (404, "Not found.")
    } else {
        (503, "No successful build yet: fix the errors shown below.")
    };
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>statusgen</title></head>\n<body><p>{text}</p></body></html>\n"
    );
    Reply::new(
        status,
        "text/html; charset=utf-8",
        inject(html.as_bytes(), version),
    )
}

/// The server's own endpoints: `status` (now) and `version?since=N` (long poll).
fn reserved(shared: &Shared, name: &str, query: Option<&str>) -> Reply {
    match name {
        "status" => status_reply(&lock(&shared.state)),
        "version" => {
            if shared.polls.fetch_add(1, Ordering::SeqCst) >= MAX_POLLS {
                shared.polls.fetch_sub(1, Ordering::SeqCst);
                return Reply::text(503, "too many live-reload pages open; retrying")
                    .header("Retry-After", "2");
            }
            let _guard = WorkerGuard(&shared.polls);
            let since = query
                .unwrap_or_default()
                .split('&')
                .find_map(|kv| kv.strip_prefix("since="))
                .and_then(|v| v.parse::<u64>().ok());
            let deadline = Instant::now() + LONG_POLL;
            let mut st = lock(&shared.state);
            while Some(st.version) == since && !shared.stop.load(Ordering::SeqCst) {
                let now = Instant::now();
                if now >= deadline {
                    break;
                }
                let wait = (deadline - now).min(Duration::from_millis(500));
                st = match shared.changed.wait_timeout(st, wait) {
                    Ok((g, _)) => g,
                    Err(e) => e.into_inner().0,
                };
            }
            status_reply(&st)
        }
        _ => Reply::text(404, "not found"),
    }
}

fn status_reply(st: &State) -> Reply {
    let body = serde_json::json!({
        "version": st.version,
        "ok": st.error.is_none(),
        "error": st.error,
    });
    Reply::new(200, "application/json", body.to_string().into_bytes())
}

/// The Content-Type for a site path, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The live-reload script, with the version the page was served at.
fn reload_script(version: u64) -> String {
    RELOAD_SCRIPT.replace("__VERSION__", &version.to_string())
}

const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var v = __VERSION__, box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("pre");
      box.id = "statusgen-error";
      box.setAttribute("style", "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;margin:0;padding:1rem;z-index:2147483647;background:#fff4f4;color:#700;border:2px solid #c00;border-radius:4px;font:13px/1.4 monospace;white-space:pre-wrap;box-shadow:0 2px 12px rgba(0,0,0,.3)");
      document.body.appendChild(box);
    }
    box.textContent = "statusgen: the build failed; this is the last good build.\n\n" + text;
  }
  function apply(s) {
    if (s.version !== v && s.ok) { location.reload(); return false; }
    v = s.version;
    if (s.ok) { if (box) { box.remove(); box = null; } } else { show(s.error || ""); }
    return true;
  }
  function get(url, next) {
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) { if (apply(s)) next(); })
      .catch(function () { setTimeout(next, 2000); });
  }
  function poll() { get("/__statusgen/version?since=" + v, poll); }
  get("/__statusgen/status", poll);
})();
</script>
"#;

/// Inserts the live-reload script before the last `</body>` (or at the end).
fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let script = reload_script(version);
    let needle = b"</body>";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Decodes `%XX` escapes; `None` for a malformed escape.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Checks and decodes a request path. `None` (answered 404) for anything that is not a plain
/// absolute path of normal segments: no `.`/`..` segments, no empty segments (`//etc`), no
/// backslash, NUL or control characters, no encoded `/` or `\`, valid UTF-8.
fn clean_path(raw: &str) -> Option<String> {
    if !raw.starts_with('/') || raw.contains("//") {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return None;
    }
    let decoded = String::from_utf8(percent_decode(raw)?).ok()?;
    if decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return None;
    }
    let rest = decoded.strip_prefix('/')?;
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        if *seg == "." || *seg == ".." || (seg.is_empty() && i != last) {
            return None;
        }
    }
    Some(decoded)
}

#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    /// A key of the file map.
    File(String),
    Redirect(u16, String),
    NotFound,
}

/// Maps a clean decoded path to a file, a redirect or nothing. `raw_path` and `query` are the
/// request's own, reused in redirects.
fn resolve(path: &str, raw_path: &str, query: Option<&str>, site: &Built) -> Resolved {
    let base = site.base_path.as_str();
    if base != "/" && (path == "/" || format!("{path}/") == base) {
        return Resolved::Redirect(302, site.base_href.clone());
    }
    let Some(rel) = path.strip_prefix(base) else {
        return Resolved::NotFound;
    };
    if rel.is_empty() || rel.ends_with('/') {
        let key = format!("{rel}index.html");
        return if site.files.contains_key(&key) {
            Resolved::File(key)
        } else {
            Resolved::NotFound
        };
    }
    if site.files.contains_key(rel) {
        return Resolved::File(rel.to_string());
    }
    if site.files.contains_key(&format!("{rel}/index.html")) {
        let mut location = format!("{raw_path}/");
        if let Some(q) = query {
            location.push('?');
            location.push_str(q);
        }
        return Resolved::Redirect(301, location);
    }
    Resolved::NotFound
}

#[cfg(test)]
mod tests {
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
        let files = ["index.html", "geps/1742/index.html", "static/style.css"]
            .iter()
            .map(|k| (k.to_string(), Vec::new()))
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
}
