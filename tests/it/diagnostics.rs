//! Every error and warning class: its message, line and column. Fixtures are small sites built
//! in temporary directories, or single files parsed with the default configuration.

use crate::common::*;
use statusgen::config::Config;
use statusgen::diag::Severity::{Error, Warning};
use statusgen::diag::{Diagnostics, Severity};

const NOV: &str = "content/2023-11.md";

fn t(
    file: &str,
    line: usize,
    col: usize,
    sev: Severity,
    msg: &str,
) -> (String, usize, usize, Severity, String) {
    (file.to_string(), line, col, sev, msg.to_string())
}

// ---------------------------------------------------------------------------------------------
// Errors in cells.

#[test]
fn unknown_code() {
    let text = SMALL.replace("| **Acme**   | C ", "| **Acme**   | X ");
    let (s, d) = parse(NOV, &text);
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            7,
            16,
            Error,
            "unknown code \"X\"; allowed: PP (Planned, in progress), RR (Ready in next release), C (Complete in current release), blank"
        )]
    );
    // The snapshot keeps what could be read; the bad cell reads as blank.
    let s = s.unwrap();
    assert_eq!(s.implementors[0].codes(), ["", "PP"]);
}

#[test]
fn unknown_stage() {
    let text = SMALL.replace(
        "| Status     | P            | E ",
        "| Status     | P            | Beta ",
    );
    let (_, d) = parse(NOV, &text);
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            5,
            31,
            Error,
            "unknown stage \"Beta\"; allowed: P (Provisional), I (Implementable), E (Experimental), S (Standard), M (Memorandum), D (Declined), blank"
        )]
    );
}

#[test]
fn unknown_compliance_value() {
    let text = SMALL.replace("| Compliance | NS ", "| Compliance | OK ");
    let (_, d) = parse(NOV, &text);
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            6,
            16,
            Error,
            "unknown compliance value \"OK\"; allowed: NS (Compliance tests not started), NF (Compliance tests not finished), R (Compliance tests ready), blank"
        )]
    );
}

#[test]
fn stage_and_compliance_words_and_labels_are_accepted() {
    let text = SMALL.replace(
        "| Status     | P            | E ",
        "| Status     | Provisional  | experimental ",
    );
    let s = parse_clean(NOV, &text);
    assert_eq!(crate::common::stage(&s.items[0]), "P");
    assert_eq!(crate::common::stage(&s.items[1]), "E");
}

// ---------------------------------------------------------------------------------------------
// Errors in the table's shape.

#[test]
fn duplicate_implementor() {
    let text = SMALL.replace("| **Bolt**   |", "| Acme       |");
    let (s, d) = parse(NOV, &text);
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            8,
            3,
            Error,
            "duplicate implementor \"Acme\" (already on line 7); keep one row per implementor"
        )]
    );
    assert_eq!(s.unwrap().implementors.len(), 1);
}

#[test]
fn duplicate_implementor_via_alias() {
    let config = Config::parse(
        "aliases:\n  implementors:\n    Bolt: Acme\n",
        "content/site.yaml",
    )
    .unwrap();
    let (_, d) = parse_with(NOV, SMALL.as_bytes(), &config);
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            8,
            3,
            Error,
            "duplicate implementor \"Acme\" (already on line 7); keep one row per implementor"
        )]
    );
}

#[test]
fn duplicate_item_column() {
    let text = SMALL.replace("GEP-2: Beta", "GEP-1: Beta");
    let (s, d) = parse(NOV, &text);
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            3,
            31,
            Error,
            "duplicate proposal column GEP-1 (already at line 3, column 16); keep one column per proposal"
        )]
    );
    let s = s.unwrap();
    assert_eq!(s.items.len(), 1);
    assert_eq!(s.implementors[0].codes(), ["C"]);
}

