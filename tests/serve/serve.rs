//! `statusgen serve`: the in-process server (port 0) on a temporary copy of the three-months
//! fixture, talked to with a tiny HTTP/1.1 client over `TcpStream`: pages, live rebuilds,
//! path traversal, the error status, base paths; and the CLI (busy port, Ctrl-C).

use crate::common::statusgen;
use statusgen::commands::serve::server::{ServeError, ServeOptions, ServerHandle, start};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tempfile::TempDir;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/three-months");
/// How soon an edit must show in served pages.
const RELOAD_WITHIN: Duration = Duration::from_secs(2);
const CILIUM_RR: &str = "| **Cilium**        | RR ";

fn fixture_copy() -> TempDir {
    crate::common::temp_copy(Path::new(FIXTURE))
}

fn serve(root: &Path, base_url: Option<&str>) -> ServerHandle {
    let mut opts = ServeOptions::new(root);
    opts.port = 0;
    opts.base_url = base_url.map(str::to_string);
    opts.log = Arc::new(|_: &str| {});
    start(opts).unwrap()
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// Sends `GET <target>` exactly as given (no normalisation) and reads the whole response.
fn get(addr: SocketAddr, target: &str) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("no header end");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size_text = std::str::from_utf8(&b[..end]).unwrap();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[end + 2..end + 2 + size]);
        b = &b[end + 2 + size + 2..];
    }
}

