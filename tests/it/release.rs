//! Distribution: the release workflow, the GitHub Action, `cargo binstall` metadata and the
//! binary's own distribution commands (`--version`, `completions`, `man`) agree with each other.
//! The archive names the workflow publishes are the names the action and binstall download.

use crate::common::statusgen;
use serde_json::Value;
use std::collections::BTreeSet;

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Targets of the release workflow's build matrix.
fn release_targets() -> BTreeSet<String> {
    let wf = yaml(".github/workflows/release.yml");
    let include = wf["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .expect("release.yml: jobs.build.strategy.matrix.include");
    include
        .iter()
        .map(|row| row["target"].as_str().expect("target").to_string())
        .collect()
}

fn action_step_script(name: &str) -> String {
    let action = yaml("action.yml");
    let steps = action["runs"]["steps"].as_array().expect("runs.steps");
    let step = steps
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("action.yml has no step {name:?}"));
    step["run"].as_str().expect("run").to_string()
}

#[test]
fn release_builds_the_five_platforms_the_issue_names() {
    let want: BTreeSet<String> = [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ]
    .map(String::from)
    .into();
    assert_eq!(release_targets(), want);
}

#[test]
fn the_action_knows_every_released_target_and_no_other() {
    let script = action_step_script("Resolve version and platform");
    let in_action: BTreeSet<String> = script
        .lines()
        .filter_map(|l| l.split(") target=").nth(1))
        .map(|rest| rest.split(';').next().unwrap().trim().to_string())
        .filter(|t| !t.is_empty() && t != "\"\"")
        .collect();
    assert_eq!(in_action, release_targets());
}

#[test]
fn archive_names_agree_between_workflow_action_and_binstall() {
    // release.yml: statusgen-${TAG}-${TARGET}.<tar.gz|zip> with TAG = v<version>.
    let wf = std::fs::read_to_string(".github/workflows/release.yml").unwrap();
    assert!(
        wf.contains(r#"name="statusgen-${TAG}-${TARGET}""#),
        "release archive name changed"
    );
    // action.yml downloads the same name.
    let install = action_step_script("Install statusgen");
    assert!(
        install.contains(r#"name="statusgen-$TAG-$TARGET""#),
        "action archive name changed"
    );
    assert!(
        install.contains("SHA256SUMS"),
        "the action verifies the checksum file"
    );
    assert!(
        wf.contains("sha256sum statusgen-* > SHA256SUMS"),
        "the release publishes SHA256SUMS"
    );
    // Cargo.toml's binstall metadata points at the same archive.
    let manifest = std::fs::read_to_string("Cargo.toml").unwrap();
    assert!(manifest.contains(
        r#"pkg-url = "{ repo }/releases/download/v{ version }/statusgen-v{ version }-{ target }.tar.gz""#
    ));
    assert!(
        manifest.contains(r#"bin-dir = "statusgen-v{ version }-{ target }/{ bin }{ binary-ext }""#)
    );
    // Windows archives are zip in both places.
    assert!(wf.contains("x86_64-pc-windows-msvc, os: windows-2022, archive: zip"));
    assert!(manifest.contains(r#"statusgen-v{ version }-{ target }.zip""#));
}

/// The action's behaviour is tested by running its steps in `tests/supply_chain.rs`.
#[test]
fn the_action_has_the_documented_inputs_and_builds_from_source_only_without_an_archive() {
    let action = yaml("action.yml");
    let inputs = action["inputs"].as_object().expect("inputs");
    for (name, default) in [
        ("version", ""),
        ("command", "build"),
        ("root", "."),
        ("base-url", ""),
        ("args", ""),
    ] {
        assert_eq!(inputs[name]["default"], default, "input {name}");
    }
    assert_eq!(action["runs"]["using"], "composite");
    let install = action_step_script("Install statusgen");
    assert!(
        install.contains("cargo install --locked --git"),
        "source build"
    );
    assert!(
        install.contains(r#"--tag "$TAG""#),
        "the source build is of the same tag"
    );
    let source_build = install.find("cargo install").unwrap();
    let download = install.find("gh release download").unwrap();
    assert!(
        source_build < download && install[..source_build].contains(r#"if [ -z "$TARGET" ]"#),
        "only a runner without an archive builds from source"
    );
}

#[test]
fn version_names_the_commit() {
    let out = statusgen().arg("--version").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let rest = text
        .trim()
        .strip_prefix(&format!("statusgen {version} ("))
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or_else(|| panic!("unexpected --version: {text:?}"));
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match (std::env::var("STATUSGEN_COMMIT").ok(), head) {
        (Some(forced), _) if !forced.is_empty() => assert_eq!(rest, forced),
        (_, Some(head)) => assert_eq!(rest, head, "--version names HEAD"),
        _ => assert_eq!(rest, "unknown"),
    }
}

#[test]
fn completions_for_each_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = statusgen().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        for command in [
            "build", "check", "diff", "export", "fmt", "new", "init", "serve",
        ] {
            assert!(text.contains(command), "{shell} completion lacks {command}");
        }
    }
    let out = statusgen().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "unknown shell is a usage error");
}

#[test]
fn man_page_documents_the_commands() {
    let out = statusgen().arg("man").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(".ie") || text.contains(".TH statusgen 1"),
        "roff: {}",
        &text[..80]
    );
    assert!(text.contains(".TH statusgen 1"));
    for command in ["build", "check", "serve"] {
        assert!(text.contains(command), "man page lacks {command}");
    }
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    let out = statusgen()
        .args(["man", "--dir"])
        .arg(&pages)
        .output()
        .unwrap();
    assert!(out.status.success());
    for page in ["statusgen.1", "statusgen-build.1", "statusgen-check.1"] {
        let text =
            std::fs::read_to_string(pages.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".TH"), "{page} is roff");
    }
}

/// Run by `.ci/browser.sh` once shellcheck is installed: every `run:` script of the action
/// passes shellcheck (actionlint checks workflows, not composite actions).
#[test]
#[ignore = "needs shellcheck; .ci/browser.sh runs it"]
fn action_scripts_pass_shellcheck() {
    let action = yaml("action.yml");
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for step in action["runs"]["steps"].as_array().unwrap() {
        let Some(run) = step["run"].as_str() else {
            continue;
        };
        // Expressions are substituted by the runner before bash sees the script.
        let mut script = String::from("#!/usr/bin/env bash\n");
        let mut rest = run;
        while let Some(start) = rest.find("${{") {
            script.push_str(&rest[..start]);
            script.push('X');
            rest = &rest[start + rest[start..].find("}}").unwrap() + 2..];
        }
        script.push_str(rest);
        let path = dir.path().join(format!("step-{checked}.sh"));
        std::fs::write(&path, script).unwrap();
        let out = std::process::Command::new("shellcheck")
            .arg(&path)
            .output()
            .expect("shellcheck must be installed for this test");
        assert!(
            out.status.success(),
            "step {:?}:\n{}",
            step["name"],
            String::from_utf8_lossy(&out.stdout)
        );
        checked += 1;
    }
    assert_eq!(checked, 4, "the action has four shell steps");
}