#[test]
fn duplicate_item_column_via_renumbering_alias() {
    let (_, site) = site(&[
        ("content/site.yaml", "aliases:\n  proposals: {1426: 1294}\n"),
        (
            NOV,
            &SMALL
                .replace("GEP-1: Alpha", "GEP-1294: Mesh")
                .replace("GEP-2: Beta ", "GEP-1426: Mesh"),
        ),
    ]);
    assert_eq!(
        tuples(&site.diagnostics),
        [t(
            NOV,
            3,
            33,
            Error,
            "duplicate proposal column GEP-1294 (GEP-1426 is renumbered to GEP-1294 by aliases: proposals: in content/site.yaml) (already at line 3, column 16); keep one column per proposal"
        )]
    );
}

#[test]
fn renumbering_alias_alone_renumbers() {
    let (_, site) = site(&[
        ("content/site.yaml", "aliases:\n  proposals: {1426: 1294}\n"),
        (NOV, &SMALL.replace("GEP-2: Beta ", "GEP-1426: Mesh")),
    ]);
    assert!(site.diagnostics.is_empty(), "{:#?}", site.diagnostics);
    let p = &site.history.snapshots[0].items[1];
    assert_eq!((p.key.number(), p.written_number), (Some(1294), 1426));
}

#[test]
fn two_files_for_one_month() {
    let (_, site) = site(&[(NOV, SMALL), ("content/2023/11.md", SMALL)]);
    assert_eq!(
        tuples(&site.diagnostics),
        [t(
            "content/2023/11.md",
            1,
            1,
            Error,
            "two files for month 2023-11: content/2023-11.md and content/2023/11.md; keep one file per month"
        )]
    );
    assert_eq!(site.history.snapshots.len(), 1);
    assert_eq!(site.history.snapshots[0].source, NOV);
}

// ---------------------------------------------------------------------------------------------
// Errors about the file as a whole.

#[test]
fn front_matter_that_does_not_parse_points_at_the_yaml_line() {
    let text = format!("---\ntitle: ok\ndate: [2023\n---\n{SMALL}");
    let (s, d) = parse(NOV, &text);
    assert!(s.is_none());
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            3,
            7,
            Error,
            "front matter is not valid YAML: date: unclosed bracket '['; write `key: value` lines between the two `---` lines"
        )]
    );

    let text = format!("---\ntitle: ok\n  bad: : x\n---\n{SMALL}");
    let (_, d) = parse(NOV, &text);
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            3,
            6,
            Error,
            "front matter is not valid YAML: bad: mapping values are not allowed in this context; write `key: value` lines between the two `---` lines"
        )]
    );
}

#[test]
fn front_matter_without_closing_line() {
    let (s, d) = parse(NOV, &format!("---\ntitle: x\n{SMALL}"));
    assert!(s.is_none());
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            1,
            1,
            Error,
            "front matter starts with `---` but has no closing `---` line"
        )]
    );
}

#[test]
fn front_matter_date_that_is_not_a_month() {
    let (s, d) = parse(
        "content/a.md",
        &format!("---\ndate: Nov 2023\n---\n{SMALL}"),
    );
    // The heading still gives the month, but the bad date is an error at its value.
    assert!(s.is_some());
    assert_eq!(
        tuples(&d),
        [t(
            "content/a.md",
            2,
            7,
            Error,
            "date \"Nov 2023\" is not a month; write it as YYYY-MM, for example 2023-11"
        )]
    );
}

#[test]
fn no_month() {
    let text = SMALL.replace("# Status November 2023", "# Status");
    let (s, d) = parse("content/status.md", &text);
    assert!(s.is_none());
    assert_eq!(
        tuples(&d),
        [t(
            "content/status.md",
            1,
            1,
            Error,
            "no month for this snapshot: add front matter `date: YYYY-MM`, name the file YYYY-MM.md, or put \"Month YYYY\" in its first heading"
        )]
    );
}

