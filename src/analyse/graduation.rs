//! Graduation: whether a proposal has the complete implementations its stage asks for, and when
//! that last changed. Data only; the words ("ready to graduate", "reached in …") are the
//! presentation's.
//!
//! The rule, per proposal, over the months it appears in (in month order):
//! - `complete` is its count of complete implementations in the latest of those months;
//! - `stage_reached` is when it reached its latest stage: the first month of the run of months,
//!   up to the latest, at that stage ([`Reached::BeforeFirstSnapshot`] when the run starts at
//!   its first month on record), and `complete_at_stage` its complete count in that month;
//! - its state follows from its latest stage's class: a stage that can graduate (default
//!   Provisional, Implementable, Experimental) is [`State::Ready`] at or above the threshold and
//!   [`State::Below`] under it; a graduated stage (Standard) is [`State::Graduated`] at or above
//!   it, and [`State::GraduatedWithoutEvidence`] under it now or when it reached the stage (a
//!   proposal that graduated first and met the threshold later stays without the evidence);
//!   any other stage (Memorandum, Declined, blank, or one configured out), or no threshold at
//!   all, is [`State::NotAssessed`];
//! - `reached` is the month of the latest crossing up that still holds: `None` while below now,
//!   [`Reached::BeforeFirstSnapshot`] when the count has been at or above the threshold since
//!   the first month on record (the crossing itself is not on record);
//! - `dropped` is the month it last fell below the threshold, if it ever did;
//! - a proposal not assessed has neither `reached` nor `dropped`;
//! - `evidence` names the implementations counted complete in its latest month
//!   ([`super::stats::counts_as_complete`]), with each cell's evidence link.
//!
//! The analysis assesses every proposal ([`assess_proposal`]); a crossing between two
//! consecutive snapshots ([`crossing`]) is part of their diff.

use super::stats::{ItemHistory, Stats};
use crate::config::Config;
use crate::model::{History, Month, StageId};
use serde::Serialize;

/// The class of a stage under the config's `graduation:` lists (codes of `stages:`, checked
/// when the configuration is read). Blank is never assessed.
pub fn stage_class(config: &Config, stage: StageId) -> StageClass {
    let g = &config.graduation;
    let listed = |codes: &[String]| {
        !stage.is_blank()
            && codes
                .iter()
                .any(|c| config.stages.id::<StageId>(c) == stage)
    };
    if listed(&g.can_graduate) {
        StageClass::CanGraduate
    } else if listed(&g.graduated) {
        StageClass::Graduated
    } else {
        StageClass::NotAssessed
    }
}

/// Assesses proposal `pi` of the statistics: its complete counts per month, its stages, and the
/// implementations counted complete in its latest month (read from `history`).
pub fn assess_item(pi: usize, stats: &Stats, history: &History, config: &Config) -> Graduation {
    let ph = &stats.items[pi];
    let series: Vec<(Month, usize)> = ph.months.iter().map(|m| (m.month, m.complete)).collect();
    let class = ph
        .latest()
        .map(|m| stage_class(config, m.status))
        .unwrap_or(StageClass::NotAssessed);
    let mut g = assess(&series, class, stage_start(ph), config.graduation_threshold);
    g.evidence = evidence(pi, stats, history);
    g
}

/// Where the run of months at the latest stage begins: an index into `ph.months`.
fn stage_start(ph: &ItemHistory) -> usize {
    let Some(latest) = ph.latest() else {
        return 0;
    };
    ph.months.len()
        - ph.months
            .iter()
            .rev()
            .take_while(|m| m.status == latest.status)
            .count()
}

/// The implementations counted complete for proposal `pi` in its latest month, in table order,
/// each with its cell's evidence link.
fn evidence(pi: usize, stats: &Stats, history: &History) -> Vec<Evidence> {
    let Some(m) = stats.items[pi].latest() else {
        return Vec::new();
    };
    let index = &stats.snapshots[m.snapshot];
    let Some(col) = index.cols.iter().position(|&p| p == pi) else {
        return Vec::new();
    };
    let rows = &history.snapshots[m.snapshot].implementors;
    (0..index.rows.len())
        .filter(|&row| index.is_complete(row, col))
        .map(|row| Evidence {
            implementor: stats.implementors[index.rows[row]].name.clone(),
            link: rows[row].cells.get(col).and_then(|c| c.link.clone()),
        })
        .collect()
}

