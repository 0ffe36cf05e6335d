//! A "supported since" version matrix (issue 27): `tests/fixtures/shapes-versions`, synthetic —
//! JDK releases as rows (items), Scala version lines as columns (implementors), each cell the
//! minimum version of its line, `*` / "(forthcoming)" / "(soon)" for an announced release,
//! blank for no support — replayed through git month by month (a renamed file included) and
//! read with its `site.yaml` alone, which lists no version: forthcoming → released, a minimum
//! raised and one lowered (compared numerically: 2.13.6 → 2.13.10 is up, 2.12.18 → 2.12.9
//! down), a line added and one retired, support dropped, and a first month in the older
//! layout (one column listing a version per line, `lists: by_line`) whose lines keep their
//! history when they get columns of their own (renamed once, through aliases), and JDK labels
//! whose annotation changes ("23 (ea)" → "23", `matrix: label_annotations`); its cells,
//! changes, timelines and exports.

use crate::common::statusgen;
use crate::shapes_replayed::{build, diff, replay};
use serde_json::Value;
use std::path::Path;

const MONTHS: [&str; 6] = [
    "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06",
];

fn site() -> tempfile::TempDir {
    replay(
        "shapes-versions",
        &MONTHS,
        &[
            "COMPAT.md",
            "COMPAT.md",
            "COMPAT.md",
            "COMPAT.md",
            "docs/jdk.md",
            "docs/jdk.md",
        ],
    )
}

/// (line, item, change, from version, to version) of each cell change, as the JSON diff has it.
fn changes(d: &Value) -> Vec<(String, String, String, String, String)> {
    let version = |v: &Value| v["version"].as_str().unwrap_or("").to_string();
    d["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            // No version change is an advance or a regression by code rank.
            assert_eq!(c["kind"], "other", "{c:#}");
            let v = &c["version"];
            (
                c["implementor"].as_str().unwrap().to_string(),
                c["proposal"].as_str().unwrap().to_string(),
                v["change"].as_str().unwrap().to_string(),
                version(&v["from"]),
                version(&v["to"]),
            )
        })
        .collect()
}

fn change(
    line: &str,
    item: &str,
    what: &str,
    from: &str,
    to: &str,
) -> (String, String, String, String, String) {
    (
        line.into(),
        item.into(),
        what.into(),
        from.into(),
        to.into(),
    )
}

fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap()
}

