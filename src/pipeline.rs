//! The one build: [`read`] → [`analyse`] → [`present`] → [`write`](fn@write), each a function with typed
//! input and output, run in order by one function, [`Incremental::run`]
//! (`pipeline/incremental.rs`). `statusgen build` calls [`build`] (that sequence once with
//! nothing cached, then the writer), `statusgen check` calls [`check`] (the same sequence, each
//! page dropped once rendered, nothing written), the preview server keeps an [`Incremental`],
//! which keeps what one render found for the next and does again only what a change reaches,
//! and the tests call any of them.
//!
//! Content errors stop the pipeline after reading, before anything is rendered or written, so
//! the previous output stays as it was.

mod incremental;

pub use incremental::{Incremental, Update};

use crate::analyse::Analysis;
use crate::analyse::change::Structure;
use crate::diag::Diagnostics;
use crate::error::{EXIT_CONTENT, EXIT_USAGE};
use crate::model::History;
use crate::present::context::SiteData;
use crate::present::error::PresentError;
use crate::present::jobs::{JobFiles, RenderOptions, Sink, SiteFiles};
use crate::present::theme::Theme;
use crate::site::Site;
use crate::write::OutputFile;
use std::fmt;
use std::path::{Path, PathBuf};

/// A build that did not produce a site.
#[derive(Debug)]
pub enum BuildError {
    /// The content has errors; nothing was rendered.
    Content(Diagnostics),
    /// A bad argument (such as `--base-url`).
    Usage(String),
    /// The content directory could not be read (its `io::Error` kept as the source).
    Read(crate::site::ReadError),
    /// The theme could not be loaded or compiled (a content error at a theme file's line).
    Theme(crate::present::theme::ThemeError),
    /// A page, chart or feed could not be rendered.
    Present(PresentError),
    /// The output could not be written.
    Write(crate::write::WriteError),
}

impl BuildError {
    /// The exit code of a command that stopped with this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            // A template that fails while rendering is the theme's (content) fault, as `check`
            // reports it; a chart that cannot be drawn is about the content it draws.
            BuildError::Content(_) | BuildError::Theme(_) | BuildError::Present(_) => EXIT_CONTENT,
            BuildError::Usage(_) | BuildError::Read(_) | BuildError::Write(_) => EXIT_USAGE,
        }
    }

    /// The message a user sees (diagnostics rendered in human form).
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// The error as diagnostics, when it is about a place in the site's files.
    pub fn diagnostics(&self) -> Option<Diagnostics> {
        match self {
            BuildError::Content(d) => Some(d.clone()),
            BuildError::Theme(t) => Some(t.diagnostics()),
            _ => None,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Content(d) => {
                f.write_str(&crate::diag::render(d, crate::diag::Format::Human))
            }
            BuildError::Usage(s) => f.write_str(s),
            BuildError::Read(e) => write!(f, "{e}"),
            BuildError::Theme(t) => write!(f, "{t}"),
            BuildError::Present(e) => write!(f, "{e}"),
            BuildError::Write(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Read(e) => Some(e),
            BuildError::Present(e) => Some(e),
            BuildError::Write(e) => Some(e),
            _ => None,
        }
    }
}

/// What to build: the site root and the options that change the result.
#[derive(Debug, Clone, Default)]
pub struct BuildInput {
    pub root: PathBuf,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
    /// Render pages on one thread (for the determinism test).
    pub single_threaded: bool,
    /// Publish drafts and months after the current one too (`--drafts`; the preview server).
    pub drafts: bool,
}

/// A site rendered in memory: every output file in a fixed order, the base URL it was
/// rendered for, and the warnings found while reading.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub base_url: String,
    pub warnings: Diagnostics,
}

impl Rendered {
    /// HTML pages among the files.
    pub fn pages(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count()
    }

    /// Bytes of all files.
    pub fn bytes(&self) -> usize {
        self.files.iter().map(|f| f.bytes.len()).sum()
    }
}

/// The read stage and the checks across its files: config, `content/` and parse
/// ([`crate::site::read_content`]), then identity and near names across months
/// ([`crate::analyse::identity`]) — every content diagnostic of the site. Only an unreadable
/// content directory is an error.
pub fn read_site(root: &Path) -> Result<Site, crate::site::ReadError> {
    crate::site::read_content(root).map(checked)
}

/// [`read_site`], reusing the parse of every unchanged file in `cache` (the preview server's).
pub fn read_site_cached(
    root: &Path,
    cache: &mut crate::site::ReadCache,
) -> Result<Site, crate::site::ReadError> {
    crate::site::read_content_cached(root, cache).map(checked)
}

/// A read site with the checks across its files added, and a warning at each snapshot a build
/// leaves out (a draft, or a month after the current one).
fn checked(mut site: Site) -> Site {
    crate::analyse::identity::check_identity(
        &site.history.snapshots,
        &site.config,
        &site.nouns,
        &mut site.diagnostics,
    );
    let current = crate::model::Month::current();
    for (i, why) in site.unpublished(current) {
        let s = &site.history.snapshots[i];
        match why {
            crate::site::Unpublished::Draft(pos) => site.diagnostics.warning(
                crate::diag::Rule::Draft,
                &s.source,
                pos.line,
                pos.col,
                format!(
                    "{} is a draft (draft: true): `build` leaves it out unless --drafts; remove the line to publish it",
                    s.month.long_name()
                ),
            ),
            crate::site::Unpublished::Future { current } => site.diagnostics.warning(
                crate::diag::Rule::FutureMonth,
                &s.source,
                1,
                1,
                format!(
                    "{} is after the current month ({}): `build` leaves it out until then unless --drafts",
                    s.month.long_name(),
                    current.long_name()
                ),
            ),
        }
    }
    site.diagnostics.sort();
    site
}

