//! The implementor page: an implementor's codes by proposal and month (the strip chart and the
//! same grid as a table) and its complete and in-progress counts in the latest month it is
//! listed in. The chart is also written on its own as `chart.svg` beside the page.

use super::charts;
use super::context::{CodeRef, Common, Link, Shared, render_page};
use super::error::PresentError;
use super::theme::Theme;
use super::views::ImplementorView;
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
    chart_url: String,
    /// The full history as CSV (item × month), beside the page.
    history_url: String,
    /// Per section, in the latest month it is listed in.
    sections: Vec<super::implementor_now::SectionSummary<'a>>,
    /// What it lacks in that month, by code.
    lacking: Vec<super::implementor_now::Lacking<'a>>,
    /// The months the table shows (the latest, newest first) and how many there are in all.
    months: Vec<Link>,
    months_total: usize,
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
    /// Its badge (`/badges/implementors/<slug>.svg`) and the markdown to embed it.
    badge: super::badges::BadgeLinks,
    /// With `versions:`, the month each item became supported (empty without).
    became_supported: Vec<super::implementor_versions::Became<'a>>,
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

/// The page of an implementor and its `chart.svg`: what they read is its [`ImplementorView`]
/// and the [`Shared`] data.
pub fn page<'a>(
    d: &Shared<'a>,
    v: &ImplementorView<'a>,
    theme: &Theme,
) -> Result<Vec<OutputFile>, PresentError> {
    let ih = v.history;
    let places = d.item_places();
    let from = d.implementor_path(&ih.name);
    let u = |t: &str| d.urls.href(&from, t);
    let month_names: Vec<String> = v
        .months
        .iter()
        .map(|m| d.months()[m.si].short_name())
        .collect();
    // Proposals listed in any month the implementor appears in, in first-appearance order.
    let mut grid: Vec<Option<Vec<Option<usize>>>> = vec![None; places.len()];
    for (mi, m) in v.months.iter().enumerate() {
        for &(pi, (rank, _)) in &m.cells {
            let r = grid[pi].get_or_insert_with(|| vec![None; v.months.len()]);
            r[mi] = Some(rank);
        }
    }
    let strip_rows: Vec<charts::StripRow> = grid
        .iter()
        .enumerate()
        .filter_map(|(pi, r)| {
            r.as_ref().map(|cells| charts::StripRow {
                label: d.config.item_id(&places[pi].key),
                cells: cells
                    .iter()
                    .map(|c| {
                        // A cell without a column in its section reads as not listed.
                        c.filter(|&rank| rank != crate::model::Rank::ABSENT.index())
                            .map(|rank| (d.config.ranks.colour(rank), d.code_of(rank)))
                    })
                    .collect(),
            })
        })
        .collect();
    let desc = format!(
        "Grid of {} by {} ({} to {}), each cell coloured and labelled with {}'s code.",
        plural(strip_rows.len(), &d.nouns.item.one, &d.nouns.item.many),
        plural(month_names.len(), "month", "months"),
        month_names.first().cloned().unwrap_or_default(),
        month_names.last().cloned().unwrap_or_default(),
        ih.name
    );
    let svg = charts::strip(
        &format!("chart-{}", ih.slug),
        &format!("{}: codes by {} and month", ih.name, d.nouns.item.one),
        &desc,
        &month_names,
        &strip_rows,
    )
    .map_err(|source| PresentError::Chart {
        subject: ih.name.clone(),
        source,
    })?;
    // The table shows the latest months, newest first; the rest is in history.csv.
    let window: Vec<usize> = (0..v.months.len())
        .rev()
        .take(super::implementor_now::SHOWN_MONTHS)
        .collect();
    let history_csv = super::implementor_now::history_csv(d, &month_names, &grid);
    let months = window
        .iter()
        .map(|&mi| &v.months[mi])
        .map(|m| {
            let month = d.months()[m.si];
            Link {
                name: month.short_name(),
                url: u(&format!("{month}/")),
            }
        })
        .collect();
    // Per month, the mark of a row for a release that is not current.
    let marks: Vec<Option<super::release::OutdatedMark>> = v
        .months
        .iter()
        .map(|m| super::release::OutdatedMark::of(d, m.current_releases, m.row))
        .collect();
    let marks: Vec<Option<&super::release::OutdatedMark>> =
        window.iter().map(|&mi| marks[mi].as_ref()).collect();
    let rows = grid
        .into_iter()
        .enumerate()
        .filter_map(|(pi, r)| {
            let ph = &places[pi];
            let cells: Vec<Option<usize>> = window.iter().map(|&mi| r.as_ref()?[mi]).collect();
            // Items not listed in any month shown are in history.csv only.
            cells
                .iter()
                .any(Option::is_some)
                .then_some(cells)
                .map(|cells| Row {
                    id: d.config.item_id(&ph.key),
                    title: &ph.title,
                    url: u(&d.item_path(&ph.key)),
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
    let (progress, shown_complete) = match v.months.last() {
        Some(m) => (
            Progress::of_cells(
                m.cells.iter().filter(|_| m.counts).map(|&(_, cell)| cell),
                &d.config.ranks,
            ),
            m.cells
                .iter()
                .filter(|&&(_, (rank, _))| Some(rank) == d.config.ranks.complete())
                .count(),
        ),
        None => (Progress::default(), 0),
    };
    // Each month's row of the implementor, for its attributes and evidence.
    let listed: Vec<(Option<&Vec<String>>, &crate::model::Implementor)> = v
        .months
        .iter()
        .map(|m| (m.current_releases, m.row))
        .collect();
    let fact = |a: usize, (current, imp): (Option<&Vec<String>>, &'a crate::model::Implementor)| {
        let value = imp.attribute(a);
        let release = Some(a) == d.config.implementors.release_index();
        Fact {
            title: &d.config.implementors.attributes[a],
            value,
            note: match (release && current.is_some(), imp.counts()) {
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
        .map(|(current, imp)| {
            super::release::outdated_words(super::release::release_of(d, imp), *current)
        });
    // The badge: complete of the proposals in its latest row ("18 of 22"), or "not counted".
    let listed_in_latest = v.months.last().map_or(0, |m| {
        m.cells
            .iter()
            .filter(|&&(_, (rank, _))| rank != crate::model::Rank::ABSENT.index())
            .count()
    });
    let badge = super::badges::Badge {
        subject: ih.name.clone(),
        label: "complete".into(),
        message: if outdated.is_some() {
            "not counted".into()
        } else {
            format!("{} of {listed_in_latest}", progress.complete)
        },
        color: if outdated.is_none()
            && listed_in_latest > 0
            && progress.complete == listed_in_latest
        {
            super::badges::GREEN
        } else if outdated.is_some() {
            super::badges::GREY
        } else {
            super::badges::BLUE
        },
    };
    let badge_stem = super::badges::stem(&format!("implementors/{}", ih.slug));
    let badge_links = super::badges::links(d, &from, &badge_stem, &badge);
    let ctx = ImplementorContext {
        imp: ImplementorMeta {
            name: &ih.name,
            slug: &ih.slug,
        },
        latest: v
            .months
            .last()
            .map(|m| d.month_link_to(&from, d.months()[m.si])),
        is_current: v
            .months
            .last()
            .map(|m| m.si + 1 == d.months().len())
            .unwrap_or(false),
        complete: progress.complete,
        in_progress: progress.in_progress,
        not_progress: progress.not_progress,
        chart_url: u(&format!("{from}chart.svg")),
        history_url: u(&format!("{from}history.csv")),
        sections: v
            .months
            .last()
            .map(|m| super::implementor_now::sections(d, m))
            .unwrap_or_default(),
        lacking: v
            .months
            .last()
            .map(|m| super::implementor_now::lacking(d, m, &from))
            .unwrap_or_default(),
        became_supported: super::implementor_versions::became_supported(d, v, &from),
        months,
        months_total: v.months.len(),
        rows,
        legend: d.legend(),
        attribute_rows,
        facts,
        outdated,
        shown_complete,
        badge: badge_links,
    };
    let common: Common = d.common(
        &from,
        ih.name.clone(),
        format!("{}: adoption of {} over time", ih.name, d.nouns.item.many),
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
    let csv = OutputFile {
        path: format!("{from}history.csv"),
        bytes: history_csv.into_bytes(),
        source: format!("the history of implementor \"{}\"", ih.name),
    };
    let mut files = vec![page, chart, csv];
    files.extend(super::badges::files(
        &badge_stem,
        &badge,
        &format!("implementor \"{}\"", ih.name),
    ));
    Ok(files)
}
