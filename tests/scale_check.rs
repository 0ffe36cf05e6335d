//! `check` at scale (issue 23): many new implementor names a month, and one snapshot of many
//! rows. These tests assert what is reported, never how long it takes; the times are in
//! docs/performance.md (`scripts/bench --check-scale`).
//!
//! The near-name search is an index ([`statusgen::analyse::near_names`]) instead of comparing
//! every pair; the property tests here hold it to the brute force it replaced, which is kept
//! below as the reference ([`brute_check_identity`]).

#[allow(dead_code)]
#[path = "../examples/synth/scale.rs"]
mod scale;

use assert_cmd::Command;
use proptest::prelude::*;
use statusgen::analyse::identity::{check_identity, edit_distance, near};
use statusgen::analyse::near_names::{NearNames, bounded_distance};
use statusgen::config::Config;
use statusgen::diag::Diagnostics;
use statusgen::model::{ComplianceId, Implementor, Item, ItemKey, Month, Pos, Snapshot, StageId};
use statusgen::nouns::Nouns;
use std::collections::BTreeMap;
use std::path::Path;

/// The statusgen binary these CLI tests run: the one `STATUSGEN_BIN` names when it is set
/// (`.ci/run` names its release build, so the two `#[ignore]`d tests run at release speed from
/// the debug test build, without compiling the dev-dependencies in release as well), else
/// cargo's build of this package for the profile under test.
fn statusgen() -> Command {
    match std::env::var_os("STATUSGEN_BIN") {
        Some(path) => Command::new(path),
        None => Command::cargo_bin("statusgen").unwrap(),
    }
}

// ---------------------------------------------------------------------------------------------
// The reference: the identity check as it was before the index (commit 605f485), verbatim but
// for the names of the functions it calls.

fn brute_check_identity(
    snapshots: &[Snapshot],
    config: &Config,
    nouns: &Nouns,
    diags: &mut Diagnostics,
) {
    let near_distance = config.near_name_distance;
    let mut first_seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (si, s) in snapshots.iter().enumerate() {
        for i in &s.implementors {
            first_seen.entry(i.name.as_str()).or_insert(si);
        }
    }
    for (si, s) in snapshots.iter().enumerate() {
        let mut explained: Vec<&str> = Vec::new();
        for imp in &s.implementors {
            if first_seen.get(imp.name.as_str()) != Some(&si) {
                continue;
            }
            let candidate = first_seen
                .iter()
                .filter(|&(other, &fi)| {
                    fi < si
                        && s.implementor_index(other).is_none()
                        && near(&imp.name, other, near_distance)
                })
                .min_by_key(|(other, _)| edit_distance(&imp.name, other));
            if let Some((&other, &fi)) = candidate {
                explained.push(other);
                let old_written = snapshots[..si]
                    .iter()
                    .rev()
                    .find_map(|e| e.implementors.iter().find(|i| i.name == other))
                    .map(|i| i.written_name.as_str())
                    .unwrap_or(other);
                diags.warning(
                    statusgen::diag::Rule::NearName,
                    &s.source,
                    imp.pos.line,
                    imp.pos.col,
                    format!(
                        "implementor \"{}\" is new this month but close to \"{}\" of {}; fix the spelling if it is a typo, or if they are the same implementor add the line `\"{}\": \"{}\"` under `aliases: implementors:` in content/site.yaml",
                        imp.name, other, snapshots[fi].month, old_written, imp.name
                    ),
                );
            }
        }
        if si == 0 {
            continue;
        }
        let prev = &snapshots[si - 1];
        for gone in &prev.implementors {
            if s.implementor_index(&gone.name).is_none() && !explained.contains(&gone.name.as_str())
            {
                diags.warning(
                    statusgen::diag::Rule::MissingImplementor,
                    &s.source,
                    s.table_pos.line,
                    s.table_pos.col,
                    format!(
                        "implementor \"{}\" of {} is missing from this snapshot; keep its row (blank cells mean not planned), or add an alias if it was renamed",
                        gone.name, prev.month
                    ),
                );
            }
        }
        for p in &s.items {
            let earlier = snapshots[..si]
                .iter()
                .rev()
                .find_map(|e| e.items.iter().find(|q| q.key == p.key).map(|q| (e, q)));
            if let Some((e, q)) = earlier
                && q.title != p.title
            {
                diags.warning(
                    statusgen::diag::Rule::TitleChanged,
                    &s.source,
                    p.pos.line,
                    p.pos.col,
                    format!(
                        "title of {} changed from \"{}\" ({}) to \"{}\"; keep the title unless the {} was renamed",
                        config.item_id(&p.key), q.title, e.month, p.title, nouns.item.one
                    ),
                );
            }
        }
    }
}

