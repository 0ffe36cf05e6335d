//! The synthetic history generator: deterministic output, sites that check without a single
//! diagnostic, and histories that really move (advances, regressions, joins, a rename, stage
//! changes, skipped months).

use crate::common;
use crate::common::statusgen;
#[path = "../../examples/synth/sections.rs"]
mod sections;

use crate::synth_gen::{self, SynthOptions, generate, write_site};
use assert_cmd::Command;
use statusgen::analyse::identity::near;
use statusgen::model::{History, Month};
use std::collections::BTreeSet;
use std::path::Path;

fn small(seed: u64) -> SynthOptions {
    SynthOptions::new(12, 20, 15, seed)
}

/// Every file under `dir`, as (relative path, bytes), sorted.
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    common::tree(dir).into_iter().collect()
}

fn months_of(files: &[(String, String)]) -> Vec<Month> {
    files
        .iter()
        .filter_map(|(rel, _)| {
            let stem = rel.strip_prefix("content/")?.strip_suffix(".md")?;
            Month::parse(stem)
        })
        .collect()
}

/// Indexes `k` where the month after file `k` was skipped.
fn gaps(months: &[Month]) -> Vec<usize> {
    assert!(
        months
            .windows(2)
            .all(|w| matches!(w[1].index() - w[0].index(), 1 | 2)),
        "months must increase by one, or two across a skipped month"
    );
    months
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[1].index() - w[0].index() == 2)
        .map(|(k, _)| k)
        .collect()
}

fn read_clean(dir: &Path) -> statusgen::site::Site {
    let site = statusgen::pipeline::read_site(dir).unwrap();
    let shown: Vec<String> = site
        .diagnostics
        .items
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(shown.is_empty(), "diagnostics:\n{}", shown.join("\n"));
    site
}

#[test]
fn same_seed_same_files_other_seed_other_files() {
    let a = generate(&small(7));
    assert_eq!(a, generate(&small(7)));
    assert_ne!(a, generate(&small(8)));
    assert_eq!(a.len(), 13);
    assert_eq!(a.last().unwrap().0, "content/site.yaml");

    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_site(d1.path(), &small(7)).unwrap();
    write_site(d2.path(), &small(7)).unwrap();
    let (f1, f2) = (files_of(d1.path()), files_of(d2.path()));
    assert_eq!(f1.len(), 13);
    assert_eq!(f1, f2);
    // What is written is exactly what generate returns.
    for ((rel, text), (path, bytes)) in a.iter().zip(&f1) {
        assert_eq!(rel, &path.replace('\\', "/"));
        assert_eq!(text.as_bytes(), bytes.as_slice());
    }
}

/// Counts (advances, regressions) of cells between consecutive snapshots.
fn movements(history: &History, codes: &statusgen::config::Vocabulary) -> (usize, usize) {
    let (mut up, mut down) = (0, 0);
    for w in history.snapshots.windows(2) {
        for imp in &w[1].implementors {
            for (p, after) in w[1].items.iter().zip(&imp.cells) {
                let Some(before) = w[0].code(&imp.name, &p.key) else {
                    continue;
                };
                let (b, a) = (
                    codes.rank(before).unwrap(),
                    codes.rank(&after.code).unwrap(),
                );
                if a > b {
                    up += 1;
                } else if a < b {
                    down += 1;
                }
            }
        }
    }
    (up, down)
}

