//! The one sequence of stages ([`Incremental::run`]): read → theme → analyse → present. The
//! preview server runs it on every change, keeping what the previous run found so that only
//! what a change reaches is done again; a build ([`render`](super::render)) and `check`
//! ([`check`](super::check)) run it once with nothing kept. The result is the same, byte for
//! byte, as a full render of the same tree (`tests/it/incremental.rs` and
//! `tests/it/incremental_props.rs` check it after edits, new, removed and renamed
//! snapshots, a renamed implementor and a changed configuration).
//!
//! - read: a snapshot file is parsed again only when its path or bytes changed
//!   ([`ReadCache`]); a changed `content/site.yaml` parses every file again;
//! - analyse: the statistics run again whole (a small part of a build), the month-over-month
//!   diffs only where a snapshot changed; the previous run's history and analysis are kept;
//! - present: each per-item job builds its typed view (`present/views.rs`) of the new and the
//!   previous history and analysis and runs only when the two differ; the site-wide jobs run
//!   when anything changed ([`crate::present::jobs::render`]; why this is enough is in
//!   `analyse/change.rs`); the other jobs' files are the previous run's, shared, not copied;
//! - a changed configuration, theme (any file under `themes/`) or base URL, or a change to the
//!   site's structure (months, proposals, implementors, their titles, sections, groups and
//!   slugs) renders every job again.

use super::{BuildError, BuildInput};
use crate::analyse::Analysis;
use crate::analyse::change::Structure;
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::model::History;
use crate::present::jobs::{JobFiles, RenderOptions, SharedFile, Sink};
use crate::present::theme::{self, Theme};
use crate::site::{ReadCache, Site};
use std::path::Path;

/// State kept between renders of one site.
#[derive(Default)]
pub struct Incremental {
    /// Whether anything is kept for a next render (not for a one-off build or `check`).
    keep: bool,
    cache: ReadCache,
    /// The theme last loaded, with the theme files it was loaded from.
    theme: Option<(ThemeKey, Theme)>,
    previous: Option<Previous>,
}

/// Every file and symlink under `themes/`: site-relative path and bytes (a symlink: where it
/// points; it is not followed).
type ThemeKey = (String, Vec<(String, Vec<u8>)>);

/// What the last good render was made from, and its files.
struct Previous {
    config: Config,
    theme: ThemeKey,
    base_url: String,
    /// The serial of each month's parse (see [`ReadCache::serial`]), in month order.
    serials: Vec<u64>,
    structure: Structure,
    /// The history and analysis the pages were rendered from: each job's view of them is
    /// compared with its view of the new ones.
    history: History,
    analysis: Analysis,
    jobs: JobFiles,
}

/// One render's result.
#[derive(Debug, Clone)]
pub struct Update {
    /// Every file of the site, sorted by path (with [`Sink::Discard`], only the paths).
    pub files: Vec<SharedFile>,
    pub base_url: String,
    pub warnings: Diagnostics,
    /// Snapshots in the history.
    pub snapshots: usize,
    /// Snapshot files parsed (the others' parse was reused).
    pub parsed: usize,
    /// Jobs run, of all jobs, and the HTML pages they rendered.
    pub jobs_run: usize,
    pub jobs_total: usize,
    pub pages_rendered: usize,
}

impl Update {
    /// HTML pages among the files.
    pub fn pages(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count()
    }
}

impl Incremental {
    pub fn new() -> Incremental {
        Incremental {
            keep: true,
            ..Incremental::default()
        }
    }

    /// A renderer that keeps nothing for a next render: a build is this with an empty cache.
    pub(super) fn once() -> Incremental {
        Incremental::default()
    }

    /// Renders the site at `input.root` in memory, reusing what the previous render found
    /// where nothing it depends on changed. Errors leave the kept state as it was, so the next
    /// render is measured against the last good one.
    pub fn render(&mut self, input: &BuildInput) -> Result<Update, BuildError> {
        self.run(input, None, Sink::Keep)
    }

