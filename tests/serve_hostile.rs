//! `serve` on a bad day (issue #10): quiet when nothing changed, local by default, deaf to
//! other host names (DNS rebinding), and never starved by open live-reload polls.

mod common;

use common::copy_dir;
use statusgen::commands::serve::server::{ServeOptions, ServerHandle, start};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/three-months");

type Logged = Arc<Mutex<Vec<String>>>;

fn serve(root: &Path) -> (ServerHandle, Logged) {
    let logged: Logged = Arc::default();
    let mut opts = ServeOptions::new(root);
    opts.port = 0;
    let l = Arc::clone(&logged);
    opts.log = Arc::new(move |s: &str| l.lock().unwrap().push(s.to_string()));
    (start(opts).unwrap(), logged)
}

fn fixture_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), dir.path());
    dir
}

/// `GET target` with the given Host header; returns (status, body).
fn get_with_host(addr: SocketAddr, target: &str, host: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|x| x.1)
        .unwrap_or("")
        .to_string();
    (status, body)
}

/// Lines logged that mention a build.
fn builds(logged: &Logged) -> Vec<String> {
    logged
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.contains("rebuilt") || l.contains("build failed"))
        .cloned()
        .collect()
}

/// Waits until `check` holds (polling), at most 5 s.
fn eventually(mut check: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    check()
}

/// Long enough for the watcher to have seen an event and settled (several debounce periods).
fn settle() {
    std::thread::sleep(Duration::from_millis(800));
}

#[test]
fn reads_and_rewrites_with_the_same_bytes_do_not_rebuild() {
    let dir = fixture_copy();
    let (h, logged) = serve(dir.path());
    settle();
    let p = dir.path().join("content/2024-03.md");
    for _ in 0..3 {
        let bytes = std::fs::read(&p).unwrap();
        std::fs::write(&p, &bytes).unwrap();
        let _ = std::fs::read_to_string(dir.path().join("content/site.yaml")).unwrap();
    }
    settle();
    assert_eq!(builds(&logged), Vec::<String>::new());
    // A real change rebuilds once, and the server's own reads do not start another.
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("| RR ", "| C  ");
    std::fs::write(&p, text).unwrap();
    assert!(
        eventually(|| builds(&logged).len() == 1),
        "{:?}",
        builds(&logged)
    );
    settle();
    settle();
    assert_eq!(builds(&logged).len(), 1, "{:?}", builds(&logged));
    assert!(builds(&logged)[0].starts_with("content/2024-03.md changed; rebuilt"));
    h.stop();
}

#[test]
fn an_unchanged_error_is_printed_once() {
    let dir = fixture_copy();
    let (h, logged) = serve(dir.path());
    let p = dir.path().join("content/2024-03.md");
    let broken = std::fs::read_to_string(&p)
        .unwrap()
        .replace("| RR ", "| XX ");
    std::fs::write(&p, &broken).unwrap();
    assert!(eventually(|| builds(&logged).len() == 1));
    // Another edit that leaves the same error.
    std::fs::write(&p, format!("{broken}\n")).unwrap();
    settle();
    settle();
    let b = builds(&logged);
    assert_eq!(b.len(), 1, "{b:?}");
    assert!(b[0].contains("unknown code \"XX\""), "{b:?}");
    h.stop();
}

#[test]
fn other_host_names_get_403() {
    let dir = fixture_copy();
    let (h, _) = serve(dir.path());
    let addr = h.addr();
    let port = addr.port();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        "localhost.evil.example".to_string(),
        format!("10.0.0.1:{port}"),
    ] {
        let (status, body) = get_with_host(addr, "/", &host);
        assert_eq!(status, 403, "{host}: {body}");
        assert!(body.contains("forbidden"), "{body}");
        let (status, _) = get_with_host(addr, "/__statusgen/status", &host);
        assert_eq!(status, 403, "{host}");
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "LOCALHOST".to_string(),
        "127.0.0.1".to_string(),
    ] {
        assert_eq!(get_with_host(addr, "/", &host).0, 200, "{host}");
    }
    h.stop();
}

#[test]
fn a_non_loopback_bind_needs_allow_remote() {
    let dir = fixture_copy();
    for bind in ["0.0.0.0", "::"] {
        let mut opts = ServeOptions::new(dir.path());
        opts.port = 0;
        opts.bind = bind.into();
        opts.log = Arc::new(|_: &str| {});
        let e = start(opts).err().expect("must refuse");
        assert!(e.contains("--allow-remote") && e.contains(bind), "{e}");
    }
    let logged: Logged = Arc::default();
    let mut opts = ServeOptions::new(dir.path());
    opts.port = 0;
    opts.bind = "0.0.0.0".into();
    opts.allow_remote = true;
    let l = Arc::clone(&logged);
    opts.log = Arc::new(move |s: &str| l.lock().unwrap().push(s.to_string()));
    let h = start(opts).unwrap();
    assert!(
        logged
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with("warning: listening on 0.0.0.0")),
        "{:?}",
        logged.lock().unwrap()
    );
    h.stop();
    // The CLI says so too and exits 2.
    let out = assert_cmd::Command::cargo_bin("statusgen")
        .unwrap()
        .args(["serve", "--bind", "0.0.0.0", "--port", "0", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-remote"));
}

#[test]
fn a_hundred_open_live_reload_polls_do_not_stop_a_page_load() {
    let dir = fixture_copy();
    let (h, _) = serve(dir.path());
    let addr = h.addr();
    let (_, status) = get_with_host(addr, "/__statusgen/status", "localhost");
    let version = serde_json::from_str::<serde_json::Value>(&status).unwrap()["version"]
        .as_u64()
        .unwrap();
    let polls: Vec<TcpStream> = (0..100)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            write!(
                s,
                "GET /__statusgen/version?since={version} HTTP/1.1\r\nHost: localhost\r\n\r\n"
            )
            .unwrap();
            s
        })
        .collect();
    // Give the server time to take every poll in (a page load then competes with all of them).
    std::thread::sleep(Duration::from_secs(1));
    for page in ["/", "/2024-03/", "/static/style.css"] {
        assert_eq!(get_with_host(addr, page, "localhost").0, 200, "{page}");
    }
    drop(polls);
    h.stop();
}
