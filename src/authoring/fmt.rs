//! The table formatter behind `statusgen fmt`: rewrites a snapshot's matrix tables (the ones
//! the site's shape reads, [`parse::matrix_tables`]) in one canonical layout — outer pipes, one
//! space inside each pipe, every column padded to a common width (counted in characters), one
//! cell per column (placeholder rows such as `| **Other?** |` keep their single cell), a
//! delimiter row of dashes that keeps alignment colons, and codes in their canonical case. Every
//! byte outside the tables is kept, and each table line keeps its own line ending. A file with
//! errors, or with cells beyond the header's columns, is refused rather than guessed at; and
//! every result is re-parsed and compared with the original snapshot, so formatting never
//! changes what a file means.

use crate::config::{Config, Match, Vocabulary};
use crate::diag::Diagnostics;
use crate::diag::Rule;
use crate::load::{self, SourceFile};
use crate::model::{Pos, Snapshot};
use crate::parse::row::{clean, split_row};
use crate::parse::{self, RowKind, Table};

/// The outcome of formatting one file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    /// The whole file after formatting (equal to the input when nothing changed).
    pub bytes: Vec<u8>,
    /// Whether `bytes` differs from the input.
    pub changed: bool,
}

/// Formats the matrix table of a snapshot file given as bytes. `rel` names the file in
/// diagnostics (and may give its month, as for [`load::source_from_bytes`]). `Err` holds the
/// errors that explain why the file is left alone.
pub fn format_bytes(bytes: &[u8], rel: &str, config: &Config) -> Result<Formatted, Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(src) = load::source_from_bytes(bytes.to_vec(), rel, &mut diags) else {
        return Err(errors_only(diags));
    };
    let text = format_source(&src, config)?;
    // `src.text` is the file without its BOM, lone CRs read as LF (byte for byte the same
    // length). Only the table changed: the bytes before and after it come from the file itself,
    // so every byte outside the matrix is kept exactly, lone CRs included.
    let bom = if src.bom { crate::text::BOM.len() } else { 0 };
    let orig = &bytes[bom..];
    let (old, new) = (src.text.as_bytes(), text.as_bytes());
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = Vec::with_capacity(bytes.len() + new.len() - old.len().min(new.len()));
    out.extend_from_slice(&bytes[..bom]);
    out.extend_from_slice(&orig[..prefix]);
    out.extend_from_slice(&new[prefix..new.len() - suffix]);
    out.extend_from_slice(&orig[orig.len() - suffix..]);
    let changed = out != bytes;
    Ok(Formatted {
        bytes: out,
        changed,
    })
}

/// Formats the matrix table of a loaded file; returns the whole new text (BOM not included).
pub fn format_source(src: &SourceFile, config: &Config) -> Result<String, Diagnostics> {
    let file = src.rel.as_str();
    let mut diags = Diagnostics::default();
    let nouns = crate::site::nouns(config);
    // The file is parsed once; the tables and the snapshot come from the same parse.
    let doc = parse::document(&src.text, src.body_start);
    let Some(before) = parse::snapshot(src, &doc, config, &nouns, &mut diags) else {
        return Err(errors_only(diags));
    };
    if diags.has_errors() {
        return Err(errors_only(diags));
    }
    // Every table the site's shape reads: the one matrix, or one per section.
    let tables: Vec<&Table> = parse::matrix_tables(&doc, config);
    let Some(table) = tables.first().copied() else {
        let mut d = Diagnostics::default();
        d.error(
            Rule::Fmt,
            file,
            1,
            1,
            "no matrix table found; nothing to format",
        );
        return Err(d);
    };
    let lines: Vec<&str> = src.text.split_inclusive('\n').collect();
    let mut formatted = Vec::with_capacity(tables.len());
    for t in &tables {
        formatted.push((*t, canonical_rows(src, t, &lines, config)?));
    }
    formatted.sort_by_key(|(t, _)| t.first_line);

    let mut text = String::with_capacity(src.text.len());
    let mut next = 1; // the first line not yet written
    for (t, rows) in &formatted {
        for line in &lines[next - 1..t.first_line - 1] {
            text.push_str(line);
        }
        for (i, row) in rows.iter().enumerate() {
            text.push_str(row);
            text.push_str(line_ending(lines[t.first_line - 1 + i]));
        }
        next = t.last_line + 1;
    }
    for line in &lines[next - 1..] {
        text.push_str(line);
    }

    // The formatted file must read exactly as the original did.
    let after_src = SourceFile {
        text: text.clone(),
        ..src.clone()
    };
    let mut after_diags = Diagnostics::default();
    let after = parse::parse_snapshot(&after_src, config, &nouns, &mut after_diags);
    let same = after
        .as_ref()
        .is_some_and(|a| same_snapshot(&before, a) && a.table_pos == before.table_pos);
    if !same || after_diags.has_errors() {
        let mut d = Diagnostics::default();
        d.error(Rule::Fmt,
            file,
            table.first_line,
            1,
            "formatting this table would change how it reads, so the file is left unchanged; please report this as a statusgen bug",
        );
        return Err(d);
    }
    Ok(text)
}

