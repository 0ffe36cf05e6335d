//! The proposal page: a proposal's implementors by code now and over time (the stacked-bar
//! chart of the progress codes, its data table and the implementors × months history, newest
//! month first), its stage and graduation. The chart is also written on its own as `chart.svg`
//! beside the page.

use super::charts;
use super::context::{Common, Link, Shared, render_page};
use super::error::PresentError;
use super::theme::Theme;
use super::views::ItemView;
use super::wording::{fact_label, id_label, or_blank};
use crate::analyse::stats::ItemHistory;
use crate::write::OutputFile;
use serde::Serialize;

#[derive(Serialize)]
struct ItemContext<'a> {
    p: ItemMeta<'a>,
    now: Vec<CodeCount<'a>>,
    graduation: super::graduation::GraduationView,
    /// The chart is `chart.svg` beside the page, shown as an image with this text.
    chart_alt: String,
    /// Its height in px (its legend wraps onto rows), for the `<img>`.
    chart_height: u32,
    chart_url: String,
    chart_table: ChartTable<'a>,
    /// The months the history table shows (the latest, newest first) and how many in all.
    months: Vec<Link>,
    months_total: usize,
    history_rows: Vec<HistoryRow<'a>>,
    first: bool,
    /// Its badge (`/badges/<proposals path>/<number>.svg`) and the markdown to embed it.
    badge: super::badges::BadgeLinks,
    /// The related items of the sibling site (`related:`), or the GEPs of a feature.
    related: Option<RelatedView>,
    /// With `proposals: details`, when each implementor first had a progress code and
    /// first was complete, by name.
    firsts: Vec<FirstMonths<'a>>,
    /// With `versions:`, each implementor's value now and its timeline in words ("3.3.2
    /// forthcoming 2024-02 → released 2024-03"); empty without `versions:`.
    timelines: Vec<Timeline<'a>>,
}

#[derive(Serialize)]
struct Timeline<'a> {
    name: &'a str,
    url: String,
    /// Its value in the latest month listed ("since 3.3.1", "3.3.2 forthcoming", "not
    /// supported").
    now: String,
    words: String,
}

#[derive(Serialize)]
struct RelatedView {
    heading: String,
    /// The sibling site's name, when the links lead there.
    site: String,
    links: Vec<Link>,
}

#[derive(Serialize)]
struct FirstMonths<'a> {
    name: &'a str,
    url: String,
    first_progress: String,
    first_complete: String,
}

#[derive(Serialize)]
struct ItemMeta<'a> {
    id: &'a str,
    number: crate::model::ItemKey,
    title: &'a str,
    doc_url: Option<String>,
    status_label: String,
    compliance_label: String,
    /// Its section and group in the latest month it is listed ("" when none).
    section: &'a str,
    group: &'a str,
    listed_in: Option<Link>,
    is_current: bool,
    /// With `proposals: details`, its item attributes in the latest month it is listed
    /// (written ones only).
    attributes: Vec<Attribute<'a>>,
}

#[derive(Serialize)]
struct Attribute<'a> {
    name: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct CodeCount<'a> {
    code: &'a str,
    label: &'a str,
    rank: usize,
    /// Its colour class (`r2`).
    class: String,
    count: usize,
}

/// The chart's data as a table: the stacked (progress) codes, highest first.
#[derive(Serialize)]
struct ChartTable<'a> {
    rows: Vec<ChartRow>,
    codes: Vec<super::context::CodeRef<'a>>,
}

#[derive(Serialize)]
struct ChartRow {
    month: String,
    counts: Vec<usize>,
    status: String,
}

#[derive(Serialize)]
struct HistoryRow<'a> {
    name: &'a str,
    url: String,
    cells_html: String,
}

