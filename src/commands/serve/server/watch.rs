//! Watching content/ and themes/: a rebuild only when the bytes a build reads changed.

use super::rebuild::rebuild;
use super::{MAX_SETTLE, QUIET, Shared, TICK, WatchError, lock};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// The folders a build reads, relative to the root, each watched recursively while it exists.
const WATCHED: [&str; 2] = ["content", "themes"];

/// The watcher, shared by the server handle (dropping it stops watching) and the watch loop
/// (which watches content/ or themes/ again when one is made, removed or renamed).
pub(super) type SharedWatcher = Arc<Mutex<notify::RecommendedWatcher>>;

/// Watches the root itself, not recursively (to see content/ or themes/ appear later), and
/// content/ and themes/ recursively where they exist.
pub(super) fn watch(
    root: &Path,
    tx: mpsc::Sender<notify::Result<notify::Event>>,
) -> Result<SharedWatcher, WatchError> {
    let mut watcher = notify::recommended_watcher(move |e| {
        let _ = tx.send(e);
    })
    .map_err(|source| WatchError { path: None, source })?;
    let at = |path: &Path| {
        let path = Some(path.to_path_buf());
        move |source| WatchError { path, source }
    };
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(at(root))?;
    for dir in WATCHED.map(|d| root.join(d)) {
        if dir.is_dir() {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(at(&dir))?;
        }
    }
    Ok(Arc::new(Mutex::new(watcher)))
}

/// Watches `root/<name>` afresh after it was made, removed or renamed: a watch follows the
/// folder it was put on, so a folder made again needs a new one.
fn rewatch(shared: &Shared, watcher: &SharedWatcher, name: &str) {
    let dir = shared.root.join(name);
    let mut w = lock(watcher);
    let _ = w.unwatch(&dir);
    if dir.is_dir()
        && let Err(e) = w.watch(&dir, RecursiveMode::Recursive)
    {
        (shared.log)(&format!(
            "warning: cannot watch {}: {e}; its changes will not rebuild",
            dir.display()
        ));
    }
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
    /// The file's times and identity, and when its bytes were hashed.
    stamp: Option<Stamp>,
    hashed: SystemTime,
}

/// What the file system says about a file without reading it. The modification time alone
/// cannot be trusted: `touch -r`, `File::set_modified` or an editor can put it back after a
/// write. On Unix the status change time cannot be set by anyone and moves on every write (and
/// on every change of the times), and the inode tells a file renamed over another apart.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    modified: SystemTime,
    #[cfg(unix)]
    changed: (i64, i64),
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            modified: meta.modified().ok()?,
            #[cfg(unix)]
            changed: (meta.ctime(), meta.ctime_nsec()),
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino()),
        })
    }

    /// The latest of the times.
    fn latest(&self) -> SystemTime {
        #[cfg(unix)]
        {
            let (secs, nanos) = self.changed;
            let changed = u64::try_from(secs).ok().and_then(|s| {
                SystemTime::UNIX_EPOCH
                    .checked_add(Duration::new(s, nanos.clamp(0, 999_999_999) as u32))
            });
            if let Some(c) = changed {
                return c.max(self.modified);
            }
        }
        self.modified
    }
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

/// How long before its hashing a file must have last changed for its hash to be reused while
/// its length and [`Stamp`] stay the same: file times are coarse (a clock tick), so a file
/// written again within that tick can keep them all; a file changed this recently is hashed
/// again every time.
const SETTLED: Duration = Duration::from_secs(2);

/// The fingerprint of the files a build reads now. A file keeps its hash from `last` without
/// being read only when its length and [`Stamp`] are those `last` saw, it had not changed for
/// [`SETTLED`] when `last` hashed it, and it is not in `named` (the files the events since
/// named: whatever the times say, a file an event names is read again). Those are the files an
/// edit did not touch; a `touch` makes a file read again, and its equal bytes change nothing.
pub(super) fn fingerprint(
    root: &Path,
    last: &Fingerprint,
    named: &BTreeSet<String>,
) -> Fingerprint {
    use std::hash::{Hash, Hasher};
    let mut files = vec![root.join(crate::config::config_file())];
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
        let rel = crate::confine::display_path(root, &path);
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
                    stamp: None,
                    hashed: SystemTime::now(),
                },
            );
            continue;
        }
        let stamp = meta.as_ref().ok().and_then(Stamp::of);
        let len = meta.as_ref().map(|m| m.len()).ok();
        if let (Some(old), Some(len), Some(st)) = (last.0.get(&rel), len, &stamp)
            && old.len == len
            && old.stamp.as_ref() == Some(st)
            && st
                .latest()
                .checked_add(SETTLED)
                .is_some_and(|t| t < old.hashed)
            && !named.contains(&rel)
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
                stamp,
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

/// The events of one burst: the site-relative paths they named under content/ or themes/ (or
/// those folders themselves), and whether the watcher lost track (then every file is read).
#[derive(Default)]
struct Burst {
    paths: Vec<String>,
    rescan: bool,
}

