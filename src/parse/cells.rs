//! Reading one cell's value: a code of the site's vocabularies (canonical, or a diagnostic at
//! the cell), a link kept as evidence, an item attribute's value.

use super::table::{Cell, Document};
use crate::config::{AttributeColumn, Config, Match, Vocabulary};
use crate::diag::Diagnostics;
use crate::diag::Rule;
use crate::model;

/// Reads an implementor's cell: a code of the progress order, or a not-applicable code
/// (`not_applicable:`, matched in any case), canonical; or a diagnostic.
pub(super) fn read_code(
    cell: &Cell,
    config: &Config,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    let v = cell.value.as_str();
    if !v.is_empty()
        && config.codes.lookup(v).is_none()
        && let Some(na) = config.not_applicable_code(v)
    {
        return Some(na.to_string());
    }
    read_value(
        cell,
        &config.codes,
        "code",
        &config.not_applicable,
        file,
        diags,
    )
}

/// Reads one cell against a vocabulary: canonical code, or a diagnostic. An unknown value's
/// error lists what is allowed, with the `not_applicable` codes when given.
pub(super) fn read_value(
    cell: &Cell,
    vocab: &Vocabulary,
    what: &str,
    not_applicable: &[String],
    file: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    let v = cell.value.as_str();
    if v.is_empty() {
        return Some(String::new());
    }
    // The term, and what to say about how it was written, if anything.
    let (i, note) = match vocab.lookup(v) {
        Some(Match::Exact(i)) => (i, None),
        Some(Match::OtherCase(i)) => (
            i,
            Some(format!(
                "; write it in canonical case: \"{}\"",
                vocab.terms[i].code
            )),
        ),
        // A value inside a reference link whose definition is missing (lost over a file's
        // years): markdown shows it as written, but the value is plain to read.
        None => match broken_reference(v).and_then(|(inner, r)| Some((vocab.lookup(inner)?, r))) {
            Some((Match::Exact(i) | Match::OtherCase(i), reference)) => (
                i,
                Some(format!(
                    ": the link reference [{reference}] is not defined in this file; define it or write the value alone"
                )),
            ),
            None => {
                let mut message = if not_applicable.is_empty() {
                    format!("unknown {what} \"{v}\"; allowed: {}", vocab.allowed())
                } else {
                    format!(
                        "unknown {what} \"{v}\"; allowed: {}; not applicable: {}",
                        vocab.allowed(),
                        not_applicable.join(", ")
                    )
                };
                let known = vocab
                    .terms
                    .iter()
                    .map(|t| t.code.as_str())
                    .chain(not_applicable.iter().map(|c| c.as_str()));
                if let Some(near) = crate::text::did_you_mean(v, known) {
                    message.push_str(&format!("; did you mean \"{near}\"?"));
                }
                diags.error(Rule::UnknownCode, file, cell.line, cell.col, message);
                return None;
            }
        },
    };
    let code = &vocab.terms[i].code;
    if let Some(note) = note {
        diags.warning(
            Rule::CodeVariant,
            file,
            cell.line,
            cell.col,
            format!("{what} \"{v}\" read as \"{code}\"{note}"),
        );
    }
    Some(code.clone())
}

/// A cell's link kept as evidence: only absolute http(s) URLs (a page of the site is not where
/// the snapshot is, so relative links would point elsewhere, and other schemes are refused as
/// every URL from a pull request is). Anything else is an error at the cell, and no link.
pub(super) fn evidence_link(
    url: &str,
    cell: &Cell,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let absolute = lower.starts_with("https://") || lower.starts_with("http://");
    match crate::config::vet_url(url) {
        Ok(()) if absolute => Some(url.to_string()),
        _ => {
            diags.error(Rule::CellLink,
                file,
                cell.line,
                cell.col,
                format!(
                    "cell link \"{}\" is not an http(s) URL; link evidence with https://… or write the code alone",
                    url.escape_debug()
                ),
            );
            None
        }
    }
}

