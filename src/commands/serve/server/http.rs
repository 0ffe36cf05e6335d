//! The HTTP side: request loop, Host check, routing of request paths to built files and
//! the server's own endpoints under `/__statusgen/`.

use super::reload::inject;
use super::{Built, LONG_POLL, MAX_POLLS, MAX_WORKERS, RESERVED_PREFIX, Shared, State, TICK, lock};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub(super) fn serve_loop(shared: &Arc<Shared>, server: tiny_http::Server) {
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

pub(super) struct WorkerGuard<'a>(&'a AtomicUsize);

impl Drop for WorkerGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `localhost` or a loopback address.
pub(super) fn is_loopback_name(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether a request's `Host` header names this server: loopback, the bound address, or (with
/// `--allow-remote`) any IP address. Other names are what DNS rebinding sends, so they get 403.
pub(super) fn host_allowed(shared: &Shared, host: Option<&str>) -> bool {
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

pub(super) fn handle(shared: &Shared, request: tiny_http::Request) {
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
pub(super) struct Reply {
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

pub(super) fn to_response(r: Reply) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
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
pub(super) fn route(shared: &Shared, url: &str) -> Reply {
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

pub(super) fn file_reply(status: u16, key: &str, bytes: &[u8], version: u64) -> Reply {
    let ct = content_type(key);
    if ct.starts_with("text/html") {
        Reply::new(status, ct, inject(bytes, version))
    } else {
        Reply::new(status, ct, bytes.to_vec())
    }
}

pub(super) fn not_found(site: &Built, have_site: bool, version: u64) -> Reply {
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
pub(super) fn reserved(shared: &Shared, name: &str, query: Option<&str>) -> Reply {
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

pub(super) fn status_reply(st: &State) -> Reply {
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

/// Decodes `%XX` escapes; `None` for a malformed escape.
pub(super) fn percent_decode(s: &str) -> Option<Vec<u8>> {
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
pub(super) fn clean_path(raw: &str) -> Option<String> {
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
pub(super) enum Resolved {
    /// A key of the file map.
    File(String),
    Redirect(u16, String),
    NotFound,
}

/// Maps a clean decoded path to a file, a redirect or nothing. `raw_path` and `query` are the
/// request's own, reused in redirects.
pub(super) fn resolve(path: &str, raw_path: &str, query: Option<&str>, site: &Built) -> Resolved {
    let base = site.base_path.as_str();
    if base != "/" && (path == "/" || format!("{path}/") == base) {
        return Resolved::Redirect(302, site.base_href.clone());
    }
    let Some(rel) = path.strip_prefix(base) else {
        return Resolved::NotFound;
    };
    // No hidden path is answered (`/.git/config`, `/static/.env`), whatever the build holds;
    // that includes the `.nojekyll` the build writes for GitHub Pages (no browser needs it).
    if rel.split('/').any(crate::confine::is_hidden) {
        return Resolved::NotFound;
    }
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