/// What a stage means for graduation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageClass {
    /// A stage a proposal graduates from (default P, I, E).
    CanGraduate,
    /// A graduated stage (default S).
    Graduated,
    /// Not scored against the threshold (M, D, blank, configured out).
    NotAssessed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Ready,
    Graduated,
    GraduatedWithoutEvidence,
    Below,
    NotAssessed,
}

/// When the threshold was reached, as far as the history can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reached {
    Month(Month),
    BeforeFirstSnapshot,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graduation {
    pub state: State,
    pub complete: usize,
    pub reached: Option<Reached>,
    pub dropped: Option<Month>,
    /// When it reached its latest stage; `None` with no months on record.
    pub stage_reached: Option<Reached>,
    /// Its complete count in the month it reached its latest stage (its first month on record
    /// when that is before).
    pub complete_at_stage: usize,
    /// The implementations counted complete in its latest month, in table order.
    pub evidence: Vec<Evidence>,
}

/// An implementation counted complete, and the evidence its cell links to, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub implementor: String,
    /// The cell's link as the snapshot has it (an http(s) URL; see
    /// [`crate::model::Implementor::links`]).
    pub link: Option<String>,
}

/// A crossing of the threshold between two consecutive snapshots of one proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

/// The crossing, if any, from `before` to `after` complete implementations.
pub fn crossing(before: usize, after: usize, threshold: Option<usize>) -> Option<Direction> {
    let t = threshold?;
    match (before >= t, after >= t) {
        (false, true) => Some(Direction::Up),
        (true, false) => Some(Direction::Down),
        _ => None,
    }
}

