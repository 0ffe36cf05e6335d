//! The read side of the pipeline in one call: config → load → parse → identity checks. Every
//! command that needs the history (check, build, export, diff, serve) starts here.

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::load;
use crate::model::History;
use crate::parse;
use rayon::prelude::*;
use std::path::Path;

/// A site as read from disk: its configuration, its history and every problem found.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub history: History,
    pub diagnostics: Diagnostics,
}

/// An I/O failure that is not about the content (exit code 2).
#[derive(Debug)]
pub struct IoError(pub String);

impl std::fmt::Display for IoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads `root/content`. Content problems are diagnostics; only an unreadable content directory
/// is an `IoError`.
pub fn read_site(root: &Path) -> Result<Site, IoError> {
    let mut diagnostics = Diagnostics::default();
    let config = match Config::load(root) {
        Ok(c) => c,
        Err(d) => {
            diagnostics.extend(d);
            Config::default()
        }
    };
    let content = root.join("content");
    // A pull request can turn content/ into a symlink: nothing outside the root is read.
    if let (Ok(r), Ok(c)) = (root.canonicalize(), content.canonicalize())
        && !c.starts_with(&r)
    {
        return Err(IoError(format!(
            "{} leads outside the site root (a symlink to {}); refusing to read it",
            content.display(),
            c.display()
        )));
    }
    let files = load::discover(&content).map_err(|e| IoError(e.to_string()))?;
    // Files are read and parsed in parallel; their diagnostics are merged in file order.
    let parsed: Vec<(Option<crate::model::Snapshot>, Diagnostics)> = files
        .par_iter()
        .map(|path| {
            let mut d = Diagnostics::default();
            let rel = load::display_path(root, path);
            let snap = load::read_source(path, &rel, config.limits.snapshot_bytes(), &mut d)
                .and_then(|src| parse::parse_snapshot(&src, &config, &mut d));
            (snap, d)
        })
        .collect();
    let mut snapshots = Vec::with_capacity(parsed.len());
    for (snap, d) in parsed {
        diagnostics.extend(d);
        snapshots.extend(snap);
    }
    snapshots.sort_by(|a, b| a.month.cmp(&b.month).then_with(|| a.source.cmp(&b.source)));
    let mut unique: Vec<crate::model::Snapshot> = Vec::with_capacity(snapshots.len());
    for s in snapshots {
        if let Some(prev) = unique.last()
            && prev.month == s.month
        {
            diagnostics.error(
                &s.source,
                1,
                1,
                format!(
                    "two files for month {}: {} and {}; keep one file per month",
                    s.month, prev.source, s.source
                ),
            );
            continue;
        }
        unique.push(s);
    }
    crate::analyse::identity::check_identity(&unique, &config, &mut diagnostics);
    diagnostics.sort();
    Ok(Site {
        config,
        history: History { snapshots: unique },
        diagnostics,
    })
}