    /// The stages, in order: read (unless `site` was read already), theme, analyse, present
    /// (each file to `sink`). Content errors end it after reading.
    pub(super) fn run(
        &mut self,
        input: &BuildInput,
        site: Option<Site>,
        sink: Sink,
    ) -> Result<Update, BuildError> {
        if let Some(b) = &input.base_url {
            crate::config::vet_url(b)
                .map_err(|why| BuildError::Usage(format!("--base-url: {why}")))?;
        }
        let site = match site {
            Some(site) => site,
            None if self.keep => {
                super::read_site_cached(&input.root, &mut self.cache).map_err(BuildError::Read)?
            }
            None => super::read_site(&input.root).map_err(BuildError::Read)?,
        };
        if site.diagnostics.has_errors() {
            return Err(BuildError::Content(site.diagnostics));
        }
        let site = if input.drafts {
            site
        } else {
            site.without_unpublished(crate::model::Month::current())
        };
        let parsed = if self.keep {
            self.cache.parsed
        } else {
            site.history.snapshots.len()
        };
        // A one-off render does not read the theme's files twice to compare them.
        let theme_key = (
            site.config.theme.clone(),
            if self.keep {
                theme_files(&input.root)
            } else {
                Vec::new()
            },
        );
        if self.theme.as_ref().is_none_or(|(k, _)| *k != theme_key) {
            self.theme = None;
            let t = theme::load(&input.root, &site.config.theme).map_err(BuildError::Theme)?;
            self.theme = Some((theme_key.clone(), t));
        }
        let Some((_, theme)) = &self.theme else {
            unreachable!("the theme was loaded above");
        };
        let base_url = input
            .base_url
            .clone()
            .unwrap_or_else(|| site.config.base_url.clone());
        let serials: Vec<u64> = site
            .history
            .snapshots
            .iter()
            .map(|s| self.cache.serial(&s.source).unwrap_or(u64::MAX))
            .collect();
        let previous = self
            .previous
            .as_ref()
            .filter(|p| p.config == site.config && p.theme == theme_key && p.base_url == base_url);
        // Per month, whether its snapshot changed: meaningful only when the months are the same.
        let snapshots_changed: Vec<bool> = serials
            .iter()
            .enumerate()
            .map(|(si, s)| previous.is_none_or(|p| p.serials.get(si) != Some(s)))
            .collect();
        let same_months = previous.is_some_and(|p| p.structure.months() == months(&site));
        let analysis = crate::analyse::analyse_reusing(
            &site.history,
            &site.config,
            previous
                .filter(|_| same_months)
                .map(|p| (&p.analysis, snapshots_changed.as_slice())),
        );
        let structure = Structure::of(&site.history, &analysis);
        // The previous render is reused only with the same structure: then both have the same
        // jobs, and each job compares its view of the two (`present/views.rs`).
        let previous = previous.filter(|p| p.structure == structure);
        let opts = RenderOptions {
            base_url: base_url.clone(),
            single_threaded: input.single_threaded,
        };
        let r = super::present(
            &site,
            &analysis,
            &structure,
            theme,
            &opts,
            previous.map(|p| (&p.jobs, &p.history, &p.analysis, &p.structure)),
            sink,
        )?;
        let update = Update {
            files: r.files,
            base_url: base_url.clone(),
            warnings: site.diagnostics,
            snapshots: site.history.snapshots.len(),
            parsed,
            jobs_run: r.jobs_run,
            jobs_total: r.jobs_total,
            pages_rendered: r.pages_rendered,
        };
        if !self.keep {
            return Ok(update);
        }
        let old = self.previous.replace(Previous {
            config: site.config,
            theme: theme_key,
            base_url,
            serials,
            structure,
            history: site.history,
            analysis,
            jobs: r.jobs,
        });
        // Freeing the last build's history, analysis and pages is left to another thread.
        let garbage = old;
        std::thread::Builder::new()
            .spawn(move || drop(garbage))
            .ok();
        Ok(update)
    }
}

/// The files under `root/themes`, sorted, with their bytes (symlinks not followed: their
/// target instead, also for `themes/` itself). Unreadable files count as empty, so a change in
/// readability is noticed.
fn theme_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = root.join("themes");
    if dir.is_symlink() {
        let target = std::fs::read_link(&dir).unwrap_or_default();
        return vec![(
            "themes".into(),
            target.to_string_lossy().into_owned().into_bytes(),
        )];
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let bytes = if e.path_is_symlink() {
                std::fs::read_link(e.path())
                    .map(|t| t.to_string_lossy().into_owned().into_bytes())
                    .unwrap_or_default()
            } else if !e.file_type().is_file() {
                // A pipe or device is never read (the theme refuses it).
                Vec::new()
            } else {
                std::fs::read(e.path()).unwrap_or_default()
            };
            (crate::confine::display_path(root, e.path()), bytes)
        })
        .collect()
}

fn months(site: &Site) -> Vec<crate::model::Month> {
    site.history.snapshots.iter().map(|s| s.month).collect()
}
