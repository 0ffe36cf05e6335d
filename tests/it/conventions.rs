//! What a user coming from Hugo, Zola or mdBook expects (issue 25): diagnostics with the source
//! line and a caret, the usual flags (`-r`, `-q`, `--deny-warnings`, `--drafts`), drafts and
//! future months left out of a build, link-preview tags, a favicon and badges.

use crate::common::*;
use std::path::Path;

/// A site with one error (unknown code at 7:16) and one warning (lower-case code at 7:31).
fn broken_site() -> tempfile::TempDir {
    let text = SMALL.replace(
        "| **Acme**   | C            | PP ",
        "| **Acme**   | X            | pp ",
    );
    site_dir(&[("content/2023-11.md", text.as_bytes())])
}

/// `s` without ANSI escape sequences.
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The column (0-based, in characters) of the first caret, and of `needle` on the source line.
fn caret_and(text: &str, needle: &str) -> (usize, usize) {
    let caret = text
        .lines()
        .find(|l| l.contains('^'))
        .unwrap_or_else(|| panic!("no caret:\n{text}"));
    let src = text
        .lines()
        .find(|l| l.contains(needle) && l.contains(" | "))
        .unwrap_or_else(|| panic!("no source line with {needle:?}:\n{text}"));
    let col = |l: &str, i: usize| l[..i].chars().count();
    (
        col(caret, caret.find('^').unwrap()),
        col(src, src.find(needle).unwrap()),
    )
}

