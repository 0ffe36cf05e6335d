//! Unit tests of the connection layer: the head reader and parser, the bounds.
use super::*;

fn limits() -> Limits {
    Limits {
        max_head_bytes: 256,
        max_headers: 4,
        ..Limits::default()
    }
}

/// Feeds `bytes` to a head reader in pieces of `step` bytes; what it makes of them.
fn feed(bytes: &[u8], step: usize) -> Vec<Result<Head, HeadError>> {
    let mut r = HeadReader::default();
    let mut out = Vec::new();
    for piece in bytes.chunks(step) {
        r.buf.extend_from_slice(piece);
        while let Some(h) = r.take(&limits()) {
            let refused = h.is_err();
            out.push(h);
            if refused {
                return out;
            }
        }
    }
    out
}

#[test]
fn reads_heads_in_any_pieces_and_one_after_another() {
    let two = b"\r\nGET /a HTTP/1.1\r\nHost: localhost\r\nX-Y:  z \r\n\r\nHEAD /b HTTP/1.0\n\n";
    for step in [1, 2, 7, two.len()] {
        let heads: Vec<Head> = feed(two, step).into_iter().map(Result::unwrap).collect();
        assert_eq!(heads.len(), 2, "{step}");
        assert_eq!(heads[0].method, "GET");
        assert_eq!(heads[0].target, "/a");
        assert_eq!(heads[0].minor, 1);
        assert_eq!(heads[0].header("host"), Some("localhost"));
        assert_eq!(heads[0].header("X-Y"), Some("z"));
        assert!(heads[0].keep_alive());
        assert_eq!(heads[1].method, "HEAD");
        assert_eq!(heads[1].minor, 0);
        assert!(heads[1].headers.is_empty());
        assert!(!heads[1].keep_alive());
    }
}

#[test]
fn refuses_heads_over_the_limits_and_malformed_ones() {
    let refused = |bytes: &[u8]| match feed(bytes, 16).pop() {
        Some(Err(HeadError::Refuse(s))) => Some(s),
        _ => None,
    };
    // Five header lines (the limit is four), a head over 256 bytes, a request line alone
    // that long, one header line that long.
    assert_eq!(
        refused(b"GET / HTTP/1.1\r\na: 1\r\nb: 1\r\nc: 1\r\nd: 1\r\ne: 1\r\n\r\n"),
        Some(431)
    );
    let mut big = b"GET / HTTP/1.1\r\n".to_vec();
    for _ in 0..3 {
        big.extend(format!("x: {}\r\n", "y".repeat(90)).as_bytes());
    }
    assert_eq!(refused(&big), Some(431));
    assert_eq!(
        refused(format!("GET /{} HTTP/1.1", "a".repeat(300)).as_bytes()),
        Some(414)
    );
    assert_eq!(
        refused(format!("GET / HTTP/1.1\r\nx: {}", "a".repeat(300)).as_bytes()),
        Some(431)
    );
    // Within the limits.
    assert_eq!(
        refused(b"GET / HTTP/1.1\r\na: 1\r\nb: 1\r\nc: 1\r\nd: 1\r\n\r\n"),
        None
    );
    for bad in [
        &b"GET /\r\n\r\n"[..],
        b"GET  / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1 x\r\n\r\n",
        b"G(T / HTTP/1.1\r\n\r\n",
        b"GET / FTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
        b"GET / HTTP/1.1\r\nbad name: x\r\n\r\n",
        b"GET / HTTP/1.1\r\na: 1\r\n folded\r\n\r\n",
        b"GET /\xff HTTP/1.1\r\n\r\n",
    ] {
        assert_eq!(refused(bad), Some(400), "{}", String::from_utf8_lossy(bad));
    }
    assert_eq!(refused(b"GET / HTTP/2.0\r\n\r\n"), Some(505));
}

#[test]
fn connection_and_body_headers() {
    let head = |extra: &str| {
        parse_head(format!("GET / HTTP/1.1\r\n{extra}").trim_end().as_bytes()).unwrap()
    };
    assert!(!head("Connection: close").keep_alive());
    assert!(!head("Connection: Upgrade, close").keep_alive());
    assert!(head("Connection: keep-alive").keep_alive());
    assert!(!head("").has_body());
    assert!(!head("Content-Length: 0").has_body());
    assert!(head("Content-Length: 5").has_body());
    assert!(head("Transfer-Encoding: chunked").has_body());
    let old = parse_head(b"GET / HTTP/1.0\r\nConnection: Keep-Alive").unwrap();
    assert!(old.keep_alive());
}
