//! Rows for an older release (tests/fixtures/releases): `implementors: attributes: [Release,
//! Core]` and `release: Release` in site.yaml, `current_releases` in each snapshot's front
//! matter. A row whose release is written and not current is shown, marked in words, and
//! counted nowhere: not in any count, threshold, graduation or chart, and its cell changes are
//! "other". Its attributes and whether it is current reach the exports.

use crate::common;

use crate::common::*;
use statusgen::analyse::diff::{ChangeKind, Crossing};
use statusgen::analyse::graduation::{Direction, State};
use statusgen::analyse::stats::Progress;
use statusgen::config::Config;
use statusgen::diag::Severity;
use statusgen::model::{Evidence, Month};
use statusgen::site::Site;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/releases";

fn fixture() -> (Site, statusgen::analyse::Analysis) {
    let site = read(Path::new(FIXTURE));
    let analysis = statusgen::pipeline::analyse(&site);
    (site, analysis)
}

fn month(s: &str) -> Month {
    Month::parse(s).unwrap()
}

/// The site.yaml of a small site with the release rule.
const RELEASE_YAML: &str = "implementors:\n  attributes: [Release, Core]\n  release: Release\n";

#[test]
fn each_row_keeps_its_attributes_by_name_wherever_the_columns_are() {
    let (site, _) = fixture();
    assert!(site.diagnostics.is_empty(), "{:#?}", site.diagnostics.items);
    for s in &site.history.snapshots {
        // The attribute columns are not proposals.
        assert_eq!(s.items.len(), 3, "{}", s.month);
    }
    // March writes "release" in lower case and Core last: read by title, in config order.
    let march = site.history.get(month("2024-03")).unwrap();
    let envoy = &march.implementors[march.implementor_index("Envoy Gateway").unwrap()];
    assert_eq!(
        envoy.attributes,
        [
            ("Release".to_string(), "v0.8".to_string()),
            ("Core".to_string(), "GATEWAY-HTTP".to_string())
        ]
    );
    assert_eq!(envoy.codes(), ["C", "", "C"]);
    assert_eq!(
        march.current_releases.as_deref(),
        Some(&["v1.1".to_string(), "v1.0".to_string()][..])
    );
    // Which rows are outdated, month by month (NGINX Gateway Fabric's blank release counts).
    let outdated: Vec<(String, Vec<&str>)> = site
        .history
        .snapshots
        .iter()
        .map(|s| {
            let names = s
                .implementors
                .iter()
                .filter(|i| i.evidence == Evidence::Outdated)
                .map(|i| i.name.as_str())
                .collect();
            (s.month.to_string(), names)
        })
        .collect();
    assert_eq!(
        outdated,
        [
            ("2024-01".to_string(), vec![]),
            ("2024-02".to_string(), vec!["Envoy Gateway"]),
            ("2024-03".to_string(), vec!["Envoy Gateway"]),
            ("2024-04".to_string(), vec!["Kuma"]),
        ]
    );
}

