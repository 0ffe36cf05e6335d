//! Parsing: markdown text → [`Snapshot`]. comrak (tables extension, source positions on) finds
//! the tables; the matrix is the table whose header names proposals (configurable pattern) and
//! that has the most implementor rows. Each row's physical line is split again (see [`row`]) to
//! know real cell counts and columns, while cell values come from comrak's inline parse, so
//! `**C**`, `[C](url)` and escaped pipes read as their text. Problems become diagnostics with
//! file, line and column.

pub use crate::markdown as ast;
mod attributes;
pub mod row;
pub mod shape;
mod table;

pub use ast::comrak_options;
use ast::plain_text;
pub use table::{Cell, Document, RowKind, Table, TableRow, document, row_kind, tables};

use crate::config::{Config, Match, Vocabulary};
use crate::diag::Diagnostics;
use crate::load::SourceFile;
use crate::model::{Evidence, Implementor, ItemKey, Pos, Proposal, Rank, Snapshot};
use comrak::nodes::NodeValue;
use comrak::{Arena, parse_document};
use row::{RawCell, cell_col, char_col, clean, split_row, strip_inline};

/// A proposal header: `(number, title)` when the cell matches the configured pattern.
pub fn match_proposal(pattern: &str, header: &str) -> Option<(u32, String)> {
    let (before, after) = pattern.split_once("{number}")?;
    let text = clean(header);
    let rest = strip_literal(text, before)?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    let rest = &rest[digits.len()..];
    let (sep, tail) = match after.split_once("{title}") {
        Some((sep, tail)) => (sep, tail),
        None => (after, ""),
    };
    let rest = if rest.trim().is_empty() && clean(sep).is_empty() {
        ""
    } else {
        strip_literal(rest, sep)?
    };
    let title = match rest.strip_suffix(tail.trim()) {
        Some(t) if !tail.trim().is_empty() => t,
        _ => rest,
    };
    Some((number, clean(title).to_string()))
}

/// Strips a literal prefix, comparing case-insensitively and letting any run of spaces match any
/// other run of spaces.
fn strip_literal<'a>(text: &'a str, literal: &str) -> Option<&'a str> {
    let mut rest = text;
    for (i, word) in literal.split(' ').enumerate() {
        if i > 0 {
            rest = rest.trim_start_matches(row::is_space);
        }
        if word.is_empty() {
            continue;
        }
        let n = word.len();
        if rest.len() < n || !rest.is_char_boundary(n) || !rest[..n].eq_ignore_ascii_case(word) {
            return None;
        }
        rest = &rest[n..];
    }
    Some(rest)
}

/// The matrix among the tables: headers naming proposals, most implementor rows, first on ties.
pub fn find_matrix<'t>(tables: &'t [Table], config: &Config) -> Option<&'t Table> {
    let mut best: Option<(&Table, usize)> = None;
    for t in tables {
        let names_proposals = t
            .header
            .cells
            .iter()
            .skip(1)
            .any(|c| match_proposal(&config.proposals.pattern, &c.value).is_some());
        if !names_proposals {
            continue;
        }
        let implementors = t
            .rows
            .iter()
            .filter(|r| row_kind(r) == RowKind::Implementor)
            .count();
        if best.is_none_or(|(_, n)| implementors > n) {
            best = Some((t, implementors));
        }
    }
    best.map(|(t, _)| t)
}

