//! Watching content/ and themes/: a rebuild only when the bytes a build reads changed.

use super::rebuild::rebuild;
use super::{DEBOUNCE, Shared, TICK, lock};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};

pub(super) fn watch(
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
pub(super) type Fingerprint = BTreeMap<String, (u64, u64)>;

pub(super) fn fingerprint(root: &Path) -> Fingerprint {
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
pub(super) fn may_change(e: &notify::Event) -> bool {
    !matches!(e.kind, EventKind::Access(_))
}

pub(super) fn watch_loop(shared: &Shared, rx: mpsc::Receiver<notify::Result<notify::Event>>) {
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
