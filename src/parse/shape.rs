//! The matrix shapes `matrix:` configures (issue #16): implementors as columns (`orientation:
//! columns`, a parse-time transpose), every row an item without a number (`items: all`),
//! attribute columns, group rows, and one table per heading (`sections: headings`). Every table
//! becomes item lines (an item's label and its value under each key: an implementor, an
//! attribute, Status or Compliance), so both orientations are read by one code path into the one
//! model: items × implementors. With no `matrix:` key the Gateway API parser in [`super`] runs.

use super::*;
use crate::config::{DuplicateRows, Items, Orientation, Sections};
use crate::model::Rank;

/// What a header of the implementor axis is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Implementor(String),
    Attribute(String),
    Status,
    Compliance,
    /// A prompt row (`placeholder_rows`) or a row without cells: not read.
    Ignored,
}

/// One item line of a table: its label cell and its cell under each key (`None`: not written).
struct Line<'t> {
    label: &'t Cell,
    values: Vec<Option<&'t Cell>>,
}

/// A table as keys × item lines, whatever its orientation.
struct Grid<'t> {
    keys: Vec<(Key, &'t Cell)>,
    lines: Vec<Line<'t>>,
    /// With implementors as rows, each key's implementor attributes (`implementors:
    /// attributes:`, read from the `attribute_columns` of the table); else empty.
    attributes: Vec<Vec<(String, String)>>,
}

/// The table as keys × item lines. `attribute_columns` (implementors as rows only) are the
/// header cells naming implementor attributes: not item lines.
fn grid<'t>(table: &'t Table, config: &Config, attribute_columns: &[(usize, usize)]) -> Grid<'t> {
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
    match config.matrix.orientation {
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
                    })
                })
                .collect(),
            attributes: Vec::new(),
        },
        Orientation::Rows => {
            let rows: Vec<&TableRow> = table.rows.iter().filter(|r| !r.cells.is_empty()).collect();
            Grid {
                keys: rows
                    .iter()
                    .map(|r| (key_of(&r.cells[0], r.cells.len()), &r.cells[0]))
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
                        })
                    })
                    .collect(),
                attributes: rows
                    .iter()
                    .map(|r| attributes::values(r, attribute_columns, config))
                    .collect(),
            }
        }
    }
}

/// An implementor as first met in the file's tables.
struct Met {
    name: String,
    /// Its name as written.
    written: String,
    pos: Pos,
    /// Its implementor attribute values (`implementors: attributes:`).
    attributes: Vec<(String, String)>,
}

/// An item as read, before its identity is known.
struct Read {
    number: Option<(u32, u32)>,
    label: String,
    section: String,
    group: String,
    attributes: Vec<(String, String)>,
    status: String,
    compliance: String,
    pos: Pos,
    /// (implementor, code, link) of each implementor cell written for it.
    cells: Vec<(String, String, String)>,
}

/// Whether an item line starts a group: its cells repeat the keys' titles (the header row
/// written again, at least one implementor's title among them, so an item flagged only in an
/// attribute column stays an item), or its whole label is a link and every cell is blank (a
/// label that only contains a link, such as `[Default value](…) for service.name`, is an item).
fn is_group_line(line: &Line, keys: &[(Key, &Cell)]) -> bool {
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

/// The tables a configured shape reads: with `sections: headings` every top-level table, else
/// the top-level table with the most rows (the first on ties).
pub fn matrix_tables<'d>(doc: &'d Document, config: &Config) -> Vec<&'d Table> {
    match config.matrix.sections {
        Sections::Headings => doc.tables.iter().filter(|t| t.top_level).collect(),
        Sections::One => doc
            .tables
            .iter()
            .filter(|t| t.top_level)
            .max_by_key(|t| (t.rows.len(), std::cmp::Reverse(t.first_line)))
            .into_iter()
            .collect(),
    }
}

