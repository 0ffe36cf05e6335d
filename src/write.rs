//! The one writer: every output file goes through [`write_output`]. It renders into a staging
//! directory beside the output and swaps it in only when everything was written, so a failed
//! build leaves the previous output untouched. A marker file lists what statusgen wrote; an
//! existing non-empty output without it (or with files the marker does not list) is refused
//! unless forced, and even then it is moved aside, never deleted. Nothing is written outside the
//! output directory.

use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

mod atomic;
pub use atomic::{create_file, replace_file};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Site-relative path with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
    /// What produced the file ("the implementor.html page \"Kong\""), for messages.
    pub source: String,
}

/// The marker file statusgen leaves in every output directory it writes.
pub use crate::confine::MARKER;

/// The one hidden file statusgen publishes (it writes it itself; GitHub Pages reads it).
const NOJEKYLL: &str = ".nojekyll";

#[derive(Debug)]
pub enum WriteError {
    /// The output exists, is not empty and was not written by statusgen.
    NotOurs(String),
    /// Two files claim one path (a bug or a configuration that maps two pages to one place).
    Clash(String),
    /// Another build holds the lock.
    Busy(String),
    /// A path the writer will not write to or publish (outside the output, hidden, not a
    /// folder name).
    Refused(String),
    /// Reading or writing a file failed.
    Io(crate::error::IoError),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotOurs(s)
            | WriteError::Clash(s)
            | WriteError::Busy(s)
            | WriteError::Refused(s) => f.write_str(s),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io(e) => Some(e),
            _ => None,
        }
    }
}

fn io(path: &Path, e: std::io::Error) -> WriteError {
    WriteError::Io(crate::error::IoError::new("", path, e))
}

/// Whether a site-relative path stays inside the output directory.
fn safe_relative(p: &str) -> bool {
    !p.is_empty()
        && !p.contains('\\')
        && Path::new(p)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Files (relative paths) under `dir`, sorted.
fn list_files(dir: &Path) -> Result<BTreeSet<String>, WriteError> {
    let mut out = BTreeSet::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            match e.into_io_error() {
                Some(source) => io(&path, source),
                None => WriteError::Refused(format!("{}: a symlink loop", path.display())),
            }
        })?;
        if !e.file_type().is_dir() {
            out.insert(crate::confine::display_path(dir, e.path()));
        }
    }
    Ok(out)
}

/// Decides whether `output` may be replaced. `Ok(true)` when it must be moved aside (forced).
fn check_replace(output: &Path, force: bool) -> Result<bool, WriteError> {
    if !output.exists() {
        return Ok(false);
    }
    if !output.is_dir() {
        return Err(WriteError::NotOurs(format!(
            "{} exists and is not a directory",
            output.display()
        )));
    }
    let existing = list_files(output)?;
    if existing.is_empty() {
        return Ok(false);
    }
    let marker = output.join(MARKER);
    let listed: Option<BTreeSet<String>> = fs::read_to_string(&marker)
        .ok()
        .map(|t| t.lines().map(str::to_string).collect());
    let foreign: Vec<&String> = match &listed {
        Some(l) => existing
            .iter()
            .filter(|f| f.as_str() != MARKER && !l.contains(*f))
            .collect(),
        None => existing.iter().collect(),
    };
    if foreign.is_empty() {
        return Ok(false);
    }
    if force {
        return Ok(true);
    }
    let what = if listed.is_none() {
        "was not created by statusgen (no marker file)".to_string()
    } else {
        format!(
            "holds files statusgen did not write, such as {}",
            foreign[0]
        )
    };
    Err(WriteError::NotOurs(format!(
        "refusing to replace {}: it {what}; choose another --output or pass --force (the old directory is then kept beside it)",
        output.display()
    )))
}

/// The output's parent folder and its name: the lock, staging and old folders live beside it.
fn place(output: &Path) -> Result<(PathBuf, String), WriteError> {
    let abs = std::path::absolute(output).map_err(|e| io(output, e))?;
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| n != ".." && n != ".")
        .ok_or_else(|| {
            WriteError::Refused(format!(
                "cannot use {} as the output: name a folder, like ./output",
                output.display()
            ))
        })?;
    let parent = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
    Ok((parent, name))
}

/// Holds the build lock beside the output (`.<name>.lock`) while alive. The operating system
/// releases it when the process exits in any way, kills included; a normal exit also removes
/// the file, so nothing is left beside the output.
struct Lock {
    path: PathBuf,
    _file: fs::File,
}

impl Lock {
    fn acquire(parent: &Path, name: &str) -> Result<Lock, WriteError> {
        let path = parent.join(format!(".{name}.lock"));
        loop {
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| io(&path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(WriteError::Busy(format!(
                        "another statusgen build is writing {} (it holds {}); wait for it to finish and build again",
                        parent.join(name).display(),
                        path.display()
                    )));
                }
                Err(fs::TryLockError::Error(e)) => return Err(io(&path, e)),
            }
            // The holder before us removes the file before unlocking it: a lock taken on a
            // removed file is no lock, so try again with the file now at the path.
            if same_file(&file, &path) {
                return Ok(Lock { path, _file: file });
            }
        }
    }
}

