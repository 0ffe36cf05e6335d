//! Every word the site says about the analysis: a diff's summary and "since" phrase, plurals,
//! vocabulary labels and change kinds. The analysis returns data; only presentation (this module,
//! the page modules and the templates) turns it into English.

use crate::analyse::diff::{ChangeKind, Crossing, Diff};
use crate::analyse::graduation::{Direction, Graduation, Reached, State};
use crate::config::Config;
use crate::model::Month;
use crate::nouns::Nouns;

/// The heading of a graduation state's group.
pub fn state_heading(s: State) -> &'static str {
    match s {
        State::Ready => "Ready to graduate",
        State::GraduatedWithoutEvidence => "Graduated without the evidence",
        State::Below => "Below the threshold",
        State::Graduated => "Graduated",
        State::NotAssessed => "Not assessed",
    }
}

/// "2 ready to graduate, 1 graduated without the evidence" (only those two states; "none ready
/// to graduate" when neither occurs).
pub fn graduation_counts(gs: &[Graduation]) -> String {
    let n = |s: State| gs.iter().filter(|g| g.state == s).count();
    let (ready, without) = (n(State::Ready), n(State::GraduatedWithoutEvidence));
    let mut parts = vec![if ready == 0 {
        "none ready to graduate".to_string()
    } else {
        format!("{ready} ready to graduate")
    }];
    if without > 0 {
        parts.push(format!("{without} graduated without the evidence"));
    }
    parts.join(", ")
}

/// "5 complete · threshold 3".
pub fn complete_of(complete: usize, threshold: Option<usize>) -> String {
    match threshold {
        Some(threshold) => format!("{complete} complete · threshold {threshold}"),
        None => format!("{complete} complete"),
    }
}

/// When the threshold was reached or lost: "reached in February 2024", "reached before the first
/// snapshot", "fell below in April 2024", "never reached"; empty when not assessed. A proposal
/// graduated without the evidence says how it graduated: "became Standard in September 2025
/// with 0 complete; reached the threshold in February 2026" (or "; still below"). `stage` is its
/// stage's label, `first` its first month on record.
pub fn graduation_when(g: &Graduation, stage: &str, first: Month) -> String {
    if g.state == State::GraduatedWithoutEvidence {
        return without_evidence(g, stage, first);
    }
    match (g.state, g.reached, g.dropped) {
        (State::NotAssessed, _, _) => String::new(),
        (_, Some(Reached::Month(m)), _) => format!("reached in {}", m.long_name()),
        (_, Some(Reached::BeforeFirstSnapshot), _) => "reached before the first snapshot".into(),
        (_, None, Some(m)) => format!("fell below in {}", m.long_name()),
        (_, None, None) => "never reached".into(),
    }
}

/// "became Standard in September 2025 with 0 complete; reached the threshold in February 2026",
/// "Standard in July 2023 or earlier, with 1 complete then; still below".
fn without_evidence(g: &Graduation, stage: &str, first: Month) -> String {
    let n = g.complete_at_stage;
    let (became, since) = match g.stage_reached {
        Some(Reached::Month(m)) => (
            format!("became {stage} in {} with {n} complete", m.long_name()),
            m,
        ),
        _ => (
            format!(
                "{stage} in {} or earlier, with {n} complete then",
                first.long_name()
            ),
            first,
        ),
    };
    let after = match (g.reached, g.dropped) {
        (Some(Reached::Month(m)), _) => format!("reached the threshold in {}", m.long_name()),
        (Some(Reached::BeforeFirstSnapshot), _) => "meets the threshold".to_string(),
        (None, Some(m)) if m >= since => format!("fell below in {}", m.long_name()),
        (None, _) => "still below".to_string(),
    };
    format!("{became}; {after}")
}

/// When the proposal reached its latest stage: "since September 2025, 0 complete then", "since
/// July 2023 or earlier, 4 complete then" (`first`: its first month on record); empty with no
/// months on record.
pub fn stage_since(g: &Graduation, first: Month) -> String {
    let n = g.complete_at_stage;
    match g.stage_reached {
        Some(Reached::Month(m)) => format!("since {}, {n} complete then", m.long_name()),
        Some(Reached::BeforeFirstSnapshot) => {
            format!("since {} or earlier, {n} complete then", first.long_name())
        }
        None => String::new(),
    }
}

