//! The snapshot model: plain data with no knowledge of files, templates or terminals.
//! A [`Snapshot`] is one month's matrix (proposals as columns, implementors as rows, one
//! [`Cell`] each: code, rank, evidence link, note) plus the prose around it; a [`History`] is
//! every snapshot in month order. Codes are stored in their canonical spelling from the
//! vocabulary, with their [`Rank`]; stages and compliance values as ids into their vocabularies
//! ([`StageId`], [`ComplianceId`]), resolved once by the parser.

use serde::Serialize;
use std::fmt;

pub mod version;
pub use version::{Part, Version, VersionChange, VersionState, VersionValue};

/// A calendar month, the identity of a snapshot. Serialises as `"YYYY-MM"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1..=12
    pub month: u32,
}

pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Month {
    /// The month of a day counted from 1970-01-01 (proleptic Gregorian calendar).
    pub fn of_day(days: i64) -> Month {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Month::new(year as i32, month as u32).unwrap_or(Month {
            year: 1970,
            month: 1,
        })
    }

    /// The current month: of `STATUSGEN_TODAY` (`YYYY-MM-DD` or `YYYY-MM`) when it is set, so
    /// that tests and reproducible builds do not depend on the clock; else the UTC month of the
    /// system clock (January 1970 if the clock is before it).
    pub fn current() -> Month {
        if let Some(m) = std::env::var("STATUSGEN_TODAY")
            .ok()
            .and_then(|v| Month::parse(v.get(..7).unwrap_or(&v)))
        {
            return m;
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Month::of_unix_time(i64::try_from(secs).unwrap_or(i64::MAX))
    }

    /// The UTC month of a Unix time (seconds since 1970-01-01, negative before).
    pub fn of_unix_time(secs: i64) -> Month {
        Month::of_day(secs.div_euclid(86_400))
    }

    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1000..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    /// Parses `YYYY-MM` (also `YYYY-MM-DD`, keeping the month).
    pub fn parse(s: &str) -> Option<Month> {
        let s = s.trim();
        let mut parts = s.split('-');
        let y = parts.next()?;
        let m = parts.next()?;
        let d = parts.next();
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 {
            return None;
        }
        if let Some(d) = d
            && (d.len() != 2 || !d.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        if !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }

    /// "November 2023".
    pub fn long_name(&self) -> String {
        format!("{} {}", MONTH_NAMES[(self.month - 1) as usize], self.year)
    }

    /// "Nov 2023".
    pub fn short_name(&self) -> String {
        format!(
            "{} {}",
            &MONTH_NAMES[(self.month - 1) as usize][..3],
            self.year
        )
    }

    pub fn next(&self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Months since year 0, for distances on a time axis.
    pub fn index(&self) -> i64 {
        self.year as i64 * 12 + (self.month as i64 - 1)
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Where something was written, for diagnostics raised after parsing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// The identity of an item (a proposal): its number (after renumbering aliases) for numbered
/// proposals such as `GEP-1742`, or a slug made of its section, its group where its label
/// repeats within the section, and its label (`traces/create-tracerprovider`,
/// `traces/span/get-active-span`) for items without numbers (`matrix: items: all`). Serialises
/// as the number or the slug.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKey {
    Number(u32),
    Slug(String),
}

impl ItemKey {
    /// The key as a fragment of an HTML or SVG id: the number, or the slug with `.` for `/`.
    pub fn fragment(&self) -> String {
        self.to_string().replace('/', ".")
    }

    /// The number of a numbered proposal.
    pub fn number(&self) -> Option<u32> {
        match self {
            ItemKey::Number(n) => Some(*n),
            ItemKey::Slug(_) => None,
        }
    }
}

impl Serialize for ItemKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ItemKey::Number(n) => s.serialize_u32(*n),
            ItemKey::Slug(slug) => s.serialize_str(slug),
        }
    }
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemKey::Number(n) => write!(f, "{n}"),
            ItemKey::Slug(s) => f.write_str(s),
        }
    }
}

impl From<u32> for ItemKey {
    fn from(n: u32) -> ItemKey {
        ItemKey::Number(n)
    }
}

/// One item (a proposal column, or with `matrix: orientation: columns` a row) of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The identity: the number after renumbering aliases, or the slug of an unnumbered item.
    #[serde(rename = "number")]
    pub key: ItemKey,
    /// The number as written in this snapshot (0 for an unnumbered item).
    pub written_number: u32,
    /// The title (for an unnumbered item, its label as written, markup removed).
    pub title: String,
    /// The section (`matrix: sections: headings`: the heading above its table), or "".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub section: String,
    /// The group its row is in (`matrix: group_rows`), or "".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub group: String,
    /// Values of the attribute columns (`matrix: attribute_columns`), by column name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<(String, String)>,
    /// The stage, an id into `stages:` (its code and label are the vocabulary's).
    #[serde(skip)]
    pub status: StageId,
    /// The compliance value, an id into `compliance:`.
    #[serde(skip)]
    pub compliance: ComplianceId,
    pub pos: Pos,
}

