//! A parallel build and a single-threaded build of the M synthetic history (36 months × 40
//! implementors × 25 proposals, seed 42) write byte-identical output trees.

use crate::common;

use crate::synth_gen::{SynthOptions, write_site};
use statusgen::commands::build::{BuildArgs, build};
use std::collections::BTreeMap;
use std::path::Path;

/// HTML pages the M history builds into.
const M_PAGES: usize = 142;

/// Builds `site` into `out` through the library; returns the output tree.
fn build_into(site: &Path, out: &Path, single_threaded: bool) -> BTreeMap<String, Vec<u8>> {
    let args = BuildArgs {
        root: site.to_path_buf(),
        output: Some(out.to_path_buf()),
        base_url: None,
        force: false,
        single_threaded,
        drafts: false,
    };
    let (report, warnings) = build(&args).unwrap_or_else(|e| {
        panic!(
            "build (single_threaded: {single_threaded}) failed:\n{}",
            e.message()
        )
    });
    assert!(
        warnings.is_empty(),
        "synthetic site gave warnings: {warnings:?}"
    );
    assert_eq!(
        report.pages, M_PAGES,
        "pages reported (single_threaded: {single_threaded})"
    );
    common::tree(out)
}

/// The first path (in sorted order) that one tree has and the other lacks, or whose bytes
/// differ, with what is wrong with it.
fn first_difference(
    single: &BTreeMap<String, Vec<u8>>,
    parallel: &BTreeMap<String, Vec<u8>>,
) -> Option<String> {
    let mut paths: Vec<&String> = single.keys().chain(parallel.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .find_map(|p| match (single.get(p), parallel.get(p)) {
            (Some(a), Some(b)) if a == b => None,
            (Some(a), Some(b)) => {
                let at = a
                    .iter()
                    .zip(b)
                    .position(|(x, y)| x != y)
                    .unwrap_or(a.len().min(b.len()));
                Some(format!(
                    "{p}: contents differ from byte {at} ({} bytes single-threaded, {} parallel)",
                    a.len(),
                    b.len()
                ))
            }
            (Some(_), None) => Some(format!("{p}: written only by the single-threaded build")),
            (None, _) => Some(format!("{p}: written only by the parallel build")),
        })
}

#[test]
fn parallel_and_single_threaded_builds_are_byte_identical() {
    let site = tempfile::tempdir().unwrap();
    write_site(site.path(), &SynthOptions::new(36, 40, 25, 42)).unwrap();
    let (single_out, parallel_out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let single = build_into(site.path(), &single_out.path().join("site"), true);
    let parallel = build_into(site.path(), &parallel_out.path().join("site"), false);

    if let Some(diff) = first_difference(&single, &parallel) {
        panic!(
            "single-threaded and parallel builds differ ({} vs {} files); first difference: {diff}",
            single.len(),
            parallel.len()
        );
    }
    let pages = single.keys().filter(|p| p.ends_with(".html")).count();
    assert_eq!(pages, M_PAGES, ".html files in the output tree");
}