/// Whether two snapshots hold the same content, source positions ignored.
pub fn same_snapshot(a: &Snapshot, b: &Snapshot) -> bool {
    without_positions(a) == without_positions(b)
}

/// A copy of a snapshot with every source position zeroed, for comparisons.
pub fn without_positions(s: &Snapshot) -> Snapshot {
    let mut s = s.clone();
    s.table_pos = Pos::default();
    for p in &mut s.items {
        p.pos = Pos::default();
    }
    for i in &mut s.implementors {
        i.pos = Pos::default();
    }
    s
}

fn errors_only(d: Diagnostics) -> Diagnostics {
    Diagnostics {
        items: d.errors().cloned().collect(),
    }
}

/// The line terminator of a line from `split_inclusive('\n')`.
fn line_ending(line: &str) -> &str {
    if line.ends_with("\r\n") {
        "\r\n"
    } else if line.ends_with('\n') {
        "\n"
    } else {
        ""
    }
}

/// One row of the formatted table, before padding.
enum Row {
    /// Header or body row: one text per column.
    Full(Vec<String>),
    /// A label alone (`| **Other?** |`), kept as one cell so it stays a placeholder.
    Label(String),
}

/// Column alignment from the delimiter row.
#[derive(Clone, Copy)]
struct Align {
    left: bool,
    right: bool,
}

