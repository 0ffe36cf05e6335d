//! Implementor attributes (`implementors: attributes:`): with implementors as rows, a column
//! whose header names an attribute holds one free-text value per row (inline markup stripped,
//! as labels are), not a proposal. And each row's [`Evidence`]: with `implementors: release:`
//! and the snapshot's `current_releases` front matter, a row whose release is written and not
//! among them (trimmed, any case) is outdated.

use super::{Implementor, TableRow};
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::diag::Rule;
use crate::load::SourceFile;
use crate::model::Evidence;

/// The attribute columns of a table: (cell index in the header row, attribute index). A second
/// column naming the same attribute is an error at its header, and is not read.
pub(super) fn columns(
    header: &TableRow,
    config: &Config,
    file: &str,
    diags: &mut Diagnostics,
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (ci, cell) in header.cells.iter().enumerate().skip(1) {
        let Some(a) = config.implementors.attribute(&cell.value) else {
            continue;
        };
        if let Some(&(first, _)) = out.iter().find(|&&(_, b)| b == a) {
            diags.error(Rule::Attributes,
                file,
                cell.line,
                cell.col,
                format!(
                    "a second \"{}\" column (the first is column {}); keep one column per attribute",
                    config.implementors.attributes[a],
                    first + 1
                ),
            );
            continue;
        }
        out.push((ci, a));
    }
    out
}

/// Whether a header cell names an implementor attribute (so it is not a proposal or an item).
pub(super) fn is_attribute(header: &str, config: &Config) -> bool {
    config.implementors.attribute(header).is_some()
}

/// A row's attribute values by configured name, in config order: "" where the cell is blank
/// or the table has no such column. Empty when the site configures no attributes.
pub(super) fn values(
    row: &TableRow,
    columns: &[(usize, usize)],
    config: &Config,
) -> Vec<(String, String)> {
    config
        .implementors
        .attributes
        .iter()
        .enumerate()
        .map(|(a, name)| {
            let value = columns
                .iter()
                .find(|&&(_, b)| b == a)
                .and_then(|&(ci, _)| row.cells.get(ci))
                .map_or("", |c| c.value.as_str());
            (name.clone(), value.to_string())
        })
        .collect()
}

/// Every configured attribute, blank.
pub(super) fn blank(config: &Config) -> Vec<(String, String)> {
    config
        .implementors
        .attributes
        .iter()
        .map(|name| (name.clone(), String::new()))
        .collect()
}

/// Whether the attribute columns of a table include the release attribute.
pub(super) fn has_release(columns: &[(usize, usize)], config: &Config) -> bool {
    let release = config.implementors.release_index();
    columns.iter().any(|&(_, a)| Some(a) == release)
}

/// Sets each row's evidence from its release and the snapshot's `current_releases`, and warns
/// at `current_releases` when it cannot apply: no `implementors: release:` in site.yaml, or
/// no table with the release column (`release_column`).
pub(super) fn resolve_evidence(
    implementors: &mut [Implementor],
    src: &SourceFile,
    release_column: bool,
    config: &Config,
    diags: &mut Diagnostics,
) {
    let Some(current) = &src.current_releases else {
        return;
    };
    let Some(release) = config.implementors.release_index() else {
        diags.warning(Rule::Attributes,
            &src.rel,
            current.line,
            current.col,
            "current_releases has no effect: content/site.yaml names no release attribute; add `implementors: { attributes: [Release], release: Release }` or remove current_releases",
        );
        return;
    };
    if !release_column {
        diags.warning(Rule::Attributes,
            &src.rel,
            current.line,
            current.col,
            format!(
                "current_releases has no effect: the matrix has no \"{}\" column, so every row counts; add the column with each row's release",
                config.implementors.attributes[release]
            ),
        );
        return;
    }
    for imp in implementors {
        let value = imp.attribute(release).trim();
        let current = current
            .releases
            .iter()
            .any(|r| r.trim().eq_ignore_ascii_case(value));
        imp.evidence = if value.is_empty() || current {
            Evidence::Current
        } else {
            Evidence::Outdated
        };
    }
}
