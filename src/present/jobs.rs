//! The job list: what files a site has, in a fixed order. [`render`], the one job loop, runs
//! every job (in parallel unless asked not to), or only those a change reaches, then adds what
//! depends on the other files (the history CSV, the sitemap) and the theme's static files, and
//! returns every output file sorted by path.
//!
//! A new page kind is one module with a `page` function, one template and one `Job` here. A
//! per-item page function takes its typed view (`present/views.rs`) and [`Shared`](super::context::Shared), never
//! [`SiteData`]: an incremental render re-runs its job only when the view changed
//! (`Job::dirty`).

use super::context::SiteData;
use super::error::PresentError;
use super::theme::Theme;
use super::views::{ChangesView, ImplementorView, ItemView, MonthView};
use super::{changes, data, feed, graduation, implementor, index, item, lists, month};
use crate::write::OutputFile;
use rayon::prelude::*;
use std::sync::Arc;

/// Options that change what is rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub base_url: String,
    /// Render pages on one thread (for the determinism test).
    pub single_threaded: bool,
}

/// One unit of work; each yields one or more files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Job {
    Data,
    Feed,
    Index,
    ChangesIndex,
    Graduation,
    Items,
    Implementors,
    NotFound,
    Month(usize),
    Changes(usize),
    Item(usize),
    Implementor(usize),
}

/// Every job of a site, in a fixed order.
fn jobs(d: &SiteData) -> Vec<Job> {
    let n_months = d.history.snapshots.len();
    let mut jobs = vec![
        Job::Data,
        Job::Feed,
        Job::Index,
        Job::ChangesIndex,
        Job::Graduation,
        Job::Items,
        Job::Implementors,
        Job::NotFound,
    ];
    jobs.extend((0..n_months).map(Job::Month));
    jobs.extend((1..n_months).map(Job::Changes));
    jobs.extend((0..d.stats.items.len()).map(Job::Item));
    jobs.extend((0..d.stats.implementors.len()).map(Job::Implementor));
    jobs
}

impl Job {
    /// Whether the job must run again on `d` after rendering `previous`, the data of the same
    /// structure, configuration, theme and base URL (what [`Shared`](super::context::Shared) holds, so equal for
    /// both); `anything` says whether the history or analysis changed at all.
    ///
    /// A per-item page reads only its view (its page function takes the view and `Shared`), so
    /// it runs again exactly when its view differs from the same view of `previous`. The
    /// site-wide pages read everything and run again on any change; the 404 page reads only
    /// `Shared`.
    fn dirty(self, d: &SiteData, previous: &SiteData, anything: bool) -> bool {
        match self {
            Job::NotFound => false,
            Job::Data
            | Job::Feed
            | Job::Index
            | Job::ChangesIndex
            | Job::Graduation
            | Job::Items
            | Job::Implementors => anything,
            Job::Month(si) => MonthView::of(previous, si) != MonthView::of(d, si),
            Job::Changes(si) => ChangesView::of(previous, si) != ChangesView::of(d, si),
            Job::Item(pi) => ItemView::of(previous, pi) != ItemView::of(d, pi),
            Job::Implementor(ii) => ImplementorView::of(previous, ii) != ImplementorView::of(d, ii),
        }
    }
}

/// Whether the history or analysis of `a` and `b` differ anywhere (what the site-wide pages
/// read beyond [`Shared`](super::context::Shared)).
fn anything_changed(a: &SiteData, b: &SiteData) -> bool {
    a.history != b.history
        || a.stats != b.stats
        || a.diffs != b.diffs
        || a.graduation != b.graduation
}

fn run(d: &SiteData, theme: &Theme, job: Job) -> Result<Vec<OutputFile>, PresentError> {
    match job {
        Job::Data => Ok(vec![
            OutputFile {
                path: "data/history.json".into(),
                bytes: data::history_json_compact(d.history, d.config).into_bytes(),
                source: "the history JSON".into(),
            },
            OutputFile {
                path: "data/history.csv".into(),
                bytes: data::history_csv_wide(d.history, d.config).into_bytes(),
                source: "the history CSV".into(),
            },
        ]),
        Job::Feed => feed::atom(d, theme),
        Job::Index => index::page(d, theme),
        Job::ChangesIndex => changes::index_page(d, theme),
        Job::Graduation => graduation::page(d, theme),
        Job::Items => lists::items_page(d, theme),
        Job::Implementors => lists::implementors_page(d, theme),
        Job::NotFound => lists::not_found_page(d, theme),
        Job::Month(si) => {
            let v = MonthView::of(d, si);
            let s = v.snapshot;
            Ok(vec![
                month::page(d, &v, theme)?,
                OutputFile {
                    path: format!("data/{}.csv", s.month),
                    bytes: data::snapshot_csv_wide(s, d.config).into_bytes(),
                    source: format!("the CSV of {}", s.source),
                },
            ])
        }
        Job::Changes(si) => changes::page(d, &ChangesView::of(d, si), theme),
        Job::Item(pi) => item::page(d, &ItemView::of(d, pi), theme),
        Job::Implementor(ii) => implementor::page(d, &ImplementorView::of(d, ii), theme),
    }
}

