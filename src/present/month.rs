//! The month page: one snapshot's matrix (proposals as columns, implementors as rows), its prose,
//! the legend and links to the neighbouring months and the month's changes.

use super::cell::{CellMark, push_cell};
use super::context::{CodeRef, Common, Link, Shared, render_page};
use super::error::PresentError;
use super::markdown;
use super::theme::Theme;
use super::views::MonthView;
use super::wording::{id_label, since, summary};
use crate::analyse::diff::ChangeKind;
use crate::analyse::stats::Progress;
use crate::model::{Cell, ItemKey};
use crate::write::OutputFile;
use serde::Serialize;

#[derive(Serialize)]
struct MonthContext<'a> {
    month: MonthMeta<'a>,
    prose_before: String,
    prose_after: String,
    columns: Vec<Column<'a>>,
    rows: Vec<Row<'a>>,
    has_compliance: bool,
    legend: Vec<CodeRef<'a>>,
    prev: Option<Link>,
    next: Option<Link>,
    changes: Option<ChangesLink>,
    first: bool,
    csv: String,
    counts: Counts,
    /// The tfoot: complete implementations per column.
    totals: Vec<Total>,
    /// Complete cells in the whole matrix.
    total_complete: usize,
    threshold: usize,
    /// Cells changed since the previous snapshot.
    changed: usize,
    /// With items as rows (`matrix: orientation: columns`): the matrix by section and group.
    sections: Vec<super::month_items::SectionView<'a>>,
    /// The not-applicable codes, for the legend.
    not_applicable: &'a [String],
    /// The implementor attribute columns shown after the row header (those some row has a
    /// value for), by title.
    attribute_titles: Vec<&'a str>,
    /// The row filters (`implementors: filters:`), empty when none.
    row_filters: Vec<RowFilter>,
    /// The current releases and the rows for another one, with a release rule.
    releases: Option<super::release::MonthReleases>,
    /// Why `build` would not publish this month (a draft, or a month to come): shown only where
    /// it is rendered anyway (`serve`, `build --drafts`).
    draft: Option<String>,
    /// The footnotes the matrix refers to, numbered in order (`#fn-1`).
    footnotes: Vec<FootnoteView<'a>>,
    /// Some row links the evidence its codes share from its header: the caption says so.
    row_evidence: bool,
    /// With sections read into one table (implementors as rows), the prose inside each
    /// section, shown under the matrix with the section's name; empty otherwise.
    section_notes: Vec<SectionNote<'a>>,
}

/// The prose inside one section of a matrix shown as one table.
#[derive(Serialize)]
struct SectionNote<'a> {
    name: &'a str,
    html: String,
}

/// A footnote under the matrix: its number (the cells' links point at `#fn-<n>`) and text.
#[derive(Serialize)]
struct FootnoteView<'a> {
    n: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct Total {
    complete: usize,
    meets: bool,
}

#[derive(Serialize)]
struct MonthMeta<'a> {
    name: String,
    code: String,
    title: &'a str,
    source: &'a str,
}

#[derive(Serialize)]
struct Column<'a> {
    /// The number, or an unnumbered item's slug as an id fragment.
    number: String,
    id: String,
    title: &'a str,
    url: String,
    doc_url: Option<String>,
    status: &'a str,
    status_label: String,
    compliance: &'a str,
    compliance_label: String,
}

#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    cells_html: String,
    complete: usize,
    /// Cells of the row that apply (not at a not-applicable code, not absent): the "of N".
    applicable: usize,
    any: usize,
    /// Cells of the row changed since the previous snapshot.
    changed: usize,
    /// Its values of the attribute columns shown.
    attributes: Vec<&'a str>,
    /// Its values of the filter attributes (`implementors: filters:`), as `(key, value)`.
    filter_values: Vec<FilterValue<'a>>,
    /// Its evidence is for a release that is not current: shown, not counted.
    outdated: bool,
    /// `dN`: the class of its most common code, which its cells at that code leave out.
    class: String,
    /// The evidence link most of its codes share ([`super::cell::row_evidence`]), linked from
    /// the row header; its cells with that link leave it out.
    evidence: Option<&'a str>,
}

#[derive(Serialize)]
struct FilterValue<'a> {
    key: String,
    value: &'a str,
}

/// A choice of the month's rows by an attribute (`implementors: filters:`); the page's script
/// takes the choices from the rows' values.
#[derive(Serialize)]
struct RowFilter {
    /// The attribute's name as configured ("Release").
    name: String,
    /// Its slug: the URL parameter is `f-<key>`, the row's data attribute `data-f-<key>`.
    key: String,
}

#[derive(Serialize)]
struct ChangesLink {
    url: String,
    summary: String,
    since: String,
}

#[derive(Serialize)]
struct Counts {
    #[serde(rename = "proposals")]
    items: usize,
    implementors: usize,
}

