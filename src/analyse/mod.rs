//! Analysis over parsed snapshots: identity checks across months (near names, disappeared
//! implementors, changed titles), diffs between snapshots, per-proposal statistics and
//! graduation. Works on the plain model only and returns data, never wording.

pub mod change;
pub mod diff;
pub mod graduation;
pub mod identity;
pub mod near_names;
pub mod stats;

use crate::config::Config;
use crate::model::History;

/// Everything the presentation needs that is computed from the history, once per build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    pub stats: stats::Stats,
    /// Diff of each snapshot against the previous one (`None` for the first).
    pub diffs: Vec<Option<diff::Diff>>,
    /// Graduation of each proposal, parallel to `stats.proposals`.
    pub graduation: Vec<graduation::Graduation>,
}

/// Statistics and the month-over-month diffs of a history.
pub fn analyse(history: &History, config: &Config) -> Analysis {
    analyse_reusing(history, config, None)
}

/// [`analyse`], taking the diffs that cannot have changed from `previous`: the analysis of a
/// history with the same months and configuration, and per month whether its snapshot changed
/// since. The diff of month i reads only snapshots i-1 and i; the statistics (counts, histories,
/// `since` runs, graduation) are computed again whole.
pub fn analyse_reusing(
    history: &History,
    config: &Config,
    previous: Option<(&Analysis, &[bool])>,
) -> Analysis {
    let stats = stats::compute(history, config);
    let n = history.snapshots.len();
    let previous = previous.filter(|(a, changed)| a.diffs.len() == n && changed.len() == n);
    let diffs = history
        .snapshots
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if i == 0 {
                return None;
            }
            match previous {
                Some((a, changed)) if !changed[i - 1] && !changed[i] => a.diffs[i].clone(),
                _ => Some(diff::diff(&history.snapshots[i - 1], s, config)),
            }
        })
        .collect();
    let graduation = (0..stats.items.len())
        .map(|pi| graduation::assess_item(pi, &stats, history, config))
        .collect();
    Analysis {
        stats,
        diffs,
        graduation,
    }
}
