//! `statusgen init --template gateway-conformance`, and the published example made with it
//! (`examples/gateway-conformance/`, from kubernetes-sigs/gateway-api at commit
//! 4564255ac2c35d582249b3cdf261bdf51c8bca32). With `STATUSGEN_GATEWAY_REPO=/path/to/a/full/clone`
//! the tests also run what a new user runs (init, import, check, build) and re-import the
//! example to show it is exactly the importer's output.

use crate::common;
use crate::common::read_text;
use crate::common::statusgen;
use crate::common::stderr;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gateway-conformance")
}

fn init_gateway(dir: &Path) -> Output {
    statusgen()
        .arg("init")
        .arg(dir)
        .args(["--template", "gateway-conformance"])
        .output()
        .unwrap()
}

/// The display names of the template's implementations.
fn configured_names(root: &Path) -> BTreeSet<String> {
    let import = statusgen::import::settings::ImportConfig::load(root).unwrap();
    let gc = import.gateway_conformance.as_ref().unwrap();
    gc.implementations.names.values().cloned().collect()
}

/// Every month's rows name each implementation once, by a configured display name (a row
/// labelled with a raw `organization/project` identity would mean a missing alias or name).
fn assert_one_named_row_per_implementation(root: &Path, site: &statusgen::site::Site) {
    let names = configured_names(root);
    for s in &site.history.snapshots {
        let mut seen = BTreeSet::new();
        for i in &s.implementors {
            assert!(seen.insert(i.name.clone()), "{}: {} twice", s.month, i.name);
            assert!(
                names.contains(&i.name),
                "{}: row {:?} has no display name in site.yaml",
                s.month,
                i.name
            );
        }
    }
}

