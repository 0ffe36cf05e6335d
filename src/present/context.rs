//! What every page shares: [`Shared`] (the config, the site's URL resolver and structure: all
//! that every page may read), [`SiteData`] (that and the whole history and analysis, for the
//! site-wide pages), the typed [`Common`] context every template gets (site title, page
//! title, canonical URL, the site-wide links), small typed pieces used by several page families,
//! and [`render_page`], which renders one page's typed context with the theme.

use super::error::PresentError;
use super::escape;
use super::theme::{Theme, error_chain};
use super::urls::Urls;
use super::wording::code_label;
use crate::analyse::Analysis;
use crate::analyse::change::{ImplementorName, ItemPlace, Structure};
use crate::analyse::diff::Diff;
use crate::analyse::graduation::Graduation;
use crate::analyse::stats::Stats;
use crate::config::{Config, RankClass};
use crate::model::{History, Month, Snapshot};
use crate::nouns::{Nouns, plural};
use crate::write::OutputFile;
use serde::Serialize;
use std::collections::HashMap;

/// What every page may read: the configuration, the URL resolver and the site's
/// [`Structure`] (months, how proposals and implementors are named and linked), nothing of
/// the history or analysis beyond it. Everything reachable from here is covered by the key
/// that re-renders every page when it changes (`analyse/change.rs`), so a page that takes only
/// a `Shared` (the 404 page) cannot go stale.
pub struct Shared<'a> {
    pub config: &'a Config,
    /// What the site calls implementors and items inside a sentence, computed once per read
    /// ([`crate::site::nouns`]) from the configuration.
    pub nouns: &'a Nouns,
    /// The labels as headings and lists name them, once per build.
    pub labels: Labels,
    pub urls: Urls,
    structure: &'a Structure,
    /// Implementor name → slug, from the structure.
    slugs: HashMap<&'a str, &'a str>,
    /// Proposal key → its index in the structure.
    places: HashMap<&'a crate::model::ItemKey, usize>,
    /// The end of a table cell for each code rank: ` class=rN>CODE` (no `</td>`: the next cell
    /// or the row's end closes it).
    cell_tails: Vec<String>,
    /// [`code_class`] of each rank a cell can hold (shown codes, then not-applicable ones),
    /// once per build rather than once per cell.
    classes: Vec<String>,
    /// [`super::wording::in_progress_words`], once per build.
    in_progress_words: String,
    /// [`super::wording::not_progress_words`], once per build.
    not_progress_words: String,
    has_stages: bool,
}

/// The labels of `proposals:` and `implementors:` in the forms headings, navigation and counts
/// use beside the [`Nouns`] of sentences, each plural by [`crate::nouns::plural`].
pub struct Labels {
    /// `proposals.label` in the plural, as written: "GEPs", "Features".
    pub item_many: String,
    /// An item counted or named inside a sentence: `proposals.label` as written for the
    /// Gateway API shape ("GEP"), in lower case for a configured shape ("feature").
    pub item_noun: String,
    /// [`Labels::item_noun`] in the plural: "GEPs", "features".
    pub item_noun_many: String,
    /// `implementors.label` in the plural, as written: "Implementations".
    pub implementor_many: String,
}

impl Labels {
    fn of(config: &Config) -> Labels {
        let item_noun = if config.matrix.is_default() {
            config.items.label.clone()
        } else {
            config.items.label.to_lowercase()
        };
        Labels {
            item_many: plural(&config.items.label),
            item_noun_many: plural(&item_noun),
            item_noun,
            implementor_many: plural(&config.implementors.label),
        }
    }
}

/// Everything a site-wide page reads: [`Shared`] (through `Deref`) and the whole history and
/// analysis, borrowed from the earlier stages.
pub struct SiteData<'a> {
    shared: Shared<'a>,
    pub history: &'a History,
    pub stats: &'a Stats,
    /// Diff of each snapshot against the previous one (`None` for the first).
    pub diffs: &'a [Option<Diff>],
    /// Graduation of each proposal, parallel to `stats.proposals`.
    pub graduation: &'a [Graduation],
}

impl<'a> std::ops::Deref for SiteData<'a> {
    type Target = Shared<'a>;

    fn deref(&self) -> &Shared<'a> {
        &self.shared
    }
}

impl<'a> SiteData<'a> {
    pub fn new(
        config: &'a Config,
        nouns: &'a Nouns,
        history: &'a History,
        analysis: &'a Analysis,
        structure: &'a Structure,
        base_url: &str,
    ) -> SiteData<'a> {
        SiteData {
            shared: Shared::new(config, nouns, structure, base_url),
            history,
            stats: &analysis.stats,
            diffs: &analysis.diffs,
            graduation: &analysis.graduation,
        }
    }

    pub fn month_path(s: &Snapshot) -> String {
        Shared::month_path(s)
    }
}