/// The stacked-bar chart of proposal `pi` (SVG text), its text for an `<img>` (title and
/// description) and its height; a chart that cannot be drawn fails the build naming the proposal.
pub fn chart(d: &Shared, ph: &ItemHistory) -> Result<(String, String, u32), PresentError> {
    let months: Vec<String> = ph.months.iter().map(|m| m.month.short_name()).collect();
    let ranks = &d.config.ranks;
    // Only the progress codes stack: a code outside the order is no step towards complete.
    let series: Vec<charts::CodeSeries> = ranks
        .above_blank()
        .map(|r| charts::CodeSeries {
            code: ranks.code(r).to_string(),
            label: ranks.label(r).to_string(),
            colour: ranks.colour(r),
            counts: ph
                .months
                .iter()
                .map(|m| m.counts.get(r).copied().unwrap_or(0))
                .collect(),
        })
        .collect();
    let stage_marks: Vec<(usize, String)> = ph
        .months
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0].status != w[1].status)
        .map(|(i, w)| {
            (
                i + 1,
                format!(
                    "{} → {}",
                    or_blank(d.config.stages.code_of(w[0].status)),
                    or_blank(d.config.stages.code_of(w[1].status))
                ),
            )
        })
        .collect();
    let id = d.config.item_id(&ph.key);
    let now_complete = ph.latest().map_or(0, |m| m.complete);
    let desc = format!(
        "Stacked bars, one per month from {} to {}: {} of {} at each code. {} complete now{}.",
        months.first().cloned().unwrap_or_default(),
        months.last().cloned().unwrap_or_default(),
        d.nouns.implementor.many,
        id,
        now_complete,
        d.config
            .graduation_threshold
            .map(|t| format!("; graduation threshold {t}"))
            .unwrap_or_default()
    );
    let chart = charts::ItemChart {
        id: format!("chart-{}", ph.key.fragment()),
        title: format!("{id}: {} by code over time", d.nouns.implementor.many),
        desc,
        months,
        series,
        stage_marks,
        threshold: d.config.graduation_threshold,
        y_desc: d.nouns.implementor.many.clone(),
    };
    let alt = format!("{}. {}", chart.title, chart.desc);
    let height = charts::item_chart_height(&chart);
    charts::item_chart(&chart)
        .map(|svg| (svg, alt, height))
        .map_err(|source| PresentError::Chart {
            subject: id,
            source,
        })
}

