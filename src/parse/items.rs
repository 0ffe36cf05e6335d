//! The matrix's tables read into items and implementors: each table as keys × item lines (see
//! [`super::grid`]), implementors met by name through a map, each item line read into its
//! label, section, group, attributes, stage and cells (indexes of implementors, never a
//! search), then every item's identity, then the model's rows. Linear in the cells read.

use crate::diag::Rule;
use std::collections::HashMap;

use super::attributes;
use super::cells::{attribute_value, implementor_cell, read_value};
use super::gather::{self, Identity, Read};
use super::grid::{Key, Line, grid, is_group_line};
use super::header::match_item;
use super::layout::Layout;
use super::table::{Cell, Document, Table};
use super::version_lists;
use crate::config::{ANNOTATION, Config, ItemSelection, Orientation};
use crate::diag::Diagnostics;
use crate::model::{self, ComplianceId, Evidence, Implementor, Item, Pos, Rank, StageId};
use crate::nouns::Nouns;

/// An implementor as first met in the file's tables.
struct Met {
    name: String,
    /// Its name as written.
    written: String,
    pos: Pos,
    /// Its implementor attribute values (`implementors: attributes:`).
    attributes: Vec<(String, String)>,
}

/// What [`Reader::cells`] reads a line by: each key with its header cell, its implementor
/// index, and the version lines of the table (`versions: lists: by_line`).
type Columns<'k, 'c> = (
    &'k [(Key, &'c Cell)],
    &'k [Option<usize>],
    &'k [model::Version],
);

/// The items and implementors of a file, read table by table.
pub(super) struct Reader<'a> {
    config: &'a Config,
    nouns: &'a Nouns,
    layout: Layout,
    file: &'a str,
    implementors: Vec<Met>,
    /// Implementor name → index in `implementors`.
    implementor_at: HashMap<String, usize>,
    /// Whether a table has the release attribute column.
    release_column: bool,
    items: Vec<Read>,
    /// Tables read so far.
    tables: usize,
    /// With items in the header, number → index in `items` (a second column is refused).
    numbered: HashMap<u32, usize>,
}

/// What the reader gives: proposals and implementors (the model's rows), and whether a table
/// had the release column.
pub(super) struct Matrix {
    pub items: Vec<Item>,
    pub implementors: Vec<Implementor>,
    pub release_column: bool,
}

