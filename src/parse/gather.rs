//! Items read more than once: each item's identity (its number, or the slug of its section,
//! group and label), duplicates refused or numbered, and, where sections are no part of
//! identity, a row that several tables of one month list gathered into one item, its cells
//! from each table ([`Joined`]), a cell given two values being an error at the second.

use crate::config::{Config, DuplicateRows, Vocabulary};
use crate::diag::{Diagnostics, Rule};
use crate::model::{self, ComplianceId, Implementor, Item, ItemKey, Pos, Rank, StageId, TermId};
use crate::nouns::Nouns;
use std::collections::{HashMap, HashSet};

/// An item as read, before its identity is known.
pub(super) struct Read {
    /// `(number, as written)` of a numbered item.
    pub(super) number: Option<(u32, u32)>,
    pub(super) label: String,
    pub(super) section: String,
    pub(super) group: String,
    pub(super) attributes: Vec<(String, String)>,
    pub(super) status: StageId,
    pub(super) compliance: ComplianceId,
    pub(super) pos: Pos,
    /// The table it was read from (0 for the file's first matrix table).
    pub(super) table: usize,
    /// (implementor index, cell, where it is written) of each implementor cell read for it
    /// (its rank not yet resolved).
    pub(super) cells: Vec<(usize, model::Cell, Pos)>,
    /// Whether its versions came from a list (`versions: lists: by_line`): a line the list
    /// does not name is blank for it (not supported), not absent.
    pub(super) list: bool,
}

/// What an item read becomes: an item with its identity, part of an earlier item with the
/// same identity read from another table (sections outside identity gather a row's cells
/// from every table of the month), or nothing (a duplicate, an error).
pub(super) enum Identity {
    Own(ItemKey),
    /// The index (in the items read) of the item it joins.
    Into(usize),
    None,
}

/// The identity of each item, [`Identity::None`] for a duplicate (an error at both lines): its
/// number, or the slug of its section, its group where its label repeats within the section,
/// and its label. With sections outside identity, an item whose identity an item of an earlier
/// table has (and no other row of its own table) joins that item ([`Identity::Into`]).
pub(super) fn identities(
    items: &[Read],
    config: &Config,
    file: &str,
    diags: &mut Diagnostics,
) -> Vec<Identity> {
    let label_slugs: Vec<String> = items
        .iter()
        .map(|r| match r.number {
            Some(_) => String::new(),
            None => crate::slug::slugify(&r.label),
        })
        .collect();
    // With `sections: { identity: false }` the section is no part of an identity: a label
    // repeats (and takes its group) across the whole file.
    let by_section = config.matrix.sections.identity();
    fn scope(r: &Read, by_section: bool) -> &str {
        if by_section { r.section.as_str() } else { "" }
    }
    let mut repeats: HashMap<(&str, &str), usize> = HashMap::new();
    for (r, slug) in items.iter().zip(&label_slugs) {
        if r.number.is_none() {
            *repeats
                .entry((scope(r, by_section), slug.as_str()))
                .or_default() += 1;
        }
    }
    let mut seen: HashMap<ItemKey, usize> = HashMap::new();
    // `duplicate_rows: number`: the next number to try for a repeated identity.
    let mut next: HashMap<String, usize> = HashMap::new();
    // The tables each item (by index) has been read from, when read from more than one, with
    // the row read there: (table, index of the row).
    let mut tables_of: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    let mut out = Vec::with_capacity(items.len());
    for (i, (r, label)) in items.iter().zip(&label_slugs).enumerate() {
        let key = match r.number {
            Some((n, _)) => ItemKey::Number(n),
            None => {
                if label.is_empty() {
                    diags.error(Rule::NoName,
                        file,
                        r.pos.line,
                        r.pos.col,
                        format!(
                            "item \"{}\" has no letters or digits to identify it; give it a label with some",
                            r.label
                        ),
                    );
                    out.push(Identity::None);
                    continue;
                }
                let mut parts = Vec::new();
                let section = crate::slug::slugify(&r.section);
                if !section.is_empty() && by_section {
                    parts.push(section);
                }
                let group = crate::slug::slugify(&r.group);
                if repeats[&(scope(r, by_section), label.as_str())] > 1 && !group.is_empty() {
                    parts.push(group);
                }
                parts.push(label.clone());
                ItemKey::Slug(parts.join("/"))
            }
        };
        let key = config.item_identity(key);
        // Sections outside identity: a row of another table with an identity already read is
        // the same item, its cells gathered (a second row in one table is still a duplicate).
        if !by_section && let Some(&j) = seen.get(&key) {
            let tables = tables_of
                .entry(j)
                .or_insert_with(|| vec![(items[j].table, j)]);
            if tables.iter().all(|&(t, _)| t != r.table) {
                tables.push((r.table, i));
                out.push(Identity::Into(j));
                continue;
            }
        }
        // `duplicate_rows: number`: the later rows with an identity are numbered in file order.
        let key = match key {
            ItemKey::Slug(slug)
                if config.matrix.duplicate_rows == DuplicateRows::Number
                    && seen.contains_key(&ItemKey::Slug(slug.clone())) =>
            {
                let n = next.entry(slug.clone()).or_insert(2);
                let free = (*n..)
                    .map(|n| (n, ItemKey::Slug(format!("{slug}--{n}"))))
                    .find(|(_, k)| !seen.contains_key(k));
                match free {
                    Some((found, k)) => {
                        *n = found + 1;
                        k
                    }
                    None => ItemKey::Slug(slug),
                }
            }
            key => key,
        };
        if let Some(&j) = seen.get(&key) {
            // The row with this identity in the same table, when it joined an earlier one.
            let j = tables_of
                .get(&j)
                .and_then(|t| t.iter().find(|&&(t, _)| t == r.table))
                .map_or(j, |&(_, k)| k);
            let p = &items[j];
            let what = match &key {
                ItemKey::Number(_) => "proposal".to_string(),
                ItemKey::Slug(s) => format!("identity \"{s}\""),
            };
            diags.error(Rule::Duplicate,
                file,
                p.pos.line,
                p.pos.col,
                format!(
                    "two rows have the same {what}: this one and line {}; make their labels (or groups) differ",
                    r.pos.line
                ),
            );
            diags.error(Rule::Duplicate,
                file,
                r.pos.line,
                r.pos.col,
                format!(
                    "two rows have the same {what}: this one and line {}; make their labels (or groups) differ",
                    p.pos.line
                ),
            );
            out.push(Identity::None);
            continue;
        }
        seen.insert(key.clone(), i);
        out.push(Identity::Own(key));
    }
    out
}

