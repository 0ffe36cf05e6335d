//! The feed, the sitemap and robots.txt are built-in templates (themes/default/templates) that
//! a site's theme overrides by name, like the pages; a template that fails while rendering stops
//! the build as a content error (exit 1) naming the file, and nothing is written.

use crate::common::build_cmd;
use crate::common::fixture_site;
use std::path::Path;

fn build(site: &Path, out: &Path) -> assert_cmd::assert::Assert {
    build_cmd(site, out)
        .args(["--base-url", "https://example.org/status/"])
        .assert()
}

fn override_template(site: &Path, name: &str, text: &str) {
    let dir = site.join("themes/default/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn a_theme_overrides_feed_sitemap_and_robots() {
    let (tmp, site) = fixture_site("three-months");
    override_template(
        &site,
        "robots.txt",
        "User-agent: *\nDisallow: /data/\nSitemap: {{ sitemap }}\n",
    );
    override_template(
        &site,
        "feed.xml",
        "<feed>{% for e in entries %}<id>{{ e.id }}</id>{% endfor %}</feed>\n",
    );
    override_template(
        &site,
        "sitemap.xml",
        "{% for u in urls %}{% if loop.first %}{{ u }}{% endif %}{% endfor %}\n",
    );
    let out = tmp.path().join("out");
    build(&site, &out).success();
    let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
    assert_eq!(
        read("robots.txt"),
        "User-agent: *\nDisallow: /data/\nSitemap: https://example.org/status/sitemap.xml\n"
    );
    let id = "urn:statusgen:gateway-api-implementation-status-fixture";
    assert_eq!(
        read("feed.xml"),
        format!("<feed><id>{id}:2024-03</id><id>{id}:2024-02</id><id>{id}:2024-01</id></feed>\n")
    );
    assert_eq!(read("sitemap.xml"), "https://example.org/status/\n");
}

#[test]
fn the_default_feed_escapes_what_it_is_given() {
    let (tmp, site) = fixture_site("three-months");
    let yaml = std::fs::read_to_string(site.join("content/site.yaml")).unwrap();
    let yaml = yaml.replace(
        "title: \"Gateway API implementation status (fixture)\"",
        "title: \"Gateway <API> & \\\"friends\\\"\"",
    );
    std::fs::write(site.join("content/site.yaml"), yaml).unwrap();
    let out = tmp.path().join("out");
    build(&site, &out).success();
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(
        feed.contains("<title>Gateway &lt;API&gt; &amp; &quot;friends&quot;</title>"),
        "{feed}"
    );
    roxmltree::Document::parse(&feed).unwrap();
}

#[test]
fn a_feed_template_that_fails_while_rendering_stops_the_build() {
    let (tmp, site) = fixture_site("three-months");
    override_template(&site, "feed.xml", "{{ entries.nope.deeper }}");
    let out = tmp.path().join("out");
    let a = build(&site, &out).code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("feed.xml"), "{err}");
    assert!(!out.exists());
}
