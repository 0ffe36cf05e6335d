//! Why an incremental rebuild is the same, byte for byte, as a full one: the one place that says
//! what a page can depend on and how a change to it is found.
//!
//! A page is a function of (1) the configuration, the theme (every file under `themes/`) and
//! the base URL, (2) the site's [`Structure`] and (3) the part of the history and analysis its
//! job reads (`Reads` in `present/jobs.rs`: nothing more, one month, one proposal, one
//! implementor, or everything). An incremental render re-runs a job when any of these changed
//! and reuses its previous files otherwise:
//!
//! 1. the configuration, theme files and base URL are compared whole (`pipeline/incremental.rs`);
//!    a change re-renders every job (a changed configuration also parses every file again);
//! 2. the [`Structure`] is compared whole; a change re-renders every job. It holds what every
//!    page reads beyond (1): the month list (the header links the latest month, pages link
//!    months), per proposal a [`ProposalPlace`] (key, latest title, section and group: pages
//!    link and name proposals by them), per implementor an [`ImplementorName`] (name and slug:
//!    pages link implementors by them), and whether any item has a stage or compliance value
//!    (what every page's header says). A month added, removed or renamed, a proposal or
//!    implementor that appears or disappears, a new latest title, section, group or slug all
//!    change it;
//! 3. with equal structures the two histories have the same months, proposals and implementors
//!    at the same indexes, and [`change_set`] compares the old and new analysis results
//!    directly into a [`ChangeSet`]: per month, per proposal, per implementor, whether what a
//!    job of that kind reads changed. Whether a month's *snapshot* changed comes from the read
//!    stage: every parse gets a new serial number (`site::ReadCache::serial`), so equal serials
//!    mean the same bytes parsed with the same configuration.
//!
//! What an edit can reach, for orientation (the comparison in 3. does not rely on it): a
//! snapshot edited in month k reaches its own snapshot index and the diffs k (against k-1) and
//! k+1 (against k); the `since` runs of the indexes of months after k; the history, counts and
//! graduation of the proposals in its columns and the histories of the implementors in its rows
//! (only where a cell or a stage changed).
//!
//! `tests/incremental_props.rs` applies random edits and checks every incremental render
//! against a full one; `tests/incremental.rs` walks a fixed sequence.

use super::Analysis;
use super::stats::SnapshotIndex;
use crate::model::{History, ItemKey, Month};

/// What every page reads of the history (see the module documentation). With equal
/// structures, two histories have the same months, proposals and implementors at the same
/// indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    months: Vec<Month>,
    proposals: Vec<ProposalPlace>,
    implementors: Vec<ImplementorName>,
    /// Whether some item has a stage or compliance value in some month.
    has_values: bool,
}

/// How every page names and links a proposal: its key, its latest title, and the section and
/// group it is in in the latest month it is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalPlace {
    pub key: ItemKey,
    pub title: String,
    pub section: String,
    pub group: String,
}

/// How every page names and links an implementor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImplementorName {
    pub name: String,
    pub slug: String,
}

impl Structure {
    /// The month list.
    pub fn months(&self) -> &[Month] {
        &self.months
    }

    /// Each proposal's key, latest title, section and group, in the statistics' order.
    pub fn proposals(&self) -> &[ProposalPlace] {
        &self.proposals
    }

    /// Each implementor's name and slug, in the statistics' order.
    pub fn implementors(&self) -> &[ImplementorName] {
        &self.implementors
    }

    /// Whether some item has a stage or compliance value in some month.
    pub fn has_values(&self) -> bool {
        self.has_values
    }

    pub fn of(history: &History, analysis: &Analysis) -> Structure {
        Structure {
            months: history.snapshots.iter().map(|s| s.month).collect(),
            proposals: analysis
                .stats
                .proposals
                .iter()
                .map(|p| {
                    let latest = p
                        .latest()
                        .and_then(|m| history.snapshots.get(m.snapshot)?.proposals.get(m.column));
                    ProposalPlace {
                        key: p.key.clone(),
                        title: p.title.clone(),
                        section: latest.map_or_else(String::new, |i| i.section.clone()),
                        group: latest.map_or_else(String::new, |i| i.group.clone()),
                    }
                })
                .collect(),
            implementors: analysis
                .stats
                .implementors
                .iter()
                .map(|i| ImplementorName {
                    name: i.name.clone(),
                    slug: i.slug.clone(),
                })
                .collect(),
            has_values: history.snapshots.iter().any(|s| {
                s.proposals
                    .iter()
                    .any(|p| !p.status.is_empty() || !p.compliance.is_empty())
            }),
        }
    }
}

