//! Helpers shared by the integration tests: small sites in temporary directories and one-file
//! parses with the default configuration.
#![allow(dead_code)]

pub mod repo;

use statusgen::config::Config;
use statusgen::diag::{Diagnostic, Diagnostics, Severity};
use statusgen::model::{Item, Snapshot};
use statusgen::pipeline::read_site;
use statusgen::site::Site;
use std::path::Path;
use std::process::Output;
use tempfile::TempDir;

/// The path of the `statusgen` binary built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_statusgen");

/// The `statusgen` binary as an `assert_cmd` command (`.assert()`, `.output()`); a test that must
/// `spawn` it uses `std::process::Command::new(BIN)`.
pub fn statusgen() -> assert_cmd::Command {
    assert_cmd::Command::new(BIN)
}

/// A command's standard output, lossily decoded.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A command's standard error, lossily decoded.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `statusgen build --root root --output out`, for the caller to add options and run.
pub fn build_cmd(root: &Path, out: &Path) -> assert_cmd::Command {
    let mut c = statusgen();
    c.arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out);
    c
}

/// Builds the site at `root` with the library's one build into `out` in a new temporary
/// directory: (tempdir, out).
pub fn build_into_temp(root: &Path) -> (TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let input = statusgen::pipeline::BuildInput {
        root: root.into(),
        ..Default::default()
    };
    statusgen::pipeline::build(&input, &out, false)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    (tmp, out)
}

/// A copy of the directory `from` in a new temporary directory (its root).
pub fn temp_copy(from: &Path) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(from, dir.path());
    dir
}

/// A file's text; panics naming the file.
pub fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Writes `files` (paths relative to the site root, e.g. `content/2023-11.md`) into a new
/// temporary directory.
pub fn site_dir(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    for (rel, bytes) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// Builds a site from text files and reads it.
pub fn site(files: &[(&str, &str)]) -> (TempDir, Site) {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    let dir = site_dir(&bytes);
    let s = read_site(dir.path()).unwrap();
    (dir, s)
}

pub fn read(root: &Path) -> Site {
    read_site(root).unwrap()
}

/// Loads and parses one file's bytes with `config` (and its nouns, as the read stage words
/// diagnostics).
pub fn parse_with(rel: &str, bytes: &[u8], config: &Config) -> (Option<Snapshot>, Diagnostics) {
    let mut d = Diagnostics::default();
    let nouns = statusgen::site::nouns(config);
    let snap = statusgen::load::source_from_bytes(bytes.to_vec(), rel, &mut d)
        .and_then(|src| statusgen::parse::parse_snapshot(&src, config, &nouns, &mut d));
    (snap, d)
}

/// Loads and parses one file with the default configuration.
pub fn parse(rel: &str, text: &str) -> (Option<Snapshot>, Diagnostics) {
    parse_with(rel, text.as_bytes(), &Config::default())
}

/// Parses a text that must give a snapshot with no diagnostics at all.
pub fn parse_clean(rel: &str, text: &str) -> Snapshot {
    let (s, d) = parse(rel, text);
    assert!(d.is_empty(), "unexpected diagnostics: {:#?}", d.items);
    s.unwrap()
}

/// `(file, line, col, severity, message)` of every diagnostic, for exact comparisons.
pub fn tuples(d: &Diagnostics) -> Vec<(String, usize, usize, Severity, String)> {
    d.items
        .iter()
        .map(|x| (x.file.clone(), x.line, x.col, x.severity, x.message.clone()))
        .collect()
}

/// The only diagnostic of a list; fails with the whole list otherwise.
pub fn only(d: &Diagnostics) -> &Diagnostic {
    assert_eq!(d.items.len(), 1, "expected one diagnostic: {:#?}", d.items);
    &d.items[0]
}

/// A small, valid matrix used by many tests (file `content/2023-11.md`), 9 lines:
///
/// ```text
/// 1 # Status November 2023
/// 2
/// 3 |            | GEP-1: Alpha | GEP-2: Beta |
/// 4 |------------|--------------|-------------|
/// 5 | Status     | P            | E           |
/// 6 | Compliance | NS           |             |
/// 7 | **Acme**   | C            | PP          |
/// 8 | **Bolt**   |              | RR          |
/// 9
/// ```
pub const SMALL: &str = "# Status November 2023

|            | GEP-1: Alpha | GEP-2: Beta |
|------------|--------------|-------------|
| Status     | P            | E           |
| Compliance | NS           |             |
| **Acme**   | C            | PP          |
| **Bolt**   |              | RR          |
";

/// Every file under `dir`: relative path (with `/`) → bytes, sorted.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut m = std::collections::BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            m.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    m
}

