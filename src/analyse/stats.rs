//! Statistics over the history, built in one pass: per proposal, how many implementors are at
//! each code in every month and its stage in every month; per implementor, its codes over time.
//! Graduation is assessed from these in [`super::graduation`].

use crate::config::Config;
use crate::model::{Evidence, History, ItemKey, Month, Rank};
use std::collections::BTreeMap;

/// One proposal across the months it appears in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalHistory {
    pub key: ItemKey,
    /// Latest title.
    pub title: String,
    /// Per month the proposal appears in: (snapshot index, counts per code rank, stage, compliance).
    pub months: Vec<ProposalMonth>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalMonth {
    pub snapshot: usize,
    pub month: Month,
    /// Implementors at each code, indexed by the code's rank; outdated rows left out.
    pub counts: Vec<usize>,
    pub status: String,
    pub compliance: String,
}

impl ProposalHistory {
    pub fn latest(&self) -> Option<&ProposalMonth> {
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
    /// For each cell (row-major), the snapshot index since which it has held its code without a
    /// break: the same implementor and proposal in every snapshot from there on, at the same
    /// rank. The first snapshot, or a row or column new in its snapshot, starts a run.
    pub since: Vec<usize>,
    /// Each row's evidence: an outdated row (for a release that is not current) is shown but
    /// counted nowhere.
    pub evidence: Vec<Evidence>,
    /// Each row's implementor attribute values (`implementors: attributes:`, config order), so
    /// the pages that show them are rendered again when they change.
    pub attributes: Vec<Vec<String>>,
    /// The snapshot's `current_releases`, which pages naming a row's release also name.
    pub current_releases: Option<Vec<String>>,
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

    /// The code ranks of row `row` that count: none for an outdated row.
    pub fn counted_row(&self, row: usize) -> impl Iterator<Item = usize> + '_ {
        let n = if self.counts(row) { self.cols.len() } else { 0 };
        (0..n).map(move |col| self.rank(row, col))
    }

    /// The code ranks of column `col` that count: outdated rows left out.
    pub fn counted_column(&self, col: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.rows.len())
            .filter(|&row| self.counts(row))
            .map(move |row| self.rank(row, col))
    }

    /// The code ranks of every cell that counts.
    pub fn counted(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.rows.len()).flat_map(|row| self.counted_row(row))
    }
}

/// Everything the pages need, computed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// In order of first appearance (then table order).
    pub proposals: Vec<ProposalHistory>,
    pub implementors: Vec<ImplementorHistory>,
    pub proposal_index: BTreeMap<ItemKey, usize>,
    pub implementor_index: BTreeMap<String, usize>,
    /// One per snapshot, in month order.
    pub snapshots: Vec<SnapshotIndex>,
}

/// The code rank that counts as complete: the highest in the order, above the blank code's rank
/// 0. `None` when the vocabulary has only the blank code: then nothing is complete.
pub fn complete_rank(config: &Config) -> Option<usize> {
    let n = config.codes.terms.len();
    (n >= 2).then(|| n - 1)
}

/// How many cells are complete (at the complete rank) and how many are in progress (above
/// blank, below complete). The one place that decides what counts as complete.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub complete: usize,
    pub in_progress: usize,
    /// Cells at a not-applicable code (ranked above complete); absent cells are not counted.
    pub not_applicable: usize,
}

impl Progress {
    /// Counts cells given as code ranks.
    pub fn of_ranks(ranks: impl IntoIterator<Item = usize>, complete: Option<usize>) -> Progress {
        let mut p = Progress::default();
        for r in ranks {
            match complete {
                Some(c) if r == c => p.complete += 1,
                Some(c) if r > c && r != Rank::ABSENT.index() => p.not_applicable += 1,
                Some(c) if r > c => {}
                _ if r > 0 => p.in_progress += 1,
                _ => {}
            }
        }
        p
    }

    /// Counts from implementors per code rank (as in [`ProposalMonth::counts`]).
    pub fn of_counts(counts: &[usize], complete: Option<usize>) -> Progress {
        let mut p = Progress::default();
        for (r, &n) in counts.iter().enumerate() {
            if Some(r) == complete {
                p.complete += n;
            } else if r > 0 {
                p.in_progress += n;
            }
        }
        p
    }

    /// Cells above blank.
    pub fn any(&self) -> usize {
        self.complete + self.in_progress
    }
}

impl ProposalMonth {
    /// Complete and in-progress implementations of the proposal in this month.
    pub fn progress(&self, complete: Option<usize>) -> Progress {
        Progress::of_counts(&self.counts, complete)
    }
}

pub use super::slug::slugify;

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
    let ranks = config.codes.terms.len();
    let mut proposals: Vec<ProposalHistory> = Vec::new();
    let mut proposal_index = BTreeMap::new();
    let mut implementors: Vec<ImplementorHistory> = Vec::new();
    let mut implementor_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut indexes = Vec::with_capacity(history.snapshots.len());
    for (si, s) in history.snapshots.iter().enumerate() {
        let mut counts = vec![vec![0usize; ranks]; s.proposals.len()];
        let mut index = SnapshotIndex {
            rows: Vec::with_capacity(s.implementors.len()),
            cols: Vec::with_capacity(s.proposals.len()),
            ranks: Vec::with_capacity(s.implementors.len() * s.proposals.len()),
            since: Vec::new(),
            evidence: s.implementors.iter().map(|i| i.evidence).collect(),
            attributes: s
                .implementors
                .iter()
                .map(|i| i.attributes.iter().map(|(_, v)| v.clone()).collect())
                .collect(),
            current_releases: s.current_releases.clone(),
        };
        for (row, imp) in s.implementors.iter().enumerate() {
            for (pi, code) in imp.cells.iter().enumerate() {
                // Ranks come from the parser; a row built without them is looked up here.
                let r = match imp.ranks.get(pi) {
                    Some(r) => r.index(),
                    None => config.code_rank(code).unwrap_or(Rank::BLANK).index(),
                };
                // Not-applicable and absent cells rank above the progress order: not counted;
                // nor is any cell of an outdated row.
                if imp.counts()
                    && let Some(n) = counts[pi].get_mut(r)
                {
                    *n += 1;
                }
                index.ranks.push(r);
            }
            // Rows are as wide as the table (the parser guarantees it); pad defensively.
            for _ in imp.cells.len()..s.proposals.len() {
                index.ranks.push(0);
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
        for (pi, p) in s.proposals.iter().enumerate() {
            let idx = *proposal_index.entry(p.key.clone()).or_insert_with(|| {
                proposals.push(ProposalHistory {
                    key: p.key.clone(),
                    title: p.title.clone(),
                    months: Vec::new(),
                });
                proposals.len() - 1
            });
            index.cols.push(idx);
            let ph = &mut proposals[idx];
            ph.title = p.title.clone();
            let c = std::mem::take(&mut counts[pi]);
            ph.months.push(ProposalMonth {
                snapshot: si,
                month: s.month,
                counts: c,
                status: p.status.clone(),
                compliance: p.compliance.clone(),
            });
        }
        index.since = since_of(&index, indexes.last(), si);
        indexes.push(index);
    }
    // Slugs are assigned once every identity is known, so they are unique by construction.
    let slugs = super::slug::unique(implementors.iter().map(|i| i.name.as_str()));
    let slugs: Vec<String> = implementors
        .iter()
        .map(|i| slugs[i.name.as_str()].clone())
        .collect();
    for (i, slug) in implementors.iter_mut().zip(slugs) {
        i.slug = slug;
    }
    Stats {
        proposals,
        implementors,
        proposal_index,
        implementor_index,
        snapshots: indexes,
    }
}