#[test]
fn outdated_rows_count_toward_nothing() {
    let (site, a) = fixture();
    let complete = &site.config.ranks;
    // Complete implementations of GEP-1016, 1294, 1742 per month.
    let counts: Vec<Vec<usize>> = (0..4)
        .map(|si| {
            a.stats
                .items
                .iter()
                .map(|p| {
                    p.months
                        .iter()
                        .find(|m| m.snapshot == si)
                        .map_or(0, |m| m.progress(complete).complete)
                })
                .collect()
        })
        .collect();
    assert_eq!(
        counts,
        [
            vec![2, 2, 2], // January: every row current.
            vec![3, 2, 2], // February: Envoy Gateway's v0.8 C for 1742 left out.
            vec![3, 2, 3], // March: its fresh v0.8 report (C for 1016) left out too.
            vec![4, 1, 3], // April: Kuma's v1.0 C for 1294 left out; Envoy Gateway counts.
        ]
    );
    // Not in progress either: GEP-1016's P of Envoy Gateway counts in January, not once its
    // v0.8 report is outdated in February (the other in-progress cell, U, became C).
    let gep_1016 = &a.stats.items[0];
    assert_eq!(gep_1016.months[0].progress(complete).in_progress, 2);
    assert_eq!(gep_1016.months[1].progress(complete).in_progress, 0);
    assert_eq!(
        gep_1016.months[1].counts.iter().sum::<usize>(),
        4,
        "4 of 5 rows counted"
    );
    // The snapshot index counts the same way: April, every counted cell.
    let april = &a.stats.snapshots[3];
    assert_eq!(Progress::of_cells(april.counted(), complete).complete, 8);
    assert_eq!(april.counted_row(2).count(), 0, "Kuma's row counts nothing");
    // Graduation: GEP-1294 fell below its threshold of 2 when Kuma's report aged out.
    let g = &a.graduation[1];
    assert_eq!((g.complete, g.state), (1, State::Below));
    assert_eq!(g.dropped, Some(month("2024-04")));
    assert_eq!(a.graduation[0].state, State::Ready);
}

#[test]
fn a_change_in_a_row_outdated_in_either_month_is_other() {
    let (_, a) = fixture();
    let cells = |si: usize| -> Vec<(String, String, String, String, ChangeKind)> {
        a.diffs[si]
            .as_ref()
            .unwrap()
            .cells
            .iter()
            .map(|c| {
                (
                    c.implementor.clone(),
                    c.item.to_string(),
                    c.from.clone(),
                    c.to.clone(),
                    c.kind,
                )
            })
            .collect()
    };
    let c = |i: &str, p: &str, f: &str, t: &str, k| {
        (
            i.to_string(),
            p.to_string(),
            f.to_string(),
            t.to_string(),
            k,
        )
    };
    assert_eq!(
        cells(1),
        [
            c("Istio", "1742", "P", "C", ChangeKind::Advance),
            c(
                "NGINX Gateway Fabric",
                "1016",
                "U",
                "C",
                ChangeKind::Advance
            ),
        ]
    );
    // A fresh report against v0.8 (outdated in both months): not an advance.
    assert_eq!(
        cells(2),
        [
            c("Envoy Gateway", "1016", "P", "C", ChangeKind::Other),
            c(
                "NGINX Gateway Fabric",
                "1742",
                "P",
                "C",
                ChangeKind::Advance
            ),
        ]
    );
    // Outdated in March, current in April: C → P is not a regression.
    assert_eq!(
        cells(3),
        [c("Envoy Gateway", "1742", "C", "P", ChangeKind::Other)]
    );
    // Kuma's report aging out moves GEP-1294 below the threshold without a cell change.
    assert_eq!(
        a.diffs[3].as_ref().unwrap().threshold_crossings,
        [Crossing {
            item: 1294.into(),
            direction: Direction::Down
        }]
    );
    assert!(a.diffs[1].as_ref().unwrap().threshold_crossings.is_empty());
    // Which rows stopped or started counting, and for which release.
    let evidence = |si: usize| -> Vec<(String, String, Evidence)> {
        a.diffs[si]
            .as_ref()
            .unwrap()
            .evidence_changes
            .iter()
            .map(|e| (e.implementor.clone(), e.release.clone(), e.to))
            .collect()
    };
    let e = |i: &str, r: &str, to| (i.to_string(), r.to_string(), to);
    assert_eq!(
        evidence(1),
        [e("Envoy Gateway", "v0.8", Evidence::Outdated)]
    );
    assert_eq!(evidence(2), []);
    assert_eq!(
        evidence(3),
        [
            e("Kuma", "v1.0", Evidence::Outdated),
            e("Envoy Gateway", "v1.2", Evidence::Current)
        ]
    );
    assert_eq!(
        statusgen::present::wording::summary(
            a.diffs[3].as_ref().unwrap(),
            &Config::default(),
            &statusgen::site::nouns(&Config::default())
        ),
        "GEP-1294 fell below 3 complete implementations, 1 other change, 1 row now for an older release, 1 row for a current release again"
    );
}

