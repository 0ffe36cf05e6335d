//! Plotters' SVG made small and dark-mode aware (issue 26): the colours the charts use for their
//! background, ink, grid and marks become classes styled by one `<style>` in the SVG, with a
//! `prefers-color-scheme: dark` rule, so a chart follows the reader's scheme inline and as a
//! standalone `chart.svg`; attributes that repeat the default (`opacity="1"`, `stroke="none"`)
//! or the style (`font-family`) are dropped, font sizes rounded, text trimmed.
//! Code colours (Okabe–Ito) and the black text on them stay as drawn in both schemes.

/// (attribute, colour as plotters writes it, class) for the themed colours.
const THEMED: [(&str, &str, &str); 8] = [
    ("fill", "#FFFFFF", "sg-bg"),
    ("stroke", "#FFFFFF", "sg-sep"),
    ("fill", "#1A1A1A", "sg-ink"),
    ("stroke", "#1A1A1A", "sg-inks"),
    ("stroke", "#CCCCCC", "sg-grid"),
    ("stroke", "#555555", "sg-mark"),
    ("stroke", "#BBBBBB", "sg-mark"),
    ("fill", "#EEEEEE", "sg-blank"),
];

/// The style every chart carries: light colours, then the dark ones (the site's dark palette).
pub const STYLE: &str = "<style>.chart-svg text{font-family:sans-serif}\
.sg-bg{fill:#fff}.sg-sep{stroke:#fff}.sg-ink{fill:#1a1a1a}.sg-inks{stroke:#1a1a1a}\
.sg-grid{stroke:#ccc}.sg-mark{stroke:#555}.sg-blank{fill:#eee}\
@media (prefers-color-scheme:dark){.sg-bg{fill:#121417}.sg-sep{stroke:#121417}\
.sg-ink{fill:#e8e8e8}.sg-inks{stroke:#e8e8e8}.sg-grid{stroke:#3a3f45}.sg-mark{stroke:#b4b4b4}\
.sg-blank{fill:#2a2f35}}</style>";

/// Rewrites plotters' SVG as described in the module comment. Anything it does not recognise
/// (a tag it cannot parse) is copied unchanged.
pub fn compact(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() / 2);
    // Reused for every tag: a chart has thousands (issue 26, build speed: one allocation per
    // tag was a tenth of a proposal page's time).
    let mut attrs: Vec<(&str, &str)> = Vec::new();
    let mut classes: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        let Some(end) = tag_end(rest) else {
            out.push_str(rest);
            return out;
        };
        let tag = &rest[..end];
        let mark = out.len();
        if !rewrite_tag(tag, &mut out, &mut attrs, &mut classes) {
            out.truncate(mark);
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    push_text(&mut out, rest);
    out
}

/// Text between tags: white space only becomes one line break; other text is trimmed.
fn push_text(out: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    let t = text.trim();
    if t.is_empty() {
        out.push('\n');
    } else {
        out.push_str(t);
    }
}

