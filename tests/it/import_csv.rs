//! `statusgen import csv`: the inverse of `statusgen export --format csv`. A round trip
//! export → import → export gives the same CSV, on the seed and on the fixture sites.

use crate::common;
use crate::common::statusgen;
use std::path::Path;

fn export_csv(root: &Path) -> Vec<u8> {
    let out = statusgen()
        .args(["export", "--format", "csv", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Exports `fixture`, imports the CSV into a new site with the same configuration, exports
/// that, and returns both CSVs and the new site.
fn round_trip(fixture: &Path) -> (Vec<u8>, Vec<u8>, tempfile::TempDir) {
    let first = export_csv(fixture);
    let site = common::site_dir(&[]);
    let config = fixture.join("content/site.yaml");
    if config.exists() {
        std::fs::copy(&config, site.path().join("content/site.yaml")).unwrap();
    }
    let csv = site.path().join("history.csv");
    std::fs::write(&csv, &first).unwrap();
    let out = statusgen()
        .args(["import", "csv"])
        .arg(&csv)
        .arg("--root")
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(&csv).unwrap();
    let second = export_csv(site.path());
    (first, second, site)
}

#[test]
fn round_trip_on_the_seed_and_fixtures() {
    for fixture in [
        "tests/fixtures/seed",
        "tests/fixtures/history",
        "tests/fixtures/three-months",
        ".",
    ] {
        let (first, second, site) = round_trip(Path::new(fixture));
        assert!(first.len() > 100, "{fixture}");
        assert_eq!(
            String::from_utf8_lossy(&first),
            String::from_utf8_lossy(&second),
            "{fixture}"
        );
        // The files are ordinary snapshots: check and fmt --check accept them.
        statusgen()
            .args(["check", "--root"])
            .arg(site.path())
            .assert()
            .success();
        statusgen()
            .args(["fmt", "--check", "--root"])
            .arg(site.path())
            .assert()
            .success();
        // Importing again changes nothing.
        let before = common::tree(site.path());
        let csv = site.path().join("again.csv");
        std::fs::write(&csv, &first).unwrap();
        let out = statusgen()
            .args(["import", "csv"])
            .arg(&csv)
            .arg("--root")
            .arg(site.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("0 created, 0 updated"));
        std::fs::remove_file(&csv).unwrap();
        assert_eq!(common::tree(site.path()), before, "{fixture}");
    }
}

#[test]
fn awkward_values_survive_the_round_trip() {
    let csv = "date,implementor,proposal,title,status,compliance,code\n\
        2024-01,Pipe | and *stars* _under_ [link](x) <b>&amp;,1742,\"Timeouts, \"\"quoted\"\"\",E,NF,C\n\
        2024-01,Pipe | and *stars* _under_ [link](x) <b>&amp;,1897,BackendTLSPolicy,P,,\n\
        2024-01,Plain,1742,\"Timeouts, \"\"quoted\"\"\",E,NF,PP\n\
        2024-01,Plain,1897,BackendTLSPolicy,P,,RR\n\
        2024-02,Plain,1897,BackendTLSPolicy,E,R,C\n";
    let site = common::site_dir(&[("in.csv", csv.as_bytes())]);
    statusgen()
        .args(["import", "csv"])
        .arg(site.path().join("in.csv"))
        .arg("--root")
        .arg(site.path())
        .assert()
        .success();
    std::fs::remove_file(site.path().join("in.csv")).unwrap();
    assert_eq!(String::from_utf8_lossy(&export_csv(site.path())), csv);
}

#[test]
fn bad_input_is_refused_with_its_line() {
    for (csv, message) in [
        ("date,name\n", "the first line must be the header"),
        (
            "date,implementor,proposal,title,status,compliance,code\n2024-1,A,1,T,,,C\n",
            "in.csv:2: date \"2024-1\" is not a month",
        ),
        (
            "date,implementor,proposal,title,status,compliance,code\n2024-01,A,x,T,,,C\n",
            "in.csv:2: proposal \"x\" is not a number",
        ),
        (
            "date,implementor,proposal,title,status,compliance,code\n2024-01,A,1,T,,,C\n2024-01,A,1,T,,,C\n",
            "in.csv:3: A has proposal 1 twice in 2024-01",
        ),
        (
            "date,implementor,proposal,title,status,compliance,code\n2024-01,A,1,T,,\n",
            "in.csv:2: expected 7 fields, found 6",
        ),
    ] {
        let site = common::site_dir(&[("in.csv", csv.as_bytes())]);
        let out = statusgen()
            .current_dir(site.path())
            .args(["import", "csv", "in.csv"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{csv}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{err}");
        assert!(!site.path().join("content/2024-01.md").exists());
    }
    // A hand-written snapshot of the same month is never overwritten.
    let site = common::site_dir(&[
        ("content/2024-01.md", common::SMALL.as_bytes()),
        (
            "in.csv",
            b"date,implementor,proposal,title,status,compliance,code\n2024-01,A,1,T,,,C\n",
        ),
    ]);
    let out = statusgen()
        .current_dir(site.path())
        .args(["import", "csv", "in.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never overwritten"));
}

/// Values a spreadsheet would run as formulas (OWASP's CSV injection rule) are quoted with a
/// `'` in front in every CSV the site publishes and `export` prints; the codes `+` and `-` are
/// not; `import csv` takes the mark off again, so the round trip is exact.
#[test]
fn formula_like_values_are_marked_and_read_back() {
    let site_yaml = "codes:\n  - { code: \"\", label: Not known }\n  - { code: \"-\", label: Not supported }\n  - { code: \"+\", label: Supported }\n";
    let snapshot = "# Status January 2024\n\n\
        | | GEP-1: =1+2 | GEP-2: Beta |\n|---|---|---|\n| Status | P | E |\n| Compliance | NS | |\n\
        | **@SUM(A1)** | + | - |\n| **-2 Vendor** | - | + |\n| **'=Quoted** | | + |\n";
    let site = common::site_dir(&[
        ("content/site.yaml", site_yaml.as_bytes()),
        ("content/2024-01.md", snapshot.as_bytes()),
    ]);
    let want = "date,implementor,proposal,title,status,compliance,code\n\
        2024-01,\"'@SUM(A1)\",1,\"'=1+2\",P,NS,+\n\
        2024-01,\"'@SUM(A1)\",2,Beta,E,,-\n\
        2024-01,\"'-2 Vendor\",1,\"'=1+2\",P,NS,-\n\
        2024-01,\"'-2 Vendor\",2,Beta,E,,+\n\
        2024-01,\"''=Quoted\",1,\"'=1+2\",P,NS,\n\
        2024-01,\"''=Quoted\",2,Beta,E,,+\n";
    assert_eq!(String::from_utf8_lossy(&export_csv(site.path())), want);
    let out = site.path().join("out");
    statusgen()
        .args(["build", "--root"])
        .arg(site.path())
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    // The site's wide CSVs mark the same values (names here; codes `+` and `-` stay bare).
    let wide = "date,implementor,GEP-1,GEP-2\n2024-01,\"'@SUM(A1)\",+,-\n2024-01,\"'-2 Vendor\",-,+\n2024-01,\"''=Quoted\",,+\n";
    for file in ["data/2024-01.csv", "data/history.csv"] {
        let written = std::fs::read_to_string(out.join(file)).unwrap();
        assert_eq!(written, wide, "{file}");
    }
    let (first, second, _) = round_trip(site.path());
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
}

// ---------------------------------------------------------------------------------------------
// Any names and titles survive: escaping for markdown and tables is complete.

mod props {
    use proptest::prelude::*;
    use statusgen::config::Config;
    use statusgen::csv_format::{CSV_HEADER, csv_field, csv_unmark};

    /// A name or title: printable text with markdown and table punctuation, no surrounding
    /// spaces (a table cell cannot keep them).
    fn text() -> impl Strategy<Value = String> {
        proptest::string::string_regex(
            r"[A-Za-z0-9][A-Za-z0-9 |*_`\[\]()<>&;#!~\\:/.,'@=+-é漢]{0,20}[A-Za-z0-9.)\]*_~`]",
        )
        .unwrap()
        .prop_filter("no row keyword, no double spaces", |s| {
            let l = s.to_lowercase();
            l != "status" && l != "compliance" && !s.contains("  ")
        })
    }

    /// [`text`], sometimes after `'`s and a character a spreadsheet starts a formula with.
    fn marked_text() -> impl Strategy<Value = String> {
        ("'{0,2}[=+@-]?", text()).prop_map(|(mark, t)| format!("{mark}{t}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

        /// Any value at all, written as a CSV field and read back, is the value again.
        #[test]
        fn any_field_reads_back(value in any::<String>()) {
            let line = format!("{}\n", csv_field(&value));
            let records = statusgen::import::csv::parse_csv(&line)
                .map_err(|e| TestCaseError::fail(format!("{e}")))?;
            prop_assert_eq!(records.len(), 1);
            prop_assert_eq!(records[0].1.len(), 1);
            prop_assert_eq!(csv_unmark(&records[0].1[0]), value.as_str());
        }

        #[test]
        fn csv_round_trip(
            names in proptest::collection::btree_set(marked_text(), 1..4),
            titles in proptest::collection::vec(marked_text(), 1..3),
            codes in proptest::collection::vec(0usize..4, 12),
        ) {
            let config = Config::default();
            let code_list = ["", "PP", "RR", "C"];
            let mut csv = CSV_HEADER.to_string();
            let mut k = 0;
            for name in &names {
                for (p, title) in titles.iter().enumerate() {
                    let code = code_list[codes[k % codes.len()]];
                    k += 1;
                    csv.push_str(&format!(
                        "2024-01,{},{},{},E,NS,{}\n",
                        csv_field(name),
                        100 + p,
                        csv_field(title),
                        code
                    ));
                }
            }
            let files = statusgen::import::csv::import(&csv, "in.csv", &config)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{csv}")))?;
            let site = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(site.path().join("content")).unwrap();
            for f in &files {
                std::fs::write(site.path().join(&f.rel), &f.text).unwrap();
            }
            let s = statusgen::pipeline::read_site(site.path()).unwrap();
            prop_assert!(!s.diagnostics.has_errors(), "{:?}\n{}", s.diagnostics.items, files[0].text);
            prop_assert_eq!(statusgen::present::data::history_csv(&s.history, &s.config), csv);
        }
    }
}
