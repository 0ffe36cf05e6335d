//! The month walk and the report files of one tree.
//!
//! Months: every calendar month (UTC) from the first month whose tree holds a report to the
//! month of HEAD; each month is the tree of the last first-parent commit of HEAD committed in it
//! (a month without any commit keeps the previous month's commit). Report files: every YAML
//! file under `conformance/results/` (the first layout, before version directories) or under a
//! version directory `conformance/reports/vX.Y[.Z]/` at any depth (flat
//! `<org>-<project>.yaml` files, one folder per implementation, `v1.5/` minor folders).
//! Symbolic links (`v1.5.0 -> v1.5`) are resolved, and every file is counted once, under its
//! real path and the version of its real directory; links that lead outside the tree, to
//! nothing, or round in circles are ignored.

use crate::config::Config;
use crate::import::ImportError;
use crate::import::git::{Commit, EntryKind, Oid, Repo, TreeEntry, resolve_link};
use crate::import::settings::GatewayConformanceConfig;
use crate::model::Month;
use std::collections::{BTreeMap, HashMap};

pub const RESULTS_DIR: &str = "conformance/results";
pub const REPORTS_DIR: &str = "conformance/reports";

/// The Gateway API version a report directory stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DirVersion {
    /// (major, minor); `conformance/results/` is (0, 0), older than every version directory.
    pub minor: (u32, u32),
    /// The directory name (`v1.0.0`, `v1.5`, `results`).
    pub dir: String,
}

impl DirVersion {
    /// `v1.2.0`, `v1.5`, `1.0.0` → a version; anything else (`latest`) → `None`.
    pub fn parse(dir: &str) -> Option<DirVersion> {
        let digits = dir.strip_prefix('v').unwrap_or(dir);
        let mut parts = digits.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        for p in parts {
            p.parse::<u32>().ok()?;
        }
        Some(DirVersion {
            minor: (major, minor),
            dir: dir.to_string(),
        })
    }

    /// "v1.5" (the minor version, as the matrix's evidence names it).
    pub fn minor_name(&self) -> String {
        if self.minor == (0, 0) {
            "conformance/results".into()
        } else {
            format!("v{}.{}", self.minor.0, self.minor.1)
        }
    }
}

/// One report file of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    /// Real path (symbolic links resolved).
    pub path: String,
    pub oid: Oid,
    pub version: DirVersion,
}

/// One GEP document of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GepFile {
    pub path: String,
    pub oid: Oid,
}

/// What the importer reads from one commit's tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    /// Sorted by path.
    pub reports: Vec<ReportFile>,
    /// GEP documents of the configured proposals (and their old numbers), by path.
    pub geps: BTreeMap<String, GepFile>,
    /// The Go sources the test → feature map is read from ([`super::testmap::is_source`]).
    pub sources: Vec<Oid>,
    /// The Go sources declaring the conformance features ([`is_declaration`]).
    pub declarations: Vec<Oid>,
}

/// `(month, commit)` for every month from the first with a report to HEAD's, oldest first.
pub fn month_commits(repo: &Repo) -> Result<Vec<(Month, Commit)>, ImportError> {
    let all = repo
        .first_parent_log("HEAD", &[])
        .map_err(ImportError::Git)?;
    let touching = repo
        .first_parent_log("HEAD", &[RESULTS_DIR, REPORTS_DIR])
        .map_err(ImportError::Git)?;
    let (Some(head), Some(first)) = (all.first(), touching.last()) else {
        return Ok(Vec::new());
    };
    crate::import::git::not_in_future(head, "HEAD").map_err(ImportError::Git)?;
    let head_month = Month::of_unix_time(head.time);
    // The newest commit (in first-parent order) of each month.
    let mut last_of_month: HashMap<Month, &Commit> = HashMap::new();
    for c in &all {
        last_of_month
            .entry(Month::of_unix_time(c.time))
            .or_insert(c);
    }
    // The first month is that of the oldest commit touching the report folders (the caller
    // drops leading months whose tree holds no report yet). A month without a commit of its
    // own keeps the previous month's commit: the state of the tree at its end.
    let mut month = Month::of_unix_time(first.time);
    let mut out = Vec::new();
    let mut previous: &Commit = first;
    while month <= head_month {
        let commit = last_of_month.get(&month).copied().unwrap_or(previous);
        out.push((month, commit.clone()));
        previous = commit;
        month = month.next();
    }
    Ok(out)
}

