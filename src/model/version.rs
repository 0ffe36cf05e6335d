//! A cell that holds a version (`versions:` in `site.yaml`): "supported since 3.3.1", the way
//! compatibility pages write support. Parsed once, when the snapshot is read, into a
//! [`VersionValue`] (its version's components, its state, the text around it as a note); every
//! later stage compares these, never the text.

use serde::Serialize;
use std::cmp::Ordering;
use std::fmt;

/// One component of a version: a number, or `x` (any number: `3.x`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Number(u64),
    Any,
}

/// A version as written (`3.3.1`, `2.13.x`), with its components. Two versions compare
/// numerically component by component (`3.10` after `3.9`); `x` equals any number, and a
/// missing component is `0` (`3.3` equals `3.3.0`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version {
    /// The version as written in the cell.
    pub text: String,
    pub parts: Vec<Part>,
}

impl Version {
    /// Reads `3.3.1`, `2.13.x`, `3.0.0-M1` (components split on `.`; a component is its
    /// leading digits, `x` or `*` for any); `None` when the first component has no digit.
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let mut parts = Vec::new();
        for (i, c) in text.split('.').enumerate() {
            let c = c.trim();
            if c.eq_ignore_ascii_case("x") || c == "*" {
                parts.push(Part::Any);
                continue;
            }
            let digits: String = c.chars().take_while(char::is_ascii_digit).collect();
            match digits.parse::<u64>() {
                Ok(n) => parts.push(Part::Number(n)),
                Err(_) if i == 0 => return None,
                Err(_) => break,
            }
            if digits.len() < c.len() {
                // `0-M1`: the rest is a qualifier, no further component.
                break;
            }
        }
        (!parts.is_empty()).then(|| Version {
            text: text.to_string(),
            parts,
        })
    }

    /// Numeric comparison, `x` equal to any number, a missing component `0`.
    pub fn compare(&self, other: &Version) -> Ordering {
        let n = self.parts.len().max(other.parts.len());
        for i in 0..n {
            let a = self.parts.get(i).copied().unwrap_or(Part::Number(0));
            let b = other.parts.get(i).copied().unwrap_or(Part::Number(0));
            match (a, b) {
                (Part::Number(a), Part::Number(b)) if a != b => return a.cmp(&b),
                _ => {}
            }
        }
        Ordering::Equal
    }

    /// Whether this version belongs to the version line `line` (`3.3.1` to `3`, `2.13.6` to
    /// `2.13`): `line`'s components are this version's leading ones (`x` matching any).
    pub fn in_line(&self, line: &Version) -> bool {
        line.parts.len() <= self.parts.len()
            && line
                .parts
                .iter()
                .zip(&self.parts)
                .all(|(l, p)| matches!((l, p), (Part::Any, _) | (_, Part::Any)) || l == p)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// Whether a version is released or only announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionState {
    /// Supported since the version (released).
    Supported,
    /// Announced: support comes with the version, not released yet (`3.3.2*`, `(forthcoming)`).
    Forthcoming,
}

/// A cell's version: "supported since `version`", or forthcoming in it; `note` is the text
/// written around the version (markers removed), "" when none.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct VersionValue {
    pub version: Version,
    pub state: VersionState,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// How a cell's version changed from one month to the next. Never an advance or a regression
/// by code rank: support is added, raised, lowered, released or dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionChange {
    /// Blank (or a code) → a version (supported or forthcoming).
    Added,
    /// A version → blank (or a code).
    Dropped,
    /// Forthcoming → the same version, supported.
    Released,
    /// The same version, supported → forthcoming again.
    Withdrawn,
    /// The minimum version went up (`3.3.1` → `3.4.0`).
    Raised,
    /// The minimum version went down.
    Lowered,
    /// The same version with another note or spelling (`3.3` → `3.3.0`).
    Noted,
}

impl VersionChange {
    /// How `from` became `to`; `None` when neither holds a version, or nothing changed.
    pub fn between(from: Option<&VersionValue>, to: Option<&VersionValue>) -> Option<Self> {
        Some(match (from, to) {
            (None, None) => return None,
            (None, Some(_)) => VersionChange::Added,
            (Some(_), None) => VersionChange::Dropped,
            (Some(a), Some(b)) => match a.version.compare(&b.version) {
                Ordering::Less => VersionChange::Raised,
                Ordering::Greater => VersionChange::Lowered,
                Ordering::Equal => match (a.state, b.state) {
                    (VersionState::Forthcoming, VersionState::Supported) => VersionChange::Released,
                    (VersionState::Supported, VersionState::Forthcoming) => {
                        VersionChange::Withdrawn
                    }
                    _ if a == b => return None,
                    _ => VersionChange::Noted,
                },
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(v("3.10").compare(&v("3.9")), Ordering::Greater);
        assert_eq!(v("3.3").compare(&v("3.3.0")), Ordering::Equal);
        assert_eq!(v("2.13.x").compare(&v("2.13.7")), Ordering::Equal);
        assert_eq!(v("2.12.4").compare(&v("2.13.0")), Ordering::Less);
        assert_eq!(
            v("3.0.0-M1").parts,
            [Part::Number(3), Part::Number(0), Part::Number(0)]
        );
        assert_eq!(Version::parse("x"), Some(v("x")));
        assert_eq!(Version::parse("next"), None);
    }

    #[test]
    fn versions_belong_to_lines() {
        assert!(v("3.3.1").in_line(&v("3")));
        assert!(v("2.13.6").in_line(&v("2.13")));
        assert!(!v("2.12.4").in_line(&v("2.13")));
        assert!(!v("3").in_line(&v("3.3")));
    }

    #[test]
    fn changes_in_version_words() {
        let cell = |s: &str, state| VersionValue {
            version: v(s),
            state,
            note: String::new(),
        };
        let (sup, fc) = (VersionState::Supported, VersionState::Forthcoming);
        let change =
            |a: Option<&VersionValue>, b: Option<&VersionValue>| VersionChange::between(a, b);
        assert_eq!(
            change(None, Some(&cell("3.3.1", sup))),
            Some(VersionChange::Added)
        );
        assert_eq!(
            change(Some(&cell("3.3.1", sup)), None),
            Some(VersionChange::Dropped)
        );
        assert_eq!(
            change(Some(&cell("3.8.0", fc)), Some(&cell("3.8.0", sup))),
            Some(VersionChange::Released)
        );
        assert_eq!(
            change(Some(&cell("3.9.0", sup)), Some(&cell("3.10.0", sup))),
            Some(VersionChange::Raised)
        );
        assert_eq!(
            change(Some(&cell("3.10.0", sup)), Some(&cell("3.9.0", sup))),
            Some(VersionChange::Lowered)
        );
        assert_eq!(
            change(Some(&cell("3.3", sup)), Some(&cell("3.3", sup))),
            None
        );
    }
}
