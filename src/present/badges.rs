//! Badges to embed elsewhere (a README, an implementation's docs): per implementor
//! ("complete | 18 of 22") and per proposal ("GEP-1742 | 5 complete · ready"), each as a flat SVG
//! and as a [shields.io endpoint](https://shields.io/badges/endpoint-badge) JSON, under
//! `/badges/`. Names come from content and are hostile: the SVG escapes them for XML, the JSON is
//! written by serde.

use super::escape;
use crate::write::OutputFile;
use serde::Serialize;

/// What a badge says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    /// Whose badge it is (the implementor's name, the proposal's id and title): the image's
    /// title and accessible name begin with it.
    pub subject: String,
    pub label: String,
    pub message: String,
    /// The message's background, `#rrggbb`.
    pub color: &'static str,
}

/// Okabe–Ito colours, as the charts use: a badge is as colour-blind safe as the site.
pub const GREEN: &str = "#007a5a";
pub const BLUE: &str = "#0060a0";
pub const GREY: &str = "#5a5a5a";

/// The path of the badge files without extension, from the site root: `badges/<path>`.
pub fn stem(path: &str) -> String {
    format!("badges/{}", path.trim_matches('/'))
}

/// The SVG and the endpoint JSON of `badge` at `stem` (see [`stem`]).
pub fn files(stem: &str, badge: &Badge, subject: &str) -> Vec<OutputFile> {
    vec![
        OutputFile {
            path: format!("{stem}.svg"),
            bytes: svg(badge).into_bytes(),
            source: format!("the badge of {subject}"),
        },
        OutputFile {
            path: format!("{stem}.json"),
            bytes: endpoint_json(badge).into_bytes(),
            source: format!("the badge data of {subject}"),
        },
    ]
}

/// Width of `s` in pixels at 11 px Verdana, near enough for a badge: narrow letters narrower.
fn text_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '|' | '!' | '\'' | ' ' => 4,
            'm' | 'w' | 'M' | 'W' => 10,
            c if c.is_ascii_uppercase() || c.is_ascii_digit() => 8,
            c if c.is_ascii() => 7,
            _ => 11,
        })
        .sum()
}

/// A flat badge: the label on grey, the message on its colour, text with a shadow.
pub fn svg(b: &Badge) -> String {
    let lw = text_width(&b.label) + 12;
    let mw = text_width(&b.message) + 12;
    let w = lw + mw;
    let label = escape::xml(&b.label);
    let message = escape::xml(&b.message);
    let title = escape::xml(&format!("{}: {} {}", b.subject, b.label, b.message));
    let (lx, mx) = (lw * 5, lw * 10 + mw * 5);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" aria-label="{title}"><title>{title}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="{w}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="{lw}" height="20" fill="{grey}"/><rect x="{lw}" width="{mw}" height="20" fill="{color}"/><rect width="{w}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="110"><text x="{lx}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">{label}</text><text x="{lx}" y="140" transform="scale(.1)">{label}</text><text x="{mx}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">{message}</text><text x="{mx}" y="140" transform="scale(.1)">{message}</text></g></svg>
"##,
        grey = GREY,
        color = b.color,
    )
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Endpoint<'a> {
    schema_version: u8,
    label: &'a str,
    message: &'a str,
    color: &'a str,
}

/// The shields.io endpoint JSON: `https://img.shields.io/endpoint?url=<its URL>` draws it.
pub fn endpoint_json(b: &Badge) -> String {
    let e = Endpoint {
        schema_version: 1,
        label: &b.label,
        message: &b.message,
        color: b.color.trim_start_matches('#'),
    };
    let mut s = serde_json::to_string_pretty(&e).unwrap_or_default();
    s.push('\n');
    s
}

/// What a page lists about its badge: the image and the markdown to copy.
#[derive(Debug, Clone, Serialize)]
pub struct BadgeLinks {
    /// The SVG, relative to the page.
    pub svg: String,
    /// The endpoint JSON, relative to the page.
    pub json: String,
    /// `[![label: message](svg URL)](page URL)`, absolute when the base URL is known.
    pub markdown: String,
    /// The badge's words, for the image's alt text.
    pub alt: String,
}

/// The links of the badge at `stem` for the page at `from` (site-relative directory).
pub fn links(d: &super::context::Shared, from: &str, stem: &str, badge: &Badge) -> BadgeLinks {
    let svg = format!("{stem}.svg");
    let alt = format!("{}: {}", badge.label, badge.message);
    let abs_svg = d.urls.absolute(&svg).unwrap_or_else(|| format!("/{svg}"));
    let abs_page = d.urls.absolute(from).unwrap_or_else(|| format!("/{from}"));
    BadgeLinks {
        svg: d.urls.href(from, &svg),
        json: d.urls.href(from, &format!("{stem}.json")),
        markdown: format!(
            "[![{}]({abs_svg})]({abs_page})",
            alt.replace(['[', ']'], "")
        ),
        alt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_escaped_in_the_svg_and_the_json() {
        let b = Badge {
            subject: "<b>Acme</b>".into(),
            label: "complete".into(),
            message: "</text><script>alert(1)</script> & \"x\"".into(),
            color: GREEN,
        };
        let s = svg(&b);
        assert!(!s.contains("<script>"), "{s}");
        assert!(s.contains("&lt;/text&gt;&lt;script&gt;"), "{s}");
        assert!(s.contains("&amp; &quot;x&quot;"), "{s}");
        assert!(
            s.contains("<title>&lt;b&gt;Acme&lt;/b&gt;: complete"),
            "{s}"
        );
        let j: serde_json::Value = serde_json::from_str(&endpoint_json(&b)).unwrap();
        assert_eq!(j["schemaVersion"], 1);
        assert_eq!(j["message"], b.message.as_str());
        assert_eq!(j["color"], "007a5a");
    }
}
