//! The preview server's incremental render (`pipeline::Incremental`, what `serve` rebuilds
//! through) gives the same files, byte for byte, as a full `pipeline::render` of the same tree,
//! after each step of a sequence of edits on a copy of the six-month history fixture: cells in
//! the latest and an older month, a swap that keeps every count, a new, a removed and a renamed
//! snapshot, a renamed implementor, a broken snapshot and its fix, site.yaml and a theme file.

use crate::common;

use crate::common::copy_dir;
use statusgen::pipeline::{BuildInput, Incremental, Update, render};
use std::path::Path;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/history");
const SHAPES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/shapes");
const RELEASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/releases");

/// Renders incrementally and fully, and checks both give the same paths and bytes.
fn same_as_full(inc: &mut Incremental, input: &BuildInput, step: &str) -> Update {
    let update = inc
        .render(input)
        .unwrap_or_else(|e| panic!("{step}: incremental: {e}"));
    let full = render(input).unwrap_or_else(|e| panic!("{step}: full: {e}"));
    let inc_paths: Vec<&str> = update.files.iter().map(|f| f.path.as_str()).collect();
    let full_paths: Vec<&str> = full.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(inc_paths, full_paths, "{step}: other files");
    let differ: Vec<&str> = update
        .files
        .iter()
        .zip(&full.files)
        .filter(|(i, f)| i.bytes.as_slice() != f.bytes.as_slice())
        .map(|(i, _)| i.path.as_str())
        .collect();
    assert!(differ.is_empty(), "{step}: other bytes in {differ:?}");
    assert_eq!(update.base_url, full.base_url, "{step}");
    assert_eq!(update.warnings, full.warnings, "{step}");
    update
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {rel}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Only what an edit reaches is done again: one snapshot parsed, fewer jobs than all.
fn partial(u: &Update, step: &str) {
    assert_eq!(u.parsed, 1, "{step}: snapshots parsed");
    assert!(
        u.jobs_run < u.jobs_total,
        "{step}: {} of {} jobs ran",
        u.jobs_run,
        u.jobs_total
    );
}

#[test]
fn incremental_renders_equal_full_renders_through_a_sequence_of_edits() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), dir.path());
    let root = dir.path();
    let input = BuildInput {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let mut inc = Incremental::new();

    let first = same_as_full(&mut inc, &input, "first render");
    assert_eq!(first.parsed, 6);
    assert_eq!(first.jobs_run, first.jobs_total);

    let again = same_as_full(&mut inc, &input, "nothing changed");
    assert_eq!((again.parsed, again.jobs_run), (0, 0));

    // A cell of the latest month.
    edit(
        root,
        "content/2024-07.md",
        "| **Kong**          | C                   | RR ",
        "| **Kong**          | C                   | C  ",
    );
    let u = same_as_full(&mut inc, &input, "latest month's cell");
    partial(&u, "latest month's cell");
    // The month, its changes page, the proposal, the implementor and the site-wide pages
    // (overview, changes index, graduation, two lists, the feed is not a page).
    assert!(
        u.pages_rendered <= 10,
        "{} pages rendered",
        u.pages_rendered
    );

    // Two cells of one column swapped: every count stays, the proposal's table changes.
    edit(
        root,
        "content/2024-07.md",
        "| **Istio**         | C                   | C                            | C  ",
        "| **Istio**         | C                   | C                            | RR ",
    );
    edit(
        root,
        "content/2024-07.md",
        "| **Envoy Gateway** | C                   | C                            | RR ",
        "| **Envoy Gateway** | C                   | C                            | C  ",
    );
    let u = same_as_full(&mut inc, &input, "swap in one column");
    partial(&u, "swap in one column");

    // A cell of an older month: its diffs, and the `since` runs of later months.
    edit(
        root,
        "content/2024-03.md",
        "| **Cilium**        | RR ",
        "| **Cilium**        | C  ",
    );
    let u = same_as_full(&mut inc, &input, "older month's cell");
    partial(&u, "older month's cell");

    // A stage and the prose of a month.
    edit(
        root,
        "content/2024-06.md",
        "Please fill the row",
        "Please do fill the row",
    );
    let u = same_as_full(&mut inc, &input, "prose");
    partial(&u, "prose");

    // Only whitespace in the table: other bytes, the same parse apart from positions.
    edit(root, "content/2024-02.md", "| **Istio**  ", "|  **Istio** ");
    same_as_full(&mut inc, &input, "whitespace");

    // A new month after the latest one.
    let july = std::fs::read_to_string(root.join("content/2024-07.md")).unwrap();
    let august = july.replace("July 2024", "August 2024").replacen(
        "| **Cilium**        | C  ",
        "| **Cilium**        | PP ",
        1,
    );
    std::fs::write(root.join("content/2024-08.md"), august).unwrap();
    same_as_full(&mut inc, &input, "month added");

    // A month in the middle removed.
    std::fs::remove_file(root.join("content/2024-05.md")).unwrap();
    same_as_full(&mut inc, &input, "month removed");

    // A snapshot renamed: the same month in another file, then a file moved to another month.
    std::fs::create_dir_all(root.join("content/2024")).unwrap();
    std::fs::rename(
        root.join("content/2024-02.md"),
        root.join("content/2024/02.md"),
    )
    .unwrap();
    let u = same_as_full(&mut inc, &input, "renamed, same month");
    assert_eq!(u.parsed, 1, "renamed: parsed again under its new path");
    std::fs::rename(
        root.join("content/2024-06.md"),
        root.join("content/2024-04.md"),
    )
    .unwrap();
    edit(root, "content/2024-04.md", "June 2024", "April 2024");
    same_as_full(&mut inc, &input, "renamed to another month");

    // An implementor renamed in the latest month.
    edit(
        root,
        "content/2024-08.md",
        "| **Traefik**       |",
        "| **Traefik Proxy** |",
    );
    same_as_full(&mut inc, &input, "implementor renamed");

    // A broken snapshot fails and keeps the state; its fix renders what a full build does.
    edit(
        root,
        "content/2024-08.md",
        "| **Kong**          | C  ",
        "| **Kong**          | ZZ ",
    );
    assert!(inc.render(&input).is_err(), "an unknown code is an error");
    edit(
        root,
        "content/2024-08.md",
        "| **Kong**          | ZZ ",
        "| **Kong**          | RR ",
    );
    let u = same_as_full(&mut inc, &input, "fixed");
    partial(&u, "fixed");

    // The configuration: every snapshot is parsed again, every job runs.
    edit(
        root,
        "content/site.yaml",
        "(fixture)\"",
        "(fixture, edited)\"\ndescription: \"Edited\"",
    );
    let u = same_as_full(&mut inc, &input, "site.yaml");
    assert_eq!(u.parsed, 6);
    assert_eq!(u.jobs_run, u.jobs_total);

    // A theme file: every job runs.
    std::fs::create_dir_all(root.join("themes/default/static")).unwrap();
    std::fs::write(root.join("themes/default/static/extra.css"), "p{}\n").unwrap();
    let u = same_as_full(&mut inc, &input, "theme file");
    assert_eq!(u.parsed, 0);
    assert_eq!(u.jobs_run, u.jobs_total);
    assert!(u.files.iter().any(|f| f.path == "static/extra.css"));

    // And a last cell edit after all that is partial again.
    edit(
        root,
        "content/2024-08.md",
        "| **Kong**          | RR ",
        "| **Kong**          | C  ",
    );
    let u = same_as_full(&mut inc, &input, "last cell");
    partial(&u, "last cell");
}

