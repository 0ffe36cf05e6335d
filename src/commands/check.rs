//! `statusgen check`: read everything, print every problem, exit 1 on errors.

use super::{EXIT_CONTENT, EXIT_OK};
use crate::diag::{Format, render};
use std::io::Write;
use std::path::Path;

pub fn run(root: &Path, format: Format, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut site = match super::read_site(root, err) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Whatever `build` would refuse, `check` refuses too: the theme is loaded and compiled.
    if let Err(e) = crate::present::theme::load(root, &site.config.theme) {
        site.diagnostics.extend(e.diagnostics());
        site.diagnostics.sort();
    }
    let text = render(&site.diagnostics, format);
    let _ = out.write_all(text.as_bytes());
    let errors = site.diagnostics.errors().count();
    let warnings = site.diagnostics.items.len() - errors;
    if format == Format::Human {
        let _ = writeln!(
            err,
            "checked {} snapshot(s): {} error(s), {} warning(s)",
            site.history.snapshots.len(),
            errors,
            warnings
        );
    }
    if errors > 0 { EXIT_CONTENT } else { EXIT_OK }
}
