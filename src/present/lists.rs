//! The list pages (every proposal, every implementor) and the 404 page; the proposal and
//! implementor summaries they share with the overview.

use super::context::{NoContext, Shared, SiteData, render_page};
use super::error::PresentError;
use super::theme::Theme;
use super::wording::id_label;
use crate::analyse::stats::Progress;
use crate::write::OutputFile;
use serde::Serialize;

/// A proposal in a list: its stage, complete and in-progress counts now, and graduation.
#[derive(Serialize, Clone)]
pub struct ItemSummary<'a> {
    pub id: String,
    pub title: &'a str,
    pub url: String,
    pub status: String,
    pub complete: usize,
    pub in_progress: usize,
    /// At a code outside the progress order (`progress: false`).
    pub not_progress: usize,
    pub g: super::graduation::GraduationView,
    pub current: bool,
}

/// An implementor in a list: its complete count in the latest month of how many proposals, the
/// last month its row changed, and whether that is longer ago than `stale_after_months`.
#[derive(Serialize)]
pub struct ImplementorSummary<'a> {
    pub name: &'a str,
    pub url: String,
    pub complete: usize,
    /// Proposals in the latest month.
    pub of: usize,
    pub current: bool,
    /// "May 2024": the last month its row changed (its first month if it never did).
    pub last_change: String,
    /// "2024-05", for sorting.
    pub last_change_code: String,
    /// Listed now and, with a release rule (`implementors: release:`), its row is for a
    /// release that is not current; without one, unchanged for longer than `stale_after_months`.
    pub stale: bool,
    /// "no change for 14 months", "v1.0 is not a current release; current: v1.6, v1.5" when
    /// stale.
    pub stale_text: String,
    /// Its implementor attribute values in the latest month, in config order, each with a note
    /// for the release ("not current"); blank when not listed now.
    pub attributes: Vec<AttributeValue<'a>>,
    /// Listed now with a row for a release that is not current: shown, not counted.
    pub outdated: bool,
}

/// An implementor attribute's value in a list.
#[derive(Serialize)]
pub struct AttributeValue<'a> {
    pub value: &'a str,
    /// "not current" for a release that is not current, else "".
    pub note: &'static str,
}

/// Months from `a` to `b`.
fn months_between(a: crate::model::Month, b: crate::model::Month) -> i64 {
    (i64::from(b.year) * 12 + i64::from(b.month)) - (i64::from(a.year) * 12 + i64::from(a.month))
}

/// Every proposal in order of first appearance, linked from the page at `from`.
pub fn item_summaries<'a>(d: &SiteData<'a>, from: &str) -> Vec<ItemSummary<'a>> {
    let u = |t: &str| d.urls.href(from, t);
    let stats = d.stats;
    stats
        .items
        .iter()
        .enumerate()
        .map(|(pi, ph)| {
            let latest = ph.latest();
            let progress = latest
                .map(|m| m.progress(&d.config.ranks))
                .unwrap_or_default();
            ItemSummary {
                id: d.config.item_id(&ph.key),
                title: &ph.title,
                url: u(&d.item_path(&ph.key)),
                status: latest
                    .map(|m| id_label(&d.config.stages, m.status))
                    .unwrap_or_default(),
                complete: progress.complete,
                in_progress: progress.in_progress,
                not_progress: progress.not_progress,
                g: super::graduation::view(d, &d.graduation[pi], &d.stats.items[pi]),
                current: latest
                    .map(|m| m.snapshot + 1 == d.history.snapshots.len())
                    .unwrap_or(false),
            }
        })
        .collect()
}

