//! The tables of a markdown file, from one comrak parse: every table with its rows and cells
//! (values from comrak's inline parse, columns from comrak's source positions; only the cells
//! beyond the header's columns, which comrak drops, are split from their line, see
//! [`super::row`]), and the file's headings.

use super::ast::{self, comrak_options, plain_text};
use super::row::{self, RawCell, cell_col, clean, split_row, strip_inline};
use comrak::nodes::NodeValue;
use comrak::{Arena, parse_document};

/// A cell of a matrix row: its value (from comrak where it has one) and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub value: String,
    /// The destination when the cell is written as a link (`[C](https://…)`), as written.
    pub link: Option<String>,
    /// Whether the whole cell is that one link (perhaps in emphasis): `[Span](api.md)`, not
    /// `[Default value](api.md) for service.name`.
    pub only_link: bool,
    /// The names of the GFM footnotes the cell refers to (`❌[^1]`: `1`), in order: never part
    /// of its value (a code or a label), kept as the cell's note.
    pub notes: Vec<String>,
    /// The texts of the in-page links written in the cell beside its value (`see
    /// [below](#jdk-12-notes)`, `2.12.4[¹](#notes)`: `below`, `¹`), in order: no part of its
    /// value and never evidence (a fragment points into the page the file was written for),
    /// kept as the cell's note. A cell that is one in-page link (`[C](#c)`) reads as its text.
    pub anchors: Vec<String>,
    pub raw: String,
    pub line: usize,
    pub col: usize,
}

/// A table row as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// 1-based line in the file.
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// A table of the document, located in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// First and last line (1-based, in the file) of the table, delimiter row included.
    pub first_line: usize,
    pub last_line: usize,
    /// Whether the table is a direct child of the document (not inside a list or quote).
    pub top_level: bool,
    /// Number of columns of the header.
    pub columns: usize,
    pub header: TableRow,
    /// The 1-based line of the delimiter row.
    pub delimiter_line: usize,
    pub rows: Vec<TableRow>,
}

/// What kind of row a body row of the matrix is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Status,
    Compliance,
    /// A label with no cells at all (`| **Other?** |`).
    Placeholder,
    Implementor,
}

pub fn row_kind(row: &TableRow) -> RowKind {
    let label = row
        .cells
        .first()
        .map(|c| c.value.to_lowercase())
        .unwrap_or_default();
    if label == "status" {
        RowKind::Status
    } else if label == "compliance" {
        RowKind::Compliance
    } else if row.cells.len() <= 1 {
        RowKind::Placeholder
    } else {
        RowKind::Implementor
    }
}

/// What one comrak parse of a file gives: its tables and its first heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub tables: Vec<Table>,
    /// The first heading of the body; its line is the file's.
    pub heading: Option<ast::Heading>,
    /// Every heading of the body in order, lines in the file (sections of `sections: headings`).
    pub headings: Vec<ast::Heading>,
    /// The GFM footnote definitions of the file (`[^1]: text`), in file order: each name and
    /// its text (inline markup dropped).
    pub footnotes: Vec<(String, String)>,
}

impl Document {
    /// The text of footnote `name`, if the file defines it.
    pub fn footnote(&self, name: &str) -> Option<&str> {
        self.footnotes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    }
}