/// "since March 2024", with the months without a snapshot named (up to three) and the months
/// on record the comparison passes over ("April 2024 on record, not compared").
pub fn since(d: &Diff) -> String {
    let names = |ms: &[crate::model::Month]| {
        ms.iter()
            .map(|m| m.long_name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let missing = d.missing_months();
    let mut base = format!("since {}", d.from.long_name());
    match missing.len() {
        0 => {}
        1..=3 => base = format!("{base} (no snapshot for {})", names(&missing)),
        n => base = format!("{base} ({n} months without a snapshot)"),
    }
    match d.skipped.len() {
        0 => base,
        1..=3 => format!("{base} ({} on record, not compared)", names(&d.skipped)),
        n => format!("{base} ({n} months on record, not compared)"),
    }
}

/// "4 advances, 1 regression, 1 new implementor, GEP-1742 Experimental → Standard".
pub fn summary(d: &Diff, config: &Config, nouns: &Nouns) -> String {
    let mut parts: Vec<String> = d
        .threshold_crossings
        .iter()
        .map(|c| crossing(c, config))
        .collect();
    // Version changes are worded by what happened to the version, never counted as "other".
    parts.extend(super::version_words::summary(d, config));
    let adv = d.count(ChangeKind::Advance);
    let reg = d.count(ChangeKind::Regression);
    let oth = d
        .cells
        .iter()
        .filter(|c| c.kind == ChangeKind::Other && c.version.is_none())
        .count();
    if adv > 0 {
        parts.push(plural(adv, "advance", "advances"));
    }
    if reg > 0 {
        parts.push(plural(reg, "regression", "regressions"));
    }
    if oth > 0 {
        parts.push(plural(oth, "other change", "other changes"));
    }
    let (aged, renewed) = evidence_counts(d);
    if aged > 0 {
        parts.push(plural(
            aged,
            "row now for an older release",
            "rows now for an older release",
        ));
    }
    if renewed > 0 {
        parts.push(plural(
            renewed,
            "row for a current release again",
            "rows for a current release again",
        ));
    }
    if !d.implementors_added.is_empty() {
        parts.push(plural(
            d.implementors_added.len(),
            &format!("new {}", nouns.implementor.one),
            &format!("new {}", nouns.implementor.many),
        ));
    }
    if !d.implementors_removed.is_empty() {
        parts.push(plural(
            d.implementors_removed.len(),
            &format!("{} removed", nouns.implementor.one),
            &format!("{} removed", nouns.implementor.many),
        ));
    }
    if !d.items_added.is_empty() {
        parts.push(plural(
            d.items_added.len(),
            &format!("new {}", nouns.item.one),
            &format!("new {}", nouns.item.many),
        ));
    }
    if !d.items_removed.is_empty() {
        parts.push(plural(
            d.items_removed.len(),
            &format!("{} removed", nouns.item.one),
            &format!("{} removed", nouns.item.many),
        ));
    }
    for s in &d.stage_changes {
        parts.push(format!(
            "{} {} → {}",
            config.item_id(&s.item),
            id_label(&config.stages, s.from),
            id_label(&config.stages, s.to)
        ));
    }
    parts.extend(attribute_summary(d, config));
    if !d.compliance_changes.is_empty() {
        parts.push(plural(
            d.compliance_changes.len(),
            "compliance change",
            "compliance changes",
        ));
    }
    if parts.is_empty() {
        "no changes".to_string()
    } else {
        parts.join(", ")
    }
}

/// The summary's words for attribute changes: one change of an attribute is named ("gc:
/// Tier 2 → Tier 1" for a section, "gc Server: a → b" for a column), more are counted ("3
/// Tier changes"), in the order first met.
fn attribute_summary(d: &Diff, config: &Config) -> Vec<String> {
    let mut names: Vec<(&str, usize)> = Vec::new();
    for c in &d.attribute_changes {
        match names.iter_mut().find(|(n, _)| *n == c.attribute) {
            Some((_, k)) => *k += 1,
            None => names.push((&c.attribute, 1)),
        }
    }
    names
        .into_iter()
        .map(
            |(name, n)| match d.attribute_changes.iter().find(|c| c.attribute == name) {
                Some(c) if n == 1 => attribute_change(c, config),
                _ => format!("{n} {name} changes"),
            },
        )
        .collect()
}

/// "gc: Tier 2 → Tier 1" (a move between sections), "gc Server: gopls → pylsp" (an attribute
/// column); a blank value reads "blank".
pub fn attribute_change(c: &crate::analyse::diff::AttributeChange, config: &Config) -> String {
    let id = config.item_id(&c.item);
    let v = |s: &str| {
        if s.is_empty() {
            "blank".to_string()
        } else {
            s.to_string()
        }
    };
    let section =
        !config.matrix.sections.identity() && c.attribute == config.matrix.sections.label();
    if section {
        format!("{id}: {} → {}", v(&c.from), v(&c.to))
    } else {
        format!("{id} {}: {} → {}", c.attribute, v(&c.from), v(&c.to))
    }
}

/// Rows whose evidence became outdated, and rows current again.
fn evidence_counts(d: &Diff) -> (usize, usize) {
    let outdated = d
        .evidence_changes
        .iter()
        .filter(|e| e.to == crate::model::Evidence::Outdated)
        .count();
    (outdated, d.evidence_changes.len() - outdated)
}

/// "evidence for v1.0, no longer a current release: not counted", "evidence for v1.2, a
/// current release again: counted".
pub fn evidence_change(e: &crate::analyse::diff::EvidenceChange) -> String {
    let release = if e.release.is_empty() {
        "no release".to_string()
    } else {
        e.release.clone()
    };
    match e.to {
        crate::model::Evidence::Outdated => {
            format!("evidence for {release}, no longer a current release: not counted")
        }
        crate::model::Evidence::Current => {
            format!("evidence for {release}, a current release again: counted")
        }
    }
}

/// "GEP-1897 reached 3 complete implementations", "GEP-1897 fell below 3 complete
/// implementations".
pub fn crossing(c: &Crossing, config: &Config) -> String {
    let verb = match c.direction {
        Direction::Up => "reached",
        Direction::Down => "fell below",
    };
    format!(
        "{} {verb} {} complete implementations",
        config.item_id(&c.item),
        config.graduation_threshold.unwrap_or(0)
    )
}

/// The codes between blank and complete, in words, for "N planned or ready": their labels in
/// lower case, joined with "or"; "" when there are none. The built-in vocabulary keeps its short
/// words.
pub fn in_progress_words(config: &Config) -> String {
    if config.codes.terms == crate::config::Config::default().codes.terms {
        return "planned or ready".into();
    }
    codes_in_words(config, config.ranks.in_progress())
}

/// The codes outside the progress order (`progress: false`), in words, for "N reported
/// unsupported": their labels in lower case, joined with "or"; "" when there are none.
pub fn not_progress_words(config: &Config) -> String {
    codes_in_words(config, config.ranks.not_progress())
}

/// The labels of the codes of `ranks` in lower case (a code without a label as itself), joined
/// with "or".
fn codes_in_words(config: &Config, ranks: std::ops::Range<usize>) -> String {
    let words: Vec<String> = ranks
        .map(|r| match config.ranks.label(r) {
            "" => config.ranks.code(r).to_string(),
            l => l.to_lowercase(),
        })
        .collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The heading of a column of counts, from [`in_progress_words`] or [`not_progress_words`]: "In
/// progress" for the built-in codes, else the words with a capital ("Reported unsupported").
pub fn in_progress_heading(words: &str) -> String {
    if words == "planned or ready" {
        return "In progress".into();
    }
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "1 advance", "3 advances".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A stage or compliance label for a proposal's facts: its label, or "no stage" / "no compliance
/// value" when blank.
pub fn fact_label(v: &crate::config::Vocabulary, code: &str, none: &str) -> String {
    if code.is_empty() {
        none.to_string()
    } else {
        value_label(v, code)
    }
}

/// The label of a stage or compliance id ([`value_label`] of its code).
pub fn id_label<I: crate::model::TermId>(v: &crate::config::Vocabulary, id: I) -> String {
    value_label(v, v.code_of(id))
}

/// A vocabulary label, or "blank" for the empty value.
pub fn value_label(v: &crate::config::Vocabulary, code: &str) -> String {
    if code.is_empty() {
        "blank".into()
    } else {
        let l = v.label(code);
        if l.is_empty() {
            code.to_string()
        } else {
            l.to_string()
        }
    }
}

/// The label of a code for a visitor: its vocabulary label, else the code, else "blank".
pub fn code_label(config: &Config, code: &str) -> String {
    let class = config
        .code_rank(code)
        .map(|r| config.ranks.class(r.index()));
    if class == Some(crate::config::RankClass::NotApplicable) {
        return "does not apply".to_string();
    }
    match config.codes.label(code) {
        "" => value_label(&config.codes, code),
        l => l.to_string(),
    }
}

/// The class word of a change kind.
pub fn kind_word(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Advance => "advance",
        ChangeKind::Regression => "regression",
        ChangeKind::Other => "other",
    }
}

/// A stage or compliance code as written in a stage mark, "–" for blank.
pub fn or_blank(s: &str) -> &str {
    if s.is_empty() { "–" } else { s }
}
