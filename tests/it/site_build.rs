//! Building sites (golden pages are in tests/golden.rs): a link check of every built page (at the
//! root and under a GitHub Pages base path), nothing lost on failure, refusing foreign output,
//! determinism, escaping of hostile names, and well-formed SVG and Atom.

use crate::common::{build_cmd, statusgen};
use crate::common::{copy_dir, tree};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn build(root: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    build_cmd(root, out).args(extra).assert()
}

/// All `href="…"` and `src="…"` values of an HTML text.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    out
}

fn ids(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            out.insert(rest[..end].to_string());
        }
    }
    out
}

/// Checks that every internal link of every page resolves to a file (and fragment to an id).
fn check_links(out: &Path, base_path: Option<&str>, base_url: Option<&str>) -> usize {
    let files = tree(out);
    let mut checked = 0;
    for (rel, bytes) in &files {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        let dir = Path::new(rel)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for link in links(&html) {
            let link = match (base_url, base_path) {
                (Some(b), Some(p)) if link.starts_with(b) => format!("{p}{}", &link[b.len()..]),
                _ => link,
            };
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let (path, frag) = match link.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let path = path.split('?').next().unwrap().to_string();
            let target: PathBuf = if path.is_empty() {
                PathBuf::from(rel)
            } else if let Some(abs) = path.strip_prefix('/') {
                match base_path {
                    Some(b) => {
                        let b = b.trim_start_matches('/');
                        assert!(
                            abs.starts_with(b),
                            "{rel}: link {link} is outside the base path /{b}"
                        );
                        PathBuf::from(&abs[b.len()..])
                    }
                    None => {
                        // Without a base path only 404.html may use root-absolute links.
                        assert_eq!(rel, "404.html", "{rel}: root-absolute link {link}");
                        PathBuf::from(abs)
                    }
                }
            } else {
                dir.join(&path)
            };
            let mut norm = PathBuf::new();
            for c in target.components() {
                match c {
                    std::path::Component::ParentDir => {
                        assert!(norm.pop(), "{rel}: link {link} leaves the site");
                    }
                    std::path::Component::Normal(x) => norm.push(x),
                    _ => {}
                }
            }
            let mut key = norm.to_string_lossy().replace('\\', "/");
            if key.is_empty() || path.ends_with('/') {
                key = format!("{}{}index.html", key, if key.is_empty() { "" } else { "/" });
            }
            let target_bytes = files
                .get(&key)
                .unwrap_or_else(|| panic!("{rel}: broken link {link} (no {key})"));
            if let Some(f) = frag.filter(|f| !f.is_empty()) {
                let text = String::from_utf8_lossy(target_bytes);
                assert!(
                    ids(&text).contains(&f),
                    "{rel}: link {link}: no id {f} in {key}"
                );
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn links_resolve_at_root_and_under_a_base_path() {
    let tmp = tempfile::tempdir().unwrap();
    let root_out = tmp.path().join("root");
    build(Path::new("tests/fixtures/history"), &root_out, &[]).success();
    let n = check_links(&root_out, None, None);
    assert!(n > 500, "only {n} links checked");

    let based = tmp.path().join("based");
    build(
        Path::new("tests/fixtures/history"),
        &based,
        &["--base-url", "https://example.github.io/repo/"],
    )
    .success();
    let n2 = check_links(
        &based,
        Some("/repo/"),
        Some("https://example.github.io/repo/"),
    );
    assert!(n2 > 500, "only {n2} links checked");
    let nf = std::fs::read_to_string(based.join("404.html")).unwrap();
    assert!(
        nf.contains("href=\"/repo/static/style.css\""),
        "404 page must use the base path"
    );
}

#[test]
fn every_page_is_built() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    build(Path::new("."), &out, &[]).success();
    let files = tree(&out);
    // A sitemap needs absolute URLs: none without the base URL.
    assert!(!files.contains_key("sitemap.xml"));
    for f in [
        "index.html",
        "2023-11/index.html",
        "geps/1619/index.html",
        "geps/2257/index.html",
        "geps/index.html",
        "implementors/index.html",
        "implementors/ws02/index.html",
        "implementors/google-kubnernetes-engine/index.html",
        "404.html",
        "robots.txt",
        ".nojekyll",
        "favicon.ico",
        "static/favicon.svg",
        "badges/implementors/ws02.svg",
        "badges/implementors/ws02.json",
        "badges/geps/2257.svg",
        "feed.xml",
        "data/history.json",
        "data/history.csv",
        "data/2023-11.csv",
        "static/style.css",
        "changes/index.html",
    ] {
        assert!(files.contains_key(f), "missing {f}");
    }
    let items = files
        .keys()
        .filter(|k| {
            k.starts_with("geps/")
                && k.ends_with("/index.html")
                && k.len() > "geps/index.html".len()
        })
        .count();
    let implementors = files
        .keys()
        .filter(|k| {
            k.starts_with("implementors/")
                && k.ends_with("/index.html")
                && *k != "implementors/index.html"
        })
        .count();
    assert_eq!((items, implementors), (15, 19));
    let month = String::from_utf8(files["2023-11/index.html"].clone()).unwrap();
    assert_eq!(month.matches(" data-complete=").count(), 19);
    assert!(month.contains("<td id=nginx-gateway-fabric-1709 class=r3>"));
    // The single month says it is the first snapshot.
    assert!(month.contains("This is the first snapshot"));
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(Path::new("tests/fixtures/three-months"), &site);
    let out = tmp.path().join("out");
    build(&site, &out, &[]).success();
    let before = tree(&out);
    let p = site.join("content/2024-03.md");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("| RR ", "| XX ");
    std::fs::write(&p, text).unwrap();
    let a = build(&site, &out, &[]).code(1);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("content/2024-03.md:") && err.contains("unknown code \"XX\""),
        "{err}"
    );
    assert_eq!(tree(&out), before);
    // No staging directory is left behind.
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn refuses_a_directory_it_did_not_create() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("important");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.txt"), "do not delete").unwrap();
    let a = build(Path::new("tests/fixtures/three-months"), &out, &[]).code(2);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("refusing to replace"));
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.txt")).unwrap(),
        "do not delete"
    );
    // With --force the old directory is kept beside the new one, not deleted.
    build(Path::new("tests/fixtures/three-months"), &out, &["--force"]).success();
    assert!(out.join("index.html").exists());
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("important.replaced-1/thesis.txt")).unwrap(),
        "do not delete"
    );
    // A file added into statusgen's own output is not ours either.
    std::fs::write(out.join("CNAME"), "status.example.org").unwrap();
    build(Path::new("tests/fixtures/three-months"), &out, &[]).code(2);
    assert!(out.join("CNAME").exists());
}

