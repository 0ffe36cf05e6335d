//! The words for version cells (`versions:` in `site.yaml`): a cell reads "since 3.3.1" or
//! "3.3.2 forthcoming", a change "3.3.2 released", "minimum raised 2.13.6 → 2.13.10", and a
//! month's summary "3.3.2 released: 22, 2 supports added". The analysis gives typed values;
//! only this module words them.

use crate::analyse::diff::{CellChange, Diff, VersionDelta};
use crate::config::Config;
use crate::model::{Month, VersionChange, VersionState, VersionValue};
use crate::nouns::Nouns;

/// A cell's value in words: "since 3.3.1", "3.3.2 forthcoming", with its note
/// ("since 2.12.4 (see below)").
pub fn cell(v: &VersionValue) -> String {
    let mut s = match v.state {
        VersionState::Supported => format!("since {}", v.version),
        VersionState::Forthcoming => format!("{} forthcoming", v.version),
    };
    if !v.note.is_empty() {
        s.push(' ');
        s.push_str(&v.note);
    }
    s
}

/// A value as a change shows it: "3.3.2 forthcoming", "3.3.1", "blank".
pub fn value(v: Option<&VersionValue>) -> String {
    match v {
        None => "blank".to_string(),
        Some(v) => {
            let mut s = v.version.to_string();
            if v.state == VersionState::Forthcoming {
                s.push_str(" forthcoming");
            }
            if !v.note.is_empty() {
                s.push(' ');
                s.push_str(&v.note);
            }
            s
        }
    }
}

/// The short word of a change, where a code change says "advance" or "regression".
pub fn change_word(c: VersionChange) -> &'static str {
    match c {
        VersionChange::Added => "support added",
        VersionChange::Dropped => "support dropped",
        VersionChange::Released => "released",
        VersionChange::Withdrawn => "forthcoming again",
        VersionChange::Raised => "minimum raised",
        VersionChange::Lowered => "minimum lowered",
        VersionChange::Noted => "note changed",
    }
}

/// A change in words: "3.3.2 released", "support added since 2.12.19", "support announced
/// in 3.3.4", "minimum raised 2.13.6 → 2.13.10", "support dropped (was since 3.4.0)".
pub fn change(d: &VersionDelta) -> String {
    let (from, to) = (d.from.as_ref(), d.to.as_ref());
    match d.change {
        VersionChange::Added => match to {
            Some(v) if v.state == VersionState::Forthcoming => {
                format!("support announced in {}", v.version)
            }
            Some(v) => format!("support added {}", cell(v)),
            None => "support added".to_string(),
        },
        VersionChange::Dropped => match from {
            Some(v) => format!("support dropped (was {})", cell(v)),
            None => "support dropped".to_string(),
        },
        VersionChange::Released => match to {
            Some(v) => format!("{} released", v.version),
            None => "released".to_string(),
        },
        VersionChange::Withdrawn
        | VersionChange::Raised
        | VersionChange::Lowered
        | VersionChange::Noted => {
            format!("{} {} → {}", change_word(d.change), value(from), value(to))
        }
    }
}

