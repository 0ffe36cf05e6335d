//! Statistics over the history, built in one pass: per proposal, how many implementors are at
//! each code in every month and its stage in every month; per implementor, its codes over time.
//! Graduation is assessed from these in [`super::graduation`].

use crate::config::{CodeRanks, Config, RankClass};
use crate::model::{ComplianceId, Evidence, History, Implementor, ItemKey, Month, Rank, StageId};
use std::collections::BTreeMap;

/// One proposal across the months it appears in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemHistory {
    pub key: ItemKey,
    /// Latest title.
    pub title: String,
    /// Per month the proposal appears in: (snapshot index, counts per code rank, stage, compliance).
    pub months: Vec<ItemMonth>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemMonth {
    pub snapshot: usize,
    /// The proposal's column in that snapshot (`snapshots[snapshot].proposals[column]`), so
    /// pages reach its title, section and group without searching the table.
    pub column: usize,
    pub month: Month,
    /// Implementors at each shown code (progress and `progress: false`), indexed by the code's
    /// rank (see [`CodeRanks`]); not-applicable and absent cells, and outdated rows, are not
    /// counted.
    pub counts: Vec<usize>,
    /// Implementors whose cell counts as complete ([`counts_as_complete`]).
    pub complete: usize,
    pub status: StageId,
    pub compliance: ComplianceId,
}

impl ItemHistory {
    pub fn latest(&self) -> Option<&ItemMonth> {
        self.months.last()
    }
}

/// One implementor across the months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImplementorHistory {
    pub name: String,
    pub slug: String,
    /// Snapshot indexes the implementor appears in.
    pub snapshots: Vec<usize>,
    /// Its row in each of those snapshots (parallel to `snapshots`).
    pub rows: Vec<usize>,
}

/// One snapshot resolved to identities: which history entry each row and column is, and every
/// cell's code rank. Pages read these instead of looking names up again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotIndex {
    /// Index in `Stats::implementors` of each row.
    pub rows: Vec<usize>,
    /// Index in `Stats::proposals` of each column.
    pub cols: Vec<usize>,
    /// Code rank of each cell, row-major (row × column).
    pub ranks: Vec<usize>,
    /// Whether each cell counts as complete ([`counts_as_complete`]), row-major.
    pub complete: Vec<bool>,
    /// For each cell (row-major), the snapshot index since which it has held its code without a
    /// break: the same implementor and proposal in every snapshot from there on, at the same
    /// rank. The first snapshot, or a row or column new in its snapshot, starts a run.
    pub since: Vec<usize>,
    /// Each row's evidence: an outdated row (for a release that is not current) is shown but
    /// counted nowhere.
    pub evidence: Vec<Evidence>,
}

impl SnapshotIndex {
    pub fn rank(&self, row: usize, col: usize) -> usize {
        self.ranks
            .get(row * self.cols.len() + col)
            .copied()
            .unwrap_or(0)
    }

    /// Whether row `row`'s cells count: its evidence is for a current release. The one place
    /// that leaves outdated rows out of every count.
    pub fn counts(&self, row: usize) -> bool {
        self.evidence
            .get(row)
            .is_none_or(|e| *e == Evidence::Current)
    }

    /// The cells of row `row` that count, as [`Progress::of_cells`] takes them: none for an
    /// outdated row.
    pub fn counted_row(&self, row: usize) -> impl Iterator<Item = (usize, bool)> + '_ {
        let n = if self.counts(row) { self.cols.len() } else { 0 };
        (0..n).map(move |col| self.cell(row, col))
    }

    /// The cells of column `col` that count: outdated rows left out.
    pub fn counted_column(&self, col: usize) -> impl Iterator<Item = (usize, bool)> + '_ {
        (0..self.rows.len())
            .filter(|&row| self.counts(row))
            .map(move |row| self.cell(row, col))
    }

    /// Every cell that counts.
    pub fn counted(&self) -> impl Iterator<Item = (usize, bool)> + '_ {
        (0..self.rows.len()).flat_map(|row| self.counted_row(row))
    }

    /// Whether the cell counts as complete ([`counts_as_complete`]).
    pub fn is_complete(&self, row: usize, col: usize) -> bool {
        self.complete
            .get(row * self.cols.len() + col)
            .copied()
            .unwrap_or(false)
    }

    /// A cell as [`Progress::of_cells`] counts it: its rank and whether it counts as complete.
    pub fn cell(&self, row: usize, col: usize) -> (usize, bool) {
        (self.rank(row, col), self.is_complete(row, col))
    }
}