#[test]
fn small_site_checks_clean_and_moves() {
    for seed in [1, 2, 3, 42] {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path(), &small(seed)).unwrap();
        let site = read_clean(dir.path());
        let snaps = &site.history.snapshots;
        assert_eq!(snaps.len(), 12, "seed {seed}");
        let (first, last) = (&snaps[0], &snaps[11]);

        let (advances, regressions) = movements(&site.history, &site.config.codes);
        assert!(advances >= 10, "seed {seed}: {advances} advances");
        assert!(regressions >= 1, "seed {seed}: no regression");

        // Implementors join over time (about 60% at the start), proposals are added over time.
        assert_eq!(last.implementors.len(), 20);
        assert_eq!(first.implementors.len(), 12);
        assert_eq!(last.items.len(), 15);
        assert_eq!(first.items.len(), 9);
        let names = |s: &statusgen::model::Snapshot| -> BTreeSet<String> {
            s.implementors.iter().map(|i| i.name.clone()).collect()
        };
        assert!(names(first).is_subset(&names(last)));
        for w in snaps.windows(2) {
            assert!(names(&w[0]).is_subset(&names(&w[1])), "nobody leaves");
        }

        // One implementor renamed, one identity through the alias.
        let aliases = &site.config.aliases.implementors;
        assert_eq!(aliases.len(), 1, "seed {seed}");
        let (old, new) = aliases.iter().next().unwrap();
        assert!(!near(old, new, 2));
        let early = first.implementors.iter().find(|i| &i.name == new).unwrap();
        assert_eq!(&early.written_name, old);
        let late = last.implementors.iter().find(|i| &i.name == new).unwrap();
        assert_eq!(&late.written_name, new);
        assert!(snaps.iter().all(|s| s.implementor_index(new).is_some()));

        // Stages and compliance move.
        let changed = |f: fn(&statusgen::model::Item) -> &str| {
            snaps.windows(2).any(|w| {
                w[1].items
                    .iter()
                    .any(|p| w[0].items.iter().any(|q| q.key == p.key && f(q) != f(p)))
            })
        };
        assert!(
            changed(|p| common::stage(p)),
            "seed {seed}: no stage change"
        );
        assert!(
            changed(|p| common::compliance(p)),
            "seed {seed}: no compliance change"
        );

        let months: Vec<Month> = snaps.iter().map(|s| s.month).collect();
        assert_eq!(months[0].to_string(), "2022-01");
        assert!(gaps(&months).len() <= 1);
    }
}

#[test]
fn medium_site_checks_clean_and_skips_a_month() {
    let opts = SynthOptions {
        start: Month::parse("2021-06").unwrap(),
        ..SynthOptions::new(36, 40, 25, 5)
    };
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), &opts).unwrap();
    let site = read_clean(dir.path());
    let months: Vec<Month> = site.history.snapshots.iter().map(|s| s.month).collect();
    assert_eq!(months.len(), 36);
    assert_eq!(months[0].to_string(), "2021-06");
    let g = gaps(&months);
    assert!(!g.is_empty(), "36 months must skip one");
    assert!(g.windows(2).all(|w| w[1] - w[0] >= 24), "{g:?}");
}

#[test]
fn large_history_shape() {
    let files = generate(&SynthOptions::new(120, 100, 60, 9));
    assert_eq!(files.len(), 121);
    let months = months_of(&files);
    assert_eq!(months.len(), 120);
    let g = gaps(&months);
    assert!(g.len() >= 3, "{g:?}");
    assert!(g[0] < 24);
    assert!(g.windows(2).all(|w| w[1] - w[0] >= 24), "{g:?}");

    // Every name ever written, far from every other.
    let mut names = BTreeSet::new();
    for (_, text) in &files {
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("| **")
                && let Some((name, _)) = rest.split_once("**")
                && name != "Other?"
            {
                names.insert(name.to_string());
            }
        }
    }
    assert_eq!(names.len(), 101, "100 implementors and one old name");
    let names: Vec<&String> = names.iter().collect();
    for (k, a) in names.iter().enumerate() {
        for b in &names[k + 1..] {
            assert!(!near(a, b, 2), "{a} ~ {b}");
        }
    }
    let last = &files[119].1;
    assert_eq!(last.lines().filter(|l| l.starts_with("| **")).count(), 101);
}

