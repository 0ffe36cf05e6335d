//! Diffs between two snapshots: proposals and implementors added or removed (by identity, after
//! aliases), stage and compliance changes, and every cell change classified as an advance (up the
//! progress order), a regression (down it) or other (to or from a code outside the order: a
//! `progress: false` or not-applicable code; or a row whose evidence is for a release that is
//! not current in either snapshot). Data only: the words for a diff are in
//! [`crate::present::wording`].

use super::graduation::{Direction, StageClass, crossing, stage_class};
use crate::config::Config;
use crate::model::{
    Cell, ComplianceId, Evidence, ItemKey, Month, Rank, Snapshot, StageId, TermId, VersionChange,
    VersionValue,
};
use serde::Serialize;
use std::collections::HashMap;

/// A proposal whose complete count crossed the graduation threshold between the two snapshots.
/// Only proposals in an assessed stage (see [`super::graduation`]) in the newer snapshot cross.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Crossing {
    #[serde(rename = "proposal")]
    pub item: ItemKey,
    pub direction: Direction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Advance,
    Regression,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellChange {
    pub implementor: String,
    #[serde(rename = "proposal")]
    pub item: ItemKey,
    pub from: String,
    pub to: String,
    pub kind: ChangeKind,
    /// Ranks of `from` and `to` (see [`crate::config::CodeRanks`]), resolved once here (0 for
    /// blank or a code outside the vocabulary); not part of the diff's JSON.
    #[serde(skip)]
    pub ranks: (usize, usize),
    /// With `versions:`, how the cell's version changed (then `kind` is "other": a version
    /// change is never an advance or a regression by code rank); absent from the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<VersionDelta>,
}

/// A change of a version cell: what happened and the two values (`null` where blank or a
/// code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionDelta {
    pub change: VersionChange,
    pub from: Option<VersionValue>,
    pub to: Option<VersionValue>,
}

/// A row whose evidence stopped or started counting between the two snapshots (its release, or
/// the snapshot's `current_releases`, changed), with or without a cell change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceChange {
    pub implementor: String,
    /// Its release in the newer snapshot ("" when blank).
    pub release: String,
    /// Its evidence in the newer snapshot.
    pub to: Evidence,
}

/// An item's stage or compliance value that changed: ids into the vocabulary
/// ([`StageId`], [`ComplianceId`]). Serialised with the ids' positions; the diff's JSON
/// (`present::diffs::json`) writes the codes in their place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueChange<I: TermId> {
    #[serde(rename = "proposal")]
    pub item: ItemKey,
    #[serde(serialize_with = "position")]
    pub from: I,
    #[serde(serialize_with = "position")]
    pub to: I,
}

fn position<I: TermId, S: serde::Serializer>(id: &I, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_some(&id.index())
}

/// An item whose attribute changed: a value of an attribute column (`matrix:
/// attribute_columns:`), or its section when sections are no part of identity (`sections: {
/// identity: false }`, the attribute named by the section's `label`). Always "other": neither
/// an advance nor a regression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeChange {
    #[serde(rename = "proposal")]
    pub item: ItemKey,
    pub attribute: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRef {
    pub number: ItemKey,
    pub title: String,
}

/// Everything that changed from one snapshot to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub from: Month,
    pub to: Month,
    #[serde(rename = "proposals_added")]
    pub items_added: Vec<ItemRef>,
    #[serde(rename = "proposals_removed")]
    pub items_removed: Vec<ItemRef>,
    /// Stage changes (ids into `stages:`; the diff's JSON writes their codes).
    pub stage_changes: Vec<ValueChange<StageId>>,
    /// Compliance changes (ids into `compliance:`; the JSON writes their codes).
    pub compliance_changes: Vec<ValueChange<ComplianceId>>,
    pub implementors_added: Vec<String>,
    pub implementors_removed: Vec<String>,
    pub cells: Vec<CellChange>,
    /// Proposals that reached or fell below the graduation threshold, in `b`'s table order.
    pub threshold_crossings: Vec<Crossing>,
    /// Rows whose evidence became outdated or current again, in `b`'s table order (absent
    /// from the JSON when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_changes: Vec<EvidenceChange>,
    /// Items whose attribute or section (when no part of identity) changed, in `b`'s table
    /// order (absent from the JSON when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attribute_changes: Vec<AttributeChange>,
    /// Months between the two that have a snapshot the comparison passes over (`diff 2024-03
    /// 2024-05` when April is on record); set by the caller, which knows the history.
    #[serde(skip)]
    pub skipped: Vec<Month>,
}

