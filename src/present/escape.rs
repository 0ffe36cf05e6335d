//! Escaping for everything statusgen writes by hand rather than through tera's autoescape:
//! HTML fragments (grid cells), SVG titles and descriptions, and the Atom feed and sitemap.

use std::borrow::Cow;

/// Escapes text for HTML or XML content and attribute values (`& < > " '`).
pub fn html(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Escapes text for XML 1.0, also dropping the control characters XML forbids.
pub fn xml(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|&c| (c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    html(&allowed).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            html("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &#x27;d&#x27;&gt;"
        );
        assert!(matches!(html("plain"), Cow::Borrowed(_)));
        assert_eq!(xml("a\u{1}b<"), "ab&lt;");
    }
}
