//! Parsing: markdown text → [`Snapshot`], one path for every shape. comrak (tables extension,
//! source positions on) finds the tables (`table`); the site's shape, resolved from `matrix:`
//! into a [`Layout`] (the Gateway API tables are the default configuration's), says which
//! tables are the matrix and which axis the implementors are ([`layout`]); each table is read
//! as keys × item lines (`grid`) into items and implementors (`items`), each cell against
//! the site's vocabularies (`cells`). Cells are where comrak's source positions put them,
//! their values from comrak's inline parse, so `**C**`, `[C](url)` and escaped pipes read as
//! their text; only the cells beyond the header's columns, which comrak drops, are split from
//! the rest of their line ([`row`]). Problems become diagnostics with file, line and column.

pub use crate::markdown as ast;
mod attributes;
mod cells;
mod gather;
mod grid;
mod header;
mod items;
pub mod layout;
pub mod row;
mod table;
mod version_lists;

pub use ast::comrak_options;
pub use header::match_item;
pub use layout::{Layout, find_matrix, matrix_tables};
pub use table::{Cell, Document, RowKind, Table, TableRow, document, row_kind, tables};

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::load::SourceFile;
use crate::model::{Implementor, Item, Pos, Snapshot};
use crate::nouns::Nouns;

/// Parses a loaded file into a snapshot. Returns `None` only when there is no matrix at all;
/// other problems are diagnostics (worded with `nouns`, the site's: [`crate::site::nouns`])
/// and the snapshot keeps what could be read.
pub fn parse_snapshot(
    src: &SourceFile,
    config: &Config,
    nouns: &Nouns,
    diags: &mut Diagnostics,
) -> Option<Snapshot> {
    snapshot(
        src,
        &document(&src.text, src.body_start),
        config,
        nouns,
        diags,
    )
}

/// [`parse_snapshot`] from a [`Document`] already parsed from `src` (so a caller that needs the
/// tables too, like `fmt`, parses the file once): the matrix tables of the site's [`Layout`],
/// read in file order into one snapshot.
pub fn snapshot(
    src: &SourceFile,
    doc: &Document,
    config: &Config,
    nouns: &Nouns,
    diags: &mut Diagnostics,
) -> Option<Snapshot> {
    let layout = Layout::of(&config.matrix);
    let tables = layout.tables(doc, config);
    let (Some(&first), Some(&last)) = (tables.first(), tables.last()) else {
        layout.no_matrix(src, config, nouns, diags);
        return None;
    };
    layout.warn_skipped(doc, config, &tables, &src.rel, diags);
    let mut reader = items::Reader::new(config, nouns, layout, &src.rel);
    for table in &tables {
        reader.table(doc, table, diags);
    }
    let mut matrix = reader.finish(diags);
    attributes::resolve_evidence(
        &mut matrix.implementors,
        src,
        matrix.release_column,
        config,
        diags,
    );
    // With sections, the heading naming the first section is the matrix's, not prose.
    let matrix_start = layout
        .section(doc, first)
        .map_or(first.first_line, |h| h.line);
    let mut snapshot = assemble(
        src,
        doc,
        (matrix_start, first.first_line, last.last_line),
        matrix.items,
        matrix.implementors,
    );
    snapshot.footnotes = footnotes(doc, &tables);
    snapshot.section_prose = section_prose(src, doc, &layout, &tables);
    // Their definitions are shown under the matrix, not again in the prose.
    for prose in [&mut snapshot.prose_before, &mut snapshot.prose_after] {
        *prose = without_definitions(prose, &snapshot.footnotes);
    }
    for s in &mut snapshot.section_prose {
        for prose in [&mut s.before, &mut s.after] {
            *prose = without_definitions(prose, &snapshot.footnotes);
        }
    }
    Some(snapshot)
}

