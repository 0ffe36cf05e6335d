//! The month page: one snapshot's matrix (proposals as columns, implementors as rows), its prose,
//! the legend and links to the neighbouring months and the month's changes.

use super::context::{CodeRef, Common, Link, SiteData, render_page};
use super::error::PresentError;
use super::markdown;
use super::theme::Theme;
use super::wording::{since, summary, value_label};
use crate::analyse::stats::Progress;
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
    number: u32,
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
    any: usize,
}

#[derive(Serialize)]
struct ChangesLink {
    url: String,
    summary: String,
    since: String,
}

#[derive(Serialize)]
struct Counts {
    proposals: usize,
    implementors: usize,
}

/// The page of snapshot `si`.
pub fn page(d: &SiteData, theme: &Theme, si: usize) -> Result<OutputFile, PresentError> {
    let s = &d.history.snapshots[si];
    let from = SiteData::month_path(s);
    let u = |t: &str| d.urls.href(&from, t);
    let columns = s
        .proposals
        .iter()
        .map(|p| Column {
            number: p.number,
            id: d.config.proposal_id(p.number),
            title: &p.title,
            url: u(&d.proposal_path(p.number)),
            doc_url: d.config.proposal_doc_url(p.number),
            status: &p.status,
            status_label: value_label(&d.config.stages, &p.status),
            compliance: &p.compliance,
            compliance_label: value_label(&d.config.compliance, &p.compliance),
        })
        .collect();
    let index = &d.stats.snapshots[si];
    let rows = s
        .implementors
        .iter()
        .enumerate()
        .map(|(row, i)| {
            let slug = d.implementor_slug(&i.name);
            let ranks = || (0..s.proposals.len()).map(|col| index.rank(row, col));
            let cells_html = d.cells_html(
                ranks()
                    .zip(&s.proposals)
                    .map(|(r, p)| (Some(r), Some((slug, p.number)))),
            );
            let progress = Progress::of_ranks(ranks(), d.complete);
            Row {
                name: &i.name,
                slug,
                url: u(&d.implementor_path(&i.name)),
                cells_html,
                complete: progress.complete,
                any: progress.any(),
            }
        })
        .collect();
    let changes = d.diffs[si].as_ref().map(|df| ChangesLink {
        url: u(&format!("{}/changes/", s.month)),
        summary: summary(df, d.config),
        since: since(df),
    });
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
        has_compliance: s.proposals.iter().any(|p| !p.compliance.is_empty()),
        legend: d.legend(),
        prev: si
            .checked_sub(1)
            .map(|p| d.month_link(&from, &d.history.snapshots[p])),
        next: d
            .history
            .snapshots
            .get(si + 1)
            .map(|n| d.month_link(&from, n)),
        changes,
        first: si == 0,
        csv: u(&format!("data/{}.csv", s.month)),
        counts: Counts {
            proposals: s.proposals.len(),
            implementors: s.implementors.len(),
        },
    };
    let common: Common = d.common(
        &from,
        format!("Status {}", s.month.long_name()),
        format!(
            "{} × {} status matrix for {}",
            s.implementors.len(),
            s.proposals.len(),
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
