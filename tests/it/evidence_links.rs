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
