//! Scale shapes for `statusgen check` (issue 23): many implementor names rather than a
//! realistic history. Both are deterministic (no randomness: the seed is not used) and written
//! in the default Gateway API format, one proposal column.
//!
//! - [`names`]: every month has `per_month` implementor names new that month; the names of the
//!   month before are all gone. Names are `Vendor ddd ddd ddd ddd` with one block of three equal
//!   letters `a`..`j` per decimal digit of the name's number, so two distinct names are at
//!   least three edits apart (a shift by one puts a space against a letter; without one, a
//!   differing block needs three substitutions) and no two are near names at the default
//!   distance. The last month plants near names: every `plant_every`-th name is an earlier
//!   name with the middle letter of its first block replaced by `z` (one edit; `z` is no digit
//!   letter, so it is still three edits from every other name) or, alternately, with its first
//!   block in capitals (the same name but for case).
//! - [`rows`]: one snapshot with `rows` implementor rows `| **Name N** | C |`.
//! - [`pair`]: two months of many rows with known changes, for `diff` (and `check`) at scale,
//!   in the Gateway API shape or a configured one ([`PairShape`]).

use statusgen::model::Month;

/// The default `plant_every` of [`names`]: one near name per hundred names.
pub const PLANT_EVERY: usize = 100;

/// Letters standing for the digits 0..9 in [`names`].
const DIGITS: &[u8; 10] = b"abcdefghij";

/// The `i`-th name of [`names`], `digits` blocks long.
pub fn block_name(i: usize, digits: usize) -> String {
    let mut s = String::from("Vendor");
    let text = format!("{i:0digits$}");
    for d in text.bytes() {
        let c = DIGITS[usize::from(d - b'0')] as char;
        s.push(' ');
        for _ in 0..3 {
            s.push(c);
        }
    }
    s
}

/// The near name planted for `name` (a [`block_name`]): `z` in the middle of the first block
/// when `k` is even, the first block in capitals when it is odd.
pub fn planted(name: &str, k: usize) -> String {
    let first = "Vendor ".len();
    let mut bytes = name.as_bytes().to_vec();
    if k.is_multiple_of(2) {
        bytes[first + 1] = b'z';
    } else {
        bytes[first..first + 3].make_ascii_uppercase();
    }
    String::from_utf8(bytes).expect("ASCII")
}

/// What `check` reports on [`names`]: ⌊per_month / plant_every⌋ near names in the last month
/// (none with one month), and every other name of a month as missing from the next month.
#[allow(dead_code)] // tests/scale_check.rs
pub struct NamesCounts {
    pub near: usize,
    pub missing: usize,
}

/// The counts [`names`] with these options makes.
#[allow(dead_code)] // tests/scale_check.rs
pub fn names_counts(months: usize, per_month: usize, plant_every: usize) -> NamesCounts {
    if months < 2 {
        return NamesCounts {
            near: 0,
            missing: 0,
        };
    }
    let near = per_month / plant_every.max(1);
    NamesCounts {
        near,
        missing: (months - 1) * per_month - near,
    }
}

/// A site of `months` snapshots from January 2022, each with `per_month` new implementor
/// names (see the module documentation); `plant_every` ≥ 1.
pub fn names(months: usize, per_month: usize, plant_every: usize) -> Vec<(String, String)> {
    let plant_every = plant_every.max(1);
    let total = months * per_month;
    let digits = total.saturating_sub(1).to_string().len().max(4);
    let mut files = Vec::with_capacity(months + 1);
    let mut month = Month {
        year: 2022,
        month: 1,
    };
    for k in 0..months {
        let mut rows = Vec::with_capacity(per_month);
        for j in 0..per_month {
            let plant = k + 1 == months && k > 0 && j % plant_every == plant_every - 1;
            rows.push(if plant {
                let earlier = block_name((k - 1) * per_month + j, digits);
                planted(&earlier, j / plant_every)
            } else {
                block_name(k * per_month + j, digits)
            });
        }
        files.push((
            format!("content/{month}.md"),
            snapshot(&month.to_string(), &rows),
        ));
        month = month.next();
    }
    files.push(("content/site.yaml".to_string(), SITE_YAML.to_string()));
    files
}

/// A site of one snapshot (January 2022) with `rows` implementors `Name 1` … `Name {rows}`.
pub fn rows(rows: usize) -> Vec<(String, String)> {
    let names: Vec<String> = (1..=rows).map(|i| format!("Name {i}")).collect();
    vec![
        (
            "content/2022-01.md".to_string(),
            snapshot("2022-01", &names),
        ),
        ("content/site.yaml".to_string(), SITE_YAML.to_string()),
    ]
}

const SITE_YAML: &str = "# A scale shape of the synth example (examples/synth/scale.rs); defaults otherwise.\ntitle: Scale\n";