#[test]
fn incremental_renders_equal_full_renders_for_a_matrix_of_sections_and_groups() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(SHAPES), dir.path());
    let root = dir.path();
    let input = BuildInput {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let mut inc = Incremental::new();
    same_as_full(&mut inc, &input, "first render");

    // A cell of the latest month, then one that becomes not applicable.
    edit(
        root,
        "content/2024-05.md",
        "| Create root span                       |          | +   | -    |",
        "| Create root span                       |          | +   | +    |",
    );
    let u = same_as_full(&mut inc, &input, "latest month's cell");
    partial(&u, "latest month's cell");
    edit(
        root,
        "content/2024-05.md",
        "| Create MeterProvider |          | +   | +    | -      |",
        "| Create MeterProvider |          | +   | +    | N/A    |",
    );
    let u = same_as_full(&mut inc, &input, "not applicable");
    partial(&u, "not applicable");

    // An attribute: the item's row only.
    edit(
        root,
        "content/2024-05.md",
        "| Exemplars            | Optional |",
        "| Exemplars            |          |",
    );
    same_as_full(&mut inc, &input, "attribute");

    // A group renamed: other item keys.
    edit(
        root,
        "content/2024-05.md",
        "| [Span](spec/api.md#span)               |",
        "| [Spans](spec/api.md#span)              |",
    );
    same_as_full(&mut inc, &input, "group renamed");
}