/// A code's rank, laid out by [`crate::config::CodeRanks`]: 0 is the blank code, the progress
/// order up to complete, then the codes outside it. Resolved once, when the snapshot is parsed,
/// so later stages compare numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rank(pub u16);

impl Rank {
    /// The blank code's rank.
    pub const BLANK: Rank = Rank(0);
    /// A cell an implementor has no column for (its section's table lacks the column): not
    /// blank, not counted.
    pub const ABSENT: Rank = Rank(u16::MAX);

    /// The rank as an index into per-rank tables.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// An index into one of the site's value vocabularies (`stages:`, `compliance:`): the position
/// of the value's term, or `BLANK` for a blank value the vocabulary has no term for. Resolved
/// once, when the snapshot is parsed (like [`Rank`]), so later stages compare numbers; the code
/// and label are the vocabulary's to say (`crate::config::Vocabulary::code_of`, `label_of`).
pub trait TermId: Copy {
    /// A blank value (no term of the vocabulary is written as blank).
    const BLANK: Self;
    /// The position of the term in its vocabulary; `None` for blank.
    fn index(self) -> Option<usize>;
    /// The id of the term at position `i` (a vocabulary holds far fewer than `u16::MAX`).
    fn at(i: usize) -> Self;
}

macro_rules! term_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u16);

        impl $name {
            /// A blank value (no term of the vocabulary is written as blank).
            pub const BLANK: $name = $name(u16::MAX);

            /// Whether the value is blank.
            pub fn is_blank(self) -> bool {
                self == $name::BLANK
            }
        }

        impl Default for $name {
            fn default() -> $name {
                $name::BLANK
            }
        }

        impl TermId for $name {
            const BLANK: $name = $name(u16::MAX);

            fn index(self) -> Option<usize> {
                (self != $name::BLANK).then_some(self.0 as usize)
            }

            fn at(i: usize) -> $name {
                $name(u16::try_from(i).unwrap_or(u16::MAX))
            }
        }
    };
}

term_id!(
    /// A proposal's stage: its term in the site's `stages:` vocabulary ([`TermId`]).
    StageId
);
term_id!(
    /// A proposal's compliance value: its term in the site's `compliance:` vocabulary
    /// ([`TermId`]).
    ComplianceId
);

/// Whether a row's evidence counts. With `implementors: release:` configured and a snapshot's
/// `current_releases` front matter, a row whose release is written and not among them is
/// outdated: shown, counted nowhere (not complete, not in progress, no threshold, no advance or
/// regression). Resolved once, when the snapshot is parsed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// Counted: for a current release, or no release rule applies.
    #[default]
    Current,
    /// For a release that is not current: shown, not counted.
    Outdated,
}

/// One cell of an implementor row: what the row says about one item. Serialises as its code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The canonical code, "" for blank.
    pub code: String,
    /// The code's rank; [`Rank::ABSENT`] where the implementor has no column for the item.
    pub rank: Rank,
    /// The evidence link of a cell written as a link (`[C](https://…)`). Only http(s) URLs get
    /// here; the parser refuses others.
    pub link: Option<String>,
    /// A note on the cell: the text of a footnote the cell refers to (`C[^1]`), markup kept as
    /// written. Not read yet: always `None`, and shown nowhere.
    pub note: Option<String>,
    /// With `versions:` configured, the version the cell holds ("supported since 3.3.1"); its
    /// `code` is then the code of its state. `None` for a code, blank or absent cell.
    pub version: Option<Box<VersionValue>>,
}

impl Cell {
    /// A cell for an item the implementor has no column for (see [`Rank::ABSENT`]).
    pub fn absent() -> Cell {
        Cell {
            rank: Rank::ABSENT,
            ..Cell::default()
        }
    }

    /// The evidence link, "" when there is none.
    pub fn link(&self) -> &str {
        self.link.as_deref().unwrap_or("")
    }

    /// The cell's version, if it holds one.
    pub fn version(&self) -> Option<&VersionValue> {
        self.version.as_deref()
    }
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code)
    }
}

/// One implementor row of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Implementor {
    /// The identity after name aliases.
    pub name: String,
    /// The name as written in this snapshot (emphasis removed).
    pub written_name: String,
    /// One cell per proposal column: its code, rank, evidence link and note.
    pub cells: Vec<Cell>,
    /// Values of the implementor attribute columns (`implementors: attributes:`), by
    /// configured name in config order; "" where blank or where the table lacks the column.
    /// Empty when the site configures none.
    pub attributes: Vec<(String, String)>,
    /// Whether the row's evidence is for a current release.
    pub evidence: Evidence,
    pub pos: Pos,
}

