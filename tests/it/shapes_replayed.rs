//! The three shapes of issue 21, as synthetic fixtures (`tests/fixtures/shapes-{tiers,drivers,
//! languages}`: no file of those projects), each replayed into a git repository month by month
//! (moves between sections, renamed sections, renumbered footnotes, regrouping, a renamed file),
//! imported with `import git-history` and read with the fixture's `site.yaml` alone: the
//! identities of every month and the changes between months.

use crate::common::repo::Repo;
use crate::common::statusgen;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Replays the fixture's months into a repository (one commit per month, at `paths[i]`: a
/// changed path is a rename, committed on its own on the month's first day), imports them into a new site with the fixture's `site.yaml`,
/// and returns the site.
pub(crate) fn replay(fixture: &str, months: &[&str], paths: &[&str]) -> tempfile::TempDir {
    let content = Path::new("tests/fixtures").join(fixture).join("content");
    let repo = Repo::new();
    for (i, (m, path)) in months.iter().zip(paths).enumerate() {
        if i > 0 && paths[i - 1] != *path {
            let dir = repo.path().join(path);
            std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
            repo.git(&["mv", paths[i - 1], path], &format!("{m}-01T00:00:00Z"));
            repo.commit(&format!("{m}-01T00:00:00Z"), "move the file");
        }
        repo.write(
            path,
            std::fs::read(content.join(format!("{m}.md"))).unwrap(),
        );
        repo.commit(&format!("{m}-20T12:00:00Z"), m);
    }
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    std::fs::copy(
        content.join("site.yaml"),
        site.path().join("content/site.yaml"),
    )
    .unwrap();
    let last = paths[paths.len() - 1];
    let out = statusgen()
        .args(["import", "git-history", last, "--repo"])
        .arg(repo.path())
        .arg("--root")
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The imported months read as the fixture's files do.
    let check = statusgen()
        .arg("check")
        .arg("--root")
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    site
}

/// Builds the replayed site into its `output/` (the build must succeed) and returns that folder.
pub(crate) fn build(site: &Path) -> std::path::PathBuf {
    let out = site.join("output");
    let build = statusgen()
        .args(["build", "--root"])
        .arg(site)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    out
}