/// The nearest of `names` as the brute force chose it: in byte order, near, least distance.
fn brute_nearest<'a>(
    names: &[&'a str],
    query: &str,
    allowed: impl Fn(&str) -> bool,
    max: usize,
) -> Option<(&'a str, usize)> {
    let sorted: std::collections::BTreeSet<&'a str> = names.iter().copied().collect();
    sorted
        .into_iter()
        .filter(|o| allowed(o) && near(query, o, max))
        .min_by_key(|o| edit_distance(query, o))
        .map(|o| (o, edit_distance(query, o)))
}

// ---------------------------------------------------------------------------------------------
// Random names: Unicode whose lower case is longer (İ) or depends on the place (Σ at the end
// of a word), case pairs, short names (where a quarter of the length caps the distance), and
// names derived from others by a few edits so that near pairs are common.

const ALPHABET: &[char] = &[
    'a', 'b', 'c', 'A', 'B', 'é', 'É', 'İ', 'i', 'ß', 'Σ', 'σ', 'ς', ' ', '1', '-',
];

fn word(len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<char>> {
    prop::collection::vec(prop::sample::select(ALPHABET), len)
}

/// (kind, where, what): substitute, insert or delete.
type Edit = (u8, prop::sample::Index, char);

fn edit() -> impl Strategy<Value = Edit> {
    (
        0..3u8,
        any::<prop::sample::Index>(),
        prop::sample::select(ALPHABET),
    )
}

fn apply(mut s: Vec<char>, edits: &[Edit]) -> String {
    for (kind, at, c) in edits {
        match kind {
            0 if !s.is_empty() => {
                let i = at.index(s.len());
                s[i] = *c;
            }
            1 => {
                let i = at.index(s.len() + 1);
                s.insert(i, *c);
            }
            _ if !s.is_empty() => {
                let i = at.index(s.len());
                s.remove(i);
            }
            _ => {}
        }
    }
    s.into_iter().collect()
}

/// Distinct names: some words, then names a few edits from them.
fn names(len: std::ops::Range<usize>, count: usize) -> impl Strategy<Value = Vec<String>> {
    (
        prop::collection::vec(word(len), 1..count.max(2)),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop::collection::vec(edit(), 0..4),
            ),
            0..count * 2,
        ),
    )
        .prop_map(|(bases, derived)| {
            let mut out: Vec<String> = bases.iter().map(|b| b.iter().collect()).collect();
            for (b, edits) in derived {
                out.push(apply(bases[b.index(bases.len())].clone(), &edits));
            }
            out.retain(|n| !n.is_empty());
            out.sort();
            out.dedup();
            out
        })
}

