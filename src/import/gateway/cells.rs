//! The cell rule, and the stage and compliance rows (data only; wording is in [`super::snapshot`]).
//!
//! An implementation is `implementation.organization/project`, lower-cased, then mapped through
//! the configured aliases. For a month it is judged on its reports in the newest Gateway API
//! minor version directory it has any report in (the version of the directory, not the report's
//! own field), across all modes and channels, keeping the best value per proposal:
//! `C` a mapped feature is listed as supported in a profile part whose result is `success` (a
//! proposal mapped to a profile: that profile's core result is `success`); `P` supported, but
//! the result is not `success`; `U` listed only as unsupported; blank: not reported. A proposal
//! may map to several features; any one counts. A proposal with `all_reports` is `C` for every
//! implementation with a report. Compliance: `R` when any report of the month lists a mapped
//! feature (or profile), `NS` when none does, blank when the proposal has no mapping.

use super::report::{Profile, Report};
use super::walk::{DirVersion, ReportFile, Tree};
use crate::config::Config;
use crate::import::config::{GatewayConformanceConfig, ProposalMapping};
use crate::import::git::Oid;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A cell value, in progress order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    Blank,
    /// Reported unsupported.
    U,
    /// Partial.
    P,
    /// Conformant.
    C,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Blank => "",
            Code::U => "U",
            Code::P => "P",
            Code::C => "C",
        }
    }
}

/// One cell: its value and, for `C` and `P`, the report it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub code: Code,
    pub evidence: Option<String>,
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

/// The value one report gives a proposal, and whether the report lists the mapping at all.
fn report_value(m: &ProposalMapping, r: &Report) -> (Code, bool) {
    if m.all_reports {
        return (Code::C, true);
    }
    let mut best = Code::Blank;
    let mut listed = false;
    let has = |list: &[String], f: &str| list.iter().any(|x| x.eq_ignore_ascii_case(f));
    for p in &r.profiles {
        if m.profiles.iter().any(|n| n.eq_ignore_ascii_case(&p.name)) {
            listed = true;
            best = best.max(profile_value(p));
        }
        for s in [&p.core, &p.extended] {
            for f in &m.features {
                if has(&s.supported, f) {
                    listed = true;
                    best = best.max(if s.result == "success" {
                        Code::C
                    } else {
                        Code::P
                    });
                } else if has(&s.unsupported, f) {
                    listed = true;
                    best = best.max(Code::U);
                }
            }
        }
    }
    (best, listed)
}

fn profile_value(p: &Profile) -> Code {
    if p.core.result == "success" {
        Code::C
    } else {
        Code::P
    }
}

/// The month's matrix. `reports` are the readable reports of the month's tree with their files.
pub fn month(
    gc: &GatewayConformanceConfig,
    config: &Config,
    reports: &[(&ReportFile, &Report)],
    geps: &BTreeMap<u32, Gep>,
    notes: &mut BTreeSet<String>,
) -> MonthData {
    // Columns: stage and title from the GEP document, under its number or an old number.
    let mut columns = Vec::with_capacity(gc.proposals.len());
    for m in &gc.proposals {
        let found = geps.get(&m.number).or_else(|| {
            config
                .aliases
                .proposals
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
                        config.proposal_id(&m.number.into())
                    ));
                    String::new()
                }
            }
        };
        let compliance = if !m.is_mapped() {
            ""
        } else if reports.iter().any(|(_, r)| report_value(m, r).1) {
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

    // Rows: one per implementation, from its newest minor version's reports.
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
        let version = chosen
            .iter()
            .map(|(f, _)| f.version.clone())
            .min_by(|a, b| a.dir.cmp(&b.dir))
            .expect("at least one report per identity");
        let cells = gc
            .proposals
            .iter()
            .map(|m| {
                let mut best = Cell {
                    code: Code::Blank,
                    evidence: None,
                };
                for (f, r) in &chosen {
                    let (code, _) = report_value(m, r);
                    if code > best.code {
                        best = Cell {
                            code,
                            evidence: matches!(code, Code::C | Code::P).then(|| f.path.clone()),
                        };
                    }
                }
                best
            })
            .collect();
        let mut versions: Vec<String> = chosen
            .iter()
            .map(|(_, r)| r.version.clone())
            .filter(|v| !v.is_empty())
            .collect();
        versions.sort();
        versions.dedup();
        rows.push(Row {
            name: gc.implementations.name(&identity).to_string(),
            identity,
            version,
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
    MonthData {
        columns,
        rows,
        report_count: reports.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::gateway::report::Section;

    fn section(result: &str, supported: &[&str], unsupported: &[&str]) -> Section {
        Section {
            result: result.into(),
            supported: supported.iter().map(|s| s.to_string()).collect(),
            unsupported: unsupported.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn report(profiles: Vec<Profile>) -> Report {
        Report {
            organization: "acme".into(),
            project: "gw".into(),
            profiles,
            ..Report::default()
        }
    }

    fn features(f: &[&str]) -> ProposalMapping {
        ProposalMapping {
            number: 1,
            features: f.iter().map(|s| s.to_string()).collect(),
            ..ProposalMapping::default()
        }
    }

    #[test]
    fn the_cell_rule_for_one_report() {
        let r = report(vec![
            Profile {
                name: "GATEWAY-HTTP".into(),
                core: section("success", &[], &[]),
                extended: section("partial", &["Mirror", "Both"], &["Rewrite", "Both"]),
            },
            Profile {
                name: "GATEWAY-GRPC".into(),
                core: section("partial", &[], &[]),
                extended: section("success", &["Timeout"], &[]),
            },
        ]);
        // Supported where the result is success: C (any one of several features counts).
        assert_eq!(
            report_value(&features(&["Nope", "Timeout"]), &r),
            (Code::C, true)
        );
        // Supported, result partial: P; listed as supported somewhere beats unsupported.
        assert_eq!(report_value(&features(&["Mirror"]), &r), (Code::P, true));
        assert_eq!(report_value(&features(&["Both"]), &r), (Code::P, true));
        // Only unsupported: U; not listed at all: blank, and not counted for compliance.
        assert_eq!(report_value(&features(&["Rewrite"]), &r), (Code::U, true));
        assert_eq!(report_value(&features(&["Nope"]), &r), (Code::Blank, false));
        // A profile: its core result (case of the name ignored).
        let profile = |n: &str| ProposalMapping {
            number: 1,
            profiles: vec![n.into()],
            ..ProposalMapping::default()
        };
        assert_eq!(report_value(&profile("gateway-http"), &r), (Code::C, true));
        assert_eq!(report_value(&profile("GATEWAY-GRPC"), &r), (Code::P, true));
        assert_eq!(
            report_value(&profile("MESH-HTTP"), &r),
            (Code::Blank, false)
        );
        // all_reports: C for any report.
        let all = ProposalMapping {
            number: 1709,
            all_reports: true,
            ..ProposalMapping::default()
        };
        assert_eq!(report_value(&all, &report(vec![])), (Code::C, true));
        assert!(!ProposalMapping::default().is_mapped());
    }

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
