//! The read stage in one call: config → load → parse, each file on its own. The checks across
//! files (identity, near names) are analysis; `pipeline::read_site` runs both, and every command
//! that needs the history (check, build, export, diff, serve) starts there.

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::diag::Rule;
use crate::load;
use crate::model::History;
use crate::nouns::Nouns;
use crate::parse;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// A site as read from disk: its configuration, its history and every problem found.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// What the configuration calls implementors and items inside a sentence ([`nouns`]), once
    /// per read.
    pub nouns: Nouns,
    pub history: History,
    pub diagnostics: Diagnostics,
}

/// The nouns of a site configured by `config`: its implementors' label, and its items' label,
/// or "proposal" for the Gateway API shape (its label, "GEP", is the prefix of ids like
/// GEP-1742; a GEP is a proposal), each in lower case with its plural. The one place a configuration becomes
/// wording; see [`crate::nouns`] for why it lives here.
pub fn nouns(config: &Config) -> Nouns {
    let item = if config.matrix.is_default() {
        "proposal"
    } else {
        config.items.label.as_str()
    };
    Nouns::new(&config.implementors.label, item)
}

/// Why a snapshot is not published by `build` (unless `--drafts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpublished {
    /// Its front matter says `draft: true`, here.
    Draft(crate::model::Pos),
    /// Its month is after the current one.
    Future { current: crate::model::Month },
}

impl Site {
    /// The snapshots `build` leaves out in month `current`: each one's index in the history and
    /// why. A draft of a future month is named a draft.
    pub fn unpublished(&self, current: crate::model::Month) -> Vec<(usize, Unpublished)> {
        self.history
            .snapshots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s.draft {
                Some(pos) => Some((i, Unpublished::Draft(pos))),
                None if s.month > current => Some((i, Unpublished::Future { current })),
                None => None,
            })
            .collect()
    }

    /// The site without its unpublished snapshots (see [`Site::unpublished`]).
    pub fn without_unpublished(mut self, current: crate::model::Month) -> Site {
        let gone: Vec<usize> = self
            .unpublished(current)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        let mut i = 0;
        self.history.snapshots.retain(|_| {
            let keep = !gone.contains(&i);
            i += 1;
            keep
        });
        self
    }
}

/// Why `content/` could not be read at all (exit code 2); problems inside its files are
/// diagnostics, not this.
#[derive(Debug)]
pub enum ReadError {
    /// `content/` is a symlink to somewhere statusgen does not read.
    Refused(String),
    /// Listing `content/` failed.
    Io(crate::error::IoError),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Refused(s) => f.write_str(s),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(e) => Some(e),
            ReadError::Refused(_) => None,
        }
    }
}

/// Reads `root/content`. Content problems are diagnostics; only an unreadable content directory
/// is a [`ReadError`].
pub fn read_content(root: &Path) -> Result<Site, ReadError> {
    read_content_with(root, None)
}

/// Snapshot files as parsed by the last read, for the next one (the preview server keeps one):
/// a file is parsed again only when its path, its bytes or the configuration changed.
#[derive(Debug, Default)]
pub struct ReadCache {
    /// The configuration the files were parsed with.
    config: Option<Config>,
    /// Site-relative path → the file's bytes and what parsing them gave.
    files: HashMap<String, Parsed>,
    /// How many files the last read parsed (the others came from the cache).
    pub parsed: usize,
    /// The serial number the next parse gets.
    next_serial: u64,
}

impl ReadCache {
    /// The serial number of the parse of the file at `source` (site-relative) in the last read:
    /// two equal serials mean the same parse of the same bytes with the same configuration.
    pub fn serial(&self, source: &str) -> Option<u64> {
        self.files.get(source).map(|p| p.serial)
    }
}

/// One file's outcome in a read.
enum Read {
    /// It could not be read (the diagnostics say why).
    Failed(Diagnostics),
    /// Its bytes are those in the cache.
    Cached,
    Parsed(Box<Parsed>),
}

#[derive(Debug, Clone)]
struct Parsed {
    /// Different for every parse (see [`ReadCache::serial`]).
    serial: u64,
    bytes: Vec<u8>,
    snapshot: Option<crate::model::Snapshot>,
    diagnostics: Diagnostics,
}

/// [`read_content`], reusing the parse of every file whose path and bytes are in `cache` (parsed
/// with the same configuration), and leaving this read's files in it. The result is the same
/// as [`read_content`]'s.
pub fn read_content_cached(root: &Path, cache: &mut ReadCache) -> Result<Site, ReadError> {
    read_content_with(root, Some(cache))
}