/// Assesses one proposal from its complete counts per month (month order, only the months it
/// appears in), the class of its latest stage and the index in `complete` of the month it
/// reached that stage. `evidence` is left empty.
pub fn assess(
    complete: &[(Month, usize)],
    stage: StageClass,
    stage_from: usize,
    threshold: Option<usize>,
) -> Graduation {
    let now = complete.last().map_or(0, |&(_, n)| n);
    let at_stage = complete.get(stage_from).or(complete.last());
    let stage_reached = at_stage.map(|&(m, _)| {
        if stage_from == 0 {
            Reached::BeforeFirstSnapshot
        } else {
            Reached::Month(m)
        }
    });
    let complete_at_stage = at_stage.map_or(0, |&(_, n)| n);
    let Some(t) = threshold.filter(|_| stage != StageClass::NotAssessed) else {
        return Graduation {
            state: State::NotAssessed,
            complete: now,
            reached: None,
            dropped: None,
            stage_reached,
            complete_at_stage,
            evidence: Vec::new(),
        };
    };
    let mut reached = None;
    let mut dropped = None;
    let mut previous: Option<usize> = None;
    for &(month, n) in complete {
        match (previous, crossing(previous.unwrap_or(0), n, Some(t))) {
            (None, _) if n >= t => reached = Some(Reached::BeforeFirstSnapshot),
            (Some(_), Some(Direction::Up)) => reached = Some(Reached::Month(month)),
            (Some(_), Some(Direction::Down)) => {
                reached = None;
                dropped = Some(month);
            }
            _ => {}
        }
        previous = Some(n);
    }
    let above = now >= t;
    let state = match (stage, above) {
        (StageClass::NotAssessed, _) => State::NotAssessed,
        (StageClass::CanGraduate, true) => State::Ready,
        (StageClass::CanGraduate, false) => State::Below,
        (StageClass::Graduated, true) if complete_at_stage >= t => State::Graduated,
        (StageClass::Graduated, _) => State::GraduatedWithoutEvidence,
    };
    Graduation {
        state,
        complete: now,
        reached,
        dropped,
        stage_reached,
        complete_at_stage,
        evidence: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    fn series(points: &[(&str, usize)]) -> Vec<(Month, usize)> {
        points.iter().map(|&(s, n)| (m(s), n)).collect()
    }

    #[test]
    fn up_down_and_up_again_reports_the_latest_crossing_and_the_drop() {
        let s = series(&[
            ("2024-01", 1),
            ("2024-02", 3),
            ("2024-03", 4),
            ("2024-04", 2),
            ("2024-06", 3),
        ]);
        let g = assess(&s, StageClass::CanGraduate, 0, Some(3));
        assert_eq!(g.state, State::Ready);
        assert_eq!(g.complete, 3);
        assert_eq!(g.reached, Some(Reached::Month(m("2024-06"))));
        assert_eq!(g.dropped, Some(m("2024-04")));
    }

    #[test]
    fn a_fall_below_clears_reached() {
        let s = series(&[("2024-01", 3), ("2024-02", 1)]);
        let g = assess(&s, StageClass::CanGraduate, 0, Some(3));
        assert_eq!(g.state, State::Below);
        assert_eq!(g.reached, None);
        assert_eq!(g.dropped, Some(m("2024-02")));
    }

    #[test]
    fn above_from_the_first_snapshot_is_not_dated() {
        let s = series(&[("2023-11", 5), ("2023-12", 6)]);
        let g = assess(&s, StageClass::Graduated, 0, Some(3));
        assert_eq!(g.state, State::Graduated);
        assert_eq!(g.reached, Some(Reached::BeforeFirstSnapshot));
        assert_eq!(g.dropped, None);
    }

    #[test]
    fn standard_below_the_threshold_lacks_evidence() {
        let s = series(&[("2023-11", 2)]);
        let g = assess(&s, StageClass::Graduated, 0, Some(3));
        assert_eq!(g.state, State::GraduatedWithoutEvidence);
        assert_eq!(g.reached, None);
    }

    #[test]
    fn graduated_below_the_threshold_stays_without_the_evidence_after_reaching_it() {
        let s = series(&[
            ("2025-08", 0),
            ("2025-09", 0),
            ("2026-01", 2),
            ("2026-02", 4),
        ]);
        // Standard from September 2025 (index 1), with 0 complete then.
        let g = assess(&s, StageClass::Graduated, 1, Some(3));
        assert_eq!(g.state, State::GraduatedWithoutEvidence);
        assert_eq!(g.stage_reached, Some(Reached::Month(m("2025-09"))));
        assert_eq!(g.complete_at_stage, 0);
        assert_eq!(g.reached, Some(Reached::Month(m("2026-02"))));
        // Standard only from February 2026, with 4 complete then: graduated with the evidence.
        let g = assess(&s, StageClass::Graduated, 3, Some(3));
        assert_eq!(g.state, State::Graduated);
        assert_eq!(
            (g.stage_reached, g.complete_at_stage),
            (Some(Reached::Month(m("2026-02"))), 4)
        );
        // A stage held since the first month on record: that month's count.
        let g = assess(&s, StageClass::CanGraduate, 0, Some(3));
        assert_eq!(
            (g.state, g.stage_reached),
            (State::Ready, Some(Reached::BeforeFirstSnapshot))
        );
        assert_eq!(g.complete_at_stage, 0);
    }

    #[test]
    fn memorandum_declined_and_no_threshold_are_not_assessed() {
        let s = series(&[("2023-11", 9)]);
        let g = assess(&s, StageClass::NotAssessed, 0, Some(3));
        assert_eq!(g.state, State::NotAssessed);
        assert_eq!((g.complete, g.reached, g.dropped), (9, None, None));
        let g = assess(&s, StageClass::CanGraduate, 0, None);
        assert_eq!(g.state, State::NotAssessed);
        assert_eq!((g.complete, g.reached, g.dropped), (9, None, None));
    }

    #[test]
    fn crossings_need_a_threshold_and_a_change_of_side() {
        assert_eq!(crossing(2, 3, Some(3)), Some(Direction::Up));
        assert_eq!(crossing(3, 2, Some(3)), Some(Direction::Down));
        assert_eq!(crossing(3, 4, Some(3)), None);
        assert_eq!(crossing(0, 1, Some(3)), None);
        assert_eq!(crossing(0, 9, None), None);
    }

    #[test]
    fn no_months_is_below_with_nothing_reached() {
        let g = assess(&[], StageClass::CanGraduate, 0, Some(3));
        assert_eq!(
            g,
            Graduation {
                state: State::Below,
                complete: 0,
                reached: None,
                dropped: None,
                stage_reached: None,
                complete_at_stage: 0,
                evidence: Vec::new(),
            }
        );
    }
}
