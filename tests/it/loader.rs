//! Loading: which files are read, and where a snapshot's month comes from.

use crate::common::*;
use statusgen::confine::display_path;
use statusgen::load::{discover, month_from_path, month_from_phrase};
use statusgen::pipeline::read_site;

const NOV: &str = "content/2023-11.md";

fn months(site: &statusgen::site::Site) -> Vec<String> {
    site.history
        .snapshots
        .iter()
        .map(|s| format!("{} {}", s.month, s.source))
        .collect()
}

#[test]
fn hidden_files_and_editor_backups_are_ignored() {
    // Every ignored file would be an error (or a second November) if it were read.
    let junk: &[u8] = b"\xff\xfe not a snapshot";
    let dir = site_dir(&[
        (NOV, SMALL.as_bytes()),
        ("content/.#2023-11.md", junk),
        ("content/2023-11.md~", junk),
        ("content/.2023-11.md.swp", junk),
        ("content/#2023-11.md#", junk),
        ("content/.hidden.md", junk),
        ("content/.drafts/2023-12.md", SMALL.as_bytes()),
        ("content/.git/x.md", junk),
        ("content/2023/.cache/11.md", junk),
        ("content/notes.txt", junk),
        ("content/chart.png", junk),
    ]);
    let site = read(dir.path());
    assert!(site.diagnostics.is_empty(), "{:#?}", site.diagnostics);
    assert_eq!(months(&site), ["2023-11 content/2023-11.md"]);

    let found = discover(&dir.path().join("content")).unwrap();
    let rels: Vec<String> = found.iter().map(|p| display_path(dir.path(), p)).collect();
    assert_eq!(rels, [NOV]);
}

#[test]
fn files_are_found_recursively_and_sorted() {
    let dec = SMALL.replace("November", "December");
    let (_, site) = site(&[
        (
            "content/2024/01.md",
            &SMALL.replace("November 2023", "January 2024"),
        ),
        ("content/2023/12.md", &dec),
        (NOV, SMALL),
        ("content/site.yaml", "title: T\n"),
    ]);
    assert!(site.diagnostics.is_empty(), "{:#?}", site.diagnostics);
    assert_eq!(
        months(&site),
        [
            "2023-11 content/2023-11.md",
            "2023-12 content/2023/12.md",
            "2024-01 content/2024/01.md"
        ]
    );
    assert_eq!(site.config.title, "T");
}

#[test]
fn month_from_front_matter_date() {
    let no_heading = SMALL.replace("# Status November 2023\n", "");
    for date in [
        "2023-11",
        "\"2023-11\"",
        "'2023-11'",
        "2023-11-05",
        " 2023-11 ",
    ] {
        let text = format!("---\ndate: {date}\n---\n{no_heading}");
        let s = parse_clean("content/report.md", &text);
        assert_eq!(s.month.to_string(), "2023-11", "{date}");
        // Positions count the front matter lines.
        assert_eq!(s.implementors[0].pos.line, 9, "{date}");
    }
    // The front matter wins over the file name and the heading.
    let text = format!("---\ndate: 2024-02\n---\n{SMALL}");
    let s = parse_clean(NOV, &text);
    assert_eq!(s.month.to_string(), "2024-02");
}

#[test]
fn month_from_file_name() {
    let no_heading = SMALL.replace("# Status November 2023\n", "");
    for rel in [
        "content/2023-11.md",
        "content/2023/11.md",
        "content/2023/2023-11.md",
        "content/archive/2023-11.md",
    ] {
        let s = parse_clean(rel, &no_heading);
        assert_eq!(s.month.to_string(), "2023-11", "{rel}");
        assert_eq!(s.source, rel);
        // No heading and no title: a title is made from the month.
        assert_eq!(s.title, "Status November 2023");
    }
    assert_eq!(month_from_path("content/2023-13.md"), None);
    assert_eq!(month_from_path("content/2023/1.md"), None);
    assert_eq!(month_from_path("content/status.md"), None);
    assert_eq!(month_from_path("content/2023-11.markdown"), None);
}

#[test]
fn month_from_first_heading() {
    let body = &SMALL[SMALL.find('|').unwrap()..];
    for heading in [
        "# Status November 2023",
        "#### Gateway API Enhancment Proposal Status November 2023",
        "## november 2023 status ##",
        "Status, November 2023\n======================",
        "Status (November 2023)\n---",
    ] {
        let text = format!("{heading}\n\n{body}");
        let s = parse_clean("content/status.md", &text);
        assert_eq!(s.month.to_string(), "2023-11", "{heading}");
    }
    // Only the first heading counts.
    let text = format!("# Status\n\n## November 2023\n\n{body}");
    let (s, d) = parse("content/status.md", &text);
    assert!(s.is_none());
    assert!(only(&d).message.starts_with("no month for this snapshot"));

    assert_eq!(month_from_phrase("Status Nov 2023"), None);
    assert_eq!(month_from_phrase("December 23"), None);
    assert_eq!(
        month_from_phrase("report for March 2024, draft").map(|m| m.to_string()),
        Some("2024-03".into())
    );
}

#[test]
fn title_from_front_matter_or_heading() {
    let s = parse_clean(NOV, &format!("---\ntitle: \"Nov: status\"\n---\n{SMALL}"));
    assert_eq!(s.title, "Nov: status");
    let s = parse_clean(NOV, SMALL);
    assert_eq!(s.title, "Status November 2023");
}

#[test]
fn front_matter_prose_split() {
    let s = parse_clean(NOV, &format!("---\ntitle: T\n---\n{SMALL}\nAfter.\n"));
    assert_eq!(s.prose_before, "# Status November 2023\n\n");
    assert_eq!(s.prose_after, "\nAfter.\n");
    assert_eq!(s.table_pos.line, 6);
}

#[test]
fn missing_content_directory_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = read_site(dir.path()).unwrap_err();
    assert!(e.to_string().contains("content directory"), "{e}");
    assert!(e.to_string().contains("does not exist"), "{e}");
    // The io::Error is kept as the source, its kind readable.
    match e {
        statusgen::site::ReadError::Io(io) => {
            assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
            assert_eq!(io.path, dir.path().join("content"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn empty_content_directory_is_an_empty_history() {
    let (_, site) = site(&[]);
    assert!(site.diagnostics.is_empty());
    assert!(site.history.snapshots.is_empty());
}
