//! The Atom feed (one entry per month, its change summary, a link to its changes page; ids and
//! dates come from the months, never from the build time), the sitemap and robots.txt. Each is a
//! built-in template (`feed.xml`, `sitemap.xml`, `robots.txt`) that a theme can override like a
//! page; XML templates are autoescaped, and the text they get has the control characters XML
//! forbids removed.

use super::context::SiteData;
use super::error::PresentError;
use super::theme::{Theme, error_chain};
use super::wording::{since, summary};
use crate::analyse::stats::slugify;
use crate::write::OutputFile;
use serde::Serialize;

/// Text without the characters XML 1.0 forbids (tera escapes the rest).
fn xml_text(s: &str) -> String {
    super::escape::xml_chars(s).into_owned()
}

/// An absolute URL when the base URL is known, else one relative to the site root.
fn link(d: &SiteData, target: &str) -> String {
    xml_text(
        &d.urls
            .absolute(target)
            .unwrap_or_else(|| d.urls.href("", target)),
    )
}

fn render<T: Serialize>(
    theme: &Theme,
    template: &str,
    source: &str,
    ctx: &T,
) -> Result<OutputFile, PresentError> {
    let fail = |e: &dyn std::error::Error| PresentError::Render {
        path: template.to_string(),
        template: template.to_string(),
        message: error_chain(e),
    };
    let ctx = tera::Context::from_serialize(ctx).map_err(|e| fail(&e))?;
    let text = theme.tera.render(template, &ctx).map_err(|e| fail(&e))?;
    Ok(OutputFile {
        path: template.to_string(),
        bytes: text.into_bytes(),
        source: source.to_string(),
    })
}

#[derive(Serialize)]
struct FeedContext {
    title: String,
    subtitle: String,
    id: String,
    updated: String,
    home: String,
    /// The feed's own absolute URL, when the base URL is known.
    self_url: Option<String>,
    entries: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    title: String,
    id: String,
    date: String,
    url: String,
    summary: String,
}

/// `feed.xml`, newest month first.
pub fn atom(d: &SiteData, theme: &Theme) -> Result<Vec<OutputFile>, PresentError> {
    let cfg = d.config;
    // The site's stable `id:` (init writes a random one); without it, the title's slug, which
    // changes with the title (documented). A site made before `id:` keeps its feed's ids by
    // writing that slug as its id.
    let site_id = if cfg.id.is_empty() {
        format!("urn:statusgen:{}", slugify(&cfg.title))
    } else {
        format!("urn:statusgen:{}", cfg.id)
    };
    let date = |m: crate::model::Month| format!("{m}-01T00:00:00Z");
    // A month after the current one (published with --drafts, or in the preview) would be an
    // entry dated in the future: feed readers sort it first for weeks. It waits for its month.
    let current = crate::model::Month::current();
    let entries = d
        .history
        .snapshots
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, s)| s.month <= current)
        .map(|(si, s)| {
            let (title, text, target) = match &d.diffs[si] {
                Some(df) => (
                    format!("{}: {}", s.month.long_name(), summary(df, cfg, d.nouns)),
                    format!(
                        "Changes {} in {}: {}.",
                        since(df),
                        s.month.long_name(),
                        summary(df, cfg, d.nouns)
                    ),
                    format!("{}/changes/", s.month),
                ),
                None => (
                    format!("{}: first snapshot", s.month.long_name()),
                    format!(
                        "The first snapshot: {} {} × {} {}.",
                        s.implementors.len(),
                        d.nouns.implementor.many,
                        s.items.len(),
                        d.nouns.item.many
                    ),
                    format!("{}/", s.month),
                ),
            };
            Entry {
                title: xml_text(&title),
                id: format!("{site_id}:{}", s.month),
                date: date(s.month),
                url: link(d, &target),
                summary: xml_text(&text),
            }
        })
        .collect();
    let ctx = FeedContext {
        title: xml_text(&cfg.title),
        subtitle: xml_text(&cfg.description),
        id: site_id.clone(),
        updated: d
            .history
            .snapshots
            .iter()
            .rev()
            .find(|s| s.month <= current)
            .map(|s| date(s.month))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
        home: link(d, ""),
        self_url: d.urls.absolute("feed.xml").map(|u| xml_text(&u)),
        entries,
    };
    Ok(vec![render(theme, "feed.xml", "the Atom feed", &ctx)?])
}

#[derive(Serialize)]
struct SitemapContext {
    /// Absolute URLs when the base URL is known, else root-relative paths.
    urls: Vec<String>,
}

/// `sitemap.xml` listing `pages` (site-relative directory paths).
pub fn sitemap(d: &SiteData, theme: &Theme, pages: &[String]) -> Result<OutputFile, PresentError> {
    let urls = pages
        .iter()
        .map(|p| xml_text(&d.urls.absolute(p).unwrap_or_else(|| format!("/{p}"))))
        .collect();
    render(
        theme,
        "sitemap.xml",
        "the sitemap",
        &SitemapContext { urls },
    )
}

#[derive(Serialize)]
struct RobotsContext {
    /// The sitemap's absolute URL, when the base URL is known.
    sitemap: Option<String>,
}

/// `robots.txt`: everything allowed, and the sitemap when its absolute URL is known.
pub fn robots(d: &SiteData, theme: &Theme) -> Result<OutputFile, PresentError> {
    let ctx = RobotsContext {
        sitemap: d.urls.absolute("sitemap.xml"),
    };
    render(theme, "robots.txt", "robots.txt", &ctx)
}
