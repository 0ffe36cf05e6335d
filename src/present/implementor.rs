//! The implementor page: an implementor's codes by proposal and month (the strip chart and the
//! same grid as a table) and its complete and in-progress counts in the latest month it is
//! listed in. The chart is also written on its own as `chart.svg` beside the page.

use super::charts;
use super::context::{CodeRef, Common, Link, SiteData, render_page};
use super::error::PresentError;
use super::theme::Theme;
use super::wording::plural;
use crate::analyse::stats::Progress;
use crate::write::OutputFile;
use serde::Serialize;

#[derive(Serialize)]
struct ImplementorContext<'a> {
    imp: ImplementorMeta<'a>,
    latest: Option<Link>,
    is_current: bool,
    complete: usize,
    in_progress: usize,
    not_progress: usize,
    chart_svg: &'a str,
    chart_url: String,
    months: Vec<Link>,
    rows: Vec<Row<'a>>,
    legend: Vec<CodeRef<'a>>,
    /// Its implementor attributes per month (those it ever has a value for), above its codes.
    attribute_rows: Vec<AttributeRow<'a>>,
    /// Its attributes in the latest month it is listed in.
    facts: Vec<Fact<'a>>,
    /// The latest row's evidence is for a release that is not current: the words.
    outdated: Option<String>,
    /// Complete cells of the latest row as shown, counted or not.
    shown_complete: usize,
}

/// One attribute across the months the implementor is listed in.
#[derive(Serialize)]
struct AttributeRow<'a> {
    title: &'a str,
    cells: Vec<Fact<'a>>,
}

/// An attribute's value in one month, and for the release whether it was current then.
#[derive(Serialize)]
struct Fact<'a> {
    title: &'a str,
    value: &'a str,
    /// "current", "not current", or "" (no release rule that month, or no value).
    note: &'static str,
}

#[derive(Serialize)]
struct ImplementorMeta<'a> {
    name: &'a str,
    slug: &'a str,
}

#[derive(Serialize)]
struct Row<'a> {
    id: String,
    title: &'a str,
    url: String,
    cells_html: String,
}

