//! Property tests: no input makes the loader or the parser panic. Arbitrary bytes, and the seed's
//! tables mutated (pipes, characters and lines inserted, deleted and replaced; NBSP, ZWSP, BOM and
//! CR among the inserted text), go through `load::source_from_bytes` + `parse::parse_snapshot`;
//! some go through `pipeline::read_site` on a temporary directory. Every diagnostic must point inside
//! the file and every snapshot must be well-formed.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use statusgen::config::Config;
use statusgen::diag::Diagnostics;
use statusgen::load::source_from_bytes;
use statusgen::parse::parse_snapshot;

const SEED: &str = include_str!("../../content/2023-11.md");

/// File names that give a month, or none (so the heading has to).
const NAMES: [&str; 4] = [
    "content/2023-11.md",
    "content/2023/11.md",
    "content/status.md",
    "content/x y/é.md",
];

/// Mostly names with a month, so that most mutated files get as far as the parser.
fn name() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        4 => Just(NAMES[0]),
        2 => Just(NAMES[1]),
        1 => prop::sample::select(NAMES.to_vec()),
    ]
}

/// Loads and parses `bytes`, then checks what came out.
fn check(bytes: Vec<u8>, rel: &str, config: &Config) {
    let lines = 1 + bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    let mut diags = Diagnostics::default();
    let snapshot = source_from_bytes(bytes, rel, &mut diags)
        .and_then(|src| parse_snapshot(&src, config, &statusgen::site::nouns(config), &mut diags));
    for d in &diags.items {
        assert_eq!(d.file, rel);
        assert!(
            d.line >= 1 && d.line <= lines,
            "{d} (file has {lines} lines)"
        );
        assert!(d.col >= 1, "{d}");
        assert!(!d.message.is_empty());
    }
    if let Some(s) = snapshot {
        assert!(!s.items.is_empty(), "a matrix names at least one proposal");
        for i in &s.implementors {
            assert_eq!(i.cells.len(), s.items.len(), "{}", i.name);
            assert!(!i.name.is_empty());
            assert!(i.pos.line >= 1 && i.pos.line <= lines);
        }
        for p in &s.items {
            assert!(p.pos.line >= 1 && p.pos.line <= lines);
        }
    }
}

/// Pieces of text an editor, a paste or a careless merge puts into a table.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just("|".to_string()),
        2 => Just("\\|".to_string()),
        1 => Just("\\".to_string()),
        2 => Just("\n".to_string()),
        2 => Just("\r".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\u{a0}".to_string()),
        1 => Just("&nbsp;".to_string()),
        1 => Just("\u{200b}".to_string()),
        1 => Just("\u{feff}".to_string()),
        1 => Just("\t".to_string()),
        1 => Just(" ".to_string()),
        1 => Just("**".to_string()),
        1 => Just("_".to_string()),
        1 => Just("`".to_string()),
        1 => Just("[C](https://x)".to_string()),
        1 => Just("---".to_string()),
        1 => Just("---\n".to_string()),
        1 => Just(":".to_string()),
        1 => Just("#".to_string()),
        1 => Just("<!--".to_string()),
        1 => Just("GEP-".to_string()),
        1 => Just("GEP-1742: ".to_string()),
        1 => Just("99999999999".to_string()),
        2 => prop::sample::select(vec!["C", "c", "PP", "RR", "X", "NS", "E", "P", "Status", "Compliance"])
            .prop_map(str::to_string),
        2 => any::<char>().prop_map(|c| c.to_string()),
        1 => "\\PC{0,8}",
    ]
}

/// One edit of a text.
#[derive(Debug, Clone)]
enum Edit {
    Insert(Index, String),
    Delete(Index, usize),
    Replace(Index, String),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    ReplaceLine(Index, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<Index>(), fragment()).prop_map(|(i, s)| Edit::Insert(i, s)),
        2 => (any::<Index>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        3 => (any::<Index>(), fragment()).prop_map(|(i, s)| Edit::Replace(i, s)),
        1 => any::<Index>().prop_map(Edit::DeleteLine),
        1 => any::<Index>().prop_map(Edit::DuplicateLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        1 => (any::<Index>(), prop::collection::vec(fragment(), 0..6))
            .prop_map(|(i, v)| Edit::ReplaceLine(i, v.concat())),
    ]
}

/// Byte offsets of the character boundaries of `s`, end included.
fn boundaries(s: &str) -> Vec<usize> {
    s.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect()
}

fn apply(text: &mut String, e: &Edit) {
    let b = boundaries(text);
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    match e {
        Edit::Insert(i, s) => text.insert_str(b[i.index(b.len())], s),
        Edit::Delete(i, n) => {
            let start = i.index(b.len());
            let end = (start + n).min(b.len() - 1);
            text.replace_range(b[start]..b[end], "");
        }
        Edit::Replace(i, s) => {
            let start = i.index(b.len());
            let end = (start + 1).min(b.len() - 1);
            text.replace_range(b[start]..b[end], s);
        }
        Edit::DeleteLine(i) if !lines.is_empty() => {
            lines.remove(i.index(lines.len()));
            *text = lines.concat();
        }
        Edit::DuplicateLine(i) if !lines.is_empty() => {
            let k = i.index(lines.len());
            let line = lines[k].clone();
            lines.insert(k, line);
            *text = lines.concat();
        }
        Edit::SwapLines(a, c) if !lines.is_empty() => {
            let (a, c) = (a.index(lines.len()), c.index(lines.len()));
            lines.swap(a, c);
            *text = lines.concat();
        }
        Edit::ReplaceLine(i, s) if !lines.is_empty() => {
            let k = i.index(lines.len());
            lines[k] = format!("{s}\n");
            *text = lines.concat();
        }
        _ => {}
    }
}

/// A table of the seed to mutate: the example table, or the matrix header with a few of its rows
/// (the whole matrix is large; a slice keeps 10,000 cases quick), sometimes with front matter.
fn seed_table() -> impl Strategy<Value = String> {
    let lines: Vec<&'static str> = SEED.split_inclusive('\n').collect();
    let matrix = lines
        .iter()
        .position(|l| l.starts_with("|                                   | GEP-1619"))
        .unwrap_or(0);
    let example = lines
        .iter()
        .position(|l| l.starts_with("|      | GEP-1619"))
        .unwrap_or(0);
    let (heading, example_rows, matrix_rows) = (
        lines[0].to_string(),
        lines[example..example + 5].concat(),
        lines[matrix..].to_vec(),
    );
    (
        0usize..3,
        prop::sample::subsequence((4..matrix_rows.len()).collect::<Vec<_>>(), 1..6),
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.2),
    )
        .prop_map(move |(which, rows, heading_on, front)| {
            let mut t = String::new();
            if front {
                t.push_str("---\ntitle: Mutated\ndate: 2023-11\n---\n");
            }
            if heading_on {
                t.push_str(&heading);
                t.push('\n');
            }
            match which {
                0 => t.push_str(&example_rows),
                _ => {
                    t.push_str(&matrix_rows[..4].concat());
                    for r in rows {
                        t.push_str(matrix_rows[r]);
                    }
                }
            }
            t
        })
}

