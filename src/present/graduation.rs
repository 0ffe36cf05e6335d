//! Graduation: the `/graduation/` page (proposals grouped by state: ready to graduate, graduated
//! without the evidence, below the threshold, graduated, not assessed; each with when it reached
//! its stage and the implementations counted complete, linked to their evidence) and
//! `/data/graduation.json` with the same data. The per-proposal summary here is shared with the
//! lists, the overview and the proposal pages.

use super::context::{Shared, SiteData, render_page};
use super::error::PresentError;
use super::theme::Theme;
use super::wording::{complete_of, graduation_when, id_label, stage_since, state_heading};
use crate::analyse::graduation::{Evidence, Graduation, Reached, State};
use crate::analyse::stats::ItemHistory;
use crate::write::OutputFile;
use serde::Serialize;

/// A proposal's graduation in words, for any page.
#[derive(Serialize, Clone)]
pub struct GraduationView {
    pub state: State,
    pub state_label: &'static str,
    pub complete: usize,
    pub threshold: usize,
    /// "5 complete · threshold 3".
    pub complete_text: String,
    /// "reached in February 2024", "fell below in April 2024", "became Standard in September
    /// 2025 with 0 complete; reached the threshold in February 2026", … (empty when not
    /// assessed).
    pub when: String,
    pub meets: bool,
    /// "since September 2025, 0 complete then": when it reached its latest stage.
    pub stage_since: String,
    /// The month the complete count and `evidence` are of ("August 2026").
    pub month: String,
    /// The implementations counted complete that month, in table order.
    pub evidence: Vec<EvidenceLink>,
}

/// An implementation counted complete, linked to the evidence of its cell when it has one.
#[derive(Serialize, Clone)]
pub struct EvidenceLink {
    pub name: String,
    /// An http(s) or relative URL (escaped by the template); `None` without evidence.
    pub url: Option<String>,
}

/// The evidence links a page may show: http(s) or relative URLs only (the parser admits only
/// http(s) ones; anything else is dropped here as well).
fn evidence_links(evidence: &[Evidence]) -> Vec<EvidenceLink> {
    evidence
        .iter()
        .map(|e| EvidenceLink {
            name: e.implementor.clone(),
            url: e.link.clone().filter(|l| crate::config::vet_url(l).is_ok()),
        })
        .collect()
}

/// Proposal `pi`'s graduation in words (`graduation_threshold: null`: `threshold` 0, nothing
/// meets it, no wording of the threshold).
pub fn view(d: &Shared, g: &Graduation, ph: &ItemHistory) -> GraduationView {
    let threshold = d.config.graduation_threshold;
    let first = ph.months.first().map(|m| m.month);
    let stage = ph
        .latest()
        .map(|m| id_label(&d.config.stages, m.status))
        .unwrap_or_default();
    GraduationView {
        state: g.state,
        state_label: state_heading(g.state),
        complete: g.complete,
        threshold: threshold.unwrap_or(0),
        complete_text: complete_of(g.complete, threshold),
        when: first.map_or_else(String::new, |f| graduation_when(g, &stage, f)),
        meets: threshold.is_some_and(|t| g.complete >= t),
        stage_since: first.map_or_else(String::new, |f| stage_since(g, f)),
        month: ph.latest().map(|m| m.month.long_name()).unwrap_or_default(),
        evidence: evidence_links(&g.evidence),
    }
}

/// The groups in page order: what a maintainer acts on first.
const ORDER: [State; 5] = [
    State::Ready,
    State::GraduatedWithoutEvidence,
    State::Below,
    State::Graduated,
    State::NotAssessed,
];

#[derive(Serialize)]
struct GraduationContext<'a> {
    threshold: usize,
    groups: Vec<Group<'a>>,
    json_url: String,
}

#[derive(Serialize)]
struct Group<'a> {
    state: State,
    heading: &'static str,
    items: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    id: String,
    title: &'a str,
    url: String,
    stage: String,
    g: GraduationView,
}