/// The code shown in the Cilium × GEP-1016 cell of a month page (`<td id=cilium-1016 …>RR`,
/// the end tag omitted: the cell runs to the next cell or the row's end).
fn cilium_1016(html: &str) -> String {
    let at = html.find("id=cilium-1016").expect("no cilium-1016 cell");
    let cell = &html[at..];
    let cell = &cell[..["<td", "<th", "</tr>", "\n"]
        .iter()
        .filter_map(|end| cell.find(end))
        .min()
        .unwrap_or(cell.len())];
    let text = &cell[cell.find('>').map_or(cell.len(), |i| i + 1)..];
    let code = &text[..text.find('<').unwrap_or(text.len())];
    ["RR", "PP", "C"]
        .iter()
        .find(|c| code.trim() == **c)
        .map(|c| c.to_string())
        .unwrap_or_default()
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {rel}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// Polls `check` until it holds or `within` has passed.
fn eventually(within: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if check() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serves_pages_with_reload_script_and_headers() {
    let dir = fixture_copy();
    let h = serve(dir.path(), None);
    assert_eq!(h.url(), format!("http://{}/", h.addr()));
    let r = get(h.addr(), "/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let html = r.text();
    let script = html.find("/__statusgen/version").expect("no reload script");
    assert!(script < html.rfind("</body>").unwrap());
    let r = get(h.addr(), "/2024-03/?x=1");
    assert_eq!(r.status, 200);
    assert_eq!(cilium_1016(&r.text()), "RR");
    for (path, ct) in [
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/feed.xml", "application/xml"),
        ("/data/history.json", "application/json"),
        ("/data/history.csv", "text/csv; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/charts/complete.svg", "image/svg+xml"),
    ] {
        let r = get(h.addr(), path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ct), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
        assert!(
            !r.text().contains("__statusgen"),
            "script injected in {path}"
        );
    }
    h.stop();
}

#[test]
fn directories_redirect_and_unknown_paths_get_the_404_page() {
    let dir = fixture_copy();
    let h = serve(dir.path(), None);
    let r = get(h.addr(), "/2024-03");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/2024-03/"));
    let r = get(h.addr(), "/geps/1742?a=b");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/geps/1742/?a=b"));
    let r = get(h.addr(), "/no/such/page/");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let page = std::str::from_utf8(&r.body).unwrap();
    assert!(
        page.contains("/__statusgen/version"),
        "404 page has no script"
    );
    let r = get(h.addr(), "/__statusgen/nothing");
    assert_eq!(r.status, 404);
    h.stop();
}

#[test]
fn edits_show_within_two_seconds() {
    let dir = fixture_copy();
    let h = serve(dir.path(), None);
    assert_eq!(cilium_1016(&get(h.addr(), "/2024-03/").text()), "RR");
    let before = get(h.addr(), "/__statusgen/status").json()["version"].clone();
    edit(
        dir.path(),
        "content/2024-03.md",
        CILIUM_RR,
        "| **Cilium**        | C  ",
    );
    assert!(
        eventually(RELOAD_WITHIN, || cilium_1016(
            &get(h.addr(), "/2024-03/").text()
        ) == "C"),
        "the edit did not show within {RELOAD_WITHIN:?}"
    );
    let status = get(h.addr(), "/__statusgen/status").json();
    assert_ne!(status["version"], before);
    assert_eq!(status["ok"], true);
    h.stop();
}

/// Sets a file's modification time, as `touch -r` or an editor restoring it would.
fn set_mtime(path: &Path, t: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

#[test]
fn a_same_size_edit_that_keeps_its_mtime_is_served() {
    let dir = fixture_copy();
    let path = dir.path().join("content/2024-03.md");
    // A checkout an hour old: the file's time is long settled when the server first hashes it.
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    set_mtime(&path, an_hour_ago);
    let h = serve(dir.path(), None);
    assert_eq!(cilium_1016(&get(h.addr(), "/2024-03/").text()), "RR");
    let len = std::fs::metadata(&path).unwrap().len();
    edit(
        dir.path(),
        "content/2024-03.md",
        CILIUM_RR,
        "| **Cilium**        | PP ",
    );
    set_mtime(&path, an_hour_ago);
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(meta.len(), len, "the edit must keep the size");
    assert_eq!(meta.modified().unwrap(), an_hour_ago, "and the mtime");
    assert!(
        eventually(RELOAD_WITHIN, || cilium_1016(
            &get(h.addr(), "/2024-03/").text()
        ) == "PP"),
        "a same-size edit with its mtime restored did not show within {RELOAD_WITHIN:?}"
    );
    h.stop();
}

#[test]
fn a_themes_folder_made_after_start_is_watched() {
    let dir = fixture_copy();
    let themes = dir.path().join("themes");
    assert!(!themes.exists(), "the fixture has no themes/");
    let h = serve(dir.path(), None);
    let css = || get(h.addr(), "/static/style.css").text();
    assert!(!css().contains("theme-made-later"));
    let st = themes.join("default/static");
    std::fs::create_dir_all(&st).unwrap();
    std::fs::write(st.join("style.css"), "/* theme-made-later */\n").unwrap();
    assert!(
        eventually(RELOAD_WITHIN, || css().contains("theme-made-later")),
        "a theme made while serving did not show within {RELOAD_WITHIN:?}"
    );
    // Removed and made again (a branch switch): still watched.
    std::fs::remove_dir_all(&themes).unwrap();
    assert!(
        eventually(RELOAD_WITHIN, || !css().contains("theme-made-later")),
        "removing themes/ did not show within {RELOAD_WITHIN:?}"
    );
    std::fs::create_dir_all(&st).unwrap();
    std::fs::write(st.join("style.css"), "/* theme-made-again */\n").unwrap();
    assert!(
        eventually(RELOAD_WITHIN, || css().contains("theme-made-again")),
        "a theme made again did not show within {RELOAD_WITHIN:?}"
    );
    h.stop();
}

#[test]
fn a_save_through_a_temporary_file_gives_one_rebuild_of_the_final_bytes() {
    let dir = fixture_copy();
    let lines = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut opts = ServeOptions::new(dir.path());
    opts.port = 0;
    let log = Arc::clone(&lines);
    opts.log = Arc::new(move |s: &str| log.lock().unwrap().push(s.to_string()));
    let h = start(opts).unwrap();
    let rebuilds = || {
        lines
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.contains("changed; rebuilt"))
            .cloned()
            .collect::<Vec<_>>()
    };
    // An editor's save: the new text goes to a temporary file beside the snapshot, in two
    // writes with a pause longer than the watcher's quiet time, then is renamed over it.
    let path = dir.path().join("content/2024-03.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(CILIUM_RR, "| **Cilium**        | C  ");
    let tmp = dir.path().join("content/.2024-03.md.tmp");
    let (head, tail) = text.split_at(text.len() / 2);
    let mut f = std::fs::File::create(&tmp).unwrap();
    f.write_all(head.as_bytes()).unwrap();
    f.sync_all().unwrap();
    std::thread::sleep(Duration::from_millis(100));
    f.write_all(tail.as_bytes()).unwrap();
    f.sync_all().unwrap();
    drop(f);
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        rebuilds().is_empty(),
        "a temporary file rebuilt: {:?}",
        rebuilds()
    );
    std::fs::rename(&tmp, &path).unwrap();
    assert!(
        eventually(RELOAD_WITHIN, || cilium_1016(
            &get(h.addr(), "/2024-03/").text()
        ) == "C"),
        "the save did not show within {RELOAD_WITHIN:?}"
    );
    // Time for a second rebuild to happen if the save caused one.
    std::thread::sleep(Duration::from_millis(500));
    let done = rebuilds();
    assert_eq!(done.len(), 1, "{done:?}");
    assert!(
        done[0].starts_with("content/2024-03.md changed; rebuilt"),
        "{done:?}"
    );
    // The rebuild was incremental: one snapshot parsed, fewer pages rendered than the site has.
    let (rendered, total) = done[0]
        .split_once("rebuilt ")
        .and_then(|(_, r)| r.split_once(" pages"))
        .and_then(|(n, _)| n.split_once(" of "))
        .map(|(a, b)| (a.parse::<usize>().unwrap(), b.parse::<usize>().unwrap()))
        .unwrap_or_else(|| panic!("{done:?}"));
    assert!(0 < rendered && rendered < total, "{done:?}");
    assert!(done[0].contains("(1 snapshot parsed)"), "{done:?}");
    h.stop();
}

#[test]
fn long_poll_answers_at_once_for_an_old_version_and_wakes_on_a_rebuild() {
    let dir = fixture_copy();
    let h = serve(dir.path(), None);
    let t = Instant::now();
    let status = get(h.addr(), "/__statusgen/version?since=0").json();
    assert!(t.elapsed() < Duration::from_secs(2));
    let version = status["version"].as_u64().unwrap();
    let addr = h.addr();
    let waiter = std::thread::spawn(move || {
        let t = Instant::now();
        let s = get(addr, &format!("/__statusgen/version?since={version}")).json();
        (s, t.elapsed())
    });
    std::thread::sleep(Duration::from_millis(300));
    edit(
        dir.path(),
        "content/2024-03.md",
        CILIUM_RR,
        "| **Cilium**        | PP ",
    );
    let (s, waited) = waiter.join().unwrap();
    assert_ne!(s["version"].as_u64(), Some(version));
    assert_eq!(s["ok"], true);
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");
    h.stop();
}

#[test]
fn traversal_requests_get_404() {
    let dir = fixture_copy();
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nsecret = 1\n").unwrap();
    std::fs::write(dir.path().join("content/secret.txt"), "secret").unwrap();
    let h = serve(dir.path(), None);
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "//etc/passwd",
        "/..%2fCargo.toml",
        "/static/..%5c..%5cCargo.toml",
        "/static/../../Cargo.toml",
        "/static/%2e%2e/%2e%2e/Cargo.toml",
        "/%2E%2E/Cargo.toml",
        "/./index.html",
        "/static\\..\\..\\Cargo.toml",
        "/index.html%00.css",
        "/content/secret.txt",
        "/Cargo.toml",
        "/etc/passwd",
        "/%",
        "http://example.org/etc/passwd",
    ] {
        let r = get(h.addr(), target);
        assert_eq!(r.status, 404, "{target}");
        let text = r.text();
        assert!(
            !text.contains("[package]") && !text.contains("root:") && !text.contains("secret"),
            "{target} leaked: {text}"
        );
    }
    h.stop();
}

#[test]
fn broken_snapshot_keeps_the_last_good_site_and_reports_the_error() {
    let dir = fixture_copy();
    let h = serve(dir.path(), None);
    let good = get(h.addr(), "/2024-03/").text();
    assert_eq!(cilium_1016(&good), "RR");
    assert_eq!(get(h.addr(), "/__statusgen/status").json()["ok"], true);
    edit(
        dir.path(),
        "content/2024-03.md",
        CILIUM_RR,
        "| **Cilium**        | ZZ ",
    );
    let mut status = serde_json::Value::Null;
    assert!(
        eventually(RELOAD_WITHIN, || {
            status = get(h.addr(), "/__statusgen/status").json();
            status["ok"] == false
        }),
        "the error was not reported"
    );
    let error = status["error"].as_str().unwrap();
    assert!(
        error.contains("content/2024-03.md:12:23: error: unknown code \"ZZ\""),
        "{error}"
    );
    let r = get(h.addr(), "/2024-03/");
    assert_eq!(r.status, 200);
    assert_eq!(cilium_1016(&r.text()), "RR", "the last good page is served");
    // Fixed: the error goes away and the new content is served.
    edit(
        dir.path(),
        "content/2024-03.md",
        "| **Cilium**        | ZZ ",
        "| **Cilium**        | C  ",
    );
    assert!(eventually(RELOAD_WITHIN, || {
        get(h.addr(), "/__statusgen/status").json()["ok"] == true
    }));
    let status = get(h.addr(), "/__statusgen/status").json();
    assert!(status["error"].is_null());
    assert_eq!(cilium_1016(&get(h.addr(), "/2024-03/").text()), "C");
    h.stop();
}

#[test]
fn a_site_that_never_built_shows_the_error_and_recovers() {
    let dir = fixture_copy();
    edit(
        dir.path(),
        "content/2024-03.md",
        CILIUM_RR,
        "| **Cilium**        | ZZ ",
    );
    let h = serve(dir.path(), None);
    let status = get(h.addr(), "/__statusgen/status").json();
    assert_eq!(status["ok"], false);
    let r = get(h.addr(), "/");
    assert_eq!(r.status, 503);
    assert!(r.text().contains("/__statusgen/status"));
    edit(
        dir.path(),
        "content/2024-03.md",
        "| **Cilium**        | ZZ ",
        CILIUM_RR,
    );
    assert!(eventually(RELOAD_WITHIN, || get(h.addr(), "/").status == 200));
    h.stop();
}

#[test]
fn serves_under_the_base_path() {
    let dir = fixture_copy();
    let h = serve(dir.path(), Some("https://x.github.io/repo/"));
    assert_eq!(h.url(), format!("http://{}/repo/", h.addr()));
    let r = get(h.addr(), "/");
    assert_eq!(r.status, 302);
    assert_eq!(r.header("location"), Some("/repo/"));
    let r = get(h.addr(), "/repo");
    assert_eq!(r.status, 302);
    assert_eq!(r.header("location"), Some("/repo/"));
    let r = get(h.addr(), "/repo/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("/repo/static/style.css"));
    let r = get(h.addr(), "/repo/static/style.css");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/css; charset=utf-8"));
    let r = get(h.addr(), "/repo/2024-03");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/repo/2024-03/"));
    assert_eq!(get(h.addr(), "/static/style.css").status, 404);
    assert_eq!(get(h.addr(), "/repo/../repo/index.html").status, 404);
    assert_eq!(get(h.addr(), "/__statusgen/status").status, 200);
    h.stop();
}

#[test]
fn start_without_a_content_directory_fails() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ServeOptions::new(dir.path());
    opts.port = 0;
    opts.log = Arc::new(|_: &str| {});
    let e = start(opts).err().expect("started without content/");
    assert!(
        matches!(&e, ServeError::NoContent(p) if *p == dir.path().join("content")),
        "{e:?}"
    );
    assert!(e.to_string().contains("content"), "{e}");
}

#[test]
fn cli_busy_port_exits_2_with_a_message() {
    let dir = fixture_copy();
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let out = statusgen()
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn cli_ctrl_c_exits_0() {
    let dir = fixture_copy();
    let mut child = Command::new(crate::common::BIN)
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let url = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("no 'serving' line");
        if let Some(rest) = line.strip_prefix("serving ") {
            break rest.split(' ').next().unwrap().to_string();
        }
    };
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    assert_eq!(get(addr, "/").status, 200);
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve did not exit on SIGINT");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
}
