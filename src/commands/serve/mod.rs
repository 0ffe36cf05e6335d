//! `statusgen serve`: preview the site locally with live reload (see [`server`]). Messages from
//! the server threads are passed to this thread and printed here; Ctrl-C stops the server
//! and exits 0.

pub mod server;

use super::EXIT_OK;
use server::{ServeOptions, start};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Arguments of `statusgen serve`.
#[derive(Debug, Clone)]
pub struct ServeArgs {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    /// How many ports after `port` to try when it is taken (see [`ServeOptions::next_ports`]).
    pub next_ports: u16,
    pub base_url: Option<String>,
    /// Allows a non-loopback `bind`.
    pub allow_remote: bool,
    /// Open the preview in the default browser once it is served.
    pub open: bool,
}

pub fn run(args: &ServeArgs, err: &mut dyn Write) -> i32 {
    let (tx, rx) = mpsc::channel::<String>();
    let tx = Mutex::new(tx);
    let mut opts = ServeOptions::new(args.root.clone());
    opts.bind = args.bind.clone();
    opts.port = args.port;
    opts.next_ports = args.next_ports;
    opts.base_url = args.base_url.clone();
    opts.allow_remote = args.allow_remote;
    opts.log = Arc::new(move |s: &str| {
        if let Ok(tx) = tx.lock() {
            let _ = tx.send(s.to_string());
        }
    });
    let handle = match start(opts) {
        Ok(h) => h,
        Err(e) => {
            let _ = writeln!(err, "statusgen: {e}");
            return e.exit_code();
        }
    };
    let stop = handle.stop_flag();
    let flag = Arc::clone(&stop);
    if let Err(e) = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            // A second Ctrl-C while shutting down: leave at once.
            std::process::exit(EXIT_OK);
        }
    }) {
        let _ = writeln!(err, "warning: cannot handle Ctrl-C: {e}");
    }
    while let Ok(line) = rx.try_recv() {
        let _ = writeln!(err, "{line}");
    }
    let watching = if handle.watching() {
        "; rebuilding on changes in content/ and themes/"
    } else {
        ""
    };
    let _ = writeln!(err, "serving {} (Ctrl-C to stop){watching}", handle.url());
    if args.open
        && let Err(e) = open_browser(&handle.url())
    {
        let _ = writeln!(
            err,
            "warning: cannot open a browser ({e}); open {} yourself",
            handle.url()
        );
    }
    while !stop.load(Ordering::SeqCst) {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(line) => {
                let _ = writeln!(err, "{line}");
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    handle.stop();
    while let Ok(line) = rx.try_recv() {
        let _ = writeln!(err, "{line}");
    }
    let _ = writeln!(err, "stopped");
    EXIT_OK
}

/// Opens `url` in the default browser with the platform's opener, without waiting for it.
fn open_browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        // `start` takes its first quoted argument as a window title.
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}