#[test]
fn the_month_page_names_each_rows_release_and_does_not_count_an_outdated_one() {
    let (_tmp, root) = fixture_site("releases");
    let files = build_tree(&root);
    let page = String::from_utf8(files["2024-04/index.html"].clone()).unwrap();
    let text = visible(&page);
    assert!(
        text.contains(
            "Evidence counts for the current releases: v1.2, v1.1 . 1 row is for an older release"
        ),
        "{text}"
    );
    assert!(
        text.contains("rows for an older release are shown but not counted"),
        "{text}"
    );
    // The row: its release, its Core, its code marked with the release, not counted.
    assert!(
        text.contains("Kuma older release, not counted v1.0 MESH-HTTP C · v1.0 , for v1.0, not a current release, not counted not counted"),
        "{text}"
    );
    assert!(page.contains("title=\"C since January 2024 or earlier: Conformant, evidence for v1.0, not a current release (current: v1.2, v1.1); not counted\""));
    // Totals: 4, 1 (below the threshold of 2) and 3; 8 in all.
    assert!(
        text.contains(
            "Complete (threshold 2) 4 ✓ (meets the threshold) 1 3 ✓ (meets the threshold) 8"
        ),
        "{text}"
    );
    // The implementors list: Kuma's release is not current, so it is stale and not counted.
    let list = visible(&String::from_utf8(files["implementors/index.html"].clone()).unwrap());
    assert!(
        list.contains("Kuma v1.0 (not current) MESH-HTTP not counted January 2024 stale (v1.0 is not a current release; current: v1.2, v1.1)"),
        "{list}"
    );
    assert!(
        list.contains("Envoy Gateway v1.2 GATEWAY-HTTP 1 of 3 April 2024 Istio"),
        "{list}"
    );
    let index = visible(&String::from_utf8(files["index.html"].clone()).unwrap());
    assert!(
        index.contains("1 implementation's latest row is for a release that is not current"),
        "{index}"
    );
}

#[test]
fn the_exports_carry_each_rows_attributes_and_whether_it_is_current() {
    let (_tmp, root) = fixture_site("releases");
    let files = build_tree(&root);
    let json: serde_json::Value =
        crate::common::long_form(&serde_json::from_slice(&files["data/history.json"]).unwrap());
    let april = &json["snapshots"][3];
    assert_eq!(
        april["current_releases"],
        serde_json::json!(["v1.2", "v1.1"])
    );
    assert_eq!(
        april["implementors"][2],
        serde_json::json!({
            "name": "Kuma",
            "attributes": {"Release": "v1.0", "Core": "MESH-HTTP"},
            "current": false,
            "cells": {"1016": "", "1294": "C", "1742": ""},
            "links": {"1294": "https://example.com/kuma-v1.0.yaml"}
        })
    );
    assert_eq!(april["implementors"][0]["current"], true);
    // The export's long CSV carries them on every line of a row.
    let site = read(&root);
    let csv = statusgen::present::data::history_csv(&site.history, &site.config);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("date,implementor,proposal,title,status,compliance,code,Release,Core,current")
    );
    assert!(
        csv.contains("\n2024-04,Kuma,1294,xRoutes Mesh Binding,E,R,C,v1.0,MESH-HTTP,false\n"),
        "{csv}"
    );
    assert!(
        csv.contains(
            "\n2024-01,Istio,1016,GRPCRoute,E,R,C,v1.0,\"GATEWAY-HTTP, MESH-HTTP\",true\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains("\n2024-01,NGINX Gateway Fabric,1016,GRPCRoute,E,R,U,,GATEWAY-HTTP,true\n"),
        "{csv}"
    );
    // The site's wide CSVs carry them once per row, before the codes.
    let wide = String::from_utf8(files["data/history.csv"].clone()).unwrap();
    assert!(
        wide.starts_with("date,implementor,Release,Core,current,"),
        "{wide}"
    );
    assert!(
        wide.contains("\n2024-04,Kuma,v1.0,MESH-HTTP,false,"),
        "{wide}"
    );
    let month_csv = String::from_utf8(files["data/2024-04.csv"].clone()).unwrap();
    assert!(month_csv.starts_with("date,implementor,Release,Core,current,"));
    assert!(month_csv.lines().skip(1).all(|l| l.starts_with("2024-04,")));
    assert!(month_csv.contains("\n2024-04,Kuma,v1.0,MESH-HTTP,false,"));
}