/// The graduation page and its JSON.
pub fn page(d: &SiteData, theme: &Theme) -> Result<Vec<OutputFile>, PresentError> {
    let from = "graduation/";
    let Some(threshold) = d.config.graduation_threshold else {
        return Ok(Vec::new());
    };
    let groups = ORDER
        .iter()
        .map(|&state| Group {
            state,
            heading: state_heading(state),
            items: d
                .stats
                .items
                .iter()
                .enumerate()
                .filter(|&(pi, _)| d.graduation[pi].state == state)
                .map(|(pi, ph)| Entry {
                    id: d.config.item_id(&ph.key),
                    title: &ph.title,
                    url: d.urls.href(from, &d.item_path(&ph.key)),
                    stage: ph
                        .latest()
                        .map(|m| id_label(&d.config.stages, m.status))
                        .unwrap_or_default(),
                    g: view(d, &d.graduation[pi], &d.stats.items[pi]),
                })
                .collect(),
        })
        .collect();
    let ctx = GraduationContext {
        threshold,
        groups,
        json_url: d.urls.href(from, "data/graduation.json"),
    };
    let title = "Graduation".to_string();
    let common = d.common(
        from,
        title,
        format!(
            "Which {} are ready to graduate, graduated, or lack the {threshold} complete implementations",
            d.labels.item_many
        ),
    );
    let html = render_page(
        theme,
        format!("{from}index.html"),
        "graduation.html",
        &common,
        &ctx,
    )?;
    Ok(vec![
        html,
        OutputFile {
            path: "data/graduation.json".into(),
            bytes: json(d).into_bytes(),
            source: "the graduation JSON".into(),
        },
    ])
}

#[derive(Serialize)]
struct JsonDoc {
    threshold: usize,
    #[serde(rename = "proposals")]
    items: Vec<JsonItem>,
}

#[derive(Serialize)]
struct JsonItem {
    number: crate::model::ItemKey,
    id: String,
    stage: String,
    /// "2025-09", "before_first_snapshot" or null: when it reached `stage`.
    stage_reached: Option<String>,
    /// Its complete count in that month.
    complete_at_stage: usize,
    /// The latest month it is listed in: `complete` and `implementations` are of that month.
    month: Option<String>,
    complete: usize,
    state: State,
    /// "2024-02", "before_first_snapshot" or null.
    reached: Option<String>,
    dropped: Option<String>,
    /// The implementations counted complete, in table order, with their evidence.
    implementations: Vec<JsonEvidence>,
}

#[derive(Serialize)]
struct JsonEvidence {
    name: String,
    /// The cell's evidence link (http(s)), or null.
    evidence: Option<String>,
}

fn reached_code(r: Reached) -> String {
    match r {
        Reached::Month(m) => m.to_string(),
        Reached::BeforeFirstSnapshot => "before_first_snapshot".into(),
    }
}

/// `/data/graduation.json`: the threshold and every proposal's graduation, in order of first
/// appearance; newline-terminated.
pub fn json(d: &SiteData) -> String {
    let doc = JsonDoc {
        threshold: d.config.graduation_threshold.unwrap_or(0),
        items: d
            .stats
            .items
            .iter()
            .zip(d.graduation)
            .map(|(ph, g)| JsonItem {
                number: ph.key.clone(),
                id: d.config.item_id(&ph.key),
                stage: ph
                    .latest()
                    .map(|m| d.config.stages.code_of(m.status).to_string())
                    .unwrap_or_default(),
                stage_reached: g.stage_reached.map(reached_code),
                complete_at_stage: g.complete_at_stage,
                month: ph.latest().map(|m| m.month.to_string()),
                complete: g.complete,
                state: g.state,
                reached: g.reached.map(reached_code),
                dropped: g.dropped.map(|m| m.to_string()),
                implementations: evidence_links(&g.evidence)
                    .into_iter()
                    .map(|e| JsonEvidence {
                        name: e.name,
                        evidence: e.url,
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string(&doc).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_links_keep_only_http_and_relative_urls() {
        let e = |link: &str| Evidence {
            implementor: "Istio".into(),
            link: Some(link.into()),
        };
        let urls: Vec<Option<String>> = evidence_links(&[
            e("https://example.com/r.yaml?a=1&b=2"),
            e("reports/istio.yaml"),
            e("javascript:alert(1)"),
            e("data:text/html,x"),
        ])
        .into_iter()
        .map(|l| l.url)
        .collect();
        assert_eq!(
            urls,
            [
                Some("https://example.com/r.yaml?a=1&b=2".into()),
                Some("reports/istio.yaml".into()),
                None,
                None
            ]
        );
    }
}