/// One snapshot: a heading, then the matrix with one proposal and an implementor row per name.
fn snapshot(month: &str, names: &[String]) -> String {
    let mut s = String::with_capacity(64 + names.len() * 24);
    s.push_str(&format!("# Status {month}\n\n"));
    s.push_str("| | GEP-1742: HTTPRoute Timeouts |\n|---|---|\n");
    s.push_str("| _Status_ | E |\n| _Compliance_ | NS |\n");
    for name in names {
        s.push_str("| **");
        s.push_str(name);
        s.push_str("** | C |\n");
    }
    s
}

/// The table of a [`pair`]: the Gateway API shape (implementors as rows, numbered proposals
/// as columns), a configured shape with implementors as rows (`matrix: { items: all }`), or
/// one with configured items as rows and implementors as columns (`orientation: columns`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairShape {
    Gateway,
    Rows,
    Columns,
}

/// What `statusgen diff` finds on a [`pair`] of `n` entries (rows of the table).
#[allow(dead_code)] // tests/scale_check.rs
#[derive(Debug, PartialEq, Eq)]
pub struct PairCounts {
    /// Entries new in the second month (implementors; items in [`PairShape::Columns`]).
    pub added: usize,
    /// Entries gone from the second month.
    pub removed: usize,
    pub advances: usize,
    pub regressions: usize,
}

/// The counts of [`pair`]`(n, _)`: every thousandth entry (999, 1999, …) is gone and as many
/// new ones follow; in entry `i` kept, the first column regresses when `i % 10 == 1` and the
/// second advances when `i % 10 == 2`.
#[allow(dead_code)] // tests/scale_check.rs
pub fn pair_counts(n: usize) -> PairCounts {
    let of = |r: usize| (0..n).filter(|i| i % 10 == r && i % 1000 != 999).count();
    PairCounts {
        added: n / 1000,
        removed: n / 1000,
        advances: of(2),
        regressions: of(1),
    }
}

/// Two months (January and February 2022) of `n` table rows each, for `statusgen diff` and
/// `check` at scale; what changed is [`pair_counts`]. Rows are `Name i` (implementors) or, for
/// [`PairShape::Columns`], `Feature i` (items, with implementors `Go` and `Java` as columns);
/// the new ones of the second month `New Name i` or `New Feature i`.
pub fn pair(n: usize, shape: PairShape) -> Vec<(String, String)> {
    // (first column before, after a regression; second column before, after an advance).
    let (a, a_down, b, b_up) = match shape {
        PairShape::Gateway => ("C", "PP", "", "C"),
        PairShape::Rows | PairShape::Columns => ("+", "-", "-", "+"),
    };
    let head = match shape {
        PairShape::Gateway => {
            "| | GEP-1742: HTTPRoute Timeouts | GEP-1897: BackendTLSPolicy |\n|---|---|---|\n\
             | _Status_ | E | E |\n| _Compliance_ | NS | NS |\n"
        }
        PairShape::Rows => "| Name | Alpha | Beta |\n|---|---|---|\n",
        PairShape::Columns => "| Feature | Go | Java |\n|---|---|---|\n",
    };
    // New entries are named apart (`New …`), so that none is a near name of one gone.
    let label = |i: usize| {
        let new = if i < n { "" } else { "New " };
        match shape {
            PairShape::Columns => format!("{new}Feature {i}"),
            _ => format!("**{new}Name {i}**"),
        }
    };
    let mut files = Vec::with_capacity(3);
    for (k, month) in ["2022-01", "2022-02"].into_iter().enumerate() {
        let mut s = String::with_capacity(64 + n * 28);
        s.push_str(&format!("# Status {month}\n\n{head}"));
        let entries = (0..n)
            .filter(|i| k == 0 || i % 1000 != 999)
            .chain(n..n + if k == 0 { 0 } else { n / 1000 });
        for i in entries {
            let late = k == 1 && i < n;
            let first = if late && i % 10 == 1 { a_down } else { a };
            let second = if late && i % 10 == 2 { b_up } else { b };
            s.push_str(&format!("| {} | {first} | {second} |\n", label(i)));
        }
        files.push((format!("content/{month}.md"), s));
    }
    let yaml = match shape {
        PairShape::Gateway => SITE_YAML.to_string(),
        PairShape::Rows => format!("{SITE_YAML}matrix: {{ items: all }}\n{PLUS_MINUS}"),
        PairShape::Columns => format!(
            "{SITE_YAML}proposals: {{ label: Feature, path: features, url: \"\" }}\n\
             matrix: {{ orientation: columns, items: all }}\n{PLUS_MINUS}"
        ),
    };
    files.push(("content/site.yaml".to_string(), yaml));
    files
}

/// The codes of the configured [`pair`] shapes, as the OpenTelemetry example writes them.
const PLUS_MINUS: &str = "codes:\n  - { code: \"\", label: Not known }\n  - { code: \"-\", label: Not supported }\n  - { code: \"+\", label: Supported }\ngraduation_threshold: null\n";
