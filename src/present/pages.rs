//! Page contexts and the site's file list. Everything a template shows is computed here, with
//! every URL already resolved through [`Urls`]; templates only lay it out. [`render_site`]
//! returns every output file (pages, charts, feed, data, static files) in a fixed order,
//! rendering pages in parallel.

use super::charts;
use super::data;
use super::escape;
use super::feed;
use super::markdown;
use super::theme::{Theme, error_chain};
use super::urls::Urls;
use crate::analyse::Analysis;
use crate::analyse::diff::{ChangeKind, Diff, plural, value_label};
use crate::analyse::stats::{self, Stats};
use crate::config::Config;
use crate::error::BuildError;
use crate::model::{History, Snapshot};
use crate::write::OutputFile;
use rayon::prelude::*;
use serde_json::Value;

/// Conversion into a JSON value that moves what it can: contexts nest large arrays, and
/// `serde_json::json!` would copy each nested value by serialising it again.
pub trait IntoValue {
    fn into_value(self) -> Value;
}

impl IntoValue for Value {
    fn into_value(self) -> Value {
        self
    }
}

macro_rules! into_value_from {
    ($($t:ty),*) => {
        $(impl IntoValue for $t {
            fn into_value(self) -> Value {
                Value::from(self)
            }
        })*
    };
}
into_value_from!(String, &str, usize, u32, u64, i32, i64, bool);

impl IntoValue for &String {
    fn into_value(self) -> Value {
        Value::from(self.as_str())
    }
}

impl<T: IntoValue> IntoValue for Option<T> {
    fn into_value(self) -> Value {
        self.map(IntoValue::into_value).unwrap_or(Value::Null)
    }
}

impl<T: IntoValue> IntoValue for Vec<T> {
    fn into_value(self) -> Value {
        Value::Array(self.into_iter().map(IntoValue::into_value).collect())
    }
}

/// `obj!({ "key": value, … })`: a JSON object built by moving each value in.
macro_rules! obj {
    ({ $($key:literal : $val:expr),* $(,)? }) => {{
        let mut m = serde_json::Map::new();
        $( m.insert($key.to_string(), IntoValue::into_value($val)); )*
        Value::Object(m)
    }};
}

/// Options that change what is rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub base_url: String,
    /// Render pages on one thread (for the determinism test).
    pub single_threaded: bool,
}

/// Everything shared by all pages.
pub struct SiteData<'a> {
    pub config: &'a Config,
    pub history: &'a History,
    pub stats: &'a Stats,
    /// Diff of each snapshot against the previous one (`None` for the first).
    pub diffs: &'a [Option<Diff>],
    pub urls: Urls,
    /// The end of a table cell for each code rank: `class="code rN">CODE</td>`.
    cell_tails: Vec<String>,
}

