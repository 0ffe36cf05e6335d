//! Golden pages that review well: for every page of the three-months fixture and the main pages
//! of the seed, the snapshot is the page's `<main>` content only (the header, footer and head
//! are the same on every page), with each inline chart replaced by one line naming it (charts
//! have their own tests in tests/charts.rs), and one element per line (rows, cells, list items,
//! paragraphs), so a one-cell change is a one-line diff. The feed, sitemap and robots.txt of
//! three-months are snapshotted whole.

use crate::common;

use std::path::Path;

/// Elements that start a new line in a snapshot.
const BLOCKS: &[&str] = &[
    "tr",
    "td",
    "th",
    "li",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "table",
    "thead",
    "tbody",
    "caption",
    "section",
    "div",
    "figure",
    "figcaption",
    "details",
    "summary",
    "dl",
    "dt",
    "dd",
    "nav",
    "form",
    "label",
    "input",
    "select",
    "option",
    "button",
];

/// The text between `<main` and `</main>`.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.rfind("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

/// Every `<svg …>…</svg>` replaced by `[chart: TITLE]`.
fn redact_charts(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("</svg>").expect("closed svg") + i + "</svg>".len();
        let svg = &rest[i..end];
        let title = svg
            .find("<title")
            .and_then(|t| {
                let open = t + svg[t..].find('>')? + 1;
                let close = open + svg[open..].find("</title>")?;
                Some(&svg[open..close])
            })
            .unwrap_or("untitled");
        out.push_str(&format!("\n[chart: {title}]\n"));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Each block element starts a line (closing tags stay where they are); blank lines and
/// trailing spaces removed.
fn one_element_per_line(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < html.len() {
        if bytes[i] == b'<' && bytes.get(i + 1) != Some(&b'/') {
            let name_start = i + 1;
            let name_end = html[name_start..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .map(|n| name_start + n)
                .unwrap_or(html.len());
            if BLOCKS.contains(&&html[name_start..name_end]) && !out.ends_with('\n') {
                out.push('\n');
            }
        }
        let c = html[i..].chars().next().unwrap();
        out.push(c);
        i += c.len_utf8();
    }
    out.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// What a page's snapshot holds.
fn reviewable(html: &str) -> String {
    one_element_per_line(&redact_charts(main_of(html)))
}

fn build(site: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    common::build_into_temp(&Path::new("tests/fixtures").join(site))
}

fn snapshot_name(site: &str, page: &str) -> String {
    format!(
        "{site}__{}",
        page.replace('/', "_")
            .trim_end_matches(".html")
            .trim_end_matches("_index")
    )
}

#[test]
fn redaction_and_line_breaks() {
    let page = "<head>x</head><main id=\"main\"><p>a</p><figure><svg a=\"1\"><title id=\"t\">GEP-1: chart</title><rect/></svg></figure><table><tr><td class=\"code r3\">C</td><td>–</td></tr></table></main><footer>";
    assert_eq!(
        reviewable(page),
        "<main id=\"main\">\n<p>a</p>\n<figure>\n[chart: GEP-1: chart]\n</figure>\n<table>\n<tr>\n<td class=\"code r3\">C</td>\n<td>–</td></tr></table></main>\n"
    );
}

#[test]
fn every_page_of_three_months() {
    let (_tmp, out) = build("three-months");
    let mut pages = 0;
    for (rel, bytes) in common::tree(&out) {
        let rel = rel.replace('\\', "/");
        if rel == "favicon.ico" {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        if rel.ends_with(".html") {
            insta::assert_snapshot!(snapshot_name("three-months", &rel), reviewable(&text));
            pages += 1;
        } else if ["feed.xml", "sitemap.xml", "robots.txt"].contains(&rel.as_str()) {
            insta::assert_snapshot!(snapshot_name("three-months", &rel), text);
        }
    }
    assert_eq!(pages, 21);
}

/// The spec compliance matrix of tests/fixtures/shapes (issue #16): every page, sections and
/// groups on the month pages, item pages under `features/` by slug.
#[test]
fn every_page_of_shapes() {
    let (_tmp, out) = build("shapes");
    let mut pages = 0;
    for (rel, bytes) in common::tree(&out) {
        if rel == "favicon.ico" {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        if rel.ends_with(".html") {
            insta::assert_snapshot!(snapshot_name("shapes", &rel), reviewable(&text));
            pages += 1;
        } else if rel == "feed.xml" {
            insta::assert_snapshot!(snapshot_name("shapes", &rel), text);
        }
    }
    assert_eq!(pages, 23);
}

#[test]
fn main_pages_of_the_seed() {
    let (_tmp, out) = build("seed");
    for page in [
        "index.html",
        "2023-11/index.html",
        "geps/1748/index.html",
        "implementors/nginx-gateway-fabric/index.html",
        "implementors/index.html",
        "geps/index.html",
        "changes/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        insta::assert_snapshot!(snapshot_name("seed", page), reviewable(&html));
    }
}

/// Rows for an older release (tests/fixtures/releases, `implementors: attributes: [Release,
/// Core]`, `release: Release`): the month where Envoy Gateway's fresh report is still for v0.8,
/// the month Kuma's v1.0 ages out and its changes, both implementations' pages and the
/// implementations list.
#[test]
fn main_pages_of_releases() {
    let (_tmp, out) = build("releases");
    for page in [
        "2024-03/index.html",
        "2024-04/index.html",
        "2024-04/changes/index.html",
        "implementors/kuma/index.html",
        "implementors/envoy-gateway/index.html",
        "implementors/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        insta::assert_snapshot!(snapshot_name("releases", page), reviewable(&html));
    }
}

/// A code outside the progress order (tests/fixtures/codes-apart, issue 20 item 4): U
/// "Reported unsupported" in the legend and the matrix with its own colour, "other" changes,
/// counts kept apart, the chart's data without it.
#[test]
fn main_pages_of_codes_apart() {
    let (_tmp, out) = build("codes-apart");
    for page in [
        "index.html",
        "2024-02/index.html",
        "2024-02/changes/index.html",
        "geps/1742/index.html",
        "geps/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        insta::assert_snapshot!(snapshot_name("codes-apart", page), reviewable(&html));
    }
}

/// A "supported since" version matrix (tests/fixtures/shapes-versions, issue 27): cells read
/// "since 3.3.1" or "3.3.2 forthcoming", coloured by state; counts "N of P scala lines"; the
/// changes worded as releases, raised and lowered minimums, added and dropped support; a JDK's
/// timelines; a line's first supported months; the feed.
#[test]
fn main_pages_of_versions() {
    let (_tmp, out) = build("shapes-versions");
    for page in [
        "2024-02/index.html",
        "2024-06/index.html",
        "2024-03/changes/index.html",
        "2024-04/changes/index.html",
        "jdks/22/index.html",
        "jdks/index.html",
        "implementors/2-12/index.html",
        "changes/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        insta::assert_snapshot!(snapshot_name("versions", page), reviewable(&html));
    }
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    insta::assert_snapshot!(snapshot_name("versions", "feed.xml"), feed);
}

/// Release rows with annotations, a row in two tables and prose inside sections
/// (tests/fixtures/shapes-annotated, issue 27 items 4 and 6): the month pages (an Annotation
/// column, 17's cells gathered into its first table, each section's prose beside its table,
/// in-page links as notes in the cells' titles), a change of annotation and a release's page.
#[test]
fn main_pages_of_shapes_annotated() {
    let (_tmp, out) = build("shapes-annotated");
    for page in [
        "2024-01/index.html",
        "2024-02/index.html",
        "2024-02/changes/index.html",
        "releases/21/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        insta::assert_snapshot!(snapshot_name("shapes-annotated", page), reviewable(&html));
    }
}
