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
pub fn page(d: &SiteData, theme: &Theme, ii: usize) -> Result<Vec<OutputFile>, PresentError> {
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
    let rows = grid
        .into_iter()
        .enumerate()
        .filter_map(|(pi, r)| {
            let ph = &d.stats.proposals[pi];
            r.map(|cells| Row {
                id: d.config.proposal_id(&ph.key),
                title: &ph.title,
                url: u(&d.proposal_path(&ph.key)),
                cells_html: d.cells_html(cells.iter().map(|&c| (c, None))),
            })
        })
        .collect();
    // Counts in the latest month the implementor is listed in.
    let progress = match (ih.snapshots.last(), ih.rows.last()) {
        (Some(&si), Some(&row)) => {
            let index = &d.stats.snapshots[si];
            Progress::of_cells(
                (0..index.cols.len()).map(|col| index.cell(row, col)),
                &d.config.ranks,
            )
        }
        _ => Progress::default(),
    };
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
