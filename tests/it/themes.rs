//! Themes: a site-local theme overrides single templates and static files, the rest falls back
//! to the embedded default; an unknown or broken theme is a content error (exit 1), as in `check`.

use crate::common::build_cmd;
use crate::common::fixture_site;
use std::path::Path;

fn build(site: &Path, out: &Path) -> assert_cmd::assert::Assert {
    build_cmd(site, out).assert()
}

fn set_theme(site: &Path, theme: &str) {
    let yaml = std::fs::read_to_string(site.join("content/site.yaml")).unwrap();
    std::fs::write(
        site.join("content/site.yaml"),
        format!("{yaml}theme: {theme}\n"),
    )
    .unwrap();
}

#[test]
fn a_site_theme_overrides_one_template_and_falls_back_for_the_rest() {
    let (tmp, site) = fixture_site("three-months");
    set_theme(&site, "corporate");
    let t = site.join("themes/corporate/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Lost? {{ site.title }}</h1>{% endblock content %}",
    )
    .unwrap();
    let st = site.join("themes/corporate/static");
    std::fs::create_dir_all(&st).unwrap();
    std::fs::write(st.join("logo.txt"), "corporate").unwrap();
    let out = tmp.path().join("out");
    build(&site, &out).success();
    let nf = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(
        nf.contains("<h1>Lost? Gateway API implementation status (fixture)</h1>"),
        "{nf}"
    );
    // base.html and every other template come from the default theme.
    assert!(nf.contains("<a class=\"skip-link\" href=\"#main\">"));
    let month = std::fs::read_to_string(out.join("2024-03/index.html")).unwrap();
    assert!(month.contains("id=\"matrix\""));
    assert_eq!(
        std::fs::read_to_string(out.join("static/logo.txt")).unwrap(),
        "corporate"
    );
    assert!(out.join("static/style.css").is_file());
}

#[test]
fn an_unknown_theme_is_a_content_error_like_check_reports() {
    let (tmp, site) = fixture_site("three-months");
    set_theme(&site, "nowhere");
    let a = build(&site, &tmp.path().join("o")).code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("theme \"nowhere\" not found"), "{err}");
}

#[test]
fn a_broken_template_override_is_reported_not_panicked() {
    let (tmp, site) = fixture_site("three-months");
    let t = site.join("themes/default/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("month.html"), "{% if %}").unwrap();
    let a = build(&site, &tmp.path().join("o")).code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("template error"), "{err}");
    assert!(!tmp.path().join("o").exists());
}