/// Parses a loaded file into a snapshot. Returns `None` only when there is no matrix at all;
/// other problems are diagnostics and the snapshot keeps what could be read.
pub fn parse_snapshot(
    src: &SourceFile,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<Snapshot> {
    snapshot_from(src, &document(&src.text, src.body_start), config, diags)
}

/// [`parse_snapshot`] from a [`Document`] already parsed from `src` (so a caller that needs the
/// tables too, like `fmt`, parses the file once).
pub fn snapshot_from(
    src: &SourceFile,
    doc: &Document,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<Snapshot> {
    if !config.matrix.is_default() {
        return shape::snapshot(src, doc, config, diags);
    }
    let file = src.rel.as_str();
    let all = &doc.tables;
    let Some(table) = find_matrix(all, config) else {
        if let Some((line, col, why)) = broken_header(src, config) {
            diags.error(file, line, col, format!("no matrix table found: {why}"));
            return None;
        }
        let example = config.example_header("1742", "HTTPRoute Timeouts");
        diags.error(
            file,
            1,
            1,
            format!("no matrix table found: add a markdown table whose header cells name proposals, like \"{example}\""),
        );
        return None;
    };

    // Columns.
    let mut proposals: Vec<Proposal> = Vec::new();
    let mut columns: Vec<Option<usize>> = Vec::new(); // header cell index -> proposal index
    let attribute_columns = attributes::columns(&table.header, config, file, diags);
    for cell in table.header.cells.iter().skip(1) {
        if attributes::is_attribute(&cell.value, config) {
            columns.push(None);
            continue;
        }
        match match_proposal(&config.proposals.pattern, &cell.value) {
            Some((written, title)) => {
                let number = config.proposal_identity(written);
                if let Some(prev) = proposals.iter().find(|p| p.key == ItemKey::Number(number)) {
                    let renumbered = if written != number {
                        format!(
                            " ({} is renumbered to {} by aliases: proposals: in content/site.yaml)",
                            config.proposal_id(&written.into()),
                            config.proposal_id(&number.into())
                        )
                    } else if prev.written_number != number {
                        format!(
                            " ({} is renumbered to {} by aliases: proposals: in content/site.yaml)",
                            config.proposal_id(&prev.written_number.into()),
                            config.proposal_id(&number.into())
                        )
                    } else {
                        String::new()
                    };
                    diags.error(
                        file,
                        cell.line,
                        cell.col,
                        format!(
                            "duplicate proposal column {}{} (already at line {}, column {}); keep one column per proposal",
                            config.proposal_id(&number.into()),
                            renumbered,
                            prev.pos.line,
                            prev.pos.col
                        ),
                    );
                    columns.push(None);
                    continue;
                }
                columns.push(Some(proposals.len()));
                proposals.push(Proposal {
                    key: ItemKey::Number(number),
                    written_number: written,
                    title,
                    section: String::new(),
                    group: String::new(),
                    attributes: Vec::new(),
                    status: String::new(),
                    compliance: String::new(),
                    pos: Pos {
                        line: cell.line,
                        col: cell.col,
                    },
                });
            }
            None => {
                let example = config.example_header("<number>", "<title>");
                diags.warning(
                    file,
                    cell.line,
                    cell.col,
                    format!("column \"{}\" does not name a proposal and is ignored; write its header as \"{example}\"", cell.value),
                );
                columns.push(None);
            }
        }
    }

    let mut implementors: Vec<Implementor> = Vec::new();
    // Name -> index in `implementors`, for the duplicate check (a scan per row was quadratic).
    let mut row_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let width = table.columns;
    for row in &table.rows {
        let kind = row_kind(row);
        // A prompt row such as `| **Other?** | | |` (config `placeholder_rows`) is never an
        // implementor, whatever its cells hold.
        let placeholder = row
            .cells
            .first()
            .is_some_and(|c| config.is_placeholder_row(&c.value));
        if kind == RowKind::Placeholder || (kind == RowKind::Implementor && placeholder) {
            continue;
        }
        for extra in row.cells.iter().skip(width) {
            diags.warning(
                file,
                extra.line,
                extra.col,
                format!(
                    "extra cell \"{}\" beyond the table's {} columns is ignored; remove it or add a column header",
                    extra.value,
                    width
                ),
            );
        }
        let Some(label) = row.cells.first() else {
            continue;
        };
        match kind {
            RowKind::Status | RowKind::Compliance => {
                let (vocab, what) = if kind == RowKind::Status {
                    (&config.stages, "stage")
                } else {
                    (&config.compliance, "compliance value")
                };
                for (ci, p) in columns.iter().enumerate() {
                    let (Some(p), Some(cell)) = (p, row.cells.get(ci + 1)) else {
                        continue;
                    };
                    if let Some(code) = read_value(cell, vocab, what, &[], file, diags) {
                        if kind == RowKind::Status {
                            proposals[*p].status = code;
                        } else {
                            proposals[*p].compliance = code;
                        }
                    }
                }
            }
            RowKind::Implementor => {
                if label.value.is_empty() {
                    diags.error(
                        file,
                        label.line,
                        label.col,
                        "row has no implementor name; write the name in its first cell",
                    );
                    continue;
                }
                let name = config.implementor_identity(&label.value).to_string();
                if let Some(prev) = row_of.get(&name).map(|&k| &implementors[k]) {
                    diags.error(
                        file,
                        label.line,
                        label.col,
                        format!(
                            "duplicate implementor \"{}\" (already on line {}); keep one row per implementor",
                            name, prev.pos.line
                        ),
                    );
                    continue;
                }
                let mut cells = vec![String::new(); proposals.len()];
                let mut links = vec![String::new(); proposals.len()];
                for (ci, p) in columns.iter().enumerate() {
                    let (Some(p), Some(cell)) = (p, row.cells.get(ci + 1)) else {
                        continue;
                    };
                    if let Some(code) = read_code(cell, config, file, diags) {
                        cells[*p] = code;
                    }
                    if let Some(url) = &cell.link {
                        links[*p] = evidence_link(url, cell, file, diags);
                    }
                }
                let ranks = cells
                    .iter()
                    .map(|c| config.code_rank(c).unwrap_or(Rank::BLANK))
                    .collect();
                row_of.insert(name.clone(), implementors.len());
                implementors.push(Implementor {
                    name,
                    written_name: label.value.clone(),
                    cells,
                    ranks,
                    links,
                    attributes: attributes::values(row, &attribute_columns, config),
                    evidence: Evidence::Current,
                    pos: Pos {
                        line: label.line,
                        col: label.col,
                    },
                });
            }
            RowKind::Placeholder => {}
        }
    }

    let release_column = attributes::has_release(&attribute_columns, config);
    attributes::resolve_evidence(&mut implementors, src, release_column, config, diags);
    Some(assemble(
        src,
        doc,
        (table.first_line, table.first_line, table.last_line),
        proposals,
        implementors,
    ))
}

/// The snapshot of a parsed matrix: the prose before the matrix (from `matrix_start`, its
/// first line, heading included), the prose after its last line, and the title (front matter,
/// else the first heading, else "Status <month>"). `lines` is (matrix start, first table line,
/// last table line).
fn assemble(
    src: &SourceFile,
    doc: &Document,
    (matrix_start, first_line, last_line): (usize, usize, usize),
    proposals: Vec<Proposal>,
    implementors: Vec<Implementor>,
) -> Snapshot {
    let lines: Vec<&str> = src.text.split_inclusive('\n').collect();
    let body_first_line = src.text[..src.body_start].matches('\n').count() + 1;
    let prose_before: String = lines
        .iter()
        .skip(body_first_line - 1)
        .take(matrix_start.saturating_sub(body_first_line))
        .copied()
        .collect();
    let prose_after: String = lines.iter().skip(last_line).copied().collect();
    let title = src
        .title
        .clone()
        .or_else(|| doc.heading.as_ref().map(|h| h.text.clone()))
        .unwrap_or_else(|| format!("Status {}", src.month.long_name()));
    Snapshot {
        month: src.month,
        title,
        source: src.rel.clone(),
        proposals,
        implementors,
        prose_before,
        prose_after,
        table_pos: Pos {
            line: first_line,
            col: 1,
        },
        current_releases: src.current_releases.as_ref().map(|c| c.releases.clone()),
    }
}

/// When no table names proposals, a line with pipes that does is a matrix header markdown did not
/// read as a table (most often: its delimiter row has another number of cells). Returns where it
/// is and why, so the error points there instead of at the top of the file.
fn broken_header(src: &SourceFile, config: &Config) -> Option<(usize, usize, String)> {
    let first_line = src.text[..src.body_start].matches('\n').count() + 1;
    let lines: Vec<&str> = src.text[src.body_start..]
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .collect();
    for (i, line) in lines.iter().enumerate() {
        if !line.contains('|') {
            continue;
        }
        let cells = split_row(line);
        let names_proposals = cells
            .iter()
            .skip(1)
            .any(|c| match_proposal(&config.proposals.pattern, &strip_inline(&c.raw)).is_some());
        if !names_proposals {
            continue;
        }
        let line_no = first_line + i;
        let col = char_col(line, line.len() - line.trim_start().len());
        let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or("");
        let is_delimiter = next.contains('-')
            && next
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
        let why = if !is_delimiter {
            "this line names proposals but the line below it is not a delimiter row; add one right after it, like |---|---|, with one --- per column".to_string()
        } else {
            let header = cells.len();
            let delimiter = split_row(next).len();
            if header != delimiter {
                format!(
                    "this table header has {header} cells but its delimiter row (line {}) has {delimiter}; markdown reads a table only when they match, so give the delimiter row one --- per header cell",
                    line_no + 1
                )
            } else {
                "this line names proposals but is not read as a table; start it at the beginning of a line after a blank line, outside code blocks and HTML".to_string()
            }
        };
        return Some((line_no, col, why));
    }
    None
}

/// Reads an implementor's cell: a code of the progress order, or a not-applicable code
/// (`not_applicable:`, matched in any case), canonical; or a diagnostic.
fn read_code(cell: &Cell, config: &Config, file: &str, diags: &mut Diagnostics) -> Option<String> {
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
fn read_value(
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
                diags.error(
                    file,
                    cell.line,
                    cell.col,
                    if not_applicable.is_empty() {
                        format!("unknown {what} \"{v}\"; allowed: {}", vocab.allowed())
                    } else {
                        format!(
                            "unknown {what} \"{v}\"; allowed: {}; not applicable: {}",
                            vocab.allowed(),
                            not_applicable.join(", ")
                        )
                    },
                );
                return None;
            }
        },
    };
    let code = &vocab.terms[i].code;
    if let Some(note) = note {
        diags.warning(
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
/// every URL from a pull request is). Anything else is an error at the cell; "" is returned.
fn evidence_link(url: &str, cell: &Cell, file: &str, diags: &mut Diagnostics) -> String {
    let lower = url.to_ascii_lowercase();
    let absolute = lower.starts_with("https://") || lower.starts_with("http://");
    match crate::config::vet_url(url) {
        Ok(()) if absolute => url.to_string(),
        _ => {
            diags.error(
                file,
                cell.line,
                cell.col,
                format!(
                    "cell link \"{}\" is not an http(s) URL; link evidence with https://… or write the code alone",
                    url.escape_debug()
                ),
            );
            String::new()
        }
    }
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

    #[test]
    fn proposal_headers() {
        let p = "GEP-{number}: {title}";
        assert_eq!(
            match_proposal(p, "GEP-1619: Session Persistence"),
            Some((1619, "Session Persistence".into()))
        );
        assert_eq!(
            match_proposal(p, "gep-957:Destination Port Matching"),
            Some((957, "Destination Port Matching".into()))
        );
        assert_eq!(match_proposal(p, "GEP-1: a | b"), Some((1, "a | b".into())));
        assert_eq!(match_proposal(p, "Status"), None);
        assert_eq!(match_proposal(p, "GEP-x: y"), None);
        assert_eq!(
            match_proposal("KEP {number} ({title})", "KEP 42 (Sidecars)"),
            Some((42, "Sidecars".into()))
        );
        assert_eq!(match_proposal("#{number}", "#7"), Some((7, "".into())));
    }
}
