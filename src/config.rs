//! Site configuration: `content/site.yaml` → [`Config`]. Holds the vocabulary (implementor codes
//! in progress order, proposal stages, compliance values), the aliases that map old spellings to
//! one identity across months, how proposal columns are recognised and linked, and site settings.
//! Every key is optional; with no file at all the defaults read the Gateway API tables. Unknown
//! keys are errors with their line, read with serde-saphyr (see the README for why that crate).

use crate::diag::Diagnostics;
use crate::diag::Rule;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::Path;

mod file;
mod implementors;
mod matrix;
mod ranks;
mod related;
mod schema;
mod validate;
mod versions;
mod vocab;
pub use crate::text::yaml_error;
pub use file::{CONFIG_FILE, config_file, read_text, use_config_file};
pub use implementors::ImplementorConfig;
pub use matrix::{
    ANNOTATION, AnyValue, AttributeColumn, AttributeValues, DuplicateRows, ItemSelection,
    MatrixConfig, Orientation, Sections, SectionsDetail, SectionsSetting, TablesConfig, ValueList,
};
pub use ranks::{CodeRanks, RankClass};
pub use related::{FeatureMapping, Related};
pub use schema::{SCHEMA_URL, json_schema};
pub use validate::{is_theme_name, vet_url};
pub use versions::{Lists, Versions, VersionsConfig};
pub use vocab::{Code, Match, Term, Tone, Vocabulary};

/// How proposal columns are recognised and addressed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ItemConfig {
    /// Header pattern with `{number}` and `{title}` placeholders.
    pub pattern: String,
    /// The word for a proposal in ids and headings ("GEP" → "GEP-1742").
    pub label: String,
    /// The URL path segment of proposal pages (`/geps/1742/`).
    pub path: String,
    /// Link to a proposal's own document; `{number}` is replaced. Empty: no link.
    pub url: String,
    /// Whether a proposal's page shows its item attributes and the month each implementor
    /// first had a progress code and first had the complete one (default false).
    pub details: bool,
}

impl Default for ItemConfig {
    fn default() -> Self {
        ItemConfig {
            pattern: "GEP-{number}: {title}".into(),
            label: "GEP".into(),
            path: "geps".into(),
            url: "https://gateway-api.sigs.k8s.io/geps/gep-{number}/".into(),
            details: false,
        }
    }
}

/// Old spellings → identities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Aliases {
    pub implementors: BTreeMap<String, String>,
    /// Renumbered proposals: old number → new number.
    #[serde(rename = "proposals")]
    pub renumbered: BTreeMap<u32, u32>,
    /// Any item id (a number or a slug such as `traces/span`) → the id it is now.
    pub items: BTreeMap<String, String>,
}

/// `limits:` — bounds on what one pull request can make a build read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest snapshot file, in MiB (default 16).
    pub snapshot_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { snapshot_mb: 16 }
    }
}

impl Limits {
    /// The snapshot limit in bytes.
    pub fn snapshot_bytes(&self) -> u64 {
        self.snapshot_mb.saturating_mul(1024 * 1024)
    }
}

/// `proposals:` as written: every key optional, positions kept for messages.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(rename = "RawProposals")]
struct RawItems {
    #[schemars(with = "Option<String>")]
    pattern: Option<Spanned<String>>,
    label: Option<String>,
    #[schemars(with = "Option<String>")]
    path: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    url: Option<Spanned<String>>,
    details: Option<bool>,
}

/// One entry of `links:`: a link the site's navigation shows beside its own pages, for example
/// to a sibling site. `url` is http(s), or relative to the site root (`gateway-conformance/`,
/// `../`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NavLink {
    pub title: String,
    pub url: String,
}

/// `limits:` as written.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
struct RawLimits {
    #[schemars(with = "Option<u64>")]
    snapshot_mb: Option<Spanned<u64>>,
}

/// `graduation:` as written: which stage codes can graduate and which are graduated.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
struct RawGraduation {
    can_graduate: Option<Vec<String>>,
    graduated: Option<Vec<String>>,
}

/// Which stages are scored against the graduation threshold. A stage in neither list
/// (default Memorandum, Declined) is not assessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraduationStages {
    /// Stages a proposal graduates from (default P, I, E).
    pub can_graduate: Vec<String>,
    /// Graduated stages (default S).
    pub graduated: Vec<String>,
}