impl<'a> SiteData<'a> {
    pub fn new(
        config: &'a Config,
        history: &'a History,
        analysis: &'a Analysis,
        base_url: &str,
    ) -> SiteData<'a> {
        let mut cell_tails: Vec<String> = config
            .codes
            .terms
            .iter()
            .enumerate()
            .map(|(r, t)| format!(" class=\"code r{r}\">{}</td>", escape::html(&t.code)))
            .collect();
        if cell_tails.is_empty() {
            cell_tails.push(" class=\"code r0\"></td>".into());
        }
        SiteData {
            config,
            history,
            stats: &analysis.stats,
            diffs: &analysis.diffs,
            urls: Urls::new(base_url),
            cell_tails,
        }
    }

    fn proposal_path(&self, number: u32) -> String {
        format!("{}/{}/", self.config.proposals.path, number)
    }

    fn implementor_path(&self, name: &str) -> String {
        let slug = self
            .stats
            .implementor_index
            .get(name)
            .map(|&i| self.stats.implementors[i].slug.as_str())
            .unwrap_or("");
        format!("implementors/{slug}/")
    }

    fn implementor_slug(&self, name: &str) -> &str {
        self.stats
            .implementor_index
            .get(name)
            .map(|&i| self.stats.implementors[i].slug.as_str())
            .unwrap_or("")
    }

    fn month_path(s: &Snapshot) -> String {
        format!("{}/", s.month)
    }

    fn rank(&self, code: &str) -> usize {
        self.config.codes.rank(code).unwrap_or(0)
    }

    fn code_label(&self, code: &str) -> String {
        match self.config.codes.label(code) {
            "" => value_label(&self.config.codes, code),
            l => l.to_string(),
        }
    }

    /// Site-wide context: titles and the URLs every page needs.
    fn common(&self, from: &str, title: &str, description: &str) -> Value {
        let u = |t: &str| self.urls.href(from, t);
        let latest = self
            .history
            .latest()
            .map(|s| u(&Self::month_path(s)))
            .unwrap_or_else(|| u(""));
        obj!({
            "site": obj!({ "title": &self.config.title, "description": &self.config.description }),
            "page": obj!({
                "title": title,
                "description": description,
                "canonical": self.urls.absolute(if from == "404.html" { "" } else { from }),
                "path": from,
            }),
            "u": obj!({
                "home": u(""),
                "latest": latest,
                "changes": u("changes/"),
                "proposals": u(&format!("{}/", self.config.proposals.path)),
                "implementors": u("implementors/"),
                "css": u("static/style.css"),
                "js": u("static/matrix.js"),
                "feed": u("feed.xml"),
                "json": u("data/history.json"),
                "csv": u("data/history.csv"),
            }),
            "proposal_word": &self.config.proposals.label,
            "blank_label": self.code_label(""),
        })
    }

    fn legend(&self) -> Vec<Value> {
        self.config
            .codes
            .terms
            .iter()
            .enumerate()
            .map(|(r, t)| obj!({ "code": &t.code, "label": &t.label, "rank": r }))
            .collect()
    }

    /// A run of `<td>` cells rendered here rather than in a template loop: grids reach a million
    /// cells. `None` is a month in which the row was not listed; `id` gives a cell the stable id
    /// `<slug>-<number>`. Cells come as code ranks; codes are escaped (slugs are ASCII letters,
    /// digits and '-').
    fn cells_html<'c>(
        &self,
        cells: impl Iterator<Item = (Option<usize>, Option<(&'c str, u32)>)>,
    ) -> String {
        let mut out = String::new();
        for (rank, id) in cells {
            match rank {
                Some(rank) => {
                    out.push_str("<td");
                    if let Some((slug, number)) = id {
                        out.push_str(" id=\"");
                        out.push_str(slug);
                        out.push('-');
                        push_number(&mut out, number);
                        out.push('"');
                    }
                    out.push_str(&self.cell_tails[rank.min(self.cell_tails.len() - 1)]);
                }
                None => out.push_str("<td class=\"absent\">–</td>"),
            }
        }
        out
    }

    /// The canonical code of a rank.
    fn code_of(&self, rank: usize) -> &str {
        self.config
            .codes
            .terms
            .get(rank)
            .map(|t| t.code.as_str())
            .unwrap_or("")
    }

    /// A code with its label, for lists of changes.
    fn code_with_label(&self, code: &str) -> Value {
        obj!({ "code": code, "label": self.code_label(code), "rank": self.rank(code) })
    }
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
    }
    base
}

/// Appends a number without going through `format!`.
fn push_number(out: &mut String, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| b as char));
}

/// A page to render: output path, template and context.
struct Page {
    path: String,
    template: &'static str,
    context: Value,
}

fn month_page(d: &SiteData, si: usize) -> Page {
    let s = &d.history.snapshots[si];
    let from = SiteData::month_path(s);
    let u = |t: &str| d.urls.href(&from, t);
    let columns: Vec<Value> = s
        .proposals
        .iter()
        .map(|p| {
            obj!({
                "number": p.number,
                "id": d.config.proposal_id(p.number),
                "title": &p.title,
                "url": u(&d.proposal_path(p.number)),
                "doc_url": d.config.proposal_doc_url(p.number),
                "status": &p.status,
                "status_label": value_label(&d.config.stages, &p.status),
                "compliance": &p.compliance,
                "compliance_label": value_label(&d.config.compliance, &p.compliance),
            })
        })
        .collect();
    let complete = stats::complete_rank(d.config);
    let index = &d.stats.snapshots[si];
    let rows: Vec<Value> = s
        .implementors
        .iter()
        .enumerate()
        .map(|(row, i)| {
            let slug = d.implementor_slug(&i.name);
            let ranks = || (0..s.proposals.len()).map(|col| index.rank(row, col));
            let cells = d.cells_html(
                ranks().zip(&s.proposals).map(|(r, p)| (Some(r), Some((slug, p.number)))),
            );
            let n_complete = ranks().filter(|&r| r > 0 && r == complete).count();
            let n_any = ranks().filter(|&r| r > 0).count();
            obj!({ "name": &i.name, "slug": slug, "url": u(&d.implementor_path(&i.name)), "cells_html": cells, "complete": n_complete, "any": n_any })
        })
        .collect();
    let prev = (si > 0).then(|| {
        let p = &d.history.snapshots[si - 1];
        obj!({ "name": p.month.long_name(), "url": u(&SiteData::month_path(p)) })
    });
    let next = d
        .history
        .snapshots
        .get(si + 1)
        .map(|n| obj!({ "name": n.month.long_name(), "url": u(&SiteData::month_path(n)) }));
    let changes = d.diffs[si].as_ref().map(|df| {
        obj!({ "url": u(&format!("{}/changes/", s.month)), "summary": df.summary(d.config), "since": df.since() })
    });
    let has_compliance = s.proposals.iter().any(|p| !p.compliance.is_empty());
    let title = format!("Status {}", s.month.long_name());
    let ctx = obj!({
        "month": obj!({ "name": s.month.long_name(), "code": s.month.to_string(), "title": &s.title, "source": &s.source }),
        "prose_before": markdown::render(&s.prose_before),
        "prose_after": markdown::render(&s.prose_after),
        "columns": columns,
        "rows": rows,
        "has_compliance": has_compliance,
        "legend": d.legend(),
        "prev": prev,
        "next": next,
        "changes": changes,
        "first": si == 0,
        "csv": u(&format!("data/{}.csv", s.month)),
        "counts": obj!({ "proposals": s.proposals.len(), "implementors": s.implementors.len() }),
    });
    Page {
        template: "month.html",
        context: merge(
            d.common(
                &from,
                &title,
                &format!(
                    "{} × {} status matrix for {}",
                    s.implementors.len(),
                    s.proposals.len(),
                    s.month.long_name()
                ),
            ),
            ctx,
        ),
        path: format!("{from}index.html"),
    }
}

