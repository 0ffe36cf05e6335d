//! comrak, configured once: the options every reader and renderer uses, the plain text of a
//! node, and the first heading of a document as comrak's AST gives it (no re-detecting
//! headings from the text). Depends on nothing else in the crate, so the loader can use it.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};

/// comrak options used everywhere statusgen reads or renders content: GFM tables, strikethrough
/// and autolinks, raw HTML never passed through.
pub fn comrak_options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.render.r#unsafe = false;
    o.render.escape = true;
    o
}

/// The text of a node and its descendants, emphasis and links dropped.
pub fn plain_text<'a>(node: &'a AstNode<'a>, out: &mut String) {
    match &node.data.borrow().value {
        NodeValue::Text(t) => out.push_str(t),
        NodeValue::Code(c) => out.push_str(&c.literal),
        NodeValue::HtmlInline(h) => out.push_str(h),
        NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
        _ => {}
    }
    for c in node.children() {
        plain_text(c, out);
    }
}

/// A heading as comrak parsed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Its text, inline markup dropped, trimmed.
    pub text: String,
    /// 1-based line (of the parsed text) where it starts.
    pub line: usize,
    /// 1-based line where it ends (a setext heading's underline; `line` for an ATX heading).
    pub last_line: usize,
}

/// The first heading (ATX or setext, at any depth) under `root`, in document order.
pub fn heading_in<'a>(root: &'a AstNode<'a>) -> Option<Heading> {
    headings(root).next()
}

/// Every heading (ATX or setext, at any depth) under `root`, in document order.
pub fn headings_in<'a>(root: &'a AstNode<'a>) -> Vec<Heading> {
    headings(root).collect()
}

fn headings<'a>(root: &'a AstNode<'a>) -> impl Iterator<Item = Heading> + 'a {
    root.descendants().filter_map(|n| {
        let (line, last_line) = {
            let d = n.data.borrow();
            let NodeValue::Heading(_) = d.value else {
                return None;
            };
            (d.sourcepos.start.line, d.sourcepos.end.line)
        };
        let mut text = String::new();
        plain_text(n, &mut text);
        Some(Heading {
            text: text.trim().to_string(),
            line,
            last_line: last_line.max(line),
        })
    })
}

/// The first heading of a markdown text.
pub fn first_heading(markdown: &str) -> Option<Heading> {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &comrak_options());
    heading_in(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_from_the_ast() {
        let h = |s: &str| first_heading(s).map(|h| (h.text, h.line));
        assert_eq!(
            h("# Status *November* 2023 #\n"),
            Some(("Status November 2023".into(), 1))
        );
        assert_eq!(h("intro\n\nStatus\n======\n"), Some(("Status".into(), 3)));
        // Not headings: a hash without a space, a fenced block, a table followed by dashes.
        assert_eq!(h("#hashtag\n\n```\n# code\n```\n"), None);
        assert_eq!(h("    # indented code\n"), None);
        assert_eq!(h("| a |\n|---|\n| b |\n"), None);
        assert_eq!(h("> # quoted\n"), Some(("quoted".into(), 1)));
    }
}