#[test]
fn no_matrix_table() {
    let msg = "no matrix table found: add a markdown table whose header cells name proposals, like \"GEP-1742: HTTPRoute Timeouts\"";
    for text in [
        "# Status\n\nNo table here.\n",
        "# Status\n\n| a | b |\n|---|---|\n| x | y |\n",
        "",
    ] {
        let (s, d) = parse(NOV, text);
        assert!(s.is_none());
        assert_eq!(tuples(&d), [t(NOV, 1, 1, Error, msg)], "{text:?}");
    }
    // A configured pattern changes the example.
    let config = Config::parse(
        "proposals:\n  pattern: \"KEP {number} ({title})\"\n",
        "content/site.yaml",
    )
    .unwrap();
    let (_, d) = parse_with(NOV, SMALL.as_bytes(), &config);
    assert_eq!(
        only(&d).message,
        "no matrix table found: add a markdown table whose header cells name proposals, like \"KEP <number> (<title>)\""
    );
}

#[test]
fn file_that_is_not_utf8() {
    let mut bytes = b"# Status November 2023\n\n| a | caf".to_vec();
    bytes.push(0xe9); // Latin-1 'é'
    bytes.extend_from_slice(b" |\n");
    let (s, d) = parse_with(NOV, &bytes, &Config::default());
    assert!(s.is_none());
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            3,
            10,
            Error,
            "file is not UTF-8 text; save it as UTF-8"
        )]
    );

    // Through the site reader too, with other files still read.
    let dir = site_dir(&[(NOV, &bytes), ("content/2023-12.md", SMALL.as_bytes())]);
    let site = read(dir.path());
    assert_eq!(
        tuples(&site.diagnostics),
        [t(
            NOV,
            3,
            10,
            Error,
            "file is not UTF-8 text; save it as UTF-8"
        )]
    );
    assert_eq!(site.history.snapshots.len(), 1);
}

