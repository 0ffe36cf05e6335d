//! Hostile pull requests (issue #10): each attack a contributor could send through a pull
//! request is refused by `check` and `build` with an error at the right file and line, and
//! nothing outside the site root is read or published.

use crate::common::*;

use std::path::Path;

/// A small valid site with `site_yaml` as its configuration.
fn site_with_config(site_yaml: &str) -> tempfile::TempDir {
    site_dir(&[
        ("content/2023-11.md", SMALL.as_bytes()),
        ("content/site.yaml", site_yaml.as_bytes()),
    ])
}

/// Runs `statusgen <cmd> --root <root>` (and `--output` for build); returns (code, stdout+stderr).
fn run(cmd: &str, root: &Path) -> (i32, String) {
    let mut c = statusgen();
    c.args([cmd, "--root"]).arg(root);
    if cmd == "build" {
        c.arg("--output").arg(root.join("output"));
    }
    let out = c.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// `check` and `build` both exit 1 and print `expect` (a `file:line:col: error` prefix and
/// part of the message); `build` writes nothing.
fn refused_by_check_and_build(root: &Path, expect: &[&str]) {
    for cmd in ["check", "build"] {
        let (code, text) = run(cmd, root);
        assert_eq!(code, 1, "{cmd} must fail with exit 1:\n{text}");
        for e in expect {
            assert!(text.contains(e), "{cmd} output lacks {e:?}:\n{text}");
        }
    }
    assert!(!root.join("output").exists(), "build wrote output");
}

#[test]
fn theme_paths_are_config_errors_at_their_line() {
    for theme in ["../../x", "/etc", "a/b", "..", "x\\\\y", "\"\""] {
        let dir = site_with_config(&format!("title: t\ntheme: {theme}\n"));
        refused_by_check_and_build(
            dir.path(),
            &["content/site.yaml:2:8: error: theme", "letters, digits"],
        );
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_not_read_from_themes() {
    // (Symlinks inside the root are refused too: tests/hostile_publish.rs.)
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "token=hunter2").unwrap();
    std::fs::write(outside.path().join("base.html"), "{{ 1 + }}").unwrap();
    // A symlinked static folder, a symlinked static file, a symlinked template, a symlinked
    // theme folder: each leads outside the root.
    type Setup = fn(&Path, &Path);
    let cases: [(Setup, &str); 4] = [
        (
            |site, out| symlink(out, site.join("themes/evil/static")).unwrap(),
            "themes/evil/static:",
        ),
        (
            |site, out| {
                std::fs::create_dir_all(site.join("themes/evil/static")).unwrap();
                symlink(
                    out.join("secret.txt"),
                    site.join("themes/evil/static/x.txt"),
                )
                .unwrap()
            },
            "themes/evil/static/x.txt:",
        ),
        (
            |site, out| {
                std::fs::create_dir_all(site.join("themes/evil/templates")).unwrap();
                symlink(
                    out.join("base.html"),
                    site.join("themes/evil/templates/base.html"),
                )
                .unwrap()
            },
            "themes/evil/templates/base.html:",
        ),
        (
            |site, out| {
                std::fs::remove_dir_all(site.join("themes/evil")).unwrap();
                symlink(out, site.join("themes/evil")).unwrap()
            },
            "themes/evil:",
        ),
    ];
    for (setup, at) in cases {
        let dir = site_with_config("theme: evil\n");
        std::fs::create_dir_all(dir.path().join("themes/evil")).unwrap();
        setup(dir.path(), outside.path());
        refused_by_check_and_build(dir.path(), &[at, "is a symlink"]);
    }
}

#[test]
fn check_compiles_the_theme() {
    let dir = site_with_config("theme: broken\n");
    let t = dir.path().join("themes/broken/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("404.html"), "ok\n{% if %}\n").unwrap();
    refused_by_check_and_build(
        dir.path(),
        &["themes/broken/templates/404.html:2:", "template error"],
    );
    let dir = site_with_config("theme: missing\n");
    refused_by_check_and_build(dir.path(), &["theme \"missing\" not found"]);
}

#[test]
fn script_urls_in_config_are_errors_at_their_line() {
    let bad = [
        "javascript:alert(1)//{number}",
        "JaVaScRiPt:alert({number})",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox({number})",
        "javascript&#58;alert({number})",
        "javascript&colon;alert({number})",
        "\"java\\tscript:alert({number})\"",
        "\"java\\nscript:alert({number})\"",
        "\" javascript:alert({number})\"",
        "\"https://x/\\u0000{number}\"",
        "\"\\\\\\\\evil.example/{number}\"",
    ];
    for url in bad {
        let dir = site_with_config(&format!("title: t\nproposals:\n  url: {url}\n"));
        refused_by_check_and_build(dir.path(), &["content/site.yaml:3:8: error: proposals.url"]);
        let dir = site_with_config(&format!("title: t\n\nbase_url: {url}\n"));
        refused_by_check_and_build(dir.path(), &["content/site.yaml:3:11: error: base_url"]);
    }
}

#[test]
fn http_and_relative_urls_pass() {
    for url in [
        "https://gateway-api.sigs.k8s.io/geps/gep-{number}/",
        "HTTP://example.org/{number}?a=1&b=2#x",
        "/geps/{number}/",
        "geps/{number}.html",
        "../x/{number}",
        "",
    ] {
        let dir = site_with_config(&format!(
            "base_url: \"https://o.github.io/r/\"\nproposals:\n  url: \"{url}\"\n"
        ));
        let (code, text) = run("check", dir.path());
        assert_eq!(code, 0, "{url}: {text}");
    }
}

#[test]
fn base_url_on_the_command_line_is_vetted() {
    let dir = site_with_config("title: t\n");
    let out = statusgen()
        .args(["build", "--base-url", "javascript:alert(1)", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--base-url") && err.contains("javascript:"),
        "{err}"
    );
}

/// A site whose rows are `names` (one snapshot).
fn site_with_rows(names: &[&str]) -> tempfile::TempDir {
    let mut text = String::from(
        "# Status November 2023\n\n| | GEP-1: Alpha |\n|---|---|\n| Status | P |\n| Compliance | NS |\n",
    );
    for n in names {
        text.push_str(&format!("| **{n}** | C |\n"));
    }
    site_dir(&[("content/2023-11.md", text.as_bytes())])
}

/// The implementor page folders of a built site and the link each row of the month page has.
fn implementor_pages(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out.join("implementors"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    v.sort();
    v
}

#[test]
fn names_with_one_base_get_one_page_each_in_every_order() {
    let names = ["Kong", "Kong!", "Kong 2"];
    let a = site_with_rows(&names);
    let (code, text) = run("build", a.path());
    assert_eq!(code, 0, "{text}");
    let pages = implementor_pages(&a.path().join("output"));
    assert_eq!(pages.len(), 3, "{pages:?}");
    for n in names {
        let found = pages.iter().any(|p| {
            std::fs::read_to_string(a.path().join(format!("output/implementors/{p}/index.html")))
                .unwrap()
                .contains(&format!("<h1>{n}</h1>"))
        });
        assert!(found, "no page for {n} among {pages:?}");
    }
    // The same names in another order get the same pages.
    let b = site_with_rows(&["Kong 2", "Kong!", "Kong"]);
    assert_eq!(run("build", b.path()).0, 0);
    assert_eq!(implementor_pages(&b.path().join("output")), pages);
}

#[test]
fn long_and_reserved_names_build_and_check_alike() {
    let long = "A".repeat(320);
    let dir = site_with_rows(&[&long, "CON", "nul"]);
    let (code, text) = run("check", dir.path());
    assert_eq!(code, 0, "{text}");
    let (code, text) = run("build", dir.path());
    assert_eq!(code, 0, "{text}");
    let pages = implementor_pages(&dir.path().join("output"));
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(
        pages
            .iter()
            .all(|p| p.len() <= 64 && p != "con" && p != "nul"),
        "{pages:?}"
    );
}

#[test]
fn item_paths_that_other_pages_use_are_config_errors() {
    for path in [
        "implementors",
        "static",
        "data",
        "charts",
        "changes",
        "2024-03",
        "Static",
    ] {
        let dir = site_with_config(&format!("title: t\nproposals:\n  path: {path}\n"));
        refused_by_check_and_build(
            dir.path(),
            &[
                "content/site.yaml:3:9: error: proposals.path",
                "is taken by other pages",
            ],
        );
    }
}

#[test]
fn control_characters_in_names_and_titles_keep_svg_atom_and_sitemap_well_formed() {
    let nov = "# Status November 2023\n\n| | GEP-1: Al\u{b}pha\u{fffe} | GEP-2: Beta |\n|---|---|---|\n| Status | P | E |\n| Compliance | NS | |\n| **Ac\u{b}me\u{fffe}** | C | PP |\n| **Bolt\u{c}** | | RR |\n";
    let dec = nov
        .replace("November", "December")
        .replace("| C | PP |", "| C | C |");
    let dir = site_dir(&[
        ("content/2023-11.md", nov.as_bytes()),
        ("content/2023-12.md", dec.as_bytes()),
        (
            "content/site.yaml",
            "title: \"T\\vitle\\uFFFE\"\ndescription: \"D\\fesc\"\nbase_url: \"https://o.github.io/r/\"\n"
                .as_bytes(),
        ),
    ]);
    let (code, text) = run("build", dir.path());
    assert_eq!(code, 0, "{text}");
    let out = dir.path().join("output");
    let mut checked = 0;
    for (rel, bytes) in tree(&out) {
        if rel.ends_with(".svg") || rel.ends_with(".xml") {
            let text = String::from_utf8(bytes).unwrap();
            if let Err(e) = roxmltree::Document::parse(&text) {
                panic!("{rel} is not well-formed XML: {e}");
            }
            checked += 1;
        }
    }
    // feed.xml, sitemap.xml, the index chart, two proposal and two implementor charts.
    assert!(checked >= 7, "{checked}");
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("<title>Title</title>"), "{feed}");
}

#[test]
fn diff_markdown_escapes_config_labels_and_codes() {
    let yaml = "proposals:\n  label: \"[G](javascript:x)\"\ncodes:\n  - { code: \"\", label: Not planned }\n  - { code: \"P_P\", label: \"<b>p</b>\" }\n  - { code: \"C\", label: \"C\" }\nstages:\n  - { code: P, label: \"[x](https://evil.example)\" }\n  - { code: E, label: \"`E`|\" }\n";
    let nov = "# Status November 2023\n\n| | GEP-1: Alpha |\n|---|---|\n| Status | P |\n| Compliance | NS |\n| **Acme** | P_P |\n";
    let dir = site_dir(&[
        ("content/site.yaml", yaml.as_bytes()),
        ("content/2023-11.md", nov.as_bytes()),
        (
            "content/2023-12.md",
            nov.replace("November", "December")
                .replace("| P_P |", "| C |")
                .replace("| Status | P |", "| Status | E |")
                .as_bytes(),
        ),
    ]);
    let out = statusgen()
        .args(["diff", "--format", "markdown", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{md}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for raw in ["[G](", "[x](https", "`E`", "| P_P |"] {
        assert!(!md.contains(raw), "unescaped {raw:?} in:\n{md}");
    }
    assert!(md.contains("\\[G\\]\\(javascript:x\\)-1"), "{md}");
    assert!(md.contains("| P\\_P | C |"), "{md}");
    assert!(md.contains("\\`E\\`\\|"), "{md}");
}

#[test]
fn snapshots_over_the_size_limit_are_errors_naming_file_and_limit() {
    // The default limit, 16 MB: a 17 MB file (sparse; it is never read) is refused.
    let dir = site_with_config("title: t\n");
    let big = std::fs::File::create(dir.path().join("content/2023-12.md")).unwrap();
    big.set_len(17 * 1024 * 1024).unwrap();
    refused_by_check_and_build(
        dir.path(),
        &["content/2023-12.md:0:0: error: file is 17 MB, over the limit of 16 MB"],
    );
    // A configured limit.
    let mut text = SMALL.to_string();
    while text.len() < 1536 * 1024 {
        text.push_str("\nSome notes that make the file large.\n");
    }
    let dir = site_dir(&[
        ("content/2023-11.md", text.as_bytes()),
        ("content/site.yaml", b"limits:\n  snapshot_mb: 1\n"),
    ]);
    refused_by_check_and_build(
        dir.path(),
        &[
            "content/2023-11.md:0:0: error: file is 1.5 MB, over the limit of 1 MB",
            "limits",
        ],
    );
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "limits:\n  snapshot_mb: 2\n",
    )
    .unwrap();
    assert_eq!(run("check", dir.path()).0, 0);
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "limits:\n  snapshot_mb: 0\n",
    )
    .unwrap();
    refused_by_check_and_build(
        dir.path(),
        &["content/site.yaml:2:16: error: limits.snapshot_mb"],
    );
}

#[test]
fn check_renders_the_site_so_template_errors_fail_it_like_build() {
    let dir = site_with_config("theme: t\n");
    let t = dir.path().join("themes/t/templates");
    std::fs::create_dir_all(&t).unwrap();
    // Compiles, but fails when rendered.
    std::fs::write(t.join("404.html"), "{{ no_such_value.field }}").unwrap();
    let (code, text) = run("check", dir.path());
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("themes/t/templates/404.html:0:0: error: template error rendering 404.html"),
        "{text}"
    );
    let (code, text) = run("build", dir.path());
    assert_ne!(code, 0, "{text}");
    assert!(!dir.path().join("output").exists());
}

#[cfg(unix)]
#[test]
fn content_and_site_yaml_symlinked_out_of_the_root_are_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("content")).unwrap();
    std::fs::write(outside.path().join("content/2023-11.md"), SMALL).unwrap();
    std::fs::write(outside.path().join("site.yaml"), "title: secret\n").unwrap();
    // site.yaml
    let dir = site_dir(&[("content/2023-11.md", SMALL.as_bytes())]);
    std::os::unix::fs::symlink(
        outside.path().join("site.yaml"),
        dir.path().join("content/site.yaml"),
    )
    .unwrap();
    refused_by_check_and_build(
        dir.path(),
        &["content/site.yaml:0:0: error: is a symlink that leads outside the site root"],
    );
    // content/
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path().join("content"), dir.path().join("content")).unwrap();
    for cmd in ["check", "build"] {
        let (code, text) = run(cmd, dir.path());
        assert_eq!(code, 2, "{cmd}: {text}");
        assert!(text.contains("leads outside the site root"), "{text}");
    }
}
