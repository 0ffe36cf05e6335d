//! `statusgen import gateway-conformance SOURCE`, `statusgen import git-history FILE --repo
//! REPO` and `statusgen import csv FILE`: build
//! snapshots from another source, then write them (or, with `--dry-run`, say what would change).

use super::{EXIT_CONTENT, EXIT_OK};
use crate::config::Config;
use crate::import::ImportError;
use crate::import::gateway::{self, MonthRange};
use crate::import::generated::{self, Action};
use crate::import::settings::ImportConfig;
use crate::model::Month;
use std::io::Write;
use std::path::Path;

/// Options of `import gateway-conformance` and `import git-history`.
#[derive(Debug, Clone, Default)]
pub struct GatewayArgs {
    pub since: Option<Month>,
    pub until: Option<Month>,
    pub rewrite_past: bool,
    pub dry_run: bool,
    /// `--items`: overrides `import.gateway_conformance.items`.
    pub items: Option<crate::import::settings::ImportItems>,
}

fn fail(err: &mut dyn Write, e: &ImportError) -> i32 {
    let _ = writeln!(err, "statusgen import: {e}");
    e.exit_code()
}

fn load_config(root: &Path, err: &mut dyn Write) -> Result<Config, i32> {
    Config::load(root).map_err(|d| {
        super::report(root, &d, err);
        EXIT_CONTENT
    })
}

pub fn gateway_conformance(
    root: &Path,
    source: &Path,
    args: &GatewayArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let config = match load_config(root, err) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut section = match ImportConfig::load(root) {
        Ok(s) => s,
        Err(d) => {
            super::report(root, &d, err);
            return EXIT_CONTENT;
        }
    };
    if let (Some(items), Some(gc)) = (args.items, section.gateway_conformance.as_mut()) {
        gc.items = items;
    }
    let range = MonthRange {
        since: args.since,
        until: args.until,
    };
    match gateway::import(source, &config, &section, range) {
        Ok(imported) => apply(root, &imported, args, out, err),
        Err(e) => fail(err, &e),
    }
}

/// `import git-history FILE --repo REPO`: the months of one file's history.
pub fn git_history(
    root: &Path,
    repo: &Path,
    file: &str,
    args: &GatewayArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let range = MonthRange {
        since: args.since,
        until: args.until,
    };
    let config = match load_config(root, err) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match crate::import::history::import(repo, file, range, config.limits.snapshot_bytes()) {
        Ok(imported) => apply(root, &imported, args, out, err),
        Err(e) => fail(err, &e),
    }
}

pub fn csv(root: &Path, file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let config = match load_config(root, err) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let text = match std::fs::read(file) {
        Ok(b) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(_) => {
                let e = ImportError::Input(format!("{} is not UTF-8 text", file.display()));
                return fail(err, &e);
            }
        },
        Err(e) => {
            return fail(
                err,
                &ImportError::Io(crate::error::IoError::new("cannot read", file, e)),
            );
        }
    };
    let files = match crate::import::csv::import(&text, &file.display().to_string(), &config) {
        Ok(f) => f,
        Err(e) => return fail(err, &e),
    };
    // Every month of the CSV is written as given: no month is "past" for a CSV.
    let last = files.iter().map(|f| f.month).max();
    match last {
        Some(head_month) => {
            let imported = gateway::Imported {
                files,
                head_month,
                notes: Vec::new(),
            };
            let args = GatewayArgs {
                since: None,
                until: None,
                rewrite_past: true,
                dry_run: false,
                items: None,
            };
            apply(root, &imported, &args, out, err)
        }
        None => {
            let _ = writeln!(out, "no rows in {}; nothing written", file.display());
            EXIT_OK
        }
    }
}

fn apply(
    root: &Path,
    imported: &gateway::Imported,
    args: &GatewayArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    for n in &imported.notes {
        let _ = writeln!(err, "warning: {}", crate::import::printable(n));
    }
    let (files, dry_run) = (&imported.files, args.dry_run);
    let actions = match generated::plan(root, files, imported.head_month, args.rewrite_past) {
        Ok(a) => a,
        Err(e) => return fail(err, &e),
    };
    let (mut created, mut updated, mut unchanged, mut kept) = (0, 0, 0, 0);
    for (f, a) in files.iter().zip(&actions) {
        let verb = match a {
            Action::Create => {
                created += 1;
                "create"
            }
            Action::Update => {
                updated += 1;
                "update"
            }
            Action::Unchanged => {
                unchanged += 1;
                continue;
            }
            Action::KeptPast => {
                kept += 1;
                let _ = writeln!(
                    out,
                    "keep   {} (a past month; the import differs: --rewrite-past rewrites it)",
                    f.rel
                );
                continue;
            }
        };
        if dry_run {
            let _ = writeln!(out, "would {verb} {}", f.rel);
            continue;
        }
        if let Err(e) = generated::write_atomic(&root.join(&f.rel), f.text.as_bytes()) {
            return fail(
                err,
                &ImportError::Io(crate::error::IoError::new("cannot write", &f.rel, e)),
            );
        }
        let _ = writeln!(out, "{verb} {}", f.rel);
    }
    let _ = writeln!(
        out,
        "{} month(s): {created} created, {updated} updated, {unchanged} unchanged, {kept} past month(s) kept{}",
        files.len(),
        if dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    EXIT_OK
}
