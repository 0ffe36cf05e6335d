//! The shape of a site's tables, resolved once from `matrix:` ([`MatrixConfig`]) into a
//! [`Layout`]: which axis the implementors are, which labels are items, which tables are the
//! matrix and whether headings name sections. The Gateway API tables are not a special case:
//! they are the layout of the default configuration, [`Layout::GATEWAY`] (implementors as rows,
//! numbered proposals as the header's columns, the one table whose header names them).

use super::ast::Heading;
use super::header::match_item;
use super::row::{char_col, split_row, strip_inline};
use super::table::{Document, RowKind, Table, row_kind};
use crate::config::{Config, DuplicateRows, ItemSelection, MatrixConfig, Orientation, Sections};
use crate::diag::Diagnostics;
use crate::diag::Rule;
use crate::load::SourceFile;
use crate::nouns::Nouns;

/// Which tables of a file are read as the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableChoice {
    /// The table whose header names proposals and that has the most implementor rows, at any
    /// depth, the first on ties (numbered items in the header of one matrix).
    NamingItems,
    /// The top-level table with the most rows, the first on ties.
    Largest,
    /// Every top-level table (one per section).
    EveryTopLevel,
}

/// How a file's tables become items × implementors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Which axis of a table the implementors are.
    pub orientation: Orientation,
    /// Which labels of the item axis are items.
    pub items: ItemSelection,
    /// Which tables are read.
    pub tables: TableChoice,
    /// Whether the heading above a table names its section.
    pub sections: Sections,
    /// Whether rows can start groups (`matrix: group_rows:`).
    pub group_rows: bool,
    /// What two items with one identity in a file mean.
    pub duplicate_rows: DuplicateRows,
}

impl Layout {
    /// The Gateway API tables: the layout of a site that writes no `matrix:` key.
    pub const GATEWAY: Layout = Layout {
        orientation: Orientation::Rows,
        items: ItemSelection::Headers,
        tables: TableChoice::NamingItems,
        sections: Sections::One,
        group_rows: false,
        duplicate_rows: DuplicateRows::Error,
    };

    /// The layout `matrix:` configures. One matrix of numbered items in its header is found by
    /// those headers; one matrix of other items is the largest table; sections read every
    /// top-level table.
    pub fn of(m: &MatrixConfig) -> Layout {
        let tables = match m.sections.kind() {
            Sections::Headings => TableChoice::EveryTopLevel,
            Sections::One
                if m.orientation == Orientation::Rows && m.items == ItemSelection::Headers =>
            {
                TableChoice::NamingItems
            }
            Sections::One => TableChoice::Largest,
        };
        Layout {
            orientation: m.orientation,
            items: m.items,
            tables,
            sections: m.sections.kind(),
            group_rows: m.group_rows,
            duplicate_rows: m.duplicate_rows,
        }
    }

    /// Whether the items are the header's columns (implementors as rows), so a label is a
    /// column header; else each item is a row.
    pub fn items_in_header(&self) -> bool {
        self.orientation == Orientation::Rows
    }

    /// The tables of `doc` read as the matrix, in file order. Only tables `matrix: tables:`
    /// takes are candidates.
    pub fn tables<'d>(&self, doc: &'d Document, config: &Config) -> Vec<&'d Table> {
        let candidates = doc.tables.iter().filter(|t| taken(t, config));
        match self.tables {
            TableChoice::NamingItems => find_matrix(candidates, config).into_iter().collect(),
            TableChoice::Largest => candidates
                .filter(|t| t.top_level)
                .max_by_key(|t| (t.rows.len(), std::cmp::Reverse(t.first_line)))
                .into_iter()
                .collect(),
            TableChoice::EveryTopLevel => candidates.filter(|t| t.top_level).collect(),
        }
    }

    /// A warning at each candidate table one matrix per file leaves unread (`sections: one`
    /// reads the largest table of a configured shape): never silently. The candidates are the
    /// top-level tables `matrix: tables:` takes. (The Gateway API tables are found by their
    /// headers naming proposals, the one with the most implementors: other tables there are
    /// prose, as they always were.)
    pub fn warn_skipped(
        &self,
        doc: &Document,
        config: &Config,
        read: &[&Table],
        file: &str,
        diags: &mut Diagnostics,
    ) {
        let Some(chosen) = read.first() else { return };
        let skipped = doc.tables.iter().filter(|t| {
            taken(t, config)
                && !std::ptr::eq(*t, *chosen)
                && self.tables == TableChoice::Largest
                && t.top_level
        });
        for t in skipped {
            diags.warning(
                Rule::OtherTable,
                file,
                t.header.line,
                1,
                format!(
                    "this table is not read: one matrix per file is the table at line {}; read every table with `matrix: sections: headings`, or choose tables with `matrix: tables: {{ first_header: [...] }}`",
                    chosen.first_line
                ),
            );
        }
    }

    /// The heading naming the section of `table` (the last one above it), with sections.
    pub fn section<'d>(&self, doc: &'d Document, table: &Table) -> Option<&'d Heading> {
        match self.sections {
            Sections::Headings => {
                // Headings are in file order: the last one above the table, by bisection.
                let above = doc.headings.partition_point(|h| h.line < table.first_line);
                above.checked_sub(1).map(|i| &doc.headings[i])
            }
            Sections::One => None,
        }
    }

    /// The error when no table is the matrix: where a header naming proposals failed to be a
    /// table, when the matrix is found by those headers; else at the top of the file.
    pub fn no_matrix(
        &self,
        src: &SourceFile,
        config: &Config,
        nouns: &Nouns,
        diags: &mut Diagnostics,
    ) {
        let file = src.rel.as_str();
        if self.tables != TableChoice::NamingItems {
            diags.error(Rule::NoTable,
                file,
                1,
                1,
                "no matrix table found: add a markdown table with a header row and one row per item",
            );
            return;
        }
        if let Some((line, col, why)) = broken_header(src, config, nouns) {
            diags.error(
                Rule::NoTable,
                file,
                line,
                col,
                format!("no matrix table found: {why}"),
            );
            return;
        }
        // The Gateway API's own example only where the site reads GEPs.
        let example = if config.items == crate::config::ItemConfig::default() {
            config.example_header("1742", "HTTPRoute Timeouts")
        } else {
            config.example_header("<number>", "<title>")
        };
        diags.error(Rule::NoTable,
            file,
            1,
            1,
            format!(
                "no matrix table found: add a markdown table whose header cells name {}, like \"{example}\"",
                nouns.item.many
            ),
        );
    }
}

