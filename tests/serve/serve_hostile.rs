//! `serve` on a bad day (issues #10 and #23): quiet when nothing changed, local by default, deaf
//! to other host names (DNS rebinding), never starved by open live-reload polls, idle or slow
//! connections, and bounded in what one request head may hold.

use crate::common::statusgen;
use statusgen::commands::serve::server::{Limits, ServeError, ServeOptions, ServerHandle, start};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
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
    crate::common::temp_copy(Path::new(FIXTURE))
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
    // Without a Host header: HTTP/1.1 requires one (400); HTTP/1.0 may leave it out and is
    // answered (no browser sends such a request, so DNS rebinding cannot); two are refused.
    assert_eq!(send_head(addr, b"GET / HTTP/1.1"), Some(400));
    assert_eq!(send_head(addr, b"GET / HTTP/1.0"), Some(200));
    assert_eq!(
        send_head(addr, b"GET / HTTP/1.0\r\nHost: evil.example"),
        Some(403)
    );
    assert_eq!(
        send_head(
            addr,
            b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example"
        ),
        Some(400)
    );
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
        assert!(matches!(&e, ServeError::Remote(b) if b == bind), "{e:?}");
        let e = e.to_string();
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
    let out = statusgen()
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

/// Sends `head` (a request head without its final empty line) in pieces, then the empty line,
/// and reads what comes back; write errors (the server closing early) end the sending. Returns
/// the status, if any response came.
fn send_head(addr: SocketAddr, head: &[u8]) -> Option<u16> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    let sent = head
        .chunks(16 * 1024)
        .chain([&b"\r\n\r\n"[..]])
        .all(|piece| s.write_all(piece).is_ok());
    if sent {
        let _ = s.shutdown(Shutdown::Write);
    }
    let mut raw = Vec::new();
    // A reset after the answer (the server closing with unread bytes) still leaves the answer.
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    text.strip_prefix("HTTP/1.")
        .and_then(|t| t.get(2..5))
        .and_then(|code| code.parse().ok())
}

#[test]
fn an_oversized_request_head_is_refused_and_the_server_keeps_answering() {
    let dir = fixture_copy();
    let (h, _) = serve(dir.path());
    let addr = h.addr();
    let start = b"GET / HTTP/1.1\r\nHost: localhost\r\n".to_vec();
    // One endless header line (a megabyte), and a million bytes of small headers.
    let mut long_line = start.clone();
    long_line.extend(b"X-Long: ");
    long_line.resize(long_line.len() + (1 << 20), b'a');
    let mut many = start.clone();
    for i in 0..100_000 {
        many.extend(format!("X-{i}: 1\r\n").as_bytes());
    }
    for (what, head) in [("a 1 MiB header line", long_line), ("100000 headers", many)] {
        let status = send_head(addr, &head);
        assert_ne!(status, Some(200), "{what} was answered 200");
        assert!(
            status.is_none_or(|s| s == 431),
            "{what}: expected 431 or a closed connection, got {status:?}"
        );
        assert_eq!(get_with_host(addr, "/", "localhost").0, 200, "after {what}");
    }
    // A head of ordinary size (a few kilobytes of cookies) is still answered.
    let mut cookies = start.clone();
    cookies.extend(format!("Cookie: {}\r\n", "c=1; ".repeat(800)).as_bytes());
    assert_eq!(send_head(addr, &cookies), Some(200));
    h.stop();
}

/// A child process, killed when dropped (also when a test fails).
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `statusgen serve` in a child process on a free port: the child and its address.
fn serve_cli(root: &Path) -> (Child, SocketAddr) {
    let mut child = std::process::Command::new(crate::common::BIN)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let child = Child(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let url = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("no 'serving' line");
        if let Some(rest) = line.strip_prefix("serving ") {
            break rest.split(' ').next().unwrap().to_string();
        }
    };
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    (child, addr)
}

/// The threads a process runs now (Linux only).
#[cfg(target_os = "linux")]
fn threads_of(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn three_hundred_idle_connections_do_not_stop_a_page_load() {
    let dir = fixture_copy();
    let (child, addr) = serve_cli(dir.path());
    assert_eq!(get_with_host(addr, "/", "localhost").0, 200);
    #[cfg(target_os = "linux")]
    let before = threads_of(child.0.id());
    // Half send nothing, half start a request head and stop (a slow client).
    let idle: Vec<TcpStream> = (0..300)
        .map(|i| {
            let mut s = TcpStream::connect(addr).unwrap();
            if i % 2 == 1 {
                s.write_all(b"GET / HTTP/1.1\r\nHost: local").unwrap();
            }
            s
        })
        .collect();
    // The server takes them in; its threads stay bounded (not one per connection).
    #[cfg(target_os = "linux")]
    {
        let most = before + 64 + 8;
        for _ in 0..20 {
            let now = threads_of(child.0.id());
            assert!(
                now <= most,
                "{now} threads with 300 idle connections (had {before})"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    // A page load is answered (get_with_host waits at most 30 s).
    for page in ["/", "/2024-03/", "/static/style.css"] {
        assert_eq!(get_with_host(addr, page, "localhost").0, 200, "{page}");
    }
    drop(idle);
    drop(child);
}

#[test]
fn idle_and_slow_connections_are_closed_and_a_full_house_is_refused() {
    let dir = fixture_copy();
    let mut opts = ServeOptions::new(dir.path());
    opts.port = 0;
    opts.log = Arc::new(|_: &str| {});
    opts.limits = Limits {
        max_connections: 2,
        idle_timeout: Duration::from_millis(300),
        head_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let h = start(opts).unwrap();
    let addr = h.addr();
    // A connection that sends nothing is closed (the read ends, within the read timeout).
    let mut idle = TcpStream::connect(addr).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut byte = [0u8; 1];
    let closed = match idle.read(&mut byte) {
        Ok(n) => n == 0,
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    };
    assert!(closed, "the idle connection stayed open");
    // A head that never ends, a byte every 50 ms, is cut off (within 10 s).
    let mut slow = TcpStream::connect(addr).unwrap();
    let cut = (0..200).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        slow.write_all(b"X").is_err()
    });
    assert!(cut, "the slow head was not cut off");
    // Both places answering (two live-reload polls): a third connection gets 503 at once.
    let (_, status) = get_with_host(addr, "/__statusgen/status", "localhost");
    let version = serde_json::from_str::<serde_json::Value>(&status).unwrap()["version"]
        .as_u64()
        .unwrap();
    let polls: Vec<TcpStream> = (0..2)
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
    // Time for the server to read both heads (then neither can be closed to make room).
    std::thread::sleep(Duration::from_millis(500));
    let (status, body) = get_with_host(addr, "/", "localhost");
    assert_eq!(status, 503, "{body}");
    drop(polls);
    h.stop();
}