/// The snapshot of a file in a configured shape.
pub(super) fn snapshot(
    src: &SourceFile,
    doc: &Document,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<Snapshot> {
    let file = src.rel.as_str();
    let tables = matrix_tables(doc, config);
    let Some(first) = tables.first() else {
        diags.error(
            file,
            1,
            1,
            "no matrix table found: add a markdown table with a header row and one row per item",
        );
        return None;
    };
    let mut implementors: Vec<Met> = Vec::new();
    let mut release_column = false;
    let mut items: Vec<Read> = Vec::new();
    for table in &tables {
        let section = match config.matrix.sections {
            Sections::Headings => doc
                .headings
                .iter()
                .rev()
                .find(|h| h.line < table.first_line)
                .map(|h| h.text.clone())
                .unwrap_or_default(),
            Sections::One => String::new(),
        };
        let attribute_columns = match config.matrix.orientation {
            Orientation::Rows => attributes::columns(&table.header, config, file, diags),
            Orientation::Columns => Vec::new(),
        };
        release_column |= attributes::has_release(&attribute_columns, config);
        let g = grid(table, config, &attribute_columns);
        for (k, (key, cell)) in g.keys.iter().enumerate() {
            let attributes = g.attributes.get(k);
            if let Key::Implementor(name) = key {
                if name.is_empty() {
                    diags.error(
                        file,
                        cell.line,
                        cell.col,
                        format!(
                            "this {} has no name; write it in its header cell",
                            config.implementor_word(false)
                        ),
                    );
                } else if let Some(known) = implementors.iter_mut().find(|i| i.name == *name) {
                    // A later section's table: its values fill what earlier ones left blank.
                    merge_attributes(&mut known.attributes, attributes, cell, file, diags);
                } else {
                    implementors.push(Met {
                        name: name.clone(),
                        written: cell.value.clone(),
                        pos: Pos {
                            line: cell.line,
                            col: cell.col,
                        },
                        attributes: attributes
                            .cloned()
                            .unwrap_or_else(|| attributes::blank(config)),
                    });
                }
            }
        }
        let mut group = String::new();
        for line in &g.lines {
            let label = line.label;
            if config.is_placeholder_row(&label.value) {
                continue;
            }
            if config.matrix.group_rows && is_group_line(line, &g.keys) {
                group = label.value.clone();
                continue;
            }
            if label.value.is_empty() {
                diags.error(
                    file,
                    label.line,
                    label.col,
                    "row has no label; write the item in its first cell",
                );
                continue;
            }
            let number = match config.matrix.items {
                Items::All => None,
                Items::Headers => match match_proposal(&config.proposals.pattern, &label.value) {
                    Some((written, title)) => {
                        Some((config.proposal_identity(written), written, title))
                    }
                    None => {
                        let example = config.example_header("<number>", "<title>");
                        diags.warning(
                            file,
                            label.line,
                            label.col,
                            format!("\"{}\" does not name a proposal and is ignored; write it as \"{example}\"", label.value),
                        );
                        continue;
                    }
                },
            };
            let mut read = Read {
                number: number.as_ref().map(|(n, w, _)| (*n, *w)),
                label: number
                    .map(|(_, _, t)| t)
                    .unwrap_or_else(|| label.value.clone()),
                section: section.clone(),
                group: group.clone(),
                attributes: Vec::new(),
                status: String::new(),
                compliance: String::new(),
                pos: Pos {
                    line: label.line,
                    col: label.col,
                },
                cells: Vec::new(),
            };
            for ((key, header), cell) in g.keys.iter().zip(&line.values) {
                match key {
                    Key::Ignored => {}
                    Key::Attribute(name) => {
                        let v = cell.map(|c| c.value.as_str()).unwrap_or("");
                        let column = config.matrix.attribute(&header.value);
                        let canonical = match column {
                            _ if v.is_empty() => Some(""),
                            // The column's own title, as written in this table's header.
                            _ if v.trim().eq_ignore_ascii_case(header.value.trim()) => {
                                Some(name.as_str())
                            }
                            Some(a) => a.canonical(v),
                            None => None,
                        };
                        let v = match canonical {
                            Some(c) => c,
                            None => {
                                let c = cell.expect("a written value has a cell");
                                let allowed: Vec<String> = std::iter::once(name.clone())
                                    .chain(column.into_iter().flat_map(|a| {
                                        a.values().iter().map(|x| x.trim().to_string())
                                    }))
                                    .map(|x| format!("\"{x}\""))
                                    .collect();
                                diags.error(
                                    file,
                                    c.line,
                                    c.col,
                                    format!(
                                        "unknown value \"{v}\" under the attribute column \"{name}\"; allowed: {} or blank",
                                        allowed.join(", ")
                                    ),
                                );
                                ""
                            }
                        };
                        read.attributes.push((name.clone(), v.to_string()));
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
                                read.status = code;
                            } else {
                                read.compliance = code;
                            }
                        }
                    }
                    Key::Implementor(name) if !name.is_empty() => {
                        let (code, link) = match cell {
                            Some(c) => (
                                read_code(c, config, file, diags).unwrap_or_default(),
                                c.link
                                    .as_ref()
                                    .map(|u| evidence_link(u, c, file, diags))
                                    .unwrap_or_default(),
                            ),
                            None => (String::new(), String::new()),
                        };
                        read.cells.push((name.clone(), code, link));
                    }
                    Key::Implementor(_) => {}
                }
            }
            items.push(read);
        }
    }

    let keys = identities(&items, config, file, diags);
    let mut proposals: Vec<Proposal> = Vec::new();
    let mut rows: Vec<Implementor> = implementors
        .into_iter()
        .map(
            |Met {
                 name,
                 written,
                 pos,
                 attributes,
             }| Implementor {
                name,
                written_name: written,
                cells: Vec::new(),
                ranks: Vec::new(),
                links: Vec::new(),
                attributes,
                evidence: Evidence::Current,
                pos,
            },
        )
        .collect();
    for (read, key) in items.into_iter().zip(keys) {
        let Some(key) = key else { continue };
        for row in rows.iter_mut() {
            let cell = read.cells.iter().find(|(n, _, _)| *n == row.name);
            let (code, link, rank) = match cell {
                Some((_, code, link)) => (
                    code.clone(),
                    link.clone(),
                    config.code_rank(code).unwrap_or(Rank::BLANK),
                ),
                None => (String::new(), String::new(), Rank::ABSENT),
            };
            row.cells.push(code);
            row.links.push(link);
            row.ranks.push(rank);
        }
        proposals.push(Proposal {
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

    attributes::resolve_evidence(&mut rows, src, release_column, config, diags);
    let last = tables.last().unwrap_or(first);
    // With sections, the heading naming the first section is the matrix's, not prose.
    let matrix_start = match config.matrix.sections {
        Sections::Headings => doc
            .headings
            .iter()
            .rev()
            .find(|h| h.line < first.first_line)
            .map_or(first.first_line, |h| h.line),
        Sections::One => first.first_line,
    };
    Some(assemble(
        src,
        doc,
        (matrix_start, first.first_line, last.last_line),
        proposals,
        rows,
    ))
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
            diags.warning(
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

/// The identity of each item, `None` for a duplicate (an error at both lines): its number, or
/// the slug of its section, its group where its label repeats within the section, and its label.
fn identities(
    items: &[Read],
    config: &Config,
    file: &str,
    diags: &mut Diagnostics,
) -> Vec<Option<ItemKey>> {
    use std::collections::HashMap;
    let label_slug = |r: &Read| crate::slug::slugify(&r.label);
    let mut repeats: HashMap<(&str, String), usize> = HashMap::new();
    for r in items.iter().filter(|r| r.number.is_none()) {
        *repeats
            .entry((r.section.as_str(), label_slug(r)))
            .or_default() += 1;
    }
    let mut seen: HashMap<ItemKey, usize> = HashMap::new();
    let mut out = Vec::with_capacity(items.len());
    for (i, r) in items.iter().enumerate() {
        let key = match r.number {
            Some((n, _)) => ItemKey::Number(n),
            None => {
                let label = label_slug(r);
                if label.is_empty() {
                    diags.error(
                        file,
                        r.pos.line,
                        r.pos.col,
                        format!(
                            "item \"{}\" has no letters or digits to identify it; give it a label with some",
                            r.label
                        ),
                    );
                    out.push(None);
                    continue;
                }
                let mut parts = Vec::new();
                let section = crate::slug::slugify(&r.section);
                if !section.is_empty() {
                    parts.push(section);
                }
                let group = crate::slug::slugify(&r.group);
                if repeats[&(r.section.as_str(), label.clone())] > 1 && !group.is_empty() {
                    parts.push(group);
                }
                parts.push(label);
                ItemKey::Slug(parts.join("/"))
            }
        };
        // `duplicate_rows: number`: the later rows with an identity are numbered in file order.
        let key = match key {
            ItemKey::Slug(slug)
                if config.matrix.duplicate_rows == DuplicateRows::Number
                    && seen.contains_key(&ItemKey::Slug(slug.clone())) =>
            {
                (2..)
                    .map(|n| ItemKey::Slug(format!("{slug}--{n}")))
                    .find(|k| !seen.contains_key(k))
                    .expect("a free number")
            }
            key => key,
        };
        if let Some(&j) = seen.get(&key) {
            let p = &items[j];
            let what = match &key {
                ItemKey::Number(_) => "proposal".to_string(),
                ItemKey::Slug(s) => format!("identity \"{s}\""),
            };
            diags.error(
                file,
                p.pos.line,
                p.pos.col,
                format!(
                    "two rows have the same {what}: this one and line {}; make their labels (or groups) differ",
                    r.pos.line
                ),
            );
            diags.error(
                file,
                r.pos.line,
                r.pos.col,
                format!(
                    "two rows have the same {what}: this one and line {}; make their labels (or groups) differ",
                    p.pos.line
                ),
            );
            out.push(None);
            continue;
        }
        seen.insert(key.clone(), i);
        out.push(Some(key));
    }
    out
}