/// Every implementor by name (case-insensitive), linked from the page at `from`; complete
/// counts are for the latest month (0 for implementors no longer listed).
pub fn implementor_summaries<'a>(d: &SiteData<'a>, from: &str) -> Vec<ImplementorSummary<'a>> {
    let u = |t: &str| d.urls.href(from, t);
    let stats = d.stats;
    let last = stats.snapshots.len().checked_sub(1);
    let latest_month = d.history.latest().map(|s| s.month);
    let of = d.history.latest().map_or(0, |s| s.items.len());
    // The last snapshot in which each implementor's row changed: a cell change in the diff, or
    // its first appearance.
    let mut changed_in: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (si, df) in d.diffs.iter().enumerate() {
        if let Some(df) = df {
            for c in &df.cells {
                changed_in.insert(c.implementor.as_str(), si);
            }
        }
    }
    let mut v: Vec<(String, ImplementorSummary)> = stats
        .implementors
        .iter()
        .map(|ih| {
            let row = match (ih.snapshots.last(), ih.rows.last()) {
                (Some(&si), Some(&row)) if Some(si) == last => Some((si, row)),
                _ => None,
            };
            let imp = row.map(|(si, row)| &d.history.snapshots[si].implementors[row]);
            let outdated = imp.is_some_and(|i| !i.counts());
            // Complete of the cells that apply: not-applicable and absent cells left out, as
            // the month page counts them.
            let (complete, of) = row
                .map(|(si, row)| {
                    let index = &stats.snapshots[si];
                    let cells = || (0..index.cols.len()).map(|col| index.cell(row, col));
                    let applies = cells().filter(|&(r, _)| d.config.ranks.applies(r)).count();
                    (
                        Progress::of_cells(index.counted_row(row), &d.config.ranks).complete,
                        applies,
                    )
                })
                .unwrap_or((0, of));
            let first = ih.snapshots.first().copied().unwrap_or(0);
            let si = changed_in
                .get(ih.name.as_str())
                .copied()
                .unwrap_or(first)
                .max(first);
            let month = d.history.snapshots[si].month;
            let age = latest_month.map_or(0, |l| months_between(month, l));
            // With a release rule, stale is a latest row for a release that is not current.
            let release_rule = d.config.implementors.release_index().is_some();
            let stale = match (imp, release_rule) {
                (Some(_), true) => outdated,
                (Some(_), false) => age > i64::from(d.config.stale_after_months),
                (None, _) => false,
            };
            let stale_text = match (imp, release_rule) {
                _ if !stale => String::new(),
                (Some(i), true) => super::release::stale_words(
                    super::release::release_of(d, i),
                    d.history.snapshots.last().expect("listed now"),
                ),
                _ => format!(
                    "no change for {age} {}",
                    if age == 1 { "month" } else { "months" }
                ),
            };
            // Blank when not listed now.
            let release = d.config.implementors.release_index();
            let attributes = (0..d.config.implementors.attributes.len())
                .map(|a| {
                    let value = imp.map_or("", |i| i.attribute(a));
                    let note = if Some(a) == release && outdated && !value.is_empty() {
                        "not current"
                    } else {
                        ""
                    };
                    AttributeValue { value, note }
                })
                .collect();
            (
                ih.name.to_lowercase(),
                ImplementorSummary {
                    name: &ih.name,
                    url: u(&d.implementor_path(&ih.name)),
                    complete,
                    of,
                    current: row.is_some(),
                    last_change: month.long_name(),
                    last_change_code: month.to_string(),
                    stale,
                    stale_text,
                    attributes,
                    outdated,
                },
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.into_iter().map(|(_, v)| v).collect()
}

#[derive(Serialize)]
struct ListContext<'a, T: Serialize> {
    kind: &'static str,
    items: Vec<T>,
    threshold: usize,
    stale_after_months: u32,
    /// The implementor attribute columns (`implementors: attributes:`), by title.
    attribute_titles: &'a [String],
    /// Whether stale means "a row for a release that is not current" (`implementors: release:`).
    stale_by_release: bool,
    /// Items of the latest month (the one count of current items), and those the history holds
    /// besides (no longer listed); 0 and 0 on the implementors' list.
    current: usize,
    removed: usize,
}

/// The list of every proposal.
pub fn items_page(d: &SiteData, theme: &Theme) -> Result<Vec<OutputFile>, PresentError> {
    let from = format!("{}/", d.config.items.path);
    let title = format!("All {}", d.labels.item_many);
    let items = item_summaries(d, &from);
    let current = items.iter().filter(|p| p.current).count();
    let counts = (current, items.len() - current);
    list_page(d, theme, &from, (title, "proposals"), items, counts)
}

/// The list of every implementor.
pub fn implementors_page(d: &SiteData, theme: &Theme) -> Result<Vec<OutputFile>, PresentError> {
    let from = "implementors/";
    let items = implementor_summaries(d, from);
    list_page(
        d,
        theme,
        from,
        (format!("All {}", d.nouns.implementor.many), "implementors"),
        items,
        (0, 0),
    )
}

/// One list page at `{from}index.html` (the `list.html` template).
fn list_page<T: Serialize>(
    d: &SiteData,
    theme: &Theme,
    from: &str,
    (title, kind): (String, &'static str),
    items: Vec<T>,
    (current, removed): (usize, usize),
) -> Result<Vec<OutputFile>, PresentError> {
    let ctx = ListContext {
        kind,
        current,
        removed,
        items,
        threshold: d.config.graduation_threshold.unwrap_or(0),
        stale_after_months: d.config.stale_after_months,
        attribute_titles: &d.config.implementors.attributes,
        stale_by_release: d.config.implementors.release_index().is_some(),
    };
    let common = d.common(from, title.clone(), title);
    let page = render_page(
        theme,
        format!("{from}index.html"),
        "list.html",
        &common,
        &ctx,
    )?;
    Ok(vec![page])
}

/// The 404 page.
/// The 404 page: it reads only what every page reads ([`Shared`]).
pub fn not_found_page(d: &Shared, theme: &Theme) -> Result<Vec<OutputFile>, PresentError> {
    let from = "404.html";
    let common = d.common(from, "Page not found".into(), "Page not found".into());
    let page = render_page(theme, from.into(), "404.html", &common, &NoContext {})?;
    Ok(vec![page])
}
