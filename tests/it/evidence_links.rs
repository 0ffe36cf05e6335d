//! Per-cell evidence: a code written as a link (`[C](https://…)`) keeps its URL. The matrix
//! cell links to it, the export JSON carries it in an optional `links` map, and a link that is
//! not an absolute http(s) URL is an error at its cell (hostile pull requests; relative links
//! would point somewhere else from the site's pages).

use crate::common::statusgen;
use crate::common::{parse, site_dir, tuples};
use statusgen::diag::Severity;

const SNAPSHOT: &str = "# Status November 2023

|                | GEP-1742: HTTPRoute Timeouts | GEP-1897: BackendTLSPolicy |
|----------------|------------------------------|----------------------------|
| Status         | E                            | E                          |
| **Istio**      | [C](https://example.com/istio.yaml?a=1&b=2) | PP          |
| **Cilium**     | RR                           |                            |
";

#[test]
fn a_linked_code_keeps_its_url_and_reads_as_its_code() {
    let (snap, diags) = parse("content/2023-11.md", SNAPSHOT);
    assert_eq!(tuples(&diags), vec![]);
    let snap = snap.unwrap();
    let istio = &snap.implementors[0];
    assert_eq!(istio.codes(), vec!["C", "PP"]);
    let links = |i: &statusgen::model::Implementor| -> Vec<Option<String>> {
        i.cells.iter().map(|c| c.link.clone()).collect()
    };
    assert_eq!(
        links(istio),
        vec![
            Some("https://example.com/istio.yaml?a=1&b=2".to_string()),
            None
        ]
    );
    assert_eq!(links(&snap.implementors[1]), vec![None, None]);
}

#[test]
fn links_that_are_not_http_urls_are_errors_at_their_cell() {
    for (cell, col) in [
        ("[C](javascript:alert(1))", 15),
        ("[C](JaVaScRiPt:alert(1))", 15),
        ("[C](data:text/html,x)", 15),
        ("[C](istio.yaml)", 15),
        ("[C](//evil.example/x)", 15),
    ] {
        let text = format!(
            "# Status November 2023\n\n|     | GEP-1742: T |\n|-----|-------------|\n| **Istio** | {cell} |\n"
        );
        let (_, diags) = parse("content/2023-11.md", &text);
        let t = tuples(&diags);
        assert_eq!(t.len(), 1, "{cell}: {t:?}");
        let (file, line, c, sev, msg) = &t[0];
        assert_eq!(
            (file.as_str(), *line, *c, *sev),
            ("content/2023-11.md", 5, col, Severity::Error),
            "{cell}"
        );
        assert!(msg.contains("is not an http(s) URL"), "{cell}: {msg}");
    }
}

#[test]
fn the_matrix_cell_links_to_the_evidence_and_the_export_carries_it() {
    let dir = site_dir(&[("content/2023-11.md", SNAPSHOT.as_bytes())]);
    let out = dir.path().join("out");
    let o = statusgen()
        .args(["build", "--root"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(out.join("2023-11/index.html")).unwrap();
    assert!(
        page.contains(
            r#"<a class=evidence href="https://example.com/istio.yaml?a=1&amp;b=2">C</a>"#
        ),
        "the cell links its evidence, escaped"
    );
    assert_eq!(page.matches("class=evidence").count(), 1);

    let o = statusgen()
        .args(["export", "--format", "json", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let imps = &json["snapshots"][0]["implementors"];
    assert_eq!(
        imps[0]["links"],
        serde_json::json!({"1742": "https://example.com/istio.yaml?a=1&b=2"})
    );
    assert!(
        imps[1].get("links").is_none(),
        "no links, no key: {}",
        imps[1]
    );
    // The site's download is the same document.
    let download = std::fs::read_to_string(out.join("data/history.json")).unwrap();
    let download: serde_json::Value =
        crate::common::long_form(&serde_json::from_str(&download).unwrap());
    assert_eq!(download, json);
}

/// Issue 26: where one report backs most of a row's codes (the Gateway API feature example,
/// 130-150 bytes of URL in nearly every cell), the row header links it once and those codes
/// link there (`#ev.<slug>`); a code with other evidence keeps its own link, a code with none
/// stays unlinked, and a row whose links all differ keeps them in its cells.
#[test]
fn a_report_most_of_a_row_shares_is_linked_once_from_the_row_header() {
    const SHARED: &str = "# Status November 2023

|                | GEP-1742: HTTPRoute Timeouts | GEP-1897: BackendTLSPolicy | GEP-957: Port matching | GEP-1016: GRPCRoute |
|----------------|------------------------------|----------------------------|------------------------|---------------------|
| Status         | E                            | E                          | E                      | E                   |
| **Istio**      | [C](https://example.com/istio.yaml?a=1&b=2) | [C](https://example.com/istio.yaml?a=1&b=2) | [PP](https://example.com/notes) | RR |
| **Cilium**     | [C](https://example.com/c1.yaml) | [C](https://example.com/c2.yaml) |   | |
";
    let dir = site_dir(&[("content/2023-11.md", SHARED.as_bytes())]);
    let out = dir.path().join("out");
    let o = statusgen()
        .args(["build", "--root"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(out.join("2023-11/index.html")).unwrap();
    let row = |name: &str| -> String {
        let start = page.find(&format!(">{name}</a>")).unwrap();
        let end = start + page[start..].find("</tr>").unwrap();
        page[start..end].to_string()
    };
    let istio = row("Istio");
    assert_eq!(
        istio.matches("https://example.com/istio.yaml").count(),
        1,
        "the shared report once: {istio}"
    );
    assert!(istio.contains(
        r#"<a class="evidence" id="ev.istio" href="https://example.com/istio.yaml?a=1&amp;b=2">evidence<span class="visually-hidden"> for Istio</span></a>"#
    ), "{istio}");
    assert_eq!(
        istio.matches(r##"<a href="#ev.istio">C</a>"##).count(),
        2,
        "{istio}"
    );
    assert!(
        istio.contains(r#"<a class=evidence href="https://example.com/notes">PP</a>"#),
        "other evidence stays in its cell: {istio}"
    );
    assert!(istio.contains(">RR"), "{istio}");
    assert!(
        !istio.contains(r##"">RR</a>"##),
        "no evidence, no link: {istio}"
    );
    let cilium = row("Cilium");
    assert!(!cilium.contains("id=\"ev."), "{cilium}");
    assert_eq!(
        cilium.matches("<a class=evidence href=").count(),
        2,
        "{cilium}"
    );
    assert!(page.contains("the evidence link after its row's name"));
}
