//! Releases and implementor attributes on the pages (`implementors: attributes:` and
//! `release:`, a snapshot's `current_releases`): which attribute columns a month shows, which
//! release a row's evidence is for, and the words for a row that is outdated (shown, counted
//! nowhere). Used by the month page, the implementor page and the implementors list.

use super::context::Shared;
use super::escape;
use crate::model::{Implementor, Snapshot};
use serde::Serialize;

/// "v1.6, v1.5": a snapshot's current releases as written, when it names them.
pub fn current_list(current: Option<&Vec<String>>) -> Option<String> {
    current.map(|r| r.join(", "))
}

/// The release row `imp` of `s` names ("" when none, or no release attribute is configured).
pub fn release_of<'s>(d: &Shared, imp: &'s Implementor) -> &'s str {
    d.config
        .implementors
        .release_index()
        .map_or("", |i| imp.attribute(i).trim())
}

/// "evidence for v1.0, not a current release (current: v1.6, v1.5)"; "(none is current)" when
/// the snapshot lists no release.
pub fn outdated_words(release: &str, current: Option<&Vec<String>>) -> String {
    match current_list(current).filter(|l| !l.is_empty()) {
        Some(list) => {
            format!("evidence for {release}, not a current release (current: {list})")
        }
        None => format!("evidence for {release}, not a current release (none is current)"),
    }
}

/// "v1.0 is not a current release; current: v1.6, v1.5" (the stale flag's words).
pub fn stale_words(release: &str, s: &Snapshot) -> String {
    match current_list(s.current_releases.as_ref()).filter(|l| !l.is_empty()) {
        Some(list) => format!("{release} is not a current release; current: {list}"),
        None => format!("{release} is not a current release; none is current"),
    }
}

/// What the cells of an outdated row carry, escaped for HTML once per row.
pub(super) struct OutdatedMark {
    /// [`outdated_words`], escaped: for titles.
    pub(super) words: String,
    /// The end of a code's cell content: the visible " · v1.0" (hidden from screen readers)
    /// and ", for v1.0, not a current release, not counted" for them (visually hidden).
    pub(super) hidden: String,
}

impl OutdatedMark {
    /// The mark of row `imp` of a month whose current releases are `current`, when it is
    /// outdated.
    pub(super) fn of(
        d: &Shared,
        current: Option<&Vec<String>>,
        imp: &Implementor,
    ) -> Option<OutdatedMark> {
        if imp.counts() {
            return None;
        }
        let release = release_of(d, imp);
        let escaped = escape::html(release);
        Some(OutdatedMark {
            hidden: format!(
                "<span class=\"release\" aria-hidden=\"true\"> · {escaped}</span><span class=\"visually-hidden\">, for {escaped}, not a current release, not counted</span>"
            ),
            words: escape::html(&outdated_words(release, current)).into_owned(),
        })
    }
}

/// A history table's cell (an implementor's page) of a month whose row is outdated: the code
/// with its release, "C · v1.0", and the words for screen readers; its colour stays the code's.
pub(super) fn push_outdated_cell(d: &Shared, out: &mut String, rank: usize, m: &OutdatedMark) {
    let code = escape::html(d.code_of(rank));
    if rank >= d.config.codes.terms.len() {
        out.push_str("<td class=\"na outdated\">");
    } else {
        out.push_str("<td class=\"r");
        out.push_str(&rank.to_string());
        out.push_str(" outdated\">");
    }
    out.push_str(&code);
    out.push_str(&m.hidden);
    out.push_str("</td>");
}

/// The indexes (in `implementors: attributes:`) of the attributes some row of `s` has a value
/// for: the attribute columns its month page shows.
pub fn shown_attributes(d: &Shared, s: &Snapshot) -> Vec<usize> {
    (0..d.config.implementors.attributes.len())
        .filter(|&a| s.implementors.iter().any(|i| !i.attribute(a).is_empty()))
        .collect()
}

/// What a month page says about releases, when the site has a release rule and the snapshot
/// names its current releases.
#[derive(Serialize)]
pub struct MonthReleases {
    /// "v1.6, v1.5" ("" when the list is empty).
    pub current: String,
    /// Rows whose evidence is for a release that is not current.
    pub outdated: usize,
    /// The release attribute's title ("Release").
    pub title: String,
    /// The release of the first outdated row ("v1.0"), for the legend; "" when none.
    pub example: String,
}

/// [`MonthReleases`] of snapshot `s`.
pub fn month_releases(d: &Shared, s: &Snapshot) -> Option<MonthReleases> {
    let i = d.config.implementors.release_index()?;
    let current = current_list(s.current_releases.as_ref())?;
    Some(MonthReleases {
        current,
        outdated: s.implementors.iter().filter(|i| !i.counts()).count(),
        title: d.config.implementors.attributes[i].clone(),
        example: s
            .implementors
            .iter()
            .find(|imp| !imp.counts())
            .map_or_else(String::new, |imp| release_of(d, imp).to_string()),
    })
}