/// The tables a site's shape reads from `doc`, in file order.
pub fn matrix_tables<'d>(doc: &'d Document, config: &Config) -> Vec<&'d Table> {
    Layout::of(&config.matrix).tables(doc, config)
}

/// The matrix among the tables: headers naming proposals, most implementor rows, first on ties.
pub fn find_matrix<'t>(
    tables: impl IntoIterator<Item = &'t Table>,
    config: &Config,
) -> Option<&'t Table> {
    let mut best: Option<(&Table, usize)> = None;
    for t in tables {
        if !names_items(t, config) {
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

/// Whether a table's header (after its first cell) names a numbered proposal.
fn names_items(t: &Table, config: &Config) -> bool {
    t.header
        .cells
        .iter()
        .skip(1)
        .any(|c| match_item(&config.items.pattern, &c.value).is_some())
}

/// Whether `matrix: tables:` takes a table (by its first header cell).
fn taken(t: &Table, config: &Config) -> bool {
    config
        .matrix
        .tables
        .takes(t.header.cells.first().map_or("", |c| c.value.as_str()))
}

/// When no table names proposals, a line with pipes that does is a matrix header markdown did not
/// read as a table (most often: its delimiter row has another number of cells). Returns where it
/// is and why, so the error points there instead of at the top of the file. comrak gives no
/// node for such a line, so this one reads the text.
fn broken_header(
    src: &SourceFile,
    config: &Config,
    nouns: &Nouns,
) -> Option<(usize, usize, String)> {
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
        let names_items = cells
            .iter()
            .skip(1)
            .any(|c| match_item(&config.items.pattern, &strip_inline(&c.raw)).is_some());
        if !names_items {
            continue;
        }
        let line_no = first_line + i;
        let col = char_col(line, line.len() - line.trim_start().len());
        let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or("");
        let is_delimiter = next.contains('-')
            && next
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
        let items = &nouns.item.many;
        let why = if !is_delimiter {
            format!(
                "this line names {items} but the line below it is not a delimiter row; add one right after it, like |---|---|, with one --- per column"
            )
        } else {
            let header = cells.len();
            let delimiter = split_row(next).len();
            if header != delimiter {
                format!(
                    "this table header has {header} cells but its delimiter row (line {}) has {delimiter}; markdown reads a table only when they match, so give the delimiter row one --- per header cell",
                    line_no + 1
                )
            } else {
                format!(
                    "this line names {items} but is not read as a table; start it at the beginning of a line after a blank line, outside code blocks and HTML"
                )
            }
        };
        return Some((line_no, col, why));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_configuration_is_the_gateway_layout() {
        assert_eq!(Layout::of(&MatrixConfig::default()), Layout::GATEWAY);
        let columns = MatrixConfig {
            orientation: Orientation::Columns,
            ..MatrixConfig::default()
        };
        assert_eq!(Layout::of(&columns).tables, TableChoice::Largest);
        let sections = MatrixConfig {
            sections: crate::config::SectionsSetting::Kind(Sections::Headings),
            ..MatrixConfig::default()
        };
        assert_eq!(Layout::of(&sections).tables, TableChoice::EveryTopLevel);
    }
}
