//! The cell rule, and the stage and compliance rows (data only; wording is in [`super::snapshot`]).
//!
//! An implementation is `implementation.organization/project`, lower-cased, then mapped through
//! the configured aliases. For a month it is judged on its reports in the newest Gateway API
//! minor version directory it has any report in (the version of the directory, not the report's
//! own field), across all modes and channels, keeping the best value per proposal.
//!
//! **A feature** of one report, judged with the month's test → feature map ([`TestMap`]): `C`
//! when it is listed as supported, none of its tests failed and at least one of them was not
//! skipped; `P` when any of its tests failed, all of them were skipped, or a profile part
//! listing it failed tests the report does not name; `U` when it is listed only as
//! unsupported; blank when it is not listed. Where the map cannot be read (the oldest layouts)
//! the rule of the first importer holds: `C` when a profile part listing it as supported has
//! the result `success`, else `P`.
//!
//! **A proposal** of one report: `C` when one alternative is met — a mapped profile whose core
//! tests passed (skipped tests alone do not fail a core), or every feature of a mapped set is
//! `C`; `P` when some feature of a set is `C` or `P` but not all (the cell's note names the
//! missing ones), or a mapped profile's core failed; `U` when its features are only listed
//! unsupported; blank otherwise. A proposal with `all_reports` is `C` for every report.
//!
//! **A row** is current when its newest report is for one of the `current_releases` newest
//! minor versions that have reports at the month's commit. Compliance: `R` when any report of
//! the month lists a mapped feature or profile, `NS` when none does, blank when unmapped.

use super::judge::report_value;
pub use super::judge::{Code, Why};
use super::report::Report;
use super::testmap::TestMap;
use super::walk::{DirVersion, ReportFile, Tree};
use crate::config::Config;
use crate::import::git::Oid;
use crate::import::settings::GatewayConformanceConfig;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One cell: its value, the report it came from (for `C` and `P`), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub code: Code,
    pub evidence: Option<String>,
    pub why: Why,
}

/// One matrix column of a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The number the GEP has in this month's tree (an old number, when renumbered later).
    pub number: u32,
    pub title: String,
    /// Canonical stage code, or "" when unknown.
    pub stage: String,
    /// "R", "NS" or "".
    pub compliance: &'static str,
}

/// One implementation's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub identity: String,
    pub name: String,
    /// The minor version directory its cells come from.
    pub version: DirVersion,
    /// The release its evidence is for (`v1.6`; for the first layout, the reports' own
    /// `gatewayAPIVersion` minor).
    pub release: String,
    /// Whether `version` is one of the month's current releases.
    pub current: bool,
    /// Profiles whose core tests passed in one of its reports, upper-cased, sorted.
    pub core: Vec<String>,
    /// The report files behind the row (paths), sorted.
    pub reports: Vec<String>,
    /// The implementation versions those reports name, as written.
    pub versions: Vec<String>,
    pub cells: Vec<Cell>,
}

/// A month's matrix as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthData {
    pub columns: Vec<Column>,
    /// Sorted by display name.
    pub rows: Vec<Row>,
    /// Report files read this month (all versions).
    pub report_count: usize,
    /// The current releases (`v1.6`, `v1.5`), newest first.
    pub current_releases: Vec<String>,
    /// How many tests the month's test → feature map holds (0: not readable, old rule).
    pub test_count: usize,
}

/// A GEP's stage and title as found in one tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gep {
    pub number: u32,
    pub status: String,
    pub title: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Metadata {
    name: Option<String>,
    status: Option<String>,
}

/// Stage and title of every configured GEP in a tree, by the number found in the tree.
pub fn read_geps(tree: &Tree, blobs: &HashMap<Oid, Vec<u8>>) -> BTreeMap<u32, Gep> {
    let mut out: BTreeMap<u32, Gep> = BTreeMap::new();
    for (path, file) in &tree.geps {
        let Some(bytes) = blobs.get(&file.oid) else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes);
        let number_text = path
            .trim_start_matches("geps/gep-")
            .split(['/', '.'])
            .next()
            .unwrap_or("");
        let Ok(number) = number_text.parse::<u32>() else {
            continue;
        };
        let gep = if path.ends_with("metadata.yaml") {
            let m: Metadata = serde_saphyr::from_str(&text).unwrap_or_default();
            Gep {
                number,
                status: m.status.unwrap_or_default().trim().to_string(),
                title: m.name.unwrap_or_default().trim().to_string(),
            }
        } else {
            markdown_gep(number, &text)
        };
        // metadata.yaml (newer) wins over the older markdown document.
        let e = out.entry(number).or_default();
        if path.ends_with("metadata.yaml") || e.status.is_empty() {
            if !gep.status.is_empty() || e.status.is_empty() {
                e.status = gep.status;
            }
            if !gep.title.is_empty() || e.title.is_empty() {
                e.title = gep.title;
            }
            e.number = number;
        }
    }
    out
}

