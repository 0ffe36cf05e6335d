//! Random sequences of edits to a small site: after each edit, the preview server's incremental
//! render (`pipeline::Incremental`) must give the same files, byte for byte, as a fresh full
//! render (`pipeline::render`) of the same tree. The edits: cells, two cells of a column
//! swapped (its counts stay), titles, stages, implementors added and removed, an implementor's
//! release (an attribute column) and a month's `current_releases` (which rows count), months
//! added, removed and renamed, `content/site.yaml` and files under `themes/`. A view whose comparison
//! leaves out something its page reads (`present/views.rs`) leaves a stale page after some
//! edit, and this test fails.
//!
//! 256 cases by default (`PROPTEST_CASES` overrides it).

use proptest::prelude::*;
use statusgen::pipeline::{BuildInput, Incremental, render};
use std::collections::BTreeMap;
use std::path::Path;

const ITEMS: &[(u32, [&str; 2])] = &[
    (1016, ["GRPCRoute", "gRPC routes"]),
    (1742, ["HTTPRoute Timeouts", "Timeouts"]),
    (1897, ["BackendTLSPolicy", "Backend TLS"]),
];
const IMPLEMENTORS: &[&str] = &["Istio", "Envoy Gateway", "Cilium", "Kong"];
const CODES: &[&str] = &["", "PP", "RR", "C"];
const STAGES: &[&str] = &["P", "E", "S"];
const COMPLIANCE: &[&str] = &["R", "NF", "NS"];
/// Values of the `Release` attribute column (with [`CONFIGS`]' release configuration).
const RELEASES: &[&str] = &["", "v1.0", "v1.1"];
/// A month's `current_releases` front matter: none, or the releases that count.
const CURRENT: &[Option<&str>] = &[None, Some("[v1.1]"), Some("[v1.1, v1.0]")];
/// Months the site may have: 2024-01 to 2024-06.
const MONTHS: u32 = 6;

/// One month's table: its columns (proposal index, title variant, stage, compliance), its rows
/// (implementor index), each cell's code index by (row, column), each row's release (index into
/// [`RELEASES`], blank when absent) and the month's `current_releases` (index into [`CURRENT`]).
#[derive(Debug, Clone)]
struct Table {
    cols: Vec<(usize, usize, usize, usize)>,
    rows: Vec<usize>,
    cells: BTreeMap<(usize, usize), usize>,
    releases: BTreeMap<usize, usize>,
    current: usize,
}

impl Table {
    /// The month's file; `release`: whether the site configures the `Release` attribute column
    /// (the column is written only then, or it would be read as a proposal).
    fn markdown(&self, month: u32, release: bool) -> String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July",
        ];
        let mut s = String::new();
        if let Some(current) = CURRENT[self.current] {
            s.push_str(&format!("---\ncurrent_releases: {current}\n---\n"));
        }
        s.push_str(&format!(
            "#### Gateway API Enhancement Proposal Status {} 2024\n\n",
            names[month as usize]
        ));
        s.push('|');
        s.push_str("   |");
        if release {
            s.push_str(" Release |");
        }
        for &(p, t, _, _) in &self.cols {
            let (n, titles) = ITEMS[p];
            s.push_str(&format!(" GEP-{n}: {} |", titles[t]));
        }
        let blank = if release { " |" } else { "" };
        s.push_str("\n|---|");
        for _ in 0..self.cols.len() + usize::from(release) {
            s.push_str("---|");
        }
        s.push_str("\n| _Status_ |");
        s.push_str(blank);
        for &(_, _, st, _) in &self.cols {
            s.push_str(&format!(" {} |", STAGES[st]));
        }
        s.push_str("\n| _Compliance_ |");
        s.push_str(blank);
        for &(_, _, _, c) in &self.cols {
            s.push_str(&format!(" {} |", COMPLIANCE[c]));
        }
        for &r in &self.rows {
            s.push_str(&format!("\n| **{}** |", IMPLEMENTORS[r]));
            if release {
                let v = self.releases.get(&r).copied().unwrap_or(0);
                s.push_str(&format!(" {} |", RELEASES[v]));
            }
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
    /// A row's release (used when the config has the release column).
    Release(usize, usize, usize),
    /// A month's `current_releases`.
    Current(usize, usize),
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
        1 => (any::<usize>(), any::<usize>(), 0..RELEASES.len())
            .prop_map(|(m, r, v)| Edit::Release(m, r, v)),
        1 => (any::<usize>(), 0..CURRENT.len()).prop_map(|(m, c)| Edit::Current(m, c)),
        1 => (0..MONTHS, any::<usize>()).prop_map(|(m, from)| Edit::AddMonth(m, from)),
        1 => any::<usize>().prop_map(Edit::RemoveMonth),
        1 => (any::<usize>(), 0..MONTHS).prop_map(|(m, to)| Edit::RenameMonth(m, to)),
        1 => (0..CONFIGS.len()).prop_map(Edit::Config),
        1 => (0usize..4).prop_map(Edit::Theme),
    ]
}

fn table() -> impl Strategy<Value = Table> {
    (
        proptest::sample::subsequence((0..ITEMS.len()).collect::<Vec<_>>(), 1..=3),
        proptest::sample::subsequence((0..IMPLEMENTORS.len()).collect::<Vec<_>>(), 1..=4),
        proptest::collection::vec(0..CODES.len(), 12),
        proptest::collection::vec(0..RELEASES.len(), IMPLEMENTORS.len()),
        0..CURRENT.len(),
    )
        .prop_map(|(props, rows, codes, releases, current)| {
            let cols = props.iter().map(|&p| (p, 0, 1, 0)).collect();
            let mut cells = BTreeMap::new();
            for &r in &rows {
                for &p in &props {
                    cells.insert((r, p), codes[r * ITEMS.len() + p]);
                }
            }
            let releases = rows.iter().map(|&r| (r, releases[r])).collect();
            Table {
                cols,
                rows,
                cells,
                releases,
                current,
            }
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
    RELEASE_CONFIG,
];
/// The config with an implementor attribute column `Release` whose value decides, with a
/// month's `current_releases`, whether a row counts.
const RELEASE_CONFIG: &str = "title: \"Props\"\nbase_url: \"\"\nimplementors:\n  attributes: [Release]\n  release: Release\n";

impl Site {
    fn write(&self, root: &Path) {
        let content = root.join("content");
        let _ = std::fs::remove_dir_all(&content);
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("site.yaml"), CONFIGS[self.config]).unwrap();
        for (&m, t) in &self.months {
            let release = CONFIGS[self.config] == RELEASE_CONFIG;
            std::fs::write(
                content.join(format!("2024-{:02}.md", m + 1)),
                t.markdown(m, release),
            )
            .unwrap();
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
            Edit::Release(m, r, v) => {
                let t = self.months.get_mut(&pick(m)).unwrap();
                let r = t.rows[r % t.rows.len()];
                t.releases.insert(r, v);
            }
            Edit::Current(m, c) => {
                self.months.get_mut(&pick(m)).unwrap().current = c;
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
    (
        proptest::collection::btree_map(0..MONTHS, table(), 1..=3),
        0..CONFIGS.len(),
    )
        .prop_map(|(months, config)| Site {
            months,
            config,
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
