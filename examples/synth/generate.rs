//! Synthetic history (the `synth` example, not part of the library): a deterministic generator of whole sites (`content/YYYY-MM.md` snapshots
//! plus `content/site.yaml`) in the format of the hand-edited seed tables, for benchmarks and
//! tests. A small self-contained PRNG (splitmix64) drives a month-by-month simulation: cells move
//! along blank → PP → RR → C with small probabilities and rarely regress, implementors join and
//! proposals are added over time (about 60% present at the start), stages advance P → I/E → S,
//! compliance NS → NF → R, one implementor is renamed mid-history (mapped back to one identity by
//! an alias in `site.yaml`) and, at most once per 24 months, a month is skipped. Names are built
//! from word lists and kept at least four edits apart, so a generated site checks without a
//! single diagnostic. The same options always give byte-for-byte the same files, and the work is
//! linear in months × implementors × proposals.

use statusgen::analyse::identity::edit_distance;
use statusgen::model::Month;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Most implementors [`generate`] makes (the name pool holds more than this, kept far apart).
pub const MAX_IMPLEMENTORS: usize = 250;
/// Most proposals [`generate`] makes (distinct titles available).
pub const MAX_PROPOSALS: usize = 300;
/// Most snapshot files [`generate`] makes.
pub const MAX_MONTHS: usize = 1200;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthOptions {
    /// Number of snapshot files (a skipped month does not count).
    pub months: usize,
    /// Number of implementors by the end of the history.
    pub implementors: usize,
    /// Number of proposals by the end of the history.
    pub proposals: usize,
    pub seed: u64,
    /// Month of the first snapshot.
    pub start: Month,
}

impl SynthOptions {
    /// Options starting in January 2022.
    pub fn new(months: usize, implementors: usize, proposals: usize, seed: u64) -> SynthOptions {
        SynthOptions {
            months,
            implementors,
            proposals,
            seed,
            start: Month {
                year: 2022,
                month: 1,
            },
        }
    }

    /// Checks the counts are in range; the message says what is allowed.
    pub fn validate(&self) -> Result<(), String> {
        let check = |what: &str, n: usize, max: usize| {
            if (1..=max).contains(&n) {
                Ok(())
            } else {
                Err(format!("{what} must be between 1 and {max}, not {n}"))
            }
        };
        check("months", self.months, MAX_MONTHS)?;
        check("implementors", self.implementors, MAX_IMPLEMENTORS)?;
        check("proposals", self.proposals, MAX_PROPOSALS)?;
        // Skipped months add at most one per 24 files.
        let last = self.start.index() + (self.months + self.months / 24) as i64;
        if Month::new(self.start.year, self.start.month).is_none() || last > 9999 * 12 + 11 {
            return Err(format!(
                "start {} with {} months runs past year 9999",
                self.start, self.months
            ));
        }
        Ok(())
    }
}

impl Default for SynthOptions {
    /// The small size: 12 months, 20 implementors, 15 proposals, seed 1.
    fn default() -> Self {
        SynthOptions::new(12, 20, 15, 1)
    }
}

/// Writes the generated site under `dir` (which must be missing or empty): every file of
/// [`generate`], `content/site.yaml` included.
pub fn write_site(dir: &Path, opts: &SynthOptions) -> io::Result<()> {
    opts.validate()
        .map_err(|m| io::Error::new(io::ErrorKind::InvalidInput, m))?;
    write_files(dir, generate(opts))
}

/// Writes `(relative path, text)` files under `dir`, which must be missing or empty.
pub fn write_files(dir: &Path, files: Vec<(String, String)>) -> io::Result<()> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!(
                        "{} is not empty; choose a new or empty directory",
                        dir.display()
                    ),
                ));
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
    }
    Ok(())
}

