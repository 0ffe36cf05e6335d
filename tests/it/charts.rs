//! The charts, on their own (the golden pages redact them): what each kind draws is checked in
//! the SVG's structure — accessible name, one bar segment per non-zero count with heights in
//! proportion, complete at the bottom of each bar, the threshold and stage marks labelled,
//! one strip rectangle per run of equal codes, panels in the order given — and on a built site,
//! every chart agrees with the analysis of its content.

use roxmltree::{Document, Node};
use statusgen::present::charts::{
    self, CodeSeries, ItemChart, Panel, StripRow, slot_colour, small_multiples, strip,
};
use std::collections::BTreeMap;
use std::path::Path;

fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn texts(doc: &Document) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

fn num(n: &Node, a: &str) -> f64 {
    n.attribute(a).unwrap().parse().unwrap()
}

/// A filled rectangle: x, y, width, height, fill.
type Rect = (f64, f64, f64, f64, String);

/// Filled rectangles, without the white background.
fn filled_rects(doc: &Document) -> Vec<Rect> {
    doc.descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter(|n| {
            n.attribute("fill")
                .is_some_and(|f| f != "none" && f != "#FFFFFF")
        })
        .map(|n| {
            (
                num(&n, "x"),
                num(&n, "y"),
                num(&n, "width"),
                num(&n, "height"),
                n.attribute("fill").unwrap().to_string(),
            )
        })
        .collect()
}

fn accessible(doc: &Document, id: &str, title: &str, desc: &str) {
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some(format!("{id}-title {id}-desc").as_str())
    );
    let by_id = |i: String| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(i.as_str()))
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(by_id(format!("{id}-title")).as_deref(), Some(title));
    assert_eq!(by_id(format!("{id}-desc")).as_deref(), Some(desc));
}

fn series(code: &str, slot: usize, counts: &[usize]) -> CodeSeries {
    CodeSeries {
        code: code.into(),
        label: format!("{code} label"),
        colour: Some(slot),
        counts: counts.to_vec(),
    }
}

#[test]
fn item_chart_stacks_one_segment_per_count_in_proportion() {
    let pp = [1, 0, 2];
    let rr = [0, 2, 1];
    let c = [1, 1, 3];
    let chart = ItemChart {
        id: "chart-7".into(),
        title: "GEP-7: implementors by code over time".into(),
        desc: "Stacked bars <&>".into(),
        months: vec!["Jan 2024".into(), "Feb 2024".into(), "Mar 2024".into()],
        series: vec![
            series("PP", 1, &pp),
            series("RR", 2, &rr),
            series("C", 3, &c),
        ],
        stage_marks: vec![(2, "E → S".into())],
        threshold: Some(3),
        y_desc: "implementors".into(),
    };
    let svg = charts::item_chart(&chart).unwrap();
    let doc = Document::parse(&svg).unwrap();
    accessible(
        &doc,
        "chart-7",
        "GEP-7: implementors by code over time",
        "Stacked bars <&>",
    );

    // Bar segments: every filled rectangle wider than a legend swatch.
    let bars: Vec<_> = filled_rects(&doc)
        .into_iter()
        .filter(|r| r.2 > 14.0)
        .collect();
    let colour = |slot| hex(slot_colour(Some(slot)));
    for (rank, counts) in [(1, &pp), (2, &rr), (3, &c)] {
        let drawn = bars.iter().filter(|r| r.4 == colour(rank)).count();
        let nonzero = counts.iter().filter(|&&n| n > 0).count();
        assert_eq!(drawn, nonzero, "segments of rank {rank}");
    }
    // Group by bar (x); heights in proportion to the counts; complete at the bottom.
    let mut by_x: BTreeMap<i64, Vec<&Rect>> = BTreeMap::new();
    for r in &bars {
        by_x.entry(r.0.round() as i64).or_default().push(r);
    }
    assert_eq!(by_x.len(), 3, "one bar per month");
    let mut units = Vec::new();
    for (month, segs) in by_x.values().enumerate() {
        let total = pp[month] + rr[month] + c[month];
        let height: f64 = segs.iter().map(|r| r.3).sum();
        units.push(height / total as f64);
        let bottom = segs.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        assert_eq!(
            bottom.4,
            colour(3),
            "complete is the bottom of month {month}"
        );
    }
    for u in &units {
        assert!(
            (u - units[0]).abs() <= 2.0,
            "heights out of proportion: {units:?}"
        );
    }

    let t = texts(&doc);
    assert!(t.contains(&"C C label".to_string()), "legend: {t:?}");
    assert!(t.contains(&"E → S".to_string()), "stage mark: {t:?}");
    assert!(t.contains(&"3 complete".to_string()), "threshold: {t:?}");
    assert!(t.contains(&"Mar 2024".to_string()), "month axis: {t:?}");
    // The threshold and the stage mark are dashed lines.
    let dashed = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") || n.has_tag_name("line"))
        .count();
    assert!(dashed >= 2);
}

#[test]
fn small_multiples_label_each_panel_in_order_with_its_count_now() {
    let panels = vec![
        Panel {
            colour: Some(3),
            label: "GEP-2".into(),
            counts: vec![Some(1), Some(2), Some(4)],
        },
        Panel {
            colour: Some(3),
            label: "GEP-1".into(),
            counts: vec![None, Some(1), None],
        },
        Panel {
            colour: Some(3),
            label: "GEP-3".into(),
            counts: vec![Some(0), Some(0), Some(0)],
        },
    ];
    let svg = small_multiples("chart-complete", "T", "D", &panels, 3, Some(3), None).unwrap();
    let doc = Document::parse(&svg).unwrap();
    accessible(&doc, "chart-complete", "T", "D");
    let labels: Vec<String> = texts(&doc)
        .into_iter()
        .filter(|t| t.starts_with("GEP-"))
        .collect();
    // The count shown is the latest month the proposal was listed in.
    assert_eq!(labels, ["GEP-2 · 4", "GEP-1 · 1", "GEP-3 · 0"]);
    // GEP-1 has one listed month: a dot instead of an area.
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("circle"))
            .count(),
        1
    );
}

