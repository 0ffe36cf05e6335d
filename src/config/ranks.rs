//! The rank of every cell code, resolved once from `codes:` and `not_applicable:`, and what each
//! rank means. The one place that lays ranks out; every consumer (statistics, diffs, charts,
//! graduation, cell classes, counts) asks [`CodeRanks`] instead of counting positions itself.
//!
//! - `0 .. progress`: the progress codes in the order written, the blank code first (rank 0) and
//!   the complete code last (the highest progress rank);
//! - `progress .. shown`: the codes written with `progress: false`, in the order written: shown
//!   with their own label and colour and counted apart, never progress;
//! - `shown .. len`: the `not_applicable` codes, in the order written ("does not apply");
//! - [`Rank::ABSENT`]: a cell the implementor has no column for.
//!
//! Comparing two ranks is comparing progress only inside `0 .. progress`. A site without
//! `progress: false` codes has the ranks it always had (each code at its written position).

use super::{Config, Term, Tone};
use crate::model::Rank;

/// What a rank means for progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankClass {
    /// The blank code: the lowest step of the progress order.
    Blank,
    /// A progress code above blank, below complete.
    InProgress,
    /// The highest progress code.
    Complete,
    /// A code written with `progress: false` ("Reported unsupported"): shown, counted apart.
    NotProgress,
    /// A `not_applicable` code: does not apply, not counted.
    NotApplicable,
    /// No column for the implementor in the item's section (or a rank no code has).
    Absent,
}

/// The rank layout of a site's cell codes (see the module notes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRanks {
    /// The canonical code of each rank.
    codes: Vec<String>,
    /// The label of each shown rank (progress and `progress: false` codes).
    labels: Vec<String>,
    /// The position in `codes:` as written of each shown rank's code; a not-applicable rank
    /// follows them (its own rank).
    written: Vec<usize>,
    /// Ranks `0 .. progress` are the progress order.
    progress: usize,
    /// Ranks `progress .. shown` are the `progress: false` codes.
    shown: usize,
    /// With `not_applicable: [""]`, the not-applicable rank a blank cell reads as (a blank cell
    /// does not apply, and is never counted).
    blank_not_applicable: Option<Rank>,
    /// The palette slot of each shown rank's colour (see [`CodeRanks::colour`]).
    colours: Vec<usize>,
}

/// Palette slots (Okabe–Ito; the theme's `--r<slot>` and the charts' palette): 0 blank, 1
/// orange, 2 sky blue, 3 bluish green, 4 reddish purple, 5 yellow, 6 blue, 7 vermillion, 8 grey.
const BY_PLACE: [usize; 5] = [1, 2, 4, 5, 6];
const POSITIVE: [usize; 2] = [3, 6];
const PARTIAL: [usize; 3] = [1, 5, 2];
const NEGATIVE: [usize; 2] = [7, 4];
const NEUTRAL: [usize; 2] = [8, 2];

impl CodeRanks {
    /// The layout of `codes` as written (`progress[i]`: whether code `i` is in the progress
    /// order) and the `not_applicable` codes.
    pub fn new(codes: &[Term], progress: &[bool], not_applicable: &[String]) -> CodeRanks {
        let in_order = |want: bool| {
            codes
                .iter()
                .enumerate()
                .filter(move |(i, _)| progress.get(*i).copied().unwrap_or(true) == want)
        };
        let shown: Vec<(usize, &Term)> = in_order(true).chain(in_order(false)).collect();
        CodeRanks {
            codes: shown
                .iter()
                .map(|(_, t)| t.code.clone())
                .chain(not_applicable.iter().cloned())
                .collect(),
            labels: shown.iter().map(|(_, t)| t.label.clone()).collect(),
            written: shown.iter().map(|(i, _)| *i).collect(),
            progress: in_order(true).count(),
            shown: shown.len(),
            blank_not_applicable: not_applicable
                .iter()
                .position(String::is_empty)
                .map(|i| Rank((shown.len() + i) as u16)),
            colours: Vec::new(),
        }
        .with_tones(&[])
    }