/// The files made from the other files (in job order) and the theme: the robots.txt, `.nojekyll` and the theme's static files.
fn whole_site_files<'f>(
    d: &SiteData,
    theme: &Theme,
    files: impl Iterator<Item = (&'f str, &'f [u8])> + Clone,
) -> Result<Vec<OutputFile>, PresentError> {
    let mut out = Vec::new();
    let page_paths: Vec<String> = files
        .filter(|(p, _)| p.ends_with("index.html"))
        .map(|(p, _)| p.trim_end_matches("index.html").to_string())
        .collect();
    // A sitemap lists absolute URLs: without the base URL there is none (`build` says so).
    if d.urls.base_url.is_some() {
        out.push(feed::sitemap(d, theme, &page_paths)?);
    }
    out.push(feed::robots(d, theme)?);
    out.push(OutputFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
        source: ".nojekyll".into(),
    });
    out.push(OutputFile {
        path: "favicon.ico".into(),
        bytes: super::favicon::ico(),
        source: "the favicon".into(),
    });
    for (name, bytes) in &theme.static_files {
        out.push(OutputFile {
            path: format!("static/{name}"),
            bytes: bytes.clone(),
            source: format!("the theme's static file {name}"),
        });
    }
    Ok(out)
}

/// A rendered file whose bytes are shared, not copied, between one render and the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedFile {
    pub path: String,
    pub bytes: Arc<Vec<u8>>,
    /// What produced the file, for the writer's messages ([`OutputFile::source`]).
    pub source: String,
}

impl From<OutputFile> for SharedFile {
    fn from(f: OutputFile) -> SharedFile {
        SharedFile {
            path: f.path,
            bytes: Arc::new(f.bytes),
            source: f.source,
        }
    }
}

impl From<SharedFile> for OutputFile {
    /// The bytes are moved when nothing else shares them, else copied.
    fn from(f: SharedFile) -> OutputFile {
        OutputFile {
            path: f.path,
            bytes: Arc::try_unwrap(f.bytes).unwrap_or_else(|b| (*b).clone()),
            source: f.source,
        }
    }
}

/// What the job loop keeps of each file it renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sink {
    /// Every file, whole (for the writer and the preview server).
    Keep,
    /// Each file's path and source (what the writer's checks read); the bytes are dropped as
    /// soon as a file is rendered (`check`: every page is rendered, none is kept).
    Discard,
}

impl Sink {
    fn take(self, f: OutputFile) -> SharedFile {
        match self {
            Sink::Keep => f.into(),
            Sink::Discard => SharedFile {
                path: f.path,
                bytes: Arc::default(),
                source: f.source,
            },
        }
    }
}

/// Each job's files from one render, in job order: what the next incremental render reuses.
#[derive(Debug, Clone, Default)]
pub struct JobFiles(Vec<Vec<SharedFile>>);

/// The result of [`render`].
#[derive(Debug, Clone)]
pub struct SiteFiles {
    /// Every file of the site, sorted by path.
    pub files: Vec<SharedFile>,
    /// Each job's files, for the next render.
    pub jobs: JobFiles,
    /// Jobs run (the others' files were reused) and of all jobs.
    pub jobs_run: usize,
    pub jobs_total: usize,
    /// HTML pages rendered by the jobs run.
    pub pages_rendered: usize,
}

/// One job run: its index, the files the sink kept, the HTML pages it rendered.
type Done = (usize, Vec<SharedFile>, usize);

/// The one job loop: renders every file of the site `d`, sorted by path, each job's files going
/// to `sink` as soon as they are rendered (in parallel unless asked not to).
///
/// `previous` is the previous render's [`JobFiles`] and data, given only when both have the
/// same structure ([`crate::analyse::change::Structure`]), configuration, theme and base URL,
/// so the two job lists are the same: the jobs whose view did not change (`Job::dirty`) are
/// not run, their previous files are reused.
/// Without `previous` (a build, `check`, the first render of the preview server) every job
/// runs.
pub fn render(
    d: &SiteData,
    theme: &Theme,
    opts: &RenderOptions,
    previous: Option<(&JobFiles, &SiteData)>,
    sink: Sink,
) -> Result<SiteFiles, PresentError> {
    let jobs = jobs(d);
    let previous = previous.filter(|(p, _)| p.0.len() == jobs.len());
    let anything = previous.is_some_and(|(_, old)| anything_changed(old, d));
    let todo: Vec<(usize, Job)> = jobs
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, j)| previous.is_none_or(|(_, old)| j.dirty(d, old, anything)))
        .collect();
    let render = |&(i, j): &(usize, Job)| {
        run(d, theme, j).map(|files| {
            let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
            let kept: Vec<SharedFile> = files.into_iter().map(|f| sink.take(f)).collect();
            (i, kept, pages)
        })
    };
    let results: Vec<Result<Done, PresentError>> = if opts.single_threaded {
        todo.iter().map(render).collect()
    } else {
        todo.par_iter().map(render).collect()
    };
    let mut per_job: Vec<Option<Vec<SharedFile>>> = vec![None; jobs.len()];
    let mut pages_rendered = 0;
    for r in results {
        let (i, files, pages) = r?;
        pages_rendered += pages;
        per_job[i] = Some(files);
    }
    let per_job: Vec<Vec<SharedFile>> = per_job
        .into_iter()
        .enumerate()
        .map(|(i, files)| {
            files.unwrap_or_else(|| previous.map(|(p, _)| p.0[i].clone()).unwrap_or_default())
        })
        .collect();
    let all = per_job.iter().flatten();
    let whole = whole_site_files(
        d,
        theme,
        all.clone().map(|f| (f.path.as_str(), f.bytes.as_slice())),
    )?;
    let mut files: Vec<SharedFile> = all.cloned().collect();
    files.extend(whole.into_iter().map(|f| sink.take(f)));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(SiteFiles {
        files,
        jobs_run: todo.len(),
        jobs_total: jobs.len(),
        jobs: JobFiles(per_job),
        pages_rendered,
    })
}