fn kind_word(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Advance => "advance",
        ChangeKind::Regression => "regression",
        ChangeKind::Other => "other",
    }
}

/// Proposal chart, its data table and the standalone SVG text.
fn proposal_chart(d: &SiteData, pi: usize) -> Result<(String, Value), BuildError> {
    let ph = &d.stats.proposals[pi];
    let months: Vec<String> = ph.months.iter().map(|m| m.month.short_name()).collect();
    let ranks = d.config.codes.terms.len();
    let series: Vec<charts::CodeSeries> = (1..ranks)
        .map(|r| charts::CodeSeries {
            code: d.config.codes.terms[r].code.clone(),
            label: d.config.codes.terms[r].label.clone(),
            rank: r,
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
                format!("{} → {}", or_blank(&w[0].status), or_blank(&w[1].status)),
            )
        })
        .collect();
    let id = d.config.proposal_id(ph.number);
    let latest = ph.latest();
    let complete = stats::complete_rank(d.config);
    let now_complete = latest
        .map(|m| m.counts.get(complete).copied().unwrap_or(0))
        .unwrap_or(0);
    let desc = format!(
        "Stacked bars, one per month from {} to {}: implementors of {} at each code. {} complete now; graduation threshold {}.",
        months.first().cloned().unwrap_or_default(),
        months.last().cloned().unwrap_or_default(),
        id,
        now_complete,
        d.config.graduation_threshold
    );
    let chart = charts::ProposalChart {
        id: format!("chart-{}", ph.number),
        title: format!("{id}: implementors by code over time"),
        desc,
        months: months.clone(),
        series,
        ranks,
        stage_marks,
        threshold: d.config.graduation_threshold,
    };
    let svg = charts::proposal_chart(&chart).map_err(|message| BuildError::Chart {
        subject: id.clone(),
        message,
    })?;
    let table_rows: Vec<Value> = ph
        .months
        .iter()
        .map(|m| {
            let counts: Vec<usize> = (1..ranks).rev().map(|r| m.counts.get(r).copied().unwrap_or(0)).collect();
            obj!({ "month": m.month.long_name(), "counts": counts, "status": value_label(&d.config.stages, &m.status) })
        })
        .collect();
    let table_codes: Vec<Value> = (1..ranks).rev().map(|r| obj!({ "code": &d.config.codes.terms[r].code, "label": &d.config.codes.terms[r].label, "rank": r })).collect();
    Ok((svg, obj!({ "rows": table_rows, "codes": table_codes })))
}

fn or_blank(s: &str) -> &str {
    if s.is_empty() { "–" } else { s }
}

