//! Peak memory of a build stays within 20× its largest input (issue #10): two snapshots just
//! under the default 16 MB limit, mostly plain notes around a small matrix, built in this
//! process (this file holds one test, so the process high-water mark is this build's). Linux
//! only: it reads `VmHWM` from /proc/self/status. Measured when written: 253 MB for 16 MB
//! (15.9×). Notes dense with inline markup cost more (comrak's syntax tree takes about 25 bytes
//! per byte of such text; 35× was measured), see the README's limits.

#![cfg(target_os = "linux")]

use std::path::Path;

/// The process's peak resident memory so far, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/self/status");
    let kb: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap();
    kb * 1024
}

#[test]
fn a_build_of_a_16_mb_snapshot_peaks_within_20_times_its_size() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    let mut text = String::from(
        "# Status November 2023\n\n| | GEP-1: Alpha | GEP-2: Beta |\n|---|---|---|\n| Status | P | E |\n| Compliance | NS | |\n| **Acme** | C | PP |\n| **Bolt** | | RR |\n\n",
    );
    let para = "Notes from the meeting: progress on conformance tests, release plans and the code. "
        .repeat(8) + "\n\n";
    let limit = 16 * 1024 * 1024 - 64 * 1024;
    while text.len() + para.len() < limit {
        text.push_str(&para);
    }
    std::fs::write(content.join("2023-11.md"), &text).unwrap();
    std::fs::write(
        content.join("2023-12.md"),
        text.replacen("November", "December", 1)
            .replacen("| C | PP |", "| C | C |", 1),
    )
    .unwrap();
    let input = text.len() as u64;
    let before = peak_rss();
    let input_dir = statusgen::pipeline::BuildInput {
        root: tmp.path().to_path_buf(),
        ..Default::default()
    };
    statusgen::pipeline::build(&input_dir, &tmp.path().join("output"), false).unwrap();
    let peak = peak_rss();
    assert!(Path::new(&tmp.path().join("output/index.html")).is_file());
    eprintln!(
        "input {} MB, peak {} MB before the build and {} MB after ({:.1}x the input)",
        input / 1_048_576,
        before / 1_048_576,
        peak / 1_048_576,
        peak as f64 / input as f64
    );
    assert!(
        peak <= 20 * input,
        "peak {peak} bytes is more than 20x the largest input ({input} bytes)"
    );
}
