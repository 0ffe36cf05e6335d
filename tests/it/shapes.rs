//! Other matrix shapes by configuration (issue #16): sites that are not about Gateway
//! Enhancement Proposals say so only through `site.yaml`.

use crate::common;
use crate::common::statusgen;

use crate::common::{build_tree as build, site_dir, visible};
use std::path::Path;

const NO_GRADUATION: &str = "graduation_threshold: null
implementors: { label: Implementation }
codes:
  - { code: \"\", label: Not known }
  - { code: \"-\", label: Not supported }
  - { code: \"~\", label: Partly supported }
  - { code: \"+\", label: Supported }
";

const MONTH: &str = "# Status\n
| Implementation | GEP-1: One | GEP-2: Two |
|---|---|---|
| Status | E | P |
| Alpha | + | - |
| Beta | ~ | |
";

#[test]
fn graduation_threshold_null_leaves_out_every_trace_of_graduation() {
    let dir = site_dir(&[
        ("content/site.yaml", NO_GRADUATION.as_bytes()),
        ("content/2024-01.md", MONTH.as_bytes()),
        (
            "content/2024-02.md",
            MONTH.replace("| ~ |", "| + |").as_bytes(),
        ),
    ]);
    let files = build(dir.path());
    assert!(files.contains_key("index.html"));
    assert!(files.contains_key("geps/1/index.html"));
    for gone in ["graduation/index.html", "data/graduation.json"] {
        assert!(!files.contains_key(gone), "{gone} is built");
    }
    for (path, bytes) in &files {
        if !(path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".svg")) {
            continue;
        }
        let text = visible(&String::from_utf8_lossy(bytes)).to_lowercase();
        for word in ["graduat", "threshold"] {
            assert!(!text.contains(word), "{path} says {word:?}");
        }
    }
}

#[test]
fn the_implementor_label_and_in_progress_codes_come_from_config() {
    let dir = site_dir(&[
        ("content/site.yaml", NO_GRADUATION.as_bytes()),
        ("content/2024-01.md", MONTH.as_bytes()),
    ]);
    let files = build(dir.path());
    let index = String::from_utf8_lossy(&files["index.html"]).to_string();
    assert!(index.contains(">Implementations</a></li>"), "{index}");
    assert!(index.contains("</strong> implementations</li>"));
    // Between blank and complete: "-" and "~", by their labels.
    assert!(
        index.contains("<strong>2</strong> not supported or partly supported</li>"),
        "{index}"
    );
    let month = String::from_utf8_lossy(&files["2024-01/index.html"]).to_string();
    assert!(month.contains("<th scope=\"col\" class=\"corner\">Implementation</th>"));
    assert!(month.contains("one row per implementation,"));
    for (path, bytes) in &files {
        if path.ends_with(".html") || path.ends_with(".svg") || path == "feed.xml" {
            let text = visible(&String::from_utf8_lossy(bytes));
            assert!(
                !text.contains("mplementor"),
                "{path} says implementor: {text}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The fixture site tests/fixtures/shapes: languages as columns, sections, groups, N/A.

use statusgen::analyse::diff::{ChangeKind, diff};
use statusgen::model::{ItemKey, Rank};
use statusgen::pipeline::read_site;
use statusgen::present::diffs;

fn fixture() -> statusgen::site::Site {
    let site = read_site(Path::new("tests/fixtures/shapes")).unwrap();
    assert!(site.diagnostics.is_empty(), "{:?}", site.diagnostics);
    site
}

fn slug(s: &str) -> ItemKey {
    ItemKey::Slug(s.into())
}

#[test]
fn every_item_section_group_and_language_once() {
    let site = fixture();
    let s = &site.history.snapshots;
    let may = s.last().unwrap();
    let items: Vec<(String, &str, &str, &str)> = may
        .items
        .iter()
        .map(|p| {
            (
                p.key.to_string(),
                p.section.as_str(),
                p.group.as_str(),
                p.title.as_str(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                "traces/create-tracerprovider".to_string(),
                "Traces",
                "TracerProvider",
                "Create TracerProvider"
            ),
            (
                "traces/get-a-tracer-with-schema-url".to_string(),
                "Traces",
                "TracerProvider",
                "Get a Tracer with schema_url"
            ),
            // Moved from the Span group in February: same identity, its label is unique.
            (
                "traces/create-root-span".to_string(),
                "Traces",
                "TracerProvider",
                "Create root span"
            ),
            // The same label in two groups: the group is part of the identity.
            (
                "traces/span/get-active-span".to_string(),
                "Traces",
                "Span",
                "Get active Span"
            ),
            (
                "traces/context/get-active-span".to_string(),
                "Traces",
                "Context",
                "Get active Span"
            ),
            // A plain label with blank cells is an item nobody filled in, not a group.
            (
                "traces/links-between-spans".to_string(),
                "Traces",
                "Context",
                "Links between spans"
            ),
            // A group row repeating the column titles with a plain label.
            (
                "metrics/create-meterprovider".to_string(),
                "Metrics",
                "MeterProvider",
                "Create MeterProvider"
            ),
            (
                "metrics/exemplars".to_string(),
                "Metrics",
                "MeterProvider",
                "Exemplars"
            ),
        ]
    );
    // The attribute column is no implementor; its value is the item's.
    let names: Vec<&str> = may.implementors.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["Go", "Java", "Python"]);
    let exemplars = &may.items[7];
    assert_eq!(
        exemplars.attributes,
        [("Optional".to_string(), "Optional".to_string())]
    );
    assert_eq!(
        may.items[0].attributes,
        [("Optional".to_string(), String::new())]
    );
    // Numbers: none.
    assert!(may.items.iter().all(|p| p.key.number().is_none()));
    // Python is a column from March on.
    let langs: Vec<usize> = s.iter().map(|x| x.implementors.len()).collect();
    assert_eq!(langs, [2, 2, 3, 3]);
    // The moved row keeps one history of four months.
    let a = statusgen::pipeline::analyse(&site);
    let i = a.stats.item_index[&slug("traces/create-root-span")];
    assert_eq!(a.stats.items[i].months.len(), 4);
    assert_eq!(a.stats.items.len(), 8);
}

/// (complete `+`, not supported `-`, N/A, blank, absent) of each language in each month.
#[test]
fn counts_per_language_per_month() {
    let site = fixture();
    let mut got = Vec::new();
    for s in &site.history.snapshots {
        for i in &s.implementors {
            let n = |f: &dyn Fn(Rank) -> bool| i.cells.iter().filter(|c| f(c.rank)).count();
            got.push((
                s.month.to_string(),
                i.name.clone(),
                [
                    n(&|r| r == Rank(2)),
                    n(&|r| r == Rank(1)),
                    n(&|r| r == Rank(3)),
                    n(&|r| r == Rank::BLANK),
                    n(&|r| r == Rank::ABSENT),
                ],
            ));
        }
    }
    let want = [
        ("2024-01", "Go", [4, 2, 1, 0, 0]),
        ("2024-01", "Java", [3, 2, 0, 2, 0]),
        ("2024-02", "Go", [5, 2, 0, 0, 0]),
        ("2024-02", "Java", [4, 2, 1, 0, 0]),
        ("2024-03", "Go", [6, 1, 0, 0, 0]),
        ("2024-03", "Java", [5, 1, 1, 0, 0]),
        // No Python column in March's Metrics table: absent, not blank.
        ("2024-03", "Python", [2, 1, 1, 1, 2]),
        ("2024-05", "Go", [7, 0, 0, 1, 0]),
        ("2024-05", "Java", [4, 2, 1, 1, 0]),
        // `x` is a spelling of `+` (words:).
        ("2024-05", "Python", [4, 2, 1, 1, 0]),
    ];
    let want: Vec<(String, String, [usize; 5])> = want
        .iter()
        .map(|(m, n, c)| (m.to_string(), n.to_string(), *c))
        .collect();
    assert_eq!(got, want);
    // N/A is outside the progress order: never progress, never complete.
    let go = &site.history.snapshots[0].implementors[0];
    let p = statusgen::analyse::stats::Progress::of_row(go, &site.config);
    assert_eq!((p.complete, p.in_progress, p.not_applicable), (4, 2, 1));
}

#[test]
fn diffs_pinned_and_not_applicable_is_neither_advance_nor_regression() {
    let site = fixture();
    let s = &site.history.snapshots;
    for w in s.windows(2) {
        let d = diff(&w[0], &w[1], &site.config);
        let name = format!("shapes_{}_{}", w[0].month, w[1].month);
        insta::assert_snapshot!(
            format!("{name}_json"),
            diffs::json(&d, &site.config, &site.nouns)
        );
        insta::assert_snapshot!(
            format!("{name}_markdown"),
            diffs::markdown(&d, &site.config, &site.nouns)
        );
    }
    let feb = diff(&s[0], &s[1], &site.config);
    let kind = |who: &str, what: &str| {
        feb.cells
            .iter()
            .find(|c| c.implementor == who && c.item == slug(what))
            .map(|c| c.kind)
    };
    assert_eq!(
        kind("Go", "traces/span/get-active-span"),
        Some(ChangeKind::Other)
    );
    assert_eq!(kind("Java", "metrics/exemplars"), Some(ChangeKind::Other));
    assert_eq!(
        kind("Java", "traces/get-a-tracer-with-schema-url"),
        Some(ChangeKind::Advance)
    );
    // Python gains a Metrics column in May: absent → a code is no cell change.
    let may = diff(&s[2], &s[3], &site.config);
    assert!(
        !may.cells
            .iter()
            .any(|c| c.implementor == "Python" && c.item.to_string().starts_with("metrics/")),
        "{:?}",
        may.cells
    );
}

// ---------------------------------------------------------------------------------------------
// check: every problem of these shapes at its file:line:col.

fn shaped(files: &[(&str, &str)]) -> Vec<(String, usize, usize, String)> {
    let yaml = std::fs::read_to_string("tests/fixtures/shapes/content/site.yaml").unwrap();
    let mut all: Vec<(&str, &[u8])> = vec![("content/site.yaml", yaml.as_bytes())];
    all.extend(files.iter().map(|(p, t)| (*p, t.as_bytes())));
    let dir = site_dir(&all);
    let site = read_site(dir.path()).unwrap();
    site.diagnostics
        .items
        .iter()
        .filter(|d| d.severity == statusgen::diag::Severity::Error)
        .map(|d| (d.file.clone(), d.line, d.col, d.message.clone()))
        .collect()
}

#[test]
fn check_points_at_unknown_codes_attribute_values_and_duplicate_identities() {
    let text = "# M

## Traces

| Feature | Optional | Go | Java |
|---|---|---|---|
| Create | maybe | + | ok |
| Create | | + | + |
";
    let e = shaped(&[("content/2024-01.md", text)]);
    let f = "content/2024-01.md".to_string();
    assert_eq!(e.len(), 4, "{e:#?}");
    let at: Vec<(String, usize, usize)> = e.iter().map(|x| (x.0.clone(), x.1, x.2)).collect();
    assert_eq!(
        at,
        [
            (f.clone(), 7, 3),
            (f.clone(), 7, 12),
            (f.clone(), 7, 24),
            (f.clone(), 8, 3)
        ]
    );
    assert!(
        e[1].3
            .contains("unknown value \"maybe\" under the attribute column \"Optional\""),
        "{}",
        e[1].3
    );
    assert!(e[2].3.contains("unknown code \"ok\""), "{}", e[2].3);
    assert!(
        e[2].3
            .ends_with("+ (Supported), blank; not applicable: N/A"),
        "{}",
        e[2].3
    );
    // The duplicate identity is an error at both lines.
    assert!(
        e[0].3.contains("traces/create") && e[0].3.contains("line 8"),
        "{}",
        e[0].3
    );
    assert!(e[3].3.contains("line 7"), "{}", e[3].3);
}

#[test]
fn matrix_keys_are_checked_with_positions() {
    use statusgen::config::Config;
    let e = Config::parse("matrix:\n  orientation: diagonal\n", "site.yaml").unwrap_err();
    assert_eq!(e.items[0].line, 2, "{:?}", e.items);
    let e = Config::parse("title: x\nmatrix:\n  group_rows: true\n", "site.yaml").unwrap_err();
    assert_eq!(e.items[0].line, 3, "{:?}", e.items);
    assert!(e.items[0].message.contains("orientation: columns"));
    let e = Config::parse(
        "codes:\n  - { code: \"\", label: x }\n  - { code: \"+\", label: y }\nnot_applicable:\n  - \"N/A\"\n  - \"+\"\n",
        "site.yaml",
    )
    .unwrap_err();
    assert_eq!((e.items[0].line, e.items[0].col), (6, 5), "{:?}", e.items);
    let c = Config::parse(
        "matrix: { orientation: columns, items: all, attribute_columns: [Optional], group_rows: true, sections: headings }\nnot_applicable: [\"N/A\"]\n",
        "site.yaml",
    )
    .unwrap();
    assert!(!c.matrix.is_default());
    assert_eq!(c.not_applicable_code("n/a"), Some("N/A"));
}

// ---------------------------------------------------------------------------------------------
// The parser of these shapes never panics, and what it reads is well-formed.

mod props {
    use proptest::prelude::*;
    use proptest::sample::Index;
    use statusgen::config::Config;
    use statusgen::diag::Diagnostics;
    use statusgen::load::source_from_bytes;
    use statusgen::parse::parse_snapshot;

    const MAY: &str = include_str!("../fixtures/shapes/content/2024-05.md");
    const YAML: &str = include_str!("../fixtures/shapes/content/site.yaml");

    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => Just("|".to_string()),
            1 => Just("\\|".to_string()),
            2 => Just("\n".to_string()),
            1 => Just("\r\n".to_string()),
            1 => Just("\u{a0}".to_string()),
            1 => Just("## ".to_string()),
            1 => Just("# Logs\n\n".to_string()),
            1 => Just("---".to_string()),
            1 => Just("[Group](x.md)".to_string()),
            1 => Just("[+](https://x)".to_string()),
            1 => Just("[-][ref]".to_string()),
            2 => prop::sample::select(vec!["+", "-", "N/A", "n/a", "x", "?", "Optional", "Go", "Java", "Python", "Status"])
                .prop_map(str::to_string),
            2 => any::<char>().prop_map(|c| c.to_string()),
            1 => "\\PC{0,8}",
        ]
    }

    fn check(text: &str, config: &Config) {
        let lines = text.split('\n').count() + text.matches('\r').count();
        let mut diags = Diagnostics::default();
        let s = source_from_bytes(text.as_bytes().to_vec(), "content/2024-05.md", &mut diags)
            .and_then(|src| {
                parse_snapshot(&src, config, &statusgen::site::nouns(config), &mut diags)
            });
        for d in &diags.items {
            assert!(d.line >= 1 && d.line <= lines, "{d}");
            assert!(d.col >= 1, "{d}");
        }
        if let Some(s) = s {
            let mut keys = std::collections::BTreeSet::new();
            for p in &s.items {
                assert!(keys.insert(p.key.clone()), "duplicate identity {}", p.key);
                assert!(p.pos.line >= 1 && p.pos.line <= lines);
            }
            for i in &s.implementors {
                assert_eq!(i.cells.len(), s.items.len());
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
        #[test]
        fn mutated_matrices_never_panic(
            edits in prop::collection::vec((any::<Index>(), 0usize..3, fragment()), 1..8),
            columns in any::<bool>(),
        ) {
            let yaml = if columns { YAML.to_string() } else {
                // The other orientation and one matrix: rows are languages.
                YAML.replace("orientation: columns", "orientation: rows")
                    .replace("  attribute_columns: [Optional]\n", "")
                    .replace("  group_rows: true\n", "")
            };
            let config = Config::parse(&yaml, "content/site.yaml").unwrap();
            let mut text = MAY.to_string();
            for (at, how, frag) in &edits {
                let b: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let i = b[at.index(b.len())];
                match how {
                    0 => text.insert_str(i, frag),
                    1 => {
                        let end = b.iter().copied().find(|&e| e >= i + frag.len().max(1)).unwrap_or(text.len());
                        text.replace_range(i..end, frag);
                    }
                    _ => {
                        let end = b.iter().copied().find(|&e| e >= i + 5).unwrap_or(text.len());
                        text.replace_range(i..end, "");
                    }
                }
            }
            check(&text, &config);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Pages, downloads, fmt and new on the fixture site.

#[test]
fn no_gateway_wording_on_the_fixture_site() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("tests/fixtures/shapes"), tmp.path());
    let files = build(tmp.path());
    assert!(!files.contains_key("graduation/index.html"));
    for (path, bytes) in &files {
        if path.ends_with(".html") || path.ends_with(".svg") || path == "feed.xml" {
            let text = visible(&String::from_utf8_lossy(bytes)).to_lowercase();
            for word in [
                "gep",
                "proposal",
                "implementor",
                "graduat",
                "threshold",
                "stage",
            ] {
                assert!(!text.contains(word), "{path} says {word:?}: {text}");
            }
        }
    }
}

#[test]
fn month_page_has_sections_groups_and_a_filter_per_section() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("tests/fixtures/shapes"), tmp.path());
    let files = build(tmp.path());
    let march = String::from_utf8(files["2024-03/index.html"].clone()).unwrap();
    // One table per section, a heading each, each with its own filter.
    for id in ["s-traces", "s-metrics"] {
        assert!(march.contains(&format!("<h2 id=\"{id}\">")), "{id}");
        assert!(march.contains(&format!("<table class=\"matrix\" id=\"{id}-matrix\">")));
        assert!(march.contains(&format!("data-table=\"{id}-matrix\"")));
    }
    // A row group per group, its header row first.
    assert_eq!(march.matches("<tbody class=\"implementors\">").count(), 4);
    for g in ["TracerProvider", "Span", "Context", "MeterProvider"] {
        let colspan = if g == "MeterProvider" { 5 } else { 6 };
        let row = format!(
            "<tbody class=\"implementors\">\n<tr class=\"attr group\"><th scope=\"rowgroup\" colspan=\"{colspan}\"><span>{g}</span></th></tr>"
        );
        assert!(march.contains(&row), "{g}");
    }
    // Python has no Metrics column in March: that table has no Python column.
    let metrics = &march[march.find("id=\"s-metrics-matrix\"").unwrap()..];
    assert!(!metrics[..metrics.find("</table>").unwrap()].contains(">Python</a>"));
    // N/A is shown, not counted: Context's "Get active Span" is complete 2 of 2.
    assert!(march.contains("class=na>N/A"));
    assert!(march.contains("<td class=total>2 of 2\n"));
    // Item pages live under proposals.path by slug.
    assert!(march.contains("href=\"../features/traces/span/get-active-span/index.html\""));
    assert!(files.contains_key("features/traces/context/get-active-span/index.html"));
}

#[test]
fn downloads_carry_the_group_and_the_slug() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("tests/fixtures/shapes"), tmp.path());
    let files = build(tmp.path());
    let json: serde_json::Value =
        crate::common::long_form(&serde_json::from_slice(&files["data/history.json"]).unwrap());
    let may = &json["snapshots"][3];
    assert_eq!(
        may["proposals"][3],
        serde_json::json!({"number": null, "id": "traces/span/get-active-span",
            "title": "Get active Span", "status": "", "compliance": "",
            "section": "Traces", "group": "Span", "attributes": {"Optional": ""}})
    );
    assert_eq!(
        may["implementors"][2]["cells"]["traces/context/get-active-span"],
        "N/A"
    );
    // Absent cells are left out: Python has no Metrics column in March.
    let march_python = &json["snapshots"][2]["implementors"][2];
    assert_eq!(march_python["name"], "Python");
    assert!(march_python["cells"].get("metrics/exemplars").is_none());
    // The export's long CSV carries the group and the slug on every line.
    let site = statusgen::pipeline::read_site(tmp.path()).unwrap();
    let csv = statusgen::present::data::history_csv(&site.history, &site.config);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("date,implementor,proposal,title,status,compliance,code,group")
    );
    assert!(
        csv.contains("\n2024-05,Python,traces/span/get-active-span,Get active Span,,,+,Span\n")
    );
    assert!(!csv.contains("\n2024-03,Python,metrics/"));
    // The site's wide CSVs: a column per item slug; Python's March row is empty under Metrics.
    let wide = String::from_utf8(files["data/history.csv"].clone()).unwrap();
    let head: Vec<&str> = wide.lines().next().unwrap().split(',').collect();
    assert_eq!(head[..2], ["date", "implementor"]);
    assert!(head.contains(&"traces/span/get-active-span"), "{wide}");
    let col = head.iter().position(|h| *h == "metrics/exemplars").unwrap();
    let march_python: Vec<&str> = wide
        .lines()
        .find(|l| l.starts_with("2024-03,Python,"))
        .unwrap()
        .split(',')
        .collect();
    assert_eq!(march_python[col], "");
    let month = String::from_utf8(files["data/2024-05.csv"].clone()).unwrap();
    assert!(month.starts_with("date,implementor,traces/"), "{month}");
}

#[test]
fn fmt_keeps_sections_groups_and_attribute_columns() {
    let config = statusgen::config::Config::parse(
        &std::fs::read_to_string("tests/fixtures/shapes/content/site.yaml").unwrap(),
        "content/site.yaml",
    )
    .unwrap();
    let text = "# M\n\n## Traces\n\n|Feature|Optional|Go|\n|-|-|-|\n|[Tracer](a.md)|Optional|Go|\n|Create| |+|\n|Exemplars|Optional|N/A|\n\nBetween.\n\n## Metrics\n\n|Feature|Go|\n|:-|-|\n|Meter|Go|\n|Create meter|-|\n";
    let f = statusgen::authoring::fmt::format_bytes(text.as_bytes(), "content/2024-01.md", &config)
        .unwrap();
    let out = String::from_utf8(f.bytes).unwrap();
    assert_eq!(
        out,
        "# M\n\n## Traces\n\n| Feature        | Optional | Go  |\n|----------------|----------|-----|\n| [Tracer](a.md) | Optional | Go  |\n| Create         |          | +   |\n| Exemplars      | Optional | N/A |\n\nBetween.\n\n## Metrics\n\n| Feature      | Go  |\n|:-------------|-----|\n| Meter        | Go  |\n| Create meter | -   |\n"
    );
    // Formatting again changes nothing.
    let again =
        statusgen::authoring::fmt::format_bytes(out.as_bytes(), "content/2024-01.md", &config)
            .unwrap();
    assert!(!again.changed);
}

#[test]
fn new_starts_the_next_month_from_the_latest() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("tests/fixtures/shapes"), tmp.path());
    statusgen()
        .args(["new", "--root"])
        .arg(tmp.path())
        .assert()
        .success();
    let june = std::fs::read_to_string(tmp.path().join("content/2024-06.md")).unwrap();
    let may = std::fs::read_to_string(tmp.path().join("content/2024-05.md")).unwrap();
    assert_eq!(june, may);
    let site = read_site(tmp.path()).unwrap();
    assert!(!site.diagnostics.has_errors());
    let s = &site.history.snapshots;
    assert_eq!(s.len(), 5);
    assert!(diff(&s[3], &s[4], &site.config).is_empty());
}

#[test]
fn an_item_flagged_only_in_an_attribute_column_is_no_group_row() {
    let text = "## Logs\n\n| Feature | Optional | Go | Java |\n|---|---|---|---|\n| Loggers | Optional | Go | Java |\n| Emit | | + | |\n| Batching | Optional | | |\n";
    assert!(shaped(&[("content/2024-01.md", text)]).is_empty());
    let yaml = std::fs::read_to_string("tests/fixtures/shapes/content/site.yaml").unwrap();
    let dir = site_dir(&[
        ("content/site.yaml", yaml.as_bytes()),
        ("content/2024-01.md", text.as_bytes()),
    ]);
    let site = read_site(dir.path()).unwrap();
    let items: Vec<(String, &str)> = site.history.snapshots[0]
        .items
        .iter()
        .map(|p| (p.key.to_string(), p.group.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            ("logs/emit".to_string(), "Loggers"),
            ("logs/batching".to_string(), "Loggers")
        ]
    );
}

#[test]
fn not_applicable_in_the_gateway_layout_is_in_the_legend_and_not_counted() {
    let yaml = "not_applicable: [\"N/A\"]\n";
    let month = "# Status\n\n| | GEP-1: One | GEP-2: Two |\n|---|---|---|\n| Alpha | C | N/A |\n| Beta | n/a | PP |\n";
    let dir = site_dir(&[
        ("content/site.yaml", yaml.as_bytes()),
        ("content/2024-01.md", month.as_bytes()),
    ]);
    let files = build(dir.path());
    let page = String::from_utf8(files["2024-01/index.html"].clone()).unwrap();
    assert!(page.contains(
        "<span class=\"swatch code na\">N/A</span> N/A: does not apply (not counted)</li>"
    ));
    assert_eq!(page.matches("class=na>").count(), 2, "{page}");
    // "Complete N of M" counts only the cells that apply.
    assert!(page.contains("<td class=total>1 of 1\n"), "{page}");
    assert!(page.contains("<td class=total>0 of 1\n"), "{page}");
    // Alpha: 1 complete of 2 cells, its N/A neither complete nor in progress.
    let site = read_site(dir.path()).unwrap();
    let alpha = &site.history.snapshots[0].implementors[0];
    let p = statusgen::analyse::stats::Progress::of_row(alpha, &site.config);
    assert_eq!((p.complete, p.in_progress, p.not_applicable), (1, 0, 1));
}