impl Diff {
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.cells.iter().filter(|c| c.kind == kind).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items_added.is_empty()
            && self.items_removed.is_empty()
            && self.stage_changes.is_empty()
            && self.compliance_changes.is_empty()
            && self.implementors_added.is_empty()
            && self.implementors_removed.is_empty()
            && self.cells.is_empty()
            && self.evidence_changes.is_empty()
            && self.attribute_changes.is_empty()
    }

    /// The months between the two that have no snapshot.
    pub fn missing_months(&self) -> Vec<Month> {
        let mut out = Vec::new();
        let mut m = self.from.next();
        while m < self.to {
            if !self.skipped.contains(&m) {
                out.push(m);
            }
            m = m.next();
        }
        out
    }
}

/// Classifies a cell change by the progress order: up it is an advance, down it a regression;
/// a change to or from a code outside it is other.
pub fn classify(config: &Config, from: &str, to: &str) -> ChangeKind {
    let progress = |code: &str| {
        config
            .code_rank(code)
            .map(Rank::index)
            .filter(|&r| config.ranks.is_progress(r))
    };
    match (progress(from), progress(to)) {
        (Some(a), Some(b)) if b > a => ChangeKind::Advance,
        (Some(a), Some(b)) if b < a => ChangeKind::Regression,
        _ => ChangeKind::Other,
    }
}

/// One snapshot's columns and rows by identity (the first of equal ones, as a scan finds it),
/// built once per diff: a diff that scanned a snapshot for every name took minutes on two
/// 80,000-row months.
struct Lookup<'a> {
    items: HashMap<&'a ItemKey, usize>,
    implementors: HashMap<&'a str, usize>,
}

