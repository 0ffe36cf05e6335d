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
