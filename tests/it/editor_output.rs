//! Everyday editor output: CRLF line endings, a UTF-8 BOM, tabs, trailing spaces, tables without
//! outer pipes and escaped pipes in titles all read as the plain table, with positions that
//! still point at the written text.

use crate::common::*;
use statusgen::model::Snapshot;

const NOV: &str = "content/2023-11.md";

/// Proposals as (number, title, status, compliance).
type Columns = Vec<(u32, String, String, String)>;
/// Rows as (name, cells).
type Rows = Vec<(String, Vec<String>)>;

/// Values only, without positions.
fn values(s: &Snapshot) -> (Columns, Rows) {
    (
        s.items
            .iter()
            .map(|p| {
                (
                    p.key.number().unwrap(),
                    p.title.clone(),
                    stage(p).to_string(),
                    compliance(p).to_string(),
                )
            })
            .collect(),
        s.implementors
            .iter()
            .map(|i| {
                (
                    i.name.clone(),
                    i.codes().into_iter().map(String::from).collect(),
                )
            })
            .collect(),
    )
}

/// Positions: every proposal header and every implementor name.
fn positions(s: &Snapshot) -> Vec<(usize, usize)> {
    s.items
        .iter()
        .map(|p| (p.pos.line, p.pos.col))
        .chain(s.implementors.iter().map(|i| (i.pos.line, i.pos.col)))
        .collect()
}

fn plain() -> Snapshot {
    parse_clean(NOV, SMALL)
}

#[test]
fn plain_reference() {
    let s = plain();
    assert_eq!(
        positions(&s),
        [(3, 16), (3, 31), (7, 3), (8, 3)],
        "the reference table's positions"
    );
    assert_eq!(s.month.to_string(), "2023-11");
    assert_eq!(s.title, "Status November 2023");
    assert_eq!(s.table_pos.line, 3);
}

#[test]
fn crlf_line_endings() {
    let text = SMALL.replace('\n', "\r\n");
    let s = parse_clean(NOV, &text);
    let p = plain();
    assert_eq!(s.items, p.items);
    assert_eq!(s.implementors, p.implementors);
    assert_eq!(s.table_pos, p.table_pos);
    assert_eq!(s.title, p.title);
    assert!(!s.title.contains('\r'));

    // Diagnostics on CRLF lines point at the same places.
    let bad = SMALL
        .replace("| **Acme**   | C ", "| **Acme**   | X ")
        .replace("| PP          |\n", "| PP          | extra |\n")
        .replace('\n', "\r\n");
    let (_, d) = parse(NOV, &bad);
    let mut at: Vec<(usize, usize, &str)> = d
        .items
        .iter()
        .map(|x| (x.line, x.col, x.message.split('"').nth(1).unwrap_or("")))
        .collect();
    at.sort();
    assert_eq!(at, [(7, 16, "X"), (7, 45, "extra")], "{:#?}", d.items);
}

#[test]
fn crlf_with_front_matter() {
    let text = format!("---\ndate: 2023-11\ntitle: Report\n---\n{SMALL}").replace('\n', "\r\n");
    let s = parse_clean("content/report.md", &text);
    assert_eq!(s.month.to_string(), "2023-11");
    assert_eq!(s.title, "Report");
    assert_eq!(values(&s), values(&plain()));
    // Four front-matter lines push every position down by four.
    let want: Vec<(usize, usize)> = positions(&plain())
        .into_iter()
        .map(|(l, c)| (l + 4, c))
        .collect();
    assert_eq!(positions(&s), want);
}

#[test]
fn utf8_bom() {
    let text = format!("\u{feff}{SMALL}");
    let s = parse_clean(NOV, &text);
    let p = plain();
    assert_eq!(s.items, p.items);
    assert_eq!(s.implementors, p.implementors);
    assert_eq!(s.title, p.title);

    // A BOM before front matter, with CRLF: still front matter.
    let text = format!(
        "\u{feff}---\r\ndate: 2023-11\r\n---\r\n{}",
        SMALL.replace('\n', "\r\n")
    );
    let s = parse_clean("content/x.md", &text);
    assert_eq!(s.month.to_string(), "2023-11");
    assert_eq!(values(&s), values(&p));
}

#[test]
fn utf8_bom_on_a_table_first_line() {
    // The BOM is not part of the first column.
    let text = format!("\u{feff}{}", &SMALL[SMALL.find('|').unwrap()..]);
    let s = parse_clean(NOV, &text);
    assert_eq!(values(&s), values(&plain()));
    assert_eq!((s.items[0].pos.line, s.items[0].pos.col), (1, 16));
}

