//! What the real OpenTelemetry compliance matrix (open-telemetry/opentelemetry-specification,
//! `spec-compliance-matrix.md`, Apache-2.0) needs beyond the sketch: attribute columns
//! with their own values, rows repeated within one group, and group rows that are a link as a
//! whole. The excerpts below are that file's lines as they were at the commits named beside
//! them, cut to three languages.

use crate::common::{build_tree, site_dir};
use statusgen::diag::Severity;
use statusgen::pipeline::read_site;
use statusgen::site::Site;

const CONFIG: &str = "proposals: { label: Feature, path: features, url: \"\" }
implementors: { label: Language }
matrix:
  orientation: columns
  items: all
  attribute_columns:
    - { column: Optional, values: [X, \"*\"] }
  group_rows: true
  sections: headings
  duplicate_rows: number
codes:
  - { code: \"\", label: Not known, words: [\"?\"] }
  - { code: \"-\", label: Not supported }
  - { code: \"+\", label: Supported, words: [x] }
not_applicable: [\"N/A\"]
graduation_threshold: null
";

/// Metrics: from commit e0d96c3 (November 2021), where Counter and UpDownCounter list the same
/// rows with no group row between them. Resource: the `[Default value](…) for service.name` row
/// from a14bae7 (December 2020) and the `**[OTLP](…)**` group row from 573c1c6 (February 2022,
/// there under Exporters).
const METRICS: &str = "# Compliance

## Metrics

| Feature | Optional | Go | Java | JS |
|---|---|---|---|---|
| [MeterProvider](specification/metrics/api.md#meterprovider) | Optional | Go | Java | JS |
| `Counter` has an `add` method. | | + | + | + |
| The `add` method returns no (or dummy) value. | X | + | + | - |
| `UpDownCounter` has an `add` method. | | + | - | + |
| The `add` method returns no (or dummy) value. | | - | + | N/A |

## Resource

| Feature | Optional | Go | Java | JS |
|---|---|---|---|---|
| [Default value](specification/resource/semantic_conventions/README.md#attributes-with-default-value) for service.name | | | | |
| **[OTLP](specification/protocol/otlp.md)** | | | | |
| OTLP/gRPC Exporter | * | + | + | ? |
";

fn read(config: &str, month: &str) -> (tempfile::TempDir, Site) {
    let dir = site_dir(&[
        ("content/site.yaml", config.as_bytes()),
        ("content/2021-11.md", month.as_bytes()),
    ]);
    let site = read_site(dir.path()).unwrap();
    (dir, site)
}

fn errors(site: &Site) -> Vec<(usize, usize, String)> {
    site.diagnostics
        .items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.line, d.col, d.message.clone()))
        .collect()
}

#[test]
fn repeated_rows_are_numbered_in_file_order_when_configured() {
    // The label repeats in its section, so its identity names its group too; the group is the
    // same, so the second row is numbered.
    let (_dir, site) = read(CONFIG, METRICS);
    assert_eq!(errors(&site), []);
    let s = &site.history.snapshots[0];
    let ids: Vec<String> = s.items.iter().map(|p| p.key.to_string()).collect();
    assert_eq!(
        ids,
        [
            "metrics/counter-has-an-add-method",
            "metrics/meterprovider/the-add-method-returns-no-or-dummy-value",
            "metrics/updowncounter-has-an-add-method",
            "metrics/meterprovider/the-add-method-returns-no-or-dummy-value--2",
            "resource/default-value-for-service-name",
            "resource/otlp-grpc-exporter",
        ]
    );
    // Each keeps its own cells: JS is "-" for the first and N/A for the second.
    let js = s.implementors.iter().find(|i| i.name == "JS").unwrap();
    assert_eq!(js.cells[1].code, "-");
    assert_eq!(js.cells[3].code, "N/A");
}

#[test]
fn repeated_rows_stay_an_error_at_both_lines_by_default() {
    let (_dir, site) = read(&CONFIG.replace("  duplicate_rows: number\n", ""), METRICS);
    let e = errors(&site);
    assert_eq!(
        e.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(),
        [(9, 3), (11, 3)],
        "{e:#?}"
    );
    assert!(
        e[0].2.contains("line 11") && e[1].2.contains("line 9"),
        "{e:#?}"
    );
}

#[test]
fn attribute_columns_accept_their_configured_values_and_name_them_when_not() {
    let (_dir, site) = read(CONFIG, METRICS);
    let s = &site.history.snapshots[0];
    let optional = |i: usize| s.items[i].attributes[0].1.as_str();
    assert_eq!((optional(0), optional(1), optional(5)), ("", "X", "*"));
    // "x" is read as "X" (any case, kept as configured).
    let (_dir, site) = read(CONFIG, &METRICS.replace("value. | X |", "value. | x |"));
    assert_eq!(site.history.snapshots[0].items[1].attributes[0].1, "X");
    // A value no configuration names is an error at its cell, listing what is allowed.
    let (_dir, site) = read(CONFIG, &METRICS.replace("value. | X |", "value. | maybe |"));
    let e = errors(&site);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!((e[0].0, e[0].1), (9, 51));
    assert!(
        e[0].2.contains("\"maybe\"") && e[0].2.contains("\"Optional\", \"X\", \"*\" or blank"),
        "{}",
        e[0].2
    );
    // The plain form is a flag: blank or the column's own title.
    let flag = CONFIG.replace(
        "    - { column: Optional, values: [X, \"*\"] }\n",
        "    - Optional\n",
    );
    assert_ne!(flag, CONFIG);
    let (_dir, site) = read(&flag, METRICS);
    let e = errors(&site);
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(e[0].2.contains("\"X\"") && e[0].2.contains("allowed: \"Optional\" or blank"));
}

#[test]
fn a_group_row_is_a_label_that_is_one_link_as_a_whole() {
    let (_dir, site) = read(CONFIG, METRICS);
    let s = &site.history.snapshots[0];
    // "[Default value](…) for service.name" with blank cells is an item nobody has filled in;
    // "**[OTLP](…)**" with blank cells starts a group.
    let default = &s.items[4];
    assert_eq!(default.title, "Default value for service.name");
    assert_eq!(default.group, "");
    assert_eq!(s.items[5].group, "OTLP");
}

#[test]
fn the_title_warning_uses_the_configured_word() {
    let dir = site_dir(&[
        ("content/site.yaml", CONFIG.as_bytes()),
        ("content/2021-11.md", METRICS.as_bytes()),
        (
            "content/2021-12.md",
            METRICS
                .replace(
                    "`Counter` has an `add` method.",
                    "`Counter` has an `Add` method.",
                )
                .as_bytes(),
        ),
    ]);
    let site = read_site(dir.path()).unwrap();
    let w: Vec<&str> = site
        .diagnostics
        .items
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("unless the feature was renamed"), "{}", w[0]);
}

#[test]
fn the_list_counts_complete_of_the_cells_that_apply() {
    let dir = site_dir(&[
        ("content/site.yaml", CONFIG.as_bytes()),
        ("content/2021-11.md", METRICS.as_bytes()),
    ]);
    let files = build_tree(dir.path());
    let list = String::from_utf8_lossy(&files["implementors/index.html"]).into_owned();
    let row = |name: &str| {
        let at = list.find(&format!("data-name=\"{name}\"")).unwrap();
        let end = at + list[at..].find("</tr>").unwrap();
        list[at..end].to_string()
    };
    // Go has a code in all six items; JS's N/A is not one it could complete.
    assert!(row("Go").contains("<td>4 of 6</td>"), "{}", row("Go"));
    assert!(row("JS").contains("<td>2 of 5</td>"), "{}", row("JS"));
    assert!(list.contains("Every language by name"));
}

#[test]
fn the_overview_draws_the_60_most_complete_panels_and_says_so() {
    // 61 features: feature n is supported by Go when n is even.
    let mut month = String::from(
        "# Compliance\n\n## Traces\n\n| Feature | Optional | Go | Java | JS |\n|---|---|---|---|---|\n",
    );
    for n in 0..61 {
        let go = if n % 2 == 0 { "+" } else { "-" };
        month.push_str(&format!("| Feature {n} | | {go} | + | |\n"));
    }
    let dir = site_dir(&[
        ("content/site.yaml", CONFIG.as_bytes()),
        ("content/2021-11.md", month.as_bytes()),
    ]);
    let files = build_tree(dir.path());
    let index = String::from_utf8_lossy(&files["index.html"]).into_owned();
    let svg = &index[index.find("<svg").unwrap()..index.find("</svg>").unwrap()];
    // One linked title per panel: the 31 with two complete first, then 29 of the 30 with one.
    assert_eq!(svg.matches("<a href=").count(), 60);
    assert!(svg.contains("Feature 60 · 2") && !svg.contains("Feature 59 · 1"));
    assert!(index.contains(
        "The 60 most complete of the 61 current features; the table below lists every one."
    ));
    assert!(
        svg.contains("Small multiples, the 60 most complete of the 61 current features, ranked")
    );
    // The table still lists all 61.
    let table = &index[index.find("ranked-caption").unwrap()..];
    assert_eq!(table.matches("<tr><th scope=\"row\">").count(), 61);
}
