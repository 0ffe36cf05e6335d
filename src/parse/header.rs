//! Proposal headers: whether a label names a numbered proposal in the configured pattern
//! (`proposals.pattern`, such as `GEP-{number}: {title}`), and its number and title.

use super::row::{self, clean};

/// A proposal header: `(number, title)` when the cell matches the configured pattern.
pub fn match_item(pattern: &str, header: &str) -> Option<(u32, String)> {
    let (before, after) = pattern.split_once("{number}")?;
    let text = clean(header);
    let rest = strip_literal(text, before)?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    let rest = &rest[digits.len()..];
    let (sep, tail) = match after.split_once("{title}") {
        Some((sep, tail)) => (sep, tail),
        None => (after, ""),
    };
    let rest = if rest.trim().is_empty() && clean(sep).is_empty() {
        ""
    } else {
        strip_literal(rest, sep)?
    };
    let title = match rest.strip_suffix(tail.trim()) {
        Some(t) if !tail.trim().is_empty() => t,
        _ => rest,
    };
    Some((number, clean(title).to_string()))
}

/// Strips a literal prefix, comparing case-insensitively and letting any run of spaces match any
/// other run of spaces.
fn strip_literal<'a>(text: &'a str, literal: &str) -> Option<&'a str> {
    let mut rest = text;
    for (i, word) in literal.split(' ').enumerate() {
        if i > 0 {
            rest = rest.trim_start_matches(row::is_space);
        }
        if word.is_empty() {
            continue;
        }
        let n = word.len();
        if rest.len() < n || !rest.is_char_boundary(n) || !rest[..n].eq_ignore_ascii_case(word) {
            return None;
        }
        rest = &rest[n..];
    }
    Some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_headers() {
        let p = "GEP-{number}: {title}";
        assert_eq!(
            match_item(p, "GEP-1619: Session Persistence"),
            Some((1619, "Session Persistence".into()))
        );
        assert_eq!(
            match_item(p, "gep-957:Destination Port Matching"),
            Some((957, "Destination Port Matching".into()))
        );
        assert_eq!(match_item(p, "GEP-1: a | b"), Some((1, "a | b".into())));
        assert_eq!(match_item(p, "Status"), None);
        assert_eq!(match_item(p, "GEP-x: y"), None);
        assert_eq!(
            match_item("KEP {number} ({title})", "KEP 42 (Sidecars)"),
            Some((42, "Sidecars".into()))
        );
        assert_eq!(match_item("#{number}", "#7"), Some((7, "".into())));
    }
}