/// Everything the pages need, computed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// In order of first appearance (then table order).
    pub items: Vec<ItemHistory>,
    pub implementors: Vec<ImplementorHistory>,
    pub item_index: BTreeMap<ItemKey, usize>,
    pub implementor_index: BTreeMap<String, usize>,
    /// One per snapshot, in month order.
    pub snapshots: Vec<SnapshotIndex>,
}

/// Whether cell `col` of `row` counts as complete: its code is the complete code. The one place
/// that decides it: the per-proposal counts, the month totals, graduation, the names counted
/// complete and the diff's threshold crossings all go through it (a rule about the row, such as
/// outdated evidence, belongs here).
pub fn counts_as_complete(config: &Config, row: &Implementor, col: usize) -> bool {
    row.counts() && Some(rank_of(row, col)) == config.ranks.complete()
}

/// The rank of cell `col` of `row` (the parser's; blank past the row's end).
fn rank_of(row: &Implementor, col: usize) -> usize {
    row.cells.get(col).map_or(Rank::BLANK, |c| c.rank).index()
}

/// How many cells are complete, in progress (a progress code above blank, below complete), at a
/// code outside the progress order (`progress: false`) or not applicable. Complete is what
/// [`counts_as_complete`] says; the rest follows each cell's [`RankClass`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub complete: usize,
    pub in_progress: usize,
    /// Cells at a `progress: false` code ("Reported unsupported"): never progress.
    pub not_progress: usize,
    /// Cells at a not-applicable code; absent cells are not counted.
    pub not_applicable: usize,
}

impl Progress {
    /// Counts cells given as (code rank, counts as complete), as [`SnapshotIndex::cell`] gives
    /// them.
    pub fn of_cells(cells: impl IntoIterator<Item = (usize, bool)>, ranks: &CodeRanks) -> Progress {
        let mut p = Progress::default();
        for (r, complete) in cells {
            match (complete, ranks.class(r)) {
                (true, _) => p.complete += 1,
                (false, RankClass::InProgress) => p.in_progress += 1,
                (false, RankClass::NotProgress) => p.not_progress += 1,
                (false, RankClass::NotApplicable) => p.not_applicable += 1,
                _ => {}
            }
        }
        p
    }

    /// Counts the cells of one row of the model (nothing for an outdated row).
    pub fn of_row(row: &Implementor, config: &Config) -> Progress {
        if !row.counts() {
            return Progress::default();
        }
        Progress::of_cells(
            (0..row.cells.len())
                .map(|col| (rank_of(row, col), counts_as_complete(config, row, col))),
            &config.ranks,
        )
    }

    /// Cells with a code that applies: not blank, not a not-applicable code.
    pub fn any(&self) -> usize {
        self.complete + self.in_progress + self.not_progress
    }
}

impl ItemMonth {
    /// Complete, in-progress and `progress: false` implementations of the proposal this month.
    pub fn progress(&self, ranks: &CodeRanks) -> Progress {
        let of = |r: std::ops::Range<usize>| r.filter_map(|r| self.counts.get(r)).sum();
        Progress {
            complete: self.complete,
            in_progress: of(ranks.in_progress()),
            not_progress: of(ranks.not_progress()),
            not_applicable: 0,
        }
    }
}

pub use crate::slug::slugify;

