//! `statusgen export`: the parsed history on stdout, as JSON or long-form CSV.

use super::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE, report};
use crate::present::data;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
}

pub fn run(root: &Path, format: ExportFormat, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let site = match crate::site::read_site(root) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(err, "statusgen: {e}");
            return EXIT_USAGE;
        }
    };
    if report(&site.diagnostics, err) {
        return EXIT_CONTENT;
    }
    let text = match format {
        ExportFormat::Json => data::history_json(&site.history, &site.config, true),
        ExportFormat::Csv => data::history_csv(&site.history),
    };
    let _ = out.write_all(text.as_bytes());
    EXIT_OK
}