impl<'a> Shared<'a> {
    pub fn new(
        config: &'a Config,
        nouns: &'a Nouns,
        structure: &'a Structure,
        base_url: &str,
    ) -> Shared<'a> {
        let ranks = &config.ranks;
        let mut cell_tails: Vec<String> = (0..ranks.shown() + config.not_applicable.len())
            .map(|r| {
                format!(
                    " class={}>{}",
                    code_class(config, r),
                    escape::html(ranks.code(r))
                )
            })
            .collect();
        let classes = (0..ranks.shown() + config.not_applicable.len())
            .map(|r| code_class(config, r))
            .collect();
        if cell_tails.is_empty() {
            cell_tails.push(" class=r0>".into());
        }
        Shared {
            config,
            nouns,
            labels: Labels::of(config),
            urls: Urls::new(base_url),
            structure,
            slugs: structure
                .implementors()
                .iter()
                .map(|i| (i.name.as_str(), i.slug.as_str()))
                .collect(),
            places: structure
                .items()
                .iter()
                .enumerate()
                .map(|(pi, p)| (&p.key, pi))
                .collect(),
            cell_tails,
            classes,
            in_progress_words: super::wording::in_progress_words(config),
            not_progress_words: super::wording::not_progress_words(config),
            has_stages: config.matrix.is_default() || structure.has_values(),
        }
    }

    /// `geps/1742/`, or `features/traces/create-tracerprovider/` for an unnumbered item.
    pub fn item_path(&self, key: &crate::model::ItemKey) -> String {
        format!("{}/{}/", self.config.items.path, key)
    }

    pub fn implementor_path(&self, name: &str) -> String {
        format!("implementors/{}/", self.implementor_slug(name))
    }

    pub fn implementor_slug(&self, name: &str) -> &str {
        self.slugs.get(name).copied().unwrap_or("")
    }

    pub fn month_path(s: &Snapshot) -> String {
        format!("{}/", s.month)
    }

    /// A relative link from the page at `from` to the month of `s`.
    pub fn month_link(&self, from: &str, s: &Snapshot) -> Link {
        self.month_link_to(from, s.month)
    }

    /// A relative link from the page at `from` to month `m`.
    pub fn month_link_to(&self, from: &str, m: Month) -> Link {
        Link {
            name: m.long_name(),
            url: self.urls.href(from, &format!("{m}/")),
        }
    }

    /// The site's months, in order (from the structure).
    pub fn months(&self) -> &'a [Month] {
        let structure: &'a Structure = self.structure;
        structure.months()
    }

    /// How a proposal is named and placed (its latest title, section and group).
    pub fn item_place(&self, key: &crate::model::ItemKey) -> Option<&'a ItemPlace> {
        let structure: &'a Structure = self.structure;
        self.places
            .get(key)
            .and_then(|&pi| structure.items().get(pi))
    }

    /// Each proposal's key, latest title, section and group, in the statistics' order (from
    /// the structure).
    pub fn item_places(&self) -> &'a [ItemPlace] {
        let structure: &'a Structure = self.structure;
        structure.items()
    }

    /// Each implementor's name and slug, in the statistics' order (from the structure).
    pub fn implementor_names(&self) -> &'a [ImplementorName] {
        let structure: &'a Structure = self.structure;
        structure.implementors()
    }

    /// A proposal's latest title ("" for a key the site does not have).
    pub fn item_title(&self, key: &crate::model::ItemKey) -> &'a str {
        self.item_place(key).map_or("", |p| p.title.as_str())
    }

    /// Site-wide context: titles and the URLs every page needs.
    pub fn common<'s>(&'s self, from: &'s str, title: String, description: String) -> Common<'s> {
        let u = |t: &str| self.urls.href(from, t);
        let latest = self
            .structure
            .months()
            .last()
            .map(|m| u(&format!("{m}/")))
            .unwrap_or_else(|| u(""));
        Common {
            site: SiteMeta {
                title: &self.config.title,
                description: &self.config.description,
            },
            page: PageMeta {
                canonical: self
                    .urls
                    .absolute(if from == "404.html" { "" } else { from }),
                title,
                description,
                path: from,
            },
            u: SiteUrls {
                home: u(""),
                latest,
                changes: u("changes/"),
                graduation: u("graduation/"),
                items: u(&format!("{}/", self.config.items.path)),
                implementors: u("implementors/"),
                css: u("static/style.css"),
                favicon: u("static/favicon.svg"),
                js: u("static/matrix.js"),
                feed: u("feed.xml"),
                json: u("data/history.json"),
                graduation_json: u("data/graduation.json"),
                csv: u("data/history.csv"),
            },
            item_label: &self.config.items.label,
            items_label: &self.labels.item_many,
            item_noun: &self.labels.item_noun,
            items_noun: &self.labels.item_noun_many,
            implementor_word: &self.config.implementors.label,
            implementors_word: &self.labels.implementor_many,
            item_word: &self.nouns.item.one,
            items_word: &self.nouns.item.many,
            has_graduation: self.config.graduation_threshold.is_some(),
            has_stages: self.has_stages,
            in_progress_words: &self.in_progress_words,
            in_progress_heading: super::wording::in_progress_heading(&self.in_progress_words),
            not_progress_words: &self.not_progress_words,
            not_progress_heading: super::wording::in_progress_heading(&self.not_progress_words),
            blank_label: code_label(self.config, ""),
            section_word: self.config.matrix.sections.label(),
            complete_word: super::version_words::complete_word(self.config),
            complete_adjective: if self.config.versions.is_some() {
                "supported"
            } else {
                "complete"
            },
            count_unit: super::version_words::count_unit(self.config, self.nouns),
            links: self
                .config
                .links
                .iter()
                .map(|l| Link {
                    name: l.title.clone(),
                    url: nav_href(&self.urls, from, &l.url),
                })
                .collect(),
        }
    }

    /// Every shown code with its label and rank: the progress order, then the codes outside
    /// it (`progress: false`).
    pub fn legend(&self) -> Vec<CodeRef<'a>> {
        (0..self.config.ranks.shown())
            .map(|r| self.legend_entry(r))
            .collect()
    }

    /// The code of rank `rank` with its label and class.
    pub fn legend_entry(&self, rank: usize) -> CodeRef<'a> {
        let config: &'a Config = self.config;
        CodeRef {
            code: config.ranks.code(rank),
            label: config.ranks.label(rank),
            rank,
            class: code_class(config, rank),
            apart: config.ranks.class(rank) == RankClass::NotProgress,
        }
    }

    /// A run of `<td>` cells rendered here rather than in a template loop: grids reach a million
    /// cells. `None` is a month in which the row was not listed; `id` gives a cell the stable id
    /// `<slug>-<number>`. Cells come as code ranks; codes are escaped (slugs are ASCII letters,
    /// digits and '-').
    pub fn cells_html<'c>(
        &self,
        cells: impl Iterator<Item = (Option<usize>, Option<(&'c str, u32)>)>,
    ) -> String {
        let mut out = String::new();
        for (rank, id) in cells {
            match rank {
                Some(rank) if rank == crate::model::Rank::ABSENT.index() => {
                    out.push_str("<td class=absent>–")
                }
                Some(rank) => {
                    out.push_str("<td");
                    if let Some((slug, number)) = id {
                        out.push_str(" id=");
                        escape::push_id(&mut out, slug, &number.to_string());
                    }
                    out.push_str(&self.cell_tails[rank.min(self.cell_tails.len() - 1)]);
                }
                None => out.push_str("<td class=absent>–"),
            }
        }
        out
    }

    /// The canonical code of a rank.
    /// [`code_class`] of `rank`, borrowed from the build's table where it is there.
    pub fn class_of(&self, rank: usize) -> std::borrow::Cow<'_, str> {
        match self.classes.get(rank) {
            Some(c) => std::borrow::Cow::Borrowed(c.as_str()),
            None => std::borrow::Cow::Owned(code_class(self.config, rank)),
        }
    }

    pub fn code_of(&self, rank: usize) -> &'a str {
        let config: &'a Config = self.config;
        config.ranks.code(rank)
    }
}

