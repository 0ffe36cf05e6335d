//! Random sequences of edits to a small site: after each edit, the preview server's incremental
//! render (`pipeline::Incremental`) must give the same files, byte for byte, as a fresh full
//! render (`pipeline::render`) of the same tree. The edits: cells, two cells of a column
//! swapped (its counts stay), titles, stages, implementors added and removed, months added,
//! removed and renamed, `content/site.yaml` and files under `themes/`. A view whose comparison
//! leaves out something its page reads (`present/views.rs`) leaves a stale page after some
//! edit, and this test fails.
//!
//! 256 cases by default (`PROPTEST_CASES` overrides it).

use proptest::prelude::*;
use statusgen::pipeline::{BuildInput, Incremental, render};
use std::collections::BTreeMap;
use std::path::Path;

const PROPOSALS: &[(u32, [&str; 2])] = &[
    (1016, ["GRPCRoute", "gRPC routes"]),
    (1742, ["HTTPRoute Timeouts", "Timeouts"]),
    (1897, ["BackendTLSPolicy", "Backend TLS"]),
];
const IMPLEMENTORS: &[&str] = &["Istio", "Envoy Gateway", "Cilium", "Kong"];
const CODES: &[&str] = &["", "PP", "RR", "C"];
const STAGES: &[&str] = &["P", "E", "S"];
const COMPLIANCE: &[&str] = &["R", "NF", "NS"];
/// Months the site may have: 2024-01 to 2024-06.
const MONTHS: u32 = 6;

/// One month's table: its columns (proposal index, title variant, stage, compliance), its rows
/// (implementor index) and each cell's code index, by (row, column).
#[derive(Debug, Clone)]
struct Table {
    cols: Vec<(usize, usize, usize, usize)>,
    rows: Vec<usize>,
    cells: BTreeMap<(usize, usize), usize>,
}

impl Table {
    fn markdown(&self, month: u32) -> String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July",
        ];
        let mut s = format!(
            "#### Gateway API Enhancement Proposal Status {} 2024\n\n",
            names[month as usize]
        );
        s.push('|');
        s.push_str("   |");
        for &(p, t, _, _) in &self.cols {
            let (n, titles) = PROPOSALS[p];
            s.push_str(&format!(" GEP-{n}: {} |", titles[t]));
        }
        s.push_str("\n|---|");
        for _ in &self.cols {
            s.push_str("---|");
        }
        s.push_str("\n| _Status_ |");
        for &(_, _, st, _) in &self.cols {
            s.push_str(&format!(" {} |", STAGES[st]));
        }
        s.push_str("\n| _Compliance_ |");
        for &(_, _, _, c) in &self.cols {
            s.push_str(&format!(" {} |", COMPLIANCE[c]));
        }
        for &r in &self.rows {
            s.push_str(&format!("\n| **{}** |", IMPLEMENTORS[r]));
            for &(p, ..) in &self.cols {
                let code = self.cells.get(&(r, p)).copied().unwrap_or(0);
                s.push_str(&format!(" {} |", CODES[code]));
            }
        }
        s.push('\n');
        s
    }
}

/// One edit; the numbers pick among what exists (taken modulo its count).
#[derive(Debug, Clone)]
enum Edit {
    Cell(usize, usize, usize, usize),
    /// Two rows' codes in one column swapped: the column's counts stay, its cells do not.
    Swap(usize, usize, usize, usize),
    Title(usize, usize, usize),
    Stage(usize, usize, usize, usize),
    AddRow(usize, usize),
    RemoveRow(usize, usize),
    AddMonth(u32, usize),
    RemoveMonth(usize),
    RenameMonth(usize, u32),
    Config(usize),
    Theme(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), any::<usize>(), any::<usize>(), 0..CODES.len())
            .prop_map(|(m, r, c, v)| Edit::Cell(m, r, c, v)),
        1 => (any::<usize>(), any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(m, c, a, b)| Edit::Swap(m, c, a, b)),
        1 => (any::<usize>(), any::<usize>(), 0usize..2).prop_map(|(m, c, t)| Edit::Title(m, c, t)),
        1 => (any::<usize>(), any::<usize>(), 0..STAGES.len(), 0..COMPLIANCE.len())
            .prop_map(|(m, c, s, k)| Edit::Stage(m, c, s, k)),
        1 => (any::<usize>(), 0..IMPLEMENTORS.len()).prop_map(|(m, r)| Edit::AddRow(m, r)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(m, r)| Edit::RemoveRow(m, r)),
        1 => (0..MONTHS, any::<usize>()).prop_map(|(m, from)| Edit::AddMonth(m, from)),
        1 => any::<usize>().prop_map(Edit::RemoveMonth),
        1 => (any::<usize>(), 0..MONTHS).prop_map(|(m, to)| Edit::RenameMonth(m, to)),
        1 => (0usize..4).prop_map(Edit::Config),
        1 => (0usize..4).prop_map(Edit::Theme),
    ]
}