#[test]
fn site_yaml_that_is_not_utf8() {
    let dir = site_dir(&[
        ("content/site.yaml", b"title: caf\xe9\n"),
        (NOV, SMALL.as_bytes()),
    ]);
    let site = read(dir.path());
    assert_eq!(
        tuples(&site.diagnostics),
        // At the first byte that is not UTF-8, as for snapshots.
        [t(
            "content/site.yaml",
            1,
            11,
            Error,
            "configuration is not UTF-8 text; save it as UTF-8"
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Configuration.

fn config_errors(yaml: &str) -> Vec<(String, usize, usize, Severity, String)> {
    tuples(&Config::parse(yaml, "content/site.yaml").unwrap_err())
}

const SITE: &str = "content/site.yaml";

#[test]
fn config_unknown_key_has_its_line() {
    assert_eq!(
        config_errors("title: x\n\ncolour: red\n"),
        [t(
            SITE,
            3,
            1,
            Error,
            "invalid configuration: unknown field `colour`, expected one of title, description, id, base_url, theme, proposals, codes, stages, compliance, aliases, graduation_threshold, implementors, matrix, not_applicable, graduation, stale_after_months, placeholder_rows, near_name_distance, import, related, limits, links, versions"
        )]
    );
    assert_eq!(
        config_errors("aliases:\n  implementor:\n    a: b\n"),
        [t(
            SITE,
            2,
            3,
            Error,
            "invalid configuration: unknown field `implementor`, expected one of implementors, proposals, items; did you mean `implementors`?"
        )]
    );
}

#[test]
fn config_bad_values() {
    assert_eq!(
        config_errors("title: x\ngraduation_threshold: many\n"),
        [t(
            SITE,
            2,
            23,
            Error,
            "invalid configuration: graduation_threshold: expected a whole number, like 3"
        )]
    );
    assert_eq!(
        config_errors("aliases:\n  proposals: {a: 1}\n"),
        [t(
            SITE,
            2,
            15,
            Error,
            "invalid configuration: proposals: expected a whole number, like 3"
        )]
    );
    assert_eq!(
        config_errors("title: [x\n"),
        [t(
            SITE,
            1,
            8,
            Error,
            "invalid configuration: title: expected text; write one value, in quotes if it starts with '[' or '{' or contains \": \""
        )]
    );
    // Values serde accepts but statusgen does not: at the value, where serde-saphyr read it.
    assert_eq!(
        config_errors("title: x\ngraduation_threshold: 0\n"),
        [t(
            SITE,
            2,
            23,
            Error,
            "graduation_threshold must be 1 or more"
        )]
    );
    assert_eq!(
        config_errors("title: x\ngraduation:\n  can_graduate: [E, X]\n"),
        [t(
            SITE,
            3,
            3,
            Error,
            "graduation: stage \"X\" is not one of the stages (P (Provisional), I (Implementable), E (Experimental), S (Standard), M (Memorandum), D (Declined))"
        )]
    );
    assert_eq!(
        config_errors("title: x\nstale_after_months: 0\n"),
        [t(
            SITE,
            2,
            21,
            Error,
            "stale_after_months must be 1 or more"
        )]
    );
    assert_eq!(
        config_errors("title: x\nproposals:\n  label: KEP\n  pattern: \"KEP {title}\"\n"),
        [t(
            SITE,
            4,
            12,
            Error,
            "proposals.pattern \"KEP {title}\" must contain {number} (and may contain {title})"
        )]
    );
    assert_eq!(
        config_errors("proposals:\n  path: \"a/b\"\n"),
        [t(
            SITE,
            2,
            9,
            Error,
            "proposals.path must be one URL path segment of letters, digits, '-' or '_'"
        )]
    );
    assert_eq!(
        config_errors("title: x\ncodes:\n  - code: C\n    label: Complete\n"),
        [t(
            SITE,
            3,
            5,
            Error,
            "codes must start with the blank code (code: \"\"), the lowest in the progress order"
        )]
    );
    // A code outside the progress order may sit anywhere between the two ends, never at them.
    let codes = |apart: &str| {
        let mut yaml = "title: x\ncodes:\n".to_string();
        for code in ["", "U", "P", "C"] {
            let progress = if code == apart {
                ", progress: false"
            } else {
                ""
            };
            yaml.push_str(&format!("  - {{ code: \"{code}\", label: L{progress} }}\n"));
        }
        match Config::parse(&yaml, SITE) {
            Ok(_) => Vec::new(),
            Err(e) => tuples(&e),
        }
    };
    assert_eq!(codes("U"), []);
    assert_eq!(codes("P"), []);
    assert_eq!(
        codes(""),
        [t(
            SITE,
            3,
            5,
            Error,
            "codes: the blank code is the lowest step of the progress order; it cannot be `progress: false`"
        )]
    );
    assert_eq!(
        codes("C"),
        [t(
            SITE,
            6,
            5,
            Error,
            "codes: \"C\" is the last code, which counts as complete; it cannot be `progress: false` (list a code outside the progress order before the complete one)"
        )]
    );
    assert_eq!(
        config_errors("stages:\n  - {code: P, label: A}\n  - {code: P, label: B}\n"),
        [t(
            SITE,
            3,
            5,
            Error,
            "stages: code \"P\" is listed twice; each code once"
        )]
    );
}

#[test]
fn invalid_config_is_reported_by_the_site_reader() {
    let (_, site) = site(&[
        ("content/site.yaml", "title: x\n\ncolour: red\n"),
        (NOV, SMALL),
    ]);
    let e = only(&site.diagnostics);
    assert_eq!((e.file.as_str(), e.line, e.col), (SITE, 3, 1));
    assert_eq!(e.severity, Error);
    // The content is still read, with the defaults.
    assert_eq!(site.history.snapshots.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Warnings.

#[test]
fn extra_cells_at_their_position() {
    let text = SMALL
        .replace("| PP          |\n", "| PP          | X |  |\n")
        .replace(
            "| Status     | P            | E           |\n",
            "| Status     | P            | E           | **E** |\n",
        );
    let (s, d) = parse(NOV, &text);
    let msg = |v: &str| {
        format!(
            "extra cell \"{v}\" beyond the table's 3 columns is ignored; remove it or add a column header"
        )
    };
    assert_eq!(
        tuples(&d),
        [
            t(NOV, 5, 45, Warning, &msg("E")),
            t(NOV, 7, 45, Warning, &msg("X")),
            t(NOV, 7, 48, Warning, &msg("")),
        ]
    );
    assert_eq!(s.unwrap().implementors[0].codes(), ["C", "PP"]);
}

#[test]
fn lower_case_code_is_read_with_a_warning() {
    let text = SMALL.replace(
        "| **Acme**   | C            | PP ",
        "| **Acme**   | c            | pp ",
    );
    let (s, d) = parse(NOV, &text);
    assert_eq!(
        tuples(&d),
        [
            t(
                NOV,
                7,
                16,
                Warning,
                "code \"c\" read as \"C\"; write it in canonical case: \"C\""
            ),
            t(
                NOV,
                7,
                31,
                Warning,
                "code \"pp\" read as \"PP\"; write it in canonical case: \"PP\""
            ),
        ]
    );
    assert_eq!(s.unwrap().implementors[0].codes(), ["C", "PP"]);

    let text = SMALL.replace("| Status     | P ", "| Status     | p ");
    let (s, d) = parse(NOV, &text);
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            5,
            16,
            Warning,
            "stage \"p\" read as \"P\"; write it in canonical case: \"P\""
        )]
    );
    assert_eq!(crate::common::stage(&s.unwrap().items[0]), "P");
}

fn december(text: &str) -> String {
    text.replace("November", "December")
}

#[test]
fn title_changed_since_previous_month() {
    let (_, site) = site(&[
        (NOV, SMALL),
        (
            "content/2023-12.md",
            &december(&SMALL.replace("GEP-2: Beta", "GEP-2: Bet2")),
        ),
    ]);
    assert_eq!(
        tuples(&site.diagnostics),
        [t(
            "content/2023-12.md",
            3,
            31,
            Warning,
            "title of GEP-2 changed from \"Beta\" (2023-11) to \"Bet2\"; keep the title unless the proposal was renamed"
        )]
    );
}

#[test]
fn near_name_in_another_month_suggests_the_alias_line() {
    let dec = december(&SMALL.replace("**Acme**", "**Acne**"));
    let (_, site) = site(&[(NOV, SMALL), ("content/2023-12.md", &dec)]);
    assert_eq!(
        tuples(&site.diagnostics),
        [t(
            "content/2023-12.md",
            7,
            3,
            Warning,
            "implementor \"Acne\" is new this month but close to \"Acme\" of 2023-11; fix the spelling if it is a typo, or if they are the same implementor add the line `\"Acme\": \"Acne\"` under `aliases: implementors:` in content/site.yaml"
        )]
    );
}

#[test]
fn near_name_of_the_seed_typo() {
    let nov = SMALL.replace("**Acme**", "**Google Kubnernetes Engine**");
    let dec = december(&SMALL.replace("**Acme**", "Google Kubernetes Engine"));
    let (_, site) = site(&[(NOV, &nov), ("content/2023-12.md", &dec)]);
    let w = only(&site.diagnostics);
    assert_eq!((w.line, w.col, w.severity), (7, 3, Warning));
    assert!(
        w.message.contains(
            "add the line `\"Google Kubnernetes Engine\": \"Google Kubernetes Engine\"` under `aliases: implementors:`"
        ),
        "{}",
        w.message
    );
}

#[test]
fn implementor_that_disappeared() {
    let dec = december(&SMALL.replace("| **Bolt**   |              | RR          |\n", ""));
    let (_, site) = site(&[(NOV, SMALL), ("content/2023-12.md", &dec)]);
    assert_eq!(
        tuples(&site.diagnostics),
        [t(
            "content/2023-12.md",
            3,
            1,
            Warning,
            "implementor \"Bolt\" of 2023-11 is missing from this snapshot; keep its row (blank cells mean not planned), or add an alias if it was renamed"
        )]
    );
}

#[test]
fn column_that_names_no_item() {
    let text = SMALL
        .replace("| GEP-2: Beta |", "| Notes       |")
        .replace("| E           |", "|             |");
    let (s, d) = parse(NOV, &text);
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            3,
            31,
            Warning,
            "column \"Notes\" does not name a proposal and is ignored; write its header as \"GEP-<number>: <title>\""
        )]
    );
    assert_eq!(s.unwrap().items.len(), 1);
}