/// The `* Status:` line and first heading of an old `geps/gep-N.md`.
pub fn markdown_gep(number: u32, text: &str) -> Gep {
    let mut status = String::new();
    let mut title = String::new();
    for line in text.lines() {
        let t = line.trim();
        if title.is_empty()
            && let Some(h) = t.strip_prefix('#')
        {
            let h = h.trim_start_matches('#').trim();
            // "GEP-1742: HTTPRoute Timeouts" → "HTTPRoute Timeouts"
            title = match h.split_once(':') {
                Some((id, rest)) if id.trim().to_ascii_uppercase().starts_with("GEP") => {
                    rest.trim().to_string()
                }
                _ => h.to_string(),
            };
        }
        if status.is_empty() {
            let t2 = t.trim_start_matches(['*', '-']).trim();
            if let Some(rest) = t2.strip_prefix("Status:") {
                status = rest.trim().trim_matches('*').trim().to_string();
            }
        }
    }
    Gep {
        number,
        status,
        title,
    }
}

/// The month's matrix. `reports` are the readable reports of the month's tree with their files.
pub fn month(
    gc: &GatewayConformanceConfig,
    config: &Config,
    reports: &[(&ReportFile, &Report)],
    geps: &BTreeMap<u32, Gep>,
    map: &TestMap,
    notes: &mut BTreeSet<String>,
) -> MonthData {
    // Columns: stage and title from the GEP document, under its number or an old number.
    let mut columns = Vec::with_capacity(gc.item_mappings.len());
    for m in &gc.item_mappings {
        let found = geps.get(&m.number).or_else(|| {
            config
                .aliases
                .renumbered
                .iter()
                .filter(|(_, new)| **new == m.number)
                .find_map(|(old, _)| geps.get(old))
        });
        let (number, title, status) = match found {
            Some(g) => (g.number, g.title.clone(), g.status.clone()),
            None => (m.number, String::new(), String::new()),
        };
        let stage = if status.is_empty() {
            String::new()
        } else {
            match config.stages.lookup(&status) {
                Some(crate::config::Match::Exact(i) | crate::config::Match::OtherCase(i)) => {
                    config.stages.terms[i].code.clone()
                }
                None => {
                    notes.insert(format!(
                        "{}: status \"{status}\" is not a stage in content/site.yaml (stages:); its Status cell is left blank",
                        config.item_id(&m.number.into())
                    ));
                    String::new()
                }
            }
        };
        let compliance = if !m.is_mapped() {
            ""
        } else if reports.iter().any(|(_, r)| report_value(m, r, map).2) {
            "R"
        } else {
            "NS"
        };
        columns.push(Column {
            number,
            title,
            stage,
            compliance,
        });
    }

    let (current, current_releases) = current_releases(gc, reports);
    let rows = rows(gc, reports, &current, |chosen| {
        gc.item_mappings
            .iter()
            .map(|m| {
                best_of(chosen, |r| {
                    let (code, why, _) = report_value(m, r, map);
                    (code, why)
                })
            })
            .collect()
    });
    MonthData {
        columns,
        rows,
        report_count: reports.len(),
        current_releases,
        test_count: map.test_count,
    }
}

/// The best value the reports give (the first of equals), with the report it came from for
/// `C` and `P`.
pub fn best_of(
    chosen: &[(&ReportFile, &Report)],
    mut judge: impl FnMut(&Report) -> (Code, Why),
) -> Cell {
    let mut best = Cell {
        code: Code::Blank,
        evidence: None,
        why: Why::Plain,
    };
    for (f, r) in chosen {
        let (code, why) = judge(r);
        if code > best.code {
            best = Cell {
                code,
                evidence: matches!(code, Code::C | Code::P).then(|| f.path.clone()),
                why,
            };
        }
    }
    best
}