/// Stage 1, read: [`read_site`]. Content errors end the build here.
pub fn read(root: &Path) -> Result<Site, BuildError> {
    let site = read_site(root).map_err(BuildError::Read)?;
    if site.diagnostics.has_errors() {
        return Err(BuildError::Content(site.diagnostics));
    }
    Ok(site)
}

/// Stage 2, analyse: statistics, indexes and diffs over the history (data only).
pub fn analyse(site: &Site) -> Analysis {
    crate::analyse::analyse(&site.history, &site.config)
}

/// Stage 3, present: every output file of the site, rendered with `theme` by the one job loop
/// ([`crate::present::jobs::render`]); with `previous` (the preview server), only the jobs the
/// change set reaches. Each file goes to `sink` as soon as it is rendered.
pub fn present(
    site: &Site,
    analysis: &Analysis,
    structure: &Structure,
    theme: &Theme,
    opts: &RenderOptions,
    previous: Option<(&JobFiles, &History, &Analysis, &Structure)>,
    sink: Sink,
) -> Result<SiteFiles, BuildError> {
    let d = SiteData::new(
        &site.config,
        &site.nouns,
        &site.history,
        analysis,
        structure,
        &opts.base_url,
    );
    // The previous render had the same configuration and base URL.
    let old = previous.map(|(jobs, history, analysis, structure)| {
        let old = SiteData::new(
            &site.config,
            &site.nouns,
            history,
            analysis,
            structure,
            &opts.base_url,
        );
        (jobs, old)
    });
    crate::present::jobs::render(
        &d,
        theme,
        opts,
        old.as_ref().map(|(jobs, old)| (*jobs, old)),
        sink,
    )
    .map_err(BuildError::Present)
}

/// Read → analyse → present, in memory: the incremental renderer with nothing cached and
/// nothing kept ([`Incremental::run`]).
pub fn render(input: &BuildInput) -> Result<Rendered, BuildError> {
    let update = Incremental::once().run(input, None, Sink::Keep)?;
    Ok(Rendered {
        files: update.files.into_iter().map(OutputFile::from).collect(),
        base_url: update.base_url,
        warnings: update.warnings,
    })
}

/// What `check` runs once the site is read without content errors: the same stages as a build
/// ([`Incremental::run`]), every page rendered and dropped at once ([`Sink::Discard`]), the
/// paths checked as the writer checks them; nothing is written.
pub fn check(root: &Path, site: Site) -> Result<(), BuildError> {
    // Drafts too: whatever `build --drafts` would refuse, `check` refuses.
    let input = BuildInput {
        root: root.to_path_buf(),
        drafts: true,
        ..Default::default()
    };
    let update = Incremental::once().run(&input, Some(site), Sink::Discard)?;
    crate::write::check_paths(
        update
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.source.as_str())),
    )
    .map_err(BuildError::Write)
}

/// Stage 4, write: the rendered files into `output` through the one writer.
pub fn write(output: &Path, rendered: &Rendered, force: bool) -> Result<(), BuildError> {
    crate::write::write_output(output, &rendered.files, force).map_err(BuildError::Write)
}

/// The whole build: read → analyse → present → write.
pub fn build(input: &BuildInput, output: &Path, force: bool) -> Result<Rendered, BuildError> {
    let rendered = render(input)?;
    write(output, &rendered, force)?;
    Ok(rendered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_map_to_exit_codes_in_one_place() {
        // (a render failure is a content error, like `check` reports a template that fails)
        let chart = BuildError::Present(PresentError::Chart {
            subject: "GEP-1742".into(),
            source: crate::present::charts::ChartError::LayoutError,
        });
        assert_eq!(chart.exit_code(), EXIT_CONTENT);
        assert_eq!(
            chart.to_string(),
            "the chart of GEP-1742 cannot be drawn: Bad layout"
        );
        // The chain reaches plotters' own error.
        let source = std::error::Error::source(&chart).and_then(std::error::Error::source);
        assert_eq!(source.map(|s| s.to_string()).as_deref(), Some("Bad layout"));
        let render = BuildError::Present(PresentError::Render {
            path: "index.html".into(),
            template: "index.html".into(),
            message: "x".into(),
        });
        assert_eq!(render.exit_code(), EXIT_CONTENT);
        assert_eq!(
            BuildError::Content(Diagnostics::default()).exit_code(),
            EXIT_CONTENT
        );
        assert_eq!(
            BuildError::Read(crate::site::ReadError::Refused("no content/".into())).exit_code(),
            EXIT_USAGE
        );
        assert_eq!(
            BuildError::Usage("--base-url".into()).exit_code(),
            EXIT_USAGE
        );
    }

    #[test]
    fn content_errors_stop_before_rendering() {
        let dir = std::env::temp_dir().join(format!("statusgen-pipeline-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content")).unwrap();
        std::fs::write(dir.join("content/2024-01.md"), "no table here\n").unwrap();
        let input = BuildInput {
            root: dir.clone(),
            ..Default::default()
        };
        let e = render(&input).unwrap_err();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(matches!(e, BuildError::Content(_)), "{e}");
        assert_eq!(e.exit_code(), EXIT_CONTENT);
    }
}