fn table() -> impl Strategy<Value = Table> {
    (
        proptest::sample::subsequence((0..PROPOSALS.len()).collect::<Vec<_>>(), 1..=3),
        proptest::sample::subsequence((0..IMPLEMENTORS.len()).collect::<Vec<_>>(), 1..=4),
        proptest::collection::vec(0..CODES.len(), 12),
    )
        .prop_map(|(props, rows, codes)| {
            let cols = props.iter().map(|&p| (p, 0, 1, 0)).collect();
            let mut cells = BTreeMap::new();
            for &r in &rows {
                for &p in &props {
                    cells.insert((r, p), codes[r * PROPOSALS.len() + p]);
                }
            }
            Table { cols, rows, cells }
        })
}

/// The site's files as the test keeps them: month → table; config and theme variants.
#[derive(Debug, Clone)]
struct Site {
    months: BTreeMap<u32, Table>,
    config: usize,
    theme: usize,
}

const CONFIGS: &[&str] = &[
    "title: \"Props\"\nbase_url: \"\"\n",
    "title: \"Props, edited\"\ndescription: \"Edited\"\nbase_url: \"\"\n",
    "title: \"Props\"\nbase_url: \"https://example.org/status/\"\n",
    "title: \"Props\"\nbase_url: \"\"\ngraduation_threshold: 2\nlinks:\n  - title: \"Repo\"\n    url: \"https://example.org/repo\"\n",
];