#[test]
fn two_builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(Path::new("tests/fixtures/history"), &a, &[]).success();
    build(Path::new("tests/fixtures/history"), &b, &[]).success();
    assert_eq!(tree(&a), tree(&b));
    // Rebuilding in place replaces the previous build.
    build(Path::new("tests/fixtures/history"), &a, &[]).success();
    assert_eq!(tree(&a), tree(&b));
}

#[test]
fn hostile_names_are_escaped_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    let md = "# Status January 2024\n\n<script>alert('prose')</script>\n\n\
| | GEP-1: \"><img src=x onerror=alert(1)> | GEP-2: Fine |\n|---|---|---|\n\
| _Status_ | E | P |\n| <script>alert(1)</script> | C | PP |\n| Istio | | C |\n";
    std::fs::write(site.join("content/2024-01.md"), md).unwrap();
    let out = tmp.path().join("out");
    build(&site, &out, &[]).success();
    let files = tree(&out);
    let mut pages = 0;
    for (rel, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if rel.starts_with("data/") || rel.ends_with(".csv") {
            continue; // data files (and an implementor's history.csv) carry the names as data
        }
        assert!(
            !text.contains("<script>alert"),
            "{rel} has an unescaped script"
        );
        assert!(!text.contains("<img src=x"), "{rel} has an unescaped img");
        pages += 1;
    }
    assert!(pages > 10);
    let month = String::from_utf8_lossy(&files["2024-01/index.html"]).into_owned();
    assert!(
        month.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || month.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{month}"
    );
}

#[test]
fn svg_and_atom_are_well_formed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    build(
        Path::new("tests/fixtures/history"),
        &out,
        &["--base-url", "https://example.github.io/repo/"],
    )
    .success();
    let files = tree(&out);
    let mut svgs = 0;
    for (rel, bytes) in &files {
        if rel.ends_with(".svg") {
            let text = std::str::from_utf8(bytes).unwrap();
            let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{rel}: {e}"));
            // Badges and the favicon are images to embed, not charts.
            if rel.starts_with("badges/") || rel.starts_with("static/") {
                continue;
            }
            let root = doc.root_element();
            assert_eq!(root.attribute("role"), Some("img"), "{rel}");
            assert!(root.children().any(|c| c.has_tag_name("title")), "{rel}");
            assert!(root.children().any(|c| c.has_tag_name("desc")), "{rel}");
            svgs += 1;
        }
    }
    // One per proposal (5), per implementor (5), and the index.
    assert_eq!(svgs, 11);
    check_feed(std::str::from_utf8(&files["feed.xml"]).unwrap());
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The text of `node`'s only Atom child `name`.
fn atom_text<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    let found: Vec<_> = node
        .children()
        .filter(|c| c.has_tag_name((ATOM, name)))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one <{name}> in <{}>",
        node.tag_name().name()
    );
    found[0].text().unwrap_or_default()
}