#[test]
fn attribute_values_are_escaped_in_every_output() {
    let snapshot = "---\ncurrent_releases: [v2]\n---\n# Status May 2024\n\n\
        | Name | Release | Core | GEP-1: A |\n|---|---|---|---|\n\
        | **Acme** | <img src=x onerror=alert(1)> | \"quoted\", =cmd() | C |\n\
        | **Bolt** | v2 | a & b | C |\n";
    let dir = site_dir(&[
        ("content/site.yaml", RELEASE_YAML.as_bytes()),
        ("content/2024-05.md", snapshot.as_bytes()),
    ]);
    let files = build_tree(dir.path());
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes.clone()).unwrap();
            assert!(!html.contains("<img src=x"), "{path}");
        }
    }
    let month = String::from_utf8(files["2024-05/index.html"].clone()).unwrap();
    assert!(
        month.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{month}"
    );
    assert!(month.contains("a &amp; b"));
    let csv = String::from_utf8(files["data/history.csv"].clone()).unwrap();
    assert!(
        csv.contains(
            "\n2024-05,Acme,<img src=x onerror=alert(1)>,\"\"\"quoted\"\", =cmd()\",false,C\n"
        ),
        "{csv}"
    );
    let json: serde_json::Value =
        crate::common::long_form(&serde_json::from_slice(&files["data/history.json"]).unwrap());
    assert_eq!(
        json["snapshots"][0]["implementors"][0]["attributes"]["Core"],
        "\"quoted\", =cmd()"
    );
}

#[test]
fn without_current_releases_every_row_counts() {
    let table = "# Status May 2024\n\n| Name | Release | GEP-1: A |\n|---|---|---|\n\
                 | **Acme** | v0.1 | C |\n| **Bolt** |  | C |\n";
    let (_dir, site) = common::site(&[
        ("content/site.yaml", RELEASE_YAML),
        ("content/2024-05.md", table),
    ]);
    assert!(site.diagnostics.is_empty(), "{:#?}", site.diagnostics.items);
    let s = &site.history.snapshots[0];
    assert!(s.implementors.iter().all(|i| i.counts()));
    assert_eq!(s.implementors[0].attribute(0), "v0.1");
    assert_eq!(s.implementors[0].attribute(1), "", "no Core column: blank");
    // And an empty list: every row with a release is outdated, a blank release still counts.
    let listed = format!("---\ncurrent_releases: []\n---\n{table}");
    let (_dir, site) = common::site(&[
        ("content/site.yaml", RELEASE_YAML),
        ("content/2024-05.md", &listed),
    ]);
    let s = &site.history.snapshots[0];
    let evidence: Vec<Evidence> = s.implementors.iter().map(|i| i.evidence).collect();
    assert_eq!(evidence, [Evidence::Outdated, Evidence::Current]);
}

