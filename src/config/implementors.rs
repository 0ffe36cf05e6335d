//! `implementors:` in `site.yaml`: what the matrix's rows are called, the columns that hold an
//! attribute of each row rather than a proposal (`attributes`), and the attribute naming the
//! release a row's evidence is for (`release`): with a snapshot's `current_releases` front
//! matter, a row for another release is outdated, shown but counted nowhere.

use super::{At, Diagnostics, Orientation, span_at};
use crate::diag::Rule;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// `implementors:` — what the matrix's rows (the implementations of the items) are called,
/// and the columns that describe each of them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ImplementorConfig {
    /// The word for one implementor in headings and sentences ("Implementation"); its plural
    /// follows English spelling ("Implementations", "Libraries").
    pub label: String,
    /// Columns of the matrix (implementors as rows) whose header names one of these (any case)
    /// hold an attribute of each implementor (free text, inline markup stripped), not a
    /// proposal: `[Release, Core]`.
    pub attributes: Vec<String>,
    /// The attribute (one of `attributes`) naming the release each row's evidence is for. A
    /// row whose release is written and not among its snapshot's `current_releases` front
    /// matter is outdated: shown, counted nowhere.
    pub release: Option<String>,
    /// Attributes (of `attributes`) a month page can filter its rows by (`[Release]`): a
    /// choice of the month's values, kept in the URL (`?f-release=v1.6`); without JavaScript
    /// the whole table shows. Default: none.
    pub filters: Vec<String>,
}

impl Default for ImplementorConfig {
    fn default() -> Self {
        ImplementorConfig {
            label: "Implementor".into(),
            attributes: Vec::new(),
            release: None,
            filters: Vec::new(),
        }
    }
}

impl ImplementorConfig {
    /// The index in `attributes` of the attribute a column header names (trimmed, any case).
    pub fn attribute(&self, header: &str) -> Option<usize> {
        let h = header.trim();
        self.attributes
            .iter()
            .position(|a| a.trim().eq_ignore_ascii_case(h))
    }

    /// The index in `attributes` of the release attribute, when one is configured.
    pub fn release_index(&self) -> Option<usize> {
        self.attribute(self.release.as_deref()?)
    }
}

/// `implementors:` as written, positions kept for messages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawImplementors {
    label: Option<String>,
    attributes: Option<Spanned<Vec<Spanned<String>>>>,
    release: Option<Spanned<String>>,
    filters: Option<Vec<String>>,
}

/// Where `implementors:` and its checked values were written.
#[derive(Debug, Clone, Default)]
pub(super) struct ImplementorPositions {
    at: At,
    attributes: At,
    items: Vec<At>,
    release: At,
}

impl RawImplementors {
    /// The resolved value (defaults for what is not written) and where it was written.
    pub(super) fn resolve(
        raw: Option<Spanned<RawImplementors>>,
    ) -> (ImplementorConfig, ImplementorPositions) {
        let Some(raw) = raw else {
            let nowhere = ImplementorPositions {
                at: (1, 1),
                attributes: (1, 1),
                items: Vec::new(),
                release: (1, 1),
            };
            return (ImplementorConfig::default(), nowhere);
        };
        let at = span_at(&raw.referenced);
        let r = raw.value;
        let pos = ImplementorPositions {
            at,
            attributes: r.attributes.as_ref().map_or(at, |a| span_at(&a.referenced)),
            items: r
                .attributes
                .iter()
                .flat_map(|a| &a.value)
                .map(|s| span_at(&s.referenced))
                .collect(),
            release: r.release.as_ref().map_or(at, |s| span_at(&s.referenced)),
        };
        let config = ImplementorConfig {
            label: r
                .label
                .unwrap_or_else(|| ImplementorConfig::default().label),
            attributes: r
                .attributes
                .map(|a| a.value.into_iter().map(|s| s.value).collect())
                .unwrap_or_default(),
            release: r.release.map(|s| s.value),
            filters: r.filters.unwrap_or_default(),
        };
        (config, pos)
    }
}

/// The export's CSV columns (`data/history.csv`): an attribute may not take one's name.
const CSV_COLUMNS: &[&str] = &[
    "date",
    "implementor",
    "proposal",
    "title",
    "status",
    "compliance",
    "code",
    "group",
    "current",
];

impl ImplementorConfig {
    /// Checks of `implementors:`, each at the value it is about.
    pub(super) fn validate(
        &self,
        pos: &ImplementorPositions,
        orientation: Orientation,
        file: &str,
        diags: &mut Diagnostics,
    ) {
        if self.label.trim().is_empty() {
            let (line, col) = pos.at;
            diags.error(
                Rule::Config,
                file,
                line,
                col,
                "implementors.label may not be empty",
            );
        }
        if !self.attributes.is_empty() && orientation == Orientation::Columns {
            let (line, col) = pos.attributes;
            diags.error(Rule::Config,
                file,
                line,
                col,
                "implementors.attributes needs implementors as rows (`matrix: orientation: rows`, the default); with `orientation: columns` use matrix.attribute_columns for attributes of the items",
            );
        }
        for (i, a) in self.attributes.iter().enumerate() {
            let (line, col) = pos.items.get(i).copied().unwrap_or(pos.attributes);
            let name = a.trim();
            let why = if name.is_empty() || a.contains('|') {
                Some("must be a column title, not blank and without '|'".to_string())
            } else if self.attributes[..i]
                .iter()
                .any(|b| b.trim().eq_ignore_ascii_case(name))
            {
                Some("is listed twice".to_string())
            } else if CSV_COLUMNS.contains(&name.to_lowercase().as_str()) {
                Some(format!(
                    "is also a column of the CSV export ({}); name the attribute otherwise",
                    CSV_COLUMNS.join(", ")
                ))
            } else {
                None
            };
            if let Some(why) = why {
                diags.error(
                    Rule::Config,
                    file,
                    line,
                    col,
                    format!("implementors.attributes: \"{a}\" {why}"),
                );
            }
        }
        if let Some(release) = &self.release
            && self.release_index().is_none()
        {
            let (line, col) = pos.release;
            diags.error(Rule::Config,
                file,
                line,
                col,
                if self.attributes.is_empty() {
                    format!(
                        "implementors.release \"{release}\" must be one of implementors.attributes, which lists none; add it there: `attributes: [{release}]`"
                    )
                } else {
                    format!(
                        "implementors.release \"{release}\" must be one of implementors.attributes ({})",
                        self.attributes.join(", ")
                    )
                },
            );
        }
    }
}
