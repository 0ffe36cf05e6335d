//! Why an incremental rebuild is the same, byte for byte, as a full one: the one place that says
//! what a page can depend on and how a change to it is found.
//!
//! A page is a function of (1) the configuration, the theme (every file under `themes/`) and
//! the base URL, (2) the site's [`Structure`] and (3) what its job reads of the history and
//! analysis: for a per-item page (a month, its changes, a proposal, an implementor) its typed
//! view (`present/views.rs`), for a site-wide page everything, for the 404 page nothing. An
//! incremental render re-runs a job when any of these changed and reuses its previous files
//! otherwise:
//!
//! 1. the configuration, theme files and base URL are compared whole (`pipeline/incremental.rs`);
//!    a change re-renders every job (a changed configuration also parses every file again);
//! 2. the [`Structure`] is compared whole; a change re-renders every job. It holds what every
//!    page reads beyond (1), through `present::context::Shared`: the month list (the header
//!    links the latest month, pages link months), per proposal a [`ProposalPlace`] (key, latest
//!    title, section and group: pages link and name proposals by them), per implementor an
//!    [`ImplementorName`] (name and slug: pages link implementors by them), and whether any
//!    item has a stage or compliance value (what every page's header says). A month added,
//!    removed or renamed, a proposal or implementor that appears or disappears, a new latest
//!    title, section, group or slug all change it;
//! 3. with equal structures the two histories have the same months, proposals and implementors
//!    at the same indexes, so the two job lists are the same. The previous render's history and
//!    analysis are kept; a per-item job builds its view of both and runs again when the two
//!    differ (`PartialEq`, derived over everything the view holds). Its page function takes
//!    the view and `Shared`, not the whole history, so the type system, not a list, decides
//!    what it can read; and the comparison is derived from the view's own fields, so no key can
//!    leave out something the page reads. The site-wide jobs run again when the history or
//!    analysis differ anywhere.
//!
//! What an edit can reach, for orientation (the comparison in 3. does not rely on it): a
//! snapshot edited in month k reaches its own snapshot index and the diffs k (against k-1) and
//! k+1 (against k); the `since` runs of the indexes of months after k; the history, counts and
//! graduation of the proposals in its columns and the histories of the implementors in its rows
//! (only where a cell or a stage changed).
//!
//! `tests/it/incremental_props.rs` applies random edits and checks every incremental render
//! against a full one; `tests/it/incremental.rs` walks a fixed sequence.

use super::Analysis;
use crate::model::{History, ItemKey, Month};

/// What every page reads of the history (see the module documentation). With equal
/// structures, two histories have the same months, proposals and implementors at the same
/// indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    months: Vec<Month>,
    items: Vec<ItemPlace>,
    implementors: Vec<ImplementorName>,
    /// Whether some item has a stage or compliance value in some month.
    has_values: bool,
}

/// How every page names and links a proposal: its key, its latest title, and the section and
/// group it is in in the latest month it is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemPlace {
    pub key: ItemKey,
    pub title: String,
    pub section: String,
    pub group: String,
    /// Its item attributes in the latest month it is listed.
    pub attributes: Vec<(String, String)>,
}

/// How every page names and links an implementor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImplementorName {
    pub name: String,
    pub slug: String,
}

impl Structure {
    /// The month list.
    pub fn months(&self) -> &[Month] {
        &self.months
    }

    /// Each proposal's key, latest title, section and group, in the statistics' order.
    pub fn items(&self) -> &[ItemPlace] {
        &self.items
    }

    /// Each implementor's name and slug, in the statistics' order.
    pub fn implementors(&self) -> &[ImplementorName] {
        &self.implementors
    }

    /// Whether some item has a stage or compliance value in some month.
    pub fn has_values(&self) -> bool {
        self.has_values
    }

    pub fn of(history: &History, analysis: &Analysis) -> Structure {
        Structure {
            months: history.snapshots.iter().map(|s| s.month).collect(),
            items: analysis
                .stats
                .items
                .iter()
                .map(|p| {
                    let latest = p
                        .latest()
                        .and_then(|m| history.snapshots.get(m.snapshot)?.items.get(m.column));
                    ItemPlace {
                        key: p.key.clone(),
                        title: p.title.clone(),
                        section: latest.map_or_else(String::new, |i| i.section.clone()),
                        group: latest.map_or_else(String::new, |i| i.group.clone()),
                        attributes: latest.map_or_else(Vec::new, |i| i.attributes.clone()),
                    }
                })
                .collect(),
            implementors: analysis
                .stats
                .implementors
                .iter()
                .map(|i| ImplementorName {
                    name: i.name.clone(),
                    slug: i.slug.clone(),
                })
                .collect(),
            has_values: history.snapshots.iter().any(|s| {
                s.items
                    .iter()
                    .any(|p| !p.status.is_blank() || !p.compliance.is_blank())
            }),
        }
    }
}