/// The class of a cell at `rank`: `rN` for a shown code, N its colour's palette slot
/// ([`crate::config::CodeRanks::colour`]: the same colour in the legend, the matrix, the
/// strips and the charts), `na` for a not-applicable code, `absent` for no column.
pub fn code_class(config: &Config, rank: usize) -> String {
    match (config.ranks.class(rank), config.ranks.colour(rank)) {
        (RankClass::NotApplicable, _) => "na".into(),
        (RankClass::Absent, _) | (_, None) => "absent".into(),
        (_, Some(slot)) => format!("r{slot}"),
    }
}

/// The site's title and description.
#[derive(Serialize)]
pub struct SiteMeta<'a> {
    pub title: &'a str,
    pub description: &'a str,
}

/// The page's own title, description, canonical URL and site-relative path.
#[derive(Serialize)]
pub struct PageMeta<'a> {
    pub title: String,
    pub description: String,
    pub canonical: Option<String>,
    pub path: &'a str,
}

/// Links every page's header and footer need, relative to the page.
#[derive(Serialize)]
pub struct SiteUrls {
    pub home: String,
    pub latest: String,
    pub changes: String,
    pub graduation: String,
    #[serde(rename = "proposals")]
    pub items: String,
    pub implementors: String,
    pub css: String,
    /// The SVG favicon (`/favicon.ico` is beside the home page for browsers that ask for it).
    pub favicon: String,
    pub js: String,
    pub feed: String,
    pub json: String,
    pub graduation_json: String,
    pub csv: String,
}

