//! Data files: the public export format (`statusgen export`, `/data/history.json`) and the long
//! CSV form (`/data/history.csv`, one CSV per month). Documented in the README; other tools read it.

use crate::config::Config;
use crate::model::{History, Snapshot};
use serde_json::{Map, Value, json};

/// One snapshot in the export schema.
pub fn snapshot_json(s: &Snapshot, config: &Config) -> Value {
    let proposals: Vec<Value> = s
        .proposals
        .iter()
        .map(|p| {
            json!({
                "number": p.number,
                "id": config.proposal_id(p.number),
                "title": p.title,
                "status": p.status,
                "compliance": p.compliance,
            })
        })
        .collect();
    let implementors: Vec<Value> = s
        .implementors
        .iter()
        .map(|i| {
            let mut cells = Map::new();
            for (p, code) in s.proposals.iter().zip(&i.cells) {
                cells.insert(p.number.to_string(), Value::String(code.clone()));
            }
            json!({ "name": i.name, "cells": cells })
        })
        .collect();
    json!({
        "date": s.month.to_string(),
        "title": s.title,
        "source": s.source,
        "proposals": proposals,
        "implementors": implementors,
    })
}

/// The whole history as pretty JSON, newline-terminated.
pub fn history_json(history: &History, config: &Config) -> String {
    let snapshots: Vec<Value> = history
        .snapshots
        .iter()
        .map(|s| snapshot_json(s, config))
        .collect();
    let mut out =
        serde_json::to_string_pretty(&json!({ "snapshots": snapshots })).unwrap_or_default();
    out.push('\n');
    out
}

pub const CSV_HEADER: &str = "date,implementor,proposal,title,status,compliance,code\n";

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Appends one snapshot's rows in long form.
pub fn snapshot_csv_rows(s: &Snapshot, out: &mut String) {
    for i in &s.implementors {
        for (p, code) in s.proposals.iter().zip(&i.cells) {
            let fields = [
                s.month.to_string(),
                i.name.clone(),
                p.number.to_string(),
                p.title.clone(),
                p.status.clone(),
                p.compliance.clone(),
                code.clone(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
    }
}

/// The CSV of one snapshot, header included.
pub fn snapshot_csv(s: &Snapshot) -> String {
    let mut out = CSV_HEADER.to_string();
    snapshot_csv_rows(s, &mut out);
    out
}

/// The CSV of the whole history, header included.
pub fn history_csv(history: &History) -> String {
    let mut out = CSV_HEADER.to_string();
    for s in &history.snapshots {
        snapshot_csv_rows(s, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("a"), "a");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