impl Site {
    fn write(&self, root: &Path) {
        let content = root.join("content");
        let _ = std::fs::remove_dir_all(&content);
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("site.yaml"), CONFIGS[self.config]).unwrap();
        for (&m, t) in &self.months {
            std::fs::write(content.join(format!("2024-{:02}.md", m + 1)), t.markdown(m)).unwrap();
        }
        let themes = root.join("themes");
        let _ = std::fs::remove_dir_all(&themes);
        let dir = themes.join("default");
        let default = |name: &str| {
            std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("themes/default/templates")
                    .join(name),
            )
            .unwrap()
        };
        match self.theme {
            0 => {}
            1 => {
                std::fs::create_dir_all(dir.join("static")).unwrap();
                std::fs::write(dir.join("static/extra.css"), "p{}\n").unwrap();
            }
            2 => {
                std::fs::create_dir_all(dir.join("templates")).unwrap();
                let t = default("month.html") + "\n<!-- edited month template -->\n";
                std::fs::write(dir.join("templates/month.html"), t).unwrap();
            }
            _ => {
                std::fs::create_dir_all(dir.join("templates")).unwrap();
                let t = default("404.html").replace("</", "\n</");
                std::fs::write(dir.join("templates/404.html"), t).unwrap();
            }
        }
    }

    /// Applies `e`; false when it picked nothing that exists (the site is unchanged).
    fn apply(&mut self, e: &Edit) -> bool {
        let n = self.months.len();
        let pick = |i: usize| *self.months.keys().nth(i % n).unwrap();
        match *e {
            Edit::Cell(m, r, c, v) => {
                let t = self.months.get_mut(&pick(m)).unwrap();
                let r = t.rows[r % t.rows.len()];
                let p = t.cols[c % t.cols.len()].0;
                t.cells.insert((r, p), v);
            }
            Edit::Swap(m, c, a, b) => {
                let t = self.months.get_mut(&pick(m)).unwrap();
                let (a, b) = (t.rows[a % t.rows.len()], t.rows[b % t.rows.len()]);
                let p = t.cols[c % t.cols.len()].0;
                let (x, y) = (t.cells.get(&(a, p)).copied(), t.cells.get(&(b, p)).copied());
                if let (Some(x), Some(y)) = (x, y) {
                    t.cells.insert((a, p), y);
                    t.cells.insert((b, p), x);
                }
            }
            Edit::Title(m, c, v) => {
                let t = self.months.get_mut(&pick(m)).unwrap();
                let len = t.cols.len();
                t.cols[c % len].1 = v;
            }
            Edit::Stage(m, c, s, k) => {
                let t = self.months.get_mut(&pick(m)).unwrap();
                let len = t.cols.len();
                t.cols[c % len].2 = s;
                t.cols[c % len].3 = k;
            }
            Edit::AddRow(m, r) => {
                let t = self.months.get_mut(&pick(m)).unwrap();
                if t.rows.contains(&r) {
                    return false;
                }
                t.rows.push(r);
            }
            Edit::RemoveRow(m, r) => {
                let t = self.months.get_mut(&pick(m)).unwrap();
                if t.rows.len() < 2 {
                    return false;
                }
                t.rows.remove(r % t.rows.len());
            }
            Edit::AddMonth(m, from) => {
                if self.months.contains_key(&m) {
                    return false;
                }
                let t = self.months[&pick(from)].clone();
                self.months.insert(m, t);
            }
            Edit::RemoveMonth(m) => {
                if n < 2 {
                    return false;
                }
                self.months.remove(&pick(m));
            }
            Edit::RenameMonth(m, to) => {
                if self.months.contains_key(&to) {
                    return false;
                }
                let t = self.months.remove(&pick(m)).unwrap();
                self.months.insert(to, t);
            }
            Edit::Config(c) => self.config = c,
            Edit::Theme(t) => self.theme = t,
        }
        true
    }
}

fn site() -> impl Strategy<Value = Site> {
    proptest::collection::btree_map(0..MONTHS, table(), 1..=3).prop_map(|months| Site {
        months,
        config: 0,
        theme: 0,
    })
}

/// Renders incrementally and fully; both fail, or both give the same paths and bytes.
fn same_as_full(
    inc: &mut Incremental,
    input: &BuildInput,
    step: &str,
) -> Result<(), TestCaseError> {
    let update = inc.render(input);
    let full = render(input);
    let (update, full) = match (update, full) {
        (Ok(u), Ok(f)) => (u, f),
        (Err(_), Err(_)) => return Ok(()),
        (u, f) => {
            return Err(TestCaseError::fail(format!(
                "{step}: incremental {:?}, full {:?}",
                u.err().map(|e| e.to_string()),
                f.err().map(|e| e.to_string())
            )));
        }
    };
    let inc_paths: Vec<&str> = update.files.iter().map(|f| f.path.as_str()).collect();
    let full_paths: Vec<&str> = full.files.iter().map(|f| f.path.as_str()).collect();
    prop_assert_eq!(inc_paths, full_paths, "{}: other files", step);
    let differ: Vec<&str> = update
        .files
        .iter()
        .zip(&full.files)
        .filter(|(i, f)| i.bytes.as_slice() != f.bytes.as_slice())
        .map(|(i, _)| i.path.as_str())
        .collect();
    prop_assert!(differ.is_empty(), "{}: stale files {:?}", step, differ);
    prop_assert_eq!(update.warnings, full.warnings, "{}", step);
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn incremental_render_equals_a_full_render_after_every_edit(
        start in site(),
        edits in proptest::collection::vec(edit(), 1..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let input = BuildInput { root: root.to_path_buf(), ..Default::default() };
        let mut site = start;
        site.write(root);
        let mut inc = Incremental::new();
        same_as_full(&mut inc, &input, "first render")?;
        for (i, e) in edits.iter().enumerate() {
            if site.apply(e) {
                site.write(root);
                same_as_full(&mut inc, &input, &format!("edit {i}: {e:?}"))?;
            }
        }
    }
}
