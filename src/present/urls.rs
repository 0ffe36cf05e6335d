//! The one URL helper. Every internal link goes through [`Urls::href`]. With a base URL
//! (`https://owner.github.io/repo/`) links are absolute paths under its path (`/repo/geps/1742/`),
//! so they hold from any depth, `404.html` included. Without one, links are relative and end in
//! `index.html`, so the site works from the file system as well as from a server root.

/// How to reach site paths. Targets are site-relative: `""` (home), `"geps/1742/"` (a page),
/// `"static/style.css"` (a file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    /// Absolute URL of the site root, always ending in '/', if known.
    pub base_url: Option<String>,
    /// Path part of the base URL (`/repo/`), if known.
    pub base_path: Option<String>,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let b = base_url.trim();
        if b.is_empty() {
            return Urls {
                base_url: None,
                base_path: None,
            };
        }
        let mut full = b.to_string();
        if !full.ends_with('/') {
            full.push('/');
        }
        let path = match full.find("://") {
            Some(i) => match full[i + 3..].find('/') {
                Some(j) => full[i + 3 + j..].to_string(),
                None => "/".to_string(),
            },
            None => {
                if full.starts_with('/') {
                    full.clone()
                } else {
                    format!("/{full}")
                }
            }
        };
        let base_url = full.contains("://").then_some(full);
        Urls {
            base_url,
            base_path: Some(path),
        }
    }

    /// Link from the page at `from` (a site-relative page path like `"geps/1742/"`, or
    /// `"404.html"`) to `target`.
    pub fn href(&self, from: &str, target: &str) -> String {
        if let Some(base) = &self.base_path {
            return format!("{base}{target}");
        }
        if from == "404.html" {
            // Served at any depth without a known base: root-absolute.
            return format!("/{target}");
        }
        let depth = from.matches('/').count();
        let mut s = "../".repeat(depth);
        s.push_str(target);
        if target.is_empty() || target.ends_with('/') {
            s.push_str("index.html");
        }
        s
    }

    /// Absolute URL of a target, when the base URL is known.
    pub fn absolute(&self, target: &str) -> Option<String> {
        self.base_url.as_ref().map(|b| format!("{b}{target}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_based() {
        let u = Urls::new("");
        assert_eq!(u.href("", ""), "index.html");
        assert_eq!(
            u.href("geps/1742/", "static/style.css"),
            "../../static/style.css"
        );
        assert_eq!(
            u.href("2023-11/changes/", "geps/1742/"),
            "../../geps/1742/index.html"
        );
        assert_eq!(u.href("404.html", "static/style.css"), "/static/style.css");
        let u = Urls::new("https://example.github.io/repo");
        assert_eq!(
            u.href("geps/1742/", "static/style.css"),
            "/repo/static/style.css"
        );
        assert_eq!(u.href("404.html", ""), "/repo/");
        assert_eq!(
            u.absolute("feed.xml").unwrap(),
            "https://example.github.io/repo/feed.xml"
        );
        assert_eq!(Urls::new("https://x.org").href("", "a/"), "/a/");
    }
}
