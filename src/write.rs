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
pub const MARKER: &str = ".statusgen-output";

#[derive(Debug)]
pub enum WriteError {
    /// The output exists, is not empty and was not written by statusgen.
    NotOurs(String),
    /// Two files claim one path (a bug or a configuration that maps two pages to one place).
    Clash(String),
    Io(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotOurs(s) | WriteError::Clash(s) | WriteError::Io(s) => f.write_str(s),
        }
    }
}

fn io(path: &Path, e: std::io::Error) -> WriteError {
    WriteError::Io(format!("{}: {e}", path.display()))
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
        let e = e.map_err(|e| WriteError::Io(e.to_string()))?;
        if !e.file_type().is_dir() {
            out.insert(crate::load::display_path(dir, e.path()));
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

fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let parent = output.parent().unwrap_or(Path::new("."));
    let mut i = 0;
    loop {
        let candidate = parent.join(format!(
            ".{name}.{tag}{}",
            if i == 0 {
                String::new()
            } else {
                format!("-{i}")
            }
        ));
        if !candidate.exists() {
            return candidate;
        }
        i += 1;
    }
}

/// Writes every file into `output`, atomically replacing what was there.
pub fn write_output(output: &Path, files: &[OutputFile], force: bool) -> Result<(), WriteError> {
    let mut seen: std::collections::HashMap<String, &OutputFile> =
        std::collections::HashMap::with_capacity(files.len());
    for f in files {
        if !safe_relative(&f.path) || f.path == MARKER {
            return Err(WriteError::Io(format!(
                "refusing to write outside the output directory: {}",
                f.path
            )));
        }
        // Paths are compared as Windows and macOS do (case-insensitively), so the output also
        // checks out there; no page is ever silently lost to another.
        if let Some(first) = seen.insert(f.path.to_lowercase(), f) {
            return Err(WriteError::Clash(format!(
                "two files would be written to {}: {} and {}; nothing was written",
                f.path, first.source, f.source
            )));
        }
    }
    let move_aside = check_replace(output, force)?;
    if let Some(parent) = output.parent()
        && !parent.as_os_str().is_empty()
    {
        fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    }
    let staging = sibling(output, "staging");
    let result = (|| {
        fs::create_dir_all(&staging).map_err(|e| io(&staging, e))?;
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
    if output.exists() {
        let old = if move_aside {
            let name = output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let parent = output.parent().unwrap_or(Path::new("."));
            let mut i = 1;
            loop {
                let c = parent.join(format!("{name}.replaced-{i}"));
                if !c.exists() {
                    break c;
                }
                i += 1;
            }
        } else {
            sibling(output, "old")
        };
        fs::rename(output, &old).map_err(|e| io(output, e))?;
        if let Err(e) = fs::rename(&staging, output) {
            let _ = fs::rename(&old, output);
            let _ = fs::remove_dir_all(&staging);
            return Err(io(output, e));
        }
        if !move_aside {
            // Only statusgen's own files (checked above) are removed.
            let _ = fs::remove_dir_all(&old);
        }
    } else {
        fs::rename(&staging, output).map_err(|e| io(output, e))?;
    }
    Ok(())
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
}