impl<'a> Reader<'a> {
    pub fn new(config: &'a Config, nouns: &'a Nouns, layout: Layout, file: &'a str) -> Reader<'a> {
        Reader {
            config,
            nouns,
            layout,
            file,
            implementors: Vec::new(),
            implementor_at: HashMap::new(),
            release_column: false,
            items: Vec::new(),
            tables: 0,
            numbered: HashMap::new(),
        }
    }

    /// Reads one table of the matrix.
    pub fn table(&mut self, doc: &Document, table: &Table, diags: &mut Diagnostics) {
        let (config, file) = (self.config, self.file);
        let section = self
            .layout
            .section(doc, table)
            .map(|h| h.text.clone())
            .unwrap_or_default();
        let attribute_columns = match self.layout.orientation {
            Orientation::Rows => attributes::columns(&table.header, config, file, diags),
            Orientation::Columns => Vec::new(),
        };
        self.release_column |= attributes::has_release(&attribute_columns, config);
        let g = grid(table, &self.layout, config, &attribute_columns);
        // A row's cells beyond the header's columns are read by no one: said at each.
        for ((key, _), row) in g.keys.iter().zip(&g.key_rows) {
            if *key == Key::Ignored {
                continue;
            }
            for extra in row.cells.iter().skip(table.columns) {
                diags.warning(Rule::ExtraCell,
                    file,
                    extra.line,
                    extra.col,
                    format!(
                        "extra cell \"{}\" beyond the table's {} columns is ignored; remove it or add a column header",
                        extra.value, table.columns
                    ),
                );
            }
        }
        let at = self.implementor_keys(&g.keys, &g.attributes, diags);
        let lines = version_lists::lines(
            config,
            g.keys.iter().filter_map(|(k, _)| match k {
                Key::Implementor(name) => Some(name.as_str()),
                _ => None,
            }),
        );
        let table_index = self.tables;
        self.tables += 1;
        let mut group = String::new();
        for line in &g.lines {
            let label = line.label;
            if config.is_placeholder_row(&label.value) {
                continue;
            }
            // A row with only its label heads the rows below it (whatever its markup).
            if line.label_only || (self.layout.group_rows && is_group_line(line, &g.keys)) {
                group = label.value.clone();
                continue;
            }
            // Annotations (`matrix: label_annotations:`) are no part of the label.
            let (stripped, annotations) = config.matrix.strip_annotations(&label.value);
            let unannotated;
            let label = if annotations.is_empty() {
                label
            } else {
                unannotated = Cell {
                    value: stripped,
                    ..label.clone()
                };
                &unannotated
            };
            let Some(number) = self.number(label, diags) else {
                continue;
            };
            let attributes = if config.matrix.label_annotations.is_empty() {
                Vec::new()
            } else {
                vec![(ANNOTATION.to_string(), annotations.join(" "))]
            };
            let read = Read {
                number: number.as_ref().map(|(n, w, _)| (*n, *w)),
                label: number
                    .map(|(_, _, t)| t)
                    .unwrap_or_else(|| label.value.clone()),
                section: section.clone(),
                group: group.clone(),
                attributes,
                status: StageId::BLANK,
                compliance: ComplianceId::BLANK,
                pos: Pos {
                    line: label.line,
                    col: label.col,
                },
                table: table_index,
                cells: Vec::new(),
                list: false,
            };
            let read = self.cells(read, line, (&g.keys, &at, &lines), doc, diags);
            if let Some((n, _)) = read.number
                && self.layout.items_in_header()
            {
                self.numbered.insert(n, self.items.len());
            }
            self.items.push(read);
        }
    }

    /// The implementor index of each key (`None`: not an implementor, or not read): an
    /// implementor met in an earlier table (a section's) is the same one, its attributes
    /// filling what that table left blank. A row without a name and, with implementors as
    /// rows, a second row of one implementor in a table are errors, and not read.
    fn implementor_keys(
        &mut self,
        keys: &[(Key, &Cell)],
        attributes: &[Vec<(String, String)>],
        diags: &mut Diagnostics,
    ) -> Vec<Option<usize>> {
        let (config, file) = (self.config, self.file);
        let rows = self.layout.orientation == Orientation::Rows;
        // With implementors as rows: name → line of its row in this table.
        let mut row_of: HashMap<&str, usize> = HashMap::new();
        let mut at = Vec::with_capacity(keys.len());
        for (k, (key, cell)) in keys.iter().enumerate() {
            let Key::Implementor(name) = key else {
                at.push(None);
                continue;
            };
            // A column listing versions is no implementor: its versions go to their lines.
            if !rows && version_lists::is_list_column(config, name) {
                at.push(None);
                continue;
            }
            if name.is_empty() {
                let message = if rows {
                    format!(
                        "row has no {} name; write the name in its first cell",
                        self.nouns.implementor.one
                    )
                } else {
                    format!(
                        "this {} has no name; write it in its header cell",
                        self.nouns.implementor.one
                    )
                };
                diags.error(Rule::NoName, file, cell.line, cell.col, message);
                at.push(None);
                continue;
            }
            if rows {
                if let Some(line) = row_of.get(name.as_str()) {
                    diags.error(Rule::Duplicate,
                        file,
                        cell.line,
                        cell.col,
                        format!(
                            "duplicate {word} \"{name}\" (already on line {line}); keep one row per {word}",
                            word = self.nouns.implementor.one
                        ),
                    );
                    at.push(None);
                    continue;
                }
                row_of.insert(name, cell.line);
            }
            let more = attributes.get(k);
            let i = match self.implementor_at.get(name) {
                Some(&i) => {
                    // A later section's table: its values fill what earlier ones left blank.
                    merge_attributes(
                        &mut self.implementors[i].attributes,
                        more,
                        cell,
                        file,
                        diags,
                    );
                    i
                }
                None => {
                    let i = self.implementors.len();
                    self.implementor_at.insert(name.clone(), i);
                    self.implementors.push(Met {
                        name: name.clone(),
                        written: cell.value.clone(),
                        pos: Pos {
                            line: cell.line,
                            col: cell.col,
                        },
                        attributes: more.cloned().unwrap_or_else(|| attributes::blank(config)),
                    });
                    i
                }
            };
            at.push(Some(i));
        }
        at
    }

    /// What an item line's label makes of it: `Some(None)` an item without a number,
    /// `Some(Some((number, as written, title)))` a numbered one, `None` not an item (with its
    /// diagnostic).
    #[allow(clippy::type_complexity)]
    fn number(&self, label: &Cell, diags: &mut Diagnostics) -> Option<Option<(u32, u32, String)>> {
        let (config, file) = (self.config, self.file);
        let in_header = self.layout.items_in_header();
        if label.value.is_empty() && (self.layout.items == ItemSelection::All || !in_header) {
            diags.error(
                Rule::NoName,
                file,
                label.line,
                label.col,
                "row has no label; write the item in its first cell",
            );
            return None;
        }
        if self.layout.items == ItemSelection::All {
            return Some(None);
        }
        let Some((written, title)) = match_item(&config.items.pattern, &label.value) else {
            let example = config.example_header("<number>", "<title>");
            let message = if in_header {
                format!(
                    "column \"{}\" does not name a proposal and is ignored; write its header as \"{example}\"",
                    label.value
                )
            } else {
                format!(
                    "\"{}\" does not name a proposal and is ignored; write it as \"{example}\"",
                    label.value
                )
            };
            diags.warning(Rule::NotAnItem, file, label.line, label.col, message);
            return None;
        };
        let number = config.number_identity(written);
        // Items in the header: a second column of one proposal is refused where it is (rows
        // are checked with every identity, at both lines).
        if in_header && let Some(&j) = self.numbered.get(&number) {
            let prev = &self.items[j];
            let prev_written = prev.number.map_or(number, |(_, w)| w);
            let renumbered = [written, prev_written]
                .into_iter()
                .find(|&w| w != number)
                .map(|w| {
                    format!(
                        " ({} is renumbered to {} by aliases: proposals: in content/site.yaml)",
                        config.item_id(&w.into()),
                        config.item_id(&number.into())
                    )
                })
                .unwrap_or_default();
            diags.error(Rule::Duplicate,
                file,
                label.line,
                label.col,
                format!(
                    "duplicate proposal column {}{} (already at line {}, column {}); keep one column per proposal",
                    config.item_id(&number.into()),
                    renumbered,
                    prev.pos.line,
                    prev.pos.col
                ),
            );
            return None;
        }
        Some(Some((number, written, title)))
    }

    /// Reads an item line's cells under each key into `read`.
    fn cells(
        &mut self,
        mut read: Read,
        line: &Line,
        (keys, at, lines): Columns,
        doc: &Document,
        diags: &mut Diagnostics,
    ) -> Read {
        let (config, file) = (self.config, self.file);
        for (((key, header), cell), at) in keys.iter().zip(&line.values).zip(at) {
            let cell = *cell;
            match key {
                Key::Ignored => {}
                Key::Attribute(name) => {
                    let column = config.matrix.attribute(&header.value);
                    let v = attribute_value(cell, name, header, column, file, diags);
                    read.attributes.push((name.clone(), v));
                }
                Key::Status | Key::Compliance => {
                    let Some(c) = cell else { continue };
                    let (vocab, what) = if *key == Key::Status {
                        (&config.stages, "stage")
                    } else {
                        (&config.compliance, "compliance value")
                    };
                    if let Some(code) = read_value(c, vocab, what, &[], file, diags) {
                        if *key == Key::Status {
                            read.status = vocab.id(&code);
                        } else {
                            read.compliance = vocab.id(&code);
                        }
                    }
                }
                Key::Implementor(name) if at.is_none() => {
                    if let Some(c) = cell
                        && self.layout.orientation == Orientation::Columns
                        && version_lists::is_list_column(config, name)
                    {
                        read.list = true;
                        let pos = Pos {
                            line: c.line,
                            col: c.col,
                        };
                        for (line, v) in version_lists::split(c, config, lines, file, diags) {
                            let i = self.line_implementor(&line, c);
                            read.cells.push((i, v, pos));
                        }
                    }
                }
                Key::Implementor(_) => {
                    if let Some(i) = *at {
                        // An unwritten cell is where its row's label is.
                        let pos = cell.map_or(read.pos, |c| Pos {
                            line: c.line,
                            col: c.col,
                        });
                        read.cells
                            .push((i, implementor_cell(cell, config, doc, file, diags), pos));
                    }
                }
            }
        }
        read
    }

    /// The implementor of version line `line` (its identity after aliases), met now if not
    /// yet, where `cell` lists it.
    fn line_implementor(&mut self, line: &str, cell: &Cell) -> usize {
        let name = self.config.implementor_identity(line).to_string();
        if let Some(&i) = self.implementor_at.get(&name) {
            return i;
        }
        let i = self.implementors.len();
        self.implementor_at.insert(name.clone(), i);
        self.implementors.push(Met {
            written: line.to_string(),
            name,
            pos: Pos {
                line: cell.line,
                col: cell.col,
            },
            attributes: attributes::blank(self.config),
        });
        i
    }

    /// The proposals (items with an identity, in file order) and the implementors with a
    /// cell for each: [`Rank::ABSENT`] where an implementor has no cell for an item (its
    /// table is another section's). An item read again in another table (sections outside
    /// identity) gathers that table's cells ([`gather::join`]).
    pub fn finish(self, diags: &mut Diagnostics) -> Matrix {
        let (config, file) = (self.config, self.file);
        let ids = gather::identities(&self.items, config, file, diags);
        let n = ids.iter().filter(|k| matches!(k, Identity::Own(_))).count();
        let joins = ids.iter().any(|k| matches!(k, Identity::Into(_)));
        let mut implementors: Vec<Implementor> = self
            .implementors
            .into_iter()
            .map(|m| Implementor {
                name: m.name,
                written_name: m.written,
                cells: vec![model::Cell::absent(); n],
                attributes: m.attributes,
                evidence: Evidence::Current,
                pos: m.pos,
            })
            .collect();
        let mut items: Vec<Item> = Vec::with_capacity(n);
        // Each item read's index in `items`, for the reads that join it.
        let mut index_of: Vec<Option<usize>> = Vec::with_capacity(ids.len());
        // Where each cell was written, kept only when some item is read in several tables.
        let mut written: HashMap<(usize, usize), Pos> = HashMap::new();
        for (read, id) in self.items.into_iter().zip(ids) {
            let key = match id {
                Identity::Own(key) => key,
                Identity::Into(j) => {
                    if let Some(k) = index_of.get(j).copied().flatten() {
                        let mut joined = gather::Joined {
                            item: &mut items[k],
                            at: k,
                            implementors: &mut implementors,
                            written: &mut written,
                        };
                        joined.join(read, config, self.nouns, file, diags);
                    }
                    index_of.push(None);
                    continue;
                }
                Identity::None => {
                    index_of.push(None);
                    continue;
                }
            };
            let k = items.len();
            index_of.push(Some(k));
            if read.list {
                for row in implementors.iter_mut() {
                    row.cells[k] = model::Cell::default();
                }
            }
            for (i, mut cell, pos) in read.cells {
                let row = &mut implementors[i];
                // Two columns of one implementor in a table (or two versions of one line in
                // a list): the first is read.
                if row.cells[k].rank != Rank::ABSENT
                    && (!read.list || row.cells[k].version.is_some())
                {
                    continue;
                }
                cell.rank = config.code_rank(&cell.code).unwrap_or(Rank::BLANK);
                row.cells[k] = cell;
                if joins {
                    written.insert((i, k), pos);
                }
            }
            items.push(Item {
                key,
                written_number: read.number.map_or(0, |(_, w)| w),
                title: read.label,
                section: read.section,
                group: read.group,
                attributes: read.attributes,
                status: read.status,
                compliance: read.compliance,
                pos: read.pos,
            });
        }
        Matrix {
            items,
            implementors,
            release_column: self.release_column,
        }
    }
}

/// Fills the blank attribute values of an implementor met in an earlier table from `more`
/// (its values in this table); a value that differs from one already read is a warning at the
/// row's label, and the first is kept.
fn merge_attributes(
    known: &mut [(String, String)],
    more: Option<&Vec<(String, String)>>,
    label: &Cell,
    file: &str,
    diags: &mut Diagnostics,
) {
    for ((name, value), (_, other)) in known.iter_mut().zip(more.into_iter().flatten()) {
        if value.is_empty() {
            value.clone_from(other);
        } else if !other.is_empty() && other != value {
            diags.warning(Rule::Inconsistent,
                file,
                label.line,
                label.col,
                format!(
                    "{name} \"{other}\" differs from \"{value}\" in an earlier table of this file; the first is kept"
                ),
            );
        }
    }
}