    /// The colours of the codes with `tone:` as written (`tones[i]` for code `i` of `codes:`;
    /// missing: no tone). A code without a tone keeps the colour of its place as before: the
    /// blank code none, the complete code green, the others orange, sky blue, reddish purple,
    /// yellow, blue in the order written. Each tone takes the next colour of its family not
    /// yet taken (the last one again when all are).
    pub fn with_tones(mut self, tones: &[Option<Tone>]) -> CodeRanks {
        let complete = self.complete();
        let mut taken: Vec<usize> = Vec::new();
        let pick = |family: &[usize], taken: &mut Vec<usize>| {
            let slot = family
                .iter()
                .copied()
                .find(|s| !taken.contains(s))
                .or_else(|| family.last().copied())
                .unwrap_or(0);
            taken.push(slot);
            slot
        };
        // In the order written, so a code's colour does not move when another changes rank.
        let mut by_written: Vec<usize> = (0..self.shown).collect();
        by_written.sort_by_key(|&r| self.written(r));
        let mut colours = vec![0; self.shown];
        // Codes with a tone (and the complete code) first: their families are theirs.
        for &r in &by_written {
            let tone = tones.get(self.written(r)).copied().flatten();
            let tone = tone.or((Some(r) == complete).then_some(Tone::Positive));
            colours[r] = match tone {
                Some(Tone::Positive) => pick(&POSITIVE, &mut taken),
                Some(Tone::Partial) => pick(&PARTIAL, &mut taken),
                Some(Tone::Negative) => pick(&NEGATIVE, &mut taken),
                Some(Tone::Neutral) => pick(&NEUTRAL, &mut taken),
                None => continue,
            };
        }
        for &r in &by_written {
            let toned = tones.get(self.written(r)).copied().flatten().is_some();
            if toned || Some(r) == complete {
                continue;
            }
            let written = self.written(r);
            colours[r] = if written == 0 {
                0
            } else {
                // The colour of its place, or the next one not taken.
                let start = (written - 1) % BY_PLACE.len();
                let order = BY_PLACE.iter().cycle().skip(start).take(BY_PLACE.len());
                let slot = order
                    .copied()
                    .find(|s| !taken.contains(s))
                    .unwrap_or(BY_PLACE[start]);
                taken.push(slot);
                slot
            };
        }
        self.colours = colours;
        self
    }

    /// The palette slot of a shown rank's colour (`--r<slot>` in the theme, the same colour in
    /// every chart); `None` for a not-applicable or absent rank.
    pub fn colour(&self, rank: usize) -> Option<usize> {
        self.colours.get(rank).copied()
    }

    /// The rank of a canonical code; `None` for a code the site does not name.
    pub fn rank(&self, code: &str) -> Option<Rank> {
        if code.is_empty()
            && let Some(r) = self.blank_not_applicable
        {
            return Some(r);
        }
        self.codes
            .iter()
            .position(|c| c == code)
            .map(|r| Rank(r as u16))
    }

    /// What rank `rank` means.
    pub fn class(&self, rank: usize) -> RankClass {
        match rank {
            0 if self.progress > 0 => RankClass::Blank,
            r if Some(r) == self.complete() => RankClass::Complete,
            r if r < self.progress => RankClass::InProgress,
            r if r < self.shown => RankClass::NotProgress,
            r if r < self.codes.len() => RankClass::NotApplicable,
            _ => RankClass::Absent,
        }
    }

    /// The complete rank: the highest progress rank, above blank. `None` when the progress
    /// order has only the blank code: then nothing is complete.
    pub fn complete(&self) -> Option<usize> {
        (self.progress >= 2).then(|| self.progress - 1)
    }

    /// Whether `rank` is a step of the progress order (blank to complete).
    pub fn is_progress(&self, rank: usize) -> bool {
        rank < self.progress
    }

    /// The progress ranks above blank, lowest first (what an adoption chart stacks).
    pub fn above_blank(&self) -> std::ops::Range<usize> {
        1.min(self.progress)..self.progress
    }

    /// The ranks between blank and complete (in progress), lowest first.
    pub fn in_progress(&self) -> std::ops::Range<usize> {
        1.min(self.progress)..self.complete().unwrap_or(1.min(self.progress))
    }

    /// The ranks of the `progress: false` codes, in the order written.
    pub fn not_progress(&self) -> std::ops::Range<usize> {
        self.progress..self.shown
    }

    /// How many ranks are shown codes (progress and `progress: false`): the length of a table
    /// of counts per rank, the legend.
    pub fn shown(&self) -> usize {
        self.shown
    }

    /// Whether a cell at `rank` applies to its implementor: any shown code, blank included; not
    /// a not-applicable code, not absent.
    pub fn applies(&self, rank: usize) -> bool {
        rank < self.shown
    }

    /// The canonical code of `rank` ("" for blank, absent or an unknown rank).
    pub fn code(&self, rank: usize) -> &str {
        self.codes.get(rank).map_or("", String::as_str)
    }

    /// The configured label of a shown rank ("" for a not-applicable or unknown rank).
    pub fn label(&self, rank: usize) -> &str {
        self.labels.get(rank).map_or("", String::as_str)
    }

    /// The position of `rank`'s code in `codes:` as written, which picks its colour (a site's
    /// colours do not move when a code leaves the progress order); a not-applicable rank is
    /// past every written code.
    pub fn written(&self, rank: usize) -> usize {
        self.written.get(rank).copied().unwrap_or(rank)
    }
}