/// The page of a proposal and its `chart.svg`: what they read is its [`ProposalView`] and the
/// [`Shared`] data.
pub fn page(d: &Shared, v: &ItemView, theme: &Theme) -> Result<Vec<OutputFile>, PresentError> {
    let ph = v.history;
    let from = d.item_path(&ph.key);
    let u = |t: &str| d.urls.href(&from, t);
    let id = d.config.item_id(&ph.key);
    let latest = ph.latest();
    let ranks = &d.config.ranks;
    // Now: the progress codes from complete down, the codes outside the order, blank last.
    let now = ranks
        .above_blank()
        .rev()
        .chain(ranks.not_progress())
        .chain(0..1.min(ranks.shown()))
        .map(|r| CodeCount {
            code: ranks.code(r),
            label: ranks.label(r),
            rank: r,
            class: super::context::code_class(d.config, r),
            count: latest
                .map(|m| m.counts.get(r).copied().unwrap_or(0))
                .unwrap_or(0),
        })
        .collect();
    // History table: implementors × months where the proposal is listed, newest month first
    // (the current cells lead; the first months trail off to the right).
    let shown = ph.months.len().min(super::implementor_now::SHOWN_MONTHS);
    let months = ph
        .months
        .iter()
        .rev()
        .take(shown)
        .map(|m| Link {
            name: m.month.short_name(),
            url: u(&format!("{}/", d.months()[m.snapshot])),
        })
        .collect();
    let names = d.implementor_names();
    let mut rows: Vec<Option<Vec<Option<usize>>>> = vec![None; names.len()];
    for (mi, column) in v.columns.iter().enumerate() {
        for &(ii, rank) in column {
            let cells = rows[ii].get_or_insert_with(|| vec![None; ph.months.len()]);
            cells[mi] = Some(rank);
        }
    }
    let history_rows = rows
        .into_iter()
        .enumerate()
        .filter_map(|(ii, r)| {
            let name = &names[ii].name;
            // Only implementors listed in the months shown; the rest are in history.csv.
            let cells: Vec<Option<usize>> = r?.into_iter().rev().take(shown).collect();
            cells.iter().any(Option::is_some).then(|| HistoryRow {
                name,
                url: u(&d.implementor_path(name)),
                cells_html: d.cells_html(cells.into_iter().map(|c| (c, None))),
            })
        })
        .collect();
    let firsts = if d.config.items.details {
        first_months(d, v, &from)
    } else {
        Vec::new()
    };
    let related = related(d, ph, &from);
    let timelines = timelines(d, v, &from);
    let (chart_svg, chart_alt, chart_height) = chart(d, ph)?;
    let chart_table = ChartTable {
        rows: ph
            .months
            .iter()
            .rev()
            .map(|m| ChartRow {
                month: m.month.long_name(),
                counts: ranks
                    .above_blank()
                    .rev()
                    .map(|r| m.counts.get(r).copied().unwrap_or(0))
                    .collect(),
                status: id_label(&d.config.stages, m.status),
            })
            .collect(),
        codes: ranks
            .above_blank()
            .rev()
            .map(|r| d.legend_entry(r))
            .collect(),
    };
    let place = d.item_place(&ph.key);
    let graduation = super::graduation::view(d, v.graduation, ph);
    let badge = item_badge(&id, &ph.title, &graduation);
    let badge_stem = super::badges::stem(&from);
    let badge_links = super::badges::links(d, &from, &badge_stem, &badge);
    let ctx = ItemContext {
        p: ItemMeta {
            id: &id,
            number: ph.key.clone(),
            title: &ph.title,
            doc_url: d.config.item_doc_url(&ph.key),
            status_label: latest
                .map(|m| id_label(&d.config.stages, m.status))
                .unwrap_or_default(),
            compliance_label: latest
                .map(|m| {
                    let code = d.config.compliance.code_of(m.compliance);
                    fact_label(&d.config.compliance, code, "no compliance value")
                })
                .unwrap_or_default(),
            section: place.map_or("", |p| p.section.as_str()),
            attributes: place
                .filter(|_| d.config.items.details)
                .map(|p| {
                    p.attributes
                        .iter()
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(k, v)| Attribute {
                            name: k.as_str(),
                            value: v.as_str(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            group: place.map_or("", |p| p.group.as_str()),
            listed_in: latest.map(|m| d.month_link_to(&from, d.months()[m.snapshot])),
            is_current: latest
                .map(|m| m.snapshot + 1 == d.months().len())
                .unwrap_or(false),
        },
        now,
        graduation,
        chart_alt,
        chart_height,
        chart_url: u(&format!("{from}chart.svg")),
        chart_table,
        months,
        months_total: ph.months.len(),
        history_rows,
        first: d.months().len() == 1,
        badge: badge_links,
        related,
        firsts,
        timelines,
    };
    let common: Common = d.common(
        &from,
        format!("{id}: {}", ph.title),
        format!("Adoption of {id} {} across implementations", ph.title),
    );
    let page = render_page(
        theme,
        format!("{from}index.html"),
        "proposal.html",
        &common,
        &ctx,
    )?;
    let svg = OutputFile {
        path: format!("{from}chart.svg"),
        bytes: chart_svg.into_bytes(),
        source: format!("the chart of {id}"),
    };
    let mut files = vec![page, svg];
    files.extend(super::badges::files(&badge_stem, &badge, &id));
    Ok(files)
}

/// Each implementor's version timeline for this item, in the order of the implementor list.
fn timelines<'a>(d: &'a Shared, v: &ItemView, from: &str) -> Vec<Timeline<'a>> {
    let names = d.implementor_names();
    let mut steps: Vec<Vec<(crate::model::Month, Option<&crate::model::VersionValue>)>> =
        vec![Vec::new(); names.len()];
    for (m, column) in v.history.months.iter().zip(&v.versions) {
        for &(ii, value) in column {
            if let Some(s) = steps.get_mut(ii) {
                s.push((m.month, value));
            }
        }
    }
    let last = v.history.months.last().map(|m| m.month);
    steps
        .iter()
        .enumerate()
        .filter_map(|(ii, s)| {
            let words = super::version_words::timeline(s);
            if words.is_empty() {
                return None;
            }
            let now = match s.last() {
                Some(&(m, Some(value))) if Some(m) == last => super::version_words::cell(value),
                Some(&(m, None)) if Some(m) == last => "not supported".to_string(),
                _ => "not listed".to_string(),
            };
            let name = names[ii].name.as_str();
            Some(Timeline {
                name,
                url: d.urls.href(from, &d.implementor_path(name)),
                now,
                words,
            })
        })
        .collect()
}

/// "GEP-1742 | 5 complete · ready": the implementations counted complete now and, with a
/// graduation threshold, where the proposal stands.
fn item_badge(
    id: &str,
    title: &str,
    g: &super::graduation::GraduationView,
) -> super::badges::Badge {
    use crate::analyse::graduation::State;
    let (state, color) = match g.state {
        State::Ready => (Some("ready"), super::badges::GREEN),
        State::Graduated => (Some("graduated"), super::badges::GREEN),
        State::GraduatedWithoutEvidence => (Some("below threshold"), super::badges::BLUE),
        State::Below => (Some("below threshold"), super::badges::BLUE),
        State::NotAssessed => (None, super::badges::GREY),
    };
    let state = if g.threshold == 0 { None } else { state };
    super::badges::Badge {
        subject: format!("{id} {title}"),
        label: id.to_string(),
        message: match state {
            Some(s) => format!("{} complete · {s}", g.complete),
            None => format!("{} complete", g.complete),
        },
        color,
    }
}

/// Month indexes: first in progress or complete, first complete.
type Firsts = (Option<usize>, Option<usize>);

/// The month each implementor first had a progress code for the proposal, and first had the
/// complete code ("" when never), in name order.
fn first_months<'a>(d: &'a Shared, v: &ItemView, from: &str) -> Vec<FirstMonths<'a>> {
    let ph = v.history;
    let ranks = &d.config.ranks;
    let complete = ranks.complete();
    let names = d.implementor_names();
    // Per implementor: the first month in progress or complete, and the first complete one.
    let mut firsts: Vec<Firsts> = vec![(None, None); names.len()];
    for (mi, column) in v.columns.iter().enumerate() {
        for &(ii, rank) in column {
            let f = &mut firsts[ii];
            if f.0.is_none() && ranks.is_progress(rank) && rank > 0 {
                f.0 = Some(mi);
            }
            if f.1.is_none() && complete == Some(rank) {
                f.1 = Some(mi);
            }
        }
    }
    let month = |m: Option<usize>| {
        m.map(|m| ph.months[m].month.long_name())
            .unwrap_or_default()
    };
    let mut order: Vec<(usize, Firsts)> = firsts
        .into_iter()
        .enumerate()
        .filter(|(_, f)| f.0.is_some() || f.1.is_some())
        .collect();
    // Earliest first (a row complete before in progress sorts by its complete month), then by
    // name.
    order.sort_by_key(|(ii, f)| (f.0.or(f.1), names[*ii].name.to_lowercase()));
    order
        .into_iter()
        .map(|(ii, f)| FirstMonths {
            name: &names[ii].name,
            url: d.urls.href(from, &d.implementor_path(&names[ii].name)),
            first_progress: month(f.0),
            first_complete: month(f.1),
        })
        .collect()
}

