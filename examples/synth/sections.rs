//! The second shape of the `synth` example (`--shape sections`): a spec compliance matrix as
//! issue #16 describes it, in the site's `matrix:` configuration. Languages are the columns,
//! every row is a feature, a `##` heading per section with its own table, group rows in both
//! forms (a linked label with blank cells, or a row repeating the column titles), an `Optional`
//! attribute column, `N/A` cells, the same label in every group of a section ("Configuration"),
//! languages joining over time (and a section's table gaining a language's column a few months
//! after the others), features added over time and one feature moving to another group. A small
//! splitmix64 PRNG drives it: the same options give byte-for-byte the same files, and every
//! generated site checks without a diagnostic.

use statusgen::model::Month;

/// The languages, in column order (`MAX_LANGUAGES` of them).
const LANGUAGES: [&str; 20] = [
    "Go",
    "Java",
    "Python",
    "JavaScript",
    "Rust",
    "Ruby",
    "Swift",
    "Kotlin",
    "Erlang",
    "Elixir",
    "PHP",
    "Perl",
    "Lua",
    "Dart",
    "Scala",
    "Haskell",
    "C++",
    "Zig",
    "OCaml",
    "Julia",
];
/// Most languages `--shape sections` makes.
pub const MAX_LANGUAGES: usize = LANGUAGES.len();

const SECTIONS: [&str; 8] = [
    "Traces",
    "Metrics",
    "Logs",
    "Baggage",
    "Resource",
    "Propagators",
    "Profiles",
    "Events",
];
const VERBS: [&str; 16] = [
    "Create",
    "Get",
    "Set",
    "Remove",
    "Record",
    "Export",
    "Flush",
    "Shut down",
    "Register",
    "Configure",
    "Sample",
    "Inject",
    "Extract",
    "Validate",
    "Merge",
    "Limit",
];
const NOUNS: [&str; 24] = [
    "provider",
    "tracer",
    "span",
    "meter",
    "counter",
    "histogram",
    "gauge",
    "logger",
    "record",
    "attribute",
    "event",
    "link",
    "exemplar",
    "view",
    "processor",
    "exporter",
    "sampler",
    "context",
    "carrier",
    "entry",
    "schema URL",
    "scope",
    "resource",
    "batch",
];
const GROUPS: [&str; 12] = [
    "Provider",
    "Instrument",
    "Processor",
    "Exporter",
    "Sampler",
    "Context",
    "Views",
    "Limits",
    "Attributes",
    "Batching",
    "Shutdown",
    "Schema",
];

/// splitmix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True with probability `p` per thousand.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

/// One feature row.
struct Feature {
    label: String,
    section: usize,
    group: usize,
    optional: bool,
    /// The month index it appears from.
    from: usize,
    /// Per language: 0 blank, 1 `-`, 2 `+`, 3 `N/A`.
    cells: Vec<u8>,
}

