//! Graduation: the `/graduation/` page (proposals grouped by state: ready to graduate, graduated
//! without the evidence, below the threshold, graduated, not assessed) and `/data/graduation.json`
//! with the same data. The per-proposal summary here is shared with the lists, the overview and
//! the proposal pages.

use super::context::{SiteData, render_page};
use super::error::PresentError;
use super::theme::Theme;
use super::wording::{complete_of, graduation_when, state_heading, value_label};
use crate::analyse::graduation::{Graduation, Reached, State};
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
    /// "reached in February 2024", "fell below in April 2024", … (empty when not assessed).
    pub when: String,
    pub meets: bool,
}

/// `threshold` `None`: the site has no graduation (`threshold` 0, nothing meets it).
pub fn view(g: &Graduation, threshold: Option<usize>) -> GraduationView {
    GraduationView {
        state: g.state,
        state_label: state_heading(g.state),
        complete: g.complete,
        threshold: threshold.unwrap_or(0),
        complete_text: complete_of(g.complete, threshold),
        when: graduation_when(g),
        meets: threshold.is_some_and(|t| g.complete >= t),
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
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
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
                .proposals
                .iter()
                .zip(d.graduation)
                .filter(|(_, g)| g.state == state)
                .map(|(ph, g)| Item {
                    id: d.config.proposal_id(&ph.key),
                    title: &ph.title,
                    url: d.urls.href(from, &d.proposal_path(&ph.key)),
                    stage: ph
                        .latest()
                        .map(|m| value_label(&d.config.stages, &m.status))
                        .unwrap_or_default(),
                    g: view(g, Some(threshold)),
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
            "Which {}s are ready to graduate, graduated, or lack the {threshold} complete implementations",
            d.config.proposals.label
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
    proposals: Vec<JsonProposal>,
}

#[derive(Serialize)]
struct JsonProposal {
    number: crate::model::ItemKey,
    id: String,
    stage: String,
    complete: usize,
    state: State,
    /// "2024-02", "before_first_snapshot" or null.
    reached: Option<String>,
    dropped: Option<String>,
}

/// `/data/graduation.json`: the threshold and every proposal's graduation, in order of first
/// appearance; newline-terminated.
pub fn json(d: &SiteData) -> String {
    let doc = JsonDoc {
        threshold: d.config.graduation_threshold.unwrap_or(0),
        proposals: d
            .stats
            .proposals
            .iter()
            .zip(d.graduation)
            .map(|(ph, g)| JsonProposal {
                number: ph.key.clone(),
                id: d.config.proposal_id(&ph.key),
                stage: ph.latest().map(|m| m.status.clone()).unwrap_or_default(),
                complete: g.complete,
                state: g.state,
                reached: g.reached.map(|r| match r {
                    Reached::Month(m) => m.to_string(),
                    Reached::BeforeFirstSnapshot => "before_first_snapshot".into(),
                }),
                dropped: g.dropped.map(|m| m.to_string()),
            })
            .collect(),
    };
    let mut out = serde_json::to_string(&doc).unwrap_or_default();
    out.push('\n');
    out
}
