//! Properties of `statusgen fmt` over mutated copies of the seed's matrix table (spacing, outer
//! pipes, cell counts, code case, emphasis on labels and codes, delimiter dashes and colons,
//! trailing spaces, CRLF, final newline): formatting is idempotent, never changes the parsed
//! snapshot, and never touches a byte outside the matrix table.

use proptest::prelude::*;
use statusgen::authoring::fmt::{format_bytes, same_snapshot};
use statusgen::config::Config;
use statusgen::diag::Diagnostics;
use statusgen::load::source_from_bytes;
use statusgen::model::Snapshot;
use statusgen::parse::row::{clean, strip_inline};
use statusgen::parse::{find_matrix, parse_snapshot, tables};

const SEED: &str = include_str!("../../content/2023-11.md");
const REL: &str = "content/2023-11.md";

/// A stream of choices drawn by proptest; 0 (no mutation) once exhausted, so shrinking moves
/// towards the unmutated seed.
struct Choices<'a>(std::slice::Iter<'a, u8>);

impl Choices<'_> {
    fn next(&mut self, n: u8) -> u8 {
        self.0.next().map(|b| b % n).unwrap_or(0)
    }
}

/// The seed split at its matrix: text before, and the matrix as rows of cell texts.
struct Seed {
    before: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn seed() -> Seed {
    let config = Config::default();
    let all = tables(SEED, 0);
    let Some(t) = find_matrix(&all, &config) else {
        panic!("seed has no matrix")
    };
    let before: String = SEED.split_inclusive('\n').take(t.first_line - 1).collect();
    let texts = |cells: &[statusgen::parse::Cell]| -> Vec<String> {
        cells.iter().map(|c| clean(&c.raw).to_string()).collect()
    };
    Seed {
        before,
        header: texts(&t.header.cells),
        rows: t.rows.iter().map(|r| texts(&r.cells)).collect(),
    }
}

fn spaces(c: &mut Choices, max: u8) -> String {
    " ".repeat(c.next(max + 1) as usize)
}

fn mutate_code(code: &str, c: &mut Choices) -> String {
    if code.is_empty() {
        return String::new();
    }
    let code = match c.next(4) {
        1 => code.to_lowercase(),
        2 => {
            let mut s = code.to_lowercase();
            if let Some(first) = s.get(..1).map(str::to_uppercase) {
                s.replace_range(..1, &first);
            }
            s
        }
        _ => code.to_string(),
    };
    match c.next(6) {
        1 => format!("**{code}**"),
        2 => format!("_{code}_"),
        _ => code,
    }
}

fn mutate_label(label: &str, c: &mut Choices) -> String {
    let plain = strip_inline(label);
    match c.next(6) {
        0 => label.to_string(),
        1 => plain,
        2 => format!("**{plain}**"),
        3 => format!("_{plain}_"),
        4 => format!("*{plain}*"),
        _ => format!("__{plain}__"),
    }
}

/// Writes one row: random spacing, outer pipes sometimes dropped, trailing spaces.
fn render_row(cells: &[String], c: &mut Choices, keep_leading_pipe: bool) -> String {
    let mut line = String::new();
    let lead = keep_leading_pipe || cells.first().is_none_or(|f| f.is_empty()) || c.next(4) != 1;
    if lead {
        line.push('|');
    }
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push('|');
        }
        line.push_str(&spaces(c, 2));
        line.push_str(cell);
        line.push_str(&spaces(c, 3));
    }
    // A row needs a pipe somewhere to stay a table row.
    if c.next(4) != 1 || (!lead && cells.len() < 2) {
        line.push('|');
    }
    line.push_str(&spaces(c, 2));
    line
}

