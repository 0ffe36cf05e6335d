//! The six-month fixture history (tests/fixtures/history): the exact diff of every consecutive
//! pair, in JSON and in markdown, plus the scripted events asserted by name.

use crate::common::statusgen;
use statusgen::analyse::diff::{ChangeKind, diff};
use statusgen::pipeline::read_site;
use statusgen::present::{diffs, wording};
use std::path::Path;

fn history() -> statusgen::site::Site {
    let site = read_site(Path::new("tests/fixtures/history")).unwrap();
    assert!(site.diagnostics.is_empty(), "{:?}", site.diagnostics);
    site
}

#[test]
fn every_pair_in_json_and_markdown() {
    let site = history();
    let s = &site.history.snapshots;
    assert_eq!(
        s.iter().map(|x| x.month.to_string()).collect::<Vec<_>>(),
        [
            "2024-01", "2024-02", "2024-03", "2024-05", "2024-06", "2024-07"
        ]
    );
    for w in s.windows(2) {
        let d = diff(&w[0], &w[1], &site.config);
        let name = format!("{}_{}", w[0].month, w[1].month);
        insta::assert_snapshot!(
            format!("{name}_json"),
            diffs::json(&d, &site.config, &site.nouns)
        );
        insta::assert_snapshot!(
            format!("{name}_markdown"),
            diffs::markdown(&d, &site.config, &site.nouns)
        );
    }
}

#[test]
fn scripted_events() {
    let site = history();
    let s = &site.history.snapshots;
    let c = &site.config;
    let d = |i: usize| diff(&s[i - 1], &s[i], c);

    let feb = d(1);
    assert_eq!(
        wording::summary(&feb, c, &site.nouns),
        "3 advances, 1 new implementor"
    );
    assert_eq!(feb.implementors_added, ["Traefik"]);

    // "Kong Gateway" is renamed "Kong" in March; the alias keeps one identity.
    let mar = d(2);
    assert!(mar.implementors_added.is_empty() && mar.implementors_removed.is_empty());
    assert_eq!(
        wording::summary(&mar, c, &site.nouns),
        "4 advances, 1 new proposal, GEP-1897 Provisional → Experimental"
    );
    assert_eq!(mar.items_added.len(), 1);
    assert_eq!(mar.items_added[0].number, 1619.into());
    assert!(s[2].implementor_index("Kong").is_some());
    assert_eq!(s[0].implementors[3].name, "Kong");
    assert_eq!(s[0].implementors[3].written_name, "Kong Gateway");

    // April is missing: May is compared with March.
    let may = d(3);
    assert_eq!(
        wording::since(&may),
        "since March 2024 (no snapshot for April 2024)"
    );
    assert_eq!(
        wording::summary(&may, c, &site.nouns),
        "2 advances, 1 regression, GEP-1742 Experimental → Standard"
    );
    let reg: Vec<_> = may
        .cells
        .iter()
        .filter(|x| x.kind == ChangeKind::Regression)
        .collect();
    assert_eq!(reg.len(), 1);
    assert_eq!(
        (
            reg[0].implementor.as_str(),
            reg[0].item.clone(),
            reg[0].from.as_str(),
            reg[0].to.as_str()
        ),
        ("Cilium", 1016.into(), "RR", "PP")
    );

    assert_eq!(
        wording::summary(&d(4), c, &site.nouns),
        "GEP-1016 reached 3 complete implementations, GEP-1742 reached 3 complete implementations, 5 advances, 1 compliance change"
    );
    assert_eq!(
        d(4).threshold_crossings
            .iter()
            .map(|x| (x.item.number().unwrap(), x.direction))
            .collect::<Vec<_>>(),
        [
            (1016, statusgen::analyse::graduation::Direction::Up),
            (1742, statusgen::analyse::graduation::Direction::Up)
        ]
    );
    assert_eq!(wording::summary(&d(5), c, &site.nouns), "2 advances");
}

/// `diff 2024-02 2024-05` passes over March, which is on record: the text says so instead of
/// claiming March and April have no snapshot.
#[test]
fn diff_command_over_a_month_on_record_names_it_as_not_compared() {
    let out = statusgen()
        .args([
            "diff",
            "2024-02",
            "2024-05",
            "--root",
            "tests/fixtures/history",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.contains(
            "since February 2024 (no snapshot for April 2024) (March 2024 on record, not compared)"
        ),
        "{first}"
    );
}

#[test]
fn diff_command_by_month_and_by_file() {
    let out = statusgen()
        .args([
            "diff",
            "2024-03",
            "2024-05",
            "--root",
            "tests/fixtures/history",
            "--format",
            "markdown",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(out).unwrap();
    assert!(
        md.contains("| ⬇️ regression | GEP-1016 | Cilium | RR | PP |"),
        "{md}"
    );

    // File paths: a pull-request job compares the base branch's file with the new one.
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base.md");
    std::fs::copy("tests/fixtures/history/content/2024-06.md", &base).unwrap();
    let out = statusgen()
        .args([
            "diff",
            base.to_str().unwrap(),
            "tests/fixtures/history/content/2024-07.md",
        ])
        .args(["--root", "tests/fixtures/history", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["summary"], "2 advances");
    assert_eq!(v["from"], "2024-06");
    assert_eq!(v["cells"].as_array().unwrap().len(), 2);

    // Defaults: the last two months.
    let out = statusgen()
        .args(["diff", "--root", "tests/fixtures/history"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.starts_with("2024-06 → 2024-07, since June 2024: 2 advances"),
        "{text}"
    );

    // Unknown month: usage error.
    statusgen()
        .args(["diff", "2020-01", "--root", "tests/fixtures/history"])
        .assert()
        .code(2);
}
