//! `statusgen import git-history FILE --repo REPO`: a temporary repository with fixed commit
//! dates replays a matrix file's edits (two in one month), a month without changes, a rename of
//! the file, a late commit into a past month; the snapshots written are read back byte for byte.

use crate::common::repo::Repo;
use crate::common::statusgen;
use std::path::{Path, PathBuf};

const JAN_1: &str = "## Traces

| Feature               | Optional | Go | Java |
| --------------------- | -------- | -- | ---- |
| Create TracerProvider |          | +  |      |
";

const JAN_2: &str = "## Traces

| Feature               | Optional | Go | Java |
| --------------------- | -------- | -- | ---- |
| Create TracerProvider |          | +  | -    |
| Get active Span       | Optional | ?  | +    |
";

const MAR: &str = "## Traces

| Feature               | Optional | Go | Java | Python |
| --------------------- | -------- | -- | ---- | ------ |
| Create TracerProvider |          | +  | +    |        |
| Get active Span       | Optional | x  | +    | N/A    |
";

const APR: &str = "---
title: Spec compliance matrix
---
## Traces

| Feature               | Optional | Go | Java | Python |
| --------------------- | -------- | -- | ---- | ------ |
| Create TracerProvider |          | +  | +    | +      |
| Get active Span       | Optional | +  | +    | N/A    |
";

const APR_BODY: &str = "## Traces

| Feature               | Optional | Go | Java | Python |
| --------------------- | -------- | -- | ---- | ------ |
| Create TracerProvider |          | +  | +    | +      |
| Get active Span       | Optional | +  | +    | N/A    |
";

struct History {
    repo: Repo,
    /// The commit each imported month stands for.
    jan: String,
    mar: String,
    apr: String,
}

/// January: created, then edited (the second edit is the month's); February: only another file
/// changes; March: the file is renamed (no edit), then edited; April: edited (with front matter
/// of its own).
fn replay() -> History {
    let repo = Repo::new();
    repo.write("README.md", "a project\n");
    repo.write("docs/matrix.md", JAN_1);
    repo.commit("2024-01-03T10:00:00Z", "matrix");
    repo.write("docs/matrix.md", JAN_2);
    let jan = repo.commit("2024-01-31T23:59:59Z", "Java, active span");
    repo.write("README.md", "a project, with a matrix\n");
    repo.commit("2024-02-14T12:00:00Z", "readme");
    repo.git(
        &["mv", "docs/matrix.md", "spec-compliance-matrix.md"],
        "2024-03-01T00:00:00Z",
    );
    repo.commit("2024-03-01T00:00:00Z", "move the matrix to the top");
    repo.write("spec-compliance-matrix.md", MAR);
    let mar = repo.commit("2024-03-20T08:00:00Z", "Python");
    repo.write("spec-compliance-matrix.md", APR);
    let apr = repo.commit("2024-04-02T08:00:00Z", "Python traces");
    History {
        repo,
        jan,
        mar,
        apr,
    }
}

fn import(repo: &Path, root: &Path, extra: &[&str]) -> std::process::Output {
    import_file("spec-compliance-matrix.md", repo, root, extra)
}