/// A mutated copy of the seed, the byte offset where the matrix starts and the length of the
/// text after its last line.
fn mutated(bytes: &[u8]) -> (String, usize, usize) {
    let s = seed();
    let mut c = Choices(bytes.iter());
    let mut lines = vec![render_row(&s.header, &mut c, true)];
    let delimiter: Vec<String> = s
        .header
        .iter()
        .map(|_| {
            let left = if c.next(5) == 1 { ":" } else { "" };
            let right = if c.next(5) == 1 { ":" } else { "" };
            format!("{left}{}{right}", "-".repeat(1 + c.next(6) as usize))
        })
        .collect();
    lines.push(if c.next(3) == 1 {
        render_row(&delimiter, &mut c, true)
    } else {
        format!("|{}|", delimiter.join("|"))
    });
    for row in &s.rows {
        let mut cells: Vec<String> = row.clone();
        if let Some(label) = cells.first_mut() {
            *label = mutate_label(label, &mut c);
        }
        for cell in cells.iter_mut().skip(1) {
            *cell = mutate_code(cell, &mut c);
        }
        // Fewer cells: drop trailing cells (a row of one cell becomes a placeholder).
        if c.next(4) == 1 {
            let keep = 1 + c.next(cells.len().min(250) as u8) as usize;
            cells.truncate(keep.min(cells.len()));
        }
        lines.push(render_row(&cells, &mut c, false));
    }
    if c.next(4) == 1 {
        lines.push(render_row(&["...".to_string()], &mut c, false));
    }
    let crlf = c.next(4) == 1;
    let after = match c.next(4) {
        1 => "\n",
        2 => "\n\nPlease add your row above.\n",
        3 => "\n\n| other | table |\n|---|---|\n| a | b |\n",
        _ => "",
    };
    let mut text = s.before.clone();
    let start = text.len();
    text.push_str(&lines.join("\n"));
    text.push_str(after);
    if crlf {
        text = text.replace('\n', "\r\n");
        let start = s.before.replace('\n', "\r\n").len();
        return (text, start, after.replace('\n', "\r\n").len());
    }
    (text, start, after.len())
}

fn parse(text: &[u8]) -> (Option<Snapshot>, Diagnostics) {
    let mut d = Diagnostics::default();
    let snap = source_from_bytes(text.to_vec(), REL, &mut d).and_then(|src| {
        let config = Config::default();
        parse_snapshot(&src, &config, &statusgen::site::nouns(&config), &mut d)
    });
    (snap, d)
}

fn format(text: &[u8]) -> Vec<u8> {
    match format_bytes(text, REL, &Config::default()) {
        Ok(f) => f.bytes,
        Err(d) => panic!(
            "not formatted: {:#?}\n{}",
            d.items,
            String::from_utf8_lossy(text)
        ),
    }
}

fn choices() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..1200)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn fmt_is_idempotent(bytes in choices()) {
        let (text, _, _) = mutated(&bytes);
        let once = format(text.as_bytes());
        let twice = format_bytes(&once, REL, &Config::default());
        prop_assert!(twice.as_ref().is_ok_and(|f| !f.changed && f.bytes == once),
            "second pass changed the file:\n{}", String::from_utf8_lossy(&once));
    }

    #[test]
    fn fmt_preserves_the_snapshot_and_the_prose(bytes in choices()) {
        let (text, start, tail) = mutated(&bytes);
        let (before, d) = parse(text.as_bytes());
        prop_assert!(!d.has_errors(), "{:#?}", d.items);
        let formatted = format(text.as_bytes());
        let (after, d2) = parse(&formatted);
        prop_assert!(!d2.has_errors(), "{:#?}", d2.items);
        // Only the canonical-case warnings go away.
        prop_assert!(d2.items.iter().all(|w| !w.message.contains("canonical case")));
        let (Some(before), Some(after)) = (before, after) else {
            panic!("no snapshot");
        };
        prop_assert!(same_snapshot(&before, &after));
        prop_assert_eq!(&before.items.len(), &15);
        // Bytes before the matrix are untouched, and so is everything after it.
        let formatted = String::from_utf8(formatted).unwrap_or_default();
        prop_assert_eq!(&formatted[..start], &text[..start]);
        prop_assert_eq!(&formatted[formatted.len() - tail..], &text[text.len() - tail..]);
        // Each formatted table line ends as the input's lines do.
        let crlf = text.contains("\r\n");
        prop_assert_eq!(formatted.matches('\n').count(), text.matches('\n').count());
        prop_assert_eq!(formatted.matches("\r\n").count(), if crlf { text.matches('\n').count() } else { 0 });
    }
}

#[test]
fn unmutated_seed_is_one_trailing_space_from_canonical() {
    let (text, start, tail) = mutated(&[]);
    assert_eq!(tail, 0);
    assert_eq!(start, seed().before.len());
    let formatted = String::from_utf8(format(SEED.as_bytes())).unwrap_or_default();
    let diff: Vec<(&str, &str)> = SEED
        .lines()
        .zip(formatted.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(diff.len(), 1, "{diff:#?}");
    assert_eq!(diff[0].0.trim_end(), diff[0].1);
    // The generator with no choices writes the seed's matrix compactly; it formats to the same.
    assert_eq!(
        String::from_utf8(format(text.as_bytes())).unwrap_or_default(),
        formatted
    );
}
