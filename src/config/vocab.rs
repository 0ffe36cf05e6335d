//! The vocabularies of a site: implementor codes (in progress order), proposal stages and
//! compliance values, each an ordered list of [`Term`]s with their accepted spellings.

use crate::model::TermId;
use schemars::JsonSchema;
use serde::Deserialize;

/// One allowed value: its canonical code, a human label, and other accepted spellings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub code: String,
    pub label: String,
    #[serde(default)]
    pub words: Vec<String>,
}

impl Term {
    pub(crate) fn new(code: &str, label: &str) -> Term {
        Term {
            code: code.into(),
            label: label.into(),
            words: Vec::new(),
        }
    }
}

/// One implementor code as written under `codes:`: its code, label and other spellings, and
/// whether it is a step of the progress order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Code {
    pub code: String,
    pub label: String,
    #[serde(default)]
    pub words: Vec<String>,
    /// `false`: a code outside the progress order, shown with its label and colour but never
    /// progress ("Reported unsupported"): not complete, not in progress, counted apart, and a
    /// change to or from it is neither an advance nor a regression. Not on the blank code or
    /// the last (complete) one. Default `true`.
    #[serde(default = "in_progress_order")]
    pub progress: bool,
    /// What the code means, for its colour: `positive` (green), `partial` (orange, yellow),
    /// `negative` (vermillion, reddish purple) or `neutral` (grey). Default: the complete code
    /// is positive and the others take the colours of their place, as before. Every colour is
    /// Okabe–Ito (colour-blind safe), and one code has one colour on every page and chart.
    #[serde(default)]
    pub tone: Option<Tone>,
}

/// `tone:` of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    Positive,
    Partial,
    Negative,
    Neutral,
}

fn in_progress_order() -> bool {
    true
}

impl Code {
    /// The term (code, label, spellings) of the code.
    pub fn term(self) -> Term {
        Term {
            code: self.code,
            label: self.label,
            words: self.words,
        }
    }
}

/// How a value was matched against a vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Written exactly as the canonical code or one of its words.
    Exact(usize),
    /// The canonical code in another case (accepted with a warning).
    OtherCase(usize),
}

/// An ordered list of terms, as written. For implementor codes the progress order is resolved
/// in [`super::CodeRanks`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    pub terms: Vec<Term>,
}

impl Vocabulary {
    /// Finds `value` (already trimmed). The label and `words` match in any case.
    pub fn lookup(&self, value: &str) -> Option<Match> {
        if let Some(i) = self.terms.iter().position(|t| t.code == value) {
            return Some(Match::Exact(i));
        }
        if let Some(i) = self.terms.iter().position(|t| {
            (!t.code.is_empty() && t.label.eq_ignore_ascii_case(value))
                || t.words.iter().any(|w| w.eq_ignore_ascii_case(value))
        }) {
            return Some(Match::Exact(i));
        }
        self.terms
            .iter()
            .position(|t| t.code.eq_ignore_ascii_case(value))
            .map(Match::OtherCase)
    }

    /// Position of a canonical code in the list as written. For implementor codes this is not
    /// the code's rank: ask [`super::CodeRanks`].
    pub fn rank(&self, code: &str) -> Option<usize> {
        self.terms.iter().position(|t| t.code == code)
    }

    /// The id of canonical code `code` (see [`TermId`]): its term's position; blank for ""
    /// (whatever the vocabulary calls blank) and for a code the vocabulary lacks.
    pub fn id<I: TermId>(&self, code: &str) -> I {
        match code {
            "" => I::BLANK,
            code => self.rank(code).map_or(I::BLANK, I::at),
        }
    }

    /// The canonical code of `id`, "" for blank.
    pub fn code_of<I: TermId>(&self, id: I) -> &str {
        self.term_of(id).map_or("", |t| t.code.as_str())
    }

    /// The label of `id`, "" for blank.
    pub fn label_of<I: TermId>(&self, id: I) -> &str {
        self.term_of(id).map_or("", |t| t.label.as_str())
    }

    fn term_of<I: TermId>(&self, id: I) -> Option<&Term> {
        id.index().and_then(|i| self.terms.get(i))
    }

    pub fn label(&self, code: &str) -> &str {
        self.terms
            .iter()
            .find(|t| t.code == code)
            .map(|t| t.label.as_str())
            .unwrap_or("")
    }

    /// "PP, RR, C or blank" — for messages saying what is allowed instead.
    pub fn allowed(&self) -> String {
        let mut names: Vec<String> = self
            .terms
            .iter()
            .filter(|t| !t.code.is_empty())
            .map(|t| {
                if t.label.is_empty() {
                    t.code.clone()
                } else {
                    format!("{} ({})", t.code, t.label)
                }
            })
            .collect();
        names.push("blank".into());
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StageId;

    #[test]
    fn an_id_maps_back_to_its_code_and_label_and_blank_to_nothing() {
        let v = Vocabulary {
            terms: vec![
                Term::new("P", "Provisional"),
                Term::new("E", "Experimental"),
            ],
        };
        let e: StageId = v.id("E");
        assert_eq!((v.code_of(e), v.label_of(e)), ("E", "Experimental"));
        assert_ne!(e, v.id::<StageId>("P"));
        for blank in ["", "X"] {
            let id: StageId = v.id(blank);
            assert!(id.is_blank(), "{blank:?}");
            assert_eq!((v.code_of(id), v.label_of(id)), ("", ""));
        }
    }
}
