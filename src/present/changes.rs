//! The changes pages: one per month after the first (what changed since the previous snapshot,
//! grouped by proposal and by implementor) and the index of all months with their summaries.

use super::context::{Common, Link, Shared, SiteData, render_page};
use super::error::PresentError;
use super::theme::Theme;
use super::views::ChangesView;
use super::wording::{code_label, crossing, id_label, kind_word, since, summary};
use crate::analyse::diff::{CellChange, ChangeKind, Diff, ValueChange};
use crate::model::{ItemKey, Snapshot, TermId};
use crate::write::OutputFile;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct ChangesContext<'a> {
    month: Link,
    from: MaybeLink,
    since: String,
    summary: String,
    advances: usize,
    regressions: usize,
    /// Threshold crossings, first on the page.
    crossings: Vec<CrossingItem>,
    /// Every regression, listed before the groups.
    regression_list: Vec<Change<'a>>,
    #[serde(rename = "by_proposal")]
    by_item: Vec<ItemGroup<'a>>,
    by_implementor: Vec<ImplementorGroup<'a>>,
    #[serde(rename = "proposals_added")]
    items_added: Vec<ItemLink<'a>>,
    #[serde(rename = "proposals_removed")]
    items_removed: Vec<ItemLink<'a>>,
    implementors_added: Vec<NameLink<'a>>,
    implementors_removed: Vec<NameLink<'a>>,
    /// Rows whose evidence became outdated or current again.
    evidence_changes: Vec<EvidenceItem<'a>>,
    empty: bool,
}

/// A row whose evidence stopped or started counting: "evidence for v1.0, no longer a current
/// release: not counted".
#[derive(Serialize)]
struct EvidenceItem<'a> {
    name: &'a str,
    url: String,
    text: String,
    outdated: bool,
}

#[derive(Serialize)]
struct CrossingItem {
    text: String,
    url: String,
    direction: crate::analyse::graduation::Direction,
}

/// Regressions first, then other changes, then advances (stable within each).
fn kind_order(k: ChangeKind) -> u8 {
    match k {
        ChangeKind::Regression => 0,
        ChangeKind::Other => 1,
        ChangeKind::Advance => 2,
    }
}

/// The cell changes of `df` grouped by `key` in one pass, each group regressions first (stable
/// within each kind): looking each proposal's and each row's changes up by scanning every
/// change was quadratic on a month of many changes.
fn grouped<'a, K: std::hash::Hash + Eq + ?Sized>(
    df: &'a Diff,
    key: impl Fn(&'a CellChange) -> &'a K,
) -> HashMap<&'a K, Vec<&'a CellChange>> {
    let mut groups: HashMap<&K, Vec<&CellChange>> = HashMap::new();
    for c in &df.cells {
        groups.entry(key(c)).or_default().push(c);
    }
    for v in groups.values_mut() {
        v.sort_by_key(|c| kind_order(c.kind));
    }
    groups
}

/// The first value change of each proposal.
fn first_by_item<I: TermId>(changes: &[ValueChange<I>]) -> HashMap<&ItemKey, &ValueChange<I>> {
    let mut m = HashMap::with_capacity(changes.len());
    for c in changes {
        m.entry(&c.item).or_insert(c);
    }
    m
}

/// A value change in labels.
fn from_to<I: TermId>(v: &crate::config::Vocabulary, c: &ValueChange<I>) -> FromTo {
    FromTo {
        from: id_label(v, c.from),
        to: id_label(v, c.to),
    }
}

/// A month that may have no page (a diff's base month always has one, but themes check).
#[derive(Serialize)]
struct MaybeLink {
    name: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct Change<'a> {
    implementor: &'a str,
    implementor_url: String,
    #[serde(rename = "proposal_id")]
    item_id: String,
    #[serde(rename = "proposal_url")]
    item_url: String,
    from: CodeWithLabel<'a>,
    to: CodeWithLabel<'a>,
    /// The class of the change: advance, regression or other.
    kind: &'static str,
    /// What the change is called: its class, or for a version cell what happened to the
    /// version ("released", "minimum raised").
    kind_text: &'static str,
}

/// A code with its label, for lists of changes.
#[derive(Serialize)]
struct CodeWithLabel<'a> {
    /// The code, or for a version cell its value in words ("3.3.2 forthcoming").
    code: std::borrow::Cow<'a, str>,
    label: String,
    rank: usize,
    /// The cell class: `r<rank>`, or `na` for a not-applicable code.
    class: String,
}

#[derive(Serialize)]
struct FromTo {
    from: String,
    to: String,
}

