//! The HTTP side: Host check, routing of request paths to built files and the server's own
//! endpoints under `/__statusgen/` (connections and request heads are `conn`'s).

use super::reload::inject;
use super::{Built, LONG_POLL, MAX_POLLS, RESERVED_PREFIX, Shared, State, lock};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Gives back one of a count when dropped.
pub(super) struct WorkerGuard<'a>(pub(super) &'a AtomicUsize);

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

/// Answers one request: the Host check, then GET and HEAD only.
pub(super) fn handle(shared: &Shared, head: &Head) -> Reply {
    let mut hosts = head
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("Host"));
    let host = hosts.next().map(|(_, v)| v.as_str());
    if hosts.next().is_some() {
        return Reply::text(400, "bad request: more than one Host header");
    }
    // HTTP/1.1 requires a Host header (RFC 9112, section 3.2); HTTP/1.0 may leave it out, and
    // is answered: only a client on this machine reaches a loopback bind, and a browser (what
    // DNS rebinding drives) always sends one.
    if host.is_none() && head.minor >= 1 {
        return Reply::text(400, "bad request: an HTTP/1.1 request needs a Host header");
    }
    if !host_allowed(shared, host) {
        return Reply::text(
            403,
            "forbidden: this preview answers only requests addressed to localhost or its own address",
        );
    }
    match head.method.as_str() {
        "GET" | "HEAD" => route(shared, &head.target),
        _ => Reply::text(405, "method not allowed").header("Allow", "GET, HEAD"),
    }
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

    pub(super) fn text(status: u16, text: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }

    fn redirect(status: u16, location: String) -> Reply {
        Reply::text(status, &format!("see {location}")).header("Location", &location)
    }

    pub(super) fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// The bytes of a reply as sent: the head (tiny_http writes the status line, `Date`, `Server`,
/// the headers and `Content-Length`; `connection`, if any, is added, as tiny_http leaves a
/// `Connection` header out), and the body.
pub(super) fn serialize(r: Reply, minor: u8, connection: Option<&str>) -> (Vec<u8>, Vec<u8>) {
    let mut resp = tiny_http::Response::from_data(Vec::new()).with_status_code(r.status);
    let length = r.body.len().to_string();
    let fixed = [
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Length", length.as_str()),
    ];
    let all = r.headers.iter().map(|(n, v)| (*n, v.as_str())).chain(fixed);
    for (name, value) in all {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            resp.add_header(h);
        }
    }
    let mut head = Vec::new();
    // The body is not passed: only the head is written here. No request headers are passed
    // either: a `TE` header would choose chunked encoding, and every reply has a known length.
    let _ = resp.raw_print(&mut head, tiny_http::HTTPVersion(1, minor), &[], true, None);
    if let Some(c) = connection
        && head.ends_with(b"\r\n\r\n")
    {
        head.truncate(head.len() - 2);
        head.extend_from_slice(format!("Connection: {c}\r\n\r\n").as_bytes());
    }
    (head, r.body)
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

/// A parsed request head.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Head {
    pub method: String,
    /// The request target as sent.
    pub target: String,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor: u8,
    pub headers: Vec<(String, String)>,
}

impl Head {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the client wants the connection kept open after the response.
    pub(super) fn keep_alive(&self) -> bool {
        let connection = self.header("Connection").unwrap_or("").to_ascii_lowercase();
        let has = |t: &str| connection.split(',').any(|p| p.trim() == t);
        if has("close") || has("upgrade") {
            return false;
        }
        self.minor >= 1 || has("keep-alive")
    }

    /// Whether a body follows the head (never read: the connection is closed after the answer).
    pub(super) fn has_body(&self) -> bool {
        self.header("Transfer-Encoding").is_some()
            || self
                .header("Content-Length")
                .is_some_and(|l| l.trim() != "0")
    }
}
