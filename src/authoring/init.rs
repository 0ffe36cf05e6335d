//! Site scaffolding behind `statusgen init`: the files of a new site — `content/site.yaml` with
//! every option documented and commented out at its default, one example snapshot for a given
//! month, a GitHub Pages workflow that checks, builds and deploys the site, a `.gitignore` and a
//! README that explains the content format. The example is valid as written: `statusgen check`
//! passes on a fresh site with no warnings. Also the current UTC month from the system clock.

use crate::model::Month;
use std::path::{Path, PathBuf};

/// Why a site was not created.
#[derive(Debug)]
pub enum InitError {
    /// The directory exists and has files in it.
    NotEmpty(PathBuf),
    /// Creating a directory or writing a file failed.
    Io(String),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::NotEmpty(d) => write!(
                f,
                "{} is not empty; statusgen init only creates a site in a new or empty directory",
                d.display()
            ),
            InitError::Io(e) => f.write_str(e),
        }
    }
}

/// The files of a new site whose example snapshot is for `month`: `(relative path, text)`.
pub fn site_files(month: Month) -> Vec<(String, String)> {
    vec![
        ("content/site.yaml".into(), SITE_YAML.into()),
        (format!("content/{month}.md"), example_snapshot(month)),
        (".github/workflows/pages.yml".into(), PAGES_WORKFLOW.into()),
        (".gitignore".into(), "output/\n".into()),
        ("README.md".into(), readme(month)),
    ]
}