#[test]
fn front_matter_and_table_problems_are_reported_where_they_are() {
    let table = "# Status May 2024\n\n| Name | Release | GEP-1: A |\n|---|---|---|\n| **Acme** | v1 | C |\n";
    let check = |yaml: &str, text: &str| {
        let (_dir, site) =
            common::site(&[("content/site.yaml", yaml), ("content/2024-05.md", text)]);
        tuples(&site.diagnostics)
            .into_iter()
            .map(|(_, l, c, sev, m)| (l, c, sev, m))
            .collect::<Vec<_>>()
    };
    let e = |l, c, m: &str| (l, c, Severity::Error, m.to_string());
    let w = |l, c, m: &str| (l, c, Severity::Warning, m.to_string());
    assert_eq!(
        check(
            RELEASE_YAML,
            &format!("---\ncurrent_releases: v1.6\n---\n{table}")
        ),
        [e(
            2,
            19,
            "current_releases must be a list of release names, like [v1.6, v1.5]; it is the text \"v1.6\", not a list; write [v1.6]"
        )]
    );
    assert_eq!(
        check(
            RELEASE_YAML,
            &format!("---\ncurrent_releases: [v1.6, 1.10]\n---\n{table}")
        ),
        [e(
            2,
            19,
            "current_releases must be a list of release names, like [v1.6, v1.5]; item 2 (1.1) is a number; quote it, as YAML reads 1.10 as 1.1: \"1.1\""
        )]
    );
    assert_eq!(
        check(
            "implementors: { attributes: [Release] }\n",
            &format!("---\ncurrent_releases: [v1]\n---\n{table}")
        ),
        [w(
            2,
            19,
            "current_releases has no effect: content/site.yaml names no release attribute; add `implementors: { attributes: [Release], release: Release }` or remove current_releases"
        )]
    );
    assert_eq!(
        check(
            RELEASE_YAML,
            "---\ncurrent_releases: [v1]\n---\n| Name | Core | GEP-1: A |\n|---|---|---|\n| **Acme** | x | C |\n"
        ),
        [w(
            2,
            19,
            "current_releases has no effect: the matrix has no \"Release\" column, so every row counts; add the column with each row's release"
        )]
    );
    assert_eq!(
        check(
            RELEASE_YAML,
            "| Name | Release | GEP-1: A | RELEASE |\n|---|---|---|---|\n| **Acme** | v1 | C | v2 |\n"
        ),
        [e(
            1,
            31,
            "a second \"Release\" column (the first is column 2); keep one column per attribute"
        )]
    );
}

#[test]
fn check_reports_what_build_would() {
    let dir = site_dir(&[
        (
            "content/site.yaml",
            b"implementors:\n  attributes: [Core]\n  release: Release\n",
        ),
        (
            "content/2024-05.md",
            b"---\ncurrent_releases: 1.6\n---\n| Name | GEP-1: A |\n|---|---|\n| **Acme** | C |\n",
        ),
    ]);
    let out = statusgen()
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8([out.stdout, out.stderr].concat()).unwrap();
    assert!(
        err.contains("content/site.yaml:3:12: error: implementors.release \"Release\" must be one of implementors.attributes (Core)"),
        "{err}"
    );
    // With the configuration fixed, the front matter's error.
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "implementors:\n  attributes: [Release]\n  release: Release\n",
    )
    .unwrap();
    let out = statusgen()
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8([out.stdout, out.stderr].concat()).unwrap();
    assert!(
        err.contains("content/2024-05.md:2:19: error: current_releases must be a list of release names, like [v1.6, v1.5]; it is the number 1.6, not a list"),
        "{err}"
    );
    let build = statusgen::pipeline::render(&statusgen::pipeline::BuildInput {
        root: dir.path().into(),
        ..Default::default()
    });
    assert!(build.is_err(), "build refuses it too");
}