/// [`read_content`] without a cache kept (nothing is copied), or [`read_content_cached`].
fn read_content_with(root: &Path, keep: Option<&mut ReadCache>) -> Result<Site, ReadError> {
    let mut scratch = ReadCache::default();
    let keeping = keep.is_some();
    let cache = keep.unwrap_or(&mut scratch);
    let mut diagnostics = Diagnostics::default();
    let config = match Config::load(root) {
        Ok(c) => c,
        Err(d) => {
            diagnostics.extend(d);
            Config::default()
        }
    };
    let nouns = nouns(&config);
    if cache.config.as_ref() != Some(&config) {
        cache.files.clear();
        cache.config = Some(config.clone());
    }
    let content = root.join("content");
    // A pull request can turn content/ into a symlink: nothing outside the root, hidden (.git)
    // or in an output folder is read.
    if let Some(why) = crate::confine::private_target(root, &content) {
        let to = content.canonicalize().unwrap_or_default();
        return Err(ReadError::Refused(format!(
            "{} {why} (a symlink to {}); refusing to read it",
            content.display(),
            to.display()
        )));
    }
    let files = load::discover(&content).map_err(|e| {
        ReadError::Io(crate::error::IoError::new(
            "cannot read the content directory",
            &content,
            e,
        ))
    })?;
    // Files are read and parsed in parallel; their diagnostics are merged in file order.
    let mut cached = std::mem::take(&mut cache.files);
    let read: Vec<(String, Read)> = files
        .par_iter()
        .map(|path| {
            let mut d = Diagnostics::default();
            let rel = crate::confine::display_path(root, path);
            let Some(bytes) = load::read_bytes(path, &rel, config.limits.snapshot_bytes(), &mut d)
            else {
                return (rel, Read::Failed(d));
            };
            if cached.get(&rel).is_some_and(|p| p.bytes == bytes) {
                return (rel, Read::Cached);
            }
            // The cache keeps the bytes to compare the next read with; a one-off read does not.
            let (kept, bytes) = if keeping {
                (bytes.clone(), bytes)
            } else {
                (Vec::new(), bytes)
            };
            let snapshot = load::source_from_bytes(bytes, &rel, &mut d)
                .and_then(|src| parse::parse_snapshot(&src, &config, &nouns, &mut d));
            let parsed = Parsed {
                serial: 0,
                bytes: kept,
                snapshot,
                diagnostics: d,
            };
            (rel, Read::Parsed(Box::new(parsed)))
        })
        .collect();
    cache.parsed = read
        .iter()
        .filter(|(_, r)| matches!(r, Read::Parsed(_)))
        .count();
    let mut parsed = Vec::with_capacity(read.len());
    for (rel, r) in read {
        let p = match r {
            Read::Failed(d) => {
                parsed.push((None, d));
                continue;
            }
            Read::Parsed(mut p) => {
                p.serial = cache.next_serial;
                cache.next_serial += 1;
                *p
            }
            Read::Cached => match cached.remove(&rel) {
                Some(p) => p,
                None => continue,
            },
        };
        if keeping {
            parsed.push((p.snapshot.clone(), p.diagnostics.clone()));
            cache.files.insert(rel, p);
        } else {
            parsed.push((p.snapshot, p.diagnostics));
        }
    }
    let mut snapshots = Vec::with_capacity(parsed.len());
    for (snap, d) in parsed {
        diagnostics.extend(d);
        snapshots.extend(snap);
    }
    snapshots.sort_by(|a, b| a.month.cmp(&b.month).then_with(|| a.source.cmp(&b.source)));
    let mut unique: Vec<crate::model::Snapshot> = Vec::with_capacity(snapshots.len());
    for s in snapshots {
        if let Some(prev) = unique.last()
            && prev.month == s.month
        {
            diagnostics.error(
                Rule::Duplicate,
                &s.source,
                1,
                1,
                format!(
                    "two files for month {}: {} and {}; keep one file per month",
                    s.month, prev.source, s.source
                ),
            );
            continue;
        }
        unique.push(s);
    }
    diagnostics.sort();
    Ok(Site {
        config,
        nouns,
        history: History { snapshots: unique },
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_are_proposals_for_the_gateway_shape_and_the_labels_for_any_other() {
        let gateway = nouns(&Config::default());
        assert_eq!(
            (
                gateway.implementor.one.as_str(),
                gateway.implementor.many.as_str()
            ),
            ("implementor", "implementors")
        );
        assert_eq!(
            (gateway.item.one.as_str(), gateway.item.many.as_str()),
            ("proposal", "proposals")
        );
        let yaml = "matrix: { items: all }\nproposals: { label: Library }\nimplementors: { label: Proxy }\n";
        let shaped = nouns(&Config::parse(yaml, "content/site.yaml").expect("a valid site.yaml"));
        assert_eq!(shaped.implementor.many, "proxies");
        assert_eq!(shaped.item.one, "library");
        assert_eq!(shaped.item.many, "libraries");
    }
}