/// The file as written; every key optional. Values that are checked after parsing keep the
/// position serde-saphyr read them at ([`Spanned`]), so errors point at them.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
struct RawConfig {
    /// The site's title (default "Gateway API implementation status").
    title: Option<String>,
    /// One sentence under the title and in the feed.
    description: Option<String>,
    /// The site's stable id (letters, digits, `-`; `statusgen init` writes a random one): the
    /// feed's ids are made from it, so renaming the site renews no entry. Without it they are
    /// made from the title.
    #[schemars(with = "Option<String>")]
    id: Option<Spanned<String>>,
    /// Where the site is published (`https://owner.github.io/repo/`); http(s) only. Also `--base-url`.
    #[schemars(with = "Option<String>")]
    base_url: Option<Spanned<String>>,
    /// A theme under `themes/<name>/` (letters, digits, `-`, `_`); default `default`.
    #[schemars(with = "Option<String>")]
    theme: Option<Spanned<String>>,
    /// How proposal columns are recognised (`pattern`), named (`label`), paged (`path`) and linked (`url`).
    #[schemars(with = "Option<RawItems>")]
    #[serde(rename = "proposals")]
    items: Option<Spanned<RawItems>>,
    /// Implementor codes in progress order, blank first, complete last; a code with
    /// `progress: false` is shown but outside the order.
    #[schemars(with = "Option<Vec<Code>>")]
    codes: Option<Spanned<Vec<Spanned<Code>>>>,
    /// Proposal stages (the Status row).
    #[schemars(with = "Option<Vec<Term>>")]
    stages: Option<Spanned<Vec<Spanned<Term>>>>,
    /// Compliance values (the Compliance row).
    #[schemars(with = "Option<Vec<Term>>")]
    compliance: Option<Spanned<Vec<Spanned<Term>>>>,
    /// Old spellings of implementors and renumbered proposals → one identity across months.
    aliases: Aliases,
    /// Complete implementations a proposal needs to graduate (default 3); `null`: no graduation
    /// analysis, page, data file or wording (for items without stages).
    #[schemars(with = "Option<usize>")]
    #[serde(deserialize_with = "written")]
    graduation_threshold: Option<Option<Spanned<usize>>>,
    /// What the rows of the matrix are called (`label`, default "Implementor"), the columns
    /// holding an attribute of each row (`attributes`) and the one naming its release (`release`).
    #[schemars(with = "Option<ImplementorConfig>")]
    implementors: Option<Spanned<implementors::RawImplementors>>,
    /// The shape of the tables: orientation, which headers are items, attribute columns, group
    /// rows, sections.
    #[schemars(with = "Option<MatrixConfig>")]
    matrix: Option<Spanned<MatrixConfig>>,
    /// Codes outside the progress order ("does not apply", like `N/A`): never progress, left out
    /// of the counts, a change to or from one is neither an advance nor a regression.
    #[schemars(with = "Option<Vec<String>>")]
    not_applicable: Option<Vec<Spanned<String>>>,
    /// Which stage codes can graduate and which are graduated.
    #[schemars(with = "Option<RawGraduation>")]
    graduation: Option<Spanned<RawGraduation>>,
    /// An implementor whose row has not changed for longer than this is flagged stale (default 6).
    #[schemars(with = "Option<u32>")]
    stale_after_months: Option<Spanned<u32>>,
    /// Row labels that are prompts, never implementors nor items (default `Other?`, `TBD`).
    placeholder_rows: Option<Vec<String>>,
    /// Names at most this many edits apart are reported as near names (default 2).
    near_name_distance: Option<usize>,
    /// What `statusgen import` reads and how it becomes columns and rows. The importers read
    /// and check this section themselves (`crate::import::settings`); the site only allows it, and
    /// its schema is joined in above both (`crate::schema`).
    #[schemars(with = "Option<serde_json::Value>")]
    import: Option<related::RawImport>,
    /// A sibling site published beside this one whose item pages relate to this site's.
    related: Option<Related>,
    /// Bounds on what a build reads (`snapshot_mb`, default 16).
    limits: RawLimits,
    /// Extra navigation links on every page (http(s) or relative to the site root).
    #[schemars(with = "Vec<NavLink>")]
    links: Vec<Spanned<NavLink>>,
    /// Cells that hold versions ("supported since 3.3.1"): `{ pattern, forthcoming, lists }`.
    #[schemars(with = "Option<VersionsConfig>")]
    versions: Option<Spanned<VersionsConfig>>,
}

/// A key that is written, even as `null`: `Some(None)` for `key: null`, `None` when absent.
fn written<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// `(line, col)` of a value as read, 1-based; `(1, 1)` when it is not written (a default is at
/// fault) or its position is unknown.
type At = (usize, usize);