impl Implementor {
    /// Whether the row's cells count (anywhere: complete, in progress, thresholds, changes).
    pub fn counts(&self) -> bool {
        self.evidence == Evidence::Current
    }

    /// The code of each cell, in column order.
    pub fn codes(&self) -> Vec<&str> {
        self.cells.iter().map(|c| c.code.as_str()).collect()
    }

    /// The value of attribute `i` (in `implementors: attributes:` order), "" when none.
    pub fn attribute(&self, i: usize) -> &str {
        self.attributes.get(i).map_or("", |(_, v)| v.as_str())
    }
}

/// One month's status report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    pub month: Month,
    pub title: String,
    /// Path relative to the site root, with `/` separators (`content/2023-11.md`).
    pub source: String,
    #[serde(rename = "proposals")]
    pub items: Vec<Item>,
    pub implementors: Vec<Implementor>,
    /// Markdown before the matrix table (front matter removed).
    pub prose_before: String,
    /// Markdown after the matrix table.
    pub prose_after: String,
    /// Where the matrix table starts.
    pub table_pos: Pos,
    /// `current_releases:` of the front matter (trimmed): the releases whose evidence counts,
    /// with `implementors: release:` configured. `None` when not written: every row counts.
    pub current_releases: Option<Vec<String>>,
    /// Where the front matter says `draft: true`; `None` for a snapshot to publish. A draft
    /// (like a month after the current one) is left out of `build` unless `--drafts`.
    pub draft: Option<Pos>,
    /// The footnotes the matrix's cells and labels refer to (`❌[^1]`), in file order: shown
    /// under the matrix, each reference linked to its text. Empty when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<Footnote>,
    /// With `matrix: sections: headings`, the prose inside the matrix: per table read, the
    /// markdown between its section's heading and it, and after it up to the next section's
    /// heading (the last table's is `prose_after`). Empty without sections.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub section_prose: Vec<SectionProse>,
}

/// The prose around one table of the matrix, inside its section (`matrix: sections: headings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionProse {
    /// The section's heading ("" for a table before any heading).
    pub section: String,
    /// Markdown between the section's heading (or the previous table of the section) and the
    /// table.
    pub before: String,
    /// Markdown after the table up to the next section's heading ("" when the next table is
    /// in the same section: the text is that table's `before`).
    pub after: String,
}

/// A GFM footnote definition a matrix refers to (`[^1]: Not on arm.`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Footnote {
    /// Its name as written (`1`, `gc-note`): renumbering changes it, and nothing else.
    pub name: String,
    /// Its text, inline markup dropped.
    pub text: String,
}

impl Snapshot {
    pub fn item_index(&self, key: &ItemKey) -> Option<usize> {
        self.items.iter().position(|p| &p.key == key)
    }

    pub fn implementor_index(&self, name: &str) -> Option<usize> {
        self.implementors.iter().position(|i| i.name == name)
    }

    /// The code of `implementor` for proposal `number`, if both are in this snapshot.
    pub fn code(&self, implementor: &str, key: &ItemKey) -> Option<&str> {
        let p = self.item_index(key)?;
        let i = self.implementor_index(implementor)?;
        self.implementors[i].cells.get(p).map(|c| c.code.as_str())
    }
}

/// Every snapshot of a site, sorted by month, months unique.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct History {
    pub snapshots: Vec<Snapshot>,
}

impl History {
    pub fn latest(&self) -> Option<&Snapshot> {
        self.snapshots.last()
    }

    pub fn get(&self, month: Month) -> Option<&Snapshot> {
        self.snapshots.iter().find(|s| s.month == month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        assert_eq!(
            Month::parse("2023-11"),
            Some(Month {
                year: 2023,
                month: 11
            })
        );
        assert_eq!(
            Month::parse("2023-11-05"),
            Some(Month {
                year: 2023,
                month: 11
            })
        );
        assert_eq!(Month::parse("2023-13"), None);
        assert_eq!(Month::parse("2023-1"), None);
        assert_eq!(Month::parse("+023-01"), None);
        let dec = Month::parse("2023-12").unwrap();
        assert_eq!(dec.next().to_string(), "2024-01");
        assert_eq!(dec.long_name(), "December 2023");
    }

    #[test]
    fn days_to_months() {
        let m = |d| Month::of_day(d).to_string();
        assert_eq!(m(0), "1970-01");
        assert_eq!(m(-1), "1969-12");
        assert_eq!(m(19_676), "2023-11"); // 2023-11-15
        assert_eq!(m(19_722), "2023-12"); // 2023-12-31
        assert_eq!(m(19_723), "2024-01"); // 2024-01-01
        assert_eq!(m(19_782), "2024-02"); // 2024-02-29
        assert_eq!(m(19_783), "2024-03"); // 2024-03-01
    }
}
