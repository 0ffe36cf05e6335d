//! A parallel build and a single-threaded build of the M synthetic history (36 months × 40
//! implementors × 25 proposals) are byte-identical.

mod common;

use common::tree;
use statusgen::commands::build::{BuildArgs, build};
use statusgen::synth::{SynthOptions, write_site};

#[test]
fn parallel_and_single_threaded_builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write_site(&site, &SynthOptions::new(36, 40, 25, 42)).unwrap();
    let mut outs = Vec::new();
    for single_threaded in [true, false] {
        let out = tmp.path().join(if single_threaded {
            "single"
        } else {
            "parallel"
        });
        let args = BuildArgs {
            root: site.clone(),
            output: Some(out.clone()),
            base_url: None,
            force: false,
            single_threaded,
        };
        let (report, warnings) = build(&args).map_err(|e| e.message()).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(report.pages, 141);
        outs.push(tree(&out));
    }
    let (single, parallel) = (&outs[0], &outs[1]);
    assert_eq!(
        single.keys().collect::<Vec<_>>(),
        parallel.keys().collect::<Vec<_>>(),
        "file lists differ"
    );
    for (path, bytes) in single {
        assert!(
            bytes == &parallel[path],
            "{path} differs between the single-threaded and the parallel build"
        );
    }
    assert_eq!(single.keys().filter(|k| k.ends_with(".html")).count(), 141);
}
