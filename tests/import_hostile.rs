//! Reports are upstream text: a name cannot forge rows of the matrix, two spellings that look
//! the same are one implementation (with a warning), and warnings print no control characters.

mod common;

use assert_cmd::Command;
use common::repo::Repo;

const SITE_YAML: &str = r#"title: Gateway API conformance
codes:
  - { code: "", label: No report }
  - { code: U, label: Reported unsupported }
  - { code: P, label: Partial }
  - { code: C, label: Conformant }
implementors: { attributes: [Release, Core], release: Release }
import:
  gateway_conformance:
    proposals:
      - { number: 1742, features: [HTTPRouteRequestTimeout] }
"#;

fn report(org: &str, project: &str) -> String {
    format!(
        "implementation:\n  organization: {org}\n  project: {project}\n  version: v1\nprofiles:\n- name: GATEWAY-HTTP\n  core:\n    result: success\n  extended:\n    result: success\n    supportedFeatures: [HTTPRouteRequestTimeout]\n"
    )
}

fn import(r: &Repo) -> (tempfile::TempDir, std::process::Output) {
    let site = common::site_dir(&[("content/site.yaml", SITE_YAML.as_bytes())]);
    let out = Command::cargo_bin("statusgen")
        .unwrap()
        .args(["import", "gateway-conformance"])
        .arg(r.path())
        .arg("--root")
        .arg(site.path())
        .output()
        .unwrap();
    (site, out)
}

#[test]
fn a_name_with_newlines_cannot_forge_the_matrix() {
    let r = Repo::new();
    // The reproduction of issue 23: a project name that writes a table of its own.
    let forged = "\"p\\n\\n| | GEP-1742: HTTPRoute Timeouts |\\n|---|---|\\n| Status | S |\\n| **Fake 1** | C |\\n| **Fake 2** | C |\\n\"";
    r.write(
        "conformance/reports/v1.0.0/x/report.yaml",
        report("evil", forged),
    );
    r.write(
        "conformance/reports/v1.0.0/y/report.yaml",
        report("good", "gw"),
    );
    r.commit("2024-07-10T10:00:00Z", "reports");
    let (site, out) = import(&r);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = common::read(site.path());
    let snap = &s.history.snapshots[0];
    let names: Vec<&str> = snap.implementors.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"good/gw"));
    assert!(!names.iter().any(|n| n.starts_with("Fake")), "{names:?}");
    assert_eq!(snap.proposals[0].status, "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("holds control or invisible characters"),
        "{err}"
    );
    // The warning itself holds no newline from the report.
    assert!(err.lines().all(|l| !l.starts_with("| ")), "{err}");
}

