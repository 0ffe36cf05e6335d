//! What `statusgen init` writes for publishing: every workflow installs statusgen with the
//! project's GitHub Action at the version that wrote the site (no Rust toolchain, no compile,
//! nothing to edit), and `--repo OWNER/NAME` fills the rest (the Source link, where Pages
//! publishes it). actionlint over these files runs in `.ci/browser.sh`.

use crate::common::read_text;
use crate::common::statusgen;
use std::path::Path;

fn init(dir: &Path, extra: &[&str]) -> std::process::Output {
    statusgen()
        .arg("init")
        .arg(dir)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn workflows_install_the_released_binary_with_the_action() {
    let action = format!("uses: statusgen/statusgen@v{}", env!("CARGO_PKG_VERSION"));
    for (template, workflows) in [
        ("default", &["pages.yml", "pr.yml"][..]),
        (
            "gateway-conformance",
            &["pages.yml", "pr.yml", "import.yml"][..],
        ),
    ] {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("site");
        let o = init(&dir, &["--template", template]);
        assert!(o.status.success(), "{template}");
        for wf in workflows {
            let text = read_text(&dir.join(".github/workflows").join(wf));
            assert_eq!(text.matches(&action).count(), 1, "{template}/{wf}:\n{text}");
            for gone in [
                "cargo install",
                "rust-toolchain",
                "OWNER",
                "{statusgen_version}",
            ] {
                assert!(!text.contains(gone), "{template}/{wf} still has {gone:?}");
            }
            // The action only installs; the workflow runs statusgen itself.
            assert!(text.contains("command: \"\""), "{template}/{wf}");
            assert!(
                text.contains("statusgen check --format "),
                "{template}/{wf}"
            );
        }
        // Annotations once per pull request: only pr.yml annotates (`--format github`) on a
        // pull request; pages.yml, which also runs on them, prints the human form there.
        let pages = read_text(&dir.join(".github/workflows/pages.yml"));
        let pr = read_text(&dir.join(".github/workflows/pr.yml"));
        assert!(pages.contains("pull_request:"), "{template}");
        assert!(
            !pages.contains("check --format github"),
            "{template}:\n{pages}"
        );
        assert!(
            pages.contains("'pull_request' && 'human' || 'github'"),
            "{template}"
        );
        assert!(pr.contains("statusgen check --format github"), "{template}");
    }
}

#[test]
fn repo_fills_the_source_link_and_the_pages_address() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("site");
    let o = init(&dir, &["--repo", "octo-org/status"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let yaml = read_text(&dir.join("content/site.yaml"));
    assert!(yaml.contains(
        "\nlinks:\n  - { title: \"Source\", url: \"https://github.com/octo-org/status\" }\n"
    ));
    let readme = read_text(&dir.join("README.md"));
    assert!(
        readme.contains("<https://octo-org.github.io/status/>"),
        "{readme}"
    );
    assert!(readme.contains("https://github.com/octo-org/status/settings/pages"));
    // Nothing is left for the user to fill in, in any file init wrote.
    for entry in walk(&dir) {
        let text = read_text(&entry);
        assert!(!text.contains("OWNER"), "{}", entry.display());
    }
    // And the site checks and builds with the link.
    let o = statusgen()
        .args(["build", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let index = read_text(&dir.join("output/index.html"));
    assert!(index.contains("href=\"https://github.com/octo-org/status\""));
}

#[test]
fn a_repo_that_is_not_owner_slash_name_is_a_usage_error() {
    for bad in ["octo", "octo/", "octo/st atus", "-octo/status", "octo/../x"] {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("site");
        let o = init(&dir, &["--repo", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(!dir.exists(), "{bad}: nothing written");
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
