//! What each per-item page job reads beyond [`Shared`](super::context::Shared): one typed view
//! per kind, built from [`SiteData`] by one function each. A page function takes its view and
//! a `Shared`, never `SiteData`, so the type system decides what it can read; an incremental
//! render re-runs the job when its view differs (`PartialEq`, field by field) from the same
//! view of the previous render's data (`present/jobs.rs`). A view holds only borrowed data and
//! derives its comparison, so there is no separate key that could leave out something the page
//! reads; the one breach left is a hand-written `PartialEq` that skips a field, so none is
//! written (`tests/it/incremental_props.rs` was shown to fail with one that skips
//! `MonthView::diff`, and with one that skips `ProposalView::columns`).

use super::context::SiteData;
use crate::analyse::diff::Diff;
use crate::analyse::graduation::Graduation;
use crate::analyse::stats::{ImplementorHistory, ItemHistory, SnapshotIndex};
use crate::model::{Implementor, Snapshot};

/// What month `si`'s page and CSV read: its snapshot, its snapshot index (codes, `since`
/// runs) and its diff against the previous month. The months around it (links, "since"
/// words) are the structure's, in `Shared`.
#[derive(Debug, PartialEq)]
pub struct MonthView<'a> {
    pub si: usize,
    pub snapshot: &'a Snapshot,
    pub index: &'a SnapshotIndex,
    pub diff: Option<&'a Diff>,
}

impl<'a> MonthView<'a> {
    pub fn of(d: &SiteData<'a>, si: usize) -> MonthView<'a> {
        MonthView {
            si,
            snapshot: &d.history.snapshots[si],
            index: &d.stats.snapshots[si],
            diff: d.diffs[si].as_ref(),
        }
    }
}

/// What month `si`'s changes page reads: its snapshot (the tables' order) and its diff. The
/// titles of added proposals and whether the month compared against exists are the
/// structure's.
#[derive(Debug, PartialEq)]
pub struct ChangesView<'a> {
    pub snapshot: &'a Snapshot,
    pub diff: Option<&'a Diff>,
}

impl<'a> ChangesView<'a> {
    pub fn of(d: &SiteData<'a>, si: usize) -> ChangesView<'a> {
        ChangesView {
            snapshot: &d.history.snapshots[si],
            diff: d.diffs[si].as_ref(),
        }
    }
}

/// What proposal `pi`'s page and chart read: its history (counts, stages, compliance per
/// month), its graduation and, per month it is listed in (in the history's order), its column
/// of codes: each row's implementor (by index) and code rank. Its section, group and the
/// names of implementors are the structure's.
#[derive(Debug, PartialEq)]
pub struct ItemView<'a> {
    pub history: &'a ItemHistory,
    pub graduation: &'a Graduation,
    pub columns: Vec<Vec<(usize, usize)>>,
    /// With `versions:`, per month listed (as `columns`), each row's implementor (by index)
    /// and version (`None`: blank or a code); empty without `versions:`.
    pub versions: Vec<Vec<(usize, Option<&'a crate::model::VersionValue>)>>,
}

impl<'a> ItemView<'a> {
    pub fn of(d: &SiteData<'a>, pi: usize) -> ItemView<'a> {
        let history = &d.stats.items[pi];
        // The column the history recorded, per month (a search per month would make the views
        // of all proposals quadratic in the number of items).
        let cols: Vec<Option<usize>> = history
            .months
            .iter()
            .map(|m| {
                let index = &d.stats.snapshots[m.snapshot];
                Some(m.column)
                    .filter(|&c| index.cols.get(c) == Some(&pi))
                    .or_else(|| index.cols.iter().position(|&p| p == pi))
            })
            .collect();
        let columns = history
            .months
            .iter()
            .zip(&cols)
            .map(|(m, col)| {
                let index = &d.stats.snapshots[m.snapshot];
                let Some(col) = *col else {
                    return Vec::new();
                };
                (0..index.rows.len())
                    .map(|row| (index.rows[row], index.rank(row, col)))
                    .collect()
            })
            .collect();
        let versions = if d.config.versions.is_some() {
            history
                .months
                .iter()
                .zip(&cols)
                .map(|(m, col)| {
                    let index = &d.stats.snapshots[m.snapshot];
                    let s = &d.history.snapshots[m.snapshot];
                    let Some(col) = *col else {
                        return Vec::new();
                    };
                    (0..index.rows.len())
                        .map(|row| {
                            let cell = s.implementors.get(row).and_then(|i| i.cells.get(col));
                            (index.rows[row], cell.and_then(|c| c.version()))
                        })
                        .collect()
                })
                .collect()
        } else {
            Vec::new()
        };
        ItemView {
            history,
            graduation: &d.graduation[pi],
            columns,
            versions,
        }
    }
}

/// What implementor `ii`'s page and chart read: its history (name, slug, the months it is
/// listed in) and, per such month, its row. Proposal keys and titles are the structure's.
#[derive(Debug, PartialEq)]
pub struct ImplementorView<'a> {
    pub history: &'a ImplementorHistory,
    pub months: Vec<ImplementorMonth<'a>>,
}

/// An implementor's row in one month.
#[derive(Debug, PartialEq)]
pub struct ImplementorMonth<'a> {
    pub si: usize,
    /// The row as parsed: attributes, evidence.
    pub row: &'a Implementor,
    /// The month's current releases, which a row's release is measured against.
    pub current_releases: Option<&'a Vec<String>>,
    /// Whether the row's cells count (its evidence is for a current release).
    pub counts: bool,
    /// Each column's proposal (by index) and cell (code rank, whether complete).
    pub cells: Vec<(usize, (usize, bool))>,
}

impl<'a> ImplementorView<'a> {
    pub fn of(d: &SiteData<'a>, ii: usize) -> ImplementorView<'a> {
        let history = &d.stats.implementors[ii];
        let months = history
            .snapshots
            .iter()
            .zip(&history.rows)
            .map(|(&si, &row)| {
                let s = &d.history.snapshots[si];
                let index = &d.stats.snapshots[si];
                ImplementorMonth {
                    si,
                    row: &s.implementors[row],
                    current_releases: s.current_releases.as_ref(),
                    counts: index.counts(row),
                    cells: (0..index.cols.len())
                        .map(|col| (index.cols[col], index.cell(row, col)))
                        .collect(),
                }
            })
            .collect();
        ImplementorView { history, months }
    }
}