impl Burst {
    /// Adds an event; whether it counts. Other changes in the root (a README, output/) do not.
    fn add(&mut self, e: &notify::Event, shown: &dyn Fn(&Path) -> String) -> bool {
        if !may_change(e) {
            return false;
        }
        let before = self.paths.len();
        self.paths
            .extend(e.paths.iter().map(|p| shown(p)).filter(|p| {
                WATCHED.iter().any(|d| {
                    p.strip_prefix(d)
                        .is_some_and(|r| r.is_empty() || r.starts_with('/'))
                })
            }));
        self.rescan |= e.need_rescan();
        self.paths.len() > before || e.need_rescan()
    }
}

pub(super) fn watch_loop(
    shared: &Shared,
    watcher: Option<SharedWatcher>,
    rx: mpsc::Receiver<notify::Result<notify::Event>>,
) {
    let canonical = shared.root.canonicalize().ok();
    let shown = |p: &Path| {
        let base = match &canonical {
            Some(c) if p.starts_with(c) => c.as_path(),
            _ => shared.root.as_path(),
        };
        crate::confine::display_path(base, p)
    };
    while !shared.stop.load(Ordering::SeqCst) {
        let mut burst = Burst::default();
        match rx.recv_timeout(TICK) {
            Ok(Ok(e)) if burst.add(&e, &shown) => {}
            Ok(Ok(_)) => continue,
            Ok(Err(e)) => {
                (shared.log)(&format!("warning: watching files: {e}"));
                continue;
            }
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        }
        // Let a burst of changes (an editor's save) settle: QUIET with no event that can
        // change bytes, but no longer than MAX_SETTLE in all.
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
                Ok(Ok(e)) if burst.add(&e, &shown) => quiet_since = Instant::now(),
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        // content/ or themes/ made, removed or renamed: watch it afresh before the files are
        // looked at, so that nothing written after this goes unseen.
        if let Some(w) = &watcher {
            for name in WATCHED {
                if burst.paths.iter().any(|p| p == name) {
                    rewatch(shared, w, name);
                }
            }
        }
        // Name a file that still exists (not an editor's temporary file).
        let first = burst
            .paths
            .iter()
            .find(|p| shared.root.join(p).is_file())
            .or(burst.paths.first())
            .cloned();
        let named: BTreeSet<String> = burst.paths.into_iter().collect();
        let last = if burst.rescan {
            Fingerprint::default()
        } else {
            lock(&shared.fingerprint).clone()
        };
        let now = fingerprint(&shared.root, &last, &named);
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
    fn only_changes_that_matter_count() {
        let root = Path::new("/site");
        let shown = |p: &Path| crate::confine::display_path(root, p);
        let event = |kind, path: &str| notify::Event::new(kind).add_path(root.join(path));
        let modify = EventKind::Modify(notify::event::ModifyKind::Any);
        let mut burst = Burst::default();
        for path in ["README.md", "output", "contents/x.md", "themes.old"] {
            assert!(!burst.add(&event(modify, path), &shown), "{path}");
        }
        let open = EventKind::Access(notify::event::AccessKind::Any);
        assert!(!burst.add(&event(open, "content/2024-01.md"), &shown));
        for path in ["content/2024-01.md", "themes", "content"] {
            assert!(burst.add(&event(modify, path), &shown), "{path}");
        }
        assert_eq!(burst.paths, ["content/2024-01.md", "themes", "content"]);
        assert!(!burst.rescan);
        let lost = notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        assert!(burst.add(&lost, &shown));
        assert!(burst.rescan);
    }

    #[test]
    fn a_same_length_rewrite_is_seen_and_touch_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let file = root.join("content/2024-01.md");
        std::fs::write(&file, "| x | NS |\n").unwrap();
        let none = BTreeSet::new();
        let first = fingerprint(root, &Fingerprint::default(), &none);
        assert_eq!(first.0.len(), 1);
        // Rewritten at once with as many bytes: its time is too recent for the hash to be kept.
        std::fs::write(&file, "| x | NF |\n").unwrap();
        let second = fingerprint(root, &first, &none);
        assert_ne!(first, second);
        // The same bytes again (a touch): equal.
        std::fs::write(&file, "| x | NF |\n").unwrap();
        assert_eq!(fingerprint(root, &second, &none), second);
        // A file last changed long before it was hashed keeps its hash without being read...
        let path = "content/2024-01.md";
        let mut settled = fingerprint(root, &second, &none);
        let entry = settled.0.get_mut(path).unwrap();
        entry.hashed = SystemTime::now() + Duration::from_secs(3600);
        entry.hash = 7;
        assert_eq!(fingerprint(root, &settled, &none).0[path].hash, 7);
        // ...unless an event named it,
        let named = BTreeSet::from([path.to_string()]);
        assert_eq!(
            fingerprint(root, &settled, &named).0[path].hash,
            second.0[path].hash
        );
        // or (Unix) its change time moved while its modification time stayed (`touch -r`).
        #[cfg(unix)]
        {
            let mut moved = settled.clone();
            let stamp = moved.0.get_mut(path).unwrap().stamp.as_mut().unwrap();
            stamp.changed.0 -= 1;
            assert_eq!(
                fingerprint(root, &moved, &none).0[path].hash,
                second.0[path].hash
            );
        }
        // An editor's temporary file is not read by a build and does not count.
        std::fs::write(root.join("content/.2024-01.md.tmp"), "x").unwrap();
        assert_eq!(fingerprint(root, &second, &none), second);
    }
}