fn check_nearest(names: &[String], mask: &[bool], max: usize, index: &NearNames) {
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let allowed = |n: &str| {
        let i = refs.iter().position(|r| *r == n).expect("an indexed name");
        mask[i % mask.len()]
    };
    for q in &refs {
        let want = brute_nearest(&refs, q, allowed, max);
        let got = index.nearest(q, &allowed);
        assert_eq!(got, want, "query {q:?}, max {max}, names {refs:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3_000, ..ProptestConfig::default() })]

    /// The banded Levenshtein agrees with the full one wherever it gives an answer.
    #[test]
    fn bounded_distance_is_levenshtein(a in word(0..14), b in word(0..14), k in 0usize..6) {
        let (sa, sb): (String, String) = (a.iter().collect(), b.iter().collect());
        let la: Vec<char> = sa.to_lowercase().chars().collect();
        let lb: Vec<char> = sb.to_lowercase().chars().collect();
        let full = edit_distance(&sa, &sb);
        prop_assert_eq!(bounded_distance(&la, &lb, k), (full <= k).then_some(full));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_000, ..ProptestConfig::default() })]

    /// Short names (the deletion filter): the index picks what the brute force picked.
    #[test]
    fn nearest_short_names_as_brute_force(
        names in names(1..10, 12),
        mask in prop::collection::vec(any::<bool>(), 1..8),
        max in 0usize..5,
    ) {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        check_nearest(&names, &mask, max, &NearNames::new(refs.iter().copied(), max));
    }

}

// The brute force is slow on long names in a debug build: fewer cases.
proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Every name the trigram filter can take goes to it (no budget for deletions).
    #[test]
    fn nearest_by_trigrams_as_brute_force(
        names in names(1..24, 12),
        mask in prop::collection::vec(any::<bool>(), 1..8),
        max in 0usize..6,
    ) {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let index = NearNames::with_budgets(refs.iter().copied(), max, 0, 0);
        check_nearest(&names, &mask, max, &index);
    }

    /// Long names with the default budgets: both filters, and pairs across their boundary.
    #[test]
    fn nearest_long_names_as_brute_force(
        names in names(18..34, 8),
        mask in prop::collection::vec(any::<bool>(), 1..8),
        max in 1usize..5,
    ) {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        check_nearest(&names, &mask, max, &NearNames::new(refs.iter().copied(), max));
    }
}

// ---------------------------------------------------------------------------------------------
// Whole histories: the check gives the same warnings, in the same order, as the brute force.

fn snapshot(k: usize, rows: &[(&str, &str)], items: &[(u32, &str)]) -> Snapshot {
    let month = Month {
        year: 2022 + (k / 12) as i32,
        month: (k % 12) as u32 + 1,
    };
    Snapshot {
        month,
        title: String::new(),
        source: format!("content/{month}.md"),
        items: items
            .iter()
            .enumerate()
            .map(|(c, &(key, title))| Item {
                key: ItemKey::Number(key),
                written_number: key,
                title: title.to_string(),
                section: String::new(),
                group: String::new(),
                attributes: Vec::new(),
                status: StageId::BLANK,
                compliance: ComplianceId::BLANK,
                pos: Pos {
                    line: 3,
                    col: c + 2,
                },
            })
            .collect(),
        implementors: rows
            .iter()
            .enumerate()
            .map(|(r, &(name, written))| Implementor {
                name: name.to_string(),
                written_name: written.to_string(),
                cells: Vec::new(),
                attributes: Vec::new(),
                evidence: Default::default(),
                pos: Pos {
                    line: r + 5,
                    col: 1,
                },
            })
            .collect(),
        prose_before: String::new(),
        prose_after: String::new(),
        table_pos: Pos { line: 3, col: 1 },
        current_releases: None,
        draft: None,
        footnotes: Vec::new(),
        section_prose: Vec::new(),
    }
}

