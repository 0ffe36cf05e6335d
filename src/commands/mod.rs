//! Command front ends: each turns arguments into library calls, prints, and returns an exit code
//! (0 ok, 1 content errors, 2 usage or I/O errors). The binary only parses arguments.

pub mod build;
pub mod check;
pub mod diff;
pub mod export;
pub mod fmt;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;

use std::io::Write;

pub use crate::error::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE};

/// Prints diagnostics to stderr in human form; returns whether any is an error.
pub fn report(diags: &crate::diag::Diagnostics, err: &mut dyn Write) -> bool {
    let _ = err.write_all(crate::diag::render(diags, crate::diag::Format::Human).as_bytes());
    diags.has_errors()
}

/// Reads the site under `root`; an unreadable content directory is reported and becomes
/// `Err(EXIT_USAGE)`. Content problems stay in the site's diagnostics.
pub fn read_site(root: &std::path::Path, err: &mut dyn Write) -> Result<crate::site::Site, i32> {
    crate::pipeline::read_site(root).map_err(|e| {
        let _ = writeln!(err, "statusgen: {e}");
        EXIT_USAGE
    })
}
