//! Data files: the public export format (`statusgen export`, `/data/history.json`) and the long
//! CSV form (`/data/history.csv`, one CSV per month). Documented in the README; other tools read it.

use crate::config::Config;
use crate::model::{History, Implementor, Proposal, Snapshot};
use serde::Serialize;
use serde::ser::SerializeMap;

#[derive(Serialize)]
struct ExportDoc<'a> {
    snapshots: Vec<ExportSnapshot<'a>>,
}

#[derive(Serialize)]
struct ExportSnapshot<'a> {
    date: String,
    title: &'a str,
    source: &'a str,
    proposals: Vec<ExportProposal<'a>>,
    implementors: Vec<ExportImplementor<'a>>,
}

#[derive(Serialize)]
struct ExportProposal<'a> {
    number: u32,
    id: String,
    title: &'a str,
    status: &'a str,
    compliance: &'a str,
}

#[derive(Serialize)]
struct ExportImplementor<'a> {
    name: &'a str,
    cells: Cells<'a>,
    /// Evidence links of the cells written as links, by proposal number; absent when none.
    #[serde(skip_serializing_if = "Links::is_empty")]
    links: Links<'a>,
}

/// An implementor's evidence links as a map from proposal number to URL, in table order,
/// only for cells that have one.
struct Links<'a> {
    proposals: &'a [Proposal],
    implementor: &'a Implementor,
}

impl Links<'_> {
    fn is_empty(&self) -> bool {
        self.implementor.links.iter().all(String::is_empty)
    }
}

impl Serialize for Links<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (p, url) in self.proposals.iter().zip(&self.implementor.links) {
            if !url.is_empty() {
                m.serialize_entry(&p.number.to_string(), url)?;
            }
        }
        m.end()
    }
}

/// An implementor's cells as a map from proposal number to code, in table order.
struct Cells<'a> {
    proposals: &'a [Proposal],
    implementor: &'a Implementor,
}

impl Serialize for Cells<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.proposals.len()))?;
        for (p, code) in self.proposals.iter().zip(&self.implementor.cells) {
            m.serialize_entry(&p.number.to_string(), code)?;
        }
        m.end()
    }
}

fn export_snapshot<'a>(s: &'a Snapshot, config: &Config) -> ExportSnapshot<'a> {
    ExportSnapshot {
        date: s.month.to_string(),
        title: &s.title,
        source: &s.source,
        proposals: s
            .proposals
            .iter()
            .map(|p| ExportProposal {
                number: p.number,
                id: config.proposal_id(p.number),
                title: &p.title,
                status: &p.status,
                compliance: &p.compliance,
            })
            .collect(),
        implementors: s
            .implementors
            .iter()
            .map(|i| ExportImplementor {
                name: &i.name,
                cells: Cells {
                    proposals: &s.proposals,
                    implementor: i,
                },
                links: Links {
                    proposals: &s.proposals,
                    implementor: i,
                },
            })
            .collect(),
    }
}

/// The whole history as JSON, newline-terminated: pretty for people (`export`), compact for the
/// site's download. Snapshots in date order, proposals and implementors in table order.
pub fn history_json(history: &History, config: &Config, pretty: bool) -> String {
    let doc = ExportDoc {
        snapshots: history
            .snapshots
            .iter()
            .map(|s| export_snapshot(s, config))
            .collect(),
    };
    let mut out = if pretty {
        serde_json::to_string_pretty(&doc)
    } else {
        serde_json::to_string(&doc)
    }
    .unwrap_or_default();
    out.push('\n');
    out
}

pub const CSV_HEADER: &str = "date,implementor,proposal,title,status,compliance,code\n";

/// Appends a CSV field, quoted when it needs it (RFC 4180).
fn push_csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// Quotes a CSV field when it needs it.
pub fn csv_field(s: &str) -> String {
    let mut out = String::new();
    push_csv_field(&mut out, s);
    out
}

/// Appends one snapshot's rows in long form (no header).
pub fn snapshot_csv_rows(s: &Snapshot, out: &mut String) {
    let date = s.month.to_string();
    // The proposal part of each row (number, title, status, compliance) once per column.
    let columns: Vec<String> = s
        .proposals
        .iter()
        .map(|p| {
            let mut c = p.number.to_string();
            for f in [&p.title, &p.status, &p.compliance] {
                c.push(',');
                push_csv_field(&mut c, f);
            }
            c
        })
        .collect();
    for i in &s.implementors {
        let mut name = String::new();
        push_csv_field(&mut name, &i.name);
        for (col, code) in columns.iter().zip(&i.cells) {
            out.push_str(&date);
            out.push(',');
            out.push_str(&name);
            out.push(',');
            out.push_str(col);
            out.push(',');
            push_csv_field(out, code);
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