fn at<T>(v: &Option<Spanned<T>>) -> At {
    v.as_ref().map(|s| span_at(&s.referenced)).unwrap_or((1, 1))
}

/// Where a list was written, then each of its items.
fn list_at<T>(v: &Option<Spanned<Vec<Spanned<T>>>>) -> (At, Vec<At>) {
    let items = v
        .as_ref()
        .map(|l| l.value.iter().map(|t| span_at(&t.referenced)).collect())
        .unwrap_or_default();
    (at(v), items)
}

fn span_at(l: &serde_saphyr::Location) -> At {
    match (l.line() as usize, l.column() as usize) {
        (0, _) | (_, 0) => (1, 1),
        p => p,
    }
}

/// Where each checked value was written.
#[derive(Debug, Clone, Default)]
struct Positions {
    base_url: At,
    id: At,
    theme: At,
    pattern: At,
    path: At,
    url: At,
    /// The list, then each term, per vocabulary (codes, stages, compliance).
    vocabularies: [(At, Vec<At>); 3],
    graduation_threshold: At,
    graduation: At,
    stale_after_months: At,
    snapshot_mb: At,
    links: Vec<At>,
    matrix: At,
    not_applicable: Vec<At>,
    implementors: implementors::ImplementorPositions,
    /// Where `versions:` is written, and why its pattern cannot be used, if it cannot.
    versions: (At, Option<String>),
}

/// The resolved configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// `id:`, the site's stable id for the feed ("" when not written: the title's slug).
    pub id: String,
    pub theme: String,
    pub items: ItemConfig,
    /// `codes:` as written (spellings, labels); their ranks are in `ranks`.
    pub codes: Vocabulary,
    /// The rank of every cell code (`codes:` and `not_applicable:`), resolved once.
    pub ranks: CodeRanks,
    pub stages: Vocabulary,
    pub compliance: Vocabulary,
    pub aliases: Aliases,
    /// Complete implementations a proposal needs to graduate; `None` (`graduation_threshold:
    /// null`): no graduation at all.
    pub graduation_threshold: Option<usize>,
    /// `implementors:`: what the rows are called.
    pub implementors: ImplementorConfig,
    /// `matrix:`: the shape of the tables.
    pub matrix: MatrixConfig,
    /// `not_applicable:`: codes outside the progress order.
    pub not_applicable: Vec<String>,
    /// `graduation:`: the stages that can graduate and the graduated ones.
    pub graduation: GraduationStages,
    /// An implementor whose row has not changed for longer than this many months is flagged stale.
    pub stale_after_months: u32,
    /// Row labels that are prompts, never implementors nor items (default `Other?`, `TBD`),
    /// compared without case.
    pub placeholder_rows: Vec<String>,
    /// Names at most this many edits apart (and not aliased) are reported as near names.
    pub near_name_distance: usize,
    /// `limits:`: how large inputs may be.
    pub limits: Limits,
    /// `links:`: extra entries of the site's navigation.
    pub links: Vec<NavLink>,
    /// `related:`: the sibling site item pages link to.
    pub related: Option<Related>,
    /// Which GEP names which conformance features (from `import: gateway_conformance:`).
    pub feature_mapping: FeatureMapping,
    /// `versions:`: cells that hold versions; `None` when not written (cells hold codes).
    pub versions: Option<Versions>,
}

impl Default for Config {
    fn default() -> Self {
        Config::from_raw(RawConfig::default()).0
    }
}

/// Top-level output folders statusgen writes itself; `proposals.path` may not take one.
pub const RESERVED_PATHS: &[&str] = &["changes", "charts", "data", "implementors", "static"];