#[test]
fn incremental_renders_equal_full_renders_after_edits_of_releases() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(RELEASES), dir.path());
    let root = dir.path();
    let input = BuildInput {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let mut inc = Incremental::new();
    same_as_full(&mut inc, &input, "first render");

    // The current releases of the latest month, no row's evidence changing: Kuma's page names
    // them (its v1.0 is still not current).
    edit(
        root,
        "content/2024-04.md",
        "current_releases: [v1.2, v1.1]",
        "current_releases: [V1.2, v1.1, v1.1.0]",
    );
    let u = same_as_full(&mut inc, &input, "current releases renamed");
    partial(&u, "current releases renamed");

    // Kuma's release in the latest month: its row counts again (counts, graduation, its page).
    edit(
        root,
        "content/2024-04.md",
        "| **Kuma**                 | v1.0    |",
        "| **Kuma**                 | v1.1    |",
    );
    let u = same_as_full(&mut inc, &input, "a release");
    partial(&u, "a release");

    // An attribute that decides nothing (Core) in an older month: the implementor's page
    // shows it, though no code or count changed.
    edit(
        root,
        "content/2024-02.md",
        "| **Cilium**               | v1.0    | GATEWAY-HTTP            |",
        "| **Cilium**               | v1.0    | GATEWAY-TLS             |",
    );
    let u = same_as_full(&mut inc, &input, "another attribute");
    partial(&u, "another attribute");

    // The current releases of an older month: Envoy Gateway's v0.8 counts again in March.
    edit(
        root,
        "content/2024-03.md",
        "current_releases: [v1.1, v1.0]",
        "current_releases: [v1.1, v1.0, v0.8]",
    );
    let u = same_as_full(&mut inc, &input, "current releases");
    partial(&u, "current releases");
}

/// A month of numbered proposals in two sections, each with the same codes.
fn sectioned(routes: &str, policies: &str) -> String {
    format!(
        "# Status\n\n## Routes\n\n|           | {routes} |\n|---|---|\n| **Istio** | C |\n| **Kong**  | PP |\n\n\
         ## Policies\n\n|           | {policies} |\n|---|---|\n| **Istio** | C |\n| **Kong**  | PP |\n"
    )
}

#[test]
fn a_item_moved_to_another_section_is_rendered_again() {
    let jan = sectioned("GEP-1016: GRPCRoute", "GEP-1897: BackendTLSPolicy");
    let dir = common::site_dir(&[
        (
            "content/site.yaml",
            b"title: Sections\nmatrix:\n  sections: headings\n",
        ),
        ("content/2024-01.md", jan.as_bytes()),
        ("content/2024-02.md", jan.as_bytes()),
    ]);
    let input = BuildInput {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let mut inc = Incremental::new();
    same_as_full(&mut inc, &input, "first render");
    // Both keep their numbers and codes; their pages name their new sections.
    std::fs::write(
        dir.path().join("content/2024-02.md"),
        sectioned("GEP-1897: BackendTLSPolicy", "GEP-1016: GRPCRoute"),
    )
    .unwrap();
    same_as_full(&mut inc, &input, "sections swapped");
}