/// `statusgen import git-history FILE --repo REPO --root ROOT EXTRA…`.
fn import_file(file: &str, repo: &Path, root: &Path, extra: &[&str]) -> std::process::Output {
    statusgen()
        .args(["import", "git-history", file, "--repo"])
        .arg(repo)
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .unwrap()
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn months(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read(root: &Path, month: &str) -> String {
    std::fs::read_to_string(root.join(format!("content/{month}.md"))).unwrap()
}

/// The body written for a month, checked against its front matter.
fn expect(root: &Path, month: &str, source: &str, commit: &str, body: &str) {
    let text = read(root, month);
    let digest = statusgen::text::digest(body);
    let want = format!(
        "---\ndate: {month}\ngenerator: \"statusgen import git-history\"\nsource: \"{source}\"\nsource_commit: \"{commit}\"\ndigest: {digest}\n---\n{body}"
    );
    assert_eq!(text, want, "{month}");
}

#[test]
fn one_snapshot_per_month_with_a_change_following_the_rename() {
    let h = replay();
    let site = tempfile::tempdir().unwrap();
    let stdout = ok(&import(h.repo.path(), site.path(), &[]));
    assert_eq!(
        months(site.path()),
        ["2024-01.md", "2024-03.md", "2024-04.md"]
    );
    assert!(
        stdout.contains("3 month(s): 3 created, 0 updated, 0 unchanged"),
        "{stdout}"
    );
    // January: the last edit of the month, under the path the file had then.
    expect(site.path(), "2024-01", "docs/matrix.md", &h.jan, JAN_2);
    // February changed only another file: no snapshot. March: the month's last commit.
    expect(
        site.path(),
        "2024-03",
        "spec-compliance-matrix.md",
        &h.mar,
        MAR,
    );
    // April: the file's own front matter is not kept (statusgen writes its own).
    expect(
        site.path(),
        "2024-04",
        "spec-compliance-matrix.md",
        &h.apr,
        APR_BODY,
    );

    // Re-running changes nothing, byte for byte.
    let before: Vec<String> = ["2024-01", "2024-03", "2024-04"]
        .iter()
        .map(|m| read(site.path(), m))
        .collect();
    let stdout = ok(&import(h.repo.path(), site.path(), &[]));
    assert!(
        stdout.contains("0 created, 0 updated, 3 unchanged"),
        "{stdout}"
    );
    let after: Vec<String> = ["2024-01", "2024-03", "2024-04"]
        .iter()
        .map(|m| read(site.path(), m))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn months_since_until_and_dry_run() {
    let h = replay();
    let site = tempfile::tempdir().unwrap();
    let stdout = ok(&import(h.repo.path(), site.path(), &["--dry-run"]));
    assert!(
        stdout.contains("would create content/2024-01.md"),
        "{stdout}"
    );
    assert!(!site.path().join("content").exists());
    ok(&import(
        h.repo.path(),
        site.path(),
        &["--since", "2024-02", "--until", "2024-03"],
    ));
    assert_eq!(months(site.path()), ["2024-03.md"]);
}

#[test]
fn past_months_frozen_unless_rewrite_past() {
    let h = replay();
    let site = tempfile::tempdir().unwrap();
    ok(&import(h.repo.path(), site.path(), &[]));
    // A late commit dated in January (a rebased branch), then May's commit on another file:
    // January's import now differs, and January is past.
    h.repo.write(
        "spec-compliance-matrix.md",
        MAR.replace("x ", "+ ").as_str(),
    );
    let late = h.repo.commit("2024-01-31T23:59:59Z", "late fix");
    h.repo.write("README.md", "May\n");
    h.repo.commit("2024-05-01T00:00:00Z", "readme");
    let january = read(site.path(), "2024-01");
    let stdout = ok(&import(h.repo.path(), site.path(), &[]));
    assert!(
        stdout.contains("keep   content/2024-01.md (a past month"),
        "{stdout}"
    );
    assert_eq!(read(site.path(), "2024-01"), january);
    let stdout = ok(&import(h.repo.path(), site.path(), &["--rewrite-past"]));
    assert!(stdout.contains("update content/2024-01.md"), "{stdout}");
    expect(
        site.path(),
        "2024-01",
        "spec-compliance-matrix.md",
        &late,
        &MAR.replace("x ", "+ "),
    );
}

#[test]
fn hand_written_and_hand_edited_files_never_overwritten() {
    let h = replay();
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    std::fs::write(site.path().join("content/2024-03.md"), "hand-written\n").unwrap();
    let out = import(h.repo.path(), site.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not written by statusgen import"));
    // Refused before anything was written.
    assert_eq!(months(site.path()), ["2024-03.md"]);
    std::fs::remove_file(site.path().join("content/2024-03.md")).unwrap();

    ok(&import(h.repo.path(), site.path(), &[]));
    // April is the month of HEAD: an import may update it, but not over a hand edit.
    let path = site.path().join("content/2024-04.md");
    let edited = read(site.path(), "2024-04").replace("Optional | +", "Optional | -");
    std::fs::write(&path, &edited).unwrap();
    h.repo.write("spec-compliance-matrix.md", MAR);
    h.repo.commit("2024-04-20T00:00:00Z", "revert");
    let out = import(h.repo.path(), site.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("edited by hand"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    // No temporary file left behind.
    assert_eq!(
        months(site.path()),
        ["2024-01.md", "2024-03.md", "2024-04.md"]
    );
}

#[test]
fn shallow_clones_and_bad_paths_refused() {
    let h = replay();
    let tmp = tempfile::tempdir().unwrap();
    let shallow: PathBuf = tmp.path().join("shallow");
    let url = format!("file://{}", h.repo.path().display());
    assert!(
        std::process::Command::new("git")
            .args(["clone", "-q", "--depth", "1", &url])
            .arg(&shallow)
            .status()
            .unwrap()
            .success()
    );
    let site = tempfile::tempdir().unwrap();
    let out = import(&shallow, site.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a shallow clone"));

    for (file, code, says) in [
        ("../outside.md", 1, "not a path inside the repository"),
        ("docs", 1, "not a file"),
        ("never.md", 1, "no first-parent commit"),
    ] {
        let out = import_file(file, h.repo.path(), site.path(), &[]);
        assert_eq!(out.status.code(), Some(code), "{file}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{file}: {stderr}");
    }
    assert!(!site.path().join("content").exists());
}

// ---------------------------------------------------------------------------------------------
// Spellings drift over a file's years: the config's `words:` and `check` read them.

const DRIFT_SITE: &str = r#"title: Drift
codes:
  - { code: "", label: Not planned, words: ["?"] }
  - { code: PP, label: Planned }
  - { code: RR, label: Ready in next release }
  - { code: C, label: Complete, words: [x] }
"#;

const DRIFT_JAN: &str = "|           | GEP-1016: GRPCRoute | GEP-1742: Timeouts |
|-----------|---------------------|--------------------|
| _Status_  | E                   | E                  |
| **Istio** | x                   | ?                  |
| **Kong**  | PP                  |                    |
";

const DRIFT_FEB: &str = "|           | GEP-1016: GRPCRoute   | GEP-1742: Timeouts |
|-----------|-----------------------|--------------------|
| _Status_  | E                     | E                  |
| **Istio** | [C](https://a.example) | [PP][plan]        |
| **Kong**  | [RR][gone]            | [PP][]             |

[plan]: https://b.example
[PP]: https://c.example
";

const DRIFT_MAR: &str = "|           | GEP-1016: GRPCRoute | GEP-1742: Timeouts |
|-----------|---------------------|--------------------|
| _Status_  | E                   | E                  |
| **Istio** | C                   | maybe              |
| **Kong**  | C                   | PP                 |
";

/// Runs statusgen with `args` and `--root root`.
fn run_in(root: &Path, args: &[&str]) -> std::process::Output {
    statusgen()
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

#[test]
fn drifting_spellings_read_by_the_config_and_unknown_values_are_errors_at_their_line() {
    let repo = Repo::new();
    repo.write("STATUS.md", DRIFT_JAN);
    repo.commit("2024-01-10T00:00:00Z", "jan");
    repo.write("STATUS.md", DRIFT_FEB);
    repo.commit("2024-02-10T00:00:00Z", "feb");
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    std::fs::write(site.path().join("content/site.yaml"), DRIFT_SITE).unwrap();
    let out = import_file("STATUS.md", repo.path(), site.path(), &[]);
    ok(&out);

    // `x` and `?` are words of C and blank; `[C](url)` and `[PP][plan]` are links; `[RR][gone]`
    // has no definition: read, with a warning at its cell (front matter lines counted).
    let out = run_in(site.path(), &["check"]);
    let stderr =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "content/2024-02.md:12:15: warning: code \"[RR][gone]\" read as \"RR\": the link reference [gone] is not defined"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("0 error(s), 1 warning(s)"), "{stderr}");
    let csv = ok(&run_in(site.path(), &["export", "--format", "csv"]));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(
        rows,
        [
            "2024-01,Istio,1016,GRPCRoute,E,,C",
            "2024-01,Istio,1742,Timeouts,E,,",
            "2024-01,Kong,1016,GRPCRoute,E,,PP",
            "2024-01,Kong,1742,Timeouts,E,,",
            "2024-02,Istio,1016,GRPCRoute,E,,C",
            "2024-02,Istio,1742,Timeouts,E,,PP",
            "2024-02,Kong,1016,GRPCRoute,E,,RR",
            "2024-02,Kong,1742,Timeouts,E,,PP",
        ]
    );

    // A value no config names stops check, at its line and column in the generated file.
    repo.write("STATUS.md", DRIFT_MAR);
    repo.commit("2024-03-10T00:00:00Z", "mar");
    let out = import_file("STATUS.md", repo.path(), site.path(), &[]);
    ok(&out);
    let out = run_in(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/2024-03.md:11:37: error: unknown code \"maybe\""),
        "{stderr}"
    );
}

#[test]
fn a_branch_merged_counts_in_the_month_of_its_merge() {
    let repo = Repo::new();
    repo.write("STATUS.md", JAN_1);
    let jan = repo.commit("2024-01-05T00:00:00Z", "jan");
    repo.git(&["checkout", "-q", "-b", "side"], "2024-02-05T00:00:00Z");
    repo.write("STATUS.md", JAN_2);
    repo.commit("2024-02-05T00:00:00Z", "edited on a branch in February");
    repo.git(&["checkout", "-q", "main"], "2024-02-06T00:00:00Z");
    repo.write("README.md", "readme\n");
    repo.commit("2024-02-06T00:00:00Z", "readme");
    repo.git(
        &["merge", "-q", "--no-ff", "side", "-m", "merge"],
        "2024-03-05T00:00:00Z",
    );
    let merge = repo.git(&["rev-parse", "HEAD"], "2024-03-05T00:00:00Z");
    let site = tempfile::tempdir().unwrap();
    let out = import_file("STATUS.md", repo.path(), site.path(), &[]);
    ok(&out);
    // First-parent history: the branch's February commit is not main's; its change lands with
    // the merge, in March.
    assert_eq!(months(site.path()), ["2024-01.md", "2024-03.md"]);
    expect(site.path(), "2024-01", "STATUS.md", &jan, JAN_1);
    expect(site.path(), "2024-03", "STATUS.md", &merge, JAN_2);
}

#[test]
fn a_month_whose_last_change_deleted_the_file_is_skipped_with_a_warning() {
    let repo = Repo::new();
    repo.write("STATUS.md", JAN_1);
    repo.commit("2024-01-05T00:00:00Z", "jan");
    std::fs::remove_file(repo.path().join("STATUS.md")).unwrap();
    repo.commit("2024-02-05T00:00:00Z", "removed");
    repo.write("STATUS.md", JAN_2);
    let mar = repo.commit("2024-03-05T00:00:00Z", "back");
    let site = tempfile::tempdir().unwrap();
    let out = import_file("STATUS.md", repo.path(), site.path(), &[]);
    ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: 2024-02: the file was deleted at"),
        "{stderr}"
    );
    assert_eq!(months(site.path()), ["2024-01.md", "2024-03.md"]);
    expect(site.path(), "2024-03", "STATUS.md", &mar, JAN_2);
}

/// End to end (issue #16): the fixture site's four months replayed as the git history of one
/// matrix file (a draft and its fix in January, a rename in March, nothing in April), imported
/// with `import git-history` and built with the fixture's configuration alone: the same items,
/// groups, sections and languages, the same counts and the same month-over-month changes as the
/// files the log holds.
#[test]
fn a_replayed_sections_matrix_imports_and_builds() {
    let fixture = Path::new("tests/fixtures/shapes/content");
    let month = |m: &str| std::fs::read_to_string(fixture.join(format!("{m}.md"))).unwrap();
    let repo = Repo::new();
    repo.write(
        "docs/compliance.md",
        month("2024-01").replace("| N/A |", "| -   |"),
    );
    repo.commit("2024-01-10T09:00:00Z", "matrix draft");
    repo.write("docs/compliance.md", month("2024-01"));
    repo.commit("2024-01-28T09:00:00Z", "Go: active span does not apply");
    repo.write("docs/compliance.md", month("2024-02"));
    repo.commit("2024-02-15T09:00:00Z", "February");
    repo.git(
        &["mv", "docs/compliance.md", "spec-compliance-matrix.md"],
        "2024-03-01T00:00:00Z",
    );
    repo.commit("2024-03-01T00:00:00Z", "move");
    repo.write("spec-compliance-matrix.md", month("2024-03"));
    repo.commit("2024-03-30T09:00:00Z", "Python");
    repo.write("README.md", "April: nothing in the matrix\n");
    repo.commit("2024-04-10T09:00:00Z", "readme");
    repo.write("spec-compliance-matrix.md", month("2024-05"));
    repo.commit("2024-05-05T09:00:00Z", "May");

    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    std::fs::copy(
        fixture.join("site.yaml"),
        site.path().join("content/site.yaml"),
    )
    .unwrap();
    ok(&import(repo.path(), site.path(), &[]));
    assert_eq!(
        months(site.path()),
        [
            "2024-01.md",
            "2024-02.md",
            "2024-03.md",
            "2024-05.md",
            "site.yaml"
        ]
    );

    let imported = statusgen::pipeline::read_site(site.path()).unwrap();
    let original = statusgen::pipeline::read_site(Path::new("tests/fixtures/shapes")).unwrap();
    assert!(
        imported.diagnostics.is_empty(),
        "{:?}",
        imported.diagnostics
    );
    let (a, b) = (&imported.history.snapshots, &original.history.snapshots);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.month, y.month);
        // Lines differ (the importer writes front matter); what they hold does not.
        let (px, py) = (
            statusgen::authoring::fmt::without_positions(x).items,
            statusgen::authoring::fmt::without_positions(y).items,
        );
        assert_eq!(px, py, "{}", x.month);
        let rows = |s: &statusgen::model::Snapshot| {
            s.implementors
                .iter()
                .map(|i| (i.name.clone(), i.cells.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(rows(x), rows(y), "{}", x.month);
    }
    // The changes match the log: January's fix is inside the month; each later month differs
    // from the one before as the commits did.
    for (w, v) in a.windows(2).zip(b.windows(2)) {
        let d = statusgen::analyse::diff::diff(&w[0], &w[1], &imported.config);
        let e = statusgen::analyse::diff::diff(&v[0], &v[1], &original.config);
        assert_eq!(
            statusgen::present::diffs::json(&d, &imported.config, &imported.nouns),
            statusgen::present::diffs::json(&e, &original.config, &original.nouns)
        );
    }
    assert_eq!(
        statusgen::present::wording::summary(
            &statusgen::analyse::diff::diff(&a[0], &a[1], &imported.config),
            &imported.config,
            &imported.nouns
        ),
        "2 advances, 2 other changes"
    );

    // It builds with configuration alone: every item, section, group and language once.
    let out = site.path().join("out");
    let input = statusgen::pipeline::BuildInput {
        root: site.path().into(),
        ..Default::default()
    };
    statusgen::pipeline::build(&input, &out, false).unwrap();
    for page in [
        "2024-05/index.html",
        "features/traces/span/get-active-span/index.html",
        "features/traces/context/get-active-span/index.html",
        "implementors/python/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
    let may = std::fs::read_to_string(out.join("2024-05/index.html")).unwrap();
    assert_eq!(may.matches("<h2 id=\"s-").count(), 2);
    assert_eq!(may.matches("<th scope=\"rowgroup\"").count(), 4);
}

/// Following a rename reads no unrelated blob: the commit that renames (and edits) the matrix
/// also deletes a large asset and an unrelated markdown file, whose blobs the repository then
/// lacks (as a mirror or a `--filter=blob:none` clone may). `git log --follow` read both to
/// look for the rename and failed; the import follows the rename and writes every month.
#[test]
fn a_rename_is_followed_without_reading_unrelated_blobs() {
    let repo = Repo::new();
    repo.write("docs/matrix.md", JAN_2);
    repo.write("assets/logo.bin", vec![7u8; 200_000]);
    repo.write(
        "notes.md",
        "## Traces\n\n| Feature | Go |\n|---|---|\n| Other | + |\n",
    );
    let jan = repo.commit("2024-01-31T10:00:00Z", "matrix");
    let missing: Vec<String> = ["assets/logo.bin", "notes.md"]
        .iter()
        .map(|p| repo.git(&["rev-parse", &format!("HEAD:{p}")], "2024-01-31T10:00:00Z"))
        .collect();
    repo.remove("docs/matrix.md");
    repo.remove("assets/logo.bin");
    repo.remove("notes.md");
    // Renamed and edited (one cell): the same file for git's rename detection.
    let moved = JAN_2.replace("| Optional | ?  |", "| Optional | +  |");
    repo.write("spec-compliance-matrix.md", &moved);
    let mar = repo.commit(
        "2024-03-01T00:00:00Z",
        "move the matrix to the top, Go has it",
    );
    for oid in &missing {
        let object = repo
            .path()
            .join(format!(".git/objects/{}/{}", &oid[..2], &oid[2..]));
        std::fs::remove_file(&object).unwrap();
    }
    let site = tempfile::tempdir().unwrap();
    ok(&import(repo.path(), site.path(), &[]));
    assert_eq!(months(site.path()), ["2024-01.md", "2024-03.md"]);
    expect(site.path(), "2024-01", "docs/matrix.md", &jan, JAN_2);
    expect(
        site.path(),
        "2024-03",
        "spec-compliance-matrix.md",
        &mar,
        &moved,
    );
}
