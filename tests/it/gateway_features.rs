//! The feature-level Gateway API site: `statusgen init --template gateway-features`, then
//! `statusgen import gateway-conformance` (its site.yaml says `items: features`), and the
//! published example `examples/gateway-features/` beside `examples/gateway-conformance/`.
//! With `STATUSGEN_GATEWAY_REPO=/path/to/a/full/clone` the two commands a new user runs are run
//! and the latest month's counts are checked against the reports, read here independently.

use crate::common;
use crate::common::statusgen;
use crate::common::stderr;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn init_features(dir: &Path) -> std::process::Output {
    statusgen()
        .arg("init")
        .arg(dir)
        .args(["--template", "gateway-features"])
        .output()
        .unwrap()
}

#[test]
fn init_writes_a_feature_level_site() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("site");
    let o = init_features(&dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let import = statusgen::import::settings::ImportConfig::load(&dir).unwrap();
    let gc = import.gateway_conformance.unwrap();
    assert_eq!(gc.items, statusgen::import::settings::ImportItems::Features);
    // Each renamed feature is aliased with the commit that renamed it.
    let yaml = common::read_text(&dir.join("content/site.yaml"));
    for (old, new) in &gc.feature_aliases {
        let line = yaml
            .lines()
            .position(|l| l.trim().starts_with(&format!("{old}: {new}")))
            .unwrap_or_else(|| panic!("{old} is not aliased on a line of its own"));
        let comment = yaml.lines().nth(line - 1).unwrap_or("");
        assert!(
            comment.trim_start().starts_with('#')
                && comment
                    .split(|c: char| !c.is_ascii_hexdigit())
                    .any(|w| w.len() == 40),
            "the alias {old} → {new} has no comment naming the renaming commit: {comment:?}"
        );
    }
    assert_eq!(
        gc.feature_name("HTTPResponseHeaderModification"),
        "HTTPRouteResponseHeaderModification"
    );
    let config = statusgen::config::Config::load(&dir).unwrap();
    assert_eq!(config.items.path, "features");
    let readme = common::read_text(&dir.join("README.md"));
    for rule in [
        "listed as supported",
        "all were skipped",
        "listed only as unsupported",
        "core tests",
        "current_releases",
    ] {
        assert!(readme.contains(rule), "README does not state {rule:?}");
    }
}

fn git(repo: &Path, args: &[&str]) -> Vec<u8> {
    let o = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    o.stdout
}

fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `vX.Y[.Z]` → (X, Y).
fn minor(dir: &str) -> Option<(u32, u32)> {
    let mut p = dir.strip_prefix('v')?.split('.');
    Some((p.next()?.parse().ok()?, p.next()?.parse().ok()?))
}

/// What the latest reports say, read with git and a YAML reader (no statusgen code): per
/// implementation identity (aliases of site.yaml applied), its newest minor version and the
/// features its reports there list as supported; and every feature any of them names.
struct Latest {
    current: Vec<(u32, u32)>,
    newest: BTreeMap<String, (u32, u32)>,
    supported: BTreeMap<String, BTreeSet<String>>,
    named: BTreeSet<String>,
}

fn latest_reports(repo: &Path, aliases: &BTreeMap<String, String>) -> Latest {
    let listing = String::from_utf8(git(
        repo,
        &["ls-tree", "-r", "HEAD", "--", "conformance/reports"],
    ))
    .unwrap();
    // (identity, minor, supported features) per report file.
    let mut reports = Vec::new();
    let mut named = BTreeSet::new();
    for line in listing.lines() {
        let (meta, path) = line.split_once('\t').unwrap();
        let mut m = meta.split_whitespace();
        let (mode, oid) = (m.next().unwrap(), m.nth(1).unwrap());
        // Symbolic links (v1.5.0 -> v1.5) name files counted under their real paths.
        if mode != "100644" || !(path.ends_with(".yaml") || path.ends_with(".yml")) {
            continue;
        }
        let dir = path.split('/').nth(2).unwrap();
        let Some(minor) = minor(dir) else { continue };
        let body = String::from_utf8_lossy(&git(repo, &["cat-file", "blob", oid])).into_owned();
        let Ok(doc) = serde_saphyr::from_str::<serde_json::Value>(&body) else {
            continue;
        };
        let imp = &doc["implementation"];
        let mut id = format!(
            "{}/{}",
            text(&imp["organization"]).trim().to_lowercase(),
            text(&imp["project"]).trim().to_lowercase()
        );
        while let Some(next) = aliases.get(&id) {
            id = next.clone();
        }
        let mut supported = BTreeSet::new();
        for p in doc["profiles"].as_array().into_iter().flatten() {
            for part in ["core", "extended"] {
                for (key, into_supported) in
                    [("supportedFeatures", true), ("unsupportedFeatures", false)]
                {
                    for f in p[part][key].as_array().into_iter().flatten() {
                        let f = text(f);
                        named.insert(f.clone());
                        if into_supported {
                            supported.insert(f);
                        }
                    }
                }
            }
        }
        reports.push((id, minor, supported));
    }
    let mut minors: Vec<(u32, u32)> = reports.iter().map(|r| r.1).collect();
    minors.sort();
    minors.dedup();
    let current: Vec<(u32, u32)> = minors.iter().rev().take(2).copied().collect();
    let mut newest: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for (id, m, _) in &reports {
        let e = newest.entry(id.clone()).or_insert(*m);
        *e = (*e).max(*m);
    }
    let mut supported: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, m, s) in &reports {
        if newest[id] == *m {
            supported
                .entry(id.clone())
                .or_default()
                .extend(s.iter().cloned());
        }
    }
    Latest {
        current,
        newest,
        supported,
        named,
    }
}