/// With sections, the prose inside the matrix around each of its `tables` (in file order):
/// the lines after the table's section heading (or after the previous table, under the same
/// heading) up to it, and after it up to the next table's section heading. Text before the
/// first section and after the last table is the snapshot's `prose_before` and `prose_after`.
fn section_prose(
    src: &SourceFile,
    doc: &Document,
    layout: &Layout,
    tables: &[&Table],
) -> Vec<crate::model::SectionProse> {
    if layout.sections != crate::config::Sections::Headings {
        return Vec::new();
    }
    let lines: Vec<&str> = src.text.split_inclusive('\n').collect();
    // Lines `from..=to` (1-based) of the file, "" when none.
    let take = |from: usize, to: usize| -> String {
        let to = to.min(lines.len());
        if from == 0 || from > to {
            return String::new();
        }
        lines[from - 1..to].concat()
    };
    let mut out = Vec::with_capacity(tables.len());
    for (i, t) in tables.iter().enumerate() {
        let heading = layout.section(doc, t);
        let prev_last = i.checked_sub(1).map(|p| tables[p].last_line);
        let start = match (heading, prev_last) {
            (Some(h), Some(p)) if h.line > p => h.last_line + 1,
            (_, Some(p)) => p + 1,
            (Some(h), None) => h.last_line + 1,
            (None, None) => t.first_line,
        };
        let before = take(start, t.first_line.saturating_sub(1));
        let after = match tables.get(i + 1).map(|n| layout.section(doc, n)) {
            Some(Some(h)) if h.line > t.last_line => take(t.last_line + 1, h.line - 1),
            _ => String::new(),
        };
        out.push(crate::model::SectionProse {
            section: heading.map(|h| h.text.clone()).unwrap_or_default(),
            before,
            after,
        });
    }
    out
}

/// `prose` without the definitions of `notes` (`[^1]: …` and its indented continuation lines).
fn without_definitions(prose: &str, notes: &[crate::model::Footnote]) -> String {
    if notes.is_empty() || !prose.contains("[^") {
        return prose.to_string();
    }
    let mut out = String::with_capacity(prose.len());
    let mut in_definition = false;
    for line in prose.split_inclusive('\n') {
        let t = line.trim_start();
        let starts = notes
            .iter()
            .any(|n| t.starts_with(&format!("[^{}]:", n.name)) && line.len() - t.len() < 4);
        let continues = in_definition && (line.starts_with("    ") || line.starts_with('\t'));
        in_definition = starts || continues;
        if !in_definition {
            out.push_str(line);
        }
    }
    out
}

/// The footnote definitions the matrix tables refer to, in file order.
fn footnotes(doc: &Document, tables: &[&Table]) -> Vec<crate::model::Footnote> {
    let referred: std::collections::HashSet<&str> = tables
        .iter()
        .flat_map(|t| std::iter::once(&t.header).chain(&t.rows))
        .flat_map(|r| &r.cells)
        .flat_map(|c| c.notes.iter().map(String::as_str))
        .collect();
    doc.footnotes
        .iter()
        .filter(|(name, _)| referred.contains(name.as_str()))
        .map(|(name, text)| crate::model::Footnote {
            name: name.clone(),
            text: text.clone(),
        })
        .collect()
}

