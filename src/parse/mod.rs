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
mod grid;
mod header;
mod items;
pub mod layout;
pub mod row;
mod table;

pub use ast::comrak_options;
pub use header::match_proposal;
pub use layout::{Layout, find_matrix, matrix_tables};
pub use table::{Cell, Document, RowKind, Table, TableRow, document, row_kind, tables};

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::load::SourceFile;
use crate::model::{Implementor, Pos, Proposal, Snapshot};

/// Parses a loaded file into a snapshot. Returns `None` only when there is no matrix at all;
/// other problems are diagnostics and the snapshot keeps what could be read.
pub fn parse_snapshot(
    src: &SourceFile,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<Snapshot> {
    snapshot(src, &document(&src.text, src.body_start), config, diags)
}

/// [`parse_snapshot`] from a [`Document`] already parsed from `src` (so a caller that needs the
/// tables too, like `fmt`, parses the file once): the matrix tables of the site's [`Layout`],
/// read in file order into one snapshot.
pub fn snapshot(
    src: &SourceFile,
    doc: &Document,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<Snapshot> {
    let layout = Layout::of(&config.matrix);
    let tables = layout.tables(doc, config);
    let (Some(&first), Some(&last)) = (tables.first(), tables.last()) else {
        layout.no_matrix(src, config, diags);
        return None;
    };
    let mut reader = items::Reader::new(config, layout, &src.rel);
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
    Some(assemble(
        src,
        doc,
        (matrix_start, first.first_line, last.last_line),
        matrix.proposals,
        matrix.implementors,
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
        draft: src.draft,
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
        .and_then(|src| parse_snapshot(&src, &config, &mut diags));
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
        let keys = |s: &Snapshot| -> Vec<(String, String)> {
            s.proposals
                .iter()
                .map(|p| (p.key.to_string(), p.status.clone()))
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
}