fn proposal_page(d: &SiteData, pi: usize) -> Result<Page, BuildError> {
    let ph = &d.stats.proposals[pi];
    let from = d.proposal_path(ph.number);
    let u = |t: &str| d.urls.href(&from, t);
    let id = d.config.proposal_id(ph.number);
    let latest = ph.latest();
    let ranks = d.config.codes.terms.len();
    let now: Vec<Value> = (0..ranks)
        .rev()
        .map(|r| {
            let t = &d.config.codes.terms[r];
            obj!({ "code": &t.code, "label": &t.label, "rank": r, "count": latest.map(|m| m.counts.get(r).copied().unwrap_or(0)).unwrap_or(0) })
        })
        .collect();
    let complete = stats::complete_rank(d.config);
    let now_complete = latest
        .map(|m| m.counts.get(complete).copied().unwrap_or(0))
        .unwrap_or(0);
    // History table: implementors × months where the proposal is listed.
    let months: Vec<Value> = ph
        .months
        .iter()
        .map(|m| obj!({ "name": m.month.short_name(), "url": u(&SiteData::month_path(&d.history.snapshots[m.snapshot])) }))
        .collect();
    let mut rows: Vec<Option<Vec<Option<usize>>>> = vec![None; d.stats.implementors.len()];
    for (mi, m) in ph.months.iter().enumerate() {
        let index = &d.stats.snapshots[m.snapshot];
        let Some(col) = index.cols.iter().position(|&p| p == pi) else {
            continue;
        };
        for (row, &ii) in index.rows.iter().enumerate() {
            let cells = rows[ii].get_or_insert_with(|| vec![None; ph.months.len()]);
            cells[mi] = Some(index.rank(row, col));
        }
    }
    let history_rows: Vec<Value> = rows
        .into_iter()
        .enumerate()
        .filter_map(|(ii, r)| {
            let name = &d.stats.implementors[ii].name;
            r.map(|cells| {
                let html = d.cells_html(cells.into_iter().map(|c| (c, None)));
                obj!({ "name": name, "url": u(&d.implementor_path(name)), "cells_html": html })
            })
        })
        .collect();
    let (chart_svg, chart_table) = proposal_chart(d, pi)?;
    let latest_snapshot = latest.map(|m| &d.history.snapshots[m.snapshot]);
    let ctx = obj!({
        "p": obj!({
            "id": &id,
            "number": ph.number,
            "title": &ph.title,
            "doc_url": d.config.proposal_doc_url(ph.number),
            "status_label": latest.map(|m| value_label(&d.config.stages, &m.status)).unwrap_or_default(),
            "compliance_label": latest.map(|m| value_label(&d.config.compliance, &m.compliance)).unwrap_or_default(),
            "listed_in": latest_snapshot.map(|s| obj!({ "name": s.month.long_name(), "url": u(&SiteData::month_path(s)) })),
            "is_current": latest.map(|m| m.snapshot + 1 == d.history.snapshots.len()).unwrap_or(false),
        }),
        "now": now,
        "graduation": obj!({
            "complete": now_complete,
            "threshold": d.config.graduation_threshold,
            "reached": ph.graduated.map(|m| m.long_name()),
        }),
        "chart_svg": chart_svg,
        "chart_url": u(&format!("{from}chart.svg")),
        "chart_table": chart_table,
        "months": months,
        "history_rows": history_rows,
        "first": d.history.snapshots.len() == 1,
    });
    Ok(Page {
        template: "proposal.html",
        context: merge(
            d.common(
                &from,
                &format!("{id}: {}", ph.title),
                &format!("Adoption of {id} {} across implementations", ph.title),
            ),
            ctx,
        ),
        path: format!("{from}index.html"),
    })
}

type ImplementorChart = (String, Vec<Value>, Vec<Value>);

fn implementor_chart(d: &SiteData, ii: usize) -> Result<ImplementorChart, BuildError> {
    let ih = &d.stats.implementors[ii];
    let from = d.implementor_path(&ih.name);
    let u = |t: &str| d.urls.href(&from, t);
    let ranks = d.config.codes.terms.len();
    let month_names: Vec<String> = ih
        .snapshots
        .iter()
        .map(|&si| d.history.snapshots[si].month.short_name())
        .collect();
    // Proposals listed in any month the implementor appears in, in first-appearance order.
    let mut rows: Vec<Option<Vec<Option<usize>>>> = vec![None; d.stats.proposals.len()];
    for (mi, (&si, &row)) in ih.snapshots.iter().zip(&ih.rows).enumerate() {
        let index = &d.stats.snapshots[si];
        for (col, &pi) in index.cols.iter().enumerate() {
            let r = rows[pi].get_or_insert_with(|| vec![None; ih.snapshots.len()]);
            r[mi] = Some(index.rank(row, col));
        }
    }
    let strip_rows: Vec<charts::StripRow> = rows
        .iter()
        .enumerate()
        .filter_map(|(pi, r)| {
            r.as_ref().map(|cells| charts::StripRow {
                label: d.config.proposal_id(d.stats.proposals[pi].number),
                cells: cells
                    .iter()
                    .map(|c| c.map(|rank| (rank, d.code_of(rank))))
                    .collect(),
            })
        })
        .collect();
    let desc = format!(
        "Grid of {} by {} ({} to {}), each cell coloured and labelled with {}'s code.",
        plural(strip_rows.len(), "proposal", "proposals"),
        plural(month_names.len(), "month", "months"),
        month_names.first().cloned().unwrap_or_default(),
        month_names.last().cloned().unwrap_or_default(),
        ih.name
    );
    let svg = charts::strip(
        &format!("chart-{}", ih.slug),
        &format!("{}: codes by proposal and month", ih.name),
        &desc,
        &month_names,
        &strip_rows,
        ranks,
    )
    .map_err(|message| BuildError::Chart {
        subject: ih.name.clone(),
        message,
    })?;
    let months: Vec<Value> = ih
        .snapshots
        .iter()
        .map(|&si| {
            let s = &d.history.snapshots[si];
            obj!({ "name": s.month.short_name(), "url": u(&SiteData::month_path(s)) })
        })
        .collect();
    let table_rows: Vec<Value> = rows
        .into_iter()
        .enumerate()
        .filter_map(|(pi, r)| {
            let ph = &d.stats.proposals[pi];
            r.map(|cells| {
                obj!({
                    "id": d.config.proposal_id(ph.number),
                    "title": &ph.title,
                    "url": u(&d.proposal_path(ph.number)),
                    "cells_html": d.cells_html(cells.iter().map(|&c| (c, None))),
                })
            })
        })
        .collect();
    Ok((svg, months, table_rows))
}

