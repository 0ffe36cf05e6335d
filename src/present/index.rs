//! The overview page: the latest month's counts, the small-multiples chart of complete
//! implementations per proposal (also written as `charts/complete.svg`), the proposals ranked,
//! every month and every implementor.

use super::changes::{self, LatestChanges, MonthItem};
use super::charts;
use super::context::{SiteData, render_page};
use super::error::PresentError;
use super::lists::{ImplementorSummary, ItemSummary, implementor_summaries, item_summaries};
use super::theme::Theme;
use crate::analyse::stats::Progress;
use crate::write::OutputFile;
use serde::Serialize;

#[derive(Serialize)]
struct IndexContext<'a> {
    latest: Option<Latest<'a>>,
    counts: Counts,
    first: bool,
    months: Vec<MonthItem>,
    #[serde(rename = "proposals")]
    items: Vec<ItemSummary<'a>>,
    ranked: Vec<ItemSummary<'a>>,
    implementors: Vec<ImplementorSummary<'a>>,
    latest_changes: Option<LatestChanges>,
    chart_svg: &'a str,
    chart_url: String,
    /// Panels drawn, of `panels_total` proposals (at most [`MAX_PANELS`]).
    panels_shown: usize,
    panels_total: usize,
    /// Proposals over the whole history (more than `panels_total` when some were removed).
    history_total: usize,
    threshold: usize,
    /// "2 ready to graduate, 1 graduated without the evidence".
    graduation_counts: String,
    /// Listed implementors unchanged for longer than `stale_after_months` (with a release rule:
    /// whose latest row is for a release that is not current).
    stale: usize,
    stale_after_months: u32,
    /// Whether stale follows the release rule (`implementors: release:`).
    stale_by_release: bool,
}

#[derive(Serialize)]
struct Latest<'a> {
    name: String,
    url: String,
    title: &'a str,
    csv: String,
}

#[derive(Serialize)]
struct Counts {
    #[serde(rename = "proposals")]
    items: usize,
    implementors: usize,
    complete: usize,
    in_progress: usize,
    /// Cells at a code outside the progress order (`progress: false`).
    not_progress: usize,
}

/// The most panels the overview draws: past that, small multiples stop being a glance (the
/// OpenTelemetry example has 560 features over its history); the ranked table lists all.
const MAX_PANELS: usize = 60;

/// A panel's label: a proposal's id ("GEP-1742"), or an unnumbered item's title (its slug
/// would be longer and say less).
fn panel_label(d: &SiteData, ph: &crate::analyse::stats::ItemHistory) -> String {
    match ph.key {
        crate::model::ItemKey::Number(_) => d.config.item_id(&ph.key),
        crate::model::ItemKey::Slug(_) => ph.title.clone(),
    }
}

/// The items of the latest snapshot: the one count of current items the overview uses (the
/// history may hold more, removed since).
fn current_items<'a>(d: &SiteData<'a>) -> std::collections::HashSet<&'a crate::model::ItemKey> {
    d.history
        .latest()
        .map(|s| s.items.iter().map(|p| &p.key).collect())
        .unwrap_or_default()
}

/// The small multiples: complete implementations per current proposal and month, ranked by the
/// count now. A chart that cannot be drawn fails the build.
pub fn chart(d: &SiteData) -> Result<String, PresentError> {
    chart_ranked(d).map(|(svg, _, _)| svg)
}