#[test]
#[ignore = "needs STATUSGEN_GATEWAY_REPO=/path/to/a/full/clone/of/gateway-api; .ci/run runs it when set"]
fn two_commands_give_a_feature_site_whose_counts_match_the_reports() {
    let source =
        PathBuf::from(std::env::var("STATUSGEN_GATEWAY_REPO").expect(
            "STATUSGEN_GATEWAY_REPO: the path of a full clone of kubernetes-sigs/gateway-api",
        ));
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("site");
    let o = init_features(&dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = statusgen()
        .args(["import", "gateway-conformance"])
        .arg(&source)
        .arg("--root")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));

    // The aliases as site.yaml writes them (read as YAML here, not through the importer).
    let yaml: serde_json::Value =
        serde_saphyr::from_str(&common::read_text(&dir.join("content/site.yaml"))).unwrap();
    let aliases: BTreeMap<String, String> =
        yaml["import"]["gateway_conformance"]["implementations"]["aliases"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.to_lowercase(), text(v).to_lowercase()))
            .collect();
    let renamed: BTreeMap<String, String> =
        yaml["import"]["gateway_conformance"]["feature_aliases"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.to_lowercase(), text(v).to_lowercase()))
            .collect();
    let latest = latest_reports(&source, &aliases);
    assert!(latest.current.len() == 2, "{:?}", latest.current);

    let site = common::read(&dir);
    let s = site.history.latest().unwrap();
    let titles: BTreeSet<String> = s.items.iter().map(|p| p.title.to_lowercase()).collect();
    // Every feature of the latest reports is an item (a renamed one under its new name).
    for f in &latest.named {
        let lower = f.to_lowercase();
        let name = renamed.get(&lower).unwrap_or(&lower);
        assert!(titles.contains(name), "{f} is no item");
    }
    for feature in ["HTTPRouteRequestMirror", "GatewayPort8080", "HTTPRouteCORS"] {
        let expected: BTreeSet<&String> = latest
            .supported
            .iter()
            .filter(|(id, fs)| {
                latest.current.contains(&latest.newest[*id])
                    && fs.iter().any(|f| f.eq_ignore_ascii_case(feature))
            })
            .map(|(id, _)| id)
            .collect();
        let k = s
            .items
            .iter()
            .position(|p| p.title.eq_ignore_ascii_case(feature))
            .unwrap_or_else(|| panic!("{feature} is no item"));
        let counted = s
            .implementors
            .iter()
            .filter(|i| i.counts() && matches!(i.cells[k].code.as_str(), "C" | "P"))
            .count();
        assert!(
            !expected.is_empty(),
            "{feature}: no implementation lists it"
        );
        assert_eq!(
            counted,
            expected.len(),
            "{feature}: the site counts {counted}, the reports {expected:?}"
        );
    }
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// The targets of the links inside `<ul class="columns related">` of a page, resolved against
/// the page's folder.
fn related_targets(page: &Path) -> Vec<(String, PathBuf)> {
    let html = common::read_text(page);
    let Some(start) = html.find("<ul class=\"columns related\">") else {
        return Vec::new();
    };
    let list = &html[start..start + html[start..].find("</ul>").unwrap()];
    list.split("<a href=\"")
        .skip(1)
        .map(|rest| {
            let href = &rest[..rest.find('"').unwrap()];
            let name = &rest[rest.find('>').unwrap() + 1..rest.find("</a>").unwrap()];
            (name.to_string(), page.parent().unwrap().join(href))
        })
        .collect()
}

#[test]
fn published_side_by_side_feature_and_gep_pages_link_each_other() {
    // As the Pages workflow publishes them: gateway-conformance/ beside gateway-features/.
    let out = tempfile::tempdir().unwrap();
    for name in ["gateway-features", "gateway-conformance"] {
        let o = common::build_cmd(&example(name), &out.path().join(name))
            .output()
            .unwrap();
        assert!(o.status.success(), "{name}: {}", stderr(&o));
    }
    let features = out.path().join("gateway-features");
    let geps = out.path().join("gateway-conformance");
    // A feature page names its GEP and links to that GEP's page, which exists ...
    let to_gep = related_targets(&features.join("features/httprouterequesttimeout/index.html"));
    assert_eq!(
        to_gep.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["GEP-1742"]
    );
    let gep_page = std::fs::canonicalize(&to_gep[0].1).unwrap();
    assert_eq!(
        gep_page,
        std::fs::canonicalize(geps.join("geps/1742/index.html")).unwrap()
    );
    // ... which links back to the pages of each of its features.
    let back = related_targets(&gep_page);
    assert_eq!(
        back.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["HTTPRouteRequestTimeout", "HTTPRouteBackendTimeout"]
    );
    // Every related link of every GEP and feature page leads to a page that exists.
    let mut checked = 0;
    for (site, dir) in [(&features, "features"), (&geps, "geps")] {
        for entry in std::fs::read_dir(site.join(dir)).unwrap() {
            let page = entry.unwrap().path().join("index.html");
            if !page.is_file() {
                continue;
            }
            for (name, target) in related_targets(&page) {
                assert!(
                    target.is_file(),
                    "{}: {name} → {} is missing",
                    page.display(),
                    target.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} related links");
}