#[test]
fn init_writes_a_gateway_conformance_site() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("site");
    let o = init_gateway(&dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for rel in [
        "content/site.yaml",
        ".github/workflows/import.yml",
        ".github/workflows/pages.yml",
        ".github/workflows/pr.yml",
        ".github/dependabot.yml",
        ".gitignore",
        "README.md",
    ] {
        assert!(dir.join(rel).is_file(), "{rel}");
    }
    // No snapshot until the first import, and the next step is said.
    assert_eq!(std::fs::read_dir(dir.join("content")).unwrap().count(), 1);
    assert!(stderr(&o).contains("statusgen import gateway-conformance"));
    // The configuration loads as it is (unknown keys would be errors).
    let o = statusgen()
        .args(["check", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // The example holds the template's files as init writes them; its README adds a note
    // about the example above the template's text.
    // site.yaml: the same, plus the links to the site it is published beside.
    let example_yaml = read_text(&example().join("content/site.yaml"));
    let (as_written, added) = example_yaml
        .split_once("\n\n# Added for publishing")
        .expect("the example's addition is marked");
    // init writes a random id; the example keeps its title's slug as its id, so its feed's
    // ids stayed what they were before sites had one.
    let written = read_text(&dir.join("content/site.yaml"));
    let id_of = |text: &str| {
        let line = text.lines().find(|l| l.starts_with("id: ")).expect("an id");
        line.to_string()
    };
    let random = id_of(&written);
    assert_eq!(random.len(), "id: \"\"".len() + 32, "{random}");
    assert_eq!(
        id_of(&example_yaml),
        "id: \"gateway-api-conformance-month-by-month\""
    );
    assert_eq!(
        format!("{as_written}\n"),
        written.replacen(&random, &id_of(&example_yaml), 1)
    );
    assert!(added.contains("\nlinks:\n"), "{added}");
    for rel in [
        ".github/workflows/import.yml",
        ".github/workflows/pages.yml",
        ".github/workflows/pr.yml",
        ".github/dependabot.yml",
        ".gitignore",
    ] {
        assert_eq!(
            read_text(&dir.join(rel)),
            read_text(&example().join(rel)),
            "{rel}"
        );
    }
    let template_readme = read_text(&dir.join("README.md"));
    let body = template_readme.split_once('\n').unwrap().1;
    assert!(read_text(&example().join("README.md")).ends_with(body));
}

#[test]
fn a_month_is_refused_for_a_template_without_an_example() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("site");
    let o = statusgen()
        .arg("init")
        .arg(&dir)
        .args(["--template", "gateway-conformance", "--month", "2024-05"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--month"), "{}", stderr(&o));
    assert!(!dir.exists());

    let o = statusgen()
        .arg("init")
        .arg(&dir)
        .args(["--template", "no-such-template"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.exists());
}

#[test]
fn the_example_holds_38_months_with_each_implementation_once() {
    let site = common::read(&example());
    assert!(
        !site.diagnostics.has_errors(),
        "{:?}",
        site.diagnostics.errors().collect::<Vec<_>>()
    );
    let months: Vec<String> = site
        .history
        .snapshots
        .iter()
        .map(|s| s.month.to_string())
        .collect();
    assert_eq!(months.len(), 38);
    assert_eq!(months.first().map(String::as_str), Some("2023-07"));
    assert_eq!(months.last().map(String::as_str), Some("2026-08"));
    assert_one_named_row_per_implementation(&example(), &site);

    // Known facts of the repository's history.
    let month = |m: &str| {
        site.history
            .snapshots
            .iter()
            .find(|s| s.month.to_string() == m)
            .unwrap()
    };
    let rows = |m: &str| -> Vec<String> {
        month(m)
            .implementors
            .iter()
            .map(|i| i.name.clone())
            .collect()
    };
    // July 2023: the first five reports (Istio's as istio.io, NGINX's as
    // nginxinc/nginx-kubernetes-gateway), each one row.
    assert_eq!(
        rows("2023-07"),
        [
            "Contour",
            "Istio",
            "Kong Ingress Controller",
            "Kuma",
            "NGINX Gateway Fabric"
        ]
    );
    let latest = month("2026-08");
    assert_eq!(latest.implementors.len(), 29);
    assert_eq!(latest.items.len(), 21);
    // Kong Gateway Operator's reports (v1.2.0) and Kong Operator's (v1.3.0 on) are one row.
    assert!(rows("2026-08").contains(&"Kong Operator".to_string()));
    // GEP-1709 (Conformance Profiles) is no column: every row names its release and the
    // profiles whose core tests it passed instead.
    assert!(latest.item_index(&1709.into()).is_none());
    assert!(
        latest
            .implementors
            .iter()
            .all(|i| i.attributes[0].0 == "Release" && i.attributes[0].1.starts_with('v'))
    );

    // Each generated month records the commit it was read at.
    let text = read_text(&example().join("content/2026-08.md"));
    assert!(text.contains("source_commit: \"4564255ac2c35d582249b3cdf261bdf51c8bca32\""));
    assert!(
        read_text(&example().join("README.md"))
            .contains("4564255ac2c35d582249b3cdf261bdf51c8bca32")
    );
}

/// Opt-in (STATUSGEN_GATEWAY_REPO=/path/to/gateway-api): a new user's steps, and the example is
/// exactly what the importer writes from the clone (when the clone's HEAD is the example's
/// commit).
#[test]
#[ignore = "needs STATUSGEN_GATEWAY_REPO=/path/to/a/full/clone/of/gateway-api; .ci/run runs it when set"]
fn a_new_user_gets_the_example_from_a_full_clone() {
    let source = std::env::var("STATUSGEN_GATEWAY_REPO")
        .expect("STATUSGEN_GATEWAY_REPO: the path of a full clone of kubernetes-sigs/gateway-api");
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("site");
    let o = init_gateway(&dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = statusgen()
        .args(["import", "gateway-conformance", &source, "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // No mapped feature or profile that no report uses, no unknown GEP status.
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let site = common::read(&dir);
    assert!(!site.diagnostics.has_errors());
    assert!(site.history.snapshots.len() >= 38);
    assert_one_named_row_per_implementation(&dir, &site);
    let o = statusgen()
        .args(["build", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let head = Command::new("git")
        .args(["-C", &source, "rev-parse", "HEAD"])
        .output()
        .unwrap();
    if String::from_utf8_lossy(&head.stdout).trim() == "4564255ac2c35d582249b3cdf261bdf51c8bca32" {
        for entry in std::fs::read_dir(example().join("content")).unwrap() {
            let p = entry.unwrap().path();
            let name = p.file_name().unwrap();
            if name == "site.yaml" {
                continue; // init's file plus the publishing links (init_writes_… checks it)
            }
            assert_eq!(
                read_text(&p),
                read_text(&dir.join("content").join(name)),
                "{name:?}"
            );
        }
        assert_eq!(
            std::fs::read_dir(dir.join("content")).unwrap().count(),
            std::fs::read_dir(example().join("content"))
                .unwrap()
                .count()
        );
    }
}