#[derive(Serialize)]
struct ItemGroup<'a> {
    id: String,
    title: &'a str,
    url: String,
    items: Vec<Change<'a>>,
    stage: Option<FromTo>,
    compliance: Option<FromTo>,
    /// Attribute changes (a move to another section included): "Tier: Tier 2 → Tier 1".
    attributes: Vec<String>,
}

#[derive(Serialize)]
struct ImplementorGroup<'a> {
    name: &'a str,
    url: String,
    items: Vec<Change<'a>>,
}

#[derive(Serialize)]
struct ItemLink<'a> {
    id: String,
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct NameLink<'a> {
    name: &'a str,
    url: String,
}

/// A version cell's side of a change shows its version in words (blank stays blank).
fn version_code<'a>(
    mut c: CodeWithLabel<'a>,
    version: Option<&Option<crate::model::VersionValue>>,
) -> CodeWithLabel<'a> {
    if let Some(Some(v)) = version {
        c.code = super::version_words::value(Some(v)).into();
    }
    c
}

fn context<'a>(d: &Shared<'a>, s: &'a Snapshot, df: &'a Diff, from: &str) -> ChangesContext<'a> {
    let u = |t: &str| d.urls.href(from, t);
    let code = |c: &'a str, rank: usize| CodeWithLabel {
        code: c.into(),
        label: code_label(d.config, c),
        rank,
        class: super::context::code_class(d.config, rank),
    };
    let change = |c: &'a CellChange| Change {
        implementor: &c.implementor,
        implementor_url: u(&d.implementor_path(&c.implementor)),
        item_id: d.config.item_id(&c.item),
        item_url: u(&d.item_path(&c.item)),
        from: version_code(
            code(&c.from, c.ranks.0),
            c.version.as_ref().map(|v| &v.from),
        ),
        to: version_code(code(&c.to, c.ranks.1), c.version.as_ref().map(|v| &v.to)),
        kind: kind_word(c.kind),
        kind_text: c.version.as_ref().map_or(kind_word(c.kind), |v| {
            super::version_words::change_word(v.change)
        }),
    };
    // Group by proposal in the new table's order, and by implementor in its row order.
    let by_key = grouped(df, |c| &c.item);
    let by_name = grouped(df, |c| c.implementor.as_str());
    let mut attribute_changes: HashMap<&ItemKey, Vec<&crate::analyse::diff::AttributeChange>> =
        HashMap::new();
    for c in &df.attribute_changes {
        attribute_changes.entry(&c.item).or_default().push(c);
    }
    let stages = first_by_item(&df.stage_changes);
    let compliances = first_by_item(&df.compliance_changes);
    let mut by_item = Vec::new();
    for p in &s.items {
        let items: Vec<Change> = by_key
            .get(&p.key)
            .into_iter()
            .flatten()
            .map(|c| change(c))
            .collect();
        let stage = stages.get(&p.key).map(|c| from_to(&d.config.stages, c));
        let compliance = compliances
            .get(&p.key)
            .map(|c| from_to(&d.config.compliance, c));
        let attributes: Vec<String> = attribute_changes
            .get(&p.key)
            .into_iter()
            .flatten()
            .map(|c| {
                let v = |s: &str| {
                    if s.is_empty() {
                        "blank".to_string()
                    } else {
                        s.to_string()
                    }
                };
                format!("{}: {} → {}", c.attribute, v(&c.from), v(&c.to))
            })
            .collect();
        if items.is_empty() && stage.is_none() && compliance.is_none() && attributes.is_empty() {
            continue;
        }
        by_item.push(ItemGroup {
            id: d.config.item_id(&p.key),
            title: &p.title,
            url: u(&d.item_path(&p.key)),
            items,
            stage,
            compliance,
            attributes,
        });
    }
    let mut by_implementor = Vec::new();
    for imp in &s.implementors {
        let items: Vec<Change> = by_name
            .get(imp.name.as_str())
            .into_iter()
            .flatten()
            .map(|c| change(c))
            .collect();
        if !items.is_empty() {
            by_implementor.push(ImplementorGroup {
                name: &imp.name,
                url: u(&d.implementor_path(&imp.name)),
                items,
            });
        }
    }
    let added = |n: &ItemKey| ItemLink {
        id: d.config.item_id(n),
        title: d.item_title(n),
        url: u(&d.item_path(n)),
    };
    let name_link = |n: &'a String| NameLink {
        name: n,
        url: u(&d.implementor_path(n)),
    };
    ChangesContext {
        month: d.month_link(from, s),
        from: MaybeLink {
            name: df.from.long_name(),
            url: d
                .months()
                .contains(&df.from)
                .then(|| u(&format!("{}/", df.from))),
        },
        since: since(df),
        summary: summary(df, d.config, d.nouns),
        advances: df.count(ChangeKind::Advance),
        regressions: df.count(ChangeKind::Regression),
        crossings: df
            .threshold_crossings
            .iter()
            .map(|c| CrossingItem {
                text: crossing(c, d.config),
                url: u(&d.item_path(&c.item)),
                direction: c.direction,
            })
            .collect(),
        regression_list: df
            .cells
            .iter()
            .filter(|c| c.kind == ChangeKind::Regression)
            .map(change)
            .collect(),
        by_item,
        by_implementor,
        items_added: df.items_added.iter().map(|p| added(&p.number)).collect(),
        items_removed: df
            .items_removed
            .iter()
            .map(|p| ItemLink {
                id: d.config.item_id(&p.number),
                title: &p.title,
                url: u(&d.item_path(&p.number)),
            })
            .collect(),
        implementors_added: df.implementors_added.iter().map(name_link).collect(),
        implementors_removed: df.implementors_removed.iter().map(name_link).collect(),
        evidence_changes: df
            .evidence_changes
            .iter()
            .map(|e| EvidenceItem {
                name: &e.implementor,
                url: u(&d.implementor_path(&e.implementor)),
                text: super::wording::evidence_change(e),
                outdated: e.to == crate::model::Evidence::Outdated,
            })
            .collect(),
        empty: df.is_empty(),
    }
}

