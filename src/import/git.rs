//! Generic read-only git access through the `git` command (no new crates; see the README for
//! why not gix). A handful of processes per import, however long the history: one `git log` for
//! the first-parent walk, one `git ls-tree -r` per tree read, and one `git cat-file --batch`
//! for every blob wanted at once. Shared by the importers (conformance reports; one file's
//! history).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::model::Month;

/// Refuses a commit dated after the present (with a day of slack for clocks and time zones):
/// its month would stretch an import over every month up to it (a HEAD dated 2200 would make
/// two thousand snapshots).
pub fn not_in_future(c: &Commit, what: &str) -> Result<(), GitError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(i64::MAX);
    if c.time > now.saturating_add(86_400) {
        return Err(GitError::Failed(format!(
            "{what} {} is dated {}, after today; a commit from the future would stretch the import over every month up to it, so nothing is imported (check the commit's date)",
            &c.id[..c.id.len().min(12)],
            Month::of_unix_time(c.time)
        )));
    }
    Ok(())
}

/// Refuses `--since`/`--until` months outside `first..=head` (the months the source has).
pub fn range_within(
    since: Option<Month>,
    until: Option<Month>,
    first: Month,
    head: Month,
) -> Result<(), String> {
    for (flag, m) in [("--since", since), ("--until", until)] {
        if let Some(m) = m
            && (m < first || m > head)
        {
            return Err(format!(
                "{flag} {m} is outside the months the source has ({first} to {head}); nothing to import"
            ));
        }
    }
    Ok(())
}

/// Why a repository cannot be read.
#[derive(Debug)]
pub enum GitError {
    /// The `git` command could not be started: the `io::Error` of the spawn is the source.
    NoGit(std::io::Error),
    /// The path is not a git repository (work tree or bare).
    NotARepository(PathBuf),
    /// A shallow clone: its history is cut off, so months would silently be missing.
    Shallow(PathBuf),
    /// A running git could not be read from or waited for (`git <args>` in `repo`); the
    /// `io::Error` is the source.
    Pipe {
        args: String,
        repo: PathBuf,
        source: std::io::Error,
    },
    /// A git command failed, or printed what it should not: git's own words.
    Failed(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::NoGit(e) => write!(f, "cannot run git: {e}; install git and try again"),
            GitError::NotARepository(p) => write!(
                f,
                "{} is not a git repository; give the path of a clone (work tree or bare)",
                p.display()
            ),
            GitError::Shallow(p) => write!(
                f,
                "{} is a shallow clone, so its history is incomplete; clone with full history (git clone without --depth, or git fetch --unshallow) and try again",
                p.display()
            ),
            GitError::Pipe { args, repo, source } => {
                write!(f, "git {args} failed in {}: {source}", repo.display())
            }
            GitError::Failed(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for GitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GitError::NoGit(e) | GitError::Pipe { source: e, .. } => Some(e),
            GitError::NotARepository(_) | GitError::Shallow(_) | GitError::Failed(_) => None,
        }
    }
}

/// An object id as git prints it (40 or 64 hex digits).
pub type Oid = String;

/// One commit of a first-parent walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: Oid,
    /// Committer time, seconds since the Unix epoch (UTC).
    pub time: i64,
}

/// One first-parent commit that changed a followed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub commit: Commit,
    /// The file's path after the commit (the path it had, if the commit deleted it); empty when
    /// git named no path (a merge, with a git that shows no diff for merges).
    pub path: String,
    /// The path before the commit, when the commit renamed or copied the file.
    pub from: Option<String>,
    /// Whether the commit deleted the file.
    pub deleted: bool,
}

/// What a tree entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Blob,
    /// A symbolic link: the blob holds the link target.
    Symlink,
    Tree,
    /// A submodule (gitlink).
    Commit,
}

/// One entry of a recursive tree listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    pub kind: EntryKind,
    pub oid: Oid,
    /// Path from the repository root, `/`-separated.
    pub path: String,
}

/// A repository opened for reading.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The path given (work tree or git directory); every command runs with `-C` there.
    pub path: PathBuf,
}

