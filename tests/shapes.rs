//! Other matrix shapes by configuration (issue #16): sites that are not about Gateway
//! Enhancement Proposals say so only through `site.yaml`.

mod common;

use common::{site_dir, tree};
use std::path::Path;

fn build(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = root.join("out");
    let input = statusgen::pipeline::BuildInput {
        root: root.into(),
        ..Default::default()
    };
    statusgen::pipeline::build(&input, &out, false).unwrap();
    tree(&out)
}

/// The text of markup, tags (and so URLs) left out.
fn visible(markup: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

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