/// The files of a synthetic site as `(relative path, text)`: one `content/YYYY-MM.md` per
/// month in month order, then `content/site.yaml`. Counts outside [`SynthOptions::validate`]'s
/// ranges are clamped into them.
pub fn generate(opts: &SynthOptions) -> Vec<(String, String)> {
    let months = opts.months.clamp(1, MAX_MONTHS);
    let n_imp = opts.implementors.clamp(1, MAX_IMPLEMENTORS);
    let n_prop = opts.proposals.clamp(1, MAX_PROPOSALS);
    let start = Month::new(opts.start.year, opts.start.month).unwrap_or(Month {
        year: 2022,
        month: 1,
    });
    let mut rng = Rng::new(opts.seed);
    let mut sim = Sim::new(&mut rng, months, n_imp, n_prop);

    let month_of = calendar(&mut rng, start, months);
    let mut files = Vec::with_capacity(months + 1);
    for (f, &month) in month_of.iter().enumerate() {
        let news = sim.step(&mut rng, f);
        let text = render(&sim, f, month, &news);
        files.push((format!("content/{month}.md"), text));
    }
    files.push(("content/site.yaml".to_string(), site_yaml(&sim, opts.seed)));
    files
}

// ---------------------------------------------------------------------------------------------
// Randomness