/// The item ids of each month, from `data/history.json` of a build.
fn ids(site: &Path) -> Vec<BTreeSet<String>> {
    let out = build(site);
    let history: Value = crate::common::long_form(
        &serde_json::from_slice(&std::fs::read(out.join("data/history.json")).unwrap()).unwrap(),
    );
    history["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["proposals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

/// `statusgen diff --format json FROM TO`.
pub(crate) fn diff(site: &Path, from: &str, to: &str) -> Value {
    let out = statusgen()
        .args(["diff", "--format", "json", "--root"])
        .arg(site)
        .args([from, to])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// What changed besides cells: (item, attribute, from, to).
fn moves(d: &Value) -> Vec<(String, String, String, String)> {
    d["attribute_changes"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| {
                    let s = |k: &str| match &c[k] {
                        Value::String(s) => s.clone(),
                        v => v.to_string(),
                    };
                    (s("proposal"), s("attribute"), s("from"), s("to"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn count(d: &Value, key: &str) -> usize {
    d[key].as_array().map_or(0, Vec::len)
}

fn mv(item: &str, attribute: &str, from: &str, to: &str) -> (String, String, String, String) {
    (item.into(), attribute.into(), from.into(), to.into())
}

/// Proposals move between tiers, a tier is renamed, footnotes are renumbered and an item is
/// renamed through `aliases: items:`: every identity holds, each move is one "other" change,
/// and no cell changes but the one edited.
#[test]
fn tiers_move_rename_and_renumber_footnotes_without_losing_history() {
    let site = replay(
        "shapes-tiers",
        &["2024-01", "2024-02", "2024-03"],
        &["TIERS.md", "TIERS.md", "docs/tiers.md"],
    );
    let all = set(&["gc", "streams", "pools"]);
    assert_eq!(ids(site.path()), [all.clone(), all.clone(), all]);
    let feb = diff(site.path(), "2024-01", "2024-02");
    assert_eq!(moves(&feb), [mv("gc", "Tier", "Tier 1", "Tier 2")]);
    // Renumbered footnotes and the renamed label change no cell and no identity.
    assert_eq!(count(&feb, "cells"), 0);
    assert_eq!(
        count(&feb, "proposals_added") + count(&feb, "proposals_removed"),
        0
    );
    let mar = diff(site.path(), "2024-02", "2024-03");
    assert_eq!(
        moves(&mar),
        [
            mv("gc", "Tier", "Tier 2", "Tier B"),
            mv("pools", "Tier", "Tier 2", "Tier B")
        ]
    );
    // The footnotes are shown under the matrix (numbered as GFM numbers them, by first
    // reference: gc's label refers to the collector note first), each reference linked to its
    // text, which is also in the cell's title; no label, code or prose shows a reference.
    let page = std::fs::read_to_string(site.path().join("output/2024-02/index.html")).unwrap();
    assert!(
        page.contains("<li id=\"fn-2\">Blocked on the test farm.</li>"),
        "{page}"
    );
    assert!(page.contains(
        " — Blocked on the test farm.\">🚧<sup class=fn><a href=\"#fn-2\" aria-label=\"note 2\">2</a></sup>"
    ));
    assert!(!page.contains("[^"), "{page}");
    // Two cells edited: gc's Tests (🚧 → ✅) and Pools' Tests (blank → 🚧).
    assert_eq!(count(&mar, "cells"), 2, "{mar:#}");
    assert_eq!(
        count(&mar, "proposals_added") + count(&mar, "proposals_removed"),
        0
    );
}

/// One table regrouped under headings, beside an unrelated table: only the tables whose first
/// header is "Driver" are read, a blank cell does not apply, and regrouping keeps every driver.
#[test]
fn drivers_regrouped_keep_their_identity_and_blank_does_not_apply() {
    let site = replay(
        "shapes-drivers",
        &["2024-01", "2024-02"],
        &["drivers.md", "drivers.md"],
    );
    let all = set(&["timer", "uart", "spi"]);
    assert_eq!(ids(site.path()), [all.clone(), all]);
    let feb = diff(site.path(), "2024-01", "2024-02");
    assert_eq!(
        moves(&feb),
        [
            mv("timer", "Group", "Drivers", "Timers"),
            mv("uart", "Group", "Drivers", "Serial"),
            mv("spi", "Group", "Drivers", "Serial")
        ]
    );
    assert_eq!(count(&feb, "cells"), 1);
    assert_eq!(count(&feb, "implementors_added"), 0);
    // "Complete N of M" counts only the cells that apply: S2 lacks a UART.
    let page = std::fs::read_to_string(site.path().join("output/2024-02/index.html")).unwrap();
    assert!(
        page.contains("blank: does not apply (not counted)"),
        "{page}"
    );
    let s2 = std::fs::read_to_string(site.path().join("output/chips/index.html"))
        .or_else(|_| std::fs::read_to_string(site.path().join("output/implementors/index.html")))
        .unwrap();
    assert!(s2.contains("2 of 2"), "{s2}");
}

/// A free-text column: any value is the item's attribute, a new row needs no configuration,
/// and a changed value is an "other" change.
#[test]
fn languages_free_text_column_needs_no_list() {
    let site = replay(
        "shapes-languages",
        &["2024-01", "2024-02"],
        &["editors.md", "editors.md"],
    );
    assert_eq!(
        ids(site.path()),
        [set(&["go", "python"]), set(&["go", "python", "zig"])]
    );
    let feb = diff(site.path(), "2024-01", "2024-02");
    assert_eq!(moves(&feb), [mv("python", "Server", "pyls", "pylsp")]);
    let history: Value = crate::common::long_form(
        &serde_json::from_slice(
            &std::fs::read(site.path().join("output/data/history.json")).unwrap(),
        )
        .unwrap(),
    );
    let zig = history["snapshots"][1]["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "zig")
        .unwrap()
        .clone();
    assert_eq!(zig["attributes"]["Server"], "zls 0.11", "{zig:#}");
}

/// Release rows whose labels carry annotations that change (`21 (ea)` → `21 (LTS)`, `11 (LTS)`
/// → `11`), release 17 listed in both tables of every month, cells pointing at notes with
/// in-page links, prose inside each section, a version line retired (issue 27, items 4 and 6):
/// one identity per release, an annotation change is one "other" change, 17's cells are gathered
/// from both tables, and the section prose is on the month page beside its table.
#[test]
fn annotated_releases_keep_one_identity_and_gather_their_cells() {
    let site = replay(
        "shapes-annotated",
        &["2024-01", "2024-02", "2024-03"],
        &["RELEASES.md", "RELEASES.md", "RELEASES.md"],
    );
    // A retired line in the text diff, its 20-character label kept apart from its name.
    let out = statusgen()
        .args(["diff", "--format", "text", "--root"])
        .arg(site.path())
        .args(["2024-02", "2024-03"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\n  removed version line 2.11\n"), "{text}");
    let three = set(&["21", "17", "11"]);
    assert_eq!(
        ids(site.path()),
        [three.clone(), three, set(&["25", "21", "17", "11"])]
    );
    let feb = diff(site.path(), "2024-01", "2024-02");
    assert_eq!(moves(&feb), [mv("21", "Annotation", "(ea)", "(LTS)")]);
    assert_eq!(
        count(&feb, "proposals_added") + count(&feb, "proposals_removed"),
        0
    );
    // 21's two cells edited; 17, in both tables, changed nowhere.
    assert_eq!(count(&feb, "cells"), 2, "{feb:#}");
    let mar = diff(site.path(), "2024-02", "2024-03");
    assert_eq!(moves(&mar), [mv("11", "Annotation", "(LTS)", "")]);
    assert_eq!(count(&mar, "proposals_added"), 1);
    assert_eq!(mar["implementors_removed"], serde_json::json!(["2.11"]));
    // 17's cells come from both tables: the current lines and the older ones.
    let history: Value = crate::common::long_form(
        &serde_json::from_slice(
            &std::fs::read(site.path().join("output/data/history.json")).unwrap(),
        )
        .unwrap(),
    );
    let jan = &history["snapshots"][0];
    let codes: Vec<&str> = jan["implementors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["cells"]["17"].as_str().unwrap_or("absent"))
        .collect();
    assert_eq!(codes, ["+", "+", "+", "+"], "{jan:#}");
    // The prose inside a section is on the month page between its heading and its table, or
    // after its table; an in-page link is the cell's note.
    let page = std::fs::read_to_string(site.path().join("output/2024-01/index.html")).unwrap();
    let at = |text: &str| page.find(text).unwrap_or_else(|| panic!("{text}: {page}"));
    assert!(at("<h2 id=\"s-current-lines\">") < at("<p>Cells marked <code>~</code> are partial"));
    assert!(at("<p>Cells marked <code>~</code> are partial") < at("id=\"s-current-lines-matrix\""));
    assert!(at("id=\"s-current-lines-matrix\"") < at("<p>Release 21 is an early-access build."));
    assert!(at("<p>Release 21 is an early-access build.") < at("<h2 id=\"s-older-lines\">"));
    assert!(page.contains("title=\"~ since January 2024 or earlier — see below\">~<"));
}
