//! Markdown prose → HTML with comrak: raw HTML is escaped (never passed through), headings get
//! ids so they can be linked, and the anchors comrak adds are made keyboard- and screen-reader-safe.

use crate::parse::comrak_options;
use comrak::nodes::NodeValue;

/// Renders markdown prose to HTML. Headings are shifted so the prose's top level becomes `<h2>`
/// (the page has its own `<h1>`), keeping their relative order without skipped levels.
pub fn render(md: &str) -> String {
    render_from(md, 2)
}

/// [`render`] with the prose's top level heading at `<h{top}>` (3 for prose inside a section of
/// the matrix, under the section's `<h2>`).
pub fn render_from(md: &str, top: u8) -> String {
    let mut o = comrak_options();
    o.extension.header_id_prefix = Some(String::new());
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, md, &o);
    let min = root
        .descendants()
        .filter_map(|n| match n.data.borrow().value {
            NodeValue::Heading(h) => Some(h.level),
            _ => None,
        })
        .min();
    if let Some(min) = min {
        for n in root.descendants() {
            if let NodeValue::Heading(h) = &mut n.data.borrow_mut().value {
                h.level = (h.level - min + top).min(6);
            }
        }
    }
    // HTML comments are dropped, as GitHub does; other raw HTML stays (escaped by the renderer).
    let raw: Vec<_> = root
        .descendants()
        .filter(|n| {
            matches!(
                n.data.borrow().value,
                NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_)
            )
        })
        .collect();
    for n in raw {
        let keep = {
            let mut data = n.data.borrow_mut();
            let literal = match &mut data.value {
                NodeValue::HtmlBlock(b) => &mut b.literal,
                NodeValue::HtmlInline(s) => s,
                _ => continue,
            };
            if literal.contains("<!--") {
                *literal = without_comments(literal);
            }
            !literal.trim().is_empty()
        };
        if !keep {
            n.detach();
        }
    }
    let mut html = String::new();
    if comrak::format_html(root, &o, &mut html).is_err() {
        return String::new();
    }
    // comrak's heading anchor is an empty link; give it a visible "#" so keyboard users see it.
    html.replace("class=\"anchor\"></a>", "class=\"anchor\">#</a>")
}

/// `s` without its `<!-- … -->` comments (an unterminated one runs to the end).
fn without_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i + 4..].find("-->") {
            Some(j) => rest = &rest[i + 4 + j + 3..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_html_comments_and_keeps_other_raw_html_escaped() {
        let h = render(
            "Before.\n\n<!--\nPlease keep this table sorted.\n| a | b |\n-->\n\nAfter <!-- inline --> text <b>bold</b>.\n",
        );
        assert!(!h.contains("sorted"), "{h}");
        assert!(!h.contains("inline"), "{h}");
        assert!(!h.contains("&lt;!--"), "{h}");
        assert!(h.contains("<p>Before.</p>"), "{h}");
        assert!(h.contains("After  text &lt;b&gt;bold&lt;/b&gt;."), "{h}");
        assert_eq!(without_comments("a<!-- x -->b<!-- y"), "ab");
    }

    #[test]
    fn escapes_raw_html_and_ids_headings() {
        let h = render(
            "# Hello World\n\n<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)>\n",
        );
        assert!(!h.contains("<script>"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("<h2 id=\"hello-world\""), "{h}");
        let h = render("#### Four\n\n##### Five\n");
        assert!(
            h.contains("<h2 id=\"four\"") && h.contains("<h3 id=\"five\""),
            "{h}"
        );
    }
}