#[test]
fn colour_forced_shows_a_snippet_with_a_caret_at_the_cell() {
    let dir = broken_site();
    let out = statusgen()
        .args(["check", "--color", "always", "-r"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let raw = String::from_utf8(out.stdout).unwrap();
    assert!(raw.contains("\u{1b}["), "coloured:\n{raw}");
    let text = strip_ansi(&raw);
    assert!(
        text.starts_with("error[unknown-code]: unknown code \"X\""),
        "{text}"
    );
    assert!(text.contains("--> content/2023-11.md:7:16"), "{text}");
    assert!(text.contains("warning[code-variant]"), "{text}");
    let (caret, cell) = caret_and(&text, "X ");
    assert_eq!(caret, cell, "{text}");
}

#[test]
fn without_a_terminal_the_one_line_form_stays_and_no_color_is_honoured() {
    let dir = broken_site();
    for args in [
        &["check"][..],
        &["check", "--color", "never"],
        &["check", "--color", "auto"],
    ] {
        let out = statusgen()
            .args(args)
            .arg("--root")
            .arg(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.starts_with("content/2023-11.md:7:16: error: unknown code \"X\""),
            "{args:?}: {text}"
        );
        assert!(!text.contains('\u{1b}'), "{args:?}");
    }
}

#[test]
fn a_5000_character_generated_line_is_cut_around_the_caret() {
    // One table row with 700 proposals: the bad cell is near its end.
    let n = 700;
    let mut header = String::from("| |");
    let mut rule = String::from("|---|");
    let mut row = String::from("| **Acme** |");
    for i in 1..=n {
        header.push_str(&format!(" GEP-{i}: T |"));
        rule.push_str("---|");
        row.push_str(if i == n - 3 { " Zq     |" } else { " C      |" });
    }
    let text = format!("# Status November 2023\n\n{header}\n{rule}\n{row}\n");
    assert!(row.len() > 5000, "{}", row.len());
    let dir = site_dir(&[("content/2023-11.md", text.as_bytes())]);
    let out = statusgen()
        .args(["check", "--color", "always", "-r"])
        .arg(dir.path())
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    let text = strip_ansi(&String::from_utf8(out.stdout).unwrap());
    // The source line and the caret under it fit the terminal (the message above may not).
    for l in text
        .lines()
        .filter(|l| l.contains(" | ") || l.contains('^'))
    {
        assert!(l.chars().count() <= 100, "{} chars: {l}", l.chars().count());
    }
    assert!(text.contains("--> content/2023-11.md:5:"), "{text}");
    let (caret, cell) = caret_and(&text, "Zq");
    assert_eq!(caret, cell, "{text}");
}

#[test]
fn quiet_and_deny_warnings() {
    let warned = SMALL.replace("| **Acme**   | C ", "| **Acme**   | c ");
    let dir = site_dir(&[("content/2023-11.md", warned.as_bytes())]);
    let o = statusgen()
        .args(["check", "-q", "-r"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(
        o.stdout.is_empty() && o.stderr.is_empty(),
        "quiet says nothing"
    );
    let o = statusgen()
        .args(["check", "--deny-warnings", "-r"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains(": error: code \"c\" read as"));
    let o = statusgen()
        .args(["build", "--deny-warnings", "-r"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(!dir.path().join("output").exists(), "nothing written");
    let o = statusgen()
        .args(["build", "-q", "-r"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(dir.path().join("output/index.html").is_file());
}

#[test]
fn unknown_codes_and_keys_get_a_did_you_mean() {
    let text = SMALL.replace("| **Acme**   | C ", "| **Acme**   | RX");
    let dir = site_dir(&[
        ("content/2023-11.md", text.as_bytes()),
        ("content/site.yaml", b"titel: Status\n"),
    ]);
    let o = statusgen()
        .args(["check", "-r"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("did you mean `title`?"), "{text}");
}

/// November (published), December (`draft: true`) and February (after the current month,
/// January 2024 by `STATUSGEN_TODAY`).
fn drafts_site() -> tempfile::TempDir {
    let dec = format!(
        "---\ndraft: true\n---\n{}",
        SMALL.replace("November", "December")
    );
    let feb = SMALL.replace("November 2023", "February 2024");
    site_dir(&[
        ("content/2023-11.md", SMALL.as_bytes()),
        ("content/2023-12.md", dec.as_bytes()),
        ("content/2024-02.md", feb.as_bytes()),
    ])
}

#[test]
fn drafts_and_future_months_are_left_out_unless_drafts() {
    let dir = drafts_site();
    let o = statusgen()
        .args(["check", "--format", "json", "-r"])
        .arg(dir.path())
        .env("STATUSGEN_TODAY", "2024-01-15")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "warnings only");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rules,
        [
            ("content/2023-12.md", "draft"),
            ("content/2024-02.md", "future-month")
        ]
    );
    let o = statusgen()
        .args(["build", "-r"])
        .arg(dir.path())
        .env("STATUSGEN_TODAY", "2024-01-15")
        .output()
        .unwrap();
    assert!(o.status.success());
    let out = dir.path().join("output");
    assert!(out.join("2023-11/index.html").is_file());
    assert!(!out.join("2023-12").exists(), "a draft is not published");
    assert!(
        !out.join("2024-02").exists(),
        "a future month is not published"
    );
    let feed = read_text(&out.join("feed.xml"));
    assert!(
        !feed.contains("2024-02") && !feed.contains("2023-12"),
        "{feed}"
    );
    // The same site a month later: February is still in the future; with --drafts all show.
    let o = statusgen()
        .args(["build", "--drafts", "-r"])
        .arg(dir.path())
        .env("STATUSGEN_TODAY", "2024-01-15")
        .output()
        .unwrap();
    assert!(o.status.success());
    // Shown, and marked as what `build` would not publish (as the preview shows them).
    let dec = read_text(&out.join("2023-12/index.html"));
    assert!(
        dec.contains("<p class=\"draft-note\" role=\"note\"><strong>Draft (draft: true)"),
        "{dec}"
    );
    let feb = read_text(&out.join("2024-02/index.html"));
    assert!(
        feb.contains("Draft: February 2024 is after the current month (January 2024)"),
        "{feb}"
    );
    let nov = read_text(&out.join("2023-11/index.html"));
    assert!(!nov.contains("draft-note"));
    // The feed never dates an entry after the current month, drafts or not.
    let feed = read_text(&out.join("feed.xml"));
    assert!(!feed.contains("2024-02-01"), "{feed}");
}

fn build(dir: &Path, extra: &[&str]) -> std::path::PathBuf {
    let o = statusgen()
        .args(["build", "-r"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir.join("output")
}

#[test]
fn every_page_has_link_preview_tags_and_the_site_a_favicon() {
    let dir = site_dir(&[("content/2023-11.md", SMALL.as_bytes())]);
    let out = build(dir.path(), &["--base-url", "https://example.org/status/"]);
    let mut pages = 0;
    for (path, bytes) in tree(&out) {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        for tag in [
            "<meta property=\"og:title\" content=\"",
            "<meta property=\"og:description\" content=\"",
            "<meta property=\"og:url\" content=\"https://example.org/status/",
            "<meta name=\"twitter:card\" content=\"summary\">",
            "<link rel=\"icon\" href=\"",
        ] {
            assert!(html.contains(tag), "{path} lacks {tag}");
        }
    }
    assert!(pages > 5);
    let ico = std::fs::read(out.join("favicon.ico")).unwrap();
    assert_eq!(&ico[..4], &[0, 0, 1, 0], "an ICO file");
    let svg = read_text(&out.join("static/favicon.svg"));
    roxmltree::Document::parse(&svg).unwrap();
}

#[test]
fn the_sitemap_needs_the_base_url() {
    let dir = site_dir(&[("content/2023-11.md", SMALL.as_bytes())]);
    let o = statusgen()
        .args(["build", "-r"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("note: no sitemap.xml"));
    assert!(!dir.path().join("output/sitemap.xml").exists());
    let out = build(dir.path(), &["--base-url", "https://example.org/"]);
    assert!(read_text(&out.join("sitemap.xml")).contains("<loc>https://example.org/</loc>"));
}

#[test]
fn badges_for_each_implementor_and_item_escape_hostile_names() {
    let text = SMALL.replace("**Bolt**  ", "<b>&\"'</b>");
    let dir = site_dir(&[("content/2023-11.md", text.as_bytes())]);
    let out = build(dir.path(), &["--base-url", "https://example.org/"]);
    let files = tree(&out);
    let badges: Vec<&String> = files.keys().filter(|p| p.starts_with("badges/")).collect();
    assert_eq!(
        badges.iter().filter(|p| p.ends_with(".svg")).count(),
        4,
        "{badges:?}"
    );
    assert_eq!(
        badges.iter().filter(|p| p.ends_with(".json")).count(),
        4,
        "{badges:?}"
    );
    let acme = String::from_utf8(files["badges/implementors/acme.svg"].clone()).unwrap();
    roxmltree::Document::parse(&acme).unwrap();
    assert!(acme.contains(">1 of 2</text>"), "{acme}");
    let gep = String::from_utf8(files["badges/geps/1.svg"].clone()).unwrap();
    assert!(gep.contains(">GEP-1</text>"), "{gep}");
    let json: serde_json::Value =
        serde_json::from_slice(&files["badges/implementors/acme.json"]).unwrap();
    assert_eq!(json["schemaVersion"], 1);
    assert_eq!(json["message"], "1 of 2");
    // The hostile implementor's badge parses as XML with its name as text.
    let hostile = badges
        .iter()
        .find(|p| {
            p.starts_with("badges/implementors/") && !p.contains("acme") && p.ends_with(".svg")
        })
        .unwrap();
    let svg = String::from_utf8(files[hostile.as_str()].clone()).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    let title = title.text().unwrap();
    assert!(
        title.contains("&\"'") && title.contains(": complete 0 of"),
        "{title}"
    );
    assert!(!svg.contains("<b>"), "{svg}");
    // Each page lists its badge with markdown to copy.
    let page = String::from_utf8(files["implementors/acme/index.html"].clone()).unwrap();
    assert!(
        page.contains("value=\"[![complete: 1 of 2](https://example.org/badges/implementors/acme.svg)](https://example.org/implementors/acme/)\""),
        "{page}"
    );
}

#[test]
fn config_names_another_configuration_file() {
    let dir = site_dir(&[
        ("content/2023-11.md", SMALL.as_bytes()),
        ("content/site.yaml", b"title: Ordinary\n"),
        ("staging.yaml", b"title: Staging\nbase_url: \"ftp://x/\"\n"),
    ]);
    // Its problems are reported at its own name.
    let o = statusgen()
        .args(["check", "-c", "staging.yaml", "-r"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("staging.yaml:2:"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    std::fs::write(dir.path().join("staging.yaml"), "title: Staging\n").unwrap();
    let out = build(dir.path(), &["--config", "staging.yaml"]);
    assert!(read_text(&out.join("index.html")).contains("<title>"));
    assert!(read_text(&out.join("index.html")).contains("Staging"));
    let out = build(dir.path(), &[]);
    assert!(read_text(&out.join("index.html")).contains("Ordinary"));
}

#[test]
fn init_writes_a_neutral_site_with_an_id_one_publishing_section_and_suggests_serve() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("site");
    let o = statusgen()
        .arg("init")
        .arg(&dir)
        .args(["--repo", "octo/status"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("statusgen serve --root"));
    let yaml = read_text(&dir.join("content/site.yaml"));
    assert!(
        yaml.contains("\ntitle: \"Implementation status\"\n"),
        "{yaml}"
    );
    let id = yaml
        .lines()
        .find_map(|l| l.strip_prefix("id: \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap();
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    let readme = read_text(&dir.join("README.md"));
    assert_eq!(readme.matches("## Publishing").count(), 1, "{readme}");
    assert!(
        readme.contains("This site lives in [octo/status]"),
        "{readme}"
    );
    // The feed's ids come from the id, not the title.
    let out = build(&dir, &[]);
    let feed = read_text(&out.join("feed.xml"));
    assert!(
        feed.contains(&format!("<id>urn:statusgen:{id}</id>")),
        "{feed}"
    );
}
