//! What a site calls its rows and items (issue 24): the labels of site.yaml become nouns once
//! per read (`site::nouns`), and every sentence, heading, diagnostic and diff says them in
//! English plurals ("proxies", not "proxys"), the templates of the default theme included.

use crate::common::{self, build_tree, fixture_site, parse_with, visible};
use statusgen::analyse::diff::diff;
use statusgen::present::wording::summary;

const PROXY_YAML: &str = "implementors: { label: Proxy }
graduation_threshold: null
codes:
  - { code: \"\", label: Not known }
  - { code: \"-\", label: Not supported }
  - { code: \"+\", label: Supported }
";

/// A month of the Gateway API shape with one row per name in `rows`.
fn month(rows: &[&str]) -> String {
    let mut s = String::from(
        "# Status\n\n| Proxy | GEP-1: One | GEP-2: Two |\n|---|---|---|\n| Status | E | P |\n",
    );
    for r in rows {
        s.push_str(&format!("| {r} | + | - |\n"));
    }
    s
}

/// Every page, feed and chart of a built site as visible text, in lower case, by path.
fn texts(files: &std::collections::BTreeMap<String, Vec<u8>>) -> Vec<(&str, String)> {
    files
        .iter()
        .filter(|(p, _)| [".html", ".xml", ".svg"].iter().any(|e| p.ends_with(e)))
        .map(|(p, b)| {
            (
                p.as_str(),
                visible(&String::from_utf8_lossy(b)).to_lowercase(),
            )
        })
        .collect()
}

#[test]
fn an_implementor_label_ending_in_a_consonant_and_y_says_ies_everywhere() {
    let jan = month(&["Alpha", "Beta"]);
    let feb = month(&["Alpha"]);
    let mar = month(&["Alpha", "Gamma", "Delta"]);
    let (dir, site) = common::site(&[
        ("content/site.yaml", PROXY_YAML),
        ("content/2024-01.md", &jan),
        ("content/2024-02.md", &feb),
        ("content/2024-03.md", &mar),
    ]);
    assert_eq!(site.nouns.implementor.one, "proxy");
    assert_eq!(site.nouns.implementor.many, "proxies");
    assert_eq!(site.nouns.item.many, "proposals");

    // The checks across months word their warnings with the nouns.
    assert!(
        site.diagnostics.items.iter().any(|d| d
            .message
            .starts_with("proxy \"Beta\" of 2024-01 is missing")),
        "{:#?}",
        site.diagnostics.items
    );
    // So do the diffs.
    let s = &site.history.snapshots;
    assert_eq!(
        summary(&diff(&s[0], &s[1], &site.config), &site.config, &site.nouns),
        "1 proxy removed"
    );
    assert_eq!(
        summary(&diff(&s[1], &s[2], &site.config), &site.config, &site.nouns),
        "2 new proxies"
    );
    // And parse's diagnostics.
    let (_, d) = parse_with("content/2024-04.md", month(&[""]).as_bytes(), &site.config);
    assert!(
        d.items
            .iter()
            .any(|d| d.message.starts_with("row has no proxy name")),
        "{:#?}",
        d.items
    );

    // And every page, the templates' headings and navigation included.
    let files = build_tree(dir.path());
    let index = visible(&String::from_utf8_lossy(&files["index.html"]));
    assert!(index.contains("Proxies"), "{index}");
    assert!(
        index.contains("4 proxies") || index.contains("3 proxies"),
        "{index}"
    );
    for (path, text) in texts(&files) {
        assert!(!text.contains("proxys"), "{path} says \"proxys\"");
    }
}

#[test]
fn an_item_label_takes_its_english_plural_in_headings_lists_and_sentences() {
    let (_tmp, root) = fixture_site("shapes");
    let yaml_path = root.join("content/site.yaml");
    let yaml = common::read_text(&yaml_path)
        .replace("label: Feature", "label: Capability")
        .replace("label: Language", "label: Library");
    std::fs::write(&yaml_path, yaml).unwrap();
    let site = common::read(&root);
    assert_eq!(site.nouns.item.many, "capabilities");
    assert_eq!(site.nouns.implementor.many, "libraries");

    let files = build_tree(&root);
    let index = visible(&String::from_utf8_lossy(&files["index.html"]));
    for heading in ["Capabilities", "Libraries"] {
        assert!(
            index.contains(heading),
            "the navigation names {heading}: {index}"
        );
    }
    let list = visible(&String::from_utf8_lossy(&files["features/index.html"]));
    assert!(list.contains("All Capabilities"), "{list}");
    for (path, text) in texts(&files) {
        for wrong in ["capabilitys", "librarys"] {
            assert!(!text.contains(wrong), "{path} says {wrong:?}");
        }
    }
}