/// The length of the tag at the start of `s` (up to and including its `>`), quotes respected.
fn tag_end(s: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Appends a start tag with its attributes rewritten to `out` and says so; `false` for
/// anything else (end tags, the root `<svg>`, a tag that does not parse as `<name a="v" ...>`
/// or `/>`), when what it appended is to be cut. `attrs` and `classes` are scratch space.
fn rewrite_tag<'t>(
    tag: &'t str,
    out: &mut String,
    attrs: &mut Vec<(&'t str, &'t str)>,
    classes: &mut Vec<&'static str>,
) -> bool {
    let Some(inner) = tag.strip_prefix('<') else {
        return false;
    };
    let (inner, close) = match inner.strip_suffix("/>") {
        Some(i) => (i, "/>"),
        None => match inner.strip_suffix('>') {
            Some(i) => (i, ">"),
            None => return false,
        },
    };
    let name_len = inner
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_len];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphabetic()) || name == "svg" {
        return false;
    }
    if !parse_attrs(&inner[name_len..], attrs) {
        return false;
    }
    classes.clear();
    out.push('<');
    out.push_str(name);
    for &(k, v) in attrs.iter() {
        match (k, v) {
            ("opacity", "1") | ("stroke", "none") | ("font-family", "sans-serif") => continue,
            ("font-size", size) => {
                out.push_str(" font-size=\"");
                push_rounded(out, size);
                out.push('"');
                continue;
            }
            _ => {}
        }
        if let Some(&(_, _, class)) = THEMED.iter().find(|(a, c, _)| *a == k && *c == v) {
            if !classes.contains(&class) {
                classes.push(class);
            }
            continue;
        }
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        out.push_str(v);
        out.push('"');
    }
    if let Some((first, more)) = classes.split_first() {
        out.push_str(" class=\"");
        out.push_str(first);
        for c in more {
            out.push(' ');
            out.push_str(c);
        }
        out.push('"');
    }
    out.push_str(close);
    true
}

/// `a="v" b="w"` as pairs into `out` (cleared first); `false` unless every attribute is
/// double-quoted.
fn parse_attrs<'t>(mut s: &'t str, out: &mut Vec<(&'t str, &'t str)>) -> bool {
    out.clear();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return true;
        }
        let Some(eq) = s.find('=') else {
            return false;
        };
        let key = &s[..eq];
        if key.is_empty() || key.contains(|c: char| c.is_ascii_whitespace() || c == '"') {
            return false;
        }
        let Some(value) = s[eq + 1..].strip_prefix('"') else {
            return false;
        };
        let Some(close) = value.find('"') else {
            return false;
        };
        out.push((key, &value[..close]));
        s = &value[close + 1..];
    }
}

/// A font size to one decimal ("12.903225806451614" → "12.9", "15.0" → "15"); anything that is
/// not a number is kept.
#[cfg(test)]
fn round(size: &str) -> String {
    let mut out = String::new();
    push_rounded(&mut out, size);
    out
}

/// [`round`], appended to `out`.
fn push_rounded(out: &mut String, size: &str) {
    use std::fmt::Write as _;
    match size.parse::<f64>() {
        Ok(f) if f.is_finite() => {
            let mark = out.len();
            // Writing to a String cannot fail.
            let _ = write!(out, "{f:.1}");
            if out[mark..].ends_with(".0") {
                out.truncate(out.len() - 2);
            }
        }
        _ => out.push_str(size),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themed_colours_become_classes_and_defaults_go() {
        let svg = "<svg width=\"10\">\n<rect x=\"0\" y=\"0\" width=\"10\" height=\"10\" opacity=\"1\" fill=\"#FFFFFF\" stroke=\"none\"/>\n<text x=\"1\" font-family=\"sans-serif\" font-size=\"12.903225806451614\" opacity=\"1\" fill=\"#1A1A1A\">\n+ Supported\n</text>\n<rect x=\"1\" fill=\"#009E73\" stroke=\"#FFFFFF\"/></svg>";
        assert_eq!(
            compact(svg),
            "<svg width=\"10\">\n<rect x=\"0\" y=\"0\" width=\"10\" height=\"10\" class=\"sg-bg\"/>\n<text x=\"1\" font-size=\"12.9\" class=\"sg-ink\">+ Supported</text>\n<rect x=\"1\" fill=\"#009E73\" class=\"sg-sep\"/></svg>"
        );
    }

    #[test]
    fn what_does_not_parse_is_kept() {
        let svg = "<svg><weird a=b>x &amp; y</weird><g a=\"1\" b></g></svg>";
        assert_eq!(compact(svg), svg);
    }

    #[test]
    fn sizes_round_to_one_decimal() {
        assert_eq!(round("15.0"), "15");
        assert_eq!(round("12.096774193548388"), "12.1");
        assert_eq!(round("big"), "big");
    }
}
