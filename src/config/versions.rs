//! `versions:` in `site.yaml`: cells that hold a version ("supported since 3.3.1") instead of a
//! code. A cell matching `pattern` holds that version; a `forthcoming` marker in it makes the
//! version announced, not released; the text around the version is the cell's note. Read once
//! per cell into a typed [`VersionValue`] (see [`crate::model::version`]).

use crate::model::{Version, VersionState, VersionValue};
use regex_automata::meta::Regex;
use schemars::JsonSchema;
use serde::Deserialize;

/// The default `pattern`: dotted numbers, `x` for any (`3.3.1`, `2.13.x`).
pub const DEFAULT_PATTERN: &str = r"\d+(?:\.(?:\d+|[xX]))*";

/// `versions:` as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionsConfig {
    /// A regular expression a version matches (default `\d+(?:\.(?:\d+|[xX]))*`); its first
    /// match in a cell is the version, the rest of the cell its note.
    #[serde(default = "default_pattern")]
    pub pattern: String,
    /// Text that marks a version as forthcoming (announced, not released): `"*"`,
    /// `"(forthcoming)"`, `"(soon)"`, matched in any case and removed from the note.
    #[serde(default)]
    pub forthcoming: Vec<String>,
    /// `by_line`: a cell under a column whose name is not a version line (`Scala`) lists
    /// versions (`3.0.0, 2.13.0, 2.12.4`), each given to the version line its leading
    /// components match (`3.3.1` → `3`, `2.13.6` → `2.13`): a line is a column of the table
    /// named as a version, or the identity of an implementor alias, so an older list layout
    /// and a newer column-per-line one share one history.
    #[serde(default)]
    pub lists: Option<Lists>,
}

/// `versions: lists:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Lists {
    /// One value per version line: each version of a list goes to its line's column.
    ByLine,
}

fn default_pattern() -> String {
    DEFAULT_PATTERN.to_string()
}

/// `versions:` resolved: the configuration and its compiled pattern.
#[derive(Debug, Clone)]
pub struct Versions {
    pub config: VersionsConfig,
    regex: Regex,
}

impl PartialEq for Versions {
    fn eq(&self, other: &Self) -> bool {
        self.config == other.config
    }
}

impl Eq for Versions {}

impl Versions {
    /// Compiles the pattern; the error says why it is not a regular expression (or matches
    /// the empty text).
    pub fn new(config: VersionsConfig) -> Result<Versions, String> {
        let regex = Regex::new(&config.pattern).map_err(|e| {
            format!(
                "versions.pattern \"{}\" is not a regular expression: {e}",
                config.pattern
            )
        })?;
        if regex.is_match("") {
            return Err(format!(
                "versions.pattern \"{}\" matches empty text; a version needs at least a digit",
                config.pattern
            ));
        }
        Ok(Versions { config, regex })
    }

    /// Whether lists of versions are split by version line (`lists: by_line`).
    pub fn by_line(&self) -> bool {
        self.config.lists == Some(Lists::ByLine)
    }

    /// The versions a cell's text lists, each with its state and note: every match of the
    /// pattern, the text up to the next match its own (markers found there make it
    /// forthcoming; the rest, separators trimmed, is its note). Empty when none matches.
    pub fn read_all(&self, text: &str) -> Vec<VersionValue> {
        let matches: Vec<_> = self.regex.find_iter(text).collect();
        let mut out = Vec::with_capacity(matches.len());
        for (i, m) in matches.iter().enumerate() {
            let before = if i == 0 { &text[..m.start()] } else { "" };
            let end = matches.get(i + 1).map_or(text.len(), |n| n.start());
            let after = &text[m.end()..end];
            if let Some(v) = self.value(&text[m.range()], &format!("{before} {after}")) {
                out.push(v);
            }
        }
        out
    }

    /// The one version of a cell, with its state and note; `None` when the pattern does not
    /// match.
    pub fn read(&self, text: &str) -> Option<VersionValue> {
        let m = self.regex.find(text)?;
        let rest = format!("{} {}", &text[..m.start()], &text[m.end()..]);
        self.value(&text[m.range()], &rest)
    }

    fn value(&self, version: &str, rest: &str) -> Option<VersionValue> {
        let version = Version::parse(version)?;
        let mut rest = rest.to_string();
        let mut state = VersionState::Supported;
        for marker in self
            .config
            .forthcoming
            .iter()
            .filter(|m| !m.trim().is_empty())
        {
            if let Some(at) = find_any_case(&rest, marker.trim()) {
                rest.replace_range(at..at + marker.trim().len(), " ");
                state = VersionState::Forthcoming;
            }
        }
        let note = rest
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_matches([',', ';', ' '])
            .to_string();
        Some(VersionValue {
            version,
            state,
            note,
        })
    }
}

impl super::Config {
    /// The code a version cell in `state` reads as: the complete code for a supported version,
    /// the progress code just below it for a forthcoming one (complete when there is none), so
    /// counts, colours and the legend speak of states, never of versions.
    pub fn version_code(&self, state: VersionState) -> &str {
        let Some(complete) = self.ranks.complete() else {
            return "";
        };
        match state {
            VersionState::Supported => self.ranks.code(complete),
            VersionState::Forthcoming if complete >= 2 => self.ranks.code(complete - 1),
            VersionState::Forthcoming => self.ranks.code(complete),
        }
    }
}

/// Where `needle` starts in `hay`, compared in any (ASCII) case.
fn find_any_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?)
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n) && hay.is_char_boundary(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versions(forthcoming: &[&str]) -> Versions {
        Versions::new(VersionsConfig {
            pattern: DEFAULT_PATTERN.into(),
            forthcoming: forthcoming.iter().map(|s| s.to_string()).collect(),
            lists: None,
        })
        .unwrap()
    }

    #[test]
    fn cells_read_as_versions_with_state_and_note() {
        let v = versions(&["*", "(forthcoming)", "(soon)"]);
        let read = |s: &str| {
            v.read(s)
                .map(|x| (x.version.text, x.state, x.note))
                .unwrap()
        };
        let (sup, fc) = (VersionState::Supported, VersionState::Forthcoming);
        assert_eq!(read("3.3.1"), ("3.3.1".into(), sup, "".into()));
        assert_eq!(read("3.3.2*"), ("3.3.2".into(), fc, "".into()));
        assert_eq!(
            read("2.13.7 (Forthcoming)"),
            ("2.13.7".into(), fc, "".into())
        );
        assert_eq!(read("3.3.0 (soon)"), ("3.3.0".into(), fc, "".into()));
        assert_eq!(
            read("2.12.4 (see below)"),
            ("2.12.4".into(), sup, "(see below)".into())
        );
        assert_eq!(v.read("no"), None);
        let all: Vec<String> = v
            .read_all("3.0.0, 2.13.0*, 2.12.4")
            .into_iter()
            .map(|x| format!("{} {:?}", x.version, x.state))
            .collect();
        assert_eq!(
            all,
            ["3.0.0 Supported", "2.13.0 Forthcoming", "2.12.4 Supported"]
        );
    }

    #[test]
    fn patterns_that_cannot_be_versions_are_refused() {
        let bad = |p: &str| {
            Versions::new(VersionsConfig {
                pattern: p.into(),
                forthcoming: vec![],
                lists: None,
            })
            .unwrap_err()
        };
        assert!(
            bad("(").contains("not a regular expression"),
            "{}",
            bad("(")
        );
        assert!(bad(r"\d*").contains("matches empty text"));
    }
}