impl Config {
    fn from_raw(mut raw: RawConfig) -> (Config, Positions) {
        let (implementors, implementors_at) =
            implementors::RawImplementors::resolve(raw.implementors.take());
        let items = raw.items.as_ref().map(|p| &p.value);
        let pos = Positions {
            base_url: at(&raw.base_url),
            id: at(&raw.id),
            theme: at(&raw.theme),
            pattern: items.map(|p| at(&p.pattern)).unwrap_or((1, 1)),
            path: items.map(|p| at(&p.path)).unwrap_or((1, 1)),
            url: items.map(|p| at(&p.url)).unwrap_or((1, 1)),
            vocabularies: [
                list_at(&raw.codes),
                list_at(&raw.stages),
                list_at(&raw.compliance),
            ],
            graduation_threshold: raw.graduation_threshold.as_ref().map_or((1, 1), at),
            graduation: at(&raw.graduation),
            stale_after_months: at(&raw.stale_after_months),
            snapshot_mb: at(&raw.limits.snapshot_mb),
            links: raw.links.iter().map(|l| span_at(&l.referenced)).collect(),
            matrix: at(&raw.matrix),
            not_applicable: raw
                .not_applicable
                .iter()
                .flatten()
                .map(|s| span_at(&s.referenced))
                .collect(),
            implementors: implementors_at,
            versions: (at(&raw.versions), None),
        };
        let mut pos = pos;
        let versions_written = raw.versions.is_some();
        let versions = match raw.versions.take().map(|v| Versions::new(v.value)) {
            None => None,
            Some(Ok(v)) => Some(v),
            Some(Err(e)) => {
                pos.versions.1 = Some(e);
                None
            }
        };
        let terms = |v: Option<Spanned<Vec<Spanned<Term>>>>| {
            v.map(|l| l.value.into_iter().map(|t| t.value).collect::<Vec<Term>>())
        };
        let codes: Option<Vec<Code>> = raw
            .codes
            .map(|l| l.value.into_iter().map(|t| t.value).collect());
        let progress: Vec<bool> = codes.iter().flatten().map(|c| c.progress).collect();
        let tones: Vec<Option<Tone>> = codes.iter().flatten().map(|c| c.tone).collect();
        let codes = Vocabulary {
            terms: codes
                .map(|l| l.into_iter().map(Code::term).collect())
                .unwrap_or_else(|| {
                    if versions_written {
                        // A version matrix: a cell is unsupported, forthcoming or supported.
                        return vec![
                            Term::new("", "Not supported"),
                            Term::new("forthcoming", "Forthcoming"),
                            Term::new("supported", "Supported"),
                        ];
                    }
                    vec![
                        Term::new("", "Not planned"),
                        Term::new("PP", "Planned, in progress"),
                        Term::new("RR", "Ready in next release"),
                        Term::new("C", "Complete in current release"),
                    ]
                }),
        };
        let not_applicable: Vec<String> = raw
            .not_applicable
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.value)
            .collect();
        let defaults = ItemConfig::default();
        let p = raw.items.map(|p| p.value).unwrap_or_default();
        let stages = Vocabulary {
            terms: terms(raw.stages).unwrap_or_else(|| {
                vec![
                    Term::new("P", "Provisional"),
                    Term::new("I", "Implementable"),
                    Term::new("E", "Experimental"),
                    Term::new("S", "Standard"),
                    Term::new("M", "Memorandum"),
                    Term::new("D", "Declined"),
                ]
            }),
        };
        let config = Config {
            title: raw.title.unwrap_or_else(|| "Gateway API implementation status".into()),
            description: raw.description.unwrap_or_else(|| {
                "Which implementations have adopted which Gateway Enhancement Proposals, month by month."
                    .into()
            }),
            base_url: raw.base_url.map(|s| s.value).unwrap_or_default(),
            id: raw.id.map(|s| s.value).unwrap_or_default(),
            theme: raw
                .theme
                .map(|s| s.value)
                .unwrap_or_else(|| "default".into()),
            items: ItemConfig {
                pattern: p.pattern.map(|s| s.value).unwrap_or(defaults.pattern),
                label: p.label.unwrap_or(defaults.label),
                path: p.path.map(|s| s.value).unwrap_or(defaults.path),
                url: p.url.map(|s| s.value).unwrap_or(defaults.url),
                details: p.details.unwrap_or(defaults.details),
            },
            ranks: CodeRanks::new(&codes.terms, &progress, &not_applicable).with_tones(&tones),
            codes,
            stages: stages.clone(),
            compliance: Vocabulary {
                terms: terms(raw.compliance).unwrap_or_else(|| {
                    vec![
                        Term::new("NS", "Compliance tests not started"),
                        Term::new("NF", "Compliance tests not finished"),
                        Term::new("R", "Compliance tests ready"),
                    ]
                }),
            },
            aliases: raw.aliases,
            graduation_threshold: match raw.graduation_threshold {
                None => Some(3),
                Some(v) => v.map(|s| s.value),
            },
            implementors,
            matrix: raw.matrix.map(|m| m.value).unwrap_or_default(),
            not_applicable,
            graduation: {
                let written = raw.graduation.is_some();
                let g = raw.graduation.map(|s| s.value).unwrap_or_default();
                let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
                let mut g = GraduationStages {
                    can_graduate: g.can_graduate.unwrap_or_else(|| list(&["P", "I", "E"])),
                    graduated: g.graduated.unwrap_or_else(|| list(&["S"])),
                };
                // Unwritten, the defaults keep only the stages the site has (a site with its
                // own stages and no `graduation:` assesses nothing rather than failing).
                if !written {
                    g.can_graduate.retain(|c| stages.rank(c).is_some());
                    g.graduated.retain(|c| stages.rank(c).is_some());
                }
                g
            },
            stale_after_months: raw.stale_after_months.map(|s| s.value).unwrap_or(6),
            placeholder_rows: raw
                .placeholder_rows
                .unwrap_or_else(|| vec!["Other?".to_string(), "TBD".to_string()]),
            near_name_distance: raw.near_name_distance.unwrap_or(2),
            limits: Limits {
                snapshot_mb: raw
                    .limits
                    .snapshot_mb
                    .map(|s| s.value)
                    .unwrap_or(Limits::default().snapshot_mb),
            },
            links: raw.links.into_iter().map(|l| l.value).collect(),
            feature_mapping: raw
                .import
                .as_ref()
                .map(|i| {
                    i.mapping(
                        &raw.related
                            .as_ref()
                            .map(|r| r.aliases.clone())
                            .unwrap_or_default(),
                    )
                })
                .unwrap_or_default(),
            related: raw.related.take(),
            versions,
        };
        (config, pos)
    }

    /// Parses configuration text; `file` names it in diagnostics.
    pub fn parse(text: &str, file: &str) -> Result<Config, Diagnostics> {
        let mut diags = Diagnostics::default();
        let text = &crate::text::decode_str(text);
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            match serde_saphyr::from_str(text) {
                Ok(r) => r,
                Err(e) => {
                    let (line, col, message) = yaml_error(&e, text);
                    let rule = if crate::text::unknown_field(&message).is_some() {
                        Rule::ConfigUnknownKey
                    } else {
                        Rule::Config
                    };
                    diags.error(
                        rule,
                        file,
                        line,
                        col,
                        format!("invalid configuration: {message}"),
                    );
                    return Err(diags);
                }
            }
        };
        let (config, positions) = Config::from_raw(raw);
        config.validate(&positions, file, &mut diags);
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(config)
        }
    }

    /// Loads `content/site.yaml` under `root`, or the defaults when it does not exist.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        match read_text(root)? {
            Some(text) => Config::parse(&text, config_file()),
            None => Ok(Config::default()),
        }
    }

    /// Whether a row label is a placeholder prompt (`placeholder_rows`), never an implementor.
    pub fn is_placeholder_row(&self, label: &str) -> bool {
        let label = label.trim();
        self.placeholder_rows
            .iter()
            .any(|p| p.trim().eq_ignore_ascii_case(label))
    }

    /// The identity of an implementor name.
    pub fn implementor_identity<'a>(&'a self, name: &'a str) -> &'a str {
        self.aliases
            .implementors
            .get(name)
            .map(String::as_str)
            .unwrap_or(name)
    }

    /// The identity of a proposal number.
    pub fn number_identity(&self, number: u32) -> u32 {
        self.aliases
            .renumbered
            .get(&number)
            .copied()
            .unwrap_or(number)
    }

    /// The identity of an item whose id is `key` as read, after `aliases: items:` (the id it
    /// is now: a number when all digits, else a slug).
    pub fn item_identity(&self, key: crate::model::ItemKey) -> crate::model::ItemKey {
        let Some(to) = self.aliases.items.get(&key.to_string()) else {
            return key;
        };
        let to = to.trim();
        match to.parse::<u32>() {
            Ok(n) if to.bytes().all(|b| b.is_ascii_digit()) => crate::model::ItemKey::Number(n),
            _ => crate::model::ItemKey::Slug(to.to_string()),
        }
    }

    /// A header written in the configured pattern, for messages: `example_header("<number>", "<title>")`.
    pub fn example_header(&self, number: &str, title: &str) -> String {
        self.items
            .pattern
            .replace("{number}", number)
            .replace("{title}", title)
    }

    /// "GEP-1742"; an unnumbered item's slug (`traces/create-tracerprovider`).
    pub fn item_id(&self, key: &crate::model::ItemKey) -> String {
        match key {
            crate::model::ItemKey::Number(n) => format!("{}-{}", self.items.label, n),
            crate::model::ItemKey::Slug(s) => s.clone(),
        }
    }

    /// The proposal's own document, if a URL template is configured and the item has a number.
    pub fn item_doc_url(&self, key: &crate::model::ItemKey) -> Option<String> {
        let n = key.number()?;
        (!self.items.url.is_empty()).then(|| self.items.url.replace("{number}", &n.to_string()))
    }
}

#[cfg(test)]
mod tests;