/// The page of a month: what it reads is its [`MonthView`] and the [`Shared`] data.
pub fn page(d: &Shared, v: &MonthView, theme: &Theme) -> Result<OutputFile, PresentError> {
    let (s, si) = (v.snapshot, v.si);
    let from = Shared::month_path(s);
    let u = |t: &str| d.urls.href(&from, t);
    let columns = s
        .items
        .iter()
        .map(|p| Column {
            number: p.key.fragment(),
            id: d.config.item_id(&p.key),
            title: &p.title,
            url: u(&d.item_path(&p.key)),
            doc_url: d.config.item_doc_url(&p.key),
            status: d.config.stages.code_of(p.status),
            status_label: id_label(&d.config.stages, p.status),
            compliance: d.config.compliance.code_of(p.compliance),
            compliance_label: id_label(&d.config.compliance, p.compliance),
        })
        .collect();
    let index = v.index;
    // What changed in each cell since the previous snapshot, as the diff classifies it.
    let changes: std::collections::HashMap<(&str, &ItemKey), ChangeKind> = v
        .diff
        .iter()
        .flat_map(|df| &df.cells)
        .map(|c| ((c.implementor.as_str(), &c.item), c.kind))
        .collect();
    // "since November 2024" per snapshot; the first is "or earlier": the run may be older.
    let since_words: Vec<String> = d.months()[..=si]
        .iter()
        .enumerate()
        .map(|(k, x)| {
            if k == 0 {
                format!("since {} or earlier", x.long_name())
            } else {
                format!("since {}", x.long_name())
            }
        })
        .collect();
    let shown = super::release::shown_attributes(d, s);
    // The filter attributes the configuration names and has: (attribute index, slug).
    let filters: Vec<(usize, String)> = d
        .config
        .implementors
        .filters
        .iter()
        .filter_map(|f| {
            let a = d.config.implementors.attribute(f)?;
            Some((a, crate::slug::slugify(f)))
        })
        .collect();
    let row_filters: Vec<RowFilter> = filters
        .iter()
        .map(|(a, key)| RowFilter {
            name: d.config.implementors.attributes[*a].clone(),
            key: key.clone(),
        })
        .collect();
    // Per page rather than per cell (issue 26, build speed): each column's id fragment, and
    // each cell's change by its place in the grid rather than a hash lookup by name and key.
    let fragments: Vec<String> = s.items.iter().map(|p| p.key.fragment()).collect();
    let width = s.items.len();
    let mut cell_changes: Vec<Option<ChangeKind>> = vec![None; s.implementors.len() * width];
    if !changes.is_empty() {
        let col_of: std::collections::HashMap<&ItemKey, usize> = s
            .items
            .iter()
            .enumerate()
            .map(|(c, p)| (&p.key, c))
            .collect();
        let mut by_name: std::collections::HashMap<&str, Vec<(usize, ChangeKind)>> =
            std::collections::HashMap::new();
        for (&(name, key), &kind) in &changes {
            if let Some(&c) = col_of.get(key) {
                by_name.entry(name).or_default().push((c, kind));
            }
        }
        for (r, i) in s.implementors.iter().enumerate() {
            for &(c, kind) in by_name.get(i.name.as_str()).into_iter().flatten() {
                if let Some(slot) = cell_changes.get_mut(r * width + c) {
                    *slot = Some(kind);
                }
            }
        }
    }
    let rows: Vec<Row> = s
        .implementors
        .iter()
        .enumerate()
        .map(|(row, i)| {
            let slug = d.implementor_slug(&i.name);
            let cells = || (0..s.items.len()).map(|col| index.cell(row, col));
            let outdated = super::release::OutdatedMark::of(d, s.current_releases.as_ref(), i);
            // The row's most common code is its class, its cells' otherwise (issue 26).
            let plain = outdated
                .is_none()
                .then(|| super::cell::row_default(d, cells().map(|(r, _)| r)))
                .flatten();
            // The evidence most of its codes link, once in the row header (issue 26).
            let link_of = |col: usize| {
                let shown = !d.code_of(index.rank(row, col)).is_empty();
                i.cells.get(col).filter(|_| shown).map_or("", Cell::link)
            };
            let evidence = super::cell::row_evidence((0..s.items.len()).map(link_of));
            let mut changed = 0;
            let mut cells_html = String::new();
            for (col, fragment) in fragments.iter().enumerate() {
                let kind = cell_changes.get(row * width + col).copied().flatten();
                changed += usize::from(kind.is_some());
                let since = index
                    .since
                    .get(row * s.items.len() + col)
                    .copied()
                    .unwrap_or(si);
                push_cell(
                    d,
                    &mut cells_html,
                    &CellMark {
                        rank: index.rank(row, col),
                        id: Some((slug, fragment)),
                        kind,
                        since: &since_words[since],
                        link: Some(link_of(col))
                            .filter(|&l| Some(l) != evidence)
                            .unwrap_or(""),
                        shared_evidence: evidence.filter(|&e| link_of(col) == e).map(|_| slug),
                        outdated: outdated.as_ref(),
                        plain: plain.as_ref().map(|p| p.0),
                        note: super::cell::note_of(s, i.cells.get(col)),
                        version: i.cells.get(col).and_then(|c| c.version()),
                    },
                );
            }
            // An outdated row's codes are shown (`any`, for the filter) but not counted.
            let progress = Progress::of_cells(index.counted_row(row), &d.config.ranks);
            Row {
                name: &i.name,
                slug,
                url: u(&d.implementor_path(&i.name)),
                cells_html,
                complete: progress.complete,
                applicable: cells().filter(|&(r, _)| d.config.ranks.applies(r)).count(),
                any: cells()
                    .filter(|&(r, _)| r != 0 && d.config.ranks.applies(r))
                    .count(),
                changed,
                attributes: shown.iter().map(|&a| i.attribute(a)).collect(),
                filter_values: filters
                    .iter()
                    .map(|&(a, ref key)| FilterValue {
                        key: key.clone(),
                        value: i.attribute(a),
                    })
                    .collect(),
                outdated: outdated.is_some(),
                class: plain.map(|p| p.1).unwrap_or_default(),
                evidence,
            }
        })
        .collect();
    let threshold = d.config.graduation_threshold;
    let totals: Vec<Total> = (0..s.items.len())
        .map(|col| {
            let complete = Progress::of_cells(index.counted_column(col), &d.config.ranks).complete;
            Total {
                complete,
                meets: threshold.is_some_and(|t| complete >= t),
            }
        })
        .collect();
    let sections = super::month_items::sections(d, v, &from, &changes, &since_words);
    let section_notes = if sections.is_empty() {
        s.section_prose
            .iter()
            .filter(|p| !(p.before.trim().is_empty() && p.after.trim().is_empty()))
            .map(|p| SectionNote {
                name: &p.section,
                html: markdown::render_from(&format!("{}\n\n{}", p.before, p.after), 3),
            })
            .collect()
    } else {
        Vec::new()
    };
    let total_complete = totals.iter().map(|t| t.complete).sum();
    let changed = rows.iter().map(|r| r.changed).sum();
    let row_evidence = rows.iter().any(|r| r.evidence.is_some());
    let changes = v.diff.map(|df| ChangesLink {
        url: u(&format!("{}/changes/", s.month)),
        summary: summary(df, d.config, d.nouns),
        since: since(df),
    });
    let current = crate::model::Month::current();
    let draft = if s.draft.is_some() {
        Some(
            "Draft (draft: true): `statusgen build` does not publish this month without --drafts."
                .to_string(),
        )
    } else if s.month > current {
        Some(format!(
            "Draft: {} is after the current month ({}); `statusgen build` does not publish it until then without --drafts.",
            s.month.long_name(),
            current.long_name()
        ))
    } else {
        None
    };
    let ctx = MonthContext {
        month: MonthMeta {
            name: s.month.long_name(),
            code: s.month.to_string(),
            title: &s.title,
            source: &s.source,
        },
        prose_before: markdown::render(&s.prose_before),
        prose_after: markdown::render(&s.prose_after),
        columns,
        rows,
        has_compliance: s.items.iter().any(|p| !p.compliance.is_blank()),
        legend: d.legend(),
        prev: si
            .checked_sub(1)
            .map(|p| d.month_link_to(&from, d.months()[p])),
        next: d.months().get(si + 1).map(|&n| d.month_link_to(&from, n)),
        changes,
        first: si == 0,
        csv: u(&format!("data/{}.csv", s.month)),
        counts: Counts {
            items: s.items.len(),
            implementors: s.implementors.len(),
        },
        totals,
        total_complete,
        threshold: threshold.unwrap_or(0),
        changed,
        sections,
        not_applicable: &d.config.not_applicable,
        footnotes: s
            .footnotes
            .iter()
            .enumerate()
            .map(|(i, f)| FootnoteView {
                n: i + 1,
                text: &f.text,
            })
            .collect(),
        section_notes,
        attribute_titles: shown
            .iter()
            .map(|&a| d.config.implementors.attributes[a].as_str())
            .collect(),
        releases: super::release::month_releases(d, s),
        row_filters,
        draft,
        row_evidence,
    };
    let common: Common = d.common(
        &from,
        format!("Status {}", s.month.long_name()),
        format!(
            "{} × {} status matrix for {}",
            s.implementors.len(),
            s.items.len(),
            s.month.long_name()
        ),
    );
    render_page(
        theme,
        format!("{from}index.html"),
        "month.html",
        &common,
        &ctx,
    )
}
