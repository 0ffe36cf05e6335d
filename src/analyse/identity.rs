//! Identity across months: the same month twice, implementors whose names are a few edits from
//! another month's (a likely typo or rename: the warning suggests the alias line to add),
//! implementors that disappeared, and proposals whose title changed.

use super::near_names::NearNames;
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::diag::Rule;
use crate::model::{ItemKey, Snapshot};
use crate::nouns::Nouns;
use std::collections::{HashMap, HashSet};

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
///
/// Time near-linear in the rows of all snapshots: names are looked up in hash maps, and the
/// near names of a month's new names are found through an index of the names that left
/// ([`super::near_names`]) rather than by comparing every pair. The warnings name things with
/// the site's `nouns`.
pub fn check_identity(
    snapshots: &[Snapshot],
    config: &Config,
    nouns: &Nouns,
    diags: &mut Diagnostics,
) {
    let near_distance = config.near_name_distance;
    // First month each name appears in.
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (si, s) in snapshots.iter().enumerate() {
        for i in &s.implementors {
            first_seen.entry(i.name.as_str()).or_insert(si);
        }
    }
    // Each snapshot's names, with the first row of each.
    let rows: Vec<HashMap<&str, usize>> = snapshots
        .iter()
        .map(|s| {
            let mut m = HashMap::with_capacity(s.implementors.len());
            for (k, i) in s.implementors.iter().enumerate() {
                m.entry(i.name.as_str()).or_insert(k);
            }
            m
        })
        .collect();
    // A name new in month si can be near a name of an earlier month that is not in month si:
    // one that left the history at some month up to si. Only those are indexed, and only when
    // a later month has new names.
    let has_new = |si: usize| {
        snapshots[si]
            .implementors
            .iter()
            .any(|i| first_seen.get(i.name.as_str()) == Some(&si))
    };
    let last_new = (1..snapshots.len()).rev().find(|&si| has_new(si));
    let mut left: Vec<&str> = Vec::new();
    if let Some(last_new) = last_new {
        let mut indexed: HashSet<&str> = HashSet::new();
        for si in 1..=last_new {
            for i in &snapshots[si - 1].implementors {
                let name = i.name.as_str();
                if !rows[si].contains_key(name) && indexed.insert(name) {
                    left.push(name);
                }
            }
        }
    }
    let index = NearNames::new(left.iter().copied(), near_distance);

    // The spelling of each name in the latest month before the current one that has it (its
    // first row there), and the title of each proposal likewise.
    let mut last_written: HashMap<&str, &str> = HashMap::new();
    let mut last_title: HashMap<&ItemKey, (usize, &str)> = HashMap::new();
    for (si, s) in snapshots.iter().enumerate() {
        if si > 0 {
            let prev = &snapshots[si - 1];
            for (k, i) in prev.implementors.iter().enumerate() {
                if rows[si - 1].get(i.name.as_str()) == Some(&k) {
                    last_written.insert(i.name.as_str(), i.written_name.as_str());
                }
            }
            let mut keys: HashSet<&ItemKey> = HashSet::new();
            for p in &prev.items {
                if keys.insert(&p.key) {
                    last_title.insert(&p.key, (si - 1, p.title.as_str()));
                }
            }
        }
        let here = &rows[si];
        // Earlier names that a new name of this month is close to: reported once, as a near
        // name, rather than also as a disappeared implementor.
        let mut explained: HashSet<&str> = HashSet::new();
        for imp in &s.implementors {
            if si == 0 || first_seen.get(imp.name.as_str()) != Some(&si) {
                continue;
            }
            // A name new in this month, close to a name of an earlier month.
            let candidate = index.nearest(&imp.name, |other| {
                first_seen.get(other).is_some_and(|&fi| fi < si) && !here.contains_key(other)
            });
            if let Some((other, _)) = candidate {
                let fi = first_seen[other];
                explained.insert(other);
                // The alias maps the spelling written last before this month to this month's
                // name, so the history reads under the current spelling.
                let old_written = last_written.get(other).copied().unwrap_or(other);
                diags.warning(Rule::NearName,
                    &s.source,
                    imp.pos.line,
                    imp.pos.col,
                    format!(
                        "{word} \"{}\" is new this month but close to \"{}\" of {}; fix the spelling if it is a typo, or if they are the same {word} add the line `\"{}\": \"{}\"` under `aliases: implementors:` in content/site.yaml",
                        imp.name, other, snapshots[fi].month, old_written, imp.name,
                        word = nouns.implementor.one
                    ),
                );
            }
        }
        if si == 0 {
            continue;
        }
        let prev = &snapshots[si - 1];
        for gone in &prev.implementors {
            if !here.contains_key(gone.name.as_str()) && !explained.contains(gone.name.as_str()) {
                diags.warning(Rule::MissingImplementor,
                    &s.source,
                    s.table_pos.line,
                    s.table_pos.col,
                    format!(
                        "{} \"{}\" of {} is missing from this snapshot; keep its {} (blank cells mean not planned), or add an alias if it was renamed",
                        nouns.implementor.one, gone.name, prev.month,
                        if config.matrix.orientation == crate::config::Orientation::Columns {
                            "column"
                        } else {
                            "row"
                        }
                    ),
                );
            }
        }
        for p in &s.items {
            if let Some(&(ei, title)) = last_title.get(&p.key)
                && title != p.title
            {
                diags.warning(Rule::TitleChanged,
                    &s.source,
                    p.pos.line,
                    p.pos.col,
                    format!(
                        "title of {} changed from \"{}\" ({}) to \"{}\"; keep the title unless the {} was renamed",
                        config.item_id(&p.key), title, snapshots[ei].month, p.title, nouns.item.one
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