#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &fs::File, path: &Path) -> bool {
    path.exists()
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked; the handle (and the lock) goes right after.
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether `dir` is a folder statusgen made (it holds the marker file).
fn is_marked(dir: &Path) -> bool {
    dir.symlink_metadata().is_ok_and(|m| m.is_dir()) && dir.join(MARKER).is_file()
}

/// Leftovers of earlier builds that were killed or failed: `.<name>.staging*` and
/// `.<name>.old*` folders. Only folders carrying the marker are ever touched.
fn leftovers(parent: &Path, name: &str) -> Vec<(PathBuf, bool)> {
    let staging = format!(".{name}.staging");
    let old = format!(".{name}.old");
    let mut out: Vec<(PathBuf, bool)> = fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            let is_old = n.starts_with(&old);
            (n.starts_with(&staging) || is_old).then(|| (e.path(), is_old))
        })
        .filter(|(p, _)| is_marked(p))
        .collect();
    out.sort();
    out
}

/// Puts back an output that a killed build had moved aside, then removes marked leftovers.
fn recover(parent: &Path, name: &str, output: &Path) -> Result<(), WriteError> {
    let found = leftovers(parent, name);
    if output.symlink_metadata().is_err()
        && let Some((old, _)) = found.iter().find(|(_, is_old)| *is_old)
    {
        fs::rename(old, output).map_err(|e| io(old, e))?;
    }
    for (dir, _) in leftovers(parent, name) {
        fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))?;
    }
    Ok(())
}

/// A new folder `.<name>.<tag>-<n>` beside the output, created exclusively (never reused).
fn create_exclusive(parent: &Path, name: &str, tag: &str) -> Result<PathBuf, WriteError> {
    for i in 0u32.. {
        let dir = parent.join(format!(".{name}.{tag}-{}-{i}", std::process::id()));
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io(&dir, e)),
        }
    }
    unreachable!("u32 range exhausted")
}

/// A free name `.<name>.old-<n>` beside the output (the rename creates it).
fn free_old(parent: &Path, name: &str) -> PathBuf {
    (0u32..)
        .map(|i| parent.join(format!(".{name}.old-{}-{i}", std::process::id())))
        .find(|p| p.symlink_metadata().is_err())
        .expect("a free name")
}

/// Checks a rendered site before anything is written: every path stays inside the output, no
/// path is hidden (`.git/…`, `static/.env`) but statusgen's own `.nojekyll`, and no two files
/// claim one path (compared case-insensitively, as on Windows and macOS), so no
/// page is ever silently lost to another. `check` runs this too.
pub fn check_files(files: &[OutputFile]) -> Result<(), WriteError> {
    check_paths(files.iter().map(|f| (f.path.as_str(), f.source.as_str())))
}

/// [`check_files`] over each file's path and source (what `check` keeps of a rendered site).
pub fn check_paths<'f>(
    files: impl IntoIterator<Item = (&'f str, &'f str)>,
) -> Result<(), WriteError> {
    let files = files.into_iter();
    let mut seen: std::collections::HashMap<String, &str> =
        std::collections::HashMap::with_capacity(files.size_hint().0);
    for (path, source) in files {
        if !safe_relative(path) || path == MARKER {
            return Err(WriteError::Refused(format!(
                "refusing to write outside the output directory: {path}"
            )));
        }
        if path != NOJEKYLL && path.split('/').any(crate::confine::is_hidden) {
            return Err(WriteError::Refused(format!(
                "refusing to publish the hidden path {path} ({source}): statusgen publishes no hidden file but its own {NOJEKYLL}"
            )));
        }
        if let Some(first) = seen.insert(path.to_lowercase(), source) {
            return Err(WriteError::Clash(format!(
                "two files would be written to {path}: {first} and {source}; nothing was written"
            )));
        }
    }
    Ok(())
}