#[test]
fn row_without_implementor_name() {
    let text = SMALL.replace("| **Bolt**   |", "|            |");
    let (_, d) = parse(NOV, &text);
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            8,
            2,
            Error,
            "row has no implementor name; write the name in its first cell"
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Values that read as a code.

#[test]
fn wrapped_and_padded_codes_read_as_the_code() {
    for cell in [
        "**C**",
        "__C__",
        "_C_",
        "*C*",
        "[C](https://x)",
        "**[C](https://x)**",
        "`C`",
        "\u{a0}C\u{a0}",
        "&nbsp;C&nbsp;",
        "&nbsp; C",
        "\u{200b}C\u{200b}",
        "\u{200b}**C**\u{a0}",
        "\u{feff}C",
    ] {
        let text = SMALL.replace(
            "| **Acme**   | C            |",
            &format!("| **Acme**   | {cell} |"),
        );
        let (s, d) = parse(NOV, &text);
        assert!(d.is_empty(), "{cell:?}: {:#?}", d.items);
        assert_eq!(s.unwrap().implementors[0].codes(), ["C", "PP"], "{cell:?}");
    }
}

#[test]
fn implementor_alias_joins_months() {
    let nov = SMALL.replace("**Acme**", "**Google Kubnernetes Engine**");
    let dec = december(&SMALL.replace("**Acme**", "Google Kubernetes Engine"));
    let (_, site) = site(&[
        (
            "content/site.yaml",
            "aliases:\n  implementors:\n    \"Google Kubnernetes Engine\": \"Google Kubernetes Engine\"\n",
        ),
        (NOV, &nov),
        ("content/2023-12.md", &dec),
    ]);
    assert!(site.diagnostics.is_empty(), "{:#?}", site.diagnostics);
    for s in &site.history.snapshots {
        let gke = &s.implementors[0];
        assert_eq!(gke.name, "Google Kubernetes Engine");
        assert_eq!(s.code("Google Kubernetes Engine", &1.into()), Some("C"));
    }
    let nov = &site.history.snapshots[0].implementors[0];
    assert_eq!(nov.written_name, "Google Kubnernetes Engine");
}

#[test]
fn diagnostics_are_sorted_and_unique() {
    let text = SMALL.replace(
        "| **Acme**   | C            | PP ",
        "| **Acme**   | X            | Y  ",
    );
    let (_, site) = site(&[
        (NOV, &text),
        ("content/2023-10.md", &text.replace("November", "October")),
    ]);
    let d: &Diagnostics = &site.diagnostics;
    let files: Vec<&str> = d.items.iter().map(|x| x.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "content/2023-10.md",
            "content/2023-10.md",
            "content/2023-11.md",
            "content/2023-11.md"
        ]
    );
    assert_eq!(d.items[0].col, 16);
    assert_eq!(d.items[1].col, 31);
}