fn implementor_page(d: &SiteData, ii: usize, chart: ImplementorChart) -> Page {
    let ih = &d.stats.implementors[ii];
    let from = d.implementor_path(&ih.name);
    let u = |t: &str| d.urls.href(&from, t);
    let (svg, months, rows) = chart;
    let last = ih.snapshots.last().map(|&si| &d.history.snapshots[si]);
    let complete = stats::complete_rank(d.config);
    let (mut n_complete, mut n_progress) = (0, 0);
    if let Some(s) = last
        && let Some(row) = s.implementor_index(&ih.name)
    {
        for c in &s.implementors[row].cells {
            let r = d.rank(c);
            if r == complete && !c.is_empty() {
                n_complete += 1;
            } else if r > 0 {
                n_progress += 1;
            }
        }
    }
    let ctx = obj!({
        "imp": obj!({ "name": &ih.name, "slug": &ih.slug }),
        "latest": last.map(|s| obj!({ "name": s.month.long_name(), "url": u(&SiteData::month_path(s)) })),
        "is_current": ih.snapshots.last().map(|&si| si + 1 == d.history.snapshots.len()).unwrap_or(false),
        "complete": n_complete,
        "in_progress": n_progress,
        "chart_svg": svg,
        "chart_url": u(&format!("{from}chart.svg")),
        "months": months,
        "rows": rows,
        "legend": d.legend(),
    });
    Page {
        template: "implementor.html",
        context: merge(
            d.common(
                &from,
                &ih.name,
                &format!("{}: adoption of proposals over time", ih.name),
            ),
            ctx,
        ),
        path: format!("{from}index.html"),
    }
}

fn changes_context(d: &SiteData, si: usize, df: &Diff) -> Value {
    let s = &d.history.snapshots[si];
    let from = format!("{}/changes/", s.month);
    let u = |t: &str| d.urls.href(&from, t);
    let title_of = |n: u32| {
        d.stats
            .proposal_index
            .get(&n)
            .map(|&i| d.stats.proposals[i].title.clone())
            .unwrap_or_default()
    };
    let change = |c: &crate::analyse::diff::CellChange| {
        obj!({
            "implementor": &c.implementor,
            "implementor_url": u(&d.implementor_path(&c.implementor)),
            "proposal_id": d.config.proposal_id(c.proposal),
            "proposal_url": u(&d.proposal_path(c.proposal)),
            "from": d.code_with_label(&c.from),
            "to": d.code_with_label(&c.to),
            "kind": kind_word(c.kind),
        })
    };
    // Group by proposal in the new table's order.
    let mut by_proposal = Vec::new();
    for p in &s.proposals {
        let items: Vec<Value> = df
            .cells
            .iter()
            .filter(|c| c.proposal == p.number)
            .map(change)
            .collect();
        let stage = df.stage_changes.iter().find(|c| c.proposal == p.number).map(|c| {
            obj!({ "from": value_label(&d.config.stages, &c.from), "to": value_label(&d.config.stages, &c.to) })
        });
        let compliance = df.compliance_changes.iter().find(|c| c.proposal == p.number).map(|c| {
            obj!({ "from": value_label(&d.config.compliance, &c.from), "to": value_label(&d.config.compliance, &c.to) })
        });
        if items.is_empty() && stage.is_none() && compliance.is_none() {
            continue;
        }
        by_proposal.push(obj!({
            "id": d.config.proposal_id(p.number),
            "title": &p.title,
            "url": u(&d.proposal_path(p.number)),
            "items": items,
            "stage": stage,
            "compliance": compliance,
        }));
    }
    let mut by_implementor = Vec::new();
    for imp in &s.implementors {
        let items: Vec<Value> = df
            .cells
            .iter()
            .filter(|c| c.implementor == imp.name)
            .map(change)
            .collect();
        if !items.is_empty() {
            by_implementor.push(obj!({ "name": &imp.name, "url": u(&d.implementor_path(&imp.name)), "items": items }));
        }
    }
    let plink = |n: u32| obj!({ "id": d.config.proposal_id(n), "title": title_of(n), "url": u(&d.proposal_path(n)) });
    let ilink = |n: &String| obj!({ "name": n, "url": u(&d.implementor_path(n)) });
    obj!({
        "month": obj!({ "name": s.month.long_name(), "url": u(&SiteData::month_path(s)) }),
        "from": obj!({ "name": df.from.long_name(), "url": d.history.get(df.from).map(|p| u(&SiteData::month_path(p))) }),
        "since": df.since(),
        "summary": df.summary(d.config),
        "advances": df.count(ChangeKind::Advance),
        "regressions": df.count(ChangeKind::Regression),
        "by_proposal": by_proposal,
        "by_implementor": by_implementor,
        "proposals_added": df.proposals_added.iter().map(|p| plink(p.number)).collect::<Vec<_>>(),
        "proposals_removed": df.proposals_removed.iter().map(|p| obj!({ "id": d.config.proposal_id(p.number), "title": &p.title, "url": u(&d.proposal_path(p.number)) })).collect::<Vec<_>>(),
        "implementors_added": df.implementors_added.iter().map(ilink).collect::<Vec<_>>(),
        "implementors_removed": df.implementors_removed.iter().map(ilink).collect::<Vec<_>>(),
        "empty": df.is_empty(),
    })
}