impl<'a> Lookup<'a> {
    fn of(s: &'a Snapshot) -> Lookup<'a> {
        let mut items = HashMap::with_capacity(s.items.len());
        for (i, p) in s.items.iter().enumerate() {
            items.entry(&p.key).or_insert(i);
        }
        let mut implementors = HashMap::with_capacity(s.implementors.len());
        for (i, imp) in s.implementors.iter().enumerate() {
            implementors.entry(imp.name.as_str()).or_insert(i);
        }
        Lookup {
            items,
            implementors,
        }
    }

    fn item(&self, key: &ItemKey) -> Option<usize> {
        self.items.get(key).copied()
    }

    fn implementor(&self, name: &str) -> Option<usize> {
        self.implementors.get(name).copied()
    }
}

/// The diff from `a` to `b`. Order follows `b`'s table (removed items follow `a`'s).
pub fn diff(a: &Snapshot, b: &Snapshot, config: &Config) -> Diff {
    let (la, lb) = (Lookup::of(a), Lookup::of(b));
    let pref = |p: &crate::model::Item| ItemRef {
        number: p.key.clone(),
        title: p.title.clone(),
    };
    // Column map once: b's column -> a's column; and row map: b's row -> a's row.
    let cols: Vec<Option<usize>> = b.items.iter().map(|p| la.item(&p.key)).collect();
    let rows: Vec<Option<usize>> = b
        .implementors
        .iter()
        .map(|i| la.implementor(&i.name))
        .collect();
    let items_added = b
        .items
        .iter()
        .zip(&cols)
        .filter(|(_, ai)| ai.is_none())
        .map(|(p, _)| pref(p))
        .collect();
    let items_removed = a
        .items
        .iter()
        .filter(|p| lb.item(&p.key).is_none())
        .map(pref)
        .collect();
    let mut stage_changes = Vec::new();
    let mut compliance_changes = Vec::new();
    let mut attribute_changes = Vec::new();
    let moves = !config.matrix.sections.identity();
    for (p, ai) in b.items.iter().zip(&cols) {
        if let Some(i) = *ai {
            let q = &a.items[i];
            if moves && q.section != p.section {
                attribute_changes.push(AttributeChange {
                    item: p.key.clone(),
                    attribute: config.matrix.sections.label().to_string(),
                    from: q.section.clone(),
                    to: p.section.clone(),
                });
            }
            for (name, to) in &p.attributes {
                let from = q
                    .attributes
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or("", |(_, v)| v.as_str());
                if from != to {
                    attribute_changes.push(AttributeChange {
                        item: p.key.clone(),
                        attribute: name.clone(),
                        from: from.to_string(),
                        to: to.clone(),
                    });
                }
            }
            if q.status != p.status {
                stage_changes.push(ValueChange {
                    item: p.key.clone(),
                    from: q.status,
                    to: p.status,
                });
            }
            if q.compliance != p.compliance {
                compliance_changes.push(ValueChange {
                    item: p.key.clone(),
                    from: q.compliance,
                    to: p.compliance,
                });
            }
        }
    }
    let implementors_added = b
        .implementors
        .iter()
        .zip(&rows)
        .filter(|(_, ai)| ai.is_none())
        .map(|(i, _)| i.name.clone())
        .collect();
    let implementors_removed = a
        .implementors
        .iter()
        .filter(|i| lb.implementor(&i.name).is_none())
        .map(|i| i.name.clone())
        .collect();
    // Outdated rows (for a release that is not current) count toward no threshold: the one
    // predicate says so.
    let complete = |s: &Snapshot, col: usize| {
        s.implementors
            .iter()
            .filter(|i| super::stats::counts_as_complete(config, i, col))
            .count()
    };
    let threshold_crossings = b
        .items
        .iter()
        .enumerate()
        .filter(|(_, p)| stage_class(config, p.status) != StageClass::NotAssessed)
        .filter_map(|(bi, p)| {
            let ai = cols[bi]?;
            crossing(
                complete(a, ai),
                complete(b, bi),
                config.graduation_threshold,
            )
            .map(|direction| Crossing {
                item: p.key.clone(),
                direction,
            })
        })
        .collect();
    let mut cells = Vec::new();
    for (imp, ai) in b.implementors.iter().zip(&rows) {
        let Some(ai) = *ai else {
            continue;
        };
        let old = &a.implementors[ai];
        for (bi, col) in cols.iter().enumerate() {
            let Some(col) = col else { continue };
            let blank = Cell::default();
            let from = old.cells.get(*col).unwrap_or(&blank);
            let to = imp.cells.get(bi).unwrap_or(&blank);
            let ranks = (from.rank.index(), to.rank.index());
            // A cell the implementor has no column for on either side (its section's table
            // gained or lost the column) is not a change of the cell.
            let absent = Rank::ABSENT.index();
            let version =
                VersionChange::between(from.version(), to.version()).map(|change| VersionDelta {
                    change,
                    from: from.version().cloned(),
                    to: to.version().cloned(),
                });
            if (from.code != to.code || version.is_some()) && ranks.0 != absent && ranks.1 != absent
            {
                cells.push(CellChange {
                    implementor: imp.name.clone(),
                    item: b.items[bi].key.clone(),
                    from: from.code.clone(),
                    to: to.code.clone(),
                    // A row outdated in either month is neither an advance nor a regression.
                    kind: if version.is_none() && old.counts() && imp.counts() {
                        classify(config, &from.code, &to.code)
                    } else {
                        ChangeKind::Other
                    },
                    ranks,
                    version,
                });
            }
        }
    }
    let release = config.implementors.release_index();
    let evidence_changes = b
        .implementors
        .iter()
        .zip(&rows)
        .filter(|(imp, ai)| ai.is_some_and(|ai| a.implementors[ai].evidence != imp.evidence))
        .map(|(imp, _)| EvidenceChange {
            implementor: imp.name.clone(),
            release: release.map_or("", |r| imp.attribute(r).trim()).to_string(),
            to: imp.evidence,
        })
        .collect();
    Diff {
        from: a.month,
        to: b.month,
        items_added,
        items_removed,
        stage_changes,
        compliance_changes,
        implementors_added,
        implementors_removed,
        cells,
        threshold_crossings,
        evidence_changes,
        attribute_changes,
        skipped: Vec::new(),
    }
}