#[test]
fn tabs() {
    let text = "# Status November 2023

|\t|\tGEP-1: Alpha\t|\tGEP-2: Beta\t|
|---|---|---|
|\tStatus\t|\tP\t|\tE\t|
|\tCompliance\t|\tNS\t|\t|
|\t**Acme**\t|\tC\t|\tPP\t|
|\t**Bolt**\t|\t|\tRR\t|
";
    let s = parse_clean(NOV, text);
    assert_eq!(values(&s), values(&plain()));
    // A tab is one character: columns count characters as written.
    assert_eq!(positions(&s), [(3, 5), (3, 20), (7, 3), (8, 3)]);

    // A tab-indented bad code is reported at its own column.
    let (_, d) = parse(NOV, &text.replace("\tC\t", "\tZ\t"));
    assert_eq!((only(&d).line, only(&d).col), (7, 14));
}

#[test]
fn trailing_spaces() {
    let text: String = SMALL.lines().map(|l| format!("{l}   \t \n")).collect();
    let s = parse_clean(NOV, &text);
    let p = plain();
    assert_eq!(s.items, p.items);
    assert_eq!(s.implementors, p.implementors);
    assert_eq!(s.title, p.title);
}

#[test]
fn trailing_no_break_space_after_the_last_pipe() {
    let text = SMALL.replace("| RR          |\n", "| RR          |\u{a0}\n");
    let s = parse_clean(NOV, &text);
    assert_eq!(values(&s), values(&plain()));
}

#[test]
fn tables_without_outer_pipes() {
    let text = "# Status November 2023

Implementor | GEP-1: Alpha | GEP-2: Beta
---|---|---
Status | P | E
Compliance | NS |
**Acme** | C | PP
**Bolt** | | RR
";
    let s = parse_clean(NOV, text);
    assert_eq!(values(&s), values(&plain()));
    assert_eq!(positions(&s), [(3, 15), (3, 30), (7, 1), (8, 1)]);

    // Errors still point at the cell.
    let (_, d) = parse(NOV, &text.replace("| C |", "| Q |"));
    let e = only(&d);
    assert_eq!((e.line, e.col), (7, 12));
    assert!(e.message.starts_with("unknown code \"Q\""), "{}", e.message);
}

#[test]
fn mixed_outer_pipes() {
    // Some rows with outer pipes, some without.
    let text = "# Status November 2023

|            | GEP-1: Alpha | GEP-2: Beta |
|------------|--------------|-------------|
Status       | P            | E
| Compliance | NS           |             |
**Acme**     | C            | PP          |
| **Bolt**   |              | RR
";
    let s = parse_clean(NOV, text);
    assert_eq!(values(&s), values(&plain()));
    assert_eq!(positions(&s), [(3, 16), (3, 31), (7, 1), (8, 3)]);
}

#[test]
fn escaped_pipes_in_titles() {
    let text = SMALL.replace("| GEP-1: Alpha |", "| GEP-1: A \\| B |");
    let s = parse_clean(NOV, &text);
    assert_eq!(s.items[0].title, "A | B");
    assert_eq!(s.items[1].title, "Beta");
    // The column after the escaped pipe is still where it is written (one character later).
    assert_eq!(positions(&s), [(3, 16), (3, 32), (7, 3), (8, 3)]);
    assert_eq!(values(&s).1, values(&plain()).1);
}

#[test]
fn escaped_pipe_in_an_implementor_name() {
    let text = SMALL.replace("| **Bolt**   |", "| Bolt \\| X  |");
    let s = parse_clean(NOV, &text);
    assert_eq!(s.implementors[1].name, "Bolt | X");
    assert_eq!(s.implementors[1].codes(), ["", "RR"]);
}

#[test]
fn everything_at_once() {
    let body: String = SMALL
        .replace("| GEP-1: Alpha |", "| GEP-1: A \\| B |")
        .lines()
        .map(|l| format!("{l}  \r\n"))
        .collect();
    let text = format!("\u{feff}---\r\ntitle: All\r\n---\r\n{body}");
    let s = parse_clean(NOV, &text);
    assert_eq!(s.title, "All");
    assert_eq!(s.items[0].title, "A | B");
    assert_eq!(values(&s).1, values(&plain()).1);
    assert_eq!(positions(&s), [(6, 16), (6, 32), (10, 3), (11, 3)]);
}

#[test]
fn lone_cr_line_endings() {
    // Old Mac line ends, and a stray CR inside a table: both are line ends, as comrak and
    // editors count them.
    let s = parse_clean(NOV, &SMALL.replace('\n', "\r"));
    assert_eq!(values(&s), values(&plain()));
    assert_eq!(positions(&s), positions(&plain()));

    let text = SMALL.replace(
        "| RR          |\n",
        "| RR          |\r| **Cato**   | C | |\n",
    );
    let s = parse_clean(NOV, &text);
    let names: Vec<&str> = s.implementors.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["Acme", "Bolt", "Cato"]);
    assert_eq!(
        s.implementors[2].pos,
        statusgen::model::Pos { line: 9, col: 3 }
    );
}