/// Per month: rows as (name index, spelling index) and proposals as (key, title index).
type MonthSpec = (Vec<(prop::sample::Index, bool)>, Vec<(u32, bool)>);

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_000, ..ProptestConfig::default() })]

    #[test]
    fn check_identity_as_brute_force(
        pool in names(1..14, 10),
        months in prop::collection::vec(
            (
                prop::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 0..8),
                prop::collection::vec((1u32..4, any::<bool>()), 0..3),
            ),
            1..6,
        ),
        max in 0usize..4,
    ) {
        let months: Vec<MonthSpec> = months;
        let written: Vec<String> = pool.iter().map(|n| format!("*{n}*")).collect();
        let snapshots: Vec<Snapshot> = months
            .iter()
            .enumerate()
            .map(|(k, (rows, items))| {
                let rows: Vec<(&str, &str)> = rows
                    .iter()
                    .map(|(i, alt)| {
                        let i = i.index(pool.len());
                        (pool[i].as_str(), if *alt { written[i].as_str() } else { pool[i].as_str() })
                    })
                    .collect();
                let items: Vec<(u32, &str)> = items
                    .iter()
                    .map(|&(key, alt)| (key, if alt { "Renamed" } else { "Title" }))
                    .collect();
                snapshot(k, &rows, &items)
            })
            .collect();
        let config = Config { near_name_distance: max, ..Config::default() };
        let (mut want, mut got) = (Diagnostics::default(), Diagnostics::default());
        let nouns = statusgen::site::nouns(&config);
        brute_check_identity(&snapshots, &config, &nouns, &mut want);
        check_identity(&snapshots, &config, &nouns, &mut got);
        prop_assert_eq!(got.items, want.items);
    }
}

// ---------------------------------------------------------------------------------------------
// Scale: the generated sites of examples/synth/scale.rs.

fn write_site(dir: &Path, files: &[(String, String)]) {
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn messages(site: &statusgen::site::Site, part: &str) -> Vec<String> {
    site.diagnostics
        .items
        .iter()
        .filter(|d| d.message.contains(part))
        .map(|d| d.message.clone())
        .collect()
}

const NEAR: &str = "is new this month but close to";
const MISSING: &str = "is missing from this snapshot";

/// Two months of 4,000 new names each: exactly the planted near names are reported, each with
/// the name it was planted from, and every other name of the first month as missing.
#[test]
fn four_thousand_new_names_a_month() {
    let (months, per_month) = (2, 4000);
    let dir = tempfile::tempdir().unwrap();
    write_site(
        dir.path(),
        &scale::names(months, per_month, scale::PLANT_EVERY),
    );
    let site = statusgen::pipeline::read_site(dir.path()).unwrap();
    let counts = scale::names_counts(months, per_month, scale::PLANT_EVERY);
    let near = messages(&site, NEAR);
    assert_eq!(near.len(), counts.near);
    assert_eq!(near.len(), 40);
    assert_eq!(messages(&site, MISSING).len(), counts.missing);
    assert_eq!(
        site.diagnostics.items.len(),
        counts.near + counts.missing,
        "nothing else is reported"
    );
    let digits = 4;
    for j in (0..per_month).filter(|j| j % scale::PLANT_EVERY == scale::PLANT_EVERY - 1) {
        let from = scale::block_name(j, digits);
        let to = scale::planted(&from, j / scale::PLANT_EVERY);
        let want = format!(
            "implementor \"{to}\" is new this month but close to \"{from}\" of 2022-01; fix the spelling if it is a typo, or if they are the same implementor add the line `\"{from}\": \"{to}\"` under `aliases: implementors:` in content/site.yaml"
        );
        assert!(near.contains(&want), "missing: {want}");
    }
}

/// One snapshot of 80,000 rows with the first row written again at the end: one error, the
/// duplicate, and `check` exits 1 (content errors stop it before rendering).
#[test]
fn eighty_thousand_rows_with_a_duplicate() {
    let mut files = scale::rows(80_000);
    files[0].1.push_str("| **Name 1** | C |\n");
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), &files);
    let site = statusgen::pipeline::read_site(dir.path()).unwrap();
    assert_eq!(site.history.snapshots[0].implementors.len(), 80_000);
    let shown: Vec<String> = site
        .diagnostics
        .items
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        shown,
        [
            "content/2022-01.md:80007:3: error: duplicate implementor \"Name 1\" (already on line 7); keep one row per implementor"
        ]
    );
    let out = statusgen()
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("checked 1 snapshot(s): 1 error(s), 0 warning(s)")
    );
}