#[test]
fn matrix_header_that_markdown_does_not_read_as_a_table() {
    // A column added to the header but not to the delimiter row.
    let text = SMALL.replace("| GEP-2: Beta |", "| GEP-2: Beta | GEP-3: Gamma |");
    let (s, d) = parse(NOV, &text);
    assert!(s.is_none());
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            3,
            1,
            Error,
            "no matrix table found: this table header has 4 cells but its delimiter row (line 4) has 3; markdown reads a table only when they match, so give the delimiter row one --- per header cell"
        )]
    );

    // No delimiter row at all.
    let text = SMALL.replace("|------------|--------------|-------------|\n", "");
    let (_, d) = parse(NOV, &text);
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            3,
            1,
            Error,
            "no matrix table found: this line names proposals but the line below it is not a delimiter row; add one right after it, like |---|---|, with one --- per column"
        )]
    );

    // Indented into a code block.
    let text: String = SMALL
        .lines()
        .map(|l| {
            if l.starts_with('|') {
                format!("    {l}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let (_, d) = parse(NOV, &text);
    assert_eq!(
        tuples(&d),
        [t(
            NOV,
            3,
            5,
            Error,
            "no matrix table found: this line names proposals but is not read as a table; start it at the beginning of a line after a blank line, outside code blocks and HTML"
        )]
    );
}
