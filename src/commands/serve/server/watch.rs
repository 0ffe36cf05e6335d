//! Watching content/ and themes/: a rebuild only when the bytes a build reads changed.

use super::rebuild::rebuild;
use super::{MAX_SETTLE, QUIET, Shared, TICK, lock};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

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
/// every file under themes/: site-relative path → length and hash of the bytes. Two equal
/// fingerprints mean nothing a build reads has changed, so writing a temporary file and renaming
/// it over a snapshot gives one rebuild, of the final bytes.
#[derive(Debug, Clone, Default)]
pub(super) struct Fingerprint(BTreeMap<String, Entry>);

#[derive(Debug, Clone)]
struct Entry {
    len: u64,
    hash: u64,
    /// The file's modification time, and when its bytes were hashed.
    modified: Option<SystemTime>,
    hashed: SystemTime,
}

impl PartialEq for Fingerprint {
    /// Equal paths with equal lengths and hashes (times do not count: `touch` changes nothing).
    fn eq(&self, other: &Fingerprint) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|((p, a), (q, b))| p == q && a.len == b.len && a.hash == b.hash)
    }
}

/// How long before its hashing a file must have been modified for its hash to be reused while
/// its length and modification time stay the same: file times are coarse (a clock tick), so a
/// file written again within that tick can keep both; a file modified this recently is hashed
/// again every time.
const SETTLED: Duration = Duration::from_secs(2);

/// The fingerprint of the files a build reads now. A file whose length and modification time
/// are those in `last`, and that had not been modified for [`SETTLED`] when `last` hashed it,
/// keeps its hash without being read (the files an edit did not touch).
pub(super) fn fingerprint(root: &Path, last: &Fingerprint) -> Fingerprint {
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
    let mut out = Fingerprint::default();
    for path in files {
        let rel = crate::load::display_path(root, &path);
        let meta = std::fs::metadata(&path);
        if let Err(e) = &meta
            && e.kind() == std::io::ErrorKind::NotFound
        {
            // A missing site.yaml (or a dangling symlink) counts as absent.
            continue;
        }
        // A symlink is read through only to a plain file in a place a build may read (see
        // crate::confine); otherwise what it says counts, never what it leads to (.git, a pipe
        // or /dev/zero). Nor is a pipe or device read.
        let link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        let plain = meta.as_ref().is_ok_and(|m| m.is_file());
        if !plain || (link && crate::confine::private_target(root, &path).is_some()) {
            let said = std::fs::read_link(&path)
                .map(|t| t.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut h = std::hash::DefaultHasher::new();
            said.hash(&mut h);
            out.0.insert(
                rel,
                Entry {
                    len: said.len() as u64,
                    hash: h.finish(),
                    modified: None,
                    hashed: SystemTime::now(),
                },
            );
            continue;
        }
        let modified = meta.as_ref().ok().and_then(|m| m.modified().ok());
        let len = meta.as_ref().map(|m| m.len()).ok();
        if let (Some(old), Some(len), Some(m)) = (last.0.get(&rel), len, modified)
            && old.len == len
            && old.modified == Some(m)
            && m.checked_add(SETTLED).is_some_and(|t| t < old.hashed)
        {
            out.0.insert(rel, old.clone());
            continue;
        }
        let hashed = SystemTime::now();
        // Unreadable files still count, so a change in readability is noticed.
        let bytes = std::fs::read(&path).unwrap_or_default();
        let mut h = std::hash::DefaultHasher::new();
        bytes.hash(&mut h);
        out.0.insert(
            rel,
            Entry {
                len: bytes.len() as u64,
                hash: h.finish(),
                modified,
                hashed,
            },
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
        let last = lock(&shared.fingerprint).clone();
        let now = fingerprint(&shared.root, &last);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_same_length_rewrite_is_seen_and_touch_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let file = root.join("content/2024-01.md");
        std::fs::write(&file, "| x | NS |\n").unwrap();
        let first = fingerprint(root, &Fingerprint::default());
        assert_eq!(first.0.len(), 1);
        // Rewritten at once with as many bytes: its time is too recent for the hash to be kept.
        std::fs::write(&file, "| x | NF |\n").unwrap();
        let second = fingerprint(root, &first);
        assert_ne!(first, second);
        // The same bytes again (a touch): equal.
        std::fs::write(&file, "| x | NF |\n").unwrap();
        assert_eq!(fingerprint(root, &second), second);
        // A file modified long before it was hashed keeps its hash without being read.
        let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(an_hour_ago)
            .unwrap();
        let mut settled = fingerprint(root, &second);
        assert_eq!(settled, second);
        settled.0.get_mut("content/2024-01.md").unwrap().hash = 7;
        assert_eq!(fingerprint(root, &settled).0["content/2024-01.md"].hash, 7);
        // An editor's temporary file is not read by a build and does not count.
        std::fs::write(root.join("content/.2024-01.md.tmp"), "x").unwrap();
        assert_eq!(fingerprint(root, &second), second);
    }
}