/// The current releases: the `current_releases` newest minor versions that have reports at
/// this commit, as versions and as names (`v1.6`), newest first.
pub fn current_releases(
    gc: &GatewayConformanceConfig,
    reports: &[(&ReportFile, &Report)],
) -> (Vec<(u32, u32)>, Vec<String>) {
    let mut minors: Vec<&DirVersion> = reports.iter().map(|(f, _)| &f.version).collect();
    minors.sort_by(|a, b| b.minor.cmp(&a.minor).then_with(|| a.dir.cmp(&b.dir)));
    minors.dedup_by(|a, b| a.minor == b.minor);
    let taken: Vec<&DirVersion> = minors
        .into_iter()
        .take(gc.current_releases.max(1))
        .collect();
    (
        taken.iter().map(|v| v.minor).collect(),
        taken.iter().map(|v| release_name(v, reports)).collect(),
    )
}

/// One row per implementation, judged on its newest minor version's reports by `cells_of`,
/// sorted by display name.
pub fn rows(
    gc: &GatewayConformanceConfig,
    reports: &[(&ReportFile, &Report)],
    current: &[(u32, u32)],
    mut cells_of: impl FnMut(&[(&ReportFile, &Report)]) -> Vec<Cell>,
) -> Vec<Row> {
    let mut by_identity: BTreeMap<String, Vec<(&ReportFile, &Report)>> = BTreeMap::new();
    for (f, r) in reports {
        let id = gc.implementations.identity(&r.organization, &r.project);
        by_identity.entry(id).or_default().push((f, r));
    }
    let mut rows = Vec::with_capacity(by_identity.len());
    for (identity, list) in by_identity {
        let newest = list
            .iter()
            .map(|(f, _)| f.version.minor)
            .max()
            .unwrap_or_default();
        let mut chosen: Vec<(&ReportFile, &Report)> = list
            .into_iter()
            .filter(|(f, _)| f.version.minor == newest)
            .collect();
        chosen.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        let Some(version) = chosen
            .iter()
            .map(|(f, _)| f.version.clone())
            .min_by(|a, b| a.dir.cmp(&b.dir))
        else {
            continue;
        };
        let cells = cells_of(&chosen);
        let mut versions: Vec<String> = chosen
            .iter()
            .map(|(_, r)| r.version.clone())
            .filter(|v| !v.is_empty())
            .collect();
        versions.sort();
        versions.dedup();
        let mut core: Vec<String> = chosen
            .iter()
            .flat_map(|(_, r)| &r.profiles)
            .filter(|p| !p.name.is_empty() && !p.core.has_failures())
            .map(|p| p.name.clone())
            .collect();
        core.sort();
        core.dedup();
        rows.push(Row {
            name: gc.implementations.name(&identity).to_string(),
            identity,
            release: release_name(&version, reports),
            current: current.contains(&version.minor),
            version,
            core,
            reports: chosen.iter().map(|(f, _)| f.path.clone()).collect(),
            versions,
            cells,
        });
    }
    rows.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.identity.cmp(&b.identity))
    });
    // Two identities with one display name would read as one row: name both by identity.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for r in &rows {
        *counts.entry(r.name.to_lowercase()).or_default() += 1;
    }
    for r in &mut rows {
        if counts[&r.name.to_lowercase()] > 1 {
            r.name = format!("{} ({})", r.name, r.identity);
        }
    }
    rows
}

/// `v1.6` for a version directory; for the first layout (`conformance/results`, no version
/// directory) the newest minor version the month's reports there name in `gatewayAPIVersion`,
/// else `results`.
fn release_name(v: &DirVersion, reports: &[(&ReportFile, &Report)]) -> String {
    if v.minor != (0, 0) {
        return v.minor_name();
    }
    reports
        .iter()
        .filter(|(f, _)| f.version.minor == (0, 0))
        .filter_map(|(_, r)| DirVersion::parse(r.api_version.trim()))
        .map(|d| d.minor_name())
        .max()
        .unwrap_or_else(|| "results".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_gep_documents() {
        let g = markdown_gep(
            1742,
            "# GEP-1742: HTTPRoute Timeouts\n\n* Issue: [#1742](x)\n* Status: Experimental\n",
        );
        assert_eq!(
            (g.title.as_str(), g.status.as_str()),
            ("HTTPRoute Timeouts", "Experimental")
        );
        let g = markdown_gep(9, "# Title\n\n- Status: **Standard**\n");
        assert_eq!((g.title.as_str(), g.status.as_str()), ("Title", "Standard"));
    }
}
