//! `statusgen init --repo OWNER/NAME`: the GitHub repository the new site lives in. It fills
//! what would otherwise be left for the user to edit: the navigation's "Source" link in
//! `site.yaml` and the README's note of where the site is published. The workflows need nothing
//! from it (GitHub gives them the repository and the Pages URL).

use std::fmt;

/// `owner/name` of a GitHub repository, checked against GitHub's rules for both parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubRepo {
    pub owner: String,
    pub name: String,
}

impl GithubRepo {
    /// Parses `owner/name`. Owners are 1–39 letters, digits and inner single hyphens; names are
    /// 1–100 letters, digits, `-`, `_` and `.`, and not `.` or `..`.
    pub fn parse(s: &str) -> Result<GithubRepo, String> {
        let bad = || format!("--repo takes OWNER/NAME of a GitHub repository, not {s:?}");
        let (owner, name) = s.split_once('/').ok_or_else(bad)?;
        let owner_ok = (1..=39).contains(&owner.len())
            && owner
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !owner.starts_with('-')
            && !owner.ends_with('-')
            && !owner.contains("--");
        let name_ok = (1..=100).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && name != "."
            && name != "..";
        if owner_ok && name_ok {
            Ok(GithubRepo {
                owner: owner.into(),
                name: name.into(),
            })
        } else {
            Err(bad())
        }
    }

    /// The repository's page.
    pub fn url(&self) -> String {
        format!("https://github.com/{self}")
    }

    /// Where GitHub Pages publishes it: the user or organisation site for `OWNER.github.io`,
    /// else a project site under the repository's name.
    pub fn pages_url(&self) -> String {
        let host = format!("{}.github.io", self.owner.to_ascii_lowercase());
        if self.name.eq_ignore_ascii_case(&host) {
            format!("https://{host}/")
        } else {
            format!("https://{host}/{}/", self.name)
        }
    }
}

impl fmt::Display for GithubRepo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// The commented example of `links:` in both templates' `site.yaml`.
const LINKS_EXAMPLE: &str =
    "# links:\n#   - { title: \"Source\", url: \"https://github.com/OWNER/REPO\" }\n";

/// Fills `repo` into a template's files: the Source link becomes a real `links:` entry, and
/// the README says where the site will be published and how to switch Pages on.
pub fn apply(files: &mut [(String, String)], repo: &GithubRepo) {
    for (path, text) in files.iter_mut() {
        match path.as_str() {
            "content/site.yaml" => {
                let links = format!(
                    "links:\n  - {{ title: \"Source\", url: \"{}\" }}\n",
                    repo.url()
                );
                *text = text.replacen(LINKS_EXAMPLE, &links, 1);
            }
            "README.md" => {
                let where_ = format!(
                    "This site lives in [{repo}]({url}). Turn GitHub Pages on once \
                     ([Settings → Pages]({url}/settings/pages) → Source: **GitHub Actions**); \
                     every push to `main` then publishes it at <{pages}>.\n\n",
                    url = repo.url(),
                    pages = repo.pages_url()
                );
                // Into the template's one Publishing section, first; never a second heading.
                match text
                    .find("\n## Publishing")
                    .and_then(|h| text[h + 1..].find("\n\n").map(|e| h + 1 + e + 2))
                {
                    Some(at) => text.insert_str(at, &where_),
                    None => text.push_str(&format!("\n## Publishing\n\n{where_}")),
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_and_name_follow_githubs_rules() {
        let r = GithubRepo::parse("kubernetes-sigs/gateway-api-status").unwrap();
        assert_eq!(
            r.url(),
            "https://github.com/kubernetes-sigs/gateway-api-status"
        );
        assert_eq!(
            r.pages_url(),
            "https://kubernetes-sigs.github.io/gateway-api-status/"
        );
        assert_eq!(
            GithubRepo::parse("Octo/octo.github.io")
                .unwrap()
                .pages_url(),
            "https://octo.github.io/"
        );
        for bad in [
            "",
            "owner",
            "/name",
            "owner/",
            "-o/n",
            "o-/n",
            "o--o/n",
            "o/..",
            "o/.",
            "o/n/x",
            "o/n m",
            "o/<script>",
            "o/\"x\"",
        ] {
            assert!(GithubRepo::parse(bad).is_err(), "{bad:?}");
        }
    }
}
