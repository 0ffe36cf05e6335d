//! Hostile pull requests, round three (issue 23, lower items): a snapshot or a file argument
//! that is a symbolic link is refused (it could read and publish a file from outside the
//! site), `diff --format markdown` mentions nobody, `new` stops at the last month, and
//! `import csv` keeps an implementor a placeholder label would hide.

#![cfg(unix)]

use crate::common::*;
use assert_cmd::Command;
use std::os::unix::fs::symlink;

fn output(c: &mut Command) -> (i32, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

const SECRET: &str = "TOKEN-d3adb33f";

/// A valid snapshot for 2023-12 outside the site, holding a secret in its prose.
fn outside_snapshot() -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap();
    let text = SMALL
        .replace("2023-11", "2023-12")
        .replace("November", "December");
    std::fs::write(
        outside.path().join("secret.md"),
        format!("{text}\n{SECRET}\n"),
    )
    .unwrap();
    outside
}

#[test]
fn a_snapshot_that_is_a_symbolic_link_is_an_error_not_a_missing_month() {
    let outside = outside_snapshot();
    let dir = site_dir(&[("content/2023-11.md", SMALL.as_bytes())]);
    symlink(
        outside.path().join("secret.md"),
        dir.path().join("content/2023-12.md"),
    )
    .unwrap();
    for cmd in ["check", "build"] {
        let mut c = statusgen();
        c.args([cmd, "--root"]).arg(dir.path());
        if cmd == "build" {
            c.arg("--output").arg(dir.path().join("output"));
        }
        let (code, text) = output(&mut c);
        // Before: exit 0, and the month silently missing.
        assert_eq!(code, 1, "{cmd}: {text}");
        assert!(
            text.contains("content/2023-12.md:0:0: error: is a symbolic link"),
            "{cmd}: {text}"
        );
        assert!(!text.contains(SECRET));
    }
    assert!(!dir.path().join("output").exists());
}

#[test]
fn diff_and_fmt_refuse_a_file_argument_that_is_a_symbolic_link() {
    let outside = outside_snapshot();
    let dir = site_dir(&[("content/2023-11.md", SMALL.as_bytes())]);
    let link = dir.path().join("link.md");
    symlink(outside.path().join("secret.md"), &link).unwrap();
    let before = std::fs::read(outside.path().join("secret.md")).unwrap();
    let (code, text) = output(
        statusgen()
            .args(["diff", "--root"])
            .arg(dir.path())
            .arg("2023-11")
            .arg(&link),
    );
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("is a symbolic link"), "{text}");
    assert!(!text.contains(SECRET));
    let (code, text) = output(
        statusgen()
            .args(["fmt", "--root"])
            .arg(dir.path())
            .arg(&link),
    );
    assert_ne!(code, 0, "{text}");
    assert!(text.contains("is a symbolic link"), "{text}");
    assert_eq!(
        std::fs::read(outside.path().join("secret.md")).unwrap(),
        before
    );
}

#[test]
fn diff_markdown_mentions_nobody() {
    let a = SMALL.to_string();
    let b = SMALL
        .replace("2023-11", "2023-12")
        .replace("November", "December")
        .replace("| **Acme**  ", "| **@octocat**");
    let dir = site_dir(&[
        ("content/2023-11.md", a.as_bytes()),
        ("content/2023-12.md", b.as_bytes()),
    ]);
    let (code, text) = output(
        statusgen()
            .args(["diff", "--format", "markdown", "--root"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("@&#8203;octocat"), "{text}");
    assert!(!text.contains("@octocat"), "{text}");
}

#[test]
fn new_stops_at_the_last_month() {
    let text = SMALL
        .replace("2023-11", "9999-12")
        .replace("November 2023", "December 9999");
    let dir = site_dir(&[("content/9999-12.md", text.as_bytes())]);
    let (code, out) = output(statusgen().args(["new", "--root"]).arg(dir.path()));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("months end at 9999-12"), "{out}");
    let files: Vec<_> = std::fs::read_dir(dir.path().join("content"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 1);
}

#[test]
fn import_csv_refuses_an_implementor_a_placeholder_label_would_hide() {
    let dir = site_dir(&[("content/site.yaml", b"title: t\n")]);
    let csv = dir.path().join("in.csv");
    std::fs::write(
        &csv,
        "date,implementor,proposal,title,status,compliance,code\n2024-01,Other?,1742,Timeouts,E,,C\n2024-01,Istio,1742,Timeouts,E,,C\n",
    )
    .unwrap();
    let (code, out) = output(
        statusgen()
            .args(["import", "csv"])
            .arg(&csv)
            .arg("--root")
            .arg(dir.path()),
    );
    // Before: exit 0 and the Other? row silently gone.
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("in.csv:2: an implementor named \"Other?\" would read as a placeholder row"),
        "{out}"
    );
}
