//! Identity across months: the same month twice, implementors whose names are a few edits from
//! another month's (a likely typo or rename: the warning suggests the alias line to add),
//! implementors that disappeared, and proposals whose title changed.

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::model::Snapshot;
use std::collections::BTreeMap;

/// Levenshtein distance over characters, case-insensitive.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Whether two distinct names are close enough to be the same implementor misspelt.
pub fn near(a: &str, b: &str, max: usize) -> bool {
    if a == b {
        return false;
    }
    let len = a.chars().count().min(b.chars().count());
    let limit = max.min((len / 4).max(1));
    let d = edit_distance(a, b);
    d <= limit
}

/// Checks across snapshots (sorted by month). `snapshots` must already be deduplicated by month.
pub fn check_identity(snapshots: &[Snapshot], config: &Config, diags: &mut Diagnostics) {
    let near_distance = config.near_name_distance;
    // First month each name appears in.
    let mut first_seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (si, s) in snapshots.iter().enumerate() {
        for i in &s.implementors {
            first_seen.entry(i.name.as_str()).or_insert(si);
        }
    }
    for (si, s) in snapshots.iter().enumerate() {
        // Earlier names that a new name of this month is close to: reported once, as a near
        // name, rather than also as a disappeared implementor.
        let mut explained: Vec<&str> = Vec::new();
        for imp in &s.implementors {
            if first_seen.get(imp.name.as_str()) != Some(&si) {
                continue;
            }
            // A name new in this month, close to a name of an earlier month.
            let candidate = first_seen
                .iter()
                .filter(|&(other, &fi)| {
                    fi < si
                        && s.implementor_index(other).is_none()
                        && near(&imp.name, other, near_distance)
                })
                .min_by_key(|(other, _)| edit_distance(&imp.name, other));
            if let Some((&other, &fi)) = candidate {
                explained.push(other);
                // The alias maps the spelling written last before this month to this month's
                // name, so the history reads under the current spelling.
                let old_written = snapshots[..si]
                    .iter()
                    .rev()
                    .find_map(|e| e.implementors.iter().find(|i| i.name == other))
                    .map(|i| i.written_name.as_str())
                    .unwrap_or(other);
                diags.warning(
                    &s.source,
                    imp.pos.line,
                    imp.pos.col,
                    format!(
                        "implementor \"{}\" is new this month but close to \"{}\" of {}; fix the spelling if it is a typo, or if they are the same implementor add the line `\"{}\": \"{}\"` under `aliases: implementors:` in content/site.yaml",
                        imp.name, other, snapshots[fi].month, old_written, imp.name
                    ),
                );
            }
        }
        if si == 0 {
            continue;
        }
        let prev = &snapshots[si - 1];
        for gone in &prev.implementors {
            if s.implementor_index(&gone.name).is_none() && !explained.contains(&gone.name.as_str())
            {
                diags.warning(
                    &s.source,
                    s.table_pos.line,
                    s.table_pos.col,
                    format!(
                        "implementor \"{}\" of {} is missing from this snapshot; keep its row (blank cells mean not planned), or add an alias if it was renamed",
                        gone.name, prev.month
                    ),
                );
            }
        }
        for p in &s.proposals {
            let earlier = snapshots[..si]
                .iter()
                .rev()
                .find_map(|e| e.proposals.iter().find(|q| q.key == p.key).map(|q| (e, q)));
            if let Some((e, q)) = earlier
                && q.title != p.title
            {
                diags.warning(
                    &s.source,
                    p.pos.line,
                    p.pos.col,
                    format!(
                        "title of {} changed from \"{}\" ({}) to \"{}\"; keep the title unless the {} was renamed",
                        config.proposal_id(&p.key), q.title, e.month, p.title, config.item_word(false)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(
            edit_distance("Google Kubnernetes Engine", "Google Kubernetes Engine"),
            1
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert!(near("WS02", "WSO2", 2));
        assert!(!near("Kong", "Kuma", 2));
        assert!(!near("Istio", "Istio", 2));
        assert!(near("Envoy Gatway", "Envoy Gateway", 2));
    }
}
