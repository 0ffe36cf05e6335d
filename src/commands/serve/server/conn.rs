//! Connections: the server's own accept loop and request-head reader, with the bounds that
//! tiny_http 0.12 does not have (it reads a request head of any size into memory, gives every
//! connection a thread of its own for as long as the client keeps it open, sets no timeout, and
//! its accept thread ends for good on the first accept error). Here:
//!
//! - at most [`Limits::max_connections`] connections are served at once, one thread each; when
//!   all are taken, the connection that has waited longest for its next request (an idle
//!   keep-alive or a client still sending its head) is closed to make room, and when every one
//!   is answering a request the newcomer gets 503 and is closed;
//! - a request head must fit in [`Limits::max_head_bytes`] and [`Limits::max_headers`] lines
//!   (431 and close otherwise), arrive within [`Limits::head_timeout`] of its first byte, and
//!   start within [`Limits::idle_timeout`] (the connection is closed otherwise);
//! - a response must be written within [`Limits::write_timeout`].
//!
//! Request bodies are never read: a request with one is answered and the connection closed.
//! tiny_http still writes the response heads (`http::serialize`).

use super::http::{Head, Reply, WorkerGuard, handle, serialize};
use super::{Limits, Shared, lock};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long, and how many bytes at most, a connection closed on an error goes on reading what
/// the client still sends, so that the error response reaches it rather than a reset.
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 1 << 20;
/// How long the accept loop waits for an evicted connection's thread to end.
const EVICT_WAIT: Duration = Duration::from_secs(1);
/// Connections refused at once with a 503, each on a short-lived thread that reads the request
/// head first (for at most [`REFUSE_WAIT`]) so that closing does not reset the connection before
/// the answer is read. Beyond these, a refused connection is closed without a word.
const MAX_REFUSING: usize = 4;
const REFUSE_WAIT: Duration = Duration::from_secs(1);

/// Why no request head could be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum HeadError {
    /// The client closed, the connection failed, or a timeout passed: close without a word.
    Gone,
    /// Answer this status and close (400, 414, 431, 505).
    Refuse(u16),
}

/// Reads bytes into a request head, as far as `buf` already holds one and what arrives next.
#[derive(Debug, Default)]
pub(super) struct HeadReader {
    buf: Vec<u8>,
    /// Where the line being read starts, how far `buf` was searched for its end, and how many
    /// lines were complete (request line included).
    line_start: usize,
    scanned: usize,
    lines: usize,
}

impl HeadReader {
    /// Whether some bytes of a next request are here already.
    fn begun(&self) -> bool {
        !self.buf.is_empty()
    }

    /// Looks for the end of the head in the bytes read so far: the head, an error, or `None`
    /// (more bytes needed).
    pub fn take(&mut self, limits: &Limits) -> Option<Result<Head, HeadError>> {
        // Empty lines before a request line are skipped (RFC 9112, 2.2).
        if self.lines == 0 {
            let blank = self
                .buf
                .iter()
                .take_while(|b| **b == b'\r' || **b == b'\n')
                .count();
            if blank > 0 {
                self.buf.drain(..blank);
                self.scanned = 0;
            }
        }
        while let Some(nl) = self.buf[self.scanned..].iter().position(|b| *b == b'\n') {
            let end = self.scanned + nl;
            let line = &self.buf[self.line_start..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                let raw = &self.buf[..self.line_start];
                let head = parse_head(raw.strip_suffix(b"\n").unwrap_or(raw));
                self.buf.drain(..=end);
                self.line_start = 0;
                self.scanned = 0;
                self.lines = 0;
                return Some(head.map_err(HeadError::Refuse));
            }
            self.lines += 1;
            if self.lines > limits.max_headers + 1 || end + 1 > limits.max_head_bytes {
                return Some(Err(HeadError::Refuse(431)));
            }
            self.line_start = end + 1;
            self.scanned = end + 1;
        }
        self.scanned = self.buf.len();
        if self.buf.len() >= limits.max_head_bytes {
            // Still no end of line: a request line that long is a too long URI.
            let status = if self.lines == 0 { 414 } else { 431 };
            return Some(Err(HeadError::Refuse(status)));
        }
        None
    }