/// What changed between two histories of equal [`Structure`], by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    /// Per month: its snapshot (any byte of what was parsed, its source path included), its
    /// snapshot index (codes, `since` runs) or its diff against the previous month changed.
    pub months: Vec<bool>,
    /// Per proposal: its history (counts, stages, compliance per month), its graduation or its
    /// column of codes in some month (which implementor has which code) changed.
    pub proposals: Vec<bool>,
    /// Per implementor: its history (months and rows) or its row in some month (codes,
    /// evidence, attribute values) changed.
    pub implementors: Vec<bool>,
}

impl ChangeSet {
    /// Whether anything changed at all.
    pub fn any(&self) -> bool {
        self.months.iter().chain(&self.proposals).any(|&c| c)
            || self.implementors.iter().any(|&c| c)
    }
}

/// The change set from `old` to `new` (each a history's structure and analysis), or `None`
/// when their structures differ (then every page may have changed). `snapshots_changed` says
/// per month whether its snapshot changed (the read stage knows: a file parsed again).
pub fn change_set(
    old: (&Structure, &Analysis),
    new: (&Structure, &Analysis),
    snapshots_changed: &[bool],
) -> Option<ChangeSet> {
    let (os, oa) = old;
    let (ns, na) = new;
    if os != ns {
        return None;
    }
    let n = ns.months.len();
    let months: Vec<bool> = (0..n)
        .map(|si| {
            snapshots_changed.get(si).copied().unwrap_or(true)
                || oa.stats.snapshots[si] != na.stats.snapshots[si]
                || oa.diffs[si] != na.diffs[si]
        })
        .collect();
    let indexes_changed: Vec<usize> = (0..n)
        .filter(|&si| oa.stats.snapshots[si] != na.stats.snapshots[si])
        .collect();
    let proposals = (0..na.stats.proposals.len())
        .map(|pi| {
            oa.stats.proposals[pi] != na.stats.proposals[pi]
                || oa.graduation[pi] != na.graduation[pi]
                || indexes_changed.iter().any(|&si| {
                    column(&oa.stats.snapshots[si], pi) != column(&na.stats.snapshots[si], pi)
                })
        })
        .collect();
    let implementors = (0..na.stats.implementors.len())
        .map(|ii| {
            oa.stats.implementors[ii] != na.stats.implementors[ii]
                || indexes_changed
                    .iter()
                    .any(|&si| row(&oa.stats.snapshots[si], ii) != row(&na.stats.snapshots[si], ii))
        })
        .collect();
    Some(ChangeSet {
        months,
        proposals,
        implementors,
    })
}

/// Proposal `pi`'s column in a month: each row's implementor and its code rank (empty when the
/// proposal is not listed).
fn column(index: &SnapshotIndex, pi: usize) -> Vec<(usize, usize)> {
    let Some(col) = index.cols.iter().position(|&p| p == pi) else {
        return Vec::new();
    };
    (0..index.rows.len())
        .map(|row| (index.rows[row], index.rank(row, col)))
        .collect()
}

/// Implementor `ii`'s row in a month: each column's proposal and its code rank, and the row's
/// evidence and attribute values with the month's current releases (empty when the
/// implementor is not listed).
type Row<'a> = (
    Vec<(usize, usize)>,
    Option<(
        &'a crate::model::Evidence,
        &'a Vec<String>,
        &'a Option<Vec<String>>,
    )>,
);

fn row(index: &SnapshotIndex, ii: usize) -> Row<'_> {
    let Some(row) = index.rows.iter().position(|&i| i == ii) else {
        return (Vec::new(), None);
    };
    let cells = (0..index.cols.len())
        .map(|col| (index.cols[col], index.rank(row, col)))
        .collect();
    let facts = index
        .evidence
        .get(row)
        .zip(index.attributes.get(row))
        .map(|(e, a)| (e, a, &index.current_releases));
    (cells, facts)
}
