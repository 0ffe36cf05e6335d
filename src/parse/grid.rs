//! A matrix table as keys × item lines, whatever its orientation: each key is a header of the
//! implementor axis (an implementor, an item attribute, Status or Compliance), each item line
//! an item's label and its cell under each key. With implementors as rows (`orientation:
//! rows`) a key is a row and an item line a column; with `orientation: columns` the reverse.
//! A transpose of references: no cell is copied.

use super::attributes;
use super::layout::Layout;
use super::table::{Cell, Table, TableRow};
use crate::config::{Config, Orientation};

/// What a header of the implementor axis is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Key {
    /// An implementor, by identity (aliases applied).
    Implementor(String),
    /// An item attribute column (`matrix: attribute_columns:`), by its title as written.
    Attribute(String),
    Status,
    Compliance,
    /// A prompt row (`placeholder_rows`) or a row without cells: not read.
    Ignored,
}

/// One item line of a table: its label cell and its cell under each key (`None`: not written).
pub(super) struct Line<'t> {
    pub label: &'t Cell,
    pub values: Vec<Option<&'t Cell>>,
    /// Whether the source has only the label (no cell after it, `|Jaeger|`): a group row
    /// whatever its markup, never an item.
    pub label_only: bool,
}

/// A table as keys × item lines.
pub(super) struct Grid<'t> {
    /// Each key and its header cell.
    pub keys: Vec<(Key, &'t Cell)>,
    pub lines: Vec<Line<'t>>,
    /// With implementors as rows, the row of each key (for its cells beyond the header's
    /// columns) and its implementor attributes (`implementors: attributes:`, read from the
    /// `attribute_columns` of the table); else empty.
    pub key_rows: Vec<&'t TableRow>,
    pub attributes: Vec<Vec<(String, String)>>,
}

/// The table as keys × item lines. `attribute_columns` (implementors as rows only) are the
/// header cells naming implementor attributes: not item lines.
pub(super) fn grid<'t>(
    table: &'t Table,
    layout: &Layout,
    config: &Config,
    attribute_columns: &[(usize, usize)],
) -> Grid<'t> {
    let key_of = |cell: &Cell, cells: usize| {
        let v = cell.value.as_str();
        let lower = v.to_lowercase();
        if config.matrix.is_attribute(v) {
            Key::Attribute(v.trim().to_string())
        } else if lower == "status" {
            Key::Status
        } else if lower == "compliance" {
            Key::Compliance
        } else if cells <= 1 || config.is_placeholder_row(v) {
            Key::Ignored
        } else {
            Key::Implementor(config.implementor_identity(v).to_string())
        }
    };
    match layout.orientation {
        Orientation::Columns => Grid {
            keys: table
                .header
                .cells
                .iter()
                .skip(1)
                .map(|c| (key_of(c, 2), c))
                .collect(),
            lines: table
                .rows
                .iter()
                .filter_map(|r| {
                    Some(Line {
                        label: r.cells.first()?,
                        values: (1..table.columns).map(|j| r.cells.get(j)).collect(),
                        label_only: r.cells.len() == 1,
                    })
                })
                .collect(),
            key_rows: Vec::new(),
            attributes: Vec::new(),
        },
        Orientation::Rows => {
            let rows: Vec<&TableRow> = table.rows.iter().filter(|r| !r.cells.is_empty()).collect();
            Grid {
                keys: rows
                    .iter()
                    .filter_map(|r| {
                        Some((key_of(r.cells.first()?, r.cells.len()), r.cells.first()?))
                    })
                    .collect(),
                lines: (1..table.columns)
                    .filter(|&j| {
                        let header = table.header.cells.get(j);
                        !header.is_some_and(|h| attributes::is_attribute(&h.value, config))
                    })
                    .filter_map(|j| {
                        Some(Line {
                            label: table.header.cells.get(j)?,
                            values: rows.iter().map(|r| r.cells.get(j)).collect(),
                            label_only: false,
                        })
                    })
                    .collect(),
                attributes: rows
                    .iter()
                    .map(|r| attributes::values(r, attribute_columns, config))
                    .collect(),
                key_rows: rows,
            }
        }
    }
}

/// Whether an item line starts a group: its cells repeat the keys' titles (the header row
/// written again, at least one implementor's title among them, so an item flagged only in an
/// attribute column stays an item), or its whole label is a link and every cell is blank (a
/// label that only contains a link, such as `[Default value](…) for service.name`, is an item).
pub(super) fn is_group_line(line: &Line, keys: &[(Key, &Cell)]) -> bool {
    let written: Vec<(&Cell, &Key, &Cell)> = line
        .values
        .iter()
        .zip(keys)
        .filter_map(|(v, (key, k))| v.filter(|c| !c.value.is_empty()).map(|c| (c, key, *k)))
        .collect();
    if written.is_empty() {
        return line.label.only_link;
    }
    written
        .iter()
        .any(|(_, key, _)| matches!(key, Key::Implementor(_)))
        && written
            .iter()
            .all(|(c, _, k)| c.value.trim().eq_ignore_ascii_case(k.value.trim()))
}
