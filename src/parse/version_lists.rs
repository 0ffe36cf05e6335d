//! `versions: lists: by_line`: a column whose name is not a version line (`Scala`) lists
//! versions in its cells (`3.0.0, 2.13.0, 2.12.4`), one per version line; each is read as the
//! cell of its line (`3.3.1` → `3`, `2.13.6` → `2.13`), so a table written before the lines had
//! columns of their own shares one history with the tables after.

use super::table::Cell;
use crate::config::Config;
use crate::diag::{Diagnostics, Rule};
use crate::model::{self, Version};

/// Whether the implementor column `name` (its identity) lists versions: with `lists: by_line`,
/// a column whose name is not a version.
pub(super) fn is_list_column(config: &Config, name: &str) -> bool {
    config.versions.as_ref().is_some_and(|v| v.by_line()) && Version::parse(name).is_none()
}

/// The version lines a list can give versions to: the table's implementor columns named as a
/// version and the identities of the implementor aliases named so, each once.
pub(super) fn lines<'a>(
    config: &'a Config,
    columns: impl Iterator<Item = &'a str>,
) -> Vec<Version> {
    let mut out: Vec<Version> = Vec::new();
    let names = columns.chain(config.aliases.implementors.values().map(String::as_str));
    for v in names.filter_map(Version::parse) {
        if !out.iter().any(|l| l.text == v.text) {
            out.push(v);
        }
    }
    out
}

/// The cells a list cell gives: per version, its line's name (the line with the most
/// components the version starts with) and the version's cell. A version of no line is an
/// error at the cell, and left out.
pub(super) fn split(
    cell: &Cell,
    config: &Config,
    lines: &[Version],
    file: &str,
    diags: &mut Diagnostics,
) -> Vec<(String, model::Cell)> {
    let Some(versions) = config.versions.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for v in versions.read_all(&cell.value) {
        let line = lines
            .iter()
            .filter(|l| v.version.in_line(l))
            .max_by_key(|l| l.parts.len());
        let Some(line) = line else {
            let known: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
            diags.error(
                Rule::UnknownCode,
                file,
                cell.line,
                cell.col,
                format!(
                    "version {} in this list belongs to no version line ({}); add a column named by its line, or an alias in aliases: implementors: naming it",
                    v.version,
                    if known.is_empty() { "none known".to_string() } else { known.join(", ") }
                ),
            );
            continue;
        };
        out.push((
            line.text.clone(),
            model::Cell {
                code: config.version_code(v.state).to_string(),
                version: Some(Box::new(v)),
                ..model::Cell::default()
            },
        ));
    }
    out
}
