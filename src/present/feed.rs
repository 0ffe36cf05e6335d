//! The Atom feed (one entry per month, its change summary, a link to its changes page; ids and
//! dates come from the months, never from the build time) and the sitemap.

use super::escape;
use super::pages::SiteData;
use super::urls::Urls;
use crate::analyse::stats::slugify;

fn link(urls: &Urls, target: &str) -> String {
    urls.absolute(target)
        .unwrap_or_else(|| urls.href("", target))
}

/// The feed, newest month first.
pub fn atom(d: &SiteData) -> String {
    let cfg = d.config;
    let site_id = format!("urn:statusgen:{}", slugify(&cfg.title));
    let updated = d
        .history
        .latest()
        .map(|s| format!("{}-01T00:00:00Z", s.month))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    x.push_str(&format!("  <title>{}</title>\n", escape::xml(&cfg.title)));
    x.push_str(&format!(
        "  <subtitle>{}</subtitle>\n",
        escape::xml(&cfg.description)
    ));
    x.push_str(&format!("  <id>{site_id}</id>\n"));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape::xml(&link(&d.urls, ""))
    ));
    if let Some(self_url) = d.urls.absolute("feed.xml") {
        x.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape::xml(&self_url)
        ));
    }
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape::xml(&cfg.title)
    ));
    x.push_str("  <generator>statusgen</generator>\n");
    for (si, s) in d.history.snapshots.iter().enumerate().rev() {
        let (title, summary, target) = match &d.diffs[si] {
            Some(df) => (
                format!("{}: {}", s.month.long_name(), df.summary(cfg)),
                format!(
                    "Changes {} in {}: {}.",
                    df.since(),
                    s.month.long_name(),
                    df.summary(cfg)
                ),
                format!("{}/changes/", s.month),
            ),
            None => (
                format!("{}: first snapshot", s.month.long_name()),
                format!(
                    "The first snapshot: {} implementors × {} proposals.",
                    s.implementors.len(),
                    s.proposals.len()
                ),
                format!("{}/", s.month),
            ),
        };
        let date = format!("{}-01T00:00:00Z", s.month);
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", escape::xml(&title)));
        x.push_str(&format!("    <id>{site_id}:{}</id>\n", s.month));
        x.push_str(&format!("    <updated>{date}</updated>\n"));
        x.push_str(&format!("    <published>{date}</published>\n"));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape::xml(&link(&d.urls, &target))
        ));
        x.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape::xml(&summary)
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// The sitemap of every page (absolute URLs when the base URL is known).
pub fn sitemap(urls: &Urls, pages: &[String]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        let loc = urls.absolute(p).unwrap_or_else(|| format!("/{p}"));
        x.push_str(&format!("  <url><loc>{}</loc></url>\n", escape::xml(&loc)));
    }
    x.push_str("</urlset>\n");
    x
}
