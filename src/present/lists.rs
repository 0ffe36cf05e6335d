//! The list pages (every proposal, every implementor) and the 404 page; the proposal and
//! implementor summaries they share with the overview.

use super::context::{NoContext, SiteData, render_page};
use super::error::PresentError;
use super::theme::Theme;
use super::wording::value_label;
use crate::analyse::stats::Progress;
use crate::write::OutputFile;
use serde::Serialize;

/// A proposal in a list: its stage, complete and in-progress counts now, and graduation.
#[derive(Serialize, Clone)]
pub struct ProposalSummary<'a> {
    pub id: String,
    pub title: &'a str,
    pub url: String,
    pub status: String,
    pub complete: usize,
    pub in_progress: usize,
    pub g: super::graduation::GraduationView,
    pub current: bool,
}

/// An implementor in a list: its complete count in the latest month.
#[derive(Serialize)]
pub struct ImplementorSummary<'a> {
    pub name: &'a str,
    pub url: String,
    pub complete: usize,
    pub current: bool,
}

/// Every proposal in order of first appearance, linked from the page at `from`.
pub fn proposal_summaries<'a>(d: &SiteData<'a>, from: &str) -> Vec<ProposalSummary<'a>> {
    let u = |t: &str| d.urls.href(from, t);
    let stats = d.stats;
    stats
        .proposals
        .iter()
        .enumerate()
        .map(|(pi, ph)| {
            let latest = ph.latest();
            let progress = latest.map(|m| m.progress(d.complete)).unwrap_or_default();
            ProposalSummary {
                id: d.config.proposal_id(ph.number),
                title: &ph.title,
                url: u(&d.proposal_path(ph.number)),
                status: latest
                    .map(|m| value_label(&d.config.stages, &m.status))
                    .unwrap_or_default(),
                complete: progress.complete,
                in_progress: progress.in_progress,
                g: super::graduation::view(&d.graduation[pi], d.config.graduation_threshold),
                current: latest
                    .map(|m| m.snapshot + 1 == d.history.snapshots.len())
                    .unwrap_or(false),
            }
        })
        .collect()
}

/// Every implementor by name (case-insensitive), linked from the page at `from`; complete
/// counts are for the latest month (0 for implementors no longer listed).
pub fn implementor_summaries<'a>(d: &SiteData<'a>, from: &str) -> Vec<ImplementorSummary<'a>> {
    let u = |t: &str| d.urls.href(from, t);
    let stats = d.stats;
    let last = stats.snapshots.len().checked_sub(1);
    let mut v: Vec<(String, ImplementorSummary)> = stats
        .implementors
        .iter()
        .map(|ih| {
            let row = match (ih.snapshots.last(), ih.rows.last()) {
                (Some(&si), Some(&row)) if Some(si) == last => Some((si, row)),
                _ => None,
            };
            let complete = row
                .map(|(si, row)| {
                    let index = &stats.snapshots[si];
                    Progress::of_ranks(
                        (0..index.cols.len()).map(|col| index.rank(row, col)),
                        d.complete,
                    )
                    .complete
                })
                .unwrap_or(0);
            (
                ih.name.to_lowercase(),
                ImplementorSummary {
                    name: &ih.name,
                    url: u(&d.implementor_path(&ih.name)),
                    complete,
                    current: row.is_some(),
                },
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.into_iter().map(|(_, v)| v).collect()
}

#[derive(Serialize)]
struct ListContext<T: Serialize> {
    kind: &'static str,
    items: Vec<T>,
    threshold: usize,
}

/// The list of every proposal.
pub fn proposals_page(d: &SiteData, theme: &Theme) -> Result<Vec<OutputFile>, PresentError> {
    let from = format!("{}/", d.config.proposals.path);
    let title = format!("All {}s", d.config.proposals.label);
    let ctx = ListContext {
        kind: "proposals",
        items: proposal_summaries(d, &from),
        threshold: d.config.graduation_threshold,
    };
    let common = d.common(&from, title.clone(), title);
    let page = render_page(
        theme,
        format!("{from}index.html"),
        "list.html",
        &common,
        &ctx,
    )?;
    Ok(vec![page])
}

/// The list of every implementor.
pub fn implementors_page(d: &SiteData, theme: &Theme) -> Result<Vec<OutputFile>, PresentError> {
    let from = "implementors/";
    let title = "All implementors".to_string();
    let ctx = ListContext {
        kind: "implementors",
        items: implementor_summaries(d, from),
        threshold: d.config.graduation_threshold,
    };
    let common = d.common(from, title.clone(), title);
    let page = render_page(
        theme,
        format!("{from}index.html"),
        "list.html",
        &common,
        &ctx,
    )?;
    Ok(vec![page])
}

/// The 404 page.
pub fn not_found_page(d: &SiteData, theme: &Theme) -> Result<Vec<OutputFile>, PresentError> {
    let from = "404.html";
    let common = d.common(from, "Page not found".into(), "Page not found".into());
    let page = render_page(theme, from.into(), "404.html", &common, &NoContext {})?;
    Ok(vec![page])
}