/// The changes page of a month (none for the first month): what it reads is its
/// [`ChangesView`] and the [`Shared`] data.
pub fn page(d: &Shared, v: &ChangesView, theme: &Theme) -> Result<Vec<OutputFile>, PresentError> {
    let Some(df) = v.diff else {
        return Ok(Vec::new());
    };
    let s = v.snapshot;
    let from = format!("{}/changes/", s.month);
    let ctx = context(d, s, df, &from);
    let common: Common = d.common(
        &from,
        format!("Changes in {}", s.month.long_name()),
        ctx.summary.clone(),
    );
    let page = render_page(
        theme,
        format!("{from}index.html"),
        "changes.html",
        &common,
        &ctx,
    )?;
    Ok(vec![page])
}

/// One month in the lists of months (the changes index and the overview).
#[derive(Serialize)]
pub struct MonthItem {
    name: String,
    code: String,
    url: String,
    summary: Option<String>,
    since: Option<String>,
    changes_url: Option<String>,
    implementors: usize,
    #[serde(rename = "proposals")]
    items: usize,
}

/// Every month, newest first, with its change summary, linked from the page at `from`.
pub fn months_list(d: &SiteData, from: &str) -> Vec<MonthItem> {
    let u = |t: &str| d.urls.href(from, t);
    d.history
        .snapshots
        .iter()
        .enumerate()
        .rev()
        .map(|(si, s)| {
            let df = d.diffs[si].as_ref();
            MonthItem {
                name: s.month.long_name(),
                code: s.month.to_string(),
                url: u(&SiteData::month_path(s)),
                summary: df.map(|df| summary(df, d.config, d.nouns)),
                since: df.map(since),
                changes_url: df.map(|_| u(&format!("{}/changes/", s.month))),
                implementors: s.implementors.len(),
                items: s.items.len(),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct IndexContext {
    months: Vec<MonthItem>,
}

/// The index of all months' changes.
pub fn index_page(d: &SiteData, theme: &Theme) -> Result<Vec<OutputFile>, PresentError> {
    let from = "changes/";
    let common = d.common(
        from,
        "All changes".into(),
        "Month-over-month changes".into(),
    );
    let ctx = IndexContext {
        months: months_list(d, from),
    };
    let page = render_page(
        theme,
        format!("{from}index.html"),
        "changes_index.html",
        &common,
        &ctx,
    )?;
    Ok(vec![page])
}

/// The latest month's changes as the overview shows them.
#[derive(Serialize)]
pub struct LatestChanges {
    since: String,
    summary: String,
    url: String,
}

/// The latest changes, linked from the page at `from`; `None` with fewer than two months.
pub fn latest(d: &SiteData, from: &str) -> Option<LatestChanges> {
    let s = d.history.latest()?;
    let df = d.diffs.last()?.as_ref()?;
    Some(LatestChanges {
        since: since(df),
        summary: summary(df, d.config, d.nouns),
        url: d.urls.href(from, &format!("{}/changes/", s.month)),
    })
}
