//! `statusgen fmt [--check] [FILES…]`: rewrite each snapshot's matrix table in canonical form
//! (see [`crate::authoring::fmt`]); with no FILES, every snapshot under ROOT/content. Prints each file
//! changed (with `--check`: each file that would change, changing nothing). Exit 1 when a file
//! cannot be formatted or, with `--check`, when any file would change; 2 on I/O errors.

use super::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE, report};
use crate::authoring::fmt as format;
use crate::config::Config;
use crate::load;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(
    root: &Path,
    files: &[PathBuf],
    check: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let config = match Config::load(root) {
        Ok(c) => c,
        Err(d) => {
            report(root, &d, err);
            return EXIT_CONTENT;
        }
    };
    let paths: Vec<PathBuf> = if files.is_empty() {
        match load::discover(&root.join("content")) {
            Ok(p) => p,
            Err(e) => {
                let _ = writeln!(err, "statusgen: {e}");
                return EXIT_USAGE;
            }
        }
    } else {
        files.to_vec()
    };
    let (mut changed, mut refused, mut io_failed) = (0, 0, 0);
    for path in &paths {
        let rel = match path.strip_prefix(root) {
            Ok(_) => crate::confine::display_path(root, path),
            Err(_) => path.to_string_lossy().into_owned(),
        };
        let mut d = crate::diag::Diagnostics::default();
        let Some(bytes) = load::read_bytes(path, &rel, config.limits.snapshot_bytes(), &mut d)
        else {
            report(root, &d, err);
            io_failed += 1;
            continue;
        };
        let formatted = match format::format_bytes(&bytes, &rel, &config) {
            Ok(f) => f,
            Err(d) => {
                report(root, &d, err);
                let _ = writeln!(err, "statusgen: {rel} not formatted");
                refused += 1;
                continue;
            }
        };
        if !formatted.changed {
            continue;
        }
        if !check && let Err(e) = crate::write::replace_file(path, &formatted.bytes) {
            let _ = writeln!(err, "statusgen: cannot write {rel}: {e}");
            io_failed += 1;
            continue;
        }
        let _ = writeln!(out, "{rel}");
        changed += 1;
    }
    let verb = if check {
        "would reformat"
    } else {
        "reformatted"
    };
    let _ = writeln!(
        err,
        "{verb} {changed} of {} file(s){}",
        paths.len(),
        if refused > 0 {
            format!("; {refused} not formatted")
        } else {
            String::new()
        }
    );
    if io_failed > 0 {
        EXIT_USAGE
    } else if refused > 0 || (check && changed > 0) {
        EXIT_CONTENT
    } else {
        EXIT_OK
    }
}
