//! What changed between two analysed histories of the same site: the change set an incremental
//! rebuild re-renders from (data only; which pages read what is said in `present::site`).
//!
//! Which analysis results an edit can reach:
//! - a snapshot edited in month k reaches its own snapshot index and the diffs k (against k-1)
//!   and k+1 (against k); the `since` runs of the indexes of months after k (a run of one code
//!   can start or end in k); the history, counts and graduation of the proposals in its columns
//!   and the histories of the implementors in its rows (only where a cell or a stage changed);
//! - a month added, removed or renamed to another month, a proposal or implementor that
//!   appears or disappears, a new latest title, section or group of a proposal or a new slug
//!   changes the [`Structure`]: every page reads it (the header links the latest month, pages
//!   link proposals and implementors by key and slug, a proposal's page names its section and
//!   group), so everything is re-rendered.
//!
//! Rather than reasoning about which of these an edit reached, [`change_set`] compares the old
//! and new results directly, so a result that did not change is never counted as changed.

use super::Analysis;
use super::stats::SnapshotIndex;
use crate::model::{History, ItemKey, Month};

/// What every page reads: the month list, each proposal's key, latest title and the section
/// and group it is in in the latest month it is listed, each implementor's name and slug. With equal structures, two histories have the same months,
/// proposals and implementors at the same indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    months: Vec<Month>,
    proposals: Vec<(ItemKey, String, String, String)>,
    implementors: Vec<(String, String)>,
}

impl Structure {
    /// The month list.
    pub fn months(&self) -> &[Month] {
        &self.months
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
                    (
                        p.key.clone(),
                        p.title.clone(),
                        latest.map_or_else(String::new, |i| i.section.clone()),
                        latest.map_or_else(String::new, |i| i.group.clone()),
                    )
                })
                .collect(),
            implementors: analysis
                .stats
                .implementors
                .iter()
                .map(|i| (i.name.clone(), i.slug.clone()))
                .collect(),
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
