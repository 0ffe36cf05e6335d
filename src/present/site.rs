//! The job list: what files a site has, in a fixed order. [`render_site`] runs every job (in
//! parallel unless asked not to), then adds what depends on the other files (the history CSV,
//! the sitemap) and the theme's static files, and returns every output file sorted by path.
//!
//! A new page kind is one module with a `page` function, one template and one `Job` here.

use super::context::SiteData;
use super::error::PresentError;
use super::theme::Theme;
use super::{changes, data, feed, graduation, implementor, index, lists, month, proposal};
use crate::analyse::Analysis;
use crate::config::Config;
use crate::model::History;
use crate::write::OutputFile;
use rayon::prelude::*;

/// Options that change what is rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub base_url: String,
    /// Render pages on one thread (for the determinism test).
    pub single_threaded: bool,
}

/// One unit of work; each yields one or more files.
#[derive(Debug, Clone, Copy)]
enum Job {
    Data,
    Feed,
    Index,
    ChangesIndex,
    Graduation,
    Proposals,
    Implementors,
    NotFound,
    Month(usize),
    Changes(usize),
    Proposal(usize),
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
        Job::Proposals,
        Job::Implementors,
        Job::NotFound,
    ];
    jobs.extend((0..n_months).map(Job::Month));
    jobs.extend((1..n_months).map(Job::Changes));
    jobs.extend((0..d.stats.proposals.len()).map(Job::Proposal));
    jobs.extend((0..d.stats.implementors.len()).map(Job::Implementor));
    jobs
}

fn run(d: &SiteData, theme: &Theme, job: Job) -> Result<Vec<OutputFile>, PresentError> {
    match job {
        Job::Data => Ok(vec![OutputFile {
            path: "data/history.json".into(),
            bytes: data::history_json(d.history, d.config, false).into_bytes(),
            source: "the history JSON".into(),
        }]),
        Job::Feed => feed::atom(d, theme),
        Job::Index => index::page(d, theme),
        Job::ChangesIndex => changes::index_page(d, theme),
        Job::Graduation => graduation::page(d, theme),
        Job::Proposals => lists::proposals_page(d, theme),
        Job::Implementors => lists::implementors_page(d, theme),
        Job::NotFound => lists::not_found_page(d, theme),
        Job::Month(si) => {
            let s = &d.history.snapshots[si];
            Ok(vec![
                month::page(d, theme, si)?,
                OutputFile {
                    path: format!("data/{}.csv", s.month),
                    bytes: data::snapshot_csv(s).into_bytes(),
                    source: format!("the CSV of {}", s.source),
                },
            ])
        }
        Job::Changes(si) => changes::page(d, theme, si),
        Job::Proposal(pi) => proposal::page(d, theme, pi),
        Job::Implementor(ii) => implementor::page(d, theme, ii),
    }
}

/// Renders every file of the site, sorted by path.
pub fn render_site(
    config: &Config,
    history: &History,
    analysis: &Analysis,
    theme: &Theme,
    opts: &RenderOptions,
) -> Result<Vec<OutputFile>, PresentError> {
    let d = SiteData::new(config, history, analysis, &opts.base_url);
    let jobs = jobs(&d);
    let results: Vec<Result<Vec<OutputFile>, PresentError>> = if opts.single_threaded {
        jobs.iter().map(|&j| run(&d, theme, j)).collect()
    } else {
        jobs.par_iter().map(|&j| run(&d, theme, j)).collect()
    };
    let mut files = Vec::new();
    for r in results {
        files.extend(r?);
    }
    // history.csv is the month CSVs (already rendered, in month order) without their headers.
    let mut csv = data::CSV_HEADER.as_bytes().to_vec();
    for f in files
        .iter()
        .filter(|f| f.path.starts_with("data/") && f.path.ends_with(".csv"))
    {
        csv.extend_from_slice(&f.bytes[data::CSV_HEADER.len().min(f.bytes.len())..]);
    }
    files.push(OutputFile {
        path: "data/history.csv".into(),
        bytes: csv,
        source: "the history CSV".into(),
    });
    let page_paths: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with("index.html"))
        .map(|f| f.path.trim_end_matches("index.html").to_string())
        .collect();
    files.push(feed::sitemap(&d, theme, &page_paths)?);
    files.push(feed::robots(&d, theme)?);
    files.push(OutputFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
        source: ".nojekyll".into(),
    });
    for (name, bytes) in &theme.static_files {
        files.push(OutputFile {
            path: format!("static/{name}"),
            bytes: bytes.clone(),
            source: format!("the theme's static file {name}"),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