fn changes_page(d: &SiteData, si: usize, df: &Diff) -> Page {
    let s = &d.history.snapshots[si];
    let from = format!("{}/changes/", s.month);
    let title = format!("Changes in {}", s.month.long_name());
    Page {
        template: "changes.html",
        context: merge(
            d.common(&from, &title, &df.summary(d.config)),
            changes_context(d, si, df),
        ),
        path: format!("{from}index.html"),
    }
}

fn months_list(d: &SiteData, from: &str) -> Vec<Value> {
    let u = |t: &str| d.urls.href(from, t);
    d.history
        .snapshots
        .iter()
        .enumerate()
        .rev()
        .map(|(si, s)| {
            let df = d.diffs[si].as_ref();
            obj!({
                "name": s.month.long_name(),
                "code": s.month.to_string(),
                "url": u(&SiteData::month_path(s)),
                "summary": df.map(|df| df.summary(d.config)),
                "since": df.map(Diff::since),
                "changes_url": df.map(|_| u(&format!("{}/changes/", s.month))),
                "implementors": s.implementors.len(),
                "proposals": s.proposals.len(),
            })
        })
        .collect()
}

fn changes_index_page(d: &SiteData) -> Page {
    let from = "changes/";
    Page {
        template: "changes_index.html",
        context: merge(
            d.common(from, "All changes", "Month-over-month changes"),
            obj!({ "months": months_list(d, from) }),
        ),
        path: format!("{from}index.html"),
    }
}

fn proposal_summaries(d: &SiteData, from: &str) -> Vec<Value> {
    let u = |t: &str| d.urls.href(from, t);
    let complete = stats::complete_rank(d.config);
    d.stats
        .proposals
        .iter()
        .map(|ph| {
            let latest = ph.latest();
            let count = |pred: &dyn Fn(usize) -> bool| -> usize {
                latest.map(|m| m.counts.iter().enumerate().filter(|(r, _)| pred(*r)).map(|(_, c)| c).sum()).unwrap_or(0)
            };
            obj!({
                "id": d.config.proposal_id(ph.number),
                "title": &ph.title,
                "url": u(&d.proposal_path(ph.number)),
                "status": latest.map(|m| value_label(&d.config.stages, &m.status)).unwrap_or_default(),
                "complete": count(&|r| r == complete),
                "in_progress": count(&|r| r > 0 && r < complete),
                "reached": ph.graduated.map(|m| m.long_name()),
                "current": latest.map(|m| m.snapshot + 1 == d.history.snapshots.len()).unwrap_or(false),
            })
        })
        .collect()
}

