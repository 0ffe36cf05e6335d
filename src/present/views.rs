//! What each per-item page job reads beyond [`Shared`]: one typed view per kind, built from
//! [`SiteData`] by one function each. A page function takes its view and a `Shared`, never
//! `SiteData`, so the type system decides what it can read; an incremental render re-runs the
//! job when its view differs (`PartialEq`, field by field) from the same view of the previous
//! render's data (`present/jobs.rs`). A view holds only borrowed data and derives its
//! comparison, so there is no separate key that could leave out something the page reads.

use super::context::SiteData;
use crate::analyse::diff::Diff;
use crate::analyse::stats::SnapshotIndex;
use crate::model::Snapshot;

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