/// `check` on both shapes end to end, rendering included (too slow for a debug build, where
/// the crate is not optimised: `.ci/run` runs it with `cargo test --release --test scale_check
/// -- --ignored`).
#[test]
#[ignore = "renders 8,000 and 80,000 implementor pages; run in release, or with STATUSGEN_BIN naming a release build"]
fn check_exits_zero_on_both_shapes() {
    for (files, summary) in [
        (
            scale::names(2, 4000, scale::PLANT_EVERY),
            "checked 2 snapshot(s): 0 error(s), 4000 warning(s)",
        ),
        (
            scale::rows(80_000),
            "checked 1 snapshot(s): 0 error(s), 0 warning(s)",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path(), &files);
        let out = statusgen()
            .args(["check", "--root"])
            .arg(dir.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{err}");
        assert!(err.contains(summary), "{err}");
    }
}

// ---------------------------------------------------------------------------------------------
// `diff` at scale: two months of many rows (examples/synth/scale.rs `pair`).

/// `statusgen diff --format json` on a [`scale::pair`] of `n` rows: exactly the planted
/// changes, in table order.
fn diff_finds_the_planted_changes(n: usize, shape: scale::PairShape) {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), &scale::pair(n, shape));
    let out = statusgen()
        .args(["diff", "2022-01", "2022-02", "--format", "json", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want = scale::pair_counts(n);
    let len = |k: &str| d[k].as_array().unwrap().len();
    let (added, removed) = match shape {
        scale::PairShape::Columns => ("proposals_added", "proposals_removed"),
        _ => ("implementors_added", "implementors_removed"),
    };
    let cells = d["cells"].as_array().unwrap();
    let kind = |k: &str| cells.iter().filter(|c| c["kind"] == k).count();
    let got = scale::PairCounts {
        added: len(added),
        removed: len(removed),
        advances: kind("advance"),
        regressions: kind("regression"),
    };
    assert_eq!(got, want, "{shape:?}");
    assert_eq!(cells.len(), want.advances + want.regressions, "{shape:?}");
    // In table order: the first regression is entry 1's, the first advance entry 2's; what
    // left and what came are named.
    let first = |k: &str| cells.iter().find(|c| c["kind"] == k).unwrap();
    let name = |i: usize| format!("Name {i}");
    let key = |i: usize| format!("feature-{i}");
    match shape {
        scale::PairShape::Columns => {
            assert_eq!(first("regression")["proposal"], key(1));
            assert_eq!(first("advance")["proposal"], key(2));
            assert_eq!(d[removed][0]["number"], key(999));
            assert_eq!(d[added][0]["number"], format!("new-feature-{n}"));
        }
        _ => {
            assert_eq!(first("regression")["implementor"], name(1));
            assert_eq!(first("advance")["implementor"], name(2));
            let last = (0..n).rev().find(|i| i % 10 == 2).unwrap();
            assert_eq!(cells.last().unwrap()["implementor"], name(last));
            assert_eq!(d[removed][0], name(999));
            assert_eq!(d[added][0], format!("New Name {n}"));
        }
    }
}

/// Two months of 80,000 rows in the Gateway API shape and of 80,000 configured items as rows:
/// the diff indexes both snapshots once (it scanned them for every name: about 230 s).
#[test]
#[ignore = "two 80,000-row months; run in release, or with STATUSGEN_BIN naming a release build"]
fn diff_of_two_months_of_eighty_thousand_rows() {
    diff_finds_the_planted_changes(80_000, scale::PairShape::Gateway);
    diff_finds_the_planted_changes(80_000, scale::PairShape::Columns);
    // Implementors as rows of a configured shape (read by the one parser, through maps).
    diff_finds_the_planted_changes(80_000, scale::PairShape::Rows);
}

/// The same at a size a debug build runs quickly.
#[test]
fn diff_of_two_months_of_two_thousand_rows() {
    for shape in [
        scale::PairShape::Gateway,
        scale::PairShape::Rows,
        scale::PairShape::Columns,
    ] {
        diff_finds_the_planted_changes(2_000, shape);
    }
}
