//! Markdown prose → HTML with comrak: raw HTML is escaped (never passed through), headings get
//! ids so they can be linked, and the anchors comrak adds are made keyboard- and screen-reader-safe.

use crate::parse::comrak_options;

/// Renders markdown to HTML; `id_prefix` keeps heading ids unique when several prose parts share
/// one page.
pub fn render(md: &str) -> String {
    let mut o = comrak_options();
    o.extension.header_id_prefix = Some(String::new());
    let html = comrak::markdown_to_html(md, &o);
    // comrak writes an empty, aria-hidden link per heading; a visible "#" link after the text is
    // friendlier to keyboard and screen-reader users.
    strip_empty_anchors(&html)
}

fn strip_empty_anchors(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<a href=\"#") {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        // <a href="#id" aria-hidden="true" class="anchor" id="id"></a>
        match after.find("</a>") {
            Some(end) if after[..end].contains("class=\"anchor\"") => {
                let tag = &after[..end];
                let id = tag
                    .split("id=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .unwrap_or("");
                out.push_str(&format!("<span id=\"{id}\"></span>"));
                rest = &after[end + 4..];
            }
            _ => {
                out.push_str("<a href=\"#");
                rest = &after["<a href=\"#".len()..];
            }
        }
    }
    out.push_str(rest);
    out
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
        assert!(h.contains("id=\"hello-world\""), "{h}");
    }
}
