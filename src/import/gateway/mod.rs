//! `statusgen import gateway-conformance`: Gateway API conformance reports, read from the git
//! history of a gateway-api clone, become one snapshot per month.
//!
//! * [`walk`]: which commit stands for which month, and which report files its tree holds
//!   (the four directory layouts, version directories, symbolic links);
//! * [`report`]: one report file → the few facts the cell rule needs;
//! * [`testmap`]: which tests exercise which feature, from the Go sources of a commit;
//! * [`cells`]: the cell rule, the stage and compliance rows (data only);
//! * [`snapshot`]: the month as markdown (matrix, evidence), in `fmt`'s canonical layout.

pub mod cells;
pub mod feature_snapshot;
pub mod features;
pub mod judge;
pub mod report;
pub mod snapshot;
pub mod testmap;
pub mod walk;

use crate::config::Config;
use crate::import::ImportError;
use crate::import::generated::Generated;
use crate::import::git::{GitError, Oid, Repo};
use crate::import::settings::{GatewayConformanceConfig, ImportConfig, ImportItems};
use crate::model::Month;
use std::collections::HashMap;
use std::path::Path;

/// The largest report, GEP document or Go source the importer reads (1 MiB; real reports are
/// a few kilobytes). A larger one is skipped with a warning naming it.
pub const MAX_BLOB_BYTES: u64 = 1 << 20;

/// The `generator:` front matter value of the files this importer writes.
pub const GENERATOR: &str = "statusgen import gateway-conformance";

/// Which months to import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthRange {
    pub since: Option<Month>,
    pub until: Option<Month>,
}

/// Everything an import produced, before anything is written.
#[derive(Debug, Clone)]
pub struct Imported {
    /// One file per month, oldest first.
    pub files: Vec<Generated>,
    /// The month of the source's HEAD (months before it are "past").
    pub head_month: Month,
    /// Things worth telling the user (unknown GEP stages, unreadable reports, months in which
    /// an imported file was deleted), deduplicated.
    pub notes: Vec<String>,
}