/// Byte offset just after the delimiter row of the (first) table in `text`.
fn header_end(text: &str) -> usize {
    text.find("\n|-")
        .map(|i| i + 1)
        .and_then(|i| text[i..].find('\n').map(|j| i + j + 1))
        .unwrap_or(0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..1024),
        name in prop::sample::select(NAMES.to_vec()),
    ) {
        check(bytes, name, &Config::default());
    }

    #[test]
    fn mutated_seed_tables_never_panic(
        base in seed_table(),
        edits in prop::collection::vec(edit(), 1..10),
        keep_header in prop::bool::weighted(0.6),
        name in name(),
    ) {
        // GFM reads a table only while its header and delimiter rows agree, so most edits there
        // end the table; often leave those two rows alone so the edits reach the matrix itself.
        let split = if keep_header { header_end(&base) } else { 0 };
        let (head, tail) = base.split_at(split);
        let mut text = tail.to_string();
        for e in &edits {
            apply(&mut text, e);
        }
        check(format!("{head}{text}").into_bytes(), name, &Config::default());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// Text made only of table syntax and odd characters: reaches corners the seed does not.
    #[test]
    fn fragment_soup_never_panics(
        parts in prop::collection::vec(fragment(), 0..80),
        name in name(),
    ) {
        let text = format!("| | GEP-1: A | GEP-2: B |\n|-|-|-|\n{}", parts.concat());
        check(text.into_bytes(), name, &Config::default());
        check(parts.concat().into_bytes(), name, &Config::default());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Whole sites: two mutated months, maybe a mutated configuration, read from disk.
    #[test]
    fn mutated_sites_read_without_panic(
        nov in seed_table(),
        dec in seed_table(),
        edits in prop::collection::vec(edit(), 0..6),
        config_edits in prop::collection::vec(edit(), 0..3),
        binary in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("2023")).unwrap();
        let mut dec = dec.replace("November", "December");
        for e in &edits {
            apply(&mut dec, e);
        }
        let mut yaml = "aliases:\n  implementors:\n    \"Google Kubnernetes Engine\": \"Google Kubernetes Engine\"\n  proposals: {1426: 1294}\nnear_name_distance: 3\n".to_string();
        for e in &config_edits {
            apply(&mut yaml, e);
        }
        std::fs::write(content.join("2023-11.md"), nov).unwrap();
        std::fs::write(content.join("2023/12.md"), dec).unwrap();
        std::fs::write(content.join("site.yaml"), yaml).unwrap();
        std::fs::write(content.join("binary.md"), binary).unwrap();
        let site = statusgen::pipeline::read_site(dir.path()).unwrap();
        for d in &site.diagnostics.items {
            prop_assert!(d.line >= 1 && d.col >= 1, "{}", d);
        }
        let months: Vec<_> = site.history.snapshots.iter().map(|s| s.month).collect();
        let mut sorted = months.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(months, sorted);
    }
}

#[test]
fn unmutated_seed_slices_parse_cleanly() {
    // The starting points of the mutations are themselves valid snapshots.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..50 {
        let text = seed_table().new_tree(&mut runner).unwrap().current();
        let mut d = Diagnostics::default();
        let src =
            source_from_bytes(text.clone().into_bytes(), "content/2023-11.md", &mut d).unwrap();
        let config = Config::default();
        let s = parse_snapshot(&src, &config, &statusgen::site::nouns(&config), &mut d).unwrap();
        assert!(!d.has_errors(), "{:#?}\n{text}", d.items);
        assert_eq!(s.items.len(), 15);
    }
}
