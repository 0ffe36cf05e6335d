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

/// Whether XML 1.0 allows `c` in a document: tab, LF, CR, and everything from U+0020 except
/// U+FFFE and U+FFFF (Rust strings hold no surrogates).
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

/// Drops the characters XML 1.0 forbids (vertical tab, form feed, U+FFFE, …) from a finished
/// document or fragment; everything else is kept as it is.
pub fn xml_chars(s: &str) -> Cow<'_, str> {
    if s.chars().all(xml_allowed) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| xml_allowed(c)).collect())
    }
}

/// Escapes text for XML 1.0, also dropping the characters XML forbids.
pub fn xml(s: &str) -> String {
    html(&xml_chars(s)).into_owned()
}

/// Appends the id `<slug>-<fragment>`, unquoted when every character allows it (ASCII letters,
/// digits, `-`, `.`, `_`), else quoted and escaped.
pub(super) fn push_id(out: &mut String, slug: &str, fragment: &str) {
    let bare = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
    };
    if bare(slug) && bare(fragment) {
        out.push_str(slug);
        out.push('-');
        out.push_str(fragment);
    } else {
        out.push('"');
        out.push_str(&html(slug));
        out.push('-');
        out.push_str(&html(fragment));
        out.push('"');
    }
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
        assert_eq!(xml("v\u{b}t\u{c}f\u{fffe}\u{ffff}x\ty"), "vtfx\ty");
        assert!(matches!(xml_chars("plain"), Cow::Borrowed(_)));
    }
}