/// Reads the history of `source` and builds every month's snapshot text.
pub fn import(
    source: &Path,
    config: &Config,
    section: &ImportConfig,
    range: MonthRange,
) -> Result<Imported, ImportError> {
    let Some(gc) = section.gateway_conformance.as_ref() else {
        return Err(ImportError::Config(
            "content/site.yaml has no `import: gateway_conformance:` section; add one (statusgen init --template gateway-conformance writes a complete one)".into(),
        ));
    };
    for code in ["U", "P", "C"] {
        if config.codes.rank(code).is_none() {
            return Err(ImportError::Config(format!(
                "the importer writes the codes U, P and C, but `codes:` in content/site.yaml has no \"{code}\"; add it (blank \"No report\", U \"Reported unsupported\", P \"Partial\", C \"Conformant\")"
            )));
        }
    }
    for code in ["R", "NS"] {
        if gc.items == ImportItems::Geps && config.compliance.rank(code).is_none() {
            return Err(ImportError::Config(format!(
                "the importer writes the compliance values R and NS, but `compliance:` in content/site.yaml has no \"{code}\""
            )));
        }
    }
    for column in [snapshot::RELEASE, snapshot::CORE] {
        if !config
            .implementors
            .attributes
            .iter()
            .any(|a| a.trim().eq_ignore_ascii_case(column))
        {
            return Err(ImportError::Config(format!(
                "the importer writes the columns Release and Core, but `implementors: attributes:` in content/site.yaml lacks \"{column}\"; add `implementors: {{ attributes: [Release, Core], release: Release }}`"
            )));
        }
    }
    let repo = Repo::open(source).map_err(ImportError::Git)?;
    let months = walk::month_commits(&repo)?;
    let Some(&(head_month, _)) = months.last() else {
        return Err(ImportError::Git(GitError::Failed(format!(
            "{} holds no conformance reports (conformance/reports or conformance/results) in the first-parent history of HEAD",
            source.display()
        ))));
    };
    if let Some((first, _)) = months.first() {
        crate::import::git::range_within(range.since, range.until, *first, head_month)
            .map_err(ImportError::Input)?;
    }
    let wanted: Vec<&(Month, crate::import::git::Commit)> = months
        .iter()
        .filter(|(m, _)| range.since.is_none_or(|s| *m >= s) && range.until.is_none_or(|u| *m <= u))
        .collect();

    // Trees first, then every blob they need in one batch; each distinct report parsed once.
    let mut trees = Vec::with_capacity(wanted.len());
    for (month, commit) in &wanted {
        let tree = walk::read_tree(&repo, &commit.id, gc, config)?;
        trees.push((*month, commit.id.clone(), tree));
    }
    let mut oids: Vec<Oid> = Vec::new();
    for (_, _, t) in &trees {
        oids.extend(t.reports.iter().map(|r| r.oid.clone()));
        oids.extend(t.geps.values().map(|g| g.oid.clone()));
        oids.extend(t.sources.iter().cloned());
        oids.extend(t.declarations.iter().cloned());
    }
    oids.sort();
    oids.dedup();
    // Sizes first: a blob over its limit is never read (a few kilobytes of compressed YAML
    // can stand for gigabytes).
    let sizes = repo.blob_sizes(&oids).map_err(ImportError::Git)?;
    let too_big: std::collections::HashSet<&Oid> = sizes
        .iter()
        .filter(|(_, n)| **n > MAX_BLOB_BYTES)
        .map(|(o, _)| o)
        .collect();
    let small: Vec<Oid> = oids
        .iter()
        .filter(|o| !too_big.contains(o))
        .cloned()
        .collect();
    let blobs = repo.read_blobs(&small).map_err(ImportError::Git)?;
    let mut parsed: HashMap<&str, Result<report::Report, report::ReportError>> = HashMap::new();
    for (_, _, t) in &trees {
        for r in &t.reports {
            parsed.entry(r.oid.as_str()).or_insert_with(|| {
                if let Some(n) = sizes.get(&r.oid).filter(|n| **n > MAX_BLOB_BYTES) {
                    return Err(report::ReportError(format!(
                        "{n} bytes, over the limit of {} for a report; not read",
                        MAX_BLOB_BYTES
                    )));
                }
                report::parse_report(blobs.get(&r.oid).map(Vec::as_slice).unwrap_or_default())
            });
        }
    }

    let mut notes = std::collections::BTreeSet::new();
    let mut maps = testmap::MapCache::default();
    let mut declarations = features::DeclaredCache::default();
    let by_features = gc.items == ImportItems::Features;
    let mut feature_months = Vec::new();
    let mut months_data = Vec::with_capacity(trees.len());
    for (month, commit, tree) in &trees {
        let mut reports = Vec::new();
        for f in &tree.reports {
            match &parsed[f.oid.as_str()] {
                Ok(r) => {
                    if r.name_normalised {
                        notes.insert(format!(
                            "{}: the implementation's organization or project holds control or invisible characters; read as \"{}/{}\" (a report spelled so merges with it)",
                            f.path, r.organization, r.project
                        ));
                    }
                    reports.push((f, r));
                }
                Err(e) => {
                    notes.insert(format!(
                        "{} (at {}): skipped: {}",
                        f.path,
                        short(commit),
                        e.0
                    ));
                }
            }
        }
        if reports.is_empty()
            && months_data.is_empty()
            && feature_months.is_empty()
            && range.since.is_none()
        {
            // Before the first report (the report folders existed, but held none yet).
            continue;
        }
        let map = maps.map(&tree.sources, |oid| blobs.get(oid).map(Vec::as_slice));
        if by_features {
            let declared =
                declarations.declared(&tree.declarations, |oid| blobs.get(oid).map(Vec::as_slice));
            feature_months.push((
                *month,
                commit,
                features::month(gc, &reports, &declared, &map),
            ));
            continue;
        }
        let geps = cells::read_geps(tree, &blobs);
        let data = cells::month(gc, config, &reports, &geps, &map, &mut notes);
        months_data.push((*month, commit, data));
    }
    // A GEP without a document at some commit keeps the title of its newest month that has one.
    for i in 0..gc.item_mappings.len() {
        let newest = months_data
            .iter()
            .rev()
            .map(|(_, _, d)| d.columns[i].title.clone())
            .find(|t| !t.is_empty());
        if let Some(title) = newest {
            for (_, _, d) in &mut months_data {
                if d.columns[i].title.is_empty() {
                    d.columns[i].title = title.clone();
                }
            }
        }
    }
    unused_names(
        gc,
        parsed.values().filter_map(|r| r.as_ref().ok()),
        &mut notes,
    );
    let mut files = Vec::with_capacity(months_data.len() + feature_months.len());
    for (month, commit, data) in &feature_months {
        let text = feature_snapshot::render(gc, config, *month, commit, data)?;
        files.push(Generated {
            rel: format!("content/{month}.md"),
            month: *month,
            text,
        });
    }
    for (month, commit, data) in &months_data {
        let text = snapshot::render(gc, config, *month, commit, data)?;
        files.push(Generated {
            rel: format!("content/{month}.md"),
            month: *month,
            text,
        });
    }
    Ok(Imported {
        files,
        head_month,
        notes: notes.into_iter().collect(),
    })
}

/// Notes a mapped feature or profile name that no report read ever uses (a misspelling, or a
/// name from the future).
fn unused_names<'a>(
    gc: &GatewayConformanceConfig,
    reports: impl Iterator<Item = &'a report::Report>,
    notes: &mut std::collections::BTreeSet<String>,
) {
    let mut features = std::collections::HashSet::new();
    let mut profiles = std::collections::HashSet::new();
    for r in reports {
        for p in &r.profiles {
            profiles.insert(p.name.to_ascii_lowercase());
            for s in [&p.core, &p.extended] {
                for f in s.supported.iter().chain(&s.unsupported) {
                    features.insert(f.to_ascii_lowercase());
                }
            }
        }
    }
    for m in &gc.item_mappings {
        let mapped: Vec<&String> = m.all_features().collect();
        let mapped_profiles: Vec<&String> = m.profiles.iter().collect();
        for (names, seen, what) in [
            (&mapped, &features, "feature"),
            (&mapped_profiles, &profiles, "profile"),
        ] {
            for n in names.iter() {
                if !seen.contains(&n.to_ascii_lowercase()) {
                    notes.insert(format!(
                        "proposal {}: {what} \"{n}\" is in no report read; check its spelling in content/site.yaml",
                        m.number
                    ));
                }
            }
        }
    }
}

/// The first 7 digits of a commit id.
pub fn short(id: &str) -> &str {
    &id[..id.len().min(7)]
}

/// The web link of `path` at `commit`.
pub fn blob_url(gc: &GatewayConformanceConfig, commit: &str, path: &str) -> String {
    format!(
        "{}/blob/{commit}/{}",
        gc.web_url.trim_end_matches('/'),
        percent_path(path)
    )
}

/// Percent-encodes a repository path for a URL (letters, digits, `-._~/` kept).
pub fn percent_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