impl Config {
    /// The rank of a canonical cell code (see [`CodeRanks`]); `None` for a code neither `codes:`
    /// nor `not_applicable:` names.
    pub fn code_rank(&self, code: &str) -> Option<Rank> {
        self.ranks.rank(code)
    }

    /// The not-applicable code `value` is (exactly, or in another case), canonical.
    pub fn not_applicable_code(&self, value: &str) -> Option<&str> {
        self.not_applicable
            .iter()
            .find(|c| c.as_str() == value)
            .or_else(|| {
                self.not_applicable
                    .iter()
                    .find(|c| c.eq_ignore_ascii_case(value))
            })
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranks(progress: &[bool]) -> CodeRanks {
        let terms = [
            Term::new("", "No report"),
            Term::new("U", "Reported unsupported"),
            Term::new("P", "Partial"),
            Term::new("C", "Conformant"),
        ];
        CodeRanks::new(&terms, progress, &["N/A".to_string()])
    }

    #[test]
    fn progress_codes_first_then_the_codes_apart_then_not_applicable() {
        let r = ranks(&[true, false, true, true]);
        let code = |c| r.rank(c).map(Rank::index);
        assert_eq!(
            [code(""), code("P"), code("C"), code("U"), code("N/A")],
            [Some(0), Some(1), Some(2), Some(3), Some(4)]
        );
        assert_eq!(r.complete(), Some(2));
        assert_eq!(
            (0..6).map(|k| r.class(k)).collect::<Vec<_>>(),
            [
                RankClass::Blank,
                RankClass::InProgress,
                RankClass::Complete,
                RankClass::NotProgress,
                RankClass::NotApplicable,
                RankClass::Absent
            ]
        );
        assert_eq!(r.class(Rank::ABSENT.index()), RankClass::Absent);
        assert_eq!(
            (r.above_blank(), r.in_progress(), r.not_progress()),
            (1..3, 1..2, 3..4)
        );
        // Colours follow the written order: U keeps the colour of the second code.
        assert_eq!(
            (0..5).map(|k| r.written(k)).collect::<Vec<_>>(),
            [0, 2, 3, 1, 4]
        );
        assert_eq!(
            (r.label(3), r.code(4), r.label(4)),
            ("Reported unsupported", "N/A", "")
        );
        assert!(r.applies(3) && !r.applies(4) && !r.applies(Rank::ABSENT.index()));
    }

    /// `not_applicable: [""]`: a blank cell does not apply.
    #[test]
    fn blank_can_be_not_applicable() {
        let terms = [Term::new("", "No report"), Term::new("C", "Conformant")];
        let r = CodeRanks::new(&terms, &[true, true], &["".to_string()]);
        let blank = r.rank("").map(Rank::index);
        assert_eq!(blank, Some(2));
        assert_eq!(r.class(2), RankClass::NotApplicable);
        assert!(!r.applies(2));
        assert_eq!((r.code(2), r.complete()), ("", Some(1)));
    }

    /// One colour per code: the complete code green wherever it is written, tones by meaning,
    /// the rest by place as before.
    #[test]
    fn colours_by_meaning() {
        let terms = [
            Term::new("", "Not known"),
            Term::new("-", "No"),
            Term::new("+", "Yes"),
        ];
        let r = CodeRanks::new(&terms, &[true, false, true], &[]);
        let colour = |r: &CodeRanks, c| r.rank(c).and_then(|k| r.colour(k.index()));
        assert_eq!(
            [colour(&r, ""), colour(&r, "-"), colour(&r, "+")],
            [Some(0), Some(1), Some(3)]
        );
        let r = ranks(&[true; 4]);
        assert_eq!(
            (0..4).map(|k| r.colour(k)).collect::<Vec<_>>(),
            [Some(0), Some(1), Some(2), Some(3)]
        );
        assert_eq!(r.colour(4), None);
        let terms = [
            Term::new("", "Not known"),
            Term::new("❌", "No"),
            Term::new("🚧", "Working"),
            Term::new("✅", "Done"),
        ];
        let tones = [
            None,
            Some(Tone::Negative),
            Some(Tone::Partial),
            Some(Tone::Positive),
        ];
        let r = CodeRanks::new(&terms, &[true, false, true, true], &[]).with_tones(&tones);
        assert_eq!(
            [
                colour(&r, ""),
                colour(&r, "✅"),
                colour(&r, "🚧"),
                colour(&r, "❌")
            ],
            [Some(0), Some(3), Some(1), Some(7)]
        );
    }

    #[test]
    fn without_codes_apart_every_code_keeps_its_written_rank() {
        let r = ranks(&[true; 4]);
        assert_eq!(r.rank("U"), Some(Rank(1)));
        assert_eq!(r.complete(), Some(3));
        assert_eq!(r.not_progress(), 4..4);
        assert_eq!(
            (0..4).map(|k| r.written(k)).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
    }
}