/// Writes every file into `output`, atomically replacing what was there. A lock beside the
/// output keeps a second build out for the whole write; leftovers of killed builds are put
/// back or removed first; a failed swap restores the previous output.
pub fn write_output(output: &Path, files: &[OutputFile], force: bool) -> Result<(), WriteError> {
    check_files(files)?;
    let (parent, name) = place(output)?;
    let output = parent.join(&name);
    fs::create_dir_all(&parent).map_err(|e| io(&parent, e))?;
    let _lock = Lock::acquire(&parent, &name)?;
    recover(&parent, &name, &output)?;
    let move_aside = check_replace(&output, force)?;
    let staging = create_exclusive(&parent, &name, "staging")?;
    let result = (|| {
        // Marked at once, so a killed build's staging folder is recognised and removed.
        fs::write(staging.join(MARKER), "").map_err(|e| io(&staging, e))?;
        // Directories first, in order; then the files, in parallel (the bytes are fixed, so the
        // order of writes cannot change the result).
        let dirs: BTreeSet<PathBuf> = files
            .iter()
            .filter_map(|f| staging.join(&f.path).parent().map(Path::to_path_buf))
            .collect();
        for dir in &dirs {
            fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        files.par_iter().try_for_each(|f| {
            let path = staging.join(&f.path);
            fs::write(&path, &f.bytes).map_err(|e| io(&path, e))
        })?;
        let listing: String = files.iter().map(|f| format!("{}\n", f.path)).collect();
        fs::write(staging.join(MARKER), listing).map_err(|e| io(&staging, e))
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if output.symlink_metadata().is_ok() {
        let old = if move_aside {
            (1..)
                .map(|i| parent.join(format!("{name}.replaced-{i}")))
                .find(|c| c.symlink_metadata().is_err())
                .expect("a free name")
        } else {
            free_old(&parent, &name)
        };
        if let Err(e) = fs::rename(&output, &old) {
            let _ = fs::remove_dir_all(&staging);
            return Err(WriteError::Io(
                crate::error::IoError::new("cannot move aside to replace it", &output, e)
                    .then("if it is a mount point, build into a folder inside it"),
            ));
        }
        swap(&staging, &output, &old, &|from, to| fs::rename(from, to))?;
        if !move_aside {
            // Only statusgen's own files (checked above) are removed.
            let _ = fs::remove_dir_all(&old);
        }
    } else if let Err(e) = fs::rename(&staging, &output) {
        let _ = fs::remove_dir_all(&staging);
        return Err(io(&output, e));
    }
    Ok(())
}

/// Moves the finished `staging` folder to `output`, whose previous contents were just moved to
/// `old`. If that rename fails, the previous output is put back, so a failed build always leaves
/// one complete site. `rename` is `fs::rename`, or a failing one in the tests.
fn swap(
    staging: &Path,
    output: &Path,
    old: &Path,
    rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let Err(e) = rename(staging, output) else {
        return Ok(());
    };
    let restored = rename(old, output);
    let _ = fs::remove_dir_all(staging);
    let failed = crate::error::IoError::new("", output, e);
    Err(WriteError::Io(match restored {
        Ok(()) => failed.then("the previous output was put back"),
        Err(r) => failed.then(format!(
            "the previous output is at {} ({r}); the next build puts it back",
            old.display()
        )),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, source: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: source.as_bytes().to_vec(),
            source: source.into(),
        }
    }

    #[test]
    fn two_files_at_one_path_are_refused_naming_both() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        for other in [
            "implementors/kong/index.html",
            "Implementors/Kong/index.html",
        ] {
            let files = [
                file("implementors/kong/index.html", "the page of \"Kong\""),
                file("index.html", "home"),
                file(other, "the page of \"Kong!\""),
            ];
            let e = write_output(&out, &files, false).unwrap_err().to_string();
            assert!(
                e.contains("the page of \"Kong\"") && e.contains("the page of \"Kong!\""),
                "{e}"
            );
            assert!(!out.exists());
        }
    }

    #[test]
    fn hidden_paths_are_never_published_but_nojekyll() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        for hidden in [".git/config", "static/.env", "static/.git/HEAD", "a/.b/c"] {
            let files = [file("index.html", "home"), file(hidden, "a theme file")];
            let e = write_output(&out, &files, false).unwrap_err().to_string();
            assert!(e.contains(hidden) && e.contains("hidden"), "{e}");
            assert!(!out.exists());
        }
        write_output(&out, &[file(".nojekyll", ".nojekyll")], false).unwrap();
        assert!(out.join(".nojekyll").is_file());
    }

    #[test]
    fn a_failed_swap_puts_the_previous_output_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        write_output(&out, &[file("index.html", "first build")], false).unwrap();
        // The swap as write_output does it: the output moved aside, then the staging folder
        // renamed into place — which fails here, as on a full or read-only file system.
        let staging = tmp.path().join(".out.staging-test");
        fs::create_dir(&staging).unwrap();
        fs::write(staging.join("index.html"), "second build").unwrap();
        let old = tmp.path().join(".out.old-test");
        fs::rename(&out, &old).unwrap();
        let failing = |from: &Path, to: &Path| {
            if from == staging.as_path() {
                Err(std::io::Error::other("disk on fire"))
            } else {
                fs::rename(from, to)
            }
        };
        let e = swap(&staging, &out, &old, &failing)
            .unwrap_err()
            .to_string();
        assert!(e.contains("disk on fire") && e.contains("put back"), "{e}");
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "first build"
        );
        assert!(!staging.exists() && !old.exists());
        // And when even the way back fails, the next build puts the old output back.
        write_output(&out, &[file("index.html", "first build")], false).unwrap();
        fs::rename(&out, &old).unwrap();
        fs::create_dir(&staging).unwrap();
        let nothing_works = |_: &Path, _: &Path| Err(std::io::Error::other("disk on fire"));
        let e = swap(&staging, &out, &old, &nothing_works)
            .unwrap_err()
            .to_string();
        assert!(e.contains("next build puts it back"), "{e}");
        assert!(!out.exists() && old.exists());
        write_output(&out, &[file("index.html", "third build")], false).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "third build"
        );
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "no leftovers");
    }
}
