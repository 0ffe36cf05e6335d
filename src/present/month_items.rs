//! The month matrix of a site whose items are rows (`matrix: orientation: columns`): as the
//! source file shows it, one table per section (a heading each), a row group (`<tbody>` with a
//! header row) per group, one row per item with its attribute columns, one column per
//! implementor that has a column in the section. Cells are written by the month page's
//! [`super::cell::push_cell`].

use super::cell::{CellMark, push_cell};
use super::context::Shared;
use super::views::MonthView;
use crate::analyse::diff::ChangeKind;
use crate::analyse::stats::Progress;
use crate::config::Orientation;
use crate::model::{Cell, ItemKey, Rank};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
pub struct SectionView<'a> {
    /// The heading ("" for a file without sections).
    pub name: &'a str,
    /// An id for the heading and the table: `s-<slug>`.
    pub id: String,
    pub attributes: Vec<&'a str>,
    pub columns: Vec<ColumnView<'a>>,
    pub groups: Vec<GroupView<'a>>,
    /// Complete cells per implementor column of the section.
    pub totals: Vec<usize>,
    pub items: usize,
    /// Columns of the table (label, attributes, implementors, total), for a group's header row.
    pub span: usize,
    /// The section's prose between its heading and its table, and after its table (HTML from
    /// the safe markdown path; "" when none).
    pub prose_before: String,
    pub prose_after: String,
}

#[derive(Serialize)]
pub struct ColumnView<'a> {
    pub name: &'a str,
    /// The implementor's slug, for `matrix.js` to resolve a cell link.
    pub slug: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct GroupView<'a> {
    /// The group row's label ("" for items before any group row).
    pub name: &'a str,
    pub rows: Vec<ItemRow<'a>>,
}

#[derive(Serialize)]
pub struct ItemRow<'a> {
    /// The item's id on the page (`traces.get-a-tracer`), the row's `id`.
    pub id: String,
    /// `dN`: the class of its most common code, which its cells at that code leave out.
    pub class: String,
    pub title: &'a str,
    pub url: String,
    pub attributes: Vec<&'a str>,
    pub cells_html: String,
    pub complete: usize,
    /// Cells that apply: not absent, not at a not-applicable code (the denominator of
    /// "complete N of M").
    pub applicable: usize,
    pub any: usize,
    pub changed: usize,
}

/// The sections of a month for the page at `from`; empty unless items are rows.
pub fn sections<'a>(
    d: &Shared<'a>,
    v: &MonthView<'a>,
    from: &str,
    changes: &HashMap<(&str, &ItemKey), ChangeKind>,
    since_words: &[String],
) -> Vec<SectionView<'a>> {
    if d.config.matrix.orientation != Orientation::Columns {
        return Vec::new();
    }
    let (s, index, si) = (v.snapshot, v.index, v.si);
    let width = s.items.len();
    let absent = Rank::ABSENT.index();
    let mut out: Vec<SectionView> = Vec::new();
    let mut start = 0;
    while start < width {
        let name = s.items[start].section.as_str();
        let end = start
            + s.items[start..]
                .iter()
                .take_while(|p| p.section == name)
                .count();
        let cols = start..end;
        // Implementors with a column in this section, in snapshot order.
        let present: Vec<usize> = (0..s.implementors.len())
            .filter(|&row| cols.clone().any(|c| index.rank(row, c) != absent))
            .collect();
        let attributes: Vec<&str> = s.items[start]
            .attributes
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        let mut groups: Vec<GroupView> = Vec::new();
        for col in cols.clone() {
            let p = &s.items[col];
            let mut changed = 0;
            let mut cells_html = String::new();
            let plain = super::cell::row_default(d, present.iter().map(|&r| index.rank(r, col)));
            for &row in &present {
                let i = &s.implementors[row];
                let kind = changes.get(&(i.name.as_str(), &p.key)).copied();
                changed += usize::from(kind.is_some());
                let since = index.since.get(row * width + col).copied().unwrap_or(si);
                push_cell(
                    d,
                    &mut cells_html,
                    &CellMark {
                        rank: index.rank(row, col),
                        id: None,
                        kind,
                        since: &since_words[since],
                        link: i.cells.get(col).map_or("", Cell::link),
                        shared_evidence: None,
                        note: super::cell::note_of(s, i.cells.get(col)),
                        version: i.cells.get(col).and_then(|c| c.version()),
                        // Implementor attributes (and so releases) need implementors as rows.
                        outdated: None,
                        plain: plain.as_ref().map(|p| p.0),
                    },
                );
            }
            let progress =
                Progress::of_cells(present.iter().map(|&r| index.cell(r, col)), &d.config.ranks);
            let applicable = present
                .iter()
                .filter(|&&r| d.config.ranks.applies(index.rank(r, col)))
                .count();
            let row = ItemRow {
                class: plain.map(|p| p.1).unwrap_or_default(),
                id: p.key.fragment(),
                title: &p.title,
                url: d.urls.href(from, &d.item_path(&p.key)),
                attributes: p.attributes.iter().map(|(_, v)| v.as_str()).collect(),
                cells_html,
                complete: progress.complete,
                applicable,
                any: progress.any(),
                changed,
            };
            match groups.last_mut() {
                Some(g) if g.name == p.group => g.rows.push(row),
                _ => groups.push(GroupView {
                    name: &p.group,
                    rows: vec![row],
                }),
            }
        }
        let totals = present
            .iter()
            .map(|&row| {
                Progress::of_cells(cols.clone().map(|c| index.cell(row, c)), &d.config.ranks)
                    .complete
            })
            .collect();
        let mut id = format!("s-{}", crate::slug::slugify(name));
        if out.iter().any(|x| x.id == id) {
            id = format!("{id}-{}", out.len() + 1);
        }
        let span = 2 + attributes.len() + present.len();
        out.push(SectionView {
            span,
            name,
            id,
            attributes,
            columns: present
                .iter()
                .map(|&row| {
                    let name = s.implementors[row].name.as_str();
                    ColumnView {
                        name,
                        slug: d.implementor_slug(name).to_string(),
                        url: d.urls.href(from, &d.implementor_path(name)),
                    }
                })
                .collect(),
            groups,
            totals,
            items: end - start,
            prose_before: String::new(),
            prose_after: String::new(),
        });
        start = end;
    }
    place_prose(&mut out, &s.section_prose);
    out
}

/// Gives each section its prose: a table's prose goes to the next section shown (from the
/// last one given prose) with its name, the text before the table before that section's
/// table; the prose of a second table of a section, or of a table none of whose items is
/// shown (each joined an item of an earlier table), follows the section's table.
fn place_prose(views: &mut [SectionView], prose: &[crate::model::SectionProse]) {
    let mut at = 0;
    // The section the previous table's prose went to.
    let mut last = None;
    for p in prose {
        let found = views
            .get(at..)
            .and_then(|rest| rest.iter().position(|v| v.name == p.section));
        // A second table of one section: its prose follows the section's table.
        let before = found.is_some_and(|k| last != Some(at + k));
        at += found.unwrap_or(0);
        last = Some(at);
        let view = views.get_mut(at);
        let Some(view) = view else { continue };
        let html = |md: &str| {
            if md.trim().is_empty() {
                String::new()
            } else {
                super::markdown::render_from(md, 3)
            }
        };
        let (b, a) = (html(&p.before), html(&p.after));
        if before {
            view.prose_before.push_str(&b);
        } else {
            view.prose_after.push_str(&b);
        }
        view.prose_after.push_str(&a);
    }
}
