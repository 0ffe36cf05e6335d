//! The authoring commands through the binary: `new` (next month, a given month, no overwrite,
//! December → January, no snapshot yet), `fmt` (the seed, `--check`, CRLF, refusals) and
//! `init` followed by `check`.

use crate::common::read_text;
use crate::common::statusgen;
use crate::common::stderr;
use crate::common::stdout;
use crate::common::{SMALL, site_dir};

const SEED: &str = include_str!("../../content/2023-11.md");

fn seed_site() -> tempfile::TempDir {
    site_dir(&[("content/2023-11.md", SEED.as_bytes())])
}

// ---- new ----

#[test]
fn new_creates_next_month_from_the_latest() {
    let dir = seed_site();
    let o = statusgen()
        .args(["new", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = dir.path().join("content/2023-12.md");
    assert_eq!(stdout(&o).trim(), written.display().to_string());
    let want = SEED
        .replacen(
            "Proposal Status November 2023",
            "Proposal Status December 2023",
            1,
        )
        .replacen(
            "lists November 2023 implmentors",
            "lists December 2023 implmentors",
            1,
        );
    assert_eq!(read_text(&written), want);
    assert!(!read_text(&written).contains("November"));
    // The two months read as one history, with no problems.
    let o = statusgen()
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "");
}

#[test]
fn new_creates_a_given_month() {
    let dir = seed_site();
    let o = statusgen()
        .args(["new", "2024-03", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = read_text(&dir.path().join("content/2024-03.md"));
    assert!(text.starts_with("#### Gateway API Enhancment Proposal Status March 2024\n"));
    assert!(text.contains("This table lists March 2024 implmentors"));
    assert!(!dir.path().join("content/2023-12.md").exists());
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = seed_site();
    let existing = dir.path().join("content/2023-12.md");
    let o = statusgen()
        .args(["new", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(&existing, "# Status December 2023\n\nedited by hand\n").unwrap();
    for args in [vec!["new", "2023-12"], vec!["new", "2023-11"]] {
        let o = statusgen()
            .args(&args)
            .arg("--root")
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
        assert_eq!(stdout(&o), "");
    }
    assert_eq!(
        read_text(&existing),
        "# Status December 2023\n\nedited by hand\n"
    );
    assert_eq!(read_text(&dir.path().join("content/2023-11.md")), SEED);
}

#[test]
fn new_rolls_december_over_to_january() {
    // Year directories, front matter date and title, CRLF line endings.
    let text = "---\r\ntitle: Status December 2023\r\ndate: \"2023-12\"\r\n---\r\n# Status December 2023\r\n\r\nSince December, 2023:\r\n\r\n|          | GEP-1: Alpha |\r\n|----------|--------------|\r\n| **Acme** | C            |\r\n";
    let dir = site_dir(&[("content/2023/12.md", text.as_bytes())]);
    let o = statusgen()
        .args(["new", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = dir.path().join("content/2024/01.md");
    assert_eq!(stdout(&o).trim(), written.display().to_string());
    assert_eq!(
        read_text(&written),
        text.replace("December 2023", "January 2024")
            .replace("December, 2023", "January, 2024")
            .replace("\"2023-12\"", "\"2024-01\"")
    );
    let o = statusgen()
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn new_without_a_snapshot_says_to_run_init() {
    let dir = site_dir(&[]);
    let o = statusgen()
        .args(["new", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("statusgen init"), "{}", stderr(&o));
    // No content directory at all: the same advice.
    let empty = tempfile::tempdir().unwrap();
    let o = statusgen()
        .args(["new", "--root"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("statusgen init"), "{}", stderr(&o));
}

#[test]
fn new_rejects_a_malformed_month() {
    let dir = seed_site();
    let o = statusgen()
        .args(["new", "2023-13", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("YYYY-MM"), "{}", stderr(&o));
}

// ---- fmt ----

/// The 1-based line range of the seed's matrix table: header to the end of the file.
fn seed_matrix_first_line() -> usize {
    SEED.lines()
        .position(|l| l.starts_with("|                                   | GEP-1619"))
        .map(|i| i + 1)
        .unwrap_or(0)
}

#[test]
fn fmt_formats_the_seed_then_check_is_clean() {
    let dir = seed_site();
    let path = dir.path().join("content/2023-11.md");
    let o = statusgen()
        .args(["fmt", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = read_text(&path);
    // Only the matrix changed: the prose and the example table before it are byte-identical,
    // and the file still has no final newline.
    let first = seed_matrix_first_line();
    assert!(first > 30);
    let before_lines: Vec<&str> = SEED.split_inclusive('\n').collect();
    let after_lines: Vec<&str> = after.split_inclusive('\n').collect();
    assert_eq!(before_lines[..first - 1], after_lines[..first - 1]);
    assert_eq!(before_lines.len(), after_lines.len());
    assert!(!after.ends_with('\n'));
    // Every matrix line is one width, with outer pipes and no trailing spaces.
    let width = after_lines[first - 1].trim_end().chars().count();
    for line in &after_lines[first - 1..] {
        let line = line.trim_end_matches('\n');
        assert!(line.starts_with('|') && line.ends_with('|'), "{line:?}");
        if !line.contains("Other?") {
            assert_eq!(line.chars().count(), width, "{line:?}");
        }
    }

    for args in [vec!["fmt", "--check"], vec!["check"]] {
        let o = statusgen()
            .args(&args)
            .arg("--root")
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{args:?}");
    }
    assert_eq!(read_text(&path), after);
}

#[test]
fn fmt_check_lists_a_misaligned_file_and_changes_nothing() {
    let misaligned = "# Status December 2023\n\n|x|GEP-1: Alpha|GEP-2: Beta|\n|-|-|-|\n|Status|P|e|\n|**Acme**|c|\n";
    let dir = site_dir(&[
        ("content/2023-11.md", SMALL.as_bytes()),
        ("content/2023-12.md", misaligned.as_bytes()),
    ]);
    let o = statusgen()
        .args(["fmt", "--check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o), "content/2023-12.md\n");
    assert_eq!(
        read_text(&dir.path().join("content/2023-12.md")),
        misaligned
    );
    assert_eq!(read_text(&dir.path().join("content/2023-11.md")), SMALL);

    // Formatting it for real, then checking again.
    let o = statusgen()
        .args(["fmt", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "content/2023-12.md\n");
    assert_eq!(
        read_text(&dir.path().join("content/2023-12.md")),
        "# Status December 2023\n\n| x        | GEP-1: Alpha | GEP-2: Beta |\n|----------|--------------|-------------|\n| Status   | P            | E           |\n| **Acme** | C            |             |\n"
    );
    let o = statusgen()
        .args(["fmt", "--check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn fmt_keeps_crlf_line_endings() {
    let text = "# Status November 2023\r\n\r\n|  | GEP-1: Alpha |\r\n|--|--|\r\n| **Acme** |c|\r\n| **Bolt** | |\r\n\r\nAfter.\r\n";
    let dir = site_dir(&[("content/2023-11.md", text.as_bytes())]);
    let o = statusgen()
        .args(["fmt", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = read_text(&dir.path().join("content/2023-11.md"));
    assert_eq!(
        after,
        "# Status November 2023\r\n\r\n|          | GEP-1: Alpha |\r\n|----------|--------------|\r\n| **Acme** | C            |\r\n| **Bolt** |              |\r\n\r\nAfter.\r\n"
    );
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count());
}

#[test]
fn fmt_formats_only_the_files_named() {
    let misaligned = "# Status December 2023\n\n|x|GEP-1: Alpha|\n|-|-|\n|**Acme**|C|\n";
    let dir = site_dir(&[
        ("content/2023-11.md", misaligned.as_bytes()),
        ("content/2023-12.md", misaligned.as_bytes()),
    ]);
    let o = statusgen()
        .arg("fmt")
        .arg(dir.path().join("content/2023-12.md"))
        .arg("--root")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "content/2023-12.md\n");
    assert_eq!(
        read_text(&dir.path().join("content/2023-11.md")),
        misaligned
    );
    assert_ne!(
        read_text(&dir.path().join("content/2023-12.md")),
        misaligned
    );
    // A file that does not exist is an I/O error.
    let o = statusgen()
        .arg("fmt")
        .arg(dir.path().join("content/2024-01.md"))
        .arg("--root")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn fmt_refuses_extra_cells_and_errors() {
    let extra = "# Status November 2023\n\n|x|GEP-1: Alpha|\n|-|-|\n|**Acme**|C|PP|\n";
    let unknown = "# Status December 2023\n\n|x|GEP-1: Alpha|\n|-|-|\n|**Acme**|ZZ|\n";
    let dir = site_dir(&[
        ("content/2023-11.md", extra.as_bytes()),
        ("content/2023-12.md", unknown.as_bytes()),
    ]);
    for args in [vec!["fmt"], vec!["fmt", "--check"]] {
        let o = statusgen()
            .args(&args)
            .arg("--root")
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let e = stderr(&o);
        assert!(
            e.contains("content/2023-11.md:5:13: error: extra cell \"PP\""),
            "{e}"
        );
        assert!(
            e.contains("content/2023-12.md:5:11: error: unknown code \"ZZ\""),
            "{e}"
        );
        assert_eq!(stdout(&o), "");
    }
    assert_eq!(read_text(&dir.path().join("content/2023-11.md")), extra);
    assert_eq!(read_text(&dir.path().join("content/2023-12.md")), unknown);
}

// ---- init ----

#[test]
fn init_then_check_is_clean() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("site");
    let o = statusgen()
        .arg("init")
        .arg(&dir)
        .args(["--month", "2024-05"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for rel in [
        "content/site.yaml",
        "content/2024-05.md",
        ".github/workflows/pages.yml",
        ".github/workflows/pr.yml",
        ".gitignore",
        "README.md",
    ] {
        let path = dir.join(rel);
        assert!(path.is_file(), "{rel}");
        assert!(stdout(&o).contains(&path.display().to_string()), "{rel}");
    }
    assert!(
        read_text(&dir.join("content/2024-05.md"))
            .starts_with("# Implementation status May 2024\n")
    );
    assert_eq!(read_text(&dir.join(".gitignore")), "output/\n");
    let workflow = read_text(&dir.join(".github/workflows/pages.yml"));
    for needle in [
        "actions/checkout@",
        concat!("statusgen/statusgen@v", env!("CARGO_PKG_VERSION")),
        "statusgen check --format \"${FORMAT}\"",
        "FORMAT: ${{ github.event_name == 'pull_request' && 'human' || 'github' }}",
        "actions/configure-pages@",
        "BASE_URL: ${{ steps.pages.outputs.base_url }}",
        "statusgen build --base-url \"${BASE_URL}/\"",
        "actions/upload-pages-artifact@",
        "path: output",
        "actions/deploy-pages@",
        "pages: write",
        "id-token: write",
        "concurrency:",
    ] {
        assert!(workflow.contains(needle), "{needle}");
    }

    let o = statusgen()
        .args(["check", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "", "no warnings");
    assert!(stderr(&o).contains("1 snapshot(s): 0 error(s), 0 warning(s)"));

    // `build` works on it straight away.
    let o = statusgen()
        .args(["build", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for rel in [
        "output/index.html",
        "output/2024-05/index.html",
        "output/feed.xml",
    ] {
        assert!(dir.join(rel).is_file(), "{rel}");
    }

    // The example is already in fmt's layout, and `new` can start the next month from it.
    let o = statusgen()
        .args(["fmt", "--check", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = statusgen()
        .args(["new", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        read_text(&dir.join("content/2024-06.md"))
            .starts_with("# Implementation status June 2024\n")
    );
}

#[test]
fn init_defaults_to_the_current_month() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("site");
    let before = statusgen::authoring::init::current_month();
    let o = statusgen().arg("init").arg(&dir).output().unwrap();
    let after = statusgen::authoring::init::current_month();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        [before, after]
            .iter()
            .any(|m| dir.join(format!("content/{m}.md")).is_file())
    );
}

#[test]
fn init_refuses_a_non_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let o = statusgen()
        .arg("init")
        .arg(dir.path())
        .args(["--month", "2024-05"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
    assert!(!dir.path().join("content").exists());
    assert_eq!(read_text(&dir.path().join("notes.txt")), "keep me");

    let o = statusgen()
        .arg("init")
        .arg(dir.path().join("new"))
        .args(["--month", "2024-5"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