/// The files of a site of `months` snapshots, `languages` columns by the end and `features`
/// rows by the end: `(path, text)`, `content/site.yaml` first.
pub fn generate(
    months: usize,
    languages: usize,
    features: usize,
    seed: u64,
    start: Month,
) -> Vec<(String, String)> {
    let languages = languages.clamp(1, MAX_LANGUAGES);
    let mut rng = Rng(seed ^ 0x5ec7_1035);
    let sections = features.div_ceil(50).clamp(1, SECTIONS.len());
    // Languages join over time: about 60% at the start.
    let initial = (languages * 3).div_ceil(5).max(1);
    let joins: Vec<usize> = (0..languages)
        .map(|l| {
            if l < initial {
                0
            } else {
                1 + rng.below(months.max(2) as u64 - 1) as usize
            }
        })
        .collect();
    // One section's table gains each late language's column a few months after the others.
    let late_section: Vec<(usize, usize)> = joins
        .iter()
        .map(|&j| {
            (
                rng.below(sections as u64) as usize,
                j + 1 + rng.below(3) as usize,
            )
        })
        .collect();
    // Features: spread over the sections, six to a group, every group's first one named
    // "Configuration" (the same label in every group of a section).
    let mut used = std::collections::HashSet::new();
    let mut list: Vec<Feature> = Vec::with_capacity(features);
    for i in 0..features {
        let section = i % sections;
        let in_section = i / sections;
        let group = in_section / 6;
        let label = if in_section.is_multiple_of(6) {
            "Configuration".to_string()
        } else {
            loop {
                let l = format!(
                    "{} {} {}",
                    VERBS[rng.below(VERBS.len() as u64) as usize],
                    NOUNS[rng.below(NOUNS.len() as u64) as usize],
                    NOUNS[rng.below(NOUNS.len() as u64) as usize]
                );
                let slug = statusgen::slug::slugify(&l);
                if used.insert((section, slug)) {
                    break l;
                }
            }
        };
        let from = if rng.chance(600) {
            0
        } else {
            rng.below(months as u64) as usize
        };
        let cells = (0..languages)
            .map(|_| if rng.chance(40) { 3 } else { 0 })
            .collect();
        list.push(Feature {
            label,
            section,
            group,
            optional: rng.chance(150),
            from,
            cells,
        });
    }
    // Rows go in section order, then group, then first appearance.
    list.sort_by_key(|f| (f.section, f.group));
    // One feature (not a "Configuration" row) moves to the next group half-way.
    let mover = list
        .iter()
        .position(|f| f.label != "Configuration" && f.from == 0);
    let move_at = months / 2;

    let mut files = vec![("content/site.yaml".to_string(), site_yaml())];
    let mut month = start;
    for m in 0..months {
        // Cells move along blank → - → +, rarely back; N/A stays.
        for f in list.iter_mut() {
            if m < f.from {
                continue;
            }
            for c in f.cells.iter_mut() {
                *c = match *c {
                    0 if rng.chance(60) => 1,
                    1 if rng.chance(80) => 2,
                    2 if rng.chance(4) => 1,
                    c => c,
                };
            }
        }
        let mut text = String::from("# Spec compliance matrix\n\n");
        for (s, section_name) in SECTIONS.iter().enumerate().take(sections) {
            let cols: Vec<usize> = (0..languages)
                .filter(|&l| {
                    m >= joins[l]
                        && !(late_section[l].0 == s && joins[l] > 0 && m < late_section[l].1)
                })
                .collect();
            let mut rows: Vec<Vec<String>> = Vec::new();
            let mut header = vec!["Feature".to_string(), "Optional".to_string()];
            header.extend(cols.iter().map(|&l| LANGUAGES[l].to_string()));
            let mut last_group = None;
            let mut feature_rows: Vec<(usize, &Feature)> = list
                .iter()
                .enumerate()
                .filter(|(_, f)| f.section == s && m >= f.from)
                .map(|(i, f)| {
                    let g = if Some(i) == mover && m >= move_at {
                        f.group + 1
                    } else {
                        f.group
                    };
                    (g, f)
                })
                .collect();
            feature_rows.sort_by_key(|(g, _)| *g);
            for (g, f) in feature_rows {
                if last_group != Some(g) {
                    let name = format!("{} {}", GROUPS[g % GROUPS.len()], g / GROUPS.len() + 1);
                    if g % 2 == 0 {
                        // A linked label with blank cells.
                        let mut r = vec![format!("[{name}](spec/{}.md)", s), String::new()];
                        r.extend(cols.iter().map(|_| String::new()));
                        rows.push(r);
                    } else {
                        // A row repeating the column titles.
                        let mut r = header.clone();
                        r[0] = name;
                        rows.push(r);
                    }
                    last_group = Some(g);
                }
                let mut r = vec![
                    f.label.clone(),
                    if f.optional {
                        "Optional".into()
                    } else {
                        String::new()
                    },
                ];
                r.extend(cols.iter().map(|&l| {
                    match f.cells[l] {
                        1 => "-",
                        2 => "+",
                        3 => "N/A",
                        _ => "",
                    }
                    .to_string()
                }));
                rows.push(r);
            }
            text.push_str(&format!("## {section_name}\n\n"));
            push_table(&mut text, &header, &rows);
            text.push('\n');
        }
        files.push((format!("content/{month}.md"), text));
        month = month.next();
    }
    files
}

fn push_table(out: &mut String, header: &[String], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count().max(3)).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut String, cells: &[String]| {
        out.push('|');
        for (c, w) in cells.iter().zip(&widths) {
            out.push(' ');
            out.push_str(c);
            out.extend(std::iter::repeat_n(' ', w - c.chars().count()));
            out.push_str(" |");
        }
        out.push('\n');
    };
    line(out, header);
    out.push('|');
    for w in &widths {
        out.push_str(&"-".repeat(w + 2));
        out.push('|');
    }
    out.push('\n');
    for r in rows {
        line(out, r);
    }
}

fn site_yaml() -> String {
    "# A synthetic spec compliance matrix (the synth example, --shape sections).
title: \"Spec compliance, month by month\"
description: \"Which languages support which features of the spec, month by month.\"
proposals:
  label: Feature
  path: features
  url: \"\"
implementors:
  label: Language
matrix:
  orientation: columns
  items: all
  attribute_columns: [Optional]
  group_rows: true
  sections: headings
codes:
  - { code: \"\", label: Not known }
  - { code: \"-\", label: Not supported }
  - { code: \"+\", label: Supported }
not_applicable: [\"N/A\"]
graduation_threshold: null
"
    .to_string()
}