#[test]
fn names_equal_but_for_invisible_characters_are_one_implementation() {
    let r = Repo::new();
    r.write(
        "conformance/reports/v1.0.0/a/report.yaml",
        report("acme", "gw"),
    );
    r.write(
        "conformance/reports/v1.0.0/b/report.yaml",
        report("\"ac\\u200Bme\"", "\"gw\\ufeff\""),
    );
    r.write(
        "conformance/reports/v1.0.0/c/report.yaml",
        report("\"acme\\t\"", "gw"),
    );
    r.commit("2024-07-10T10:00:00Z", "reports");
    let (site, out) = import(&r);
    // Before: "statusgen bug" (exit 2), and no month imported.
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = common::read(site.path());
    let names: Vec<&str> = s.history.snapshots[0]
        .implementors
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(names, ["acme/gw"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("conformance/reports/v1.0.0/b/report.yaml: the implementation's organization or project holds control or invisible characters; read as \"acme/gw\""), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Bounds: dates, sizes, paths.

fn run(args: &[&str], root: &std::path::Path, repo: &Repo) -> std::process::Output {
    Command::cargo_bin("statusgen")
        .unwrap()
        .args(args)
        .arg(repo.path())
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

#[test]
fn a_head_from_the_future_is_refused() {
    let r = Repo::new();
    r.write(
        "conformance/reports/v1.0.0/a/report.yaml",
        report("acme", "gw"),
    );
    r.commit("2024-07-10T10:00:00Z", "reports");
    r.write("README.md", "x\n");
    // 2200-01-01 (git reads raw Unix times; its ISO parser stops at 2099).
    r.commit("@7258118400 +0000", "from the future");
    let (site, out) = import(&r);
    // Before: 2,112 snapshots, one per month up to 2200.
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is dated 2200-01, after today"), "{err}");
    assert!(!site.path().join("content/2024-07.md").exists());
}

#[test]
fn months_outside_the_source_are_refused() {
    let r = Repo::new();
    r.write(
        "conformance/reports/v1.0.0/a/report.yaml",
        report("acme", "gw"),
    );
    r.commit("2024-07-10T10:00:00Z", "reports");
    r.write("README.md", "x\n");
    r.commit("2024-09-10T10:00:00Z", "later");
    let site = common::site_dir(&[("content/site.yaml", SITE_YAML.as_bytes())]);
    let out = Command::cargo_bin("statusgen")
        .unwrap()
        .args(["import", "gateway-conformance", "--until", "2023-01"])
        .arg(r.path())
        .arg("--root")
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--until 2023-01 is outside the months the source has (2024-07 to 2024-09)"),
        "{err}"
    );
}

#[test]
fn an_oversized_report_is_skipped_unread() {
    let r = Repo::new();
    let mut big = report("huge", "gw");
    big.push_str("# ");
    big.push_str(&"x".repeat(2 << 20));
    big.push('\n');
    r.write("conformance/reports/v1.0.0/big/report.yaml", &big);
    r.write(
        "conformance/reports/v1.0.0/a/report.yaml",
        report("acme", "gw"),
    );
    r.commit("2024-07-10T10:00:00Z", "reports");
    let (site, out) = import(&r);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("conformance/reports/v1.0.0/big/report.yaml (at ")
            && err.contains("over the limit of 1048576 for a report; not read"),
        "{err}"
    );
    let s = common::read(site.path());
    let names: Vec<&str> = s.history.snapshots[0]
        .implementors
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(names, ["acme/gw"]);
}

#[test]
fn git_history_keeps_the_snapshot_limit() {
    let r = Repo::new();
    r.write("matrix.md", "| | GEP-1: A |\n|---|---|\n| **X** | C |\n");
    r.commit("2024-07-10T10:00:00Z", "small");
    let mut big = String::from("| | GEP-1: A |\n|---|---|\n| **X** | C |\n\n");
    big.push_str(&"padding ".repeat(300_000));
    r.write("matrix.md", &big);
    r.commit("2024-08-10T10:00:00Z", "2.4 MB");
    let site = common::site_dir(&[("content/site.yaml", b"limits: { snapshot_mb: 1 }\n")]);
    let out = Command::cargo_bin("statusgen")
        .unwrap()
        .args(["import", "git-history", "matrix.md", "--repo"])
        .arg(r.path())
        .arg("--root")
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2024-08: matrix.md at "), "{err}");
    assert!(err.contains("over the snapshot limit of 1048576"), "{err}");
    assert!(site.path().join("content/2024-07.md").exists());
    assert!(!site.path().join("content/2024-08.md").exists());
}

#[test]
fn imports_never_write_through_a_symbolic_link() {
    let r = Repo::new();
    r.write(
        "conformance/reports/v1.0.0/a/report.yaml",
        report("acme", "gw"),
    );
    r.commit("2024-07-10T10:00:00Z", "reports");
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.md");
    std::fs::write(
        &victim,
        "---\ngenerator: \"statusgen import gateway-conformance\"\n---\nkeep\n",
    )
    .unwrap();
    let site = common::site_dir(&[("content/site.yaml", SITE_YAML.as_bytes())]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(&victim, site.path().join("content/2024-07.md")).unwrap();
    let out = run(&["import", "gateway-conformance"], site.path(), &r);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("content/2024-07.md is a symbolic link"),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(&victim)
            .unwrap()
            .ends_with("keep\n")
    );
}