/// The `since` of each cell of snapshot `si`, from the previous snapshot's index.
fn since_of(index: &SnapshotIndex, prev: Option<&SnapshotIndex>, si: usize) -> Vec<usize> {
    let Some(prev) = prev else {
        return vec![si; index.ranks.len()];
    };
    let rows: BTreeMap<usize, usize> = prev.rows.iter().enumerate().map(|(r, &i)| (i, r)).collect();
    let cols: BTreeMap<usize, usize> = prev.cols.iter().enumerate().map(|(c, &i)| (i, c)).collect();
    let nc = index.cols.len();
    let pnc = prev.cols.len();
    let mut out = Vec::with_capacity(index.ranks.len());
    for (row, ii) in index.rows.iter().enumerate() {
        let prow = rows.get(ii);
        for (col, pi) in index.cols.iter().enumerate() {
            let here = row * nc + col;
            let before = prow.zip(cols.get(pi)).map(|(&r, &c)| r * pnc + c);
            out.push(match before {
                Some(b) if prev.ranks.get(b) == index.ranks.get(here) => prev.since[b],
                _ => si,
            });
        }
    }
    out
}

pub fn compute(history: &History, config: &Config) -> Stats {
    let ranks = config.ranks.shown();
    let mut items: Vec<ItemHistory> = Vec::new();
    let mut item_index = BTreeMap::new();
    let mut implementors: Vec<ImplementorHistory> = Vec::new();
    let mut implementor_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut indexes = Vec::with_capacity(history.snapshots.len());
    for (si, s) in history.snapshots.iter().enumerate() {
        let mut counts = vec![vec![0usize; ranks]; s.items.len()];
        let mut complete = vec![0usize; s.items.len()];
        let mut index = SnapshotIndex {
            rows: Vec::with_capacity(s.implementors.len()),
            cols: Vec::with_capacity(s.items.len()),
            ranks: Vec::with_capacity(s.implementors.len() * s.items.len()),
            complete: Vec::with_capacity(s.implementors.len() * s.items.len()),
            since: Vec::new(),
            evidence: s.implementors.iter().map(|i| i.evidence).collect(),
        };
        for (row, imp) in s.implementors.iter().enumerate() {
            for pi in 0..imp.cells.len() {
                let r = rank_of(imp, pi);
                // Not-applicable and absent cells rank above the shown codes: not counted;
                // nor is any cell of an outdated row.
                if imp.counts()
                    && let Some(n) = counts[pi].get_mut(r)
                {
                    *n += 1;
                }
                let done = counts_as_complete(config, imp, pi);
                complete[pi] += usize::from(done);
                index.ranks.push(r);
                index.complete.push(done);
            }
            // Rows are as wide as the table (the parser guarantees it); pad defensively.
            for _ in imp.cells.len()..s.items.len() {
                index.ranks.push(0);
                index.complete.push(false);
            }
            let idx = *implementor_index
                .entry(imp.name.clone())
                .or_insert_with(|| {
                    implementors.push(ImplementorHistory {
                        name: imp.name.clone(),
                        slug: String::new(),
                        snapshots: Vec::new(),
                        rows: Vec::new(),
                    });
                    implementors.len() - 1
                });
            implementors[idx].snapshots.push(si);
            implementors[idx].rows.push(row);
            index.rows.push(idx);
        }
        for (pi, p) in s.items.iter().enumerate() {
            let idx = *item_index.entry(p.key.clone()).or_insert_with(|| {
                items.push(ItemHistory {
                    key: p.key.clone(),
                    title: p.title.clone(),
                    months: Vec::new(),
                });
                items.len() - 1
            });
            index.cols.push(idx);
            let ph = &mut items[idx];
            ph.title = p.title.clone();
            let c = std::mem::take(&mut counts[pi]);
            ph.months.push(ItemMonth {
                snapshot: si,
                column: pi,
                month: s.month,
                counts: c,
                complete: complete[pi],
                status: p.status,
                compliance: p.compliance,
            });
        }
        index.since = since_of(&index, indexes.last(), si);
        indexes.push(index);
    }
    // Slugs are assigned once every identity is known, so they are unique by construction.
    let slugs = crate::slug::unique(implementors.iter().map(|i| i.name.as_str()));
    let slugs: Vec<String> = implementors
        .iter()
        .map(|i| slugs[i.name.as_str()].clone())
        .collect();
    for (i, slug) in implementors.iter_mut().zip(slugs) {
        i.slug = slug;
    }
    Stats {
        items,
        implementors,
        item_index,
        implementor_index,
        snapshots: indexes,
    }
}
