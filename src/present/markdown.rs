//! Markdown prose → HTML with comrak: raw HTML is escaped (never passed through), headings get
//! ids so they can be linked, and the anchors comrak adds are made keyboard- and screen-reader-safe.

use crate::parse::comrak_options;
use comrak::nodes::NodeValue;

/// Renders markdown prose to HTML. Headings are shifted so the prose's top level becomes `<h2>`
/// (the page has its own `<h1>`), keeping their relative order without skipped levels.
pub fn render(md: &str) -> String {
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
                h.level = (h.level - min + 2).min(6);
            }
        }
    }
    let mut html = String::new();
    if comrak::format_html(root, &o, &mut html).is_err() {
        return String::new();
    }
    // comrak's heading anchor is an empty link; give it a visible "#" so keyboard users see it.
    html.replace("class=\"anchor\"></a>", "class=\"anchor\">#</a>")
}

#[cfg(test)]
mod tests {
    use super::*;

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