/// An RFC 3339 date-time in UTC as the feed writes it: `YYYY-MM-DDTHH:MM:SSZ`.
fn is_utc_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

/// The Atom feed of tests/fixtures/history built with the base URL
/// `https://example.github.io/repo/`: an Atom document, one entry per month newest first, each
/// with its own id under the feed's, a UTC date and a link to its page.
fn check_feed(text: &str) {
    let doc = roxmltree::Document::parse(text).unwrap();
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")), "{:?}", feed.tag_name());
    assert!(!atom_text(feed, "title").is_empty());
    let feed_id = atom_text(feed, "id");
    assert!(feed_id.starts_with("urn:statusgen:"), "{feed_id}");
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    assert_eq!(entries.len(), 6);
    let first = entries[0];
    assert_eq!(atom_text(first, "title"), "July 2024: 2 advances");
    assert_eq!(atom_text(first, "updated"), "2024-07-01T00:00:00Z");
    assert_eq!(
        atom_text(feed, "updated"),
        "2024-07-01T00:00:00Z",
        "the newest entry's"
    );
    let href = |entry: roxmltree::Node| {
        let links: Vec<_> = entry
            .children()
            .filter(|c| c.has_tag_name((ATOM, "link")))
            .collect();
        assert_eq!(links.len(), 1);
        links[0].attribute("href").unwrap().to_string()
    };
    assert_eq!(
        href(first),
        "https://example.github.io/repo/2024-07/changes/"
    );
    let mut ids = BTreeSet::new();
    let mut dates = Vec::new();
    for entry in &entries {
        let id = atom_text(*entry, "id");
        assert!(id.starts_with(&format!("{feed_id}:")), "{id}");
        ids.insert(id);
        let updated = atom_text(*entry, "updated");
        assert!(is_utc_timestamp(updated), "{updated}");
        dates.push(updated);
        assert!(
            href(*entry).starts_with("https://example.github.io/repo/"),
            "{}",
            href(*entry)
        );
        assert!(!atom_text(*entry, "summary").is_empty());
    }
    assert_eq!(ids.len(), 6, "ids are unique");
    assert!(
        dates.windows(2).all(|w| w[0] > w[1]),
        "newest first: {dates:?}"
    );
}

#[test]
fn downloads_equal_the_export() {
    // The site's downloads are the compact form (issue 26): history.json expanded must equal
    // `export --format json`, and history.csv must be the wide form of the export's history.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    build(Path::new("tests/fixtures/history"), &out, &[]).success();
    let files = tree(&out);
    let export = |format: &str| {
        statusgen()
            .args([
                "export",
                "--root",
                "tests/fixtures/history",
                "--format",
                format,
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let site: serde_json::Value = serde_json::from_slice(&files["data/history.json"]).unwrap();
    let exported: serde_json::Value = serde_json::from_slice(&export("json")).unwrap();
    assert_eq!(crate::common::long_form(&site), exported);
    // The wide CSV holds every (month, implementor, item, code) of the long export, and no more.
    let long = String::from_utf8(export("csv")).unwrap();
    let mut from_long: Vec<String> = long
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{} {} GEP-{} {}", f[0], f[1], f[2], f[6])
        })
        .collect();
    let wide = String::from_utf8(files["data/history.csv"].clone()).unwrap();
    let head: Vec<&str> = wide.lines().next().unwrap().split(',').collect();
    assert_eq!(head[..2], ["date", "implementor"]);
    let mut from_wide: Vec<String> = Vec::new();
    for l in wide.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        for (id, code) in head[2..].iter().zip(&f[2..]) {
            from_wide.push(format!("{} {} {id} {code}", f[0], f[1]));
        }
    }
    // An item not listed in a month reads blank in the wide form: compare the listed ones.
    from_long.sort();
    from_wide.retain(|w| from_long.binary_search(w).is_ok() || !w.ends_with(' '));
    from_wide.sort();
    assert_eq!(from_wide, from_long);
    assert!(
        wide.len() * 3 < long.len(),
        "{} vs {}",
        wide.len(),
        long.len()
    );
}