/// An implementor's cell of an item: its code and its evidence link, each read with its
/// diagnostics; blank without a link where the cell is not written. Its rank is the blank
/// rank until the reader resolves it.
pub(super) fn implementor_cell(
    cell: Option<&Cell>,
    config: &Config,
    doc: &Document,
    file: &str,
    diags: &mut Diagnostics,
) -> model::Cell {
    let Some(c) = cell else {
        return model::Cell::default();
    };
    if let Some(version) = version(c, config) {
        return model::Cell {
            code: config.version_code(version.state).to_string(),
            link: c
                .link
                .as_ref()
                .and_then(|u| evidence_link(u, c, file, diags)),
            note: note(c, doc, file, diags),
            version: Some(Box::new(version)),
            ..model::Cell::default()
        };
    }
    model::Cell {
        code: read_code(c, config, file, diags).unwrap_or_default(),
        link: c
            .link
            .as_ref()
            .and_then(|u| evidence_link(u, c, file, diags)),
        note: note(c, doc, file, diags),
        ..model::Cell::default()
    }
}

/// With `versions:` configured, the version a cell holds: a cell that is not blank, not a
/// code of `codes:` or `not_applicable:`, and matches the version pattern.
fn version(c: &Cell, config: &Config) -> Option<model::VersionValue> {
    let versions = config.versions.as_ref()?;
    let v = c.value.trim();
    if v.is_empty() || config.codes.lookup(v).is_some() || config.not_applicable_code(v).is_some() {
        return None;
    }
    versions.read(v)
}

/// The note of a cell: the texts of the footnotes it refers to, then the texts of its in-page
/// links (`see [below](#notes)`: `below`), in order ("; " between them); a footnote reference
/// the file does not define is a warning at the cell.
pub(super) fn note(
    c: &Cell,
    doc: &Document,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    let mut texts = Vec::new();
    for name in &c.notes {
        match doc.footnote(name) {
            Some(t) => texts.push(t),
            None => diags.warning(
                Rule::Footnote,
                file,
                c.line,
                c.col,
                format!("footnote [^{name}] is not defined in this file; add a line \"[^{name}]: …\" below the table or remove the reference"),
            ),
        }
    }
    texts.extend(
        c.anchors
            .iter()
            .map(String::as_str)
            .filter(|t| !t.is_empty()),
    );
    (!texts.is_empty()).then(|| texts.join("; "))
}

/// An item's value under the attribute column `name` (whose header in this table is
/// `header`): blank, the column's own title (read as `name`) or one of its configured values,
/// canonical; anything else is an error at the cell and reads as blank.
pub(super) fn attribute_value(
    cell: Option<&Cell>,
    name: &str,
    header: &Cell,
    column: Option<&AttributeColumn>,
    file: &str,
    diags: &mut Diagnostics,
) -> String {
    let Some(c) = cell.filter(|c| !c.value.is_empty()) else {
        return String::new();
    };
    let v = c.value.as_str();
    if v.trim().eq_ignore_ascii_case(header.value.trim()) {
        return name.to_string();
    }
    if column.is_some_and(AttributeColumn::is_free_text) {
        return v.trim().to_string();
    }
    if let Some(canonical) = column.and_then(|a| a.canonical(v)) {
        return canonical.to_string();
    }
    let allowed: Vec<String> = std::iter::once(name.to_string())
        .chain(
            column
                .into_iter()
                .flat_map(|a| a.values().iter().map(|x| x.trim().to_string())),
        )
        .map(|x| format!("\"{x}\""))
        .collect();
    diags.error(
        Rule::Attributes,
        file,
        c.line,
        c.col,
        format!(
            "unknown value \"{v}\" under the attribute column \"{name}\"; allowed: {} or blank",
            allowed.join(", ")
        ),
    );
    String::new()
}

/// `[x][ref]`, `[x][]` or `[x]` left as text because `ref` (or `x`) has no definition:
/// `(x, ref)`.
fn broken_reference(v: &str) -> Option<(&str, &str)> {
    let rest = v.strip_prefix('[')?;
    let (inner, after) = rest.split_once(']')?;
    if inner.is_empty() || inner.contains('[') {
        return None;
    }
    let reference = match after {
        "" | "[]" => inner,
        r => r
            .strip_prefix('[')?
            .strip_suffix(']')
            .filter(|r| !r.contains(['[', ']']))?,
    };
    Some((inner.trim(), reference))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_undefined_reference_links() {
        assert_eq!(broken_reference("[C][gone]"), Some(("C", "gone")));
        assert_eq!(broken_reference("[-][]"), Some(("-", "-")));
        assert_eq!(broken_reference("[ PP ]"), Some(("PP", " PP ")));
        for not in ["C", "[C](url)", "[C][a][b]", "[][x]", "[C] x", "[[C]]"] {
            assert_eq!(broken_reference(not), None, "{not}");
        }
    }
}
