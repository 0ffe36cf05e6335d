//! Graduation: whether a proposal has the complete implementations its stage asks for, and when
//! that last changed. Data only; the words ("ready to graduate", "reached in …") are the
//! presentation's.
//!
//! The rule, per proposal, over the months it appears in (in month order):
//! - `complete` is its count of complete implementations in the latest of those months;
//! - its state follows from its latest stage's class: a stage that can graduate (default
//!   Provisional, Implementable, Experimental) is [`State::Ready`] at or above the threshold and
//!   [`State::Below`] under it; a graduated stage (Standard) is [`State::Graduated`] at or above
//!   it and [`State::GraduatedWithoutEvidence`] under it; any other stage (Memorandum, Declined,
//!   blank, or one configured out), or no threshold at all, is [`State::NotAssessed`];
//! - `reached` is the month of the latest crossing up that still holds: `None` while below now,
//!   [`Reached::BeforeFirstSnapshot`] when the count has been at or above the threshold since
//!   the first month on record (the crossing itself is not on record);
//! - `dropped` is the month it last fell below the threshold, if it ever did;
//! - a proposal not assessed has neither `reached` nor `dropped`.
//!
//! The analysis assesses every proposal ([`assess_proposal`]); a crossing between two
//! consecutive snapshots ([`crossing`]) is part of their diff.

use super::stats::ProposalHistory;
use crate::config::Config;
use crate::model::Month;
use serde::Serialize;

/// The class of a stage code under the config's `graduation:` lists.
pub fn stage_class(config: &Config, stage: &str) -> StageClass {
    let g = &config.graduation;
    if g.can_graduate.iter().any(|s| s == stage) {
        StageClass::CanGraduate
    } else if g.graduated.iter().any(|s| s == stage) {
        StageClass::Graduated
    } else {
        StageClass::NotAssessed
    }
}

/// Assesses one proposal of the statistics: its complete counts per month and its latest stage.
pub fn assess_proposal(ph: &ProposalHistory, config: &Config) -> Graduation {
    let series: Vec<(Month, usize)> = ph.months.iter().map(|m| (m.month, m.complete)).collect();
    let class = ph
        .latest()
        .map(|m| stage_class(config, &m.status))
        .unwrap_or(StageClass::NotAssessed);
    assess(&series, class, config.graduation_threshold)
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Graduation {
    pub state: State,
    pub complete: usize,
    pub reached: Option<Reached>,
    pub dropped: Option<Month>,
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
/// appears in) and the class of its latest stage.
pub fn assess(
    complete: &[(Month, usize)],
    stage: StageClass,
    threshold: Option<usize>,
) -> Graduation {
    let now = complete.last().map_or(0, |&(_, n)| n);
    let Some(t) = threshold.filter(|_| stage != StageClass::NotAssessed) else {
        return Graduation {
            state: State::NotAssessed,
            complete: now,
            reached: None,
            dropped: None,
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
        (StageClass::Graduated, true) => State::Graduated,
        (StageClass::Graduated, false) => State::GraduatedWithoutEvidence,
    };
    Graduation {
        state,
        complete: now,
        reached,
        dropped,
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
        let g = assess(&s, StageClass::CanGraduate, Some(3));
        assert_eq!(g.state, State::Ready);
        assert_eq!(g.complete, 3);
        assert_eq!(g.reached, Some(Reached::Month(m("2024-06"))));
        assert_eq!(g.dropped, Some(m("2024-04")));
    }

    #[test]
    fn a_fall_below_clears_reached() {
        let s = series(&[("2024-01", 3), ("2024-02", 1)]);
        let g = assess(&s, StageClass::CanGraduate, Some(3));
        assert_eq!(g.state, State::Below);
        assert_eq!(g.reached, None);
        assert_eq!(g.dropped, Some(m("2024-02")));
    }

    #[test]
    fn above_from_the_first_snapshot_is_not_dated() {
        let s = series(&[("2023-11", 5), ("2023-12", 6)]);
        let g = assess(&s, StageClass::Graduated, Some(3));
        assert_eq!(g.state, State::Graduated);
        assert_eq!(g.reached, Some(Reached::BeforeFirstSnapshot));
        assert_eq!(g.dropped, None);
    }

    #[test]
    fn standard_below_the_threshold_lacks_evidence() {
        let s = series(&[("2023-11", 2)]);
        let g = assess(&s, StageClass::Graduated, Some(3));
        assert_eq!(g.state, State::GraduatedWithoutEvidence);
        assert_eq!(g.reached, None);
    }

    #[test]
    fn memorandum_declined_and_no_threshold_are_not_assessed() {
        let s = series(&[("2023-11", 9)]);
        let g = assess(&s, StageClass::NotAssessed, Some(3));
        assert_eq!(g.state, State::NotAssessed);
        assert_eq!((g.complete, g.reached, g.dropped), (9, None, None));
        let g = assess(&s, StageClass::CanGraduate, None);
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
        let g = assess(&[], StageClass::CanGraduate, Some(3));
        assert_eq!(
            g,
            Graduation {
                state: State::Below,
                complete: 0,
                reached: None,
                dropped: None
            }
        );
    }
}
