//! The binary: exit codes and output formats of `check`, and `export` of the seed.

use crate::common::*;
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A site with one error (unknown code at 7:16) and one warning (lower-case code at 7:31).
fn broken_site() -> tempfile::TempDir {
    let text = SMALL.replace(
        "| **Acme**   | C            | PP ",
        "| **Acme**   | X            | pp ",
    );
    site_dir(&[("content/2023-11.md", text.as_bytes())])
}

#[test]
fn check_passes_on_the_repo() {
    let out = statusgen()
        .args(["check", "--root"])
        .arg(repo())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("0 error(s)"), "{err}");
}

#[test]
fn check_passes_from_the_repo_directory() {
    statusgen()
        .arg("check")
        .current_dir(repo())
        .assert()
        .code(0);
}

#[test]
fn check_fails_with_errors() {
    let dir = broken_site();
    let out = statusgen()
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "content/2023-11.md:7:16: error: unknown code \"X\"; allowed: PP (Planned, in progress), RR (Ready in next release), C (Complete in current release), blank\n\
         content/2023-11.md:7:31: warning: code \"pp\" read as \"PP\"; write it in canonical case: \"PP\"\n"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("1 error(s), 1 warning(s)"), "{stderr}");
}

#[test]
fn check_passes_with_only_warnings() {
    let text = SMALL.replace("| **Acme**   | C ", "| **Acme**   | c ");
    let dir = site_dir(&[("content/2023-11.md", text.as_bytes())]);
    statusgen()
        .args(["check", "--root"])
        .arg(dir.path())
        .assert()
        .code(0);
}

#[test]
fn usage_errors_exit_2() {
    statusgen()
        .args(["check", "--no-such-flag"])
        .assert()
        .code(2);
    statusgen().arg("frobnicate").assert().code(2);
    statusgen()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    statusgen().args(["export"]).assert().code(2);
}

#[test]
fn help_and_version_exit_0() {
    statusgen().arg("--help").assert().code(0);
    statusgen().arg("--version").assert().code(0);
}

#[test]
fn missing_content_directory_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = statusgen()
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("does not exist"), "{err}");

    statusgen()
        .args(["check", "--root"])
        .arg(dir.path().join("nowhere"))
        .assert()
        .code(2);
    statusgen()
        .args(["export", "--format", "json", "--root"])
        .arg(dir.path())
        .assert()
        .code(2);
}

#[test]
fn github_format() {
    let dir = broken_site();
    let out = statusgen()
        .args(["check", "--format", "github", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(
        lines[0],
        "::error file=content/2023-11.md,line=7,col=16,endLine=7,endColumn=17,title=statusgen unknown-code::unknown code \"X\"; allowed: PP (Planned, in progress), RR (Ready in next release), C (Complete in current release), blank"
    );
    assert!(
        lines[1].starts_with(
            "::warning file=content/2023-11.md,line=7,col=31,endLine=7,endColumn=33,title=statusgen code-variant::code \"pp\""
        ),
        "{}",
        lines[1]
    );
}

#[test]
fn json_format() {
    let dir = broken_site();
    let out = statusgen()
        .args(["check", "--format", "json", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        let keys: Vec<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "file", "line", "col", "end_line", "end_col", "severity", "rule", "message"
            ]
        );
    }
    // The end is past the offending cell's text; the rule names the kind of problem.
    assert_eq!(items[0]["end_col"], 17);
    assert_eq!(items[0]["rule"], "unknown-code");
    assert_eq!(items[1]["rule"], "code-variant");
    assert_eq!(items[0]["file"], "content/2023-11.md");
    assert_eq!(items[0]["line"], 7);
    assert_eq!(items[0]["col"], 16);
    assert_eq!(items[0]["severity"], "error");
    assert!(
        items[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown code \"X\"")
    );
    assert_eq!(items[1]["severity"], "warning");
    assert_eq!(items[1]["col"], 31);

    // A clean site prints an empty array.
    let out = statusgen()
        .args(["check", "--format", "json", "--root"])
        .arg(repo())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn export_json_of_the_seed() {
    let out = statusgen()
        .args(["export", "--format", "json", "--root"])
        .arg(repo())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v["snapshots"][0];
    assert_eq!(s["date"], "2023-11");
    let numbers: Vec<u64> = s["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_u64().unwrap())
        .collect();
    assert_eq!(
        numbers,
        [
            1619, 1867, 957, 1016, 1324, 1426, 1651, 1686, 1709, 1742, 1748, 1897, 1911, 2162, 2257
        ]
    );
    assert_eq!(s["proposals"][0]["title"], "Session Persistence");
    assert_eq!(s["proposals"][0]["status"], "P");
    assert_eq!(s["proposals"][0]["compliance"], "NS");
    let imps = s["implementors"].as_array().unwrap();
    assert_eq!(imps.len(), 19);
    assert_eq!(imps[0]["name"], "Amazon EKS");
    assert_eq!(imps[18]["name"], "WS02");
    assert_eq!(imps[10]["name"], "Google Kubnernetes Engine");
    assert_eq!(imps[10]["cells"]["1748"], "C");
}

#[test]
fn export_csv_of_the_seed() {
    let out = statusgen()
        .args(["export", "--format", "csv", "--root"])
        .arg(repo())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("date,implementor,proposal,title,status,compliance,code")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 19 * 15);
    assert_eq!(rows[0], "2023-11,Amazon EKS,1619,Session Persistence,P,NS,");
    assert!(rows.contains(&"2023-11,Google Kubnernetes Engine,1748,Gateway API Interaction with Multi-Cluster Services,E,,C"));
    assert!(rows.contains(&"2023-11,NGINX Gateway Fabric,1709,Conformance Profiles,E,,C"));
    assert_eq!(rows.iter().filter(|r| r.ends_with(",C")).count(), 2);
}

#[test]
fn export_refuses_content_with_errors() {
    let dir = broken_site();
    let out = statusgen()
        .args(["export", "--format", "json", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("content/2023-11.md:7:16: error: unknown code"),
        "{err}"
    );
}

/// The `import:` section is read by the importers, not by the site's configuration; `check`
/// reads it too, so a mistake there is an error before the monthly import runs — at its line.
#[test]
fn check_reads_the_importers_section() {
    let seed = std::fs::read(repo().join("content/2023-11.md")).unwrap();
    let check = |site_yaml: &str| {
        let dir = site_dir(&[
            ("content/2023-11.md", &seed),
            ("content/site.yaml", site_yaml.as_bytes()),
        ]);
        let out = statusgen()
            .args(["check", "--root"])
            .arg(dir.path())
            .output()
            .unwrap();
        (out.status.code(), stdout(&out))
    };
    for (yaml, expected) in [
        (
            "title: T\nimport:\n  gateway_conformance:\n    web_url: \"javascript:alert(1)\"\n",
            "content/site.yaml:3:3: error: import.gateway_conformance.web_url:",
        ),
        (
            "import:\n  gateway_conformance:\n    webb_url: https://example.com/\n",
            "content/site.yaml:3:5: error: invalid configuration: unknown field `webb_url`",
        ),
    ] {
        let (code, out) = check(yaml);
        assert_eq!(code, Some(1));
        assert!(out.contains(expected), "{out}");
    }
    // A valid section and the rest of the file: no error.
    let (code, out) =
        check("title: T\nimport:\n  gateway_conformance:\n    web_url: https://example.com/\n");
    assert_eq!(code, Some(0), "{out}");
}
