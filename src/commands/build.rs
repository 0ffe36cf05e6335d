//! `statusgen build`: the [`crate::pipeline`] into the output directory. Content
//! errors stop the build before anything is written, so the previous output stays as it was.

use super::report;
use crate::error::{EXIT_CONTENT, EXIT_OK};
use crate::pipeline::BuildError;
use crate::pipeline::{self, BuildInput};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildArgs {
    pub root: PathBuf,
    /// Defaults to `<root>/output`.
    pub output: Option<PathBuf>,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
    pub force: bool,
    pub single_threaded: bool,
    /// Publish drafts and months after the current one (`--drafts`).
    pub drafts: bool,
}

/// What a build produced.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub files: usize,
    pub pages: usize,
    pub bytes: usize,
    /// Every file written, by its path in the output.
    pub paths: Vec<String>,
    /// The base URL the site was built for ("" when unknown).
    pub base_url: String,
}

/// Builds the site; warnings are returned with the report.
pub fn build(args: &BuildArgs) -> Result<(BuildReport, crate::diag::Diagnostics), BuildError> {
    let input = BuildInput {
        root: args.root.clone(),
        base_url: args.base_url.clone(),
        single_threaded: args.single_threaded,
        drafts: args.drafts,
    };
    let rendered = pipeline::build(&input, &output_dir(args), args.force)?;
    let report = BuildReport {
        files: rendered.files.len(),
        pages: rendered.pages(),
        bytes: rendered.bytes(),
        paths: rendered.files.iter().map(|f| f.path.clone()).collect(),
        base_url: rendered.base_url.clone(),
    };
    Ok((report, rendered.warnings))
}

pub fn output_dir(args: &BuildArgs) -> PathBuf {
    args.output
        .clone()
        .unwrap_or_else(|| args.root.join("output"))
}

pub fn run(args: &BuildArgs, err: &mut dyn Write) -> i32 {
    let start = std::time::Instant::now();
    let ui = super::ui();
    // With --deny-warnings a warning fails the build before anything is written.
    if ui.deny_warnings {
        match pipeline::read_site(&args.root) {
            Ok(site) if !site.diagnostics.is_empty() => {
                report(&args.root, &site.diagnostics, err);
                let _ = writeln!(
                    err,
                    "build failed: warnings are errors (--deny-warnings); the previous output is untouched"
                );
                return EXIT_CONTENT;
            }
            Ok(_) => {}
            Err(e) => {
                let _ = writeln!(err, "statusgen: {e}");
                return BuildError::Read(e).exit_code();
            }
        }
    }
    match build(args) {
        Ok((r, warnings)) => {
            report(&args.root, &warnings, err);
            if ui.quiet {
                return EXIT_OK;
            }
            if r.base_url.is_empty() {
                let _ = writeln!(
                    err,
                    "note: no sitemap.xml: it needs absolute URLs; set base_url in content/site.yaml or pass --base-url"
                );
            }
            if ui.verbose {
                for p in &r.paths {
                    let _ = writeln!(err, "wrote {}", output_dir(args).join(p).display());
                }
            }
            let _ = writeln!(
                err,
                "built {} pages ({} files, {} KB) into {} in {} ms",
                r.pages,
                r.files,
                r.bytes / 1024,
                output_dir(args).display(),
                start.elapsed().as_millis()
            );
            EXIT_OK
        }
        Err(e @ (BuildError::Content(_) | BuildError::Theme(_))) => {
            report(&args.root, &e.diagnostics().unwrap_or_default(), err);
            let _ = writeln!(
                err,
                "build failed: fix the errors above; the previous output is untouched"
            );
            EXIT_CONTENT
        }
        Err(e) => {
            let _ = writeln!(err, "statusgen: {e}");
            e.exit_code()
        }
    }
}
