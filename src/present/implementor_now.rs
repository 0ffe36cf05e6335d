//! What an implementor's page leads with (issue 26): in the latest month it is listed in, a
//! summary per section (complete, in progress, not progress, blank, items) and what it lacks
//! now — every item not complete, grouped by its code, highest code first. The full item × month
//! history is a download beside the page (`history.csv`, wide: one row per item, one column per
//! month) and the page's table shows only the latest months, newest first.

use super::context::{CodeRef, Shared};
use super::views::ImplementorMonth;
use crate::analyse::stats::Progress;
use crate::config::RankClass;
use crate::csv_format::push_csv_field;
use serde::Serialize;

/// Months of history the implementor page shows (the rest is in its `history.csv`).
pub const SHOWN_MONTHS: usize = 12;

#[derive(Serialize)]
pub struct SectionSummary<'a> {
    /// The section ("" for a site without sections).
    pub name: &'a str,
    pub complete: usize,
    pub in_progress: usize,
    pub not_progress: usize,
    pub blank: usize,
    /// Items listed for the implementor in the section (not-applicable ones included).
    pub items: usize,
}

/// Items at one code that the implementor lacks now.
#[derive(Serialize)]
pub struct Lacking<'a> {
    pub code: CodeRef<'a>,
    pub items: Vec<LackingItem<'a>>,
}

#[derive(Serialize)]
pub struct LackingItem<'a> {
    pub id: String,
    pub title: &'a str,
    pub url: String,
    pub section: &'a str,
}

/// The per-section summary of the implementor's row `m`, sections in first-appearance order.
pub fn sections<'a>(d: &Shared<'a>, m: &ImplementorMonth<'_>) -> Vec<SectionSummary<'a>> {
    let places = d.item_places();
    let mut out: Vec<SectionSummary> = Vec::new();
    for &(pi, (rank, complete)) in &m.cells {
        if rank == crate::model::Rank::ABSENT.index() {
            continue;
        }
        let name = places[pi].section.as_str();
        let i = match out.iter().position(|s| s.name == name) {
            Some(i) => i,
            None => {
                out.push(SectionSummary {
                    name,
                    complete: 0,
                    in_progress: 0,
                    not_progress: 0,
                    blank: 0,
                    items: 0,
                });
                out.len() - 1
            }
        };
        let s = &mut out[i];
        s.items += 1;
        let p = Progress::of_cells([(rank, complete && m.counts)], &d.config.ranks);
        s.complete += p.complete;
        s.in_progress += p.in_progress;
        s.not_progress += p.not_progress;
        s.blank += usize::from(d.config.ranks.class(rank) == RankClass::Blank);
    }
    out
}

/// The items of `m` that are not at a complete code and apply, grouped by code, highest code first; links
/// from the page at `from`.
pub fn lacking<'a>(d: &Shared<'a>, m: &ImplementorMonth<'_>, from: &str) -> Vec<Lacking<'a>> {
    let places: &'a [crate::analyse::change::ItemPlace] = d.item_places();
    let mut out: Vec<Lacking> = Vec::new();
    for &(pi, (rank, complete)) in &m.cells {
        let class = d.config.ranks.class(rank);
        // A complete code of a row for an older release is not counted, but not lacking either:
        // the lede says the row is for that release.
        if complete || matches!(class, RankClass::NotApplicable | RankClass::Absent) {
            continue;
        }
        let p = &places[pi];
        let item = LackingItem {
            id: d.config.item_id(&p.key),
            title: &p.title,
            url: d.urls.href(from, &d.item_path(&p.key)),
            section: &p.section,
        };
        match out.iter_mut().find(|l| l.code.rank == rank) {
            Some(l) => l.items.push(item),
            None => out.push(Lacking {
                code: d.legend_entry(rank),
                items: vec![item],
            }),
        }
    }
    out.sort_by_key(|l| std::cmp::Reverse(d.config.ranks.written(l.code.rank)));
    out
}

/// The full history as CSV: a header `id,title,<month>...` (months oldest first), then one row
/// per item with its code each month; empty where the item was blank or not listed, `–` where
/// the implementor had no column for it.
pub fn history_csv(d: &Shared, months: &[String], grid: &[Option<Vec<Option<usize>>>]) -> String {
    let places = d.item_places();
    let mut out = String::from("id,title");
    for m in months {
        out.push(',');
        out.push_str(m);
    }
    out.push('\n');
    for (pi, row) in grid.iter().enumerate() {
        let Some(cells) = row else { continue };
        push_csv_field(&mut out, &d.config.item_id(&places[pi].key));
        out.push(',');
        push_csv_field(&mut out, &places[pi].title);
        for c in cells {
            out.push(',');
            match c {
                Some(rank) if *rank == crate::model::Rank::ABSENT.index() => out.push('–'),
                Some(rank) => push_csv_field(&mut out, d.code_of(*rank)),
                None => {}
            }
        }
        out.push('\n');
    }
    out
}