/// The context every template gets, beside its page family's own.
#[derive(Serialize)]
pub struct Common<'a> {
    pub site: SiteMeta<'a>,
    pub page: PageMeta<'a>,
    pub u: SiteUrls,
    #[serde(rename = "proposal_word")]
    pub item_label: &'a str,
    /// `proposal_word` in the plural ("GEPs", "Features").
    #[serde(rename = "proposals_word")]
    pub items_label: &'a str,
    /// `proposals.label` inside a sentence: as written for the Gateway API shape ("GEP"), in
    /// lower case for a configured shape ("1 feature").
    #[serde(rename = "proposal_noun")]
    pub item_noun: &'a str,
    /// `proposal_noun` in the plural ("326 features").
    #[serde(rename = "proposals_noun")]
    pub items_noun: &'a str,
    /// What a row is called (`implementors.label`, default "Implementor"); `| lower` inside
    /// sentences.
    pub implementor_word: &'a str,
    /// `implementor_word` in the plural ("Implementations").
    pub implementors_word: &'a str,
    /// An item inside a sentence: "proposal" for the Gateway API shape, else `proposals.label`
    /// in lower case ([`crate::site::nouns`]).
    pub item_word: &'a str,
    /// `item_word` in the plural ("proposals", "features").
    pub items_word: &'a str,
    /// Whether the site has graduation (`graduation_threshold` not null): its page, nav entry,
    /// data file and wording.
    pub has_graduation: bool,
    /// Whether items have stages and compliance values to show: always for the Gateway API
    /// shape; for a configured shape only when some item has either.
    pub has_stages: bool,
    /// The codes between blank and complete, in words ("planned or ready"); "" when there are
    /// none.
    pub in_progress_words: &'a str,
    /// A column of those counts: "In progress" with the built-in codes, else the words
    /// capitalised ("Partial").
    pub in_progress_heading: String,
    /// The codes outside the progress order (`progress: false`), in words ("reported
    /// unsupported"); "" when there are none.
    pub not_progress_words: &'a str,
    /// A column of those counts: the words capitalised ("Reported unsupported").
    pub not_progress_heading: String,
    pub blank_label: String,
    /// What a section is called ("Section", or `matrix: sections: { label: Tier }`).
    pub section_word: &'a str,
    /// `links:` of site.yaml, for the navigation.
    pub links: Vec<Link>,
    /// The heading of a count of complete cells: "Complete", or with `versions:` "Supported
    /// by".
    pub complete_word: &'static str,
    /// A cell at the complete code inside a sentence: "complete", or with `versions:`
    /// "supported".
    pub complete_adjective: &'static str,
    /// After "N of P" in such a count: "", or with `versions:` " lines" (the implementors, in
    /// the plural, lower case).
    pub count_unit: String,
}

/// The href of a configured navigation link on the page at `from`: http(s), protocol-relative
/// and root-absolute URLs as written (site.yaml vets them), anything else relative to the site
/// root, through [`Urls::href`].
pub(super) fn nav_href(urls: &Urls, from: &str, url: &str) -> String {
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    if url[..end].contains(':') || url.starts_with('/') {
        url.to_string()
    } else {
        urls.href(from, url)
    }
}

/// A named link.
#[derive(Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
}

/// A code with its label, rank and class (legends, chart tables).
#[derive(Serialize)]
pub struct CodeRef<'a> {
    pub code: &'a str,
    pub label: &'a str,
    pub rank: usize,
    /// Its colour class ([`code_class`]): `r2`.
    pub class: String,
    /// Outside the progress order (`progress: false`).
    pub apart: bool,
}

/// Renders `template` with the common context and the page family's own context `page` (a
/// typed, borrowing struct) into the file at `path`.
pub fn render_page<T: Serialize>(
    theme: &Theme,
    path: String,
    template: &str,
    common: &Common,
    page: &T,
) -> Result<OutputFile, PresentError> {
    let fail = |e: &dyn std::error::Error| PresentError::Render {
        path: path.clone(),
        template: template.to_string(),
        message: error_chain(e),
    };
    let mut ctx = tera::Context::from_serialize(common).map_err(|e| fail(&e))?;
    ctx.extend(tera::Context::from_serialize(page).map_err(|e| fail(&e))?);
    let html = theme.tera.render(template, &ctx).map_err(|e| fail(&e))?;
    let source = format!("the {template} page \"{}\"", common.page.title);
    Ok(OutputFile {
        path,
        bytes: html.into_bytes(),
        source,
    })
}

/// A page family with no context of its own (the 404 page).
#[derive(Serialize)]
pub struct NoContext {}
