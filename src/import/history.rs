//! `statusgen import git-history FILE --repo REPO`: one markdown file's history in git becomes
//! one snapshot per month.
//!
//! For every calendar month (UTC) in which a first-parent commit of REPO's HEAD changed FILE,
//! the snapshot of that month is FILE as it was after the last such commit of the month,
//! followed across renames (`git log --follow`). The file is kept byte for byte (its shape may be
//! one only the site's configuration describes); the front matter names the month, the path the
//! file had at that commit and the commit. A month without a change has no snapshot.

use crate::import::ImportError;
use crate::import::generated::{self, FrontMatter, Generated};
use crate::import::git::{FileChange, GitError, Repo};
use crate::model::Month;
use std::collections::BTreeMap;
use std::path::Path;

/// The `generator:` front matter value of the files this importer writes.
pub const GENERATOR: &str = "statusgen import git-history";

pub use crate::import::gateway::{Imported, MonthRange};

/// FILE as git wants it: a relative, `/`-separated path inside the repository.
fn repo_path(file: &str) -> Result<String, ImportError> {
    let path = file.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let bad = path.is_empty()
        || path.starts_with('/')
        || path.chars().any(char::is_control)
        || path.split('/').any(|s| s == ".." || s == ".");
    if bad {
        return Err(ImportError::Input(format!(
            "{file:?} is not a path inside the repository; give the file's path from the repository's top, such as docs/compliance.md"
        )));
    }
    Ok(path.to_string())
}

/// The file's text without a front matter block of its own (statusgen writes its own).
fn without_front_matter(text: &str) -> &str {
    let text = crate::text::strip_bom(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return text;
    };
    let mut offset = text.len() - rest.len();
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return &text[offset..];
        }
    }
    text
}

/// Reads the history of `file` in `repo` and builds every month's snapshot text.
pub fn import(
    repo: &Path,
    file: &str,
    range: MonthRange,
    limit_bytes: u64,
) -> Result<Imported, ImportError> {
    let path = repo_path(file)?;
    let git = Repo::open(repo).map_err(ImportError::Git)?;
    let head = git
        .first_parent_log("HEAD", &[])
        .map_err(ImportError::Git)?
        .into_iter()
        .next()
        .ok_or_else(|| {
            ImportError::Git(GitError::Failed(format!(
                "{} has no commits",
                repo.display()
            )))
        })?;
    crate::import::git::not_in_future(&head, "HEAD").map_err(ImportError::Git)?;
    let head_month = Month::of_unix_time(head.time);
    if git
        .ls_tree(&head.id, &[&path])
        .map_err(ImportError::Git)?
        .iter()
        .any(|e| e.path == path && e.kind != crate::import::git::EntryKind::Blob)
    {
        return Err(ImportError::Input(format!(
            "{path} is not a file at HEAD of {}; give the path of one markdown file",
            repo.display()
        )));
    }
    let changes = git.file_history("HEAD", &path).map_err(ImportError::Git)?;
    if changes.is_empty() {
        return Err(ImportError::Input(format!(
            "no first-parent commit of HEAD in {} changed {path}; check the path (from the repository's top)",
            repo.display()
        )));
    }
    // A record without a path (a merge, on a git that shows merges without their diff) takes
    // the name the file had before the next newer change.
    let mut changes = changes;
    let mut newer = path.clone();
    for c in &mut changes {
        if c.path.is_empty() {
            c.path = newer.clone();
        }
        newer = c.from.clone().unwrap_or_else(|| c.path.clone());
    }
    // `git log --follow` on a directory follows some file in it.
    if changes[0].path != path {
        return Err(ImportError::Input(format!(
            "{path} is not a file in the history of HEAD of {}; give the path of one markdown file",
            repo.display()
        )));
    }
    // Newest first: the first change seen in a month is the last one of that month.
    let mut last_of_month: BTreeMap<Month, &FileChange> = BTreeMap::new();
    for c in &changes {
        last_of_month
            .entry(Month::of_unix_time(c.commit.time))
            .or_insert(c);
    }
    if let Some(first) = last_of_month.keys().next() {
        crate::import::git::range_within(range.since, range.until, *first, head_month)
            .map_err(ImportError::Input)?;
    }
    let mut notes = Vec::new();
    let mut wanted: Vec<(Month, &str, String, String)> = Vec::new();
    for (month, change) in last_of_month {
        if range.since.is_some_and(|s| month < s) || range.until.is_some_and(|u| month > u) {
            continue;
        }
        if change.deleted {
            notes.push(format!(
                "{month}: the file was deleted at {}; no snapshot for that month",
                crate::import::gateway::short(&change.commit.id)
            ));
            continue;
        };
        let p = &change.path;
        let object = format!("{}:{p}", change.commit.id);
        wanted.push((month, change.commit.id.as_str(), p.clone(), object));
    }
    // The snapshot size limit (`limits: snapshot_mb`) holds here as in `build`: sizes are
    // asked first, and a version over it is skipped with a warning, never read.
    let all: Vec<String> = wanted.iter().map(|w| w.3.clone()).collect();
    let sizes = git.blob_sizes(&all).map_err(ImportError::Git)?;
    wanted.retain(|(month, commit, p, object)| match sizes.get(object) {
        Some(&n) if n > limit_bytes => {
            notes.push(format!(
                "{month}: {p} at {} is {n} bytes, over the snapshot limit of {limit_bytes} (limits: snapshot_mb in content/site.yaml); no snapshot for that month",
                crate::import::gateway::short(commit)
            ));
            false
        }
        _ => true,
    });
    let objects: Vec<String> = wanted.iter().map(|w| w.3.clone()).collect();
    let blobs = git.read_blobs(&objects).map_err(ImportError::Git)?;
    let mut files = Vec::with_capacity(wanted.len());
    for (month, commit, p, object) in &wanted {
        let bytes = blobs.get(object).ok_or_else(|| {
            ImportError::Git(GitError::Failed(format!(
                "git cannot read {p} at {commit} in {}",
                repo.display()
            )))
        })?;
        let text = std::str::from_utf8(bytes).map_err(|_| {
            ImportError::Input(format!(
                "{p} at {} is not UTF-8 text",
                crate::import::gateway::short(commit)
            ))
        })?;
        let front = FrontMatter {
            generator: GENERATOR,
            source: Some(p),
            source_commit: Some(commit),
            current_releases: None,
        };
        files.push(Generated {
            rel: format!("content/{month}.md"),
            month: *month,
            text: generated::finish_verbatim(*month, &front, without_front_matter(text)),
        });
    }
    Ok(Imported {
        files,
        head_month,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_repository_only() {
        assert_eq!(repo_path("./docs/a.md").unwrap(), "docs/a.md");
        assert_eq!(repo_path("docs\\a.md").unwrap(), "docs/a.md");
        for bad in ["", "/etc/passwd", "../x.md", "a/../../b", "a\nb"] {
            assert!(repo_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn own_front_matter_dropped() {
        assert_eq!(without_front_matter("---\ntitle: x\n---\n# A\n"), "# A\n");
        assert_eq!(without_front_matter("# A\n---\n"), "# A\n---\n");
        assert_eq!(without_front_matter("---\nno end\n"), "---\nno end\n");
    }
}