impl Repo {
    /// Opens `path`, refusing what is not a repository and shallow clones.
    pub fn open(path: &Path) -> Result<Repo, GitError> {
        let repo = Repo {
            path: path.to_path_buf(),
        };
        let out = repo
            .command(&["rev-parse", "--is-shallow-repository"])
            .output()
            .map_err(GitError::NoGit)?;
        if !out.status.success() {
            return Err(GitError::NotARepository(path.to_path_buf()));
        }
        if String::from_utf8_lossy(&out.stdout).trim() == "true" {
            return Err(GitError::Shallow(path.to_path_buf()));
        }
        Ok(repo)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new("git");
        c.arg("-C").arg(&self.path);
        // Plain, stable output whatever the user's configuration says.
        c.args([
            "-c",
            "core.quotepath=off",
            "-c",
            "log.showSignature=false",
            "-c",
            "core.fsmonitor=false",
        ]);
        c.args(args);
        c.env("LC_ALL", "C");
        // The repository is the one given, whatever the caller's environment points at.
        for var in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES",
            "GIT_NAMESPACE",
            "GIT_REPLACE_REF_BASE",
        ] {
            c.env_remove(var);
        }
        c.env("GIT_NO_REPLACE_OBJECTS", "1");
        c.stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        let out = self.command(args).output().map_err(GitError::NoGit)?;
        if !out.status.success() {
            return Err(GitError::Failed(format!(
                "git {} failed in {}: {}",
                args.join(" "),
                self.path.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(out.stdout)
    }

    /// The commit id of `rev` (for example `HEAD`).
    pub fn resolve(&self, rev: &str) -> Result<Oid, GitError> {
        let out = self.run(&[
            "rev-parse",
            "--verify",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ])?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// The first-parent history of `rev`, newest first, optionally limited to commits touching
    /// `paths`.
    pub fn first_parent_log(&self, rev: &str, paths: &[&str]) -> Result<Vec<Commit>, GitError> {
        let mut args = vec!["log", "--first-parent", "--format=%H %ct", rev, "--"];
        args.extend_from_slice(paths);
        let out = self.run(&args)?;
        let text = String::from_utf8_lossy(&out);
        let mut commits = Vec::new();
        for line in text.lines() {
            let Some((id, time)) = line.split_once(' ') else {
                continue;
            };
            let time = time.trim().parse::<i64>().map_err(|_| {
                GitError::Failed(format!("git log printed an unreadable commit time: {line}"))
            })?;
            commits.push(Commit {
                id: id.to_string(),
                time,
            });
        }
        Ok(commits)
    }

    /// Every first-parent commit of `rev` that changed `path`, newest first, following the file
    /// across renames: each with the file's path after that commit. Unlike `git log --follow`,
    /// which compares the file with every file a commit deletes (reading their blobs, so a
    /// mirror or partial clone missing an unrelated blob fails), the walk reads only trees,
    /// and at the commit that added the path compares it with the deleted files one at a time:
    /// the same blob first, then files of its extension (same name first), each by `git
    /// diff-tree -M` limited to the two paths. A candidate whose blob cannot be read is not the
    /// file's past.
    pub fn file_history(&self, rev: &str, path: &str) -> Result<Vec<FileChange>, GitError> {
        let mut out: Vec<FileChange> = Vec::new();
        let (mut rev, mut path) = (rev.to_string(), path.to_string());
        // Each rename followed moves to an older commit; bounded all the same.
        for _ in 0..10_000 {
            let changes = self.path_log(&rev, &path)?;
            let added = changes
                .last()
                .filter(|(_, status)| *status == 'A')
                .map(|(c, _)| c.commit.id.clone());
            out.extend(changes.into_iter().map(|(c, _)| c));
            let Some(commit) = added else { break };
            let Some(old) = self.renamed_from(&commit, &path)? else {
                break;
            };
            if let Some(last) = out.last_mut() {
                last.from = Some(old.clone());
            }
            rev = format!("{commit}^");
            path = old;
        }
        Ok(out)
    }

    /// The first-parent commits of `rev` that changed `path` (no rename detection), newest
    /// first, with the status letter of each (`A`, `M`, `D`, …).
    fn path_log(&self, rev: &str, path: &str) -> Result<Vec<(FileChange, char)>, GitError> {
        let out = self.run(&[
            "log",
            "--first-parent",
            "--no-renames",
            "--name-status",
            "-z",
            "--format=%x01%H %ct",
            rev,
            "--",
            path,
        ])?;
        let mut changes = Vec::new();
        for record in out.split(|&b| b == 1).filter(|r| !r.is_empty()) {
            let mut fields = record.split(|&b| b == 0);
            let header = String::from_utf8_lossy(fields.next().unwrap_or_default()).to_string();
            let unreadable =
                || GitError::Failed(format!("git log printed an unreadable record: {header}"));
            let (id, time) = header.trim().split_once(' ').ok_or_else(unreadable)?;
            let time = time.parse::<i64>().map_err(|_| unreadable())?;
            // Then "\n<status>\0<path>\0".
            let mut rest = fields
                .map(|f| {
                    String::from_utf8_lossy(f)
                        .trim_start_matches('\n')
                        .to_string()
                })
                .filter(|f| !f.is_empty());
            let status = rest.next().unwrap_or_default();
            let letter = status.chars().next().unwrap_or(' ');
            changes.push((
                FileChange {
                    commit: Commit {
                        id: id.to_string(),
                        time,
                    },
                    path: rest.next().unwrap_or_default(),
                    from: None,
                    deleted: letter == 'D',
                },
                letter,
            ));
        }
        Ok(changes)
    }

    /// The path `path` had before `commit` added it, when the commit renamed a file to it (see
    /// [`Repo::file_history`]); `None` for a new file or a root commit.
    fn renamed_from(&self, commit: &str, path: &str) -> Result<Option<String>, GitError> {
        let parents = self.run(&["rev-list", "--parents", "-n", "1", commit, "--"])?;
        let parents = String::from_utf8_lossy(&parents);
        let Some(parent) = parents.split_whitespace().nth(1).map(str::to_string) else {
            return Ok(None);
        };
        // Deleted files, from the two trees alone.
        let out = self.run(&[
            "diff-tree",
            "-r",
            "-z",
            "--no-renames",
            "--name-only",
            "--diff-filter=D",
            &parent,
            commit,
        ])?;
        let deleted: Vec<String> = out
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).to_string())
            .collect();
        if deleted.is_empty() {
            return Ok(None);
        }
        // The same blob under another name: a rename without an edit, no blob read.
        let oid = |commit: &str, p: &str| -> Result<Option<Oid>, GitError> {
            Ok(self
                .ls_tree(commit, &[p])?
                .into_iter()
                .find(|e| e.path == p)
                .map(|e| e.oid))
        };
        let Some(new) = oid(commit, path)? else {
            return Ok(None);
        };
        for d in &deleted {
            if oid(&parent, d)?.as_ref() == Some(&new) {
                return Ok(Some(d.clone()));
            }
        }
        // Renamed and edited: files of the same extension, the same name first, compared one
        // at a time (only those two blobs are read).
        let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
        let ext = |p: &str| {
            name(p)
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase())
        };
        let mut candidates: Vec<&String> = deleted.iter().filter(|d| ext(d) == ext(path)).collect();
        candidates.sort_by_key(|d| name(d) != name(path));
        for d in candidates.into_iter().take(32) {
            let Ok(out) = self.run(&[
                "diff-tree",
                "-r",
                "-z",
                "-M",
                "--name-status",
                &parent,
                commit,
                "--",
                d,
                path,
            ]) else {
                continue;
            };
            if out.first() == Some(&b'R') {
                return Ok(Some(d.clone()));
            }
        }
        Ok(None)
    }

    /// Every entry under `paths` (directories included, recursively) in the tree of `commit`.
    pub fn ls_tree(&self, commit: &str, paths: &[&str]) -> Result<Vec<TreeEntry>, GitError> {
        let mut args = vec!["ls-tree", "-r", "-t", "-z", commit, "--"];
        args.extend_from_slice(paths);
        let out = self.run(&args)?;
        let mut entries = Vec::new();
        for record in out.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            let record = String::from_utf8_lossy(record);
            // "<mode> SP <type> SP <oid> TAB <path>"
            let Some((meta, path)) = record.split_once('\t') else {
                continue;
            };
            let mut parts = meta.split(' ');
            let (Some(mode), Some(_), Some(oid)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let kind = match mode {
                "120000" => EntryKind::Symlink,
                "040000" => EntryKind::Tree,
                "160000" => EntryKind::Commit,
                _ => EntryKind::Blob,
            };
            entries.push(TreeEntry {
                kind,
                oid: oid.to_string(),
                path: path.to_string(),
            });
        }
        Ok(entries)
    }

    /// The size in bytes of every blob in `oids` (object ids, or `<commit>:<path>` names), by
    /// one `git cat-file --batch-check`, without reading any content: the importers check
    /// sizes before they read, so a huge (or hugely compressible) blob costs no memory.
    pub fn blob_sizes(&self, oids: &[Oid]) -> Result<HashMap<Oid, u64>, GitError> {
        let mut wanted: Vec<&Oid> = oids.iter().collect();
        wanted.sort();
        wanted.dedup();
        let mut map = HashMap::with_capacity(wanted.len());
        if wanted.is_empty() {
            return Ok(map);
        }
        let input: String = wanted.iter().map(|o| format!("{o}\n")).collect();
        let out = self.run_with_input(&["cat-file", "--batch-check"], input)?;
        let text = String::from_utf8_lossy(&out);
        for (oid, line) in wanted.iter().zip(text.lines()) {
            let mut parts = line.split(' ');
            let (_, kind, size) = (parts.next(), parts.next(), parts.next());
            if kind == Some("missing") {
                continue;
            }
            if let Some(n) = size.and_then(|s| s.parse::<u64>().ok()) {
                map.insert((*oid).clone(), n);
            }
        }
        Ok(map)
    }

    /// Runs git with `input` on its standard input and returns its standard output.
    fn run_with_input(&self, args: &[&str], input: String) -> Result<Vec<u8>, GitError> {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(GitError::NoGit)?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        // Written from another thread so that a full stdout pipe cannot block both sides.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let mut out = Vec::new();
        let read = child
            .stdout
            .take()
            .expect("piped stdout")
            .read_to_end(&mut out);
        let _ = writer.join();
        let pipe = |source| GitError::Pipe {
            args: args.join(" "),
            repo: self.path.clone(),
            source,
        };
        let status = child.wait().map_err(pipe)?;
        read.map_err(pipe)?;
        if !status.success() {
            return Err(GitError::Failed(format!(
                "git {} failed in {}",
                args.join(" "),
                self.path.display()
            )));
        }
        Ok(out)
    }

    /// The contents of every blob in `oids` (object ids, or names such as `<commit>:<path>`),
    /// read by one `git cat-file --batch`.
    pub fn read_blobs(&self, oids: &[Oid]) -> Result<HashMap<Oid, Vec<u8>>, GitError> {
        let mut wanted: Vec<&Oid> = oids.iter().collect();
        wanted.sort();
        wanted.dedup();
        let mut map = HashMap::with_capacity(wanted.len());
        if wanted.is_empty() {
            return Ok(map);
        }
        let input: String = wanted.iter().map(|o| format!("{o}\n")).collect();
        let out = self.run_with_input(&["cat-file", "--batch"], input)?;
        let mut at = 0;
        for oid in wanted {
            let end = out[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map(|i| at + i)
                .ok_or_else(|| GitError::Failed("git cat-file --batch: truncated output".into()))?;
            let header = String::from_utf8_lossy(&out[at..end]).to_string();
            at = end + 1;
            let mut parts = header.split(' ');
            let (Some(_), Some(kind)) = (parts.next(), parts.next()) else {
                return Err(GitError::Failed(format!(
                    "git cat-file --batch: unexpected header {header}"
                )));
            };
            if kind == "missing" {
                continue;
            }
            let size: usize = parts.next().and_then(|s| s.parse().ok()).ok_or_else(|| {
                GitError::Failed(format!("git cat-file --batch: unexpected header {header}"))
            })?;
            if at + size > out.len() {
                return Err(GitError::Failed(
                    "git cat-file --batch: truncated output".into(),
                ));
            }
            map.insert(oid.clone(), out[at..at + size].to_vec());
            at += size + 1; // the content is followed by a newline
        }
        Ok(map)
    }
}

/// Resolves a symbolic link's target (`target`, as stored in the link blob) relative to the
/// directory of `link_path`; `None` when it leaves the repository.
pub fn resolve_link(link_path: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = link_path.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_git_that_cannot_run_keeps_the_io_error_as_source() {
        use std::error::Error as _;
        // Spawning a program that does not exist fails as `git` does where it is not installed.
        let spawn = Command::new("statusgen-no-such-git").output();
        let e = GitError::NoGit(spawn.expect_err("no such program"));
        let kind = e
            .source()
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .map(std::io::Error::kind);
        assert_eq!(kind, Some(std::io::ErrorKind::NotFound));
        assert!(e.to_string().starts_with("cannot run git: "));
    }

    #[test]
    fn a_folder_that_is_no_repository_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        match Repo::open(dir.path()) {
            Err(GitError::NotARepository(p)) => assert_eq!(p, dir.path()),
            other => panic!("expected NotARepository, got {other:?}"),
        }
    }

    #[test]
    fn links() {
        assert_eq!(
            resolve_link("conformance/reports/v1.5.0", "v1.5").as_deref(),
            Some("conformance/reports/v1.5")
        );
        assert_eq!(
            resolve_link("conformance/reports/latest", "v0.7.1/").as_deref(),
            Some("conformance/reports/v0.7.1")
        );
        assert_eq!(resolve_link("a", "../../x"), None);
        assert_eq!(resolve_link("a/b", "/etc"), None);
    }
}