/// The snapshot of a parsed matrix: the prose before the matrix (from `matrix_start`, its
/// first line, heading included), the prose after its last line, and the title (front matter,
/// else the first heading, else "Status <month>"). `lines` is (matrix start, first table line,
/// last table line).
fn assemble(
    src: &SourceFile,
    doc: &Document,
    (matrix_start, first_line, last_line): (usize, usize, usize),
    items: Vec<Item>,
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
        items,
        implementors,
        prose_before,
        prose_after,
        table_pos: Pos {
            line: first_line,
            col: 1,
        },
        current_releases: src.current_releases.as_ref().map(|c| c.releases.clone()),
        draft: src.draft,
        footnotes: Vec::new(),
        section_prose: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str, text: &str) -> (Option<Snapshot>, Vec<String>) {
        let config = Config::parse(yaml, "content/site.yaml").expect("a valid site.yaml");
        let mut diags = Diagnostics::default();
        let snapshot = crate::load::source_from_bytes(
            text.as_bytes().to_vec(),
            "content/2024-01.md",
            &mut diags,
        )
        .and_then(|src| parse_snapshot(&src, &config, &crate::site::nouns(&config), &mut diags));
        let shown = diags.items.iter().map(|d| d.to_string()).collect();
        (snapshot, shown)
    }

    fn matrix(s: &Snapshot) -> Vec<(String, Vec<String>)> {
        s.implementors
            .iter()
            .map(|i| {
                (
                    i.name.clone(),
                    i.codes().into_iter().map(String::from).collect(),
                )
            })
            .collect()
    }

    /// The Gateway API table read by the default layout and by a configured one (sections,
    /// none named here) is one matrix, with the same checks at the same places.
    #[test]
    fn the_default_layout_is_a_shape_like_the_others() {
        let text = "# M\n\n| Name | GEP-1: One | GEP-2: Two | Notes |\n|---|---|---|---|\n| Acme | C | | x |\n| Status | E | S |\n| Acme | P | P |\n| Beta | P | C | | more |\n";
        let (gateway, gateway_diags) = read("title: x\n", text);
        let (sections, section_diags) = read("title: x\nmatrix: { sections: headings }\n", text);
        let (gateway, sections) = (gateway.expect("a matrix"), sections.expect("a matrix"));
        assert_eq!(gateway_diags, section_diags);
        assert!(
            gateway_diags
                .iter()
                .any(|d| d
                    .contains("7:3: error: duplicate implementor \"Acme\" (already on line 5)")),
            "{gateway_diags:#?}"
        );
        assert!(
            gateway_diags
                .iter()
                .any(|d| d.contains("8:20: warning: extra cell \"more\""))
        );
        assert_eq!(matrix(&gateway), matrix(&sections));
        // Both read with the default stages.
        let stages = Config::parse("title: x\n", "content/site.yaml")
            .expect("a valid site.yaml")
            .stages;
        let keys = |s: &Snapshot| -> Vec<(String, String)> {
            s.items
                .iter()
                .map(|p| (p.key.to_string(), stages.code_of(p.status).to_string()))
                .collect()
        };
        assert_eq!(
            keys(&gateway),
            [("1".into(), "E".into()), ("2".into(), "S".into())]
        );
        assert_eq!(keys(&gateway), keys(&sections));
    }

    /// A table and its transpose, implementors as rows and as columns, read as one matrix.
    #[test]
    fn both_orientations_read_one_matrix() {
        let yaml = "title: x\ncodes:\n  - { code: \"\", label: Unknown }\n  - { code: \"-\", label: No }\n  - { code: \"+\", label: Yes }\nmatrix: { items: all, orientation: ";
        let rows = "| Language | Spans | Logs |\n|---|---|---|\n| Go | + | - |\n| Rust | | + |\n";
        let columns = "| Feature | Go | Rust |\n|---|---|---|\n| Spans | + | |\n| Logs | - | + |\n";
        let (a, da) = read(&format!("{yaml}rows }}\n"), rows);
        let (b, db) = read(&format!("{yaml}columns }}\n"), columns);
        assert_eq!((da, db), (vec![], vec![]));
        let (a, b) = (a.expect("a matrix"), b.expect("a matrix"));
        assert_eq!(matrix(&a), matrix(&b));
        assert_eq!(
            matrix(&a),
            [
                ("Go".to_string(), vec!["+".to_string(), "-".to_string()]),
                ("Rust".to_string(), vec![String::new(), "+".to_string()])
            ]
        );
    }

    fn labels(s: &Snapshot) -> Vec<String> {
        s.items.iter().map(|p| p.key.to_string()).collect()
    }

    /// `matrix: tables: { first_header: [...] }` reads only those tables; with one matrix per
    /// file, every other candidate table is a warning at its header, never silently dropped.
    #[test]
    fn tables_are_chosen_by_their_first_header_and_skipped_ones_are_said() {
        let yaml = "title: x\ncodes:\n  - { code: \"\", label: Unknown }\n  - { code: \"+\", label: Yes }\nmatrix: { orientation: columns, items: all";
        let text = "| Device | Go |\n|---|---|\n| a | + |\n| b | + |\n| c | + |\n\n| Feature | Go |\n|---|---|\n| Spans | + |\n\n| Feature | Go |\n|---|---|\n| Logs | + |\n| Metrics | |\n";
        let (s, diags) = read(&format!("{yaml} }}\n"), text);
        assert_eq!(labels(&s.expect("a matrix")), ["a", "b", "c"]);
        assert_eq!(
            diags,
            [
                "content/2024-01.md:7:1: warning: this table is not read: one matrix per file is the table at line 1; read every table with `matrix: sections: headings`, or choose tables with `matrix: tables: { first_header: [...] }`",
                "content/2024-01.md:11:1: warning: this table is not read: one matrix per file is the table at line 1; read every table with `matrix: sections: headings`, or choose tables with `matrix: tables: { first_header: [...] }`",
            ]
        );
        let (s, diags) = read(
            &format!("{yaml}, sections: headings, tables: {{ first_header: [FEATURE] }} }}\n"),
            text,
        );
        assert_eq!(diags, Vec::<String>::new());
        assert_eq!(labels(&s.expect("a matrix")), ["spans", "logs", "metrics"]);
    }

    /// `{ column: Server, values: any }` keeps any text; `not_applicable: [""]` makes a blank
    /// cell not applicable; `TBD` rows and rows with only a label are never items.
    #[test]
    fn free_text_blank_not_applicable_placeholders_and_label_only_rows() {
        let yaml = "title: x\ncodes:\n  - { code: \"\", label: Unknown }\n  - { code: \"+\", label: Yes }\nnot_applicable: [\"\"]\nmatrix: { orientation: columns, items: all, group_rows: true, attribute_columns: [{ column: Server, values: any }] }\n";
        let text = "| Feature | Server | Go | Rust |\n|---|---|---|---|\n| Spans | `gopls` 1.2 | + | |\n|Jaeger|\n| Export | **x** | | + |\n| TBD | | | |\n";
        let (s, diags) = read(yaml, text);
        assert_eq!(diags, Vec::<String>::new());
        let s = s.expect("a matrix");
        assert_eq!(labels(&s), ["spans", "export"]);
        let attrs: Vec<_> = s.items.iter().map(|p| p.attributes.clone()).collect();
        assert_eq!(
            attrs,
            [
                vec![("Server".to_string(), "gopls 1.2".to_string())],
                vec![("Server".to_string(), "x".to_string())]
            ]
        );
        assert_eq!(s.items[1].group, "Jaeger");
        let config = Config::parse(yaml, "content/site.yaml").expect("a valid site.yaml");
        let rust = &s.implementors[1];
        assert_eq!(
            config.ranks.class(rust.cells[0].rank.index()),
            crate::config::RankClass::NotApplicable
        );
        assert_eq!(
            config.ranks.class(rust.cells[1].rank.index()),
            crate::config::RankClass::Complete
        );
    }

    /// `sections: { from: headings, identity: false }`: the heading is no part of an item's
    /// identity (a move keeps it); `aliases: items:` renames any id, slug or number.
    #[test]
    fn sections_outside_identity_and_item_aliases() {
        let yaml = "title: x\ncodes:\n  - { code: \"\", label: Unknown }\n  - { code: \"+\", label: Yes }\nmatrix: { orientation: columns, items: all, sections: { from: headings, identity: false, label: Tier } }\naliases: { items: { old-name: gc } }\n";
        let text = "## Tier 1\n\n| Proposal | Go |\n|---|---|\n| Old name | + |\n\n## Tier 2\n\n| Proposal | Go |\n|---|---|\n| Pools | |\n";
        let (s, diags) = read(yaml, text);
        assert_eq!(diags, Vec::<String>::new());
        let s = s.expect("a matrix");
        assert_eq!(labels(&s), ["gc", "pools"]);
        let sections: Vec<&str> = s.items.iter().map(|p| p.section.as_str()).collect();
        assert_eq!(sections, ["Tier 1", "Tier 2"]);
        let (s, _) = read(&yaml.replace("identity: false, ", ""), text);
        assert_eq!(
            labels(&s.expect("a matrix")),
            ["tier-1/old-name", "tier-2/pools"]
        );
    }

    /// `matrix: label_annotations:` strips annotations from a label into the `Annotation`
    /// attribute; with sections outside identity a row in two tables is one item whose cells
    /// are gathered, a cell given two values an error at the second, and a second row in one
    /// table still a duplicate.
    #[test]
    fn annotations_leave_identity_and_rows_in_two_tables_are_one_item() {
        let yaml = "title: x\ncodes:\n  - { code: \"\", label: No }\n  - { code: \"~\", label: Partly }\n  - { code: \"+\", label: Yes }\nproposals: { label: Release, path: releases, url: \"\" }\nmatrix: { orientation: columns, items: all, sections: { from: headings, identity: false }, label_annotations: [\"(LTS)\", \"(ea)\"] }\n";
        let text = "## New\n\n| Release | 3.x | 2.13 |\n|---|---|---|\n| 21 (EA) | ~ | |\n| 17 (LTS) | + | + |\n\n## Old\n\n| Release | 2.13 | 2.12 |\n|---|---|---|\n| 17 | + | + |\n| 11 (lts) (ea) | | + |\n";
        let (s, diags) = read(yaml, text);
        assert_eq!(diags, Vec::<String>::new());
        let s = s.expect("a matrix");
        assert_eq!(labels(&s), ["21", "17", "11"]);
        let annotations: Vec<(&str, &str)> = s
            .items
            .iter()
            .map(|p| (p.title.as_str(), p.attributes[0].1.as_str()))
            .collect();
        assert_eq!(
            annotations,
            [("21", "(ea)"), ("17", "(LTS)"), ("11", "(LTS) (ea)")]
        );
        // 17's cells come from both tables: 3.x and 2.13 from the first, 2.12 from the second.
        let m = matrix(&s);
        let s = |v: &str| v.to_string();
        assert_eq!(
            m,
            [
                (s("3.x"), vec![s("~"), s("+"), s("")]),
                (s("2.13"), vec![s(""), s("+"), s("")]),
                (s("2.12"), vec![s(""), s("+"), s("+")]),
            ]
        );
        // Two values for one cell: an error at the second, naming the first.
        let (_, diags) = read(yaml, &text.replace("| 17 | + | + |", "| 17 | ~ | + |"));
        assert_eq!(
            diags,
            [
                "content/2024-01.md:12:8: error: \"2.13\" × 17 is \"~\" here but \"+\" at line 6, column 18: a row listed in several tables of a month is one release, so its cell can hold one value; keep one (the first is read)"
            ]
        );
        // A second row of one table is still a duplicate.
        let (_, diags) = read(yaml, &text.replace("| 11 (lts) (ea) |", "| 17 (ea) |"));
        assert!(
            diags.iter().any(|d| d.contains(
                "13:3: error: two rows have the same identity \"17\": this one and line 12"
            )),
            "{diags:#?}"
        );
        // With sections in the identity, the rows stay apart.
        let (s, diags) = read(
            &yaml.replace("{ from: headings, identity: false }", "headings"),
            text,
        );
        assert_eq!(diags, Vec::<String>::new());
        assert_eq!(
            labels(&s.expect("a matrix")),
            ["new/21", "new/17", "old/17", "old/11"]
        );
    }

    /// An in-page link in a cell or a label is a note, never evidence (`see [below](#n)`,
    /// `+[¹](#notes)`); a cell that is one in-page link reads as its text; any other link that
    /// is not http(s) is still an error.
    #[test]
    fn in_page_links_are_notes() {
        let yaml = "title: x\ncodes:\n  - { code: \"\", label: No }\n  - { code: \"~\", label: Partly }\n  - { code: \"+\", label: Yes }\nmatrix: { orientation: columns, items: all }\n";
        let text = "| Release | 3.x | 2.13 | 2.12 |\n|---|---|---|---|\n| 21 [¹](#notes) | ~ [see below](#r21) | +[¹](#notes) | [+](#r21) |\n";
        let (s, diags) = read(yaml, text);
        assert_eq!(diags, Vec::<String>::new());
        let s = s.expect("a matrix");
        assert_eq!(labels(&s), ["21"]);
        assert_eq!(s.items[0].title, "21");
        let cells: Vec<(&str, Option<&str>, Option<&str>)> = s
            .implementors
            .iter()
            .map(|i| {
                let c = &i.cells[0];
                (c.code.as_str(), c.note.as_deref(), c.link.as_deref())
            })
            .collect();
        assert_eq!(
            cells,
            [
                ("~", Some("see below"), None),
                ("+", Some("¹"), None),
                ("+", None, None)
            ]
        );
        let (_, diags) = read(yaml, &text.replace("(#r21) |\n", "(notes.md) |\n"));
        assert_eq!(
            diags,
            [
                "content/2024-01.md:3:57: error: cell link \"notes.md\" is not an http(s) URL; link evidence with https://… or write the code alone"
            ]
        );
    }

    /// With sections, the prose inside the matrix is kept per table: after its heading (or the
    /// previous table of its section) and after it up to the next section's heading.
    #[test]
    fn prose_inside_sections_is_kept_beside_each_table() {
        let yaml = "title: x\ncodes:\n  - { code: \"\", label: No }\n  - { code: \"+\", label: Yes }\nmatrix: { orientation: columns, items: all, sections: headings }\n";
        let text = "# T\n\nIntro.\n\n## A\n\nBefore A.\n\n| F | Go |\n|---|---|\n| x | + |\n\nAfter A.\n\n| F | Go |\n|---|---|\n| y | + |\n\nB\n---\n\n| F | Go |\n|---|---|\n| z | |\n\nEnd.\n";
        let (s, diags) = read(yaml, text);
        assert_eq!(diags, Vec::<String>::new());
        let s = s.expect("a matrix");
        let prose: Vec<(&str, &str, &str)> = s
            .section_prose
            .iter()
            .map(|p| (p.section.as_str(), p.before.trim(), p.after.trim()))
            .collect();
        assert_eq!(
            prose,
            [("A", "Before A.", ""), ("A", "After A.", ""), ("B", "", "")]
        );
        assert_eq!(s.prose_before.trim(), "# T\n\nIntro.");
        assert_eq!(s.prose_after.trim(), "End.");
        let (s, _) = read(&yaml.replace("sections: headings", "sections: one"), text);
        assert_eq!(s.expect("a matrix").section_prose, []);
    }
}
