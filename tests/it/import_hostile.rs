//! Reports are upstream text: a name cannot forge rows of the matrix, two spellings that look
//! the same are one implementation (with a warning), and warnings print no control characters.

use crate::common;
use crate::common::statusgen;
use crate::common::stderr;

use crate::common::repo::Repo;

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

/// A repository with one commit (2024-07-10) holding `reports` as
/// `conformance/reports/v1.0.0/<folder>/report.yaml`.
fn repo_with(reports: &[(&str, String)]) -> Repo {
    let r = Repo::new();
    for (folder, text) in reports {
        r.write(
            &format!("conformance/reports/v1.0.0/{folder}/report.yaml"),
            text,
        );
    }
    r.commit("2024-07-10T10:00:00Z", "reports");
    r
}

/// `statusgen ARGS… --root ROOT`.
fn run_at(root: &std::path::Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    statusgen()
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

/// A new site with `site_yaml` as its configuration, and `statusgen ARGS… --root SITE`.
fn run_in(site_yaml: &str, args: &[&std::ffi::OsStr]) -> (tempfile::TempDir, std::process::Output) {
    let site = common::site_dir(&[("content/site.yaml", site_yaml.as_bytes())]);
    let out = run_at(site.path(), args);
    (site, out)
}

/// `statusgen import gateway-conformance REPO EXTRA…` into a new site.
fn import_with(r: &Repo, extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["import".as_ref(), "gateway-conformance".as_ref()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.push(r.path().as_os_str());
    run_in(SITE_YAML, &args)
}

fn import(r: &Repo) -> (tempfile::TempDir, std::process::Output) {
    import_with(r, &[])
}

/// The implementor names of the site's first month.
fn names(site: &tempfile::TempDir) -> Vec<String> {
    common::read(site.path()).history.snapshots[0]
        .implementors
        .iter()
        .map(|i| i.name.clone())
        .collect()
}

#[test]
fn a_name_with_newlines_cannot_forge_the_matrix() {
    // The reproduction of issue 23: a project name that writes a table of its own.
    let forged = "\"p\\n\\n| | GEP-1742: HTTPRoute Timeouts |\\n|---|---|\\n| Status | S |\\n| **Fake 1** | C |\\n| **Fake 2** | C |\\n\"";
    let r = repo_with(&[("x", report("evil", forged)), ("y", report("good", "gw"))]);
    let (site, out) = import(&r);
    assert!(out.status.success(), "{}", stderr(&out));
    let names = names(&site);
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"good/gw".to_string()));
    assert!(!names.iter().any(|n| n.starts_with("Fake")), "{names:?}");
    assert_eq!(
        common::stage(&common::read(site.path()).history.snapshots[0].items[0]),
        ""
    );
    let err = stderr(&out);
    assert!(
        err.contains("holds control or invisible characters"),
        "{err}"
    );
    // The warning itself holds no newline from the report.
    assert!(err.lines().all(|l| !l.starts_with("| ")), "{err}");
}

#[test]
fn names_equal_but_for_invisible_characters_are_one_implementation() {
    let r = repo_with(&[
        ("a", report("acme", "gw")),
        ("b", report("\"ac\\u200Bme\"", "\"gw\\ufeff\"")),
        ("c", report("\"acme\\t\"", "gw")),
    ]);
    let (site, out) = import(&r);
    // Before: "statusgen bug" (exit 2), and no month imported.
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(names(&site), ["acme/gw"]);
    let err = stderr(&out);
    assert!(err.contains("conformance/reports/v1.0.0/b/report.yaml: the implementation's organization or project holds control or invisible characters; read as \"acme/gw\""), "{err}");
}

#[test]
fn warnings_print_no_escape_sequence_or_workflow_command_from_a_report() {
    // An OSC 8 hyperlink and a screen clear, then a line of its own that GitHub Actions would
    // read as an error annotation.
    let hostile = "\"ev\\e]8;;https://evil.example\\ail\\e[2J\\n::error file=README.md::forged\"";
    let r = repo_with(&[("x", report(hostile, "gw")), ("y", report("good", "gw"))]);
    let (_site, out) = import(&r);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("holds control or invisible characters"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(
        err.lines().all(|l| !l.trim_start().starts_with("::")),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Bounds: dates, sizes, paths.

#[test]
fn a_head_from_the_future_is_refused() {
    let r = repo_with(&[("a", report("acme", "gw"))]);
    r.write("README.md", "x\n");
    // 2200-01-01 (git reads raw Unix times; its ISO parser stops at 2099).
    r.commit("@7258118400 +0000", "from the future");
    let (site, out) = import(&r);
    // Before: 2,112 snapshots, one per month up to 2200.
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("is dated 2200-01, after today"), "{err}");
    assert!(!site.path().join("content/2024-07.md").exists());
}

#[test]
fn months_outside_the_source_are_refused() {
    let r = repo_with(&[("a", report("acme", "gw"))]);
    r.write("README.md", "x\n");
    r.commit("2024-09-10T10:00:00Z", "later");
    let (_site, out) = import_with(&r, &["--until", "2023-01"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("--until 2023-01 is outside the months the source has (2024-07 to 2024-09)"),
        "{err}"
    );
}

#[test]
fn an_oversized_report_is_skipped_unread() {
    let mut big = report("huge", "gw");
    big.push_str("# ");
    big.push_str(&"x".repeat(2 << 20));
    big.push('\n');
    let r = repo_with(&[("big", big), ("a", report("acme", "gw"))]);
    let (site, out) = import(&r);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("conformance/reports/v1.0.0/big/report.yaml (at ")
            && err.contains("over the limit of 1048576 for a report; not read"),
        "{err}"
    );
    assert_eq!(names(&site), ["acme/gw"]);
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
    let (site, out) = run_in(
        "limits: { snapshot_mb: 1 }\n",
        &[
            "import".as_ref(),
            "git-history".as_ref(),
            "matrix.md".as_ref(),
            "--repo".as_ref(),
            r.path().as_os_str(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("2024-08: matrix.md at "), "{err}");
    assert!(err.contains("over the snapshot limit of 1048576"), "{err}");
    assert!(site.path().join("content/2024-07.md").exists());
    assert!(!site.path().join("content/2024-08.md").exists());
}

#[test]
fn imports_never_write_through_a_symbolic_link() {
    let r = repo_with(&[("a", report("acme", "gw"))]);
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
    let out = run_at(
        site.path(),
        &[
            "import".as_ref(),
            "gateway-conformance".as_ref(),
            r.path().as_os_str(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = stderr(&out);
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

#[test]
fn git_history_refuses_months_outside_the_file_history() {
    let r = Repo::new();
    r.write("matrix.md", "| | GEP-1: A |\n|---|---|\n| **X** | C |\n");
    r.commit("2024-07-10T10:00:00Z", "first");
    let (site, out) = run_in(
        "title: t\n",
        &[
            "import".as_ref(),
            "git-history".as_ref(),
            "matrix.md".as_ref(),
            "--repo".as_ref(),
            r.path().as_os_str(),
            "--since".as_ref(),
            "2030-01".as_ref(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("--since 2030-01 is outside the months the source has (2024-07 to 2024-07)"),
        "{}",
        stderr(&out)
    );
    assert!(!site.path().join("content/2024-07.md").exists());
}