/// January's lists give each version to its line: February, the same values in a column per
/// line (named "Scala 2.13", an alias of "2.13"), changes no cell.
#[test]
fn a_list_per_jdk_becomes_a_column_per_line_with_one_history() {
    let site = site();
    let feb = diff(site.path(), "2024-01", "2024-02");
    assert_eq!(feb["cells"], serde_json::json!([]), "{feb:#}");
    assert_eq!(feb["implementors_added"], serde_json::json!([]));
    assert_eq!(feb["implementors_removed"], serde_json::json!([]));
    assert_eq!(feb["summary"], "1 new jdk");
    let csv = statusgen()
        .args(["export", "--format", "csv", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    // "3.0.0, 2.13.0, 2.12.4 (see below), 2.11.12": each version in its line, its note kept; a
    // line a list does not name is blank there (not supported), not absent.
    for line in [
        "2024-01,2.13,11,11,,,supported,,2.13.0,supported,",
        "2024-01,2.12,11,11,,,supported,,2.12.4,supported,(see below)",
        "2024-01,2.11,11,11,,,supported,,2.11.12,supported,",
        "2024-01,2.11,21,21,,,,,,,",
    ] {
        assert!(csv.contains(&format!("\n{line}\n")), "{line}\n{csv}");
    }
    assert!(!csv.contains(",Scala,"), "{csv}");
}

#[test]
fn version_changes_are_released_raised_lowered_added_and_dropped_never_regressions() {
    let site = site();
    let s = site.path();
    let mar = diff(s, "2024-02", "2024-03");
    assert_eq!(
        changes(&mar),
        [
            change("3", "22", "released", "3.3.2", "3.3.2"),
            change("2.13", "22", "released", "2.13.13", "2.13.13"),
            change("2.12", "22", "added", "", "2.12.19"),
        ]
    );
    assert_eq!(mar["cells"][0]["version"]["from"]["state"], "forthcoming");
    assert_eq!(mar["cells"][0]["version"]["to"]["state"], "supported");
    assert_eq!(
        mar["summary"],
        "3.3.2 released: 22, 2.13.13 released: 22, 1 support added, 21 Annotation: blank → (LTS)"
    );
    // Numerically: 2.13.6 → 2.13.10 is raised, 2.12.18 → 2.12.9 lowered (as text, both the
    // other way round).
    let apr = diff(s, "2024-03", "2024-04");
    assert_eq!(
        changes(&apr),
        [
            change("2.13", "17", "raised", "2.13.6", "2.13.10"),
            change("2.12", "21", "lowered", "2.12.18", "2.12.9"),
        ]
    );
    assert_eq!(
        apr["summary"],
        "1 minimum raised, 1 minimum lowered, 1 new jdk"
    );
    // A line added, one retired; JDK 23's "3.3.4 (soon)" released.
    let may = diff(s, "2024-04", "2024-05");
    assert_eq!(may["implementors_added"], serde_json::json!(["3 Next"]));
    assert_eq!(may["implementors_removed"], serde_json::json!(["2.11"]));
    assert_eq!(
        changes(&may)[0],
        change("3", "23", "released", "3.3.4", "3.3.4")
    );
    // "23 (ea)" became "23": one JDK, its annotation an attribute that changed.
    assert_eq!(
        may["attribute_changes"],
        serde_json::json!([{"proposal": "23", "attribute": "Annotation", "from": "(ea)", "to": ""}])
    );
    assert_eq!(may["proposals_added"], serde_json::json!([]));
    let jun = diff(s, "2024-05", "2024-06");
    assert_eq!(
        changes(&jun),
        [
            change("3 Next", "23", "released", "3.5.0", "3.5.0"),
            change("3 Next", "8", "dropped", "3.4.0", ""),
        ]
    );
    // The text and markdown forms word them the same way.
    let text = statusgen()
        .args(["diff", "--format", "text", "--root"])
        .arg(s)
        .args(["2024-03", "2024-04"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("  minimum raised      2.13 × 17: minimum raised 2.13.6 → 2.13.10\n"),
        "{text}"
    );
    assert!(
        !text.contains("regression") && !text.contains("advance"),
        "{text}"
    );
    let md = statusgen()
        .args(["diff", "--format", "markdown", "--root"])
        .arg(s)
        .args(["2024-02", "2024-03"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("| ↔️ released | 22 | 3 | 3.3.2 forthcoming | 3.3.2 |"),
        "{md}"
    );
}

#[test]
fn cells_read_since_timelines_and_first_supported_months() {
    let site = site();
    let out = build(site.path());
    // Cells read "since X"; a forthcoming one says so in words, coloured by its state (the
    // forthcoming code's class), never by version.
    let feb = page(&out, "2024-02/index.html");
    assert!(feb.contains("<td>since 3.3.1"), "{feb}");
    assert!(feb.contains("3.3.2 forthcoming"), "{feb}");
    assert!(feb.contains("since 2.12.4 (see below)"), "{feb}");
    assert!(feb.contains("class=\"total\">Supported by</th>"), "{feb}");
    assert!(feb.contains("4 of 4 scala lines"), "{feb}");
    assert!(!feb.contains("unknown code"));
    // Each item page: per line, its value now and its timeline.
    let jdk22 = page(&out, "jdks/22/index.html");
    assert!(
        jdk22.contains("<td>since 3.3.2</td><td>3.3.2 forthcoming 2024-02 → released 2024-03</td>"),
        "{jdk22}"
    );
    let jdk8 = page(&out, "jdks/8/index.html");
    assert!(
        jdk8.contains("<td>not supported</td><td>3.4.0 from 2024-05 → dropped 2024-06</td>"),
        "{jdk8}"
    );
    // Each line's page: the month each JDK became supported by it.
    let line = page(&out, "implementors/2-12/index.html");
    assert!(
        line.contains("<h2 id=\"supported\">Supported since</h2>"),
        "{line}"
    );
    assert!(
        line.contains("22</a></th><td>March 2024</td><td>since 2.12.19</td><td>since 2.12.19</td>"),
        "{line}"
    );
    assert!(
        line.contains(
            "21</a></th><td>January 2024</td><td>since 2.12.18</td><td>since 2.12.9</td>"
        ),
        "{line}"
    );
    // The changes pages and the feed.
    let changes = page(&out, "2024-03/changes/index.html");
    assert!(
        changes.contains("<span class=\"kind\">released</span>"),
        "{changes}"
    );
    assert!(changes.contains("3.3.2 forthcoming</span>"), "{changes}");
    let feed = page(&out, "feed.xml");
    assert!(
        feed.contains("June 2024: 3.5.0 released: 23, 1 support dropped"),
        "{feed}"
    );
}

#[test]
fn exports_carry_version_state_and_note() {
    let site = site();
    let out = build(site.path());
    let history: Value = crate::common::long_form(
        &serde_json::from_slice(&std::fs::read(out.join("data/history.json")).unwrap()).unwrap(),
    );
    let feb = &history["snapshots"][1]["implementors"];
    let line = |name: &str| {
        feb.as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        line("3")["versions"]["22"],
        serde_json::json!({"version": "3.3.2", "state": "forthcoming"})
    );
    assert_eq!(
        line("2.12")["versions"]["11"],
        serde_json::json!({"version": "2.12.4", "state": "supported", "note": "(see below)"})
    );
    // A blank cell has no version.
    assert!(line("2.12")["versions"].get("22").is_none());
    let csv = statusgen()
        .args(["export", "--format", "csv", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(
        csv.starts_with(
            "date,implementor,proposal,title,status,compliance,code,group,version,state,note\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains("\n2024-02,3,22,22,,,forthcoming,,3.3.2,forthcoming,\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\n2024-02,2.12,11,11,,,supported,,2.12.4,supported,(see below)\n"),
        "{csv}"
    );
    assert!(csv.contains("\n2024-02,2.12,22,22,,,,,,,\n"), "{csv}");
}