    /// Reads the next request head from `stream`: the first byte must come within the idle
    /// timeout, the whole head within the head timeout after it.
    fn read(&mut self, stream: &TcpStream, limits: &Limits) -> Result<Head, HeadError> {
        let mut started = self.begun();
        let mut deadline = Instant::now()
            + if started {
                limits.head_timeout
            } else {
                limits.idle_timeout
            };
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(head) = self.take(limits) {
                return head;
            }
            let room = limits.max_head_bytes - self.buf.len();
            let n = Deadline { stream, deadline }
                .read(&mut chunk[..room.min(4096)])
                .map_err(|_| HeadError::Gone)?;
            if n == 0 {
                return Err(HeadError::Gone);
            }
            if !started {
                started = true;
                deadline = Instant::now() + limits.head_timeout;
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

/// Parses a complete head (without its final empty line); an error is the status to answer.
pub(super) fn parse_head(raw: &[u8]) -> Result<Head, u16> {
    let text = std::str::from_utf8(raw).map_err(|_| 400u16)?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request = lines.next().ok_or(400u16)?;
    let mut parts = request.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    if !token(method) || target.is_empty() || target.bytes().any(|b| b.is_ascii_control()) {
        return Err(400);
    }
    let minor = match version {
        "HTTP/1.1" => 1,
        "HTTP/1.0" => 0,
        v if v.starts_with("HTTP/") => return Err(505),
        _ => return Err(400),
    };
    let mut headers = Vec::new();
    for line in lines {
        // No folded lines (obsolete), no space before the colon.
        let (name, value) = line.split_once(':').ok_or(400u16)?;
        if !token(name) {
            return Err(400);
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    Ok(Head {
        method: method.to_string(),
        target: target.to_string(),
        minor,
        headers,
    })
}

/// A stream whose reads and writes fail with `TimedOut` once `deadline` has passed (each
/// system call waits at most until then).
struct Deadline<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl Deadline<'_> {
    fn arm(&self, read: bool) -> io::Result<()> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        if read {
            self.stream.set_read_timeout(Some(left))
        } else {
            self.stream.set_write_timeout(Some(left))
        }
    }
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.arm(true)?;
        (&*self.stream).read(buf)
    }
}

impl Write for Deadline<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.arm(false)?;
        (&*self.stream).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes `reply` (its head only for HEAD), with `Connection: close` unless `keep`.
fn respond(
    stream: &TcpStream,
    reply: Reply,
    minor: u8,
    head_only: bool,
    keep: bool,
    limits: &Limits,
) -> io::Result<()> {
    let connection = match (keep, minor) {
        (false, _) => Some("close"),
        (true, 0) => Some("keep-alive"),
        (true, _) => None,
    };
    let (head, body) = serialize(reply, minor, connection);
    let deadline = Instant::now() + limits.write_timeout;
    let mut w = BufWriter::with_capacity(16 * 1024, Deadline { stream, deadline });
    w.write_all(&head)?;
    if !head_only {
        w.write_all(&body)?;
    }
    w.flush()
}

/// Closes a connection on an error after reading (and dropping) what the client still sends,
/// for a while: closing with unread bytes would reset the connection, and the client could
/// lose the error response before reading it.
fn linger(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let mut r = Deadline {
        stream,
        deadline: Instant::now() + LINGER,
    };
    let mut chunk = [0u8; 8192];
    let mut drained = 0;
    while drained < LINGER_BYTES {
        match r.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// The connections being served.
#[derive(Default)]
pub(super) struct Conns {
    slots: Mutex<Slots>,
    /// Notified when a connection ends.
    freed: Condvar,
    /// Refusals being answered.
    refusing: AtomicUsize,
}

#[derive(Default)]
struct Slots {
    next: u64,
    table: BTreeMap<u64, Slot>,
    closing: bool,
}

struct Slot {
    /// A handle on the connection's socket, to close it from the accept loop.
    stream: TcpStream,
    /// Since when it waits for (the rest of) a request head; `None` while it answers one.
    waiting: Option<Instant>,
    evicted: bool,
}

impl Conns {
    /// Takes a place for a new connection, closing the longest-waiting idle one when all are
    /// taken; `None` when every connection is answering a request.
    fn admit(&self, stream: &TcpStream, limits: &Limits) -> Option<u64> {
        let handle = stream.try_clone().ok()?;
        let give_up = Instant::now() + EVICT_WAIT;
        let mut slots = lock(&self.slots);
        while slots.table.len() >= limits.max_connections.max(1) {
            let pending = slots.table.values().any(|s| s.evicted);
            let idlest = slots
                .table
                .values_mut()
                .filter(|s| !s.evicted)
                .filter_map(|s| s.waiting.map(|w| (w, s)))
                .min_by_key(|(w, _)| *w)
                .map(|(_, s)| s);
            match idlest {
                Some(s) => {
                    s.evicted = true;
                    let _ = s.stream.shutdown(Shutdown::Both);
                }
                None if !pending => return None,
                None => {}
            }
            let now = Instant::now();
            if now >= give_up {
                return None;
            }
            slots = match self.freed.wait_timeout(slots, give_up - now) {
                Ok((g, _)) => g,
                Err(e) => e.into_inner().0,
            };
        }
        if slots.closing {
            return None;
        }
        let id = slots.next;
        slots.next += 1;
        slots.table.insert(
            id,
            Slot {
                stream: handle,
                waiting: Some(Instant::now()),
                evicted: false,
            },
        );
        Some(id)
    }

    /// Marks a connection waiting for a request head (`true`) or answering one (`false`);
    /// returns false if it was closed to make room.
    fn set_waiting(&self, id: u64, waiting: bool) -> bool {
        let mut slots = lock(&self.slots);
        match slots.table.get_mut(&id) {
            Some(s) if !s.evicted => {
                s.waiting = waiting.then(Instant::now);
                true
            }
            _ => false,
        }
    }

    fn remove(&self, id: u64) {
        lock(&self.slots).table.remove(&id);
        self.freed.notify_all();
    }

    /// Closes every connection (on stop); their threads end at their next read or write.
    fn close_all(&self) {
        let mut slots = lock(&self.slots);
        slots.closing = true;
        for s in slots.table.values_mut() {
            s.evicted = true;
            let _ = s.stream.shutdown(Shutdown::Both);
        }
    }
}

/// Frees a connection's place when its thread ends, however it ends.
struct Leave<'a>(&'a Conns, u64);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.remove(self.1);
    }
}

/// Accepts connections until the stop flag is set (the server then connects to itself once to
/// wake this loop, see `ServerHandle::shutdown`).
pub(super) fn accept_loop(shared: &Arc<Shared>, listener: TcpListener) {
    let conns = Arc::new(Conns::default());
    let mut failing = false;
    while !shared.stop.load(Ordering::SeqCst) {
        let stream = match listener.accept() {
            Ok((s, _)) => {
                failing = false;
                s
            }
            Err(e) => {
                // Out of file descriptors, say: keep trying, tell once.
                if !failing && !shared.stop.load(Ordering::SeqCst) {
                    (shared.log)(&format!("warning: accepting a connection: {e}"));
                }
                failing = true;
                std::thread::sleep(super::TICK);
                continue;
            }
        };
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        // Reads and writes block, with timeouts (on some platforms an accepted socket would
        // inherit the listener's mode).
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_nodelay(true);
        let Some(id) = conns.admit(&stream, &shared.limits) else {
            refuse(&conns, stream, &shared.limits);
            continue;
        };
        let s = Arc::clone(shared);
        let c = Arc::clone(&conns);
        let spawned = std::thread::Builder::new()
            .name("statusgen-conn".into())
            .spawn(move || {
                let _leave = Leave(&c, id);
                serve_connection(&s, &c, id, &stream);
            });
        if spawned.is_err() {
            // The stream was dropped with the closure; its connection closes.
            conns.remove(id);
        }
    }
    conns.close_all();
}

/// Answers a connection that finds every place taken: 503 and close (see [`MAX_REFUSING`]).
fn refuse(conns: &Arc<Conns>, stream: TcpStream, limits: &Limits) {
    if conns.refusing.fetch_add(1, Ordering::SeqCst) >= MAX_REFUSING {
        conns.refusing.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let c = Arc::clone(conns);
    let quick = Limits {
        idle_timeout: REFUSE_WAIT,
        head_timeout: REFUSE_WAIT,
        write_timeout: REFUSE_WAIT,
        ..limits.clone()
    };
    let spawned = std::thread::Builder::new()
        .name("statusgen-refuse".into())
        .spawn(move || {
            let _guard = WorkerGuard(&c.refusing);
            let _ = HeadReader::default().read(&stream, &quick);
            let reply =
                Reply::text(503, "too many connections; try again").header("Retry-After", "1");
            if respond(&stream, reply, 1, false, false, &quick).is_ok() {
                linger(&stream);
            }
        });
    if spawned.is_err() {
        conns.refusing.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Serves the requests of one connection in turn until it closes, errs, times out or is
/// closed to make room.
fn serve_connection(shared: &Shared, conns: &Conns, id: u64, stream: &TcpStream) {
    let limits = &shared.limits;
    let mut reader = HeadReader::default();
    loop {
        if !conns.set_waiting(id, true) || shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let head = match reader.read(stream, limits) {
            Ok(head) => head,
            Err(HeadError::Gone) => return,
            Err(HeadError::Refuse(status)) => {
                if conns.set_waiting(id, false) {
                    let reply = Reply::text(status, refusal(status));
                    let _ = respond(stream, reply, 1, false, false, limits);
                    linger(stream);
                }
                return;
            }
        };
        if !conns.set_waiting(id, false) {
            return;
        }
        let keep = head.keep_alive() && !head.has_body();
        let head_only = head.method == "HEAD";
        let reply = handle(shared, &head);
        if respond(stream, reply, head.minor, head_only, keep, limits).is_err() {
            return;
        }
        if !keep {
            if head.has_body() {
                linger(stream);
            }
            return;
        }
    }
}

fn refusal(status: u16) -> &'static str {
    match status {
        414 => "request target too long",
        431 => "request header fields too large",
        505 => "HTTP version not supported",
        _ => "bad request",
    }
}

#[cfg(test)]
mod tests;