/// [`chart`], the proposals (indices into `d.stats.proposals`) in the panels' order, and each
/// panel drawn alone (for the page, where the panels wrap to the screen's width).
fn chart_ranked(d: &SiteData) -> Result<(String, Vec<usize>, Vec<String>), PresentError> {
    let months = d.history.snapshots.len();
    let current = current_items(d);
    let mut panels: Vec<(usize, usize, charts::Panel)> = d
        .stats
        .items
        .iter()
        .enumerate()
        .filter(|(_, ph)| current.contains(&ph.key))
        .map(|(i, ph)| {
            let mut counts = vec![None; months];
            for m in &ph.months {
                counts[m.snapshot] = Some(m.complete);
            }
            let now = ph.months.last().map_or(0, |m| m.complete);
            (
                now,
                i,
                charts::Panel {
                    label: panel_label(d, ph),
                    colour: d
                        .config
                        .ranks
                        .complete()
                        .and_then(|r| d.config.ranks.colour(r)),
                    counts,
                },
            )
        })
        .collect();
    panels.sort_by_key(|p| std::cmp::Reverse(p.0));
    panels.truncate(MAX_PANELS);
    let order: Vec<usize> = panels.iter().map(|p| p.1).collect();
    let panels: Vec<charts::Panel> = panels.into_iter().map(|(_, _, p)| p).collect();
    let threshold = match d.config.graduation_threshold {
        Some(t) => format!(", with the graduation threshold of {t} dashed"),
        None => String::new(),
    };
    let total = current.len();
    let which = if order.len() < total {
        format!(
            "the {} most complete of the {total} current {}",
            order.len(),
            d.nouns.item.many
        )
    } else {
        format!("one per {}", d.nouns.item.one)
    };
    let desc = format!(
        "Small multiples, {which}, ranked by complete implementations now; each shows the count of complete implementations per month from {} to {}{threshold}.",
        d.history
            .snapshots
            .first()
            .map(|s| s.month.long_name())
            .unwrap_or_default(),
        d.history
            .latest()
            .map(|s| s.month.long_name())
            .unwrap_or_default(),
    );
    let span = match (d.history.snapshots.first(), d.history.latest()) {
        (Some(a), Some(b)) => Some((a.month.short_name(), b.month.short_name())),
        _ => None,
    };
    let span = span.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
    let failed = |source| PresentError::Chart {
        subject: "the overview".into(),
        source,
    };
    let svg = charts::small_multiples(
        "chart-complete",
        &format!(
            "Complete implementations per {} over time",
            d.nouns.item.one
        ),
        &desc,
        &panels,
        months,
        d.config.graduation_threshold,
        span,
    )
    .map_err(failed)?;
    let (first, last) = span.unwrap_or_default();
    let inline = panels
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let now = p.counts.iter().rev().find_map(|c| *c).unwrap_or(0);
            charts::small_multiples(
                &format!("chart-complete-{k}"),
                &format!("{}: complete implementations over time", p.label),
                &format!(
                    "{now} complete now; one point per month from {first} to {last}{threshold}."
                ),
                std::slice::from_ref(p),
                months,
                d.config.graduation_threshold,
                span,
            )
            .map_err(failed)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((svg, order, inline))
}

/// The overview page and `charts/complete.svg`.
pub fn page(d: &SiteData, theme: &Theme) -> Result<Vec<OutputFile>, PresentError> {
    let from = "";
    let u = |t: &str| d.urls.href(from, t);
    let latest = d.history.latest();
    let progress = match d.stats.snapshots.last() {
        Some(index) => Progress::of_cells(index.counted(), &d.config.ranks),
        None => Progress::default(),
    };
    let (svg, order, inline) = chart_ranked(d)?;
    let implementors = implementor_summaries(d, from);
    // The page shows each panel as its own SVG, linked to its proposal (the standalone SVG stays
    // link-free: its relative URLs would differ), so the panels wrap to the screen's width. The
    // first panel's style themes them all (an inline <style> applies to the whole page).
    let inline_svg: String = order
        .iter()
        .zip(inline)
        .enumerate()
        .map(|(k, (&i, svg))| {
            let ph = &d.stats.items[i];
            let link = (
                panel_label(d, ph),
                d.graduation[i].complete,
                u(&d.item_path(&ph.key)),
            );
            let svg = charts::link_panels(&svg, std::slice::from_ref(&link));
            if k == 0 {
                svg
            } else {
                svg.replacen(super::svg_theme::STYLE, "", 1)
            }
        })
        .collect();
    let items = item_summaries(d, from);
    // Ranked view for the table beside the small multiples.
    let mut ranked = items.clone();
    ranked.sort_by_key(|p| std::cmp::Reverse(p.complete));
    let ctx = IndexContext {
        latest: latest.map(|s| Latest {
            name: s.month.long_name(),
            url: u(&SiteData::month_path(s)),
            title: &s.title,
            csv: u(&format!("data/{}.csv", s.month)),
        }),
        counts: Counts {
            items: latest.map(|s| s.items.len()).unwrap_or(0),
            implementors: latest.map(|s| s.implementors.len()).unwrap_or(0),
            complete: progress.complete,
            in_progress: progress.in_progress,
            not_progress: progress.not_progress,
        },
        first: d.history.snapshots.len() == 1,
        months: changes::months_list(d, from),
        items,
        ranked,
        stale: implementors.iter().filter(|i| i.stale).count(),
        stale_after_months: d.config.stale_after_months,
        stale_by_release: d.config.implementors.release_index().is_some(),
        implementors,
        latest_changes: changes::latest(d, from),
        chart_svg: &inline_svg,
        chart_url: u("charts/complete.svg"),
        panels_shown: order.len(),
        panels_total: current_items(d).len(),
        history_total: d.stats.items.len(),
        threshold: d.config.graduation_threshold.unwrap_or(0),
        graduation_counts: super::wording::graduation_counts(d.graduation),
    };
    let common = d.common(from, "Overview".into(), d.config.description.clone());
    let page = render_page(theme, "index.html".into(), "index.html", &common, &ctx)?;
    let chart = OutputFile {
        path: "charts/complete.svg".into(),
        bytes: svg.into_bytes(),
        source: "the index chart".into(),
    };
    Ok(vec![page, chart])
}