/// Copies a directory tree (a fixture site) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The text of markup, tags (and so URLs) left out, whitespace collapsed.
pub fn visible(markup: &str) -> String {
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

/// Builds the site at `root` into `root/out` with the library's one build, and returns every
/// output file by path.
pub fn build_tree(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = root.join("out");
    let input = statusgen::pipeline::BuildInput {
        root: root.into(),
        ..Default::default()
    };
    statusgen::pipeline::build(&input, &out, false).unwrap();
    tree(&out)
}

/// A copy of `tests/fixtures/<name>` in a temporary directory: (tempdir, site root).
pub fn fixture_site(name: &str) -> (TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&Path::new("tests/fixtures").join(name), &site);
    (tmp, site)
}

/// The site's compact `/data/history.json` (`"format": "compact-1"`) expanded to the export's
/// long form, as the README's migration note says a reader does: each snapshot's `items`
/// looked up in `items` as its `proposals`, each implementor's `codes` keyed by item number (or
/// id for an unnumbered item) as its `cells`, a `null` code left out.
pub fn long_form(compact: &serde_json::Value) -> serde_json::Value {
    use serde_json::{Map, Value};
    assert_eq!(compact["format"], "compact-1", "not the compact form");
    let items = compact["items"].as_array().expect("items");
    let snapshots = compact["snapshots"]
        .as_array()
        .expect("snapshots")
        .iter()
        .map(|s| {
            let props: Vec<Value> = s["items"]
                .as_array()
                .expect("snapshot items")
                .iter()
                .map(|i| items[i.as_u64().expect("index") as usize].clone())
                .collect();
            let keys: Vec<String> = props
                .iter()
                .map(|p| match &p["number"] {
                    Value::Number(n) => n.to_string(),
                    _ => p["id"].as_str().expect("id").to_string(),
                })
                .collect();
            let mut out = Map::new();
            for (k, v) in s.as_object().expect("snapshot") {
                match k.as_str() {
                    "items" => {
                        out.insert("proposals".into(), Value::Array(props.clone()));
                    }
                    "implementors" => {
                        let imps = v
                            .as_array()
                            .expect("implementors")
                            .iter()
                            .map(|i| {
                                let mut o = Map::new();
                                for (k, v) in i.as_object().expect("implementor") {
                                    if k == "codes" {
                                        let cells: Map<String, Value> = keys
                                            .iter()
                                            .zip(v.as_array().expect("codes"))
                                            .filter(|(_, c)| !c.is_null())
                                            .map(|(k, c)| (k.clone(), c.clone()))
                                            .collect();
                                        o.insert("cells".into(), Value::Object(cells));
                                    } else {
                                        o.insert(k.clone(), v.clone());
                                    }
                                }
                                Value::Object(o)
                            })
                            .collect();
                        out.insert("implementors".into(), Value::Array(imps));
                    }
                    _ => {
                        out.insert(k.clone(), v.clone());
                    }
                }
            }
            Value::Object(out)
        })
        .collect();
    serde_json::json!({ "snapshots": Value::Array(snapshots) })
}

/// The configuration of a site.yaml that sets only a title: the default stages and compliance
/// values, whose codes tests compare an item's ids with.
static DEFAULT_CONFIG: std::sync::LazyLock<Config> = std::sync::LazyLock::new(|| {
    Config::parse("title: x\n", "content/site.yaml").expect("the default configuration")
});

/// An item's stage code under the default `stages:` ("" when blank).
pub fn stage(p: &Item) -> &'static str {
    DEFAULT_CONFIG.stages.code_of(p.status)
}

/// An item's compliance code under the default `compliance:` ("" when blank).
pub fn compliance(p: &Item) -> &'static str {
    DEFAULT_CONFIG.compliance.code_of(p.compliance)
}