/// The GEP document paths the configured proposals need (their numbers and old numbers).
pub fn gep_paths(gc: &GatewayConformanceConfig, config: &Config) -> Vec<String> {
    let mut numbers: Vec<u32> = gc.item_mappings.iter().map(|p| p.number).collect();
    for (old, new) in &config.aliases.renumbered {
        if numbers.contains(new) {
            numbers.push(*old);
        }
    }
    let mut paths = Vec::new();
    for n in numbers {
        paths.push(format!("geps/gep-{n}/metadata.yaml"));
        paths.push(format!("geps/gep-{n}.md"));
    }
    paths
}

/// Lists the report files and GEP documents of `commit`'s tree.
pub fn read_tree(
    repo: &Repo,
    commit: &str,
    gc: &GatewayConformanceConfig,
    config: &Config,
) -> Result<Tree, ImportError> {
    let gep_paths = gep_paths(gc, config);
    let mut listed: Vec<&str> = vec![RESULTS_DIR, REPORTS_DIR];
    listed.extend(super::testmap::SOURCE_DIRS);
    listed.extend(gep_paths.iter().map(String::as_str));
    let entries = repo.ls_tree(commit, &listed).map_err(ImportError::Git)?;
    let link_targets = read_link_targets(repo, &entries)?;
    let mut tree = reports_of(&entries, &link_targets);
    tree.sources = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Blob && super::testmap::is_source(&e.path))
        .map(|e| e.oid.clone())
        .collect();
    tree.declarations = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Blob && is_declaration(&e.path))
        .map(|e| e.oid.clone())
        .collect();
    for e in &entries {
        if e.kind == EntryKind::Blob && gep_paths.contains(&e.path) {
            tree.geps.insert(
                e.path.clone(),
                GepFile {
                    path: e.path.clone(),
                    oid: e.oid.clone(),
                },
            );
        }
    }
    Ok(tree)
}

/// The target text of every symbolic link among `entries`.
fn read_link_targets(
    repo: &Repo,
    entries: &[TreeEntry],
) -> Result<HashMap<String, String>, ImportError> {
    let links: Vec<&TreeEntry> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Symlink)
        .collect();
    if links.is_empty() {
        return Ok(HashMap::new());
    }
    let oids: Vec<Oid> = links.iter().map(|e| e.oid.clone()).collect();
    let blobs = repo.read_blobs(&oids).map_err(ImportError::Git)?;
    Ok(links
        .iter()
        .filter_map(|e| {
            let target = String::from_utf8_lossy(blobs.get(&e.oid)?)
                .trim()
                .to_string();
            Some((e.path.clone(), target))
        })
        .collect())
}

/// Whether `path` declares conformance features: `pkg/features/*.go`, or before April 2024
/// `conformance/utils/suite/features.go`.
pub fn is_declaration(path: &str) -> bool {
    (path.starts_with("pkg/features/") && path.ends_with(".go") && !path.ends_with("_test.go"))
        || path == "conformance/utils/suite/features.go"
}

fn is_report_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name.ends_with(".yaml") || name.ends_with(".yml")
}

/// The version directory of a real path: `conformance/results/…` or
/// `conformance/reports/<version>/…` (the file must be below the version directory).
fn version_of(path: &str) -> Option<DirVersion> {
    if let Some(rest) = path.strip_prefix("conformance/results/") {
        return (!rest.is_empty()).then(|| DirVersion {
            minor: (0, 0),
            dir: "results".into(),
        });
    }
    let rest = path.strip_prefix("conformance/reports/")?;
    let (dir, below) = rest.split_once('/')?;
    if below.is_empty() {
        return None;
    }
    DirVersion::parse(dir)
}

