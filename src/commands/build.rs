//! `statusgen build`: read, check, render, write. Content errors stop the build before anything
//! is written, so the previous output stays as it was.

use super::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE, report};
use crate::present::pages::{RenderOptions, render_site};
use crate::present::theme;
use crate::write::{WriteError, write_output};
use std::io::Write;
use std::path::{Path, PathBuf};

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
}

/// What a build produced.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub files: usize,
    pub pages: usize,
    pub bytes: usize,
}

/// Why a build failed: content problems (exit 1) or usage/I-O (exit 2).
#[derive(Debug)]
pub enum BuildError {
    Content(crate::diag::Diagnostics),
    Usage(String),
}

impl BuildError {
    pub fn message(&self) -> String {
        match self {
            BuildError::Content(d) => crate::diag::render(d, crate::diag::Format::Human),
            BuildError::Usage(s) => s.clone(),
        }
    }
}

/// Builds the site; warnings are returned with the report.
pub fn build(args: &BuildArgs) -> Result<(BuildReport, crate::diag::Diagnostics), BuildError> {
    if let Some(b) = &args.base_url {
        crate::config::vet_url(b).map_err(|why| BuildError::Usage(format!("--base-url: {why}")))?;
    }
    let site = crate::site::read_site(&args.root).map_err(|e| BuildError::Usage(e.to_string()))?;
    if site.diagnostics.has_errors() {
        return Err(BuildError::Content(site.diagnostics));
    }
    let theme = theme::load(&args.root, &site.config.theme)
        .map_err(|e| BuildError::Content(e.diagnostics()))?;
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| site.config.base_url.clone());
    let opts = RenderOptions {
        base_url,
        single_threaded: args.single_threaded,
    };
    let files =
        render_site(&site.config, &site.history, &theme, &opts).map_err(BuildError::Usage)?;
    let output = output_dir(args);
    write_output(&output, &files, args.force).map_err(|e| match e {
        WriteError::NotOurs(s) | WriteError::Clash(s) | WriteError::Busy(s) | WriteError::Io(s) => {
            BuildError::Usage(s)
        }
    })?;
    let report = BuildReport {
        files: files.len(),
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        bytes: files.iter().map(|f| f.bytes.len()).sum(),
    };
    Ok((report, site.diagnostics))
}

pub fn output_dir(args: &BuildArgs) -> PathBuf {
    args.output
        .clone()
        .unwrap_or_else(|| args.root.join("output"))
}

pub fn run(args: &BuildArgs, err: &mut dyn Write) -> i32 {
    let start = std::time::Instant::now();
    match build(args) {
        Ok((r, warnings)) => {
            report(&warnings, err);
            let _ = writeln!(
                err,
                "built {} pages ({} files, {} KB) into {} in {} ms",
                r.pages,
                r.files,
                r.bytes / 1024,
                display(&output_dir(args)),
                start.elapsed().as_millis()
            );
            EXIT_OK
        }
        Err(BuildError::Content(d)) => {
            report(&d, err);
            let _ = writeln!(
                err,
                "build failed: fix the errors above; the previous output is untouched"
            );
            EXIT_CONTENT
        }
        Err(BuildError::Usage(s)) => {
            let _ = writeln!(err, "statusgen: {s}");
            EXIT_USAGE
        }
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
