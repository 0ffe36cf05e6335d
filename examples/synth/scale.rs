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
