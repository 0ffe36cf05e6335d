//! `statusgen diff [FROM] [TO]`: what changed between two snapshots, named by month or by file
//! path (so a pull-request job can compare a file with its version on the base branch). Defaults
//! to the last two months of the site.

use super::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE, report};
use crate::analyse::diff::diff;
use crate::diag::Diagnostics;
use crate::model::{Month, Snapshot};
use crate::present::diffs;
use crate::site::Site;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

/// Finds a snapshot by month (`2024-03`) in the site, or reads it from a file path.
fn resolve(spec: &str, site: &Site, diags: &mut Diagnostics) -> Result<Snapshot, String> {
    if let Some(m) = Month::parse(spec)
        && !Path::new(spec).exists()
    {
        return site
            .history
            .get(m)
            .cloned()
            .ok_or_else(|| format!("no snapshot for {m}; months available: {}", months(site)));
    }
    let path = Path::new(spec);
    if !path.is_file() {
        return Err(format!(
            "\"{spec}\" is neither a month (YYYY-MM) of this site nor a snapshot file"
        ));
    }
    let src = crate::load::read_source(path, spec, site.config.limits.snapshot_bytes(), diags)
        .ok_or_else(|| format!("cannot read snapshot {spec}"))?;
    crate::parse::parse_snapshot(&src, &site.config, &site.nouns, diags)
        .ok_or_else(|| format!("{spec} has no matrix table"))
}

fn months(site: &Site) -> String {
    site.history
        .snapshots
        .iter()
        .map(|s| s.month.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn run(
    root: &Path,
    from: Option<&str>,
    to: Option<&str>,
    format: DiffFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let site = match super::read_site(root, err) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut diags = Diagnostics::default();
    let snaps = &site.history.snapshots;
    let pair = match (from, to) {
        (None, None) => {
            if snaps.len() < 2 {
                let _ = writeln!(
                    err,
                    "statusgen: diff needs two snapshots; this site has {}",
                    snaps.len()
                );
                return EXIT_USAGE;
            }
            Ok((
                snaps[snaps.len() - 2].clone(),
                snaps[snaps.len() - 1].clone(),
            ))
        }
        (Some(f), None) => match snaps.last() {
            Some(last) => resolve(f, &site, &mut diags).map(|a| (a, last.clone())),
            None => Err("the site has no snapshot to compare with".into()),
        },
        (Some(f), Some(t)) => resolve(f, &site, &mut diags)
            .and_then(|a| resolve(t, &site, &mut diags).map(|b| (a, b))),
        (None, Some(_)) => Err("give FROM before TO".into()),
    };
    if report(root, &diags, err) {
        return EXIT_CONTENT;
    }
    let (a, b) = match pair {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "statusgen: {e}");
            return EXIT_USAGE;
        }
    };
    let mut d = diff(&a, &b, &site.config);
    d.skipped = snaps
        .iter()
        .map(|s| s.month)
        .filter(|m| *m > d.from && *m < d.to)
        .collect();
    let text = match format {
        DiffFormat::Text => diffs::text(&d, &site.config, &site.nouns),
        DiffFormat::Markdown => diffs::markdown(&d, &site.config, &site.nouns),
        DiffFormat::Json => diffs::json(&d, &site.config, &site.nouns),
    };
    let _ = out.write_all(text.as_bytes());
    EXIT_OK
}