/// The formatted lines of the table, header first, without line endings.
fn canonical_rows(
    src: &SourceFile,
    table: &Table,
    lines: &[&str],
    config: &Config,
) -> Result<Vec<String>, Diagnostics> {
    let file = src.rel.as_str();
    let columns = table.columns;
    let mut refuse = Diagnostics::default();

    // The table must be laid out as fmt expects: header, delimiter, one body row per line, at
    // the top level of the document (not inside a block quote or list).
    let layout_ok = table.header.line == table.first_line
        && table.delimiter_line == table.first_line + 1
        && table.last_line >= table.delimiter_line
        && table.last_line <= lines.len()
        && table.rows.len() == table.last_line - table.delimiter_line
        && table
            .rows
            .iter()
            .enumerate()
            .all(|(i, r)| r.line == table.delimiter_line + 1 + i)
        && table.top_level;
    if !layout_ok {
        refuse.error(Rule::Fmt,
            file,
            table.first_line,
            1,
            "fmt only formats a matrix table at the top level of the document (not inside a block quote or list), one row per line",
        );
        return Err(refuse);
    }

    let delimiter: Vec<Align> = split_row(lines[table.delimiter_line - 1])
        .iter()
        .map(|c| {
            let t = c.raw.trim();
            Align {
                left: t.starts_with(':'),
                right: t.len() > 1 && t.ends_with(':'),
            }
        })
        .collect();
    if delimiter.len() != columns {
        refuse.error(Rule::Fmt,
            file,
            table.delimiter_line,
            1,
            format!(
                "the delimiter row has {} cells but the header has {columns}; fmt leaves this table alone",
                delimiter.len()
            ),
        );
        return Err(refuse);
    }

    // Which columns hold codes: proposal columns; with items as rows (`orientation: columns`)
    // the implementor columns; with `items: all` in rows every column but the label. Never an
    // implementor attribute column (`implementors: attributes:`): its text is kept as written.
    let m = &config.matrix;
    let item_column: Vec<bool> = table
        .header
        .cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            i > 0
                && config.implementors.attribute(&c.value).is_none()
                && if m.items == crate::config::ItemSelection::Headers
                    && m.orientation == crate::config::Orientation::Rows
                {
                    parse::match_item(&config.items.pattern, &c.value).is_some()
                } else if m.orientation == crate::config::Orientation::Columns {
                    let v = c.value.to_lowercase();
                    !m.is_attribute(&c.value) && v != "status" && v != "compliance"
                } else {
                    true
                }
        })
        .collect();
    let items_as_rows = m.orientation == crate::config::Orientation::Columns;

    let mut rows = vec![Row::Full(
        table
            .header
            .cells
            .iter()
            .map(|c| clean(&c.raw).to_string())
            .collect(),
    )];
    for row in &table.rows {
        for extra in row.cells.iter().skip(columns) {
            refuse.error(Rule::Fmt,
                file,
                extra.line,
                extra.col,
                format!(
                    "extra cell \"{}\" beyond the table's {columns} columns; fmt does not drop cells: remove it or add a column header, then run fmt again",
                    extra.value
                ),
            );
        }
        let kind = parse::row_kind(row);
        let mut texts: Vec<String> = row
            .cells
            .iter()
            .map(|c| clean(&c.raw).to_string())
            .collect();
        let vocab: Option<&Vocabulary> = match kind {
            _ if items_as_rows => Some(&config.codes),
            RowKind::Status => Some(&config.stages),
            RowKind::Compliance => Some(&config.compliance),
            RowKind::Implementor => Some(&config.codes),
            RowKind::Placeholder => None,
        };
        if let Some(vocab) = vocab {
            for (i, cell) in row.cells.iter().enumerate().skip(1) {
                if !item_column.get(i).copied().unwrap_or(false) {
                    continue;
                }
                if let Some(Match::OtherCase(k)) = vocab.lookup(&cell.value) {
                    let code = &vocab.terms[k].code;
                    if texts[i].matches(cell.value.as_str()).count() == 1 {
                        texts[i] = texts[i].replacen(cell.value.as_str(), code, 1);
                    }
                }
            }
        }
        if kind == RowKind::Placeholder {
            rows.push(Row::Label(texts.into_iter().next().unwrap_or_default()));
        } else {
            texts.resize(columns, String::new());
            rows.push(Row::Full(texts));
        }
    }
    if !refuse.is_empty() {
        return Err(refuse);
    }

    let mut widths = vec![3usize; columns];
    for row in &rows {
        match row {
            Row::Full(cells) => {
                for (w, c) in widths.iter_mut().zip(cells) {
                    *w = (*w).max(c.chars().count());
                }
            }
            Row::Label(label) => widths[0] = widths[0].max(label.chars().count()),
        }
    }

    let pad = |text: &str, width: usize| {
        let mut s = text.to_string();
        s.extend(std::iter::repeat_n(' ', width - text.chars().count()));
        s
    };
    let mut out = Vec::with_capacity(rows.len() + 1);
    for (i, row) in rows.iter().enumerate() {
        let line = match row {
            Row::Full(cells) => {
                let padded: Vec<String> =
                    cells.iter().zip(&widths).map(|(c, &w)| pad(c, w)).collect();
                format!("| {} |", padded.join(" | "))
            }
            Row::Label(label) => format!("| {} |", pad(label, widths[0])),
        };
        out.push(line);
        if i == 0 {
            let cells: Vec<String> = delimiter
                .iter()
                .zip(&widths)
                .map(|(a, &w)| {
                    // The dashes also fill the spaces that pad the other rows' cells.
                    let dashes = w + 2 - usize::from(a.left) - usize::from(a.right);
                    format!(
                        "{}{}{}",
                        if a.left { ":" } else { "" },
                        "-".repeat(dashes),
                        if a.right { ":" } else { "" }
                    )
                })
                .collect();
            out.push(format!("|{}|", cells.join("|")));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> Result<String, Diagnostics> {
        format_bytes(text.as_bytes(), "content/2023-11.md", &Config::default())
            .map(|f| String::from_utf8(f.bytes).unwrap_or_default())
    }

    #[test]
    fn canonical_layout() {
        let text = "# Status November 2023\n\n| | GEP-1: Alpha |GEP-2: Beta|\n|--|:-:|--:|\n|Status|p|E|\n| **Acme** | c |\n| **Other?** |\n\nAfter.";
        let want = "# Status November 2023\n\n|            | GEP-1: Alpha | GEP-2: Beta |\n|------------|:------------:|------------:|\n| Status     | P            | E           |\n| **Acme**   | C            |             |\n| **Other?** |\n\nAfter.";
        assert_eq!(fmt(text).unwrap(), want);
        assert_eq!(fmt(want).unwrap(), want);
    }

    #[test]
    fn keeps_lone_crs_outside_the_table() {
        let text =
            "# S November 2023\rold mac line\r\n|x|GEP-1: A|\n|-|-|\n|**A**|c|\n\nafter\rend\r";
        let f = format_bytes(text.as_bytes(), "content/2023-11.md", &Config::default()).unwrap();
        assert_eq!(
            String::from_utf8(f.bytes).unwrap(),
            "# S November 2023\rold mac line\r\n| x     | GEP-1: A |\n|-------|----------|\n| **A** | C        |\n\nafter\rend\r"
        );
    }

    #[test]
    fn keeps_line_endings_and_bom() {
        let text = "\u{feff}# S November 2023\r\n\r\n|x|GEP-1: A|\r\n|-|-|\r\n|**A**|c|";
        let f = format_bytes(text.as_bytes(), "content/2023-11.md", &Config::default()).unwrap();
        assert_eq!(
            String::from_utf8(f.bytes).unwrap(),
            "\u{feff}# S November 2023\r\n\r\n| x     | GEP-1: A |\r\n|-------|----------|\r\n| **A** | C        |"
        );
    }

    #[test]
    fn only_item_columns_get_canonical_codes() {
        // "Notes" names no proposal: its text is kept as written (a warning, not an error).
        let text = "|x|GEP-1: A|Notes|\n|-|-|-|\n|**A**|c|c|\n|Other?|\n";
        assert_eq!(
            fmt(text).unwrap(),
            "| x      | GEP-1: A | Notes |\n|--------|----------|-------|\n| **A**  | C        | c     |\n| Other? |\n"
        );
    }

    #[test]
    fn refuses_extra_cells_and_errors() {
        let e = fmt("|x|GEP-1: A|\n|-|-|\n|**A**|C|PP|\n").unwrap_err();
        assert!(e.items[0].message.contains("extra cell \"PP\""), "{e:?}");
        assert_eq!((e.items[0].line, e.items[0].col), (3, 10));
        let e = fmt("|x|GEP-1: A|\n|-|-|\n|**A**|ZZ|\n").unwrap_err();
        assert!(e.items[0].message.contains("unknown code"), "{e:?}");
        let e = fmt("> |x|GEP-1: A|\n> |-|-|\n> |**A**|C|\n").unwrap_err();
        assert!(e.items[0].message.contains("top level"), "{e:?}");
    }
}