#[test]
fn strip_draws_one_rectangle_per_run_and_outlines_unlisted_months() {
    let months: Vec<String> = ["Jan", "Feb", "Mar", "Apr"].map(String::from).to_vec();
    let rows = vec![
        StripRow {
            label: "GEP-1".into(),
            cells: vec![
                Some((Some(1), "PP")),
                Some((Some(1), "PP")),
                Some((Some(3), "C")),
                Some((Some(3), "C")),
            ],
        },
        StripRow {
            label: "GEP-2".into(),
            cells: vec![
                None,
                Some((Some(2), "RR")),
                Some((Some(1), "PP")),
                Some((Some(2), "RR")),
            ],
        },
    ];
    let svg = strip("chart-kong", "Kong", "Grid", &months, &rows).unwrap();
    let doc = Document::parse(&svg).unwrap();
    accessible(&doc, "chart-kong", "Kong", "Grid");
    let cells = filled_rects(&doc);
    // GEP-1: two runs; GEP-2: three runs (the unlisted month is an outline, not filled).
    assert_eq!(cells.len(), 5, "{cells:?}");
    let widths: Vec<f64> = cells.iter().map(|r| r.2).collect();
    assert!(
        (widths[0] - 2.0 * widths[2]).abs() <= 2.0,
        "a run of two is twice one: {widths:?}"
    );
    assert_eq!(cells[1].4, hex(slot_colour(Some(3))));
    let outlined = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("none"))
        .count();
    assert_eq!(outlined, 1);
    let t = texts(&doc);
    for s in ["GEP-1", "GEP-2", "PP", "C", "RR", "Jan"] {
        assert!(t.contains(&s.to_string()), "{s} in {t:?}");
    }
}

/// On a built fixture site, each proposal's chart draws as many implementors per month as the
/// analysis counts (the sum of segment heights over the unit of one implementor).
#[test]
fn built_item_charts_agree_with_the_analysis() {
    let root = Path::new("tests/fixtures/three-months");
    let site = statusgen::pipeline::read(root).unwrap();
    let analysis = statusgen::pipeline::analyse(&site);
    let tmp = tempfile::tempdir().unwrap();
    let input = statusgen::pipeline::BuildInput {
        root: root.to_path_buf(),
        ..Default::default()
    };
    statusgen::pipeline::build(&input, &tmp.path().join("out"), false).unwrap();
    let mut checked = 0;
    for ph in &analysis.stats.items {
        let path = tmp
            .path()
            .join("out")
            .join(format!("{}/{}/chart.svg", site.config.items.path, ph.key));
        let svg = std::fs::read_to_string(&path).unwrap();
        let doc = Document::parse(&svg).unwrap();
        let bars: Vec<_> = filled_rects(&doc)
            .into_iter()
            .filter(|r| r.2 > 14.0)
            .collect();
        let segments: usize = ph
            .months
            .iter()
            .map(|m| m.counts.iter().skip(1).filter(|&&n| n > 0).count())
            .sum();
        assert_eq!(bars.len(), segments, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 3);
}

#[test]
fn small_multiples_cut_long_titles_to_their_panel_and_link_repeated_titles_once_each() {
    let panel = |label: &str, now: usize| Panel {
        label: label.into(),
        colour: Some(3),
        counts: vec![Some(1), Some(now)],
    };
    // Unnumbered items have long titles, and two items may share one.
    let panels = [
        panel("Safe for concurrent calls", 9),
        panel("Safe for concurrent calls", 9),
        panel("IsValid", 7),
    ];
    let svg = small_multiples("m", "t", "d", &panels, 2, None, None).unwrap();
    let doc = Document::parse(&svg).unwrap();
    assert_eq!(
        texts(&doc),
        [
            "Safe for concurrent cal… · 9",
            "Safe for concurrent cal… · 9",
            "IsValid · 7"
        ]
    );
    // Three panels of 293 px to a row, where short labels get five of 176.
    assert_eq!(doc.root_element().attribute("width"), Some("879"));
    let links = [
        ("Safe for concurrent calls".to_string(), 9, "a/".to_string()),
        ("Safe for concurrent calls".to_string(), 9, "b/".to_string()),
        ("IsValid".to_string(), 7, "c/".to_string()),
    ];
    let linked = charts::link_panels(&svg, &links);
    let doc = Document::parse(&linked).unwrap();
    let anchors: Vec<(String, Vec<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            (
                a.attribute("href").unwrap().to_string(),
                a.children()
                    .filter(Node::is_element)
                    .map(|c| format!("{}: {}", c.tag_name().name(), c.text().unwrap_or("").trim()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        anchors,
        [
            (
                "a/".to_string(),
                vec![
                    "title: Safe for concurrent calls · 9".to_string(),
                    "text: Safe for concurrent cal… · 9".to_string()
                ]
            ),
            (
                "b/".to_string(),
                vec![
                    "title: Safe for concurrent calls · 9".to_string(),
                    "text: Safe for concurrent cal… · 9".to_string()
                ]
            ),
            ("c/".to_string(), vec!["text: IsValid · 7".to_string()]),
        ]
    );
}
