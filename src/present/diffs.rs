//! A diff as text for a terminal, as markdown for a pull-request comment or job summary, and as
//! JSON for tools. Names written by people are escaped for markdown and HTML.

use super::version_words;
use super::wording::{crossing, id_label, kind_word, since, summary};
use crate::analyse::diff::{ChangeKind, Diff, ValueChange};
use crate::config::{Config, Vocabulary};
use crate::model::{ItemKey, TermId};
use crate::nouns::Nouns;
use serde_json::json;

fn code_or_blank(c: &str) -> &str {
    if c.is_empty() { "blank" } else { c }
}

/// Escapes text for a markdown table cell (also safe in GitHub's HTML sanitiser).
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '|' | '#' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            // A zero-width space after `@` keeps GitHub from turning a name into a mention
            // (an import pull request would ping whoever a report names).
            '@' => out.push_str("@&#8203;"),
            c => out.push(c),
        }
    }
    out
}

/// Plain text, one change per line.
pub fn text(d: &Diff, config: &Config, nouns: &Nouns) -> String {
    let mut o = format!(
        "{} → {}, {}: {}\n",
        d.from,
        d.to,
        since(d),
        summary(d, config, nouns)
    );
    let pid = |n: &ItemKey| config.item_id(n);
    for c in &d.threshold_crossings {
        o.push_str(&format!("  threshold           {}\n", crossing(c, config)));
    }
    for p in &d.items_added {
        o.push_str(&format!(
            "  {:<19} {}: {}\n",
            format!("new {}", nouns.item.one),
            pid(&p.number),
            p.title
        ));
    }
    for p in &d.items_removed {
        o.push_str(&format!(
            "  {:<19} {}: {}\n",
            format!("removed {}", nouns.item.one),
            pid(&p.number),
            p.title
        ));
    }
    for s in &d.stage_changes {
        o.push_str(&format!(
            "  stage               {}: {} → {}\n",
            pid(&s.item),
            id_label(&config.stages, s.from),
            id_label(&config.stages, s.to)
        ));
    }
    for s in &d.compliance_changes {
        o.push_str(&format!(
            "  compliance          {}: {} → {}\n",
            pid(&s.item),
            id_label(&config.compliance, s.from),
            id_label(&config.compliance, s.to)
        ));
    }
    for c in &d.attribute_changes {
        o.push_str(&format!(
            "  {:<19} {}\n",
            "other",
            super::wording::attribute_change(c, config)
        ));
    }
    for i in &d.implementors_added {
        o.push_str(&format!(
            "  {:<19} {i}\n",
            format!("new {}", nouns.implementor.one)
        ));
    }
    for i in &d.implementors_removed {
        o.push_str(&format!(
            "  {:<19} {i}\n",
            format!("removed {}", nouns.implementor.one)
        ));
    }
    for e in &d.evidence_changes {
        o.push_str(&format!(
            "  {:<19} {}: {}\n",
            "release",
            e.implementor,
            super::wording::evidence_change(e)
        ));
    }
    for c in &d.cells {
        if let Some(v) = &c.version {
            o.push_str(&format!(
                "  {:<19} {} × {}: {}\n",
                version_words::change_word(v.change),
                c.implementor,
                pid(&c.item),
                version_words::change(v)
            ));
            continue;
        }
        o.push_str(&format!(
            "  {:<19} {} × {}: {} → {}\n",
            kind_word(c.kind),
            c.implementor,
            pid(&c.item),
            code_or_blank(&c.from),
            code_or_blank(&c.to)
        ));
    }
    o
}

/// Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
pub fn markdown(d: &Diff, config: &Config, nouns: &Nouns) -> String {
    // Every value is escaped, config labels and codes included: site.yaml comes from pull
    // requests too.
    let pid = |n: &ItemKey| md_escape(&config.item_id(n));
    let mut o = format!(
        "### Status changes: {} → {}\n\n",
        d.from.long_name(),
        d.to.long_name()
    );
    o.push_str(&format!(
        "**{}** {}.\n",
        md_escape(&summary(d, config, nouns)),
        since(d)
    ));
    let mut items: Vec<String> = d
        .threshold_crossings
        .iter()
        .map(|c| format!("- **{}**", md_escape(&crossing(c, config))))
        .collect();
    for p in &d.items_added {
        items.push(format!(
            "- New {} **{}**: {}",
            md_escape(&nouns.item.one),
            pid(&p.number),
            md_escape(&p.title)
        ));
    }
    for p in &d.items_removed {
        items.push(format!(
            "- Removed {} **{}**: {}",
            md_escape(&nouns.item.one),
            pid(&p.number),
            md_escape(&p.title)
        ));
    }
    for s in &d.stage_changes {
        items.push(format!(
            "- **{}** stage: {} → {}",
            pid(&s.item),
            md_escape(&id_label(&config.stages, s.from)),
            md_escape(&id_label(&config.stages, s.to))
        ));
    }
    for s in &d.compliance_changes {
        items.push(format!(
            "- **{}** compliance: {} → {}",
            pid(&s.item),
            md_escape(&id_label(&config.compliance, s.from)),
            md_escape(&id_label(&config.compliance, s.to))
        ));
    }
    for c in &d.attribute_changes {
        items.push(format!(
            "- {}",
            md_escape(&super::wording::attribute_change(c, config))
        ));
    }
    for i in &d.implementors_added {
        items.push(format!(
            "- New {} **{}**",
            md_escape(&nouns.implementor.one),
            md_escape(i)
        ));
    }
    for i in &d.implementors_removed {
        items.push(format!(
            "- Removed {} **{}**",
            md_escape(&nouns.implementor.one),
            md_escape(i)
        ));
    }
    for e in &d.evidence_changes {
        items.push(format!(
            "- **{}**: {}",
            md_escape(&e.implementor),
            md_escape(&super::wording::evidence_change(e))
        ));
    }
    if !items.is_empty() {
        o.push('\n');
        o.push_str(&items.join("\n"));
        o.push('\n');
    }
    if !d.cells.is_empty() {
        let mut item_head = nouns.item.one.clone();
        if let Some(first) = item_head.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        o.push_str(&format!(
            "\n| Change | {} | {} | From | To |\n|---|---|---|---|---|\n",
            md_escape(&item_head),
            md_escape(&config.implementors.label)
        ));
        for c in &d.cells {
            if let Some(v) = &c.version {
                o.push_str(&format!(
                    "| ↔️ {} | {} | {} | {} | {} |\n",
                    version_words::change_word(v.change),
                    pid(&c.item),
                    md_escape(&c.implementor),
                    md_escape(&version_words::value(v.from.as_ref())),
                    md_escape(&version_words::value(v.to.as_ref()))
                ));
                continue;
            }
            let arrow = match c.kind {
                ChangeKind::Advance => "⬆️ advance",
                ChangeKind::Regression => "⬇️ regression",
                ChangeKind::Other => "↔️ other",
            };
            o.push_str(&format!(
                "| {arrow} | {} | {} | {} | {} |\n",
                pid(&c.item),
                md_escape(&c.implementor),
                md_escape(code_or_blank(&c.from)),
                md_escape(code_or_blank(&c.to))
            ));
        }
    }
    o
}

/// Value changes as the diff's JSON writes them: the item and the codes.
fn codes<I: TermId>(changes: &[ValueChange<I>], v: &Vocabulary) -> serde_json::Value {
    changes
        .iter()
        .map(|c| json!({"proposal": c.item, "from": v.code_of(c.from), "to": v.code_of(c.to)}))
        .collect()
}

/// JSON: the diff with its summary, newline-terminated.
pub fn json(d: &Diff, config: &Config, nouns: &Nouns) -> String {
    let mut v = serde_json::to_value(d).unwrap_or_default();
    if let Some(m) = v.as_object_mut() {
        // The value changes hold ids; the JSON says their codes (in place: the keys keep
        // their order).
        m.insert(
            "stage_changes".into(),
            codes(&d.stage_changes, &config.stages),
        );
        m.insert(
            "compliance_changes".into(),
            codes(&d.compliance_changes, &config.compliance),
        );
        m.insert("since".into(), json!(since(d)));
        m.insert("summary".into(), json!(summary(d, config, nouns)));
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown() {
        assert_eq!(md_escape("a|b"), "a\\|b");
        assert_eq!(md_escape("<script>"), "&lt;script&gt;");
        assert_eq!(md_escape("**x**"), "\\*\\*x\\*\\*");
    }
}
