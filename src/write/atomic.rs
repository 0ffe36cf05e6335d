//! Rewriting a user's file without ever losing a byte: a temporary file beside it, flushed, then
//! renamed (or linked) into place. `fmt`, `new` and the importers write through here.

use std::fs;
use std::path::{Path, PathBuf};

/// How old a temporary file of `fmt`, `new` or an importer must be before a later run removes
/// it as the leftover of a killed process (a live one holds its file for milliseconds).
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes `.<name>.statusgen-tmp-*` files beside `path` that a killed run left behind. Only
/// files with that exact prefix, older than [`STALE_TEMP`], are touched.
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.statusgen-tmp-");
    let now = std::time::SystemTime::now();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let stale = entry.file_name().to_string_lossy().starts_with(&prefix)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > STALE_TEMP));
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A new temporary file beside `path` (`.<name>.statusgen-tmp-<pid>-<n>`, created exclusively)
/// holding `bytes`, flushed to disk. Stale temporary files of the same name left by a killed run
/// are removed first.
fn temp_beside(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temps(dir, &name);
    for i in 0u32.. {
        let tmp = dir.join(format!(".{name}.statusgen-tmp-{}-{i}", std::process::id()));
        let mut f = match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = f.write_all(bytes).and_then(|()| f.sync_all());
        return match written {
            Ok(()) => Ok(tmp),
            Err(e) => {
                drop(f);
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        };
    }
    unreachable!("u32 range exhausted")
}

/// Flushes a directory entry change (a rename or link) to disk, where the platform allows it.
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent()
        && let Ok(d) = fs::File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
    {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Replaces the file at `path` with `bytes` so that no byte is ever lost: the new bytes go to a
/// temporary file in the same folder, are flushed to disk, get the original's permissions, and
/// the temporary file is renamed over the original. On any error the original is untouched and
/// the temporary file removed. A symlink is followed: its target is replaced.
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = fs::canonicalize(path)?;
    let perms = fs::metadata(&target)?.permissions();
    let tmp = temp_beside(&target, bytes)?;
    let done = fs::set_permissions(&tmp, perms).and_then(|()| fs::rename(&tmp, &target));
    if let Err(e) = done {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(&target);
    Ok(())
}

/// Creates the file `path` holding `bytes`, never overwriting: the bytes are written to a
/// temporary file in the same folder and flushed first, then linked into place, which fails
/// with `AlreadyExists` if `path` exists. Nobody ever sees a partly written file at `path`.
pub fn create_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_beside(path, bytes)?;
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            sync_dir(path);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        // File systems without hard links: exclusive create, then write and flush.
        Err(_) => {
            use std::io::Write;
            let mut f = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            let written = f.write_all(bytes).and_then(|()| f.sync_all());
            if written.is_err() {
                let _ = fs::remove_file(path);
            }
            written
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn replace_file_keeps_permissions_and_leaves_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("a.md");
        fs::write(&p, "old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        replace_file(&p, b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn create_file_never_overwrites() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("a.md");
        create_file(&p, b"first").unwrap();
        let e = create_file(&p, b"second").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&p).unwrap(), b"first");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_killed_runs_temporary_file_is_removed_by_the_next_write() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("2024-01.md");
        fs::write(&p, "old").unwrap();
        let left = tmp.path().join(".2024-01.md.statusgen-tmp-99999-0");
        let fresh = tmp.path().join(".2024-01.md.statusgen-tmp-99998-0");
        let other = tmp.path().join(".notes.md.statusgen-tmp-99999-0");
        for f in [&left, &fresh, &other] {
            fs::write(f, "partial").unwrap();
        }
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for f in [&left, &other] {
            fs::File::options()
                .write(true)
                .open(f)
                .unwrap()
                .set_modified(hour_ago)
                .unwrap();
        }
        replace_file(&p, b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert!(
            !left.exists(),
            "a stale temporary file of this name is removed"
        );
        assert!(
            fresh.exists(),
            "a recent one may belong to a live run and stays"
        );
        assert!(
            other.exists(),
            "another file's temporary file is not ours to remove"
        );
    }
}
