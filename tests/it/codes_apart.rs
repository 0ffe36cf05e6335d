//! A code outside the progress order (issue 20, item 4), on tests/fixtures/codes-apart: U
//! "Reported unsupported" is written with `progress: false` between blank and P, as the Gateway
//! API conformance sites have it. It is shown (legend, colour, its own count) but it is never
//! progress: blank → U, U → C, P → U and U → P are "other" changes, the adoption chart stacks
//! only P and C, and the counts keep it apart from complete and in progress. N/A stays "does
//! not apply", outside every count.
//!
//! February 2024, GEP-1742: Alpha C, Bravo U (was P), Charlie U (was blank), Delta P (was U),
//! Echo C (new); GEP-1897: Alpha C (was U), Bravo P (was blank: the one advance), Charlie C,
//! Delta N/A.

use crate::common::statusgen;
use crate::common::visible as text;
use std::path::Path;

const ROOT: &str = "tests/fixtures/codes-apart";

fn build() -> (tempfile::TempDir, std::path::PathBuf) {
    crate::common::build_into_temp(Path::new(ROOT))
}

/// The visible text of a page's `<main>`.
fn main_text(out: &Path, page: &str) -> String {
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    text(&html[html.find("<main").unwrap()..html.find("</main>").unwrap()])
}

#[test]
fn into_or_out_of_unsupported_is_other_in_statusgen_diff() {
    let out = statusgen()
        .args(["diff", "--root", ROOT, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cells: Vec<(String, String)> = d["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                format!(
                    "{} {} {}→{}",
                    c["implementor"], c["proposal"], c["from"], c["to"]
                )
                .replace('"', ""),
                c["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("Alpha 1897 U→C", "other"),
        ("Bravo 1742 P→U", "other"),
        ("Bravo 1897 →P", "advance"),
        ("Charlie 1742 →U", "other"),
        ("Delta 1742 U→P", "other"),
    ];
    assert_eq!(
        cells,
        want.map(|(c, k)| (c.to_string(), k.to_string())),
        "{d}"
    );
    assert_eq!(
        d["summary"],
        "1 advance, 4 other changes, 1 new implementor"
    );
}

#[test]
fn the_changes_page_and_the_matrix_mark_them_other() {
    let (_tmp, out) = build();
    let page = main_text(&out, "2024-02/changes/index.html");
    assert!(
        page.contains(
            "GEP-1742 HTTPRoute Timeouts other Bravo : P → U (Reported unsupported) other Charlie : blank → U (Reported unsupported) other Delta : U → P (Partial)"
        ),
        "{page}"
    );
    assert!(!page.contains("Regressions"), "{page}");
    let month = std::fs::read_to_string(out.join("2024-02/index.html")).unwrap();
    for (cell, kind) in [
        ("charlie-1742", "other"),
        ("bravo-1742", "other"),
        ("alpha-1897", "other"),
        ("bravo-1897", "advance"),
    ] {
        let at = month.find(&format!("<td id={cell} ")).unwrap();
        let td = &month[at..at + month[at..].find('>').unwrap()];
        assert!(td.contains(&format!("data-change={kind}")), "{td}");
    }
    // U keeps the colour of its place in `codes:` (the second code), apart from P and C.
    assert!(month.contains(r#"<td id=charlie-1742 class=r1 "#));
    assert!(month.contains(r#"<td id=delta-1742 class=r2"#));
    // Alpha's row is mostly C: the row has C's class (d3), its C cells none of their own.
    let alpha = &month[month.find("/alpha/index.html").unwrap()..];
    assert!(alpha.contains("<td id=alpha-1742>C"));
    let tr = &month[..month.find("/alpha/index.html").unwrap()];
    assert!(tr[tr.rfind("<tr").unwrap()..].starts_with("<tr class=d3 "));
    assert!(month.contains(
        r#"<li><span class="swatch code r1">U</span> U: Reported unsupported (not counted as progress)</li>"#
    ));
    // N/A is unchanged: does not apply, no colour of its own.
    assert!(month.contains(r#"<td id=delta-1897 class=na"#));
    assert!(month.contains("N/A: does not apply (not counted)"));
}

#[test]
fn the_adoption_chart_stacks_only_progress_codes() {
    let (_tmp, out) = build();
    let page = main_text(&out, "geps/1742/index.html");
    // The chart's data: C and P per month, no column for U.
    assert!(
        page.contains(
            "Chart data: implementors per code and month, newest first Month C Conformant P Partial Stage February 2024 2 1 Experimental January 2024 1 1 Experimental History"
        ),
        "{page}"
    );
    // The counts now still name U, apart from the progress codes and before blank.
    assert!(
        page.contains(
            "Implementors now C Conformant: 2 P Partial: 1 U Reported unsupported: 2 &nbsp; No report: 0"
        ),
        "{page}"
    );
    // The chart itself: a legend entry and segments for C and P only.
    let html = std::fs::read_to_string(out.join("geps/1742/chart.svg")).unwrap();
    assert!(html.contains("C Conformant") && html.contains("P Partial"));
    assert!(!html.contains("Reported unsupported"), "{html}");
}

#[test]
fn counts_keep_unsupported_apart_from_complete_and_in_progress() {
    let (_tmp, out) = build();
    let index = main_text(&out, "index.html");
    assert!(
        index.contains(
            "February 2024 at a glance 2 GEPs 5 implementors 4 complete 2 partial 2 reported unsupported Open"
        ),
        "{index}"
    );
    let list = main_text(&out, "geps/index.html");
    assert!(
        list.contains(
            "GEP Title Stage Complete Partial Reported unsupported Graduation GEP-1742 HTTPRoute Timeouts Experimental 2 complete · threshold 3 1 2 "
        ),
        "{list}"
    );
    let bravo = main_text(&out, "implementors/bravo/index.html");
    assert!(
        bravo.contains("In February 2024: 0 complete, 1 partial, 1 reported unsupported."),
        "{bravo}"
    );
    // "Complete N of M": U applies (the implementation says it does not support it), N/A
    // does not.
    let month = std::fs::read_to_string(out.join("2024-02/index.html")).unwrap();
    let row = |name: &str| {
        let at = month.find(&format!("\">{name}</a></th>")).unwrap();
        text(&month[at..at + month[at..].find("</tr>").unwrap()])
    };
    assert!(row("Bravo").ends_with("0 of 2"), "{}", row("Bravo"));
    assert!(row("Delta").ends_with("0 of 1"), "{}", row("Delta"));
    // Only rows with a code: a row of U cells has a code.
    assert!(month.contains(
        r#"data-complete=1 data-any=2 data-changed=1>
<th scope=row><a href="../implementors/charlie/index.html">Charlie</a>"#
    ));
}
