//! Diagnostics as people read them on a terminal: `error[unknown-code]: message`, then the file,
//! line and column and the source line with a caret under the offending text, coloured unless
//! asked not to be. A line wider than the terminal is cut around the caret (a generated snapshot
//! can have one table row of thousands of characters), so the caret and what it points at stay
//! on screen. Rendering is annotate-snippets', the renderer rustc and cargo use.

use super::{Diagnostic, Diagnostics, Severity, byte_at};
use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use std::rc::Rc;

/// How snippets are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnippetStyle {
    /// ANSI colours on.
    pub color: bool,
    /// The terminal's width in columns; longer source lines are cut around the caret.
    pub width: usize,
}

/// Renders every diagnostic as a snippet, a blank line between them. `source` returns a file's
/// text by its name in the diagnostic (`None` when it cannot or may not be read: the diagnostic
/// is then shown with its position alone).
pub fn render_snippets(
    diags: &Diagnostics,
    source: &mut dyn FnMut(&str) -> Option<Rc<str>>,
    style: SnippetStyle,
) -> String {
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(style.width.max(40));
    let mut out = String::new();
    for d in &diags.items {
        let text = if d.line > 0 { source(&d.file) } else { None };
        out.push_str(&render_one(&renderer, d, text.as_deref()));
        out.push_str("\n\n");
    }
    out
}

fn render_one(renderer: &Renderer, d: &Diagnostic, text: Option<&str>) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.rule.id());
    let line = text.and_then(|t| t.lines().nth(d.line.saturating_sub(1)));
    let group = match line {
        Some(line) => {
            let start = byte_at(line, d.col.max(1));
            let end = if d.end_line == d.line && d.end_col > d.col {
                byte_at(line, d.end_col)
            } else {
                line[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8())
            };
            title.element(
                Snippet::source(line)
                    .line_start(d.line)
                    .path(d.file.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end)),
            )
        }
        None => {
            let mut origin = Origin::path(d.file.as_str());
            if d.line > 0 {
                origin = origin.line(d.line).char_column(d.col.max(1));
            }
            title.element(origin)
        }
    };
    renderer.render(&[group])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Rule;

    fn plain(width: usize) -> SnippetStyle {
        SnippetStyle {
            color: false,
            width,
        }
    }

    #[test]
    fn a_caret_under_the_cell() {
        let text: Rc<str> = "# May\n\n| Name | 1742 |\n| --- | --- |\n| istio | Xy |\n".into();
        let mut d = Diagnostics::default();
        d.error(
            Rule::UnknownCode,
            "content/2024-05.md",
            5,
            11,
            "unknown code \"Xy\"",
        );
        d.fill_ends(&mut |_| Some(text.clone()));
        let out = render_snippets(&d, &mut |_| Some(text.clone()), plain(100));
        assert!(
            out.starts_with("error[unknown-code]: unknown code \"Xy\"\n"),
            "{out}"
        );
        assert!(out.contains("--> content/2024-05.md:5:11"), "{out}");
        assert!(out.contains("5 | | istio | Xy |"), "{out}");
        let caret = out.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(
            caret.find('^'),
            out.lines().find(|l| l.contains("Xy |")).unwrap().find("Xy"),
            "{out}"
        );
        assert_eq!(caret.matches('^').count(), 2, "{out}");
        assert!(!out.contains('\u{1b}'), "no colour when off");
    }

    #[test]
    fn a_long_line_is_cut_around_the_caret() {
        let mut line = String::from("| row ");
        for i in 0..1000 {
            line.push_str(&format!("| C{i} "));
        }
        let col = line.chars().count() + 3;
        line.push_str("| Zz |");
        assert!(line.len() > 5000);
        let text: Rc<str> = format!("{line}\n").into();
        let mut d = Diagnostics::default();
        d.error(
            Rule::UnknownCode,
            "content/big.md",
            1,
            col,
            "unknown code \"Zz\"",
        );
        d.fill_ends(&mut |_| Some(text.clone()));
        let out = render_snippets(&d, &mut |_| Some(text.clone()), plain(100));
        for l in out.lines() {
            assert!(l.chars().count() <= 100, "{} chars: {l}", l.chars().count());
        }
        let src = out.lines().find(|l| l.contains("Zz |")).expect(&out);
        let caret = out.lines().find(|l| l.contains('^')).expect(&out);
        assert_eq!(caret.find('^'), src.find("Zz"), "{out}");
    }

    #[test]
    fn colour_when_asked() {
        let text: Rc<str> = "a: b\n".into();
        let mut d = Diagnostics::default();
        d.warning(Rule::Config, "content/site.yaml", 1, 1, "odd");
        let out = render_snippets(
            &d,
            &mut |_| Some(text.clone()),
            SnippetStyle {
                color: true,
                width: 80,
            },
        );
        assert!(out.contains('\u{1b}'), "{out}");
        assert!(out.contains("warning"), "{out}");
    }

    #[test]
    fn without_the_source_the_position_is_still_said() {
        let mut d = Diagnostics::default();
        d.error(Rule::Read, "content/x.md", 0, 0, "cannot read file");
        d.error(Rule::Config, "content/site.yaml", 3, 2, "bad");
        let out = render_snippets(&d, &mut |_| None, plain(80));
        assert!(out.contains("error[read]: cannot read file"), "{out}");
        assert!(out.contains("--> content/x.md"), "{out}");
        assert!(out.contains("--> content/site.yaml:3:2"), "{out}");
    }
}