/// splitmix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6a09_e667_f3bc_c908)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `per_10k` / 10 000.
    fn chance(&mut self, per_10k: usize) -> bool {
        self.below(10_000) < per_10k
    }

    /// Index drawn with the given weights (the last index when all are zero).
    fn weighted(&mut self, weights: &[usize]) -> usize {
        let total: usize = weights.iter().sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Names

const NAME_HEADS: &[&str] = &[
    "Nimbus", "Orca", "Falcon", "Juniper", "Basalt", "Cobalt", "Harbor", "Lantern", "Meridian",
    "Quartz", "Sable", "Tundra", "Vireo", "Zephyr", "Aurora", "Beacon", "Cypress", "Ember",
    "Fjord", "Granite", "Heron", "Indigo", "Jasper", "Kestrel", "Lumen", "Magnolia", "Nebula",
    "Onyx", "Pelican", "Quokka", "Raven", "Sequoia", "Tamarack", "Umbra", "Vortex", "Wren",
    "Yarrow", "Zinnia", "Alder", "Bramble", "Condor", "Dune", "Egret", "Fennel", "Gecko", "Hollow",
    "Ibis", "Jaguar", "Krill", "Lynx", "Marlin", "Narwhal", "Osprey", "Puffin", "Rook", "Starling",
    "Tern", "Walrus", "Acacia", "Birch", "Comet", "Drift", "Fathom", "Glacier", "Helix", "Iris",
    "Kelp", "Mistral", "Nova", "Obsidian", "Prism", "Ripple", "Solstice", "Thistle", "Willow",
];

const NAME_TAILS: &[&str] = &[
    "Gateway",
    "Mesh",
    "Proxy",
    "Ingress",
    "Edge",
    "Router",
    "Relay",
    "Balancer",
    "Fabric",
    "Link",
    "Switch",
    "Portal",
    "Controller",
    "Traffic Manager",
    "Service Mesh",
];

const TITLE_SUBJECTS: &[&str] = &[
    "HTTPRoute",
    "GRPCRoute",
    "TLSRoute",
    "TCPRoute",
    "UDPRoute",
    "Gateway",
    "Listener",
    "Backend",
    "Mesh",
    "GatewayClass",
    "Policy",
    "ReferenceGrant",
];

const TITLE_TOPICS: &[&str] = &[
    "Timeouts",
    "Retries",
    "Session Persistence",
    "Header Modifiers",
    "Request Mirroring",
    "Rate Limiting",
    "Query Param Matching",
    "Traffic Splitting",
    "Port Matching",
    "Client Certificates",
    "Infrastructure Labels",
    "Status Conditions",
    "Protocol Selection",
    "Cross-Namespace References",
    "Weighted Backends",
    "Redirect Rules",
    "URL Rewrites",
    "CORS Configuration",
    "Connection Draining",
    "Health Checks",
    "Parent Binding",
    "Conformance Levels",
    "Authentication Filters",
    "Duration Format",
    "Address Allocation",
    "Merging Rules",
    "Access Logging",
    "Circuit Breaking",
    "Keepalive Settings",
];

/// Names at most this many edits apart count as near; generated names are all further apart.
const NEAR: usize = 3;

/// Candidate names in a seeded order; [`NamePool::take`] hands out names far from every name
/// handed out before.
struct NamePool {
    candidates: Vec<(usize, usize)>,
    next: usize,
    taken: Vec<String>,
}

impl NamePool {
    fn new(rng: &mut Rng) -> NamePool {
        let mut candidates: Vec<(usize, usize)> = (0..NAME_HEADS.len())
            .flat_map(|h| (0..NAME_TAILS.len()).map(move |t| (h, t)))
            .collect();
        rng.shuffle(&mut candidates);
        NamePool {
            candidates,
            next: 0,
            taken: Vec::new(),
        }
    }

    fn name((h, t): (usize, usize)) -> String {
        format!("{} {}", NAME_HEADS[h], NAME_TAILS[t])
    }

    /// Takes `name` if it is far from every name taken so far.
    fn try_take(&mut self, name: String) -> Option<String> {
        let len = name.chars().count();
        let far = self.taken.iter().all(|t| {
            let tl = t.chars().count();
            len.abs_diff(tl) > NEAR || edit_distance(&name, t) > NEAR
        });
        if far {
            self.taken.push(name.clone());
            Some(name)
        } else {
            None
        }
    }

    /// The next far-apart name, or `None` when the pool is exhausted.
    fn take(&mut self) -> Option<String> {
        while self.next < self.candidates.len() {
            let c = self.candidates[self.next];
            self.next += 1;
            if let Some(n) = self.try_take(NamePool::name(c)) {
                return Some(n);
            }
        }
        None
    }

    /// A new name for `old`: the same head with another tail (a rebrand), else any free name.
    fn rename(&mut self, rng: &mut Rng, old: &str) -> Option<String> {
        let head = old.split(' ').next().unwrap_or("");
        if let Some(h) = NAME_HEADS.iter().position(|x| *x == head) {
            let mut tails: Vec<usize> = (0..NAME_TAILS.len()).collect();
            rng.shuffle(&mut tails);
            for t in tails {
                let n = NamePool::name((h, t));
                if n != old
                    && let Some(n) = self.try_take(n)
                {
                    return Some(n);
                }
            }
        }
        self.take()
    }
}

/// `n` distinct proposal titles in a seeded order.
fn titles(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut all: Vec<String> = TITLE_SUBJECTS
        .iter()
        .flat_map(|s| TITLE_TOPICS.iter().map(move |t| format!("{s} {t}")))
        .collect();
    rng.shuffle(&mut all);
    all.truncate(n);
    all
}

// ---------------------------------------------------------------------------------------------
// Simulation

const CODES: [&str; 4] = ["", "PP", "RR", "C"];
const STAGES: [&str; 4] = ["P", "I", "E", "S"];
const COMPLIANCE: [&str; 4] = ["", "NS", "NF", "R"];

const BLANK: u8 = 0;
const PP: u8 = 1;
const RR: u8 = 2;
const C: u8 = 3;

const PROVISIONAL: u8 = 0;
const IMPLEMENTABLE: u8 = 1;
const EXPERIMENTAL: u8 = 2;
const STANDARD: u8 = 3;

struct Imp {
    /// The name from the rename on (the identity).
    name: String,
    /// File index of the first snapshot listing it.
    joined: usize,
}

struct Prop {
    number: u32,
    title: String,
    added: usize,
    stage: u8,
    compliance: u8,
}

struct Rename {
    imp: usize,
    old: String,
    at: usize,
}

/// What happened in one month, for the prose.
#[derive(Default)]
struct News {
    joined: Vec<usize>,
    added: Vec<usize>,
    renamed: bool,
}

struct Sim {
    imps: Vec<Imp>,
    props: Vec<Prop>,
    /// `cells[i * props.len() + p]`: the code of implementor `i` for proposal `p`.
    cells: Vec<u8>,
    rename: Option<Rename>,
    regressions: usize,
    stage_changes: usize,
    compliance_changes: usize,
    force_regression_at: usize,
    force_stage_at: usize,
}

/// About 60% of `n`, at least 1, fewer than `n` when `n` ≥ 2.
fn initial_count(n: usize) -> usize {
    ((n * 3 + 2) / 5).max(1)
}

/// Join months: the first ~60% at 0, the rest spread over the later months, in order.
fn schedule(rng: &mut Rng, n: usize, months: usize) -> Vec<usize> {
    let first = initial_count(n);
    let mut at: Vec<usize> = (0..n)
        .map(|i| {
            if i < first || months < 2 {
                0
            } else {
                1 + rng.below(months - 1)
            }
        })
        .collect();
    at.sort_unstable();
    at
}

impl Sim {
    fn new(rng: &mut Rng, months: usize, n_imp: usize, n_prop: usize) -> Sim {
        let mut pool = NamePool::new(rng);
        let mut imps: Vec<Imp> = schedule(rng, n_imp, months)
            .into_iter()
            .enumerate()
            .map(|(i, joined)| Imp {
                name: pool.take().unwrap_or_else(|| format!("Implementor {i}")),
                joined,
            })
            .collect();
        rng.shuffle(&mut imps);

        // One implementor present from the start is renamed halfway.
        let rename = if months >= 2 {
            let initial: Vec<usize> = (0..imps.len()).filter(|&i| imps[i].joined == 0).collect();
            let i = initial[rng.below(initial.len())];
            let old = imps[i].name.clone();
            pool.rename(rng, &old).map(|new| {
                imps[i].name = new;
                Rename {
                    imp: i,
                    old,
                    at: (months / 2).max(1),
                }
            })
        } else {
            None
        };

        let titles = titles(rng, n_prop);
        let mut number = 700 + rng.below(400) as u32;
        let props: Vec<Prop> = schedule(rng, n_prop, months)
            .into_iter()
            .zip(titles)
            .map(|(added, title)| {
                number += 10 + rng.below(190) as u32;
                let (stage, compliance) = if added == 0 {
                    let stage = rng.weighted(&[40, 15, 45]) as u8;
                    let compliance = if stage == EXPERIMENTAL {
                        rng.weighted(&[40, 35, 20, 5]) as u8
                    } else {
                        rng.weighted(&[60, 40]) as u8
                    };
                    (stage, compliance)
                } else {
                    (PROVISIONAL, rng.weighted(&[70, 30]) as u8)
                };
                Prop {
                    number,
                    title,
                    added,
                    stage,
                    compliance,
                }
            })
            .collect();

        let cells = vec![BLANK; imps.len() * props.len()];
        Sim {
            imps,
            props,
            cells,
            rename,
            regressions: 0,
            stage_changes: 0,
            compliance_changes: 0,
            force_regression_at: (months * 2 / 3).max(1),
            force_stage_at: (months / 2).max(1),
        }
    }

    fn cell(&mut self, i: usize, p: usize) -> &mut u8 {
        let n = self.props.len();
        &mut self.cells[i * n + p]
    }

    /// Advances the simulation to file `f` and returns what is new in it.
    fn step(&mut self, rng: &mut Rng, f: usize) -> News {
        if f > 0 {
            self.evolve(rng, f);
        }
        let mut news = News::default();
        // New proposals: existing implementors rarely plan them at once.
        for p in 0..self.props.len() {
            if self.props[p].added != f {
                continue;
            }
            if f > 0 {
                news.added.push(p);
            }
            for i in 0..self.imps.len() {
                if self.imps[i].joined < f && rng.chance(500) {
                    *self.cell(i, p) = PP;
                }
            }
        }
        // New implementors arrive with some work done.
        for i in 0..self.imps.len() {
            if self.imps[i].joined != f {
                continue;
            }
            if f > 0 {
                news.joined.push(i);
            }
            for p in 0..self.props.len() {
                if self.props[p].added > f {
                    continue;
                }
                let weights: &[usize] = match (f, self.props[p].stage) {
                    (_, PROVISIONAL) => &[85, 12, 1, 2],
                    (0, _) => &[55, 18, 8, 19],
                    _ => &[70, 15, 5, 10],
                };
                *self.cell(i, p) = rng.weighted(weights) as u8;
            }
        }
        news.renamed = self.rename.as_ref().is_some_and(|r| r.at == f);
        news
    }

    /// One month passes: stages, compliance and cells of everything listed last month move.
    fn evolve(&mut self, rng: &mut Rng, f: usize) {
        for p in 0..self.props.len() {
            let prop = &mut self.props[p];
            if prop.added >= f {
                continue;
            }
            let before = prop.stage;
            prop.stage = match prop.stage {
                PROVISIONAL if rng.chance(400) => IMPLEMENTABLE,
                PROVISIONAL if rng.chance(200) => EXPERIMENTAL,
                IMPLEMENTABLE if rng.chance(600) => EXPERIMENTAL,
                EXPERIMENTAL if rng.chance(200) => STANDARD,
                s => s,
            };
            if prop.stage != before {
                self.stage_changes += 1;
            }
            let test_odds = if prop.stage == PROVISIONAL { 300 } else { 800 };
            if prop.compliance < 3 && rng.chance(test_odds) {
                prop.compliance += 1;
                self.compliance_changes += 1;
            }
        }
        if f == self.force_stage_at && self.compliance_changes == 0 {
            let start = rng.below(self.props.len());
            let n = self.props.len();
            if let Some(p) = (0..n)
                .map(|k| (start + k) % n)
                .find(|&p| self.props[p].added < f && self.props[p].compliance < 3)
            {
                self.props[p].compliance += 1;
                self.compliance_changes += 1;
            }
        }
        if f == self.force_stage_at && self.stage_changes == 0 {
            let start = rng.below(self.props.len());
            let n = self.props.len();
            if let Some(p) = (0..n)
                .map(|k| (start + k) % n)
                .find(|&p| self.props[p].added < f && self.props[p].stage < STANDARD)
            {
                self.props[p].stage += 1;
                self.stage_changes += 1;
            }
        }

        for i in 0..self.imps.len() {
            if self.imps[i].joined >= f {
                continue;
            }
            for p in 0..self.props.len() {
                if self.props[p].added >= f {
                    continue;
                }
                let plan_odds = match self.props[p].stage {
                    PROVISIONAL => 150,
                    IMPLEMENTABLE => 250,
                    EXPERIMENTAL => 400,
                    _ => 500,
                };
                let cell = *self.cell(i, p);
                let next = match cell {
                    BLANK if rng.chance(plan_odds) => PP,
                    PP if rng.chance(1200) => RR,
                    PP if rng.chance(60) => BLANK,
                    RR if rng.chance(2500) => C,
                    C if rng.chance(30) => RR,
                    c => c,
                };
                if next < cell {
                    self.regressions += 1;
                }
                *self.cell(i, p) = next;
            }
        }
        if f == self.force_regression_at && self.regressions == 0 {
            let n = self.cells.len();
            let start = rng.below(n);
            let np = self.props.len();
            let found = (0..n).map(|k| (start + k) % n).find(|&k| {
                let (i, p) = (k / np, k % np);
                self.imps[i].joined < f
                    && self.props[p].added < f
                    && matches!(self.cells[k], PP | C)
            });
            if let Some(k) = found {
                self.cells[k] = if self.cells[k] == C { RR } else { BLANK };
                self.regressions += 1;
            }
        }
    }

    /// The name implementor `i` is written with in file `f`.
    fn written_name(&self, i: usize, f: usize) -> &str {
        match &self.rename {
            Some(r) if r.imp == i && f < r.at => &r.old,
            _ => &self.imps[i].name,
        }
    }
}

/// The month of each file: consecutive, except one skipped month at most once per 24 files.
fn calendar(rng: &mut Rng, start: Month, months: usize) -> Vec<Month> {
    let mut out = Vec::with_capacity(months);
    let mut month = start;
    let mut gap = 6 + rng.below(18);
    for f in 0..months {
        if f > 0 {
            month = month.next();
            if f == gap {
                month = month.next();
                gap += 24 + rng.below(12);
            }
        }
        out.push(month);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Rendering

fn push_padded(out: &mut String, text: &str, width: usize) {
    out.push(' ');
    out.push_str(text);
    for _ in text.chars().count()..width {
        out.push(' ');
    }
    out.push_str(" |");
}

fn push_row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>, widths: &[usize]) {
    out.push('|');
    for (text, &w) in cells.zip(widths) {
        push_padded(out, text, w);
    }
    out.push('\n');
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {}", rest.join(", "), last),
    }
}

fn render(sim: &Sim, f: usize, month: Month, news: &News) -> String {
    let long = month.long_name();
    let mut out = String::new();
    let _ = write!(
        out,
        "#### Gateway API Enhancement Proposal Status {long}

This table lists the Gateway API Enhancement Proposals that are currently in Provisional (P),
Implementable (I), Experimental (E) or Standard (S) status (see row 2, Status).

The results of compliance testing for each GEP is listed in row 3 (Compliance).  The Compliance
codes are:

* NS - Compliance tests not started
* NF - Compliance tests not finished (being developed)
* R  - Compliance tests ready for implementors to run

This table lists {long} implementors of beta, alpha, or GA status.  Each implementor can mark
this table with a code for their support and/or planned support for each of the proposed enhancements,
using these codes:

* blank - Not planned
* PP - Planned, in progress
* RR - Ready in next release
* C  - Complete in current release

"
    );
    let mut notes = Vec::new();
    if !news.joined.is_empty() {
        let names: Vec<String> = news
            .joined
            .iter()
            .map(|&i| format!("**{}**", sim.written_name(i, f)))
            .collect();
        let verb = if names.len() == 1 { "joins" } else { "join" };
        notes.push(format!(
            "Welcome to {}, which {verb} the table this month.",
            and_list(&names)
        ));
    }
    if !news.added.is_empty() {
        let ids: Vec<String> = news
            .added
            .iter()
            .map(|&p| format!("GEP-{} ({})", sim.props[p].number, sim.props[p].title))
            .collect();
        let verb = if ids.len() == 1 { "is" } else { "are" };
        notes.push(format!("{} {verb} new this month.", and_list(&ids)));
    }
    if let Some(r) = sim.rename.as_ref().filter(|_| news.renamed) {
        notes.push(format!(
            "**{}** is now called **{}**.",
            r.old, sim.imps[r.imp].name
        ));
    }
    if !notes.is_empty() {
        out.push_str(&notes.join("  "));
        out.push_str("\n\n");
    }
    out.push_str("Please fill the row for your implementation below.  Submitting a PR comment \"suggestion\" with the values is preferred.\n\n");

    let props: Vec<&Prop> = sim.props.iter().filter(|p| p.added <= f).collect();
    let prop_index: Vec<usize> = (0..sim.props.len())
        .filter(|&p| sim.props[p].added <= f)
        .collect();
    let mut rows: Vec<(String, usize)> = (0..sim.imps.len())
        .filter(|&i| sim.imps[i].joined <= f)
        .map(|i| (format!("**{}**", sim.written_name(i, f)), i))
        .collect();
    rows.sort_by(|a, b| {
        a.0.to_lowercase()
            .cmp(&b.0.to_lowercase())
            .then(a.1.cmp(&b.1))
    });

    let headers: Vec<String> = props
        .iter()
        .map(|p| format!("GEP-{}: {}", p.number, p.title))
        .collect();
    let other = "**Other?**";
    let first_width = rows
        .iter()
        .map(|(n, _)| n.chars().count())
        .chain(["_Compliance_".len(), other.len()])
        .max()
        .unwrap_or(0);
    let widths: Vec<usize> = std::iter::once(first_width)
        .chain(headers.iter().map(|h| h.chars().count().max(2)))
        .collect();

    push_row(
        &mut out,
        std::iter::once("").chain(headers.iter().map(String::as_str)),
        &widths,
    );
    out.push('|');
    for &w in &widths {
        out.extend(std::iter::repeat_n('-', w + 2));
        out.push('|');
    }
    out.push('\n');
    push_row(
        &mut out,
        std::iter::once("_Status_").chain(props.iter().map(|p| STAGES[p.stage as usize])),
        &widths,
    );
    push_row(
        &mut out,
        std::iter::once("_Compliance_")
            .chain(props.iter().map(|p| COMPLIANCE[p.compliance as usize])),
        &widths,
    );
    let np = sim.props.len();
    for (label, i) in &rows {
        let base = i * np;
        push_row(
            &mut out,
            std::iter::once(label.as_str()).chain(
                prop_index
                    .iter()
                    .map(|&p| CODES[sim.cells[base + p] as usize]),
            ),
            &widths,
        );
    }
    out.push('|');
    push_padded(&mut out, other, first_width);
    out.push('\n');
    out
}

fn site_yaml(sim: &Sim, seed: u64) -> String {
    let mut out = format!(
        "# Synthetic history written by `statusgen synth` (seed {seed}).\ntitle: \"Synthetic implementation status\"\ndescription: \"A generated history of {} implementors and {} proposals, for benchmarks and tests.\"\n",
        sim.imps.len(),
        sim.props.len()
    );
    if let Some(r) = &sim.rename {
        let _ = write!(
            out,
            "aliases:\n  implementors:\n    \"{}\": \"{}\"\n",
            r.old, sim.imps[r.imp].name
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prng_is_stable() {
        let mut r = Rng::new(0);
        let a: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        let mut r = Rng::new(0);
        let b: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        assert_eq!(a, b);
        assert!(r.below(10) < 10);
        assert_eq!(r.below(0), 0);
    }

    #[test]
    fn name_pool_holds_enough_far_names() {
        for seed in 0..2 {
            let mut rng = Rng::new(seed);
            let mut pool = NamePool::new(&mut rng);
            let names: Vec<String> = (0..=MAX_IMPLEMENTORS)
                .map(|_| pool.take().expect("pool exhausted"))
                .collect();
            for (k, a) in names.iter().enumerate() {
                for b in &names[k + 1..] {
                    assert!(edit_distance(a, b) > NEAR, "{a} ~ {b}");
                }
            }
        }
        assert!(TITLE_SUBJECTS.len() * TITLE_TOPICS.len() >= MAX_PROPOSALS);
    }

    #[test]
    fn gaps_are_at_least_24_files_apart() {
        let mut rng = Rng::new(7);
        let months = calendar(
            &mut rng,
            Month {
                year: 2020,
                month: 1,
            },
            200,
        );
        let gaps: Vec<usize> = months
            .windows(2)
            .enumerate()
            .filter(|(_, w)| w[1].index() - w[0].index() == 2)
            .map(|(k, _)| k)
            .collect();
        assert!(gaps.len() >= 5, "{gaps:?}");
        assert!(gaps[0] < 24);
        assert!(gaps.windows(2).all(|g| g[1] - g[0] >= 24), "{gaps:?}");
    }
}