/// The page of implementor `ii` and its `chart.svg`.
pub fn page<'a>(
    d: &SiteData<'a>,
    theme: &Theme,
    ii: usize,
) -> Result<Vec<OutputFile>, PresentError> {
    let ih = &d.stats.implementors[ii];
    let from = d.implementor_path(&ih.name);
    let u = |t: &str| d.urls.href(&from, t);
    let month_names: Vec<String> = ih
        .snapshots
        .iter()
        .map(|&si| d.history.snapshots[si].month.short_name())
        .collect();
    // Proposals listed in any month the implementor appears in, in first-appearance order.
    let mut grid: Vec<Option<Vec<Option<usize>>>> = vec![None; d.stats.proposals.len()];
    for (mi, (&si, &row)) in ih.snapshots.iter().zip(&ih.rows).enumerate() {
        let index = &d.stats.snapshots[si];
        for (col, &pi) in index.cols.iter().enumerate() {
            let r = grid[pi].get_or_insert_with(|| vec![None; ih.snapshots.len()]);
            r[mi] = Some(index.rank(row, col));
        }
    }
    let strip_rows: Vec<charts::StripRow> = grid
        .iter()
        .enumerate()
        .filter_map(|(pi, r)| {
            r.as_ref().map(|cells| charts::StripRow {
                label: d.config.proposal_id(&d.stats.proposals[pi].key),
                cells: cells
                    .iter()
                    .map(|c| {
                        // A cell without a column in its section reads as not listed.
                        c.filter(|&rank| rank != crate::model::Rank::ABSENT.index())
                            .map(|rank| (d.config.ranks.written(rank), d.code_of(rank)))
                    })
                    .collect(),
            })
        })
        .collect();
    let desc = format!(
        "Grid of {} by {} ({} to {}), each cell coloured and labelled with {}'s code.",
        plural(
            strip_rows.len(),
            &d.config.item_word(false),
            &d.config.item_word(true)
        ),
        plural(month_names.len(), "month", "months"),
        month_names.first().cloned().unwrap_or_default(),
        month_names.last().cloned().unwrap_or_default(),
        ih.name
    );
    let svg = charts::strip(
        &format!("chart-{}", ih.slug),
        &format!(
            "{}: codes by {} and month",
            ih.name,
            d.config.item_word(false)
        ),
        &desc,
        &month_names,
        &strip_rows,
        d.config.ranks.shown(),
    )
    .map_err(|message| PresentError::Chart {
        subject: ih.name.clone(),
        message,
    })?;
    let months = ih
        .snapshots
        .iter()
        .map(|&si| {
            let s = &d.history.snapshots[si];
            Link {
                name: s.month.short_name(),
                url: u(&SiteData::month_path(s)),
            }
        })
        .collect();
    // Per month, the mark of a row for a release that is not current.
    let marks: Vec<Option<super::release::OutdatedMark>> = ih
        .snapshots
        .iter()
        .zip(&ih.rows)
        .map(|(&si, &row)| {
            let s = &d.history.snapshots[si];
            super::release::OutdatedMark::of(d, s, &s.implementors[row])
        })
        .collect();
    let rows = grid
        .into_iter()
        .enumerate()
        .filter_map(|(pi, r)| {
            let ph = &d.stats.proposals[pi];
            r.map(|cells| Row {
                id: d.config.proposal_id(&ph.key),
                title: &ph.title,
                url: u(&d.proposal_path(&ph.key)),
                cells_html: if marks.iter().all(Option::is_none) {
                    d.cells_html(cells.iter().map(|&c| (c, None)))
                } else {
                    let mut html = String::new();
                    for (&c, mark) in cells.iter().zip(&marks) {
                        match (c, mark) {
                            (Some(rank), Some(m)) if !d.code_of(rank).is_empty() => {
                                super::release::push_outdated_cell(d, &mut html, rank, m)
                            }
                            _ => html.push_str(&d.cells_html(std::iter::once((c, None)))),
                        }
                    }
                    html
                },
            })
        })
        .collect();
    // Counts in the latest month the implementor is listed in: an outdated row counts nothing.
    let (progress, shown_complete) = match (ih.snapshots.last(), ih.rows.last()) {
        (Some(&si), Some(&row)) => {
            let index = &d.stats.snapshots[si];
            (
                Progress::of_cells(index.counted_row(row), &d.config.ranks),
                (0..index.cols.len())
                    .filter(|&col| Some(index.rank(row, col)) == d.config.ranks.complete())
                    .count(),
            )
        }
        _ => (Progress::default(), 0),
    };
    // Each month's row of the implementor, for its attributes and evidence.
    let listed: Vec<(&crate::model::Snapshot, &crate::model::Implementor)> = ih
        .snapshots
        .iter()
        .zip(&ih.rows)
        .map(|(&si, &row)| {
            let s = &d.history.snapshots[si];
            (s, &s.implementors[row])
        })
        .collect();
    let fact = |a: usize, (s, imp): (&crate::model::Snapshot, &'a crate::model::Implementor)| {
        let value = imp.attribute(a);
        let release = Some(a) == d.config.implementors.release_index();
        Fact {
            title: &d.config.implementors.attributes[a],
            value,
            note: match (release && s.current_releases.is_some(), imp.counts()) {
                _ if value.trim().is_empty() => "",
                (false, _) => "",
                (true, true) => "current",
                (true, false) => "not current",
            },
        }
    };
    let attribute_rows = (0..d.config.implementors.attributes.len())
        .filter(|&a| listed.iter().any(|(_, imp)| !imp.attribute(a).is_empty()))
        .map(|a| AttributeRow {
            title: &d.config.implementors.attributes[a],
            cells: listed.iter().map(|&l| fact(a, l)).collect(),
        })
        .collect();
    let facts = listed
        .last()
        .map(|&l| {
            (0..d.config.implementors.attributes.len())
                .map(|a| fact(a, l))
                .filter(|f| !f.value.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let outdated = listed
        .last()
        .filter(|(_, imp)| !imp.counts())
        .map(|(s, imp)| super::release::outdated_words(super::release::release_of(d, imp), s));
    let ctx = ImplementorContext {
        imp: ImplementorMeta {
            name: &ih.name,
            slug: &ih.slug,
        },
        latest: ih
            .snapshots
            .last()
            .map(|&si| d.month_link(&from, &d.history.snapshots[si])),
        is_current: ih
            .snapshots
            .last()
            .map(|&si| si + 1 == d.history.snapshots.len())
            .unwrap_or(false),
        complete: progress.complete,
        in_progress: progress.in_progress,
        not_progress: progress.not_progress,
        chart_svg: &svg,
        chart_url: u(&format!("{from}chart.svg")),
        months,
        rows,
        legend: d.legend(),
        attribute_rows,
        facts,
        outdated,
        shown_complete,
    };
    let common: Common = d.common(
        &from,
        ih.name.clone(),
        format!(
            "{}: adoption of {} over time",
            ih.name,
            d.config.item_word(true)
        ),
    );
    let page = render_page(
        theme,
        format!("{from}index.html"),
        "implementor.html",
        &common,
        &ctx,
    )?;
    let chart = OutputFile {
        path: format!("{from}chart.svg"),
        bytes: svg.into_bytes(),
        source: format!("the chart of implementor \"{}\"", ih.name),
    };
    Ok(vec![page, chart])
}