/// Creates a new site in `dir` (created if missing; it must be empty otherwise). Returns the
/// paths written, in order.
pub fn init_site(dir: &Path, month: Month) -> Result<Vec<PathBuf>, InitError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(InitError::NotEmpty(dir.to_path_buf()));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(InitError::Io(format!(
                "cannot use {} as the site directory: {e}",
                dir.display()
            )));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in site_files(month) {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| InitError::Io(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| InitError::Io(format!("cannot write {}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// The current month in UTC, from the system clock (January 1970 if the clock is before it).
pub fn current_month() -> Month {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    month_of_day((secs / 86_400) as i64)
}

/// The month of a day counted from 1970-01-01 (proleptic Gregorian calendar).
pub fn month_of_day(days: i64) -> Month {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Month::new(year as i32, month as u32).unwrap_or(Month {
        year: 1970,
        month: 1,
    })
}

/// The example snapshot: prose, a matrix with a Status and a Compliance row, two implementors
/// and a placeholder row, in the layout `statusgen fmt` writes.
pub fn example_snapshot(month: Month) -> String {
    format!(
        "# Implementation status {long}

This table lists the proposals being tracked, with their stage in the Status row:
P (Provisional), I (Implementable), E (Experimental), S (Standard), M (Memorandum), D (Declined).

The Compliance row says how far the compliance tests are:

* NS - Compliance tests not started
* NF - Compliance tests not finished
* R  - Compliance tests ready

Each implementor fills its row with one code per proposal:

* blank - Not planned
* PP - Planned, in progress
* RR - Ready in next release
* C  - Complete in current release

|                     | GEP-1742: HTTPRoute Timeouts | GEP-1897: BackendTLSPolicy |
|---------------------|------------------------------|----------------------------|
| Status              | E                            | E                          |
| Compliance          | NF                           | NS                         |
| **Example Gateway** | C                            | PP                         |
| **Sample Proxy**    | RR                           |                            |
| **Other?**          |

To add your implementation, add a row above \"Other?\" and open a pull request.
",
        long = month.long_name()
    )
}

fn readme(month: Month) -> String {
    README.replace("{month}", &month.to_string())
}

const README: &str = r#"# Implementation status site

This site is generated by [statusgen](https://github.com/OWNER/statusgen) from monthly
snapshots of a status matrix, written as hand-edited markdown tables.

## Content

Everything the site shows comes from `content/`:

* `content/site.yaml` — the configuration. Every option is listed there, commented out at its
  default; uncomment a line to change it.
* `content/YYYY-MM.md` (or `content/YYYY/MM.md`) — one snapshot per month, for example
  `content/{month}.md`. The month comes from front matter `date: YYYY-MM` if present, else
  from the file name, else from a "Month YYYY" phrase in the first heading.

A snapshot is ordinary markdown: prose around one **matrix** table. The matrix is the table
whose header cells name proposals (`GEP-1742: HTTPRoute Timeouts`, as set by
`proposals.pattern` in `site.yaml`); its first column names the rows:

```markdown
|                     | GEP-1742: HTTPRoute Timeouts | GEP-1897: BackendTLSPolicy |
|---------------------|------------------------------|----------------------------|
| Status              | E                            | E                          |
| Compliance          | NF                           | NS                         |
| **Example Gateway** | C                            | PP                         |
| **Other?**          |
```

* The `Status` row gives each proposal's stage (`stages` in `site.yaml`).
* The `Compliance` row gives the state of its compliance tests (`compliance`).
* Every other row is an implementor: its name in the first cell (emphasis is ignored), then one
  code per proposal (`codes`; a blank cell means not planned).
* A row with only a label, like `| **Other?** |`, is a placeholder and is ignored.

Codes must be written as listed in `site.yaml`; `statusgen check` reports anything else with
its file, line and column. A renamed implementor or renumbered proposal keeps its history
through `aliases` in `site.yaml`.

## Commands

```sh
statusgen check            # report every problem in content/ (exit 1 on errors)
statusgen new              # start next month's snapshot from the latest one
statusgen fmt              # align the matrix tables (fmt --check only reports)
statusgen build            # write the site to output/
```

## Publishing

`.github/workflows/pages.yml` checks the content, builds the site and deploys it to GitHub
Pages on every push to `main`. Enable Pages in the repository settings (Source: GitHub
Actions) and adjust the `cargo install` line to where statusgen lives.
"#;

const SITE_YAML: &str = r#"# statusgen configuration.
#
# Every key is optional. Each one is shown below, commented out, with its default value:
# uncomment a line to change it, then run `statusgen check`. Unknown keys are errors.

# Site title, shown on every page and in the feed.
# title: "Gateway API implementation status"

# One sentence about the site, for the home page and the feed.
# description: "Which implementations have adopted which Gateway Enhancement Proposals, month by month."

# Absolute URL the site is served from, ending in "/" (feed links need it). Empty: relative
# links only. `statusgen build --base-url URL` overrides it.
# base_url: ""

# The theme the pages are rendered with.
# theme: "default"

# How proposal columns are recognised and linked.
# proposals:
#   # A header cell naming a proposal; {number} is required, {title} optional.
#   pattern: "GEP-{number}: {title}"
#   # The word used in ids and headings: "GEP" gives "GEP-1742".
#   label: "GEP"
#   # The URL path segment of proposal pages: /geps/1742/.
#   path: "geps"
#   # A link to each proposal's own document; {number} is replaced. "" for no link.
#   url: "https://gateway-api.sigs.k8s.io/geps/gep-{number}/"

# Implementor codes, in progress order. The first must be the blank code "" (not planned).
# Each entry: code (as written in cells), label (what it means) and, optionally, words (other
# spellings accepted for it, in any case), for example words: ["done", "complete"].
# codes:
#   - { code: "", label: "Not planned" }
#   - { code: "PP", label: "Planned, in progress" }
#   - { code: "RR", label: "Ready in next release" }
#   - { code: "C", label: "Complete in current release" }

# Proposal stages, written in the matrix's "Status" row. Same entry form as codes.
# stages:
#   - { code: "P", label: "Provisional" }
#   - { code: "I", label: "Implementable" }
#   - { code: "E", label: "Experimental" }
#   - { code: "S", label: "Standard" }
#   - { code: "M", label: "Memorandum" }
#   - { code: "D", label: "Declined" }

# Compliance test states, written in the matrix's "Compliance" row. Same entry form as codes.
# compliance:
#   - { code: "NS", label: "Compliance tests not started" }
#   - { code: "NF", label: "Compliance tests not finished" }
#   - { code: "R", label: "Compliance tests ready" }

# Old spellings mapped to one identity, so history carries across renames. Default: none.
# aliases:
#   implementors:
#     "Old Name": "New Name"
#   proposals:
#     1426: 1294

# A proposal graduates in the first month at least this many implementors report it complete.
# graduation_threshold: 3

# New implementor names at most this many edits from an earlier month's name (and not
# aliased) are reported as likely typos.
# near_name_distance: 2
"#;

const PAGES_WORKFLOW: &str = r#"# Checks the content, builds the site and deploys it to GitHub Pages.
# Enable Pages first: Settings -> Pages -> Build and deployment -> Source: GitHub Actions.
name: Pages

on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

# One deployment at a time; a running deployment is allowed to finish.
concurrency:
  group: pages-${{ github.ref }}
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: dtolnay/rust-toolchain@stable
      - uses: Swatinem/rust-cache@v2
      # statusgen is not published on crates.io: adjust OWNER (and add --rev or --tag to pin a
      # version) to install it from its repository.
      - name: Install statusgen
        run: cargo install --locked --git https://github.com/OWNER/statusgen statusgen
      - name: Check content
        run: statusgen check --format github
      - name: Configure Pages
        id: pages
        uses: actions/configure-pages@v5
      - name: Build site
        run: statusgen build --base-url "${{ steps.pages.outputs.base_url }}/"
      - name: Upload site
        uses: actions/upload-pages-artifact@v3
        with:
          path: output

  deploy:
    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn days_to_months() {
        let m = |d| month_of_day(d).to_string();
        assert_eq!(m(0), "1970-01");
        assert_eq!(m(-1), "1969-12");
        assert_eq!(m(19_676), "2023-11"); // 2023-11-15
        assert_eq!(m(19_722), "2023-12"); // 2023-12-31
        assert_eq!(m(19_723), "2024-01"); // 2024-01-01
        assert_eq!(m(19_782), "2024-02"); // 2024-02-29
        assert_eq!(m(19_783), "2024-03"); // 2024-03-01
    }

    #[test]
    fn site_yaml_reads_as_the_defaults() {
        let c = Config::parse(SITE_YAML, "content/site.yaml");
        assert_eq!(c.ok(), Some(Config::default()));
    }

    #[test]
    fn commented_values_are_the_defaults() {
        // Uncommenting every option line gives the defaults too (the alias examples aside).
        let is_option = |l: &str| {
            let key = l
                .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                .unwrap_or(l.len());
            (key > 0 && l[key..].starts_with(':')) || l.starts_with("  ")
        };
        let uncommented: String = SITE_YAML
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| is_option(l))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut c = match Config::parse(&uncommented, "content/site.yaml") {
            Ok(c) => c,
            Err(d) => panic!("{d:?}\n{uncommented}"),
        };
        assert_eq!(c.aliases.implementors.len(), 1);
        assert_eq!(c.proposal_identity(1426), 1294);
        c.aliases = Default::default();
        assert_eq!(c, Config::default());
    }
}