#[test]
fn fmt_keeps_attribute_columns_as_written() {
    // With every column an item (`items: all`), an attribute column is still not an item: its
    // "c" is not made the code "C".
    let config = Config::parse(
        "matrix: { items: all }\nimplementors: { attributes: [Core] }\ncodes:\n  - { code: \"\", label: No }\n  - { code: C, label: Yes }\n",
        "content/site.yaml",
    )
    .unwrap();
    let text = "| Name | Core | Alpha |\n|-|-|-|\n| **Acme** | c | c |\n";
    let out =
        statusgen::authoring::fmt::format_bytes(text.as_bytes(), "content/2024-05.md", &config)
            .unwrap();
    assert_eq!(
        String::from_utf8(out.bytes).unwrap(),
        "| Name     | Core | Alpha |\n|----------|------|-------|\n| **Acme** | c    | C     |\n"
    );
    let (snap, d) = parse_with("content/2024-05.md", text.as_bytes(), &config);
    let snap = snap.unwrap();
    assert_eq!(snap.items.len(), 1, "{:?}", d.items);
    assert_eq!(snap.implementors[0].attribute(0), "c");
    // The fixture is in fmt's canonical form, attribute columns included.
    let site = read(Path::new(FIXTURE));
    for s in &site.history.snapshots {
        let bytes = std::fs::read(Path::new(FIXTURE).join(&s.source)).unwrap();
        let f = statusgen::authoring::fmt::format_bytes(&bytes, &s.source, &site.config).unwrap();
        assert!(!f.changed, "{}", s.source);
    }
}

#[test]
fn new_keeps_attribute_columns_and_current_releases() {
    let (_tmp, root) = fixture_site("releases");
    let planned = statusgen::authoring::new::plan(&root, None).unwrap();
    assert_eq!(planned.rel, "content/2024-05.md");
    assert!(
        planned.text.starts_with(
            "---\ncurrent_releases: [v1.2, v1.1]\n---\n# Gateway API conformance May 2024"
        ),
        "{}",
        planned.text
    );
    assert!(planned.text.contains(
        "| Implementation           | Release | Core                    | GEP-1016: GRPCRoute |"
    ));
    assert!(
        planned
            .text
            .contains("| **Kuma**                 | v1.0    | MESH-HTTP               |")
    );
    statusgen::authoring::new::write(&root, &planned).unwrap();
    let site = read(&root);
    let may = site.history.latest().unwrap();
    assert_eq!(may.implementors[2].evidence, Evidence::Outdated);
}

#[test]
fn implementors_as_rows_in_a_configured_shape_read_attributes_too() {
    let yaml = format!("matrix: {{ items: all, sections: headings }}\n{RELEASE_YAML}");
    let text = "---\ncurrent_releases: [v2]\n---\n## Routes\n\n| Name | Release | GRPC | HTTP |\n|---|---|---|---|\n\
                | **Acme** | v1 | C | C |\n| **Bolt** | v2 | C | |\n\n\
                ## Policies\n\n| Name | TLS | Core | Release |\n|---|---|---|---|\n\
                | **Acme** | C | MESH | v9 |\n| **Bolt** | | HTTP | |\n";
    let (_dir, site) = common::site(&[("content/site.yaml", &yaml), ("content/2024-05.md", text)]);
    let s = &site.history.snapshots[0];
    let keys: Vec<String> = s.items.iter().map(|p| p.key.to_string()).collect();
    assert_eq!(keys, ["routes/grpc", "routes/http", "policies/tls"]);
    let rows: Vec<(&str, Vec<&str>, Evidence)> = s
        .implementors
        .iter()
        .map(|i| {
            (
                i.name.as_str(),
                i.attributes.iter().map(|(_, v)| v.as_str()).collect(),
                i.evidence,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Acme", vec!["v1", "MESH"], Evidence::Outdated),
            ("Bolt", vec!["v2", "HTTP"], Evidence::Current),
        ]
    );
    // Acme's second table names another release: the first is kept, with a warning there.
    let d = only(&site.diagnostics);
    assert_eq!((d.line, d.col, d.severity), (15, 3, Severity::Warning));
    assert!(
        d.message.contains("Release \"v9\" differs from \"v1\""),
        "{d}"
    );
}