/// The related items: a proposal's features on the sibling site (`related:` set), or a
/// feature's GEPs (`import: gateway_conformance: proposals:` names it), linked to the sibling
/// site's pages when `related:` is set.
fn related(d: &Shared, ph: &crate::analyse::stats::ItemHistory, from: &str) -> Option<RelatedView> {
    let mapping = &d.config.feature_mapping;
    let sibling = d.config.related.as_ref();
    let href = |rel: &str| {
        sibling.map(|r| {
            super::context::nav_href(&d.urls, from, &format!("{}{}/{rel}/", r.url, r.path))
        })
    };
    let (heading, links): (String, Vec<Link>) = match &ph.key {
        crate::model::ItemKey::Number(n) => {
            sibling?;
            let features = mapping.features_of.get(n)?;
            (
                "Conformance features".into(),
                features
                    .iter()
                    .map(|f| Link {
                        name: f.clone(),
                        url: href(&crate::slug::slugify(f)).unwrap_or_default(),
                    })
                    .collect(),
            )
        }
        crate::model::ItemKey::Slug(_) => {
            let geps = mapping.geps_of.get(&ph.title.to_ascii_lowercase())?;
            let label = sibling.map_or("GEP", |r| r.label.as_str());
            (
                if geps.len() == 1 { "GEP" } else { "GEPs" }.to_string(),
                geps.iter()
                    .map(|n| Link {
                        name: format!("{label}-{n}"),
                        url: href(&n.to_string()).unwrap_or_default(),
                    })
                    .collect(),
            )
        }
    };
    Some(RelatedView {
        heading,
        site: sibling.map(|r| r.title.clone()).unwrap_or_default(),
        links,
    })
}
