//! `statusgen export`: the parsed history on stdout, as JSON or long-form CSV.

use super::{EXIT_CONTENT, EXIT_OK, report};
use crate::present::data;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
}

pub fn run(root: &Path, format: ExportFormat, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let site = match super::read_site(root, err) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if report(root, &site.diagnostics, err) {
        return EXIT_CONTENT;
    }
    let text = match format {
        ExportFormat::Json => data::history_json(&site.history, &site.config, true),
        ExportFormat::Csv => data::history_csv(&site.history, &site.config),
    };
    let _ = out.write_all(text.as_bytes());
    EXIT_OK
}
