//! `links:` in site.yaml: extra navigation entries on every page (http(s), or relative to the
//! site root), vetted like every URL from a pull request; and the two published sites (this
//! repository's content/ at the root, examples/gateway-conformance/ under gateway-conformance/)
//! linking to each other.

use crate::common;
use crate::common::read_text;
use crate::common::{build_cmd, statusgen};

use std::path::Path;
use std::process::Output;

fn build(root: &Path, out: &Path, base: Option<&str>) -> Output {
    let mut c = build_cmd(root, out);
    if let Some(b) = base {
        c.args(["--base-url", b]);
    }
    c.output().unwrap()
}

/// The `<nav>` of a page.
fn nav(html: &str) -> &str {
    let start = html.find("<nav").expect("a nav");
    let end = html[start..].find("</nav>").expect("nav closed") + start;
    &html[start..end]
}

const SEED: &str = include_str!("../../content/2023-11.md");

#[test]
fn links_show_in_every_page_navigation() {
    let site = common::site_dir(&[
        ("content/2023-11.md", SEED.as_bytes()),
        (
            "content/site.yaml",
            b"links:\n  - { title: \"Sibling <site>\", url: \"sibling/\" }\n  - { title: Source, url: \"https://example.org/src?a=1&b=2\" }\n"
                .as_slice(),
        ),
    ]);
    let out = site.path().join("out");
    let o = build(site.path(), &out, None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let home = read_text(&out.join("index.html"));
    assert!(
        nav(&home).contains(r#"<li><a href="sibling/index.html">Sibling &lt;site&gt;</a></li>"#),
        "{}",
        nav(&home)
    );
    assert!(nav(&home).contains(r#"<a href="https://example.org/src?a=1&amp;b=2">Source</a>"#));
    // Relative to the site root from any depth.
    let gep = read_text(&out.join("geps/1742/index.html"));
    assert!(
        nav(&gep).contains(r#"<a href="../../sibling/index.html">"#),
        "{}",
        nav(&gep)
    );

    let based = site.path().join("based");
    let o = build(site.path(), &based, Some("https://owner.github.io/repo/"));
    assert_eq!(o.status.code(), Some(0));
    let gep = read_text(&based.join("geps/1742/index.html"));
    assert!(
        nav(&gep).contains(r#"<a href="/repo/sibling/">"#),
        "{}",
        nav(&gep)
    );
}

#[test]
fn hostile_links_are_refused_at_their_line() {
    let site = common::site_dir(&[
        ("content/2023-11.md", SEED.as_bytes()),
        (
            "content/site.yaml",
            b"title: x\nlinks:\n  - { title: ok, url: \"https://example.org/\" }\n  - { title: bad, url: \"javascript:alert(1)\" }\n  - { title: \"\", url: \"a/\" }\n"
                .as_slice(),
        ),
    ]);
    let o = statusgen()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("content/site.yaml:4:5: error: links[1].url: \"javascript:alert(1)\" uses the scheme \"javascript:\""),
        "{text}"
    );
    assert!(
        text.contains("content/site.yaml:5:5: error: links[2].title may not be empty"),
        "{text}"
    );
    let o = build(site.path(), &site.path().join("out"), None);
    assert_eq!(o.status.code(), Some(1));
    assert!(!site.path().join("out").exists());
}

/// The Pages workflow's layout: content/ at the root, the example under gateway-conformance/;
/// each site's navigation reaches the other's home page.
#[test]
fn the_published_sites_link_to_each_other() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("pages");
    let o = build(repo, &out, None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = build(
        &repo.join("examples/gateway-conformance"),
        &out.join("gateway-conformance"),
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let seed_home = read_text(&out.join("index.html"));
    assert!(nav(&seed_home).contains(r#"href="gateway-conformance/index.html""#));
    assert!(out.join("gateway-conformance/index.html").is_file());

    let example_month = read_text(&out.join("gateway-conformance/2026-08/index.html"));
    // ../ twice up to the example's root, then ../ to the seed's: its index.html.
    assert!(
        nav(&example_month).contains(r#"href="../../index.html""#),
        "{}",
        nav(&example_month)
    );
}