fn implementor_summaries(d: &SiteData, from: &str) -> Vec<Value> {
    let u = |t: &str| d.urls.href(from, t);
    let latest = d.history.latest();
    let complete = stats::complete_rank(d.config);
    let mut v: Vec<(String, Value)> = d
        .stats
        .implementors
        .iter()
        .map(|ih| {
            let row = latest.and_then(|s| s.implementor_index(&ih.name).map(|r| &s.implementors[r]));
            let n = row.map(|r| r.cells.iter().filter(|c| !c.is_empty() && d.rank(c) == complete).count()).unwrap_or(0);
            (ih.name.to_lowercase(), obj!({ "name": &ih.name, "url": u(&d.implementor_path(&ih.name)), "complete": n, "current": row.is_some() }))
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.into_iter().map(|(_, v)| v).collect()
}

fn index_page(d: &SiteData, small_multiples: &str) -> Page {
    let from = "";
    let u = |t: &str| d.urls.href(from, t);
    let latest = d.history.latest();
    let complete = stats::complete_rank(d.config);
    let (mut n_complete, mut n_progress) = (0, 0);
    if let Some(s) = latest {
        for i in &s.implementors {
            for c in &i.cells {
                let r = d.rank(c);
                if !c.is_empty() && r == complete {
                    n_complete += 1;
                } else if r > 0 {
                    n_progress += 1;
                }
            }
        }
    }
    let latest_changes = latest.and_then(|s| {
        let si = d.history.snapshots.len() - 1;
        d.diffs[si].as_ref().map(|df| {
            let c = changes_context(d, si, df);
            merge(c, obj!({ "url": u(&format!("{}/changes/", s.month)) }))
        })
    });
    let proposals = proposal_summaries(d, from);
    // Ranked view for the table beside the small multiples.
    let mut ranked = proposals.clone();
    ranked.sort_by(|a, b| b["complete"].as_u64().cmp(&a["complete"].as_u64()));
    let ctx = obj!({
        "latest": latest.map(|s| obj!({ "name": s.month.long_name(), "url": u(&SiteData::month_path(s)), "title": &s.title, "csv": u(&format!("data/{}.csv", s.month)) })),
        "counts": obj!({
            "proposals": latest.map(|s| s.proposals.len()).unwrap_or(0),
            "implementors": latest.map(|s| s.implementors.len()).unwrap_or(0),
            "complete": n_complete,
            "in_progress": n_progress,
        }),
        "first": d.history.snapshots.len() == 1,
        "months": months_list(d, from),
        "proposals": proposals,
        "ranked": ranked,
        "implementors": implementor_summaries(d, from),
        "latest_changes": latest_changes,
        "chart_svg": small_multiples,
        "chart_url": u("charts/complete.svg"),
        "threshold": d.config.graduation_threshold,
    });
    Page {
        template: "index.html",
        context: merge(d.common(from, "Overview", &d.config.description), ctx),
        path: "index.html".into(),
    }
}

fn small_multiples_svg(d: &SiteData) -> Result<String, BuildError> {
    let complete = stats::complete_rank(d.config);
    let months = d.history.snapshots.len();
    let mut panels: Vec<(usize, charts::Panel)> = d
        .stats
        .proposals
        .iter()
        .map(|ph| {
            let mut counts = vec![None; months];
            for m in &ph.months {
                counts[m.snapshot] = Some(m.counts.get(complete).copied().unwrap_or(0));
            }
            let now = ph
                .months
                .last()
                .map(|m| m.counts.get(complete).copied().unwrap_or(0))
                .unwrap_or(0);
            (
                now,
                charts::Panel {
                    label: d.config.proposal_id(ph.number),
                    counts,
                },
            )
        })
        .collect();
    panels.sort_by_key(|p| std::cmp::Reverse(p.0));
    let panels: Vec<charts::Panel> = panels.into_iter().map(|(_, p)| p).collect();
    let desc = format!(
        "Small multiples, one per proposal, ranked by complete implementations now; each shows the count of complete implementations per month from {} to {}, with the graduation threshold of {} dashed.",
        d.history
            .snapshots
            .first()
            .map(|s| s.month.long_name())
            .unwrap_or_default(),
        d.history
            .latest()
            .map(|s| s.month.long_name())
            .unwrap_or_default(),
        d.config.graduation_threshold
    );
    charts::small_multiples(
        "chart-complete",
        "Complete implementations per proposal over time",
        &desc,
        &panels,
        months,
        d.config.graduation_threshold,
    )
    .map_err(|message| BuildError::Chart {
        subject: "the overview".into(),
        message,
    })
}

fn list_page(d: &SiteData, kind: &str) -> Page {
    let (from, title, items) = if kind == "proposals" {
        let from = format!("{}/", d.config.proposals.path);
        let items = proposal_summaries(d, &from);
        (from, format!("All {}s", d.config.proposals.label), items)
    } else {
        let from = "implementors/".to_string();
        let items = implementor_summaries(d, &from);
        (from, "All implementors".to_string(), items)
    };
    let ctx = obj!({ "kind": kind, "items": items, "threshold": d.config.graduation_threshold });
    Page {
        template: "list.html",
        context: merge(d.common(&from, &title, &title), ctx),
        path: format!("{from}index.html"),
    }
}

fn not_found_page(d: &SiteData) -> Page {
    let from = "404.html";
    Page {
        template: "404.html",
        context: d.common(from, "Page not found", "Page not found"),
        path: from.into(),
    }
}

fn render_page(theme: &Theme, p: &Page) -> Result<OutputFile, BuildError> {
    let fail = |e: &dyn std::error::Error| BuildError::Render {
        path: p.path.clone(),
        template: p.template.to_string(),
        message: error_chain(e),
    };
    let ctx = tera::Context::from_serialize(&p.context).map_err(|e| fail(&e))?;
    let html = theme.tera.render(p.template, &ctx).map_err(|e| fail(&e))?;
    let title = p.context["page"]["title"].as_str().unwrap_or_default();
    Ok(OutputFile {
        path: p.path.clone(),
        bytes: html.into_bytes(),
        source: format!("the {} page \"{title}\"", p.template),
    })
}

/// Renders every file of the site, in a fixed order.
pub fn render_site(
    config: &Config,
    history: &History,
    analysis: &Analysis,
    theme: &Theme,
    opts: &RenderOptions,
) -> Result<Vec<OutputFile>, BuildError> {
    let d = SiteData::new(config, history, analysis, &opts.base_url);
    let n_months = history.snapshots.len();
    // Work items in a fixed order; each yields one or more files.
    #[derive(Clone, Copy)]
    enum Job {
        Index,
        Month(usize),
        Changes(usize),
        ChangesIndex,
        Proposal(usize),
        Implementor(usize),
        List(&'static str),
        NotFound,
        Data,
    }
    let mut jobs = vec![
        Job::Data,
        Job::Index,
        Job::ChangesIndex,
        Job::List("proposals"),
        Job::List("implementors"),
        Job::NotFound,
    ];
    jobs.extend((0..n_months).map(Job::Month));
    jobs.extend((1..n_months).map(Job::Changes));
    jobs.extend((0..d.stats.proposals.len()).map(Job::Proposal));
    jobs.extend((0..d.stats.implementors.len()).map(Job::Implementor));
    let run = |job: &Job| -> Result<Vec<OutputFile>, BuildError> {
        match *job {
            Job::Index => {
                let svg = small_multiples_svg(&d)?;
                let page = render_page(theme, &index_page(&d, &svg))?;
                Ok(vec![
                    page,
                    OutputFile {
                        path: "charts/complete.svg".into(),
                        bytes: svg.into_bytes(),
                        source: "the index chart".into(),
                    },
                ])
            }
            Job::Month(si) => Ok(vec![
                render_page(theme, &month_page(&d, si))?,
                OutputFile {
                    path: format!("data/{}.csv", history.snapshots[si].month),
                    bytes: data::snapshot_csv(&history.snapshots[si]).into_bytes(),
                    source: format!("the CSV of {}", history.snapshots[si].source),
                },
            ]),
            Job::Changes(si) => match &d.diffs[si] {
                Some(df) => Ok(vec![render_page(theme, &changes_page(&d, si, df))?]),
                None => Ok(vec![]),
            },
            Job::ChangesIndex => Ok(vec![render_page(theme, &changes_index_page(&d))?]),
            Job::Proposal(pi) => {
                let page = proposal_page(&d, pi)?;
                let svg = page.context["chart_svg"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                let path = format!("{}chart.svg", d.proposal_path(d.stats.proposals[pi].number));
                Ok(vec![
                    render_page(theme, &page)?,
                    OutputFile {
                        path,
                        bytes: svg.into_bytes(),
                        source: format!(
                            "the chart of {}",
                            d.config.proposal_id(d.stats.proposals[pi].number)
                        ),
                    },
                ])
            }
            Job::Implementor(ii) => {
                let chart = implementor_chart(&d, ii)?;
                let svg = chart.0.clone();
                let page = implementor_page(&d, ii, chart);
                let path = format!(
                    "{}chart.svg",
                    d.implementor_path(&d.stats.implementors[ii].name)
                );
                Ok(vec![
                    render_page(theme, &page)?,
                    OutputFile {
                        path,
                        bytes: svg.into_bytes(),
                        source: format!(
                            "the chart of implementor \"{}\"",
                            d.stats.implementors[ii].name
                        ),
                    },
                ])
            }
            Job::List(kind) => Ok(vec![render_page(theme, &list_page(&d, kind))?]),
            Job::NotFound => Ok(vec![render_page(theme, &not_found_page(&d))?]),
            Job::Data => Ok(vec![
                OutputFile {
                    path: "data/history.json".into(),
                    bytes: data::history_json(history, config, false).into_bytes(),
                    source: "the history JSON".into(),
                },
                OutputFile {
                    path: "feed.xml".into(),
                    bytes: feed::atom(&d).into_bytes(),
                    source: "the Atom feed".into(),
                },
            ]),
        }
    };
    let results: Vec<Result<Vec<OutputFile>, BuildError>> = if opts.single_threaded {
        jobs.iter().map(run).collect()
    } else {
        jobs.par_iter().map(run).collect()
    };
    let mut files = Vec::new();
    for r in results {
        files.extend(r?);
    }
    // history.csv is the month CSVs (already rendered, in month order) without their headers.
    let mut csv = data::CSV_HEADER.as_bytes().to_vec();
    for f in files
        .iter()
        .filter(|f| f.path.starts_with("data/") && f.path.ends_with(".csv"))
    {
        csv.extend_from_slice(&f.bytes[data::CSV_HEADER.len().min(f.bytes.len())..]);
    }
    files.push(OutputFile {
        path: "data/history.csv".into(),
        bytes: csv,
        source: "the history CSV".into(),
    });
    let page_paths: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with("index.html"))
        .map(|f| f.path.trim_end_matches("index.html").to_string())
        .collect();
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: feed::sitemap(&d.urls, &page_paths).into_bytes(),
        source: "the sitemap".into(),
    });
    let robots = match d.urls.absolute("sitemap.xml") {
        Some(s) => format!("User-agent: *\nAllow: /\nSitemap: {s}\n"),
        None => "User-agent: *\nAllow: /\n".to_string(),
    };
    files.push(OutputFile {
        path: "robots.txt".into(),
        bytes: robots.into_bytes(),
        source: "robots.txt".into(),
    });
    files.push(OutputFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
        source: ".nojekyll".into(),
    });
    for (name, bytes) in &theme.static_files {
        files.push(OutputFile {
            path: format!("static/{name}"),
            bytes: bytes.clone(),
            source: format!("the theme's static file {name}"),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