#[test]
fn write_site_refuses_non_empty_dirs_and_bad_counts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "x").unwrap();
    let e = write_site(dir.path(), &small(1)).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(files_of(dir.path()).len(), 1);

    let fresh = tempfile::tempdir().unwrap();
    let e = write_site(fresh.path(), &SynthOptions::new(0, 5, 5, 1)).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    assert!(e.to_string().contains("months"), "{e}");
}

/// The `synth` example binary (cargo test builds the examples beside the test binaries).
fn synth_example() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("examples")
        .join(format!("synth{}", std::env::consts::EXE_SUFFIX))
}

#[test]
fn the_synth_example_writes_a_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let args = [
        "--months",
        "4",
        "--implementors",
        "6",
        "--proposals",
        "5",
        "--seed",
        "3",
        "--start",
        "2023-11",
    ];
    Command::new(synth_example())
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let mut opts = SynthOptions::new(4, 6, 5, 3);
    opts.start = Month::parse("2023-11").unwrap();
    let expected: Vec<(String, Vec<u8>)> = generate(&opts)
        .into_iter()
        .map(|(rel, text)| (rel, text.into_bytes()))
        .collect();
    let written: Vec<(String, Vec<u8>)> = files_of(&out)
        .into_iter()
        .map(|(rel, b)| (rel.replace('\\', "/"), b))
        .collect();
    assert_eq!(written, expected);

    // Not again into the same (now non-empty) directory.
    Command::new(synth_example())
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    // Not a statusgen command: the generator is out of the library and the binary.
    statusgen()
        .args(args)
        .arg("--out")
        .arg(tmp.path().join("other"))
        .assert()
        .code(2);
    let help = statusgen().arg("--help").output().unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains("synth"));
}

/// The second shape (`--shape sections`, issue #16): a site that checks without a diagnostic,
/// the same files for the same seed, sections, both forms of group rows, the attribute column,
/// N/A, a label repeated in every group, languages joining, a feature moving between groups.
#[test]
fn sections_shape_checks_clean_and_has_every_feature_of_the_shape() {
    let start = Month {
        year: 2022,
        month: 1,
    };
    let files = sections::generate(24, 8, 120, 42, start);
    assert_eq!(files, sections::generate(24, 8, 120, 42, start));
    assert_ne!(files, sections::generate(24, 8, 120, 43, start));
    let dir = tempfile::tempdir().unwrap();
    synth_gen::write_files(dir.path(), files).unwrap();
    let site = read_clean(dir.path());
    let s = &site.history.snapshots;
    assert_eq!(s.len(), 24);
    let last = s.last().unwrap();
    let sections: BTreeSet<&str> = last.items.iter().map(|p| p.section.as_str()).collect();
    assert_eq!(sections.len(), 3, "{sections:?}");
    assert_eq!(last.items.len(), 120);
    assert_eq!(last.implementors.len(), 8);
    assert!(s[0].implementors.len() < 8, "languages join over time");
    assert!(last.items.iter().any(|p| p.attributes[0].1 == "Optional"));
    assert!(
        last.implementors
            .iter()
            .any(|i| i.cells.iter().any(|c| c.code == "N/A"))
    );
    assert!(
        last.items
            .iter()
            .any(|p| p.key.to_string().ends_with("/configuration")
                && p.key.to_string().matches('/').count() == 2),
        "a repeated label carries its group"
    );
    let text = &std::fs::read_to_string(dir.path().join("content/2023-12.md")).unwrap();
    assert!(
        text.contains("| Optional | Go "),
        "a group row repeating the titles"
    );
    assert!(text.contains("](spec/"), "a linked group row");
    // One feature changes group half-way and keeps its history.
    let a = statusgen::pipeline::analyse(&site);
    let moved = a.stats.items.iter().filter(|ph| {
        let groups: BTreeSet<&str> = ph
            .months
            .iter()
            .filter_map(|m| {
                let snap = &s[m.snapshot];
                snap.item_index(&ph.key)
                    .map(|i| snap.items[i].group.as_str())
            })
            .collect();
        groups.len() > 1
    });
    assert_eq!(moved.count(), 1);
}
