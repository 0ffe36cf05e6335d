//! Watching content/ and themes/: a rebuild only when the bytes a build reads changed.

use super::rebuild::rebuild;
use super::{MAX_SETTLE, QUIET, Shared, TICK, lock};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Instant;

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

/// Every file a build reads: `content/site.yaml`, the snapshot files under content/ (as
/// [`crate::load::discover`] finds them; an editor's temporary or backup file is not one) and
/// every file under themes/: site-relative path → (length, hash of the bytes). Two equal
/// fingerprints mean nothing a build reads has changed, so writing a temporary file and renaming
/// it over a snapshot gives one rebuild, of the final bytes.
pub(super) type Fingerprint = BTreeMap<String, (u64, u64)>;

pub(super) fn fingerprint(root: &Path) -> Fingerprint {
    use std::hash::{Hash, Hasher};
    let mut files = vec![root.join(crate::config::CONFIG_FILE)];
    files.extend(crate::load::discover(&root.join("content")).unwrap_or_default());
    files.extend(
        walkdir::WalkDir::new(root.join("themes"))
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| !e.file_type().is_dir())
            .map(walkdir::DirEntry::into_path),
    );
    let mut out = Fingerprint::new();
    for path in files {
        // Unreadable files still count, so a change in readability is noticed; a missing
        // site.yaml counts as absent.
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(_) => Vec::new(),
        };
        let mut h = std::hash::DefaultHasher::new();
        bytes.hash(&mut h);
        out.insert(
            crate::load::display_path(root, &path),
            (bytes.len() as u64, h.finish()),
        );
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
        // Let a burst of changes (an editor's save) settle: QUIET with no event that can
        // change bytes, but no longer than MAX_SETTLE in all. Name a file that still exists
        // (not an editor's temporary file).
        let mut paths: Vec<String> = first.into_iter().collect();
        let began = Instant::now();
        let mut quiet_since = began;
        loop {
            let now = Instant::now();
            let wait = (quiet_since + QUIET)
                .min(began + MAX_SETTLE)
                .saturating_duration_since(now);
            if wait.is_zero() {
                break;
            }
            match rx.recv_timeout(wait) {
                Ok(Ok(e)) if may_change(&e) => {
                    paths.extend(e.paths.iter().map(|p| shown(p)));
                    quiet_since = Instant::now();
                }
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