/// The report files of a listing (`ls-tree -r -t`), links resolved; `link_targets` maps each
/// link's path to its stored target. Pure, for tests.
pub fn reports_of(entries: &[TreeEntry], link_targets: &HashMap<String, String>) -> Tree {
    let blobs: HashMap<&str, &TreeEntry> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Blob)
        .map(|e| (e.path.as_str(), e))
        .collect();
    let mut found: BTreeMap<String, ReportFile> = BTreeMap::new();
    let mut add = |path: &str, oid: &str| {
        if !is_report_name(path) {
            return;
        }
        if let Some(version) = version_of(path) {
            found.entry(path.to_string()).or_insert(ReportFile {
                path: path.to_string(),
                oid: oid.to_string(),
                version,
            });
        }
    };
    for e in entries.iter().filter(|e| e.kind == EntryKind::Blob) {
        add(&e.path, &e.oid);
    }
    // A link's real path: follow links (a few steps at most, so cycles end).
    let real = |path: &str| -> Option<String> {
        let mut p = path.to_string();
        for _ in 0..8 {
            let target = link_targets.get(&p)?;
            p = resolve_link(&p, target)?;
            if !link_targets.contains_key(&p) {
                return Some(p);
            }
        }
        None
    };
    for e in entries.iter().filter(|e| e.kind == EntryKind::Symlink) {
        let Some(target) = real(&e.path) else {
            continue;
        };
        if let Some(b) = blobs.get(target.as_str()) {
            // A link to one file.
            add(&target, &b.oid);
        } else {
            // A link to a directory: its files, under their real paths.
            let prefix = format!("{target}/");
            for b in blobs.values().filter(|b| b.path.starts_with(&prefix)) {
                add(&b.path, &b.oid);
            }
        }
    }
    Tree {
        reports: found.into_values().collect(),
        geps: BTreeMap::new(),
        sources: Vec::new(),
        declarations: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: EntryKind, path: &str, oid: &str) -> TreeEntry {
        TreeEntry {
            kind,
            oid: oid.into(),
            path: path.into(),
        }
    }

    #[test]
    fn versions() {
        assert_eq!(DirVersion::parse("v1.5.0").unwrap().minor, (1, 5));
        assert_eq!(DirVersion::parse("v1.5").unwrap().minor, (1, 5));
        assert_eq!(DirVersion::parse("v0.7.1").unwrap().minor, (0, 7));
        assert!(DirVersion::parse("latest").is_none());
        assert!(DirVersion::parse("v1").is_none());
    }

    #[test]
    fn layouts_and_links() {
        use EntryKind::*;
        let entries = vec![
            entry(Blob, "conformance/results/kong.yaml", "a"),
            entry(Blob, "conformance/reports/v0.7.1/istio.io-istio.yaml", "b"),
            entry(Symlink, "conformance/reports/latest", "l1"),
            entry(Symlink, "conformance/reports/v0.7.1/latest", "l2"),
            entry(Tree, "conformance/reports/v1.5", "t"),
            entry(Blob, "conformance/reports/v1.5/cilium/README.md", "c"),
            entry(Blob, "conformance/reports/v1.5/cilium/v1-report.yaml", "d"),
            entry(Symlink, "conformance/reports/v1.5.0", "l3"),
            entry(Symlink, "conformance/reports/v9.9", "l4"),
        ];
        let links: HashMap<String, String> = [
            ("conformance/reports/latest", "v0.7.1/"),
            ("conformance/reports/v0.7.1/latest", "latest"),
            ("conformance/reports/v1.5.0", "v1.5"),
            ("conformance/reports/v9.9", "../../../outside"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let t = reports_of(&entries, &links);
        let paths: Vec<(&str, &str)> = t
            .reports
            .iter()
            .map(|r| (r.path.as_str(), r.version.dir.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("conformance/reports/v0.7.1/istio.io-istio.yaml", "v0.7.1"),
                ("conformance/reports/v1.5/cilium/v1-report.yaml", "v1.5"),
                ("conformance/results/kong.yaml", "results"),
            ]
        );
    }
}