/// The summary's words for a diff's version changes: releases by version with the items they
/// support ("3.3.2 released: 22, 23"), then the other kinds counted ("2 supports added, 1
/// minimum raised"), in a fixed order. Empty when no cell holds a version.
pub fn summary(d: &Diff, config: &Config) -> Vec<String> {
    let versioned: Vec<(&CellChange, &VersionDelta)> = d
        .cells
        .iter()
        .filter_map(|c| c.version.as_ref().map(|v| (c, v)))
        .collect();
    let mut parts = Vec::new();
    // Releases grouped by version, in the order first met.
    let mut released: Vec<(String, Vec<String>)> = Vec::new();
    for (c, v) in &versioned {
        if v.change != VersionChange::Released {
            continue;
        }
        let version =
            v.to.as_ref()
                .map(|x| x.version.to_string())
                .unwrap_or_default();
        let item = config.item_id(&c.item);
        match released.iter_mut().find(|(n, _)| *n == version) {
            Some((_, items)) if !items.contains(&item) => items.push(item),
            Some(_) => {}
            None => released.push((version, vec![item])),
        }
    }
    for (version, items) in released {
        parts.push(format!("{version} released: {}", items.join(", ")));
    }
    let counted = [
        (VersionChange::Added, "support added", "supports added"),
        (VersionChange::Raised, "minimum raised", "minimums raised"),
        (
            VersionChange::Lowered,
            "minimum lowered",
            "minimums lowered",
        ),
        (
            VersionChange::Dropped,
            "support dropped",
            "supports dropped",
        ),
        (
            VersionChange::Withdrawn,
            "release withdrawn",
            "releases withdrawn",
        ),
        (VersionChange::Noted, "note changed", "notes changed"),
    ];
    for (kind, one, many) in counted {
        let n = versioned.iter().filter(|(_, v)| v.change == kind).count();
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    parts
}

/// The timeline of one cell over the months it is listed: "3.3.2 forthcoming 2024-02 →
/// released 2024-03 → 3.4.0 from 2024-11 → dropped 2025-01"; months before its first version
/// are left out; "" when it never held one.
pub fn timeline(steps: &[(Month, Option<&VersionValue>)]) -> String {
    let start = |m: Month, v: &VersionValue| match v.state {
        VersionState::Supported => format!("{} from {m}", v.version),
        VersionState::Forthcoming => format!("{} forthcoming {m}", v.version),
    };
    let mut words: Vec<String> = Vec::new();
    let mut last: Option<&VersionValue> = None;
    for &(month, v) in steps {
        let Some(change) = VersionChange::between(last, v) else {
            continue;
        };
        words.push(match (change, v) {
            (VersionChange::Released, _) => format!("released {month}"),
            (VersionChange::Withdrawn, _) => format!("forthcoming again {month}"),
            (VersionChange::Dropped, _) => format!("dropped {month}"),
            (_, Some(v)) => start(month, v),
            (_, None) => continue,
        });
        last = v;
    }
    words.join(" → ")
}

/// The heading of a count of complete cells: "Complete", or "Supported by" for a version
/// matrix (a row reads "Supported by: 3 of 4 lines").
pub fn complete_word(config: &Config) -> &'static str {
    if config.versions.is_some() {
        "Supported by"
    } else {
        "Complete"
    }
}

/// What follows "N of P" in such a count: "", or " lines" for a version matrix (its
/// implementors' noun in the plural).
pub fn count_unit(config: &Config, nouns: &Nouns) -> String {
    if config.versions.is_some() {
        format!(" {}", nouns.implementor.many)
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Version;

    fn v(s: &str, state: VersionState, note: &str) -> VersionValue {
        VersionValue {
            version: Version::parse(s).unwrap(),
            state,
            note: note.into(),
        }
    }

    #[test]
    fn cells_and_changes_in_words() {
        let (sup, fc) = (VersionState::Supported, VersionState::Forthcoming);
        assert_eq!(cell(&v("3.3.1", sup, "")), "since 3.3.1");
        assert_eq!(cell(&v("3.3.2", fc, "")), "3.3.2 forthcoming");
        assert_eq!(
            cell(&v("2.12.4", sup, "(see below)")),
            "since 2.12.4 (see below)"
        );
        let delta = |change, from: Option<VersionValue>, to: Option<VersionValue>| {
            super::change(&VersionDelta { change, from, to })
        };
        assert_eq!(
            delta(
                VersionChange::Released,
                Some(v("3.3.2", fc, "")),
                Some(v("3.3.2", sup, ""))
            ),
            "3.3.2 released"
        );
        assert_eq!(
            delta(
                VersionChange::Raised,
                Some(v("2.13.6", sup, "")),
                Some(v("2.13.10", sup, ""))
            ),
            "minimum raised 2.13.6 → 2.13.10"
        );
        assert_eq!(
            delta(VersionChange::Dropped, Some(v("3.4.0", sup, "")), None),
            "support dropped (was since 3.4.0)"
        );
        assert_eq!(
            delta(VersionChange::Added, None, Some(v("3.3.4", fc, ""))),
            "support announced in 3.3.4"
        );
        let m = |s: &str| Month::parse(s).unwrap();
        let (a, b, c) = (v("3.3.1", fc, ""), v("3.3.1", sup, ""), v("3.4.0", sup, ""));
        assert_eq!(
            timeline(&[
                (m("2023-05"), None),
                (m("2023-06"), Some(&a)),
                (m("2023-07"), Some(&a)),
                (m("2023-09"), Some(&b)),
                (m("2024-11"), Some(&c)),
                (m("2025-01"), None),
            ]),
            "3.3.1 forthcoming 2023-06 → released 2023-09 → 3.4.0 from 2024-11 → dropped 2025-01"
        );
    }
}