/// A value without the footnote references written in it as text (`C [^2]`, when comrak did
/// not read them as references: no definition), and their names.
fn without_footnote_refs(value: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(value.len());
    let mut names = Vec::new();
    let mut rest = value;
    while let Some(at) = rest.find("[^") {
        let after = &rest[at + 2..];
        match after.find(']') {
            Some(end)
                if end > 0
                    && !after[..end].contains(['[', ' ', '\t'])
                    && !after[end + 1..].starts_with(['(', ':']) =>
            {
                out.push_str(&rest[..at]);
                names.push(after[..end].to_string());
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(&rest[..at + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, names)
}

/// Every table of a markdown text (the whole file; `body_start` skips the front matter).
pub fn tables(text: &str, body_start: usize) -> Vec<Table> {
    document(text, body_start).tables
}

/// Parses the body of a file once with comrak (the whole text; `body_start` skips the front
/// matter): its tables and first heading, with lines counted in the file.
pub fn document(text: &str, body_start: usize) -> Document {
    let body = &text[body_start..];
    let line_offset = text[..body_start].matches('\n').count();
    let lines: Vec<&str> = text.split('\n').collect();
    let arena = Arena::new();
    // Footnotes read as GFM reads them: a reference in a cell is no part of its value.
    let mut options = comrak_options();
    options.extension.footnotes = true;
    let root = parse_document(&arena, body, &options);
    let footnotes = root
        .descendants()
        .filter_map(|n| {
            match &n.data.borrow().value {
                NodeValue::FootnoteDefinition(d) => Some(d.name.clone()),
                _ => None,
            }
            .map(|name| {
                let mut text = String::new();
                plain_text(n, &mut text);
                (name, clean(&text).to_string())
            })
        })
        .collect();
    let heading = ast::heading_in(root).map(|h| ast::Heading {
        line: h.line + line_offset,
        last_line: h.last_line + line_offset,
        ..h
    });
    let headings = ast::headings_in(root)
        .into_iter()
        .map(|h| ast::Heading {
            line: h.line + line_offset,
            last_line: h.last_line + line_offset,
            ..h
        })
        .collect();
    let mut out = Vec::new();
    for node in root.descendants() {
        let (first, last) = {
            let d = node.data.borrow();
            if !matches!(d.value, NodeValue::Table(_)) {
                continue;
            }
            (
                d.sourcepos.start.line + line_offset,
                d.sourcepos.end.line + line_offset,
            )
        };
        let top_level = node.parent().is_some_and(|p| std::ptr::eq(p, root));
        let mut header = None;
        let mut rows = Vec::new();
        for row_node in node.children() {
            let (is_header, line) = {
                let d = row_node.data.borrow();
                let NodeValue::TableRow(h) = d.value else {
                    continue;
                };
                (h, d.sourcepos.start.line + line_offset)
            };
            let raw_line = lines
                .get(line - 1)
                .copied()
                .unwrap_or("")
                .trim_end_matches('\r');
            let raw_cells = written_cells(row_node, raw_line);
            let (mut ast_cells, mut ast_anchors): (Vec<String>, Vec<Vec<String>>) =
                row_node.children().map(text_and_anchors).unzip();
            // Each cell's footnote references, by name.
            let mut ast_notes: Vec<Vec<String>> = row_node
                .children()
                .map(|c| {
                    c.descendants()
                        .filter_map(|n| match &n.data.borrow().value {
                            NodeValue::FootnoteReference(r) => Some(r.name.clone()),
                            _ => None,
                        })
                        .collect()
                })
                .collect();
            // Each cell's first link: its destination and its text.
            let mut ast_links: Vec<Option<(String, String)>> = row_node
                .children()
                .map(|c| {
                    c.descendants().find_map(|n| match &n.data.borrow().value {
                        NodeValue::Link(l) if !is_anchor(&l.url) => {
                            let mut text = String::new();
                            plain_text(n, &mut text);
                            Some((l.url.clone(), text))
                        }
                        _ => None,
                    })
                })
                .collect();
            let ascii = raw_line.is_ascii();
            let cells = raw_cells
                .into_iter()
                .enumerate()
                .map(|(i, rc)| {
                    let col = if ascii {
                        // One byte per column; the first visible character, or the cell start.
                        let lead = rc.raw.len() - rc.raw.trim_start_matches(row::is_space).len();
                        rc.start + if lead == rc.raw.len() { 0 } else { lead } + 1
                    } else {
                        cell_col(raw_line, &rc)
                    };
                    let value = match ast_cells.get_mut(i) {
                        Some(v) => {
                            let t = clean(v);
                            if t.len() == v.len() {
                                std::mem::take(v)
                            } else {
                                t.to_string()
                            }
                        }
                        None => strip_inline(&rc.raw),
                    };
                    let mut notes = ast_notes.get_mut(i).map(std::mem::take).unwrap_or_default();
                    let value = if value.contains("[^") {
                        let (v, more) = without_footnote_refs(&value);
                        notes.extend(more);
                        clean(&v).to_string()
                    } else {
                        value
                    };
                    let anchors = ast_anchors
                        .get_mut(i)
                        .map(std::mem::take)
                        .unwrap_or_default();
                    let link = ast_links.get_mut(i).and_then(Option::take);
                    let only_link = link
                        .as_ref()
                        .is_some_and(|(_, text)| clean(text) == value.as_str());
                    Cell {
                        value,
                        link: link.map(|(url, _)| url),
                        only_link,
                        notes,
                        anchors,
                        raw: rc.raw,
                        line,
                        col,
                    }
                })
                .collect();
            let row = TableRow { line, cells };
            if is_header {
                header = Some(row);
            } else {
                rows.push(row);
            }
        }
        if let Some(header) = header {
            let columns = header.cells.len();
            let delimiter_line = header.line + 1;
            out.push(Table {
                first_line: first,
                last_line: last,
                top_level,
                columns,
                header,
                delimiter_line,
                rows,
            });
        }
    }
    Document {
        tables: out,
        heading,
        headings,
        footnotes,
    }
}

/// Whether a link destination points into the page itself (`#notes`).
fn is_anchor(url: &str) -> bool {
    url.starts_with('#')
}

/// A cell's text as [`plain_text`] reads it, without the text of its in-page links, and those
/// texts (cleaned, in order). A cell that holds nothing but in-page links reads as their text,
/// with no anchors: `[C](#c)` is the code `C`.
fn text_and_anchors<'a>(cell: &'a comrak::nodes::AstNode<'a>) -> (String, Vec<String>) {
    fn walk<'a>(n: &'a comrak::nodes::AstNode<'a>, out: &mut String, anchors: &mut Vec<String>) {
        if let NodeValue::Link(l) = &n.data.borrow().value
            && is_anchor(&l.url)
        {
            let mut text = String::new();
            plain_text(n, &mut text);
            anchors.push(clean(&text).to_string());
            return;
        }
        match &n.data.borrow().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::HtmlInline(h) => out.push_str(h),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            _ => {}
        }
        for c in n.children() {
            walk(c, out, anchors);
        }
    }
    let mut text = String::new();
    let mut anchors = Vec::new();
    walk(cell, &mut text, &mut anchors);
    if anchors.is_empty() {
        return (text, anchors);
    }
    if clean(&text).is_empty() {
        let mut whole = String::new();
        plain_text(cell, &mut whole);
        return (whole, Vec::new());
    }
    (text, anchors)
}

/// The cells written on a table row's line, each where comrak's source positions put it (byte
/// columns): comrak's cells without the empty ones it adds to fill a short row (no content, no
/// width, at or past the row's closing pipe), then the cells written beyond the header's
/// columns, which comrak drops: those are split from the rest of the line.
fn written_cells<'a>(row_node: &'a comrak::nodes::AstNode<'a>, raw_line: &str) -> Vec<RawCell> {
    let mut cells = Vec::new();
    // The byte offset just after the last cell comrak read.
    let mut end = 0;
    for c in row_node.children() {
        let (s, e) = {
            let d = c.data.borrow();
            (d.sourcepos.start.column, d.sourcepos.end.column)
        };
        let start = s.saturating_sub(1).min(raw_line.len());
        let filler = c.first_child().is_none()
            && s == e
            && raw_line.as_bytes().get(start).is_none_or(|&b| b == b'|');
        if filler {
            break;
        }
        let stop = e.clamp(start, raw_line.len());
        cells.push(RawCell {
            raw: raw_line.get(start..stop).unwrap_or("").to_string(),
            start,
        });
        end = stop;
    }
    let rest = raw_line.get(end..).unwrap_or("");
    if !matches!(rest.trim(), "" | "|") {
        cells.extend(split_row(rest).into_iter().map(|c| RawCell {
            raw: c.raw,
            start: c.start + end,
        }));
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    /// comrak's positions give the cells the line shows: each as split from the line, none
    /// of the fillers of a short row, and the cells beyond the header's columns.
    /// A footnote reference is never part of a cell's value, with or without its definition.
    #[test]
    fn footnote_references_are_notes() {
        let text = "| P | Go |\n|---|---|\n| `gc` [^5] | ❌[^1] |\n| x | C [^9] |\n\n[^1]: Not on *arm*.\n[^5]: Renamed.\n";
        let doc = document(text, 0);
        let cells: Vec<(String, Vec<String>)> = doc.tables[0]
            .rows
            .iter()
            .flat_map(|r| r.cells.iter().map(|c| (c.value.clone(), c.notes.clone())))
            .collect();
        let s = |v: &str| v.to_string();
        assert_eq!(
            cells,
            [
                (s("gc"), vec![s("5")]),
                (s("❌"), vec![s("1")]),
                (s("x"), vec![]),
                (s("C"), vec![s("9")])
            ]
        );
        assert_eq!(doc.footnote("1"), Some("Not on arm."));
        assert_eq!(doc.footnote("9"), None);
        assert_eq!(
            without_footnote_refs("[x](y) [^a] b"),
            (s("[x](y)  b"), vec![s("a")])
        );
    }

    #[test]
    fn cells_where_comrak_puts_them() {
        let rows = [
            "|  x | é **y** |",
            "| x ||",
            "| x | y",
            "| x |",
            "x",
            "| p | q | r | s | t |",
            "| p | q | r ||",
            "| p | q | r | s",
            "|\u{a0}C | [z](http://x) |   |",
            r"| \| e | f\|g | h |",
            "| x | |",
            "| x |  |",
        ];
        for row in rows {
            let text = format!("| a | b | c |\n|---|---|---|\n{row}\n");
            let doc = document(&text, 0);
            let got: Vec<(String, usize)> = doc.tables[0].rows[0]
                .cells
                .iter()
                .map(|c| (c.raw.clone(), c.col))
                .collect();
            let want: Vec<(String, usize)> = split_row(row)
                .iter()
                .map(|c| (c.raw.clone(), cell_col(row, c)))
                .collect();
            assert_eq!(got, want, "{row}");
        }
    }
}
