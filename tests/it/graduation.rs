//! Graduation stated right (issue #12, item 1) on tests/fixtures/graduation: GEP-100 crosses
//! the threshold up (2024-02), down (2024-04) and up again (2024-05); GEP-200 (Standard) meets
//! it from the first snapshot; GEP-300 (Memorandum) and GEP-400 (Declined) are not assessed
//! whatever their counts; GEP-500 is Standard below it; GEP-600 (Experimental) falls below in
//! 2024-02; GEP-700 became Standard in 2024-02 with 1 complete implementation and reached the
//! threshold in 2024-03 (issue 20, item 5: graduated without the evidence all the same), two of
//! its three complete cells linking to their evidence. Every month also has an `Other?` prompt
//! row with complete cells, which must count for nothing.

use crate::common::statusgen;
use crate::common::visible as text;
use std::path::Path;

fn build() -> (tempfile::TempDir, std::path::PathBuf) {
    crate::common::build_into_temp(Path::new("tests/fixtures/graduation"))
}

#[test]
fn graduation_json_has_each_state_and_month() {
    let (_tmp, out) = build();
    let json = std::fs::read_to_string(out.join("data/graduation.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    // Each proposal's stage since the first snapshot, unless said otherwise.
    let first = |n: usize| -> serde_json::Value {
        serde_json::json!({"stage_reached": "before_first_snapshot", "complete_at_stage": n,
                           "month": "2024-05"})
    };
    let names = |names: &[&str]| -> serde_json::Value {
        names
            .iter()
            .map(|n| serde_json::json!({"name": n, "evidence": null}))
            .collect()
    };
    let want = [
        (
            serde_json::json!({"number": 100, "id": "GEP-100", "stage": "E", "complete": 3,
                "state": "ready", "reached": "2024-05", "dropped": "2024-04",
                "implementations": names(&["Alpha", "Bravo", "Charlie"])}),
            first(1),
        ),
        (
            serde_json::json!({"number": 200, "id": "GEP-200", "stage": "S", "complete": 4,
                "state": "graduated", "reached": "before_first_snapshot", "dropped": null,
                "implementations": names(&["Alpha", "Bravo", "Charlie", "Delta"])}),
            first(4),
        ),
        (
            serde_json::json!({"number": 300, "id": "GEP-300", "stage": "M", "complete": 3,
                "state": "not_assessed", "reached": null, "dropped": null,
                "implementations": names(&["Alpha", "Bravo", "Charlie"])}),
            first(3),
        ),
        (
            serde_json::json!({"number": 400, "id": "GEP-400", "stage": "D", "complete": 0,
                "state": "not_assessed", "reached": null, "dropped": null,
                "implementations": []}),
            first(0),
        ),
        (
            serde_json::json!({"number": 500, "id": "GEP-500", "stage": "S", "complete": 1,
                "state": "graduated_without_evidence", "reached": null, "dropped": null,
                "implementations": names(&["Alpha"])}),
            first(1),
        ),
        (
            serde_json::json!({"number": 600, "id": "GEP-600", "stage": "E", "complete": 1,
                "state": "below", "reached": null, "dropped": "2024-02",
                "implementations": names(&["Alpha"])}),
            first(3),
        ),
        // Standard from February 2024 with 1 complete; the threshold came in March.
        (
            serde_json::json!({"number": 700, "id": "GEP-700", "stage": "S", "complete": 3,
            "state": "graduated_without_evidence", "reached": "2024-03", "dropped": null,
            "implementations": [
                {"name": "Alpha", "evidence": "https://example.com/reports/alpha-700.yaml"},
                {"name": "Charlie", "evidence": null},
                {"name": "Delta", "evidence": "https://example.com/reports/delta.yaml?v=1&ref=main"}
            ]}),
            serde_json::json!({"stage_reached": "2024-02", "complete_at_stage": 1,
                               "month": "2024-05"}),
        ),
    ];
    let items: Vec<serde_json::Value> = want
        .into_iter()
        .map(|(mut p, stage)| {
            let p_obj = p.as_object_mut().unwrap();
            p_obj.extend(stage.as_object().unwrap().clone());
            p
        })
        .collect();
    assert_eq!(v, serde_json::json!({"threshold": 3, "proposals": items}));
}

#[test]
fn complete_counts_in_the_json_equal_the_export() {
    let (_tmp, out) = build();
    let grad: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/graduation.json")).unwrap())
            .unwrap();
    let hist: serde_json::Value = crate::common::long_form(
        &serde_json::from_str(&std::fs::read_to_string(out.join("data/history.json")).unwrap())
            .unwrap(),
    );
    let latest = hist["snapshots"].as_array().unwrap().last().unwrap();
    for p in grad["proposals"].as_array().unwrap() {
        let key = p["number"].to_string();
        let complete = latest["implementors"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["cells"][&key] == "C")
            .count();
        assert_eq!(p["complete"], complete, "{key}");
    }
}

#[test]
fn the_page_groups_by_state_in_the_order_a_maintainer_acts_on() {
    let (_tmp, out) = build();
    let page = text(&std::fs::read_to_string(out.join("graduation/index.html")).unwrap());
    let main = &page[page.find("Graduation A GEP").unwrap()..];
    let order = [
        "Ready to graduate (1) GEP Title Stage Complete When Counted complete GEP-100 Crosses up down and up Experimental since January 2024 or earlier, 1 complete then 3 complete · threshold 3 reached in May 2024 Alpha Bravo Charlie",
        "Graduated without the evidence (2) GEP Title Stage Complete When Counted complete GEP-500 Thin standard Standard 1 complete · threshold 3 Standard in January 2024 or earlier, with 1 complete then; still below Alpha",
        "GEP-700 Graduates first Standard 3 complete · threshold 3 became Standard in February 2024 with 1 complete; reached the threshold in March 2024 Alpha Charlie Delta",
        "Below the threshold (1) GEP Title Stage Complete When Counted complete GEP-600 Falls below Experimental since January 2024 or earlier, 3 complete then 1 complete · threshold 3 fell below in February 2024 Alpha",
        "Graduated (1) GEP Title Stage Complete When Counted complete GEP-200 Above from the start Standard since January 2024 or earlier, 4 complete then 4 complete · threshold 3 reached before the first snapshot Alpha Bravo Charlie Delta",
        "Not assessed (2) GEP Title Stage Complete Counted complete GEP-300 A memorandum Memorandum since January 2024 or earlier, 3 complete then 3 complete Alpha Bravo Charlie GEP-400 Declined idea Declined since January 2024 or earlier, 0 complete then 0 complete none",
    ];
    let mut at = 0;
    for group in order {
        let i = main[at..]
            .find(group)
            .unwrap_or_else(|| panic!("{group:?} after {at} in {main}"));
        at += i + group.len();
    }
}

#[test]
fn linked_from_the_index_and_every_page_nav() {
    let (_tmp, out) = build();
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(r#"<li><a href="graduation/index.html">Graduation</a></li>"#));
    assert!(text(&index).contains(
        "Which are ready to graduate : 1 ready to graduate, 2 graduated without the evidence."
    ));
    let month = std::fs::read_to_string(out.join("2024-05/index.html")).unwrap();
    assert!(month.contains(r#"<li><a href="../graduation/index.html">Graduation</a></li>"#));
}

#[test]
fn the_item_page_words_its_state() {
    let (_tmp, out) = build();
    let p100 = text(&std::fs::read_to_string(out.join("geps/100/index.html")).unwrap());
    assert!(
        p100.contains(
            "Graduation 3 complete · threshold 3 ; ready to graduate , reached in May 2024"
        ),
        "{p100}"
    );
    let p300 = text(&std::fs::read_to_string(out.join("geps/300/index.html")).unwrap());
    assert!(
        p300.contains("Graduation 3 complete · threshold 3 ; not assessed"),
        "{p300}"
    );
    assert!(p300.contains("Compliance no compliance value"), "{p300}");
}

#[test]
fn graduated_below_the_threshold_names_when_and_its_evidence() {
    let (_tmp, out) = build();
    let html = std::fs::read_to_string(out.join("geps/700/index.html")).unwrap();
    let page = text(&html);
    // The stage's month and count are in the graduation's words, not twice.
    assert!(page.contains("Stage Standard Compliance"), "{page}");
    assert!(
        page.contains(
            "Graduation 3 complete · threshold 3 ; graduated without the evidence , became Standard in February 2024 with 1 complete; reached the threshold in March 2024"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "Counted complete in May 2024 Each linked to its evidence where the matrix has one. Alpha Charlie Delta Adoption over time"
        ),
        "{page}"
    );
    // The evidence links, escaped; Charlie's cell has none.
    for page in [
        html.clone(),
        std::fs::read_to_string(out.join("graduation/index.html")).unwrap(),
    ] {
        assert!(page.replace('\n', "").contains(
            r#"<li><a href="https://example.com/reports/alpha-700.yaml">Alpha</a></li><li>Charlie</li><li><a href="https://example.com/reports/delta.yaml?v=1&amp;ref=main">Delta</a></li>"#
        ));
    }
    // The history by implementor leads with the latest month.
    assert!(
        page.contains(
            "History by implementor Newest first. GEP-700: each implementor's code per month, newest first; blank: Not planned, –: not listed that month Implementor May 2024 Apr 2024 Mar 2024 Feb 2024 Jan 2024 Echo Alpha C C C C C Bravo Charlie C C C Delta C C C"
        ),
        "{page}"
    );
    // Charlie completed GEP-700 in March: its C cells come first, its blank cells last.
    assert!(html.contains(
        r#"<a href="../../implementors/charlie/index.html">Charlie</a></th><td class=r3>C<td class=r3>C<td class=r3>C<td class=r0><td class=r0></tr>"#
    ), "{html}");
    // A proposal graduated from the start names its implementations without links.
    let p200 = text(&std::fs::read_to_string(out.join("geps/200/index.html")).unwrap());
    assert!(
        p200.contains("Counted complete in May 2024 Each linked to its evidence where the matrix has one. Alpha Bravo Charlie Delta Adoption"),
        "{p200}"
    );
}

#[test]
fn placeholder_rows_are_never_implementors() {
    let (_tmp, out) = build();
    assert!(!out.join("implementors/other").exists());
    let names: Vec<String> = std::fs::read_dir(out.join("implementors"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");
}

/// `statusgen diff --format json FROM TO` on the fixture.
fn diff_json(from: &str, to: &str) -> serde_json::Value {
    let out = statusgen()
        .args([
            "diff",
            from,
            to,
            "--root",
            "tests/fixtures/graduation",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn crossings_are_in_the_diff_json_and_lead_its_summary() {
    let d = diff_json("2024-01", "2024-02");
    assert_eq!(
        d["threshold_crossings"],
        serde_json::json!([
            {"proposal": 100, "direction": "up"},
            {"proposal": 600, "direction": "down"}
        ])
    );
    assert!(
        d["summary"]
            .as_str()
            .unwrap()
            .starts_with("GEP-100 reached 3 complete implementations, GEP-600 fell below 3 complete implementations, "),
        "{}",
        d["summary"]
    );
    assert_eq!(
        diff_json("2024-03", "2024-04")["threshold_crossings"],
        serde_json::json!([{"proposal": 100, "direction": "down"}])
    );
    assert_eq!(
        diff_json("2024-04", "2024-05")["threshold_crossings"],
        serde_json::json!([{"proposal": 100, "direction": "up"}])
    );
    // GEP-400 (Declined) loses its only PP: a change, but never a crossing. GEP-700 (Standard)
    // crosses.
    assert_eq!(
        diff_json("2024-02", "2024-03")["threshold_crossings"],
        serde_json::json!([{"proposal": 700, "direction": "up"}])
    );
}

#[test]
fn crossings_lead_the_changes_page_and_feed_and_regressions_come_first() {
    let (_tmp, out) = build();
    let page = std::fs::read_to_string(out.join("2024-04/changes/index.html")).unwrap();
    let main = text(&page[page.find("<main").unwrap()..page.find("</main>").unwrap()]);
    let main = main.as_str();
    let crossing = main
        .find("Graduation threshold GEP-100 fell below 3 complete implementations")
        .expect(main);
    let regressions = main
        .find("Regressions regression GEP-100 · Charlie : C → RR (Ready in next release) regression GEP-100 · Delta : C → PP (Planned, in progress) By GEP")
        .expect(main);
    let by_item = main.find("By GEP").expect(main);
    assert!(crossing < regressions && regressions < by_item, "{main}");
    // Inside a group, regressions come before advances.
    let group = &main[by_item..];
    let g100 = &group[group.find("GEP-100 Crosses").unwrap()..];
    // Echo's advance is the first row of the table, yet listed after the regressions.
    let advance = g100.find("advance Echo").expect(g100);
    assert!(g100.find("regression Charlie").unwrap() < advance, "{g100}");
    assert!(g100.find("regression Delta").unwrap() < advance, "{g100}");
    assert!(main.starts_with(
        "Changes in April 2024 GEP-100 fell below 3 complete implementations, 1 advance, 2 regressions since March 2024."
    ), "{main}");
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(
        feed.contains("in February 2024: GEP-100 reached 3 complete implementations, GEP-600 fell below 3 complete implementations, 2 advances"),
        "{feed}"
    );
}

/// The `<td …>` cell with `id` on a month page, up to the next cell or the row's end.
fn cell<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<td id={id} "))
        .unwrap_or_else(|| panic!("no cell {id}"));
    let tail = &html[start + 3..];
    let end = [tail.find("<td"), tail.find('\n')]
        .into_iter()
        .flatten()
        .min()
        .unwrap();
    &html[start..start + 3 + end]
}

#[test]
fn changed_cells_are_marked_and_plain_codes_carry_no_title() {
    let (_tmp, out) = build();
    let html = std::fs::read_to_string(out.join("2024-04/index.html")).unwrap();
    let charlie = cell(&html, "charlie-100");
    assert!(charlie.contains("data-change=regression"), "{charlie}");
    assert!(charlie.contains("(regressed this month)"), "{charlie}");
    let echo = cell(&html, "echo-100");
    assert!(echo.contains("data-change=advance"), "{echo}");
    assert!(echo.contains("(advanced this month)"), "{echo}");
    // Unchanged cells carry no data-change; no plain code carries a title (issue 26: the month
    // a code was reached is on the implementor's page, not in every cell).
    let bravo = cell(&html, "bravo-100");
    assert!(bravo.starts_with("<td id=bravo-100 class=r"), "{bravo}");
    assert!(!bravo.contains("data-change"), "{bravo}");
    assert!(!html.contains(" title=\"C since"), "{html}");
    // Every changed cell is one of the diff's cell changes, and the rows say how many changed.
    assert_eq!(html.matches("data-change=").count(), 3);
    assert!(html.contains(
        r#"data-complete=3 data-any=4 data-changed=1>
<th scope=row><a href="../implementors/charlie/index.html">Charlie</a>"#
    ));
    assert!(html.contains(
        r#"data-complete=6 data-any=6 data-changed=0>
<th scope=row><a href="../implementors/alpha/index.html">Alpha</a>"#
    ));
    // The first month has nothing to compare with.
    let first = std::fs::read_to_string(out.join("2024-01/index.html")).unwrap();
    assert_eq!(first.matches("data-change=").count(), 0);
}

#[test]
fn matrix_totals_equal_the_export() {
    let (_tmp, out) = build();
    let hist: serde_json::Value = crate::common::long_form(
        &serde_json::from_str(&std::fs::read_to_string(out.join("data/history.json")).unwrap())
            .unwrap(),
    );
    for snap in hist["snapshots"].as_array().unwrap() {
        let date = snap["date"].as_str().unwrap();
        let html = std::fs::read_to_string(out.join(format!("{date}/index.html"))).unwrap();
        let items = snap["proposals"].as_array().unwrap();
        let implementors = snap["implementors"].as_array().unwrap();
        // tfoot: one total per proposal, marked when it meets the threshold of 3.
        let foot = &html[html.find("<tfoot>").unwrap()..html.find("</tfoot>").unwrap()];
        let totals: Vec<String> = foot
            .split("<td class=\"total")
            .skip(1)
            .map(|t| text(&format!("<td class=\"total{t}")))
            .collect();
        assert_eq!(totals.len(), items.len() + 1, "{date}");
        let mut all = 0;
        for (p, shown) in items.iter().zip(&totals) {
            let key = p["number"].to_string();
            let n = implementors
                .iter()
                .filter(|i| i["cells"][&key] == "C")
                .count();
            all += n;
            let want = if n >= 3 {
                format!("{n} ✓ (meets the threshold)")
            } else {
                n.to_string()
            };
            assert_eq!(shown, &want, "{date} {key}");
        }
        assert_eq!(totals.last().unwrap(), &all.to_string(), "{date}");
        // One "N of P" per implementor row.
        for i in implementors {
            let n = i["cells"]
                .as_object()
                .unwrap()
                .values()
                .filter(|c| *c == "C")
                .count();
            let name = i["name"].as_str().unwrap();
            let row = &html[html.find(&format!("\">{name}</a></th>")).unwrap()..];
            let row = &row[..row.find("</tr>").unwrap()];
            assert!(
                row.contains(&format!("<td class=total>{n} of {}\n", items.len())),
                "{date} {name}: {row}"
            );
        }
    }
}

#[test]
fn implementors_list_last_change_and_stale_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    for e in std::fs::read_dir("tests/fixtures/graduation/content").unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), root.join("content").join(e.file_name())).unwrap();
    }
    std::fs::write(
        root.join("content/site.yaml"),
        "title: \"Graduation fixture\"\nstale_after_months: 1\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let input = statusgen::pipeline::BuildInput {
        root: root.clone(),
        ..Default::default()
    };
    statusgen::pipeline::build(&input, &out, false).unwrap();
    let list = text(&std::fs::read_to_string(out.join("implementors/index.html")).unwrap());
    for row in [
        "Alpha 6 of 7 January 2024 stale (no change for 4 months)",
        "Bravo 3 of 7 February 2024 stale (no change for 3 months)",
        "Charlie 4 of 7 May 2024 Delta",
        "Delta 2 of 7 April 2024 Echo",
        "Echo 0 of 7 April 2024",
    ] {
        assert!(list.contains(row), "{row:?} in {list}");
    }
    let html = std::fs::read_to_string(out.join("implementors/index.html")).unwrap();
    assert!(
        html.contains(
            r#"data-name="Alpha" data-complete="6" data-last="2024-01" data-current="1""#
        )
    );
    let index = text(&std::fs::read_to_string(out.join("index.html")).unwrap());
    assert!(
        index.contains("2 implementors have not changed their rows for more than 1 month. Implementors by last change"),
        "{index}"
    );
    // With the default of 6 months nobody in this five-month history is stale.
    let (_tmp, out) = build();
    let list = std::fs::read_to_string(out.join("implementors/index.html")).unwrap();
    assert!(!list.contains("class=\"stale\""));
}

#[test]
fn small_multiples_link_their_item_and_span_the_months() {
    let (_tmp, out) = build();
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let svg = &index[index.find("<svg").unwrap()..index.find("</svg>").unwrap()];
    for n in [100, 200, 300, 400, 500, 600, 700] {
        let link = format!("<a href=\"geps/{n}/index.html\"><text");
        assert_eq!(svg.matches(&link).count(), 1, "{n}");
    }
    assert!(svg.contains(">GEP-100 · 3</text></a>"), "{svg}");
    // Links may not sit inside role="img": the linked chart is a labelled group.
    assert!(
        svg.starts_with(
            "<svg role=\"group\" aria-labelledby=\"chart-complete-title chart-complete-desc\""
        ),
        "{svg}"
    );
    // Each of the seven panels names the first and the last month.
    assert_eq!(svg.matches(">Jan 2024</text>").count(), 7, "{svg}");
    assert_eq!(svg.matches(">May 2024</text>").count(), 7, "{svg}");
    // The standalone SVG has no links (its relative URLs would differ).
    let standalone = std::fs::read_to_string(out.join("charts/complete.svg")).unwrap();
    assert!(!standalone.contains("<a "));
    assert!(standalone.contains(">Jan 2024</text>"));
}

#[test]
fn axis_labels_are_thinned_by_measured_width() {
    use statusgen::present::charts::label_step;
    let months = |n: usize| -> Vec<String> { (0..n).map(|_| "Nov 2023".to_string()).collect() };
    // "Nov 2023" at 15 px: 8 × 0.6 × 15 + 15 = 87 px a label.
    for n in [1, 3, 6, 12, 24, 36, 120] {
        let step = label_step(&months(n), 548.0, 15.0);
        let per_bar = 548.0 / n as f64;
        assert!(per_bar * step as f64 >= 87.0, "{n} months: step {step}");
        // Not thinner than needed.
        assert!(
            step == 1 || per_bar * ((step - 1) as f64) < 87.0,
            "{n} months: step {step}"
        );
    }
    assert_eq!(label_step(&months(6), 548.0, 15.0), 1);
    assert_eq!(label_step(&months(12), 548.0, 15.0), 2);
}