/// An item (index `at` in the file's items) that a row of a later table joins.
pub(super) struct Joined<'m> {
    pub(super) item: &'m mut Item,
    pub(super) at: usize,
    pub(super) implementors: &'m mut [Implementor],
    /// Where each cell (implementor, item) was written.
    pub(super) written: &'m mut HashMap<(usize, usize), Pos>,
}

impl Joined<'_> {
    /// Gathers `read` (the same item in another table) into the item: its cells fill the
    /// item's absent and blank ones; a cell whose code differs from one already read is an
    /// error at it (the first is kept). Its stage, compliance and attribute values fill blank
    /// ones; a differing value is a warning at its label (the first is kept).
    pub(super) fn join(
        &mut self,
        read: Read,
        config: &Config,
        nouns: &Nouns,
        file: &str,
        diags: &mut Diagnostics,
    ) {
        let k = self.at;
        // Two columns of one implementor in a table: the first is read.
        let mut here: HashSet<usize> = HashSet::new();
        for (i, mut cell, pos) in read.cells {
            if !here.insert(i) {
                continue;
            }
            cell.rank = config.code_rank(&cell.code).unwrap_or(Rank::BLANK);
            let row = &mut self.implementors[i];
            let Some(known) = row.cells.get_mut(k) else {
                continue;
            };
            if known.rank == Rank::ABSENT || (known.code.is_empty() && !cell.code.is_empty()) {
                *known = cell;
                self.written.insert((i, k), pos);
            } else if !cell.code.is_empty() && cell.code != known.code {
                let first = self.written.get(&(i, k)).copied().unwrap_or(self.item.pos);
                diags.error(
                    Rule::Inconsistent,
                    file,
                    pos.line,
                    pos.col,
                    format!(
                        "\"{}\" × {} is \"{}\" here but \"{}\" at line {}, column {}: a row listed in several tables of a month is one {}, so its cell can hold one value; keep one (the first is read)",
                        row.name,
                        self.item.title,
                        cell.code,
                        known.code,
                        first.line,
                        first.col,
                        nouns.item.one
                    ),
                );
            }
        }
        let item = &mut *self.item;
        let (at, stages, compliance) = (read.pos, &config.stages, &config.compliance);
        fill_id(
            &mut item.status,
            read.status,
            stages,
            "Stage",
            at,
            file,
            diags,
        );
        fill_id(
            &mut item.compliance,
            read.compliance,
            compliance,
            "Compliance",
            at,
            file,
            diags,
        );
        for (name, other) in read.attributes {
            match item.attributes.iter_mut().find(|(n, _)| *n == name) {
                Some((_, known)) => fill(known, other, &name, read.pos, file, diags),
                None => item.attributes.push((name, other)),
            }
        }
    }
}

/// [`fill`] for a stage or compliance id of `vocab`: the codes are compared and said.
fn fill_id<I: TermId>(
    known: &mut I,
    other: I,
    vocab: &Vocabulary,
    name: &str,
    at: Pos,
    file: &str,
    diags: &mut Diagnostics,
) {
    let mut code = vocab.code_of(*known).to_string();
    fill(
        &mut code,
        vocab.code_of(other).to_string(),
        name,
        at,
        file,
        diags,
    );
    *known = vocab.id(&code);
}

/// Fills a blank value `known` with `other`; a value that differs from it is a warning at `at`,
/// and the first is kept.
fn fill(
    known: &mut String,
    other: String,
    name: &str,
    at: Pos,
    file: &str,
    diags: &mut Diagnostics,
) {
    if known.is_empty() {
        *known = other;
    } else if !other.is_empty() && other != *known {
        diags.warning(
            Rule::Inconsistent,
            file,
            at.line,
            at.col,
            format!(
                "{name} \"{other}\" differs from \"{known}\" in an earlier table of this file; the first is kept"
            ),
        );
    }
}
