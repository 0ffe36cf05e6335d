//! `statusgen import csv FILE`: the inverse of `statusgen export --format csv`. Each date of the
//! long CSV (`date,implementor,proposal,title,status,compliance,code`) becomes one snapshot
//! `content/YYYY-MM.md`, proposals and implementors in the order they first appear, so that
//! export → import → export gives the same CSV.

use crate::config::Config;
use crate::csv_format::CSV_HEADER;
use crate::csv_format::csv_unmark;
use crate::import::ImportError;
use crate::import::generated::{FrontMatter, Generated, escape_markdown, finish};
use crate::model::Month;

/// The `generator:` front matter value of the files this importer writes.
pub const GENERATOR: &str = "statusgen import csv";

/// Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into records, each with
/// its 1-based starting line.
pub fn parse_csv(text: &str) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => in_quotes = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push((record_line, std::mem::take(&mut record)));
                line += 1;
                record_line = line;
                any = false;
            }
            c => field.push(c),
        }
    }
    if in_quotes {
        return Err(ImportError::Input(format!(
            "line {record_line}: a quoted field is not closed"
        )));
    }
    if any {
        record.push(field);
        records.push((record_line, record));
    }
    Ok(records)
}

struct Column {
    number: u32,
    title: String,
    status: String,
    compliance: String,
}

struct Month1 {
    month: Month,
    columns: Vec<Column>,
    rows: Vec<(String, Vec<String>)>,
    seen: std::collections::HashSet<(usize, usize)>,
    /// Column and row of each proposal number and implementor name met, so a long CSV is read
    /// in one pass instead of a scan of the month per line.
    column_of: std::collections::HashMap<u32, usize>,
    row_of: std::collections::HashMap<String, usize>,
}

/// Builds one snapshot per date of `text` (a CSV as `export --format csv` writes it).
pub fn import(text: &str, file: &str, config: &Config) -> Result<Vec<Generated>, ImportError> {
    let text = crate::text::strip_bom(text);
    let records = parse_csv(text)?;
    let header: Vec<&str> = CSV_HEADER.trim_end().split(',').collect();
    match records.first() {
        Some((_, h)) if h.iter().map(String::as_str).eq(header.iter().copied()) => {}
        _ => {
            return Err(ImportError::Input(format!(
                "{file}:1: the first line must be the header `{}`, as `statusgen export --format csv` writes it",
                CSV_HEADER.trim_end()
            )));
        }
    }
    let mut months: Vec<Month1> = Vec::new();
    for (line, rec) in records.iter().skip(1) {
        let at = |msg: String| ImportError::Input(format!("{file}:{line}: {msg}"));
        if rec.len() == 1 && rec[0].is_empty() {
            continue;
        }
        let [date, name, number, title, status, compliance, code] = rec.as_slice() else {
            return Err(at(format!("expected 7 fields, found {}", rec.len())));
        };
        // The export marks a value a spreadsheet could take for a formula with a `'`.
        let [date, name, number, title, status, compliance, code] =
            [date, name, number, title, status, compliance, code].map(|f| csv_unmark(f));
        let month = Month::parse(date)
            .filter(|m| m.to_string() == *date)
            .ok_or_else(|| at(format!("date \"{date}\" is not a month YYYY-MM")))?;
        let number: u32 = number
            .parse()
            .map_err(|_| at(format!("proposal \"{number}\" is not a number")))?;
        if name.trim().is_empty() {
            return Err(at("the implementor is empty".into()));
        }
        if ["status", "compliance"].contains(&name.trim().to_lowercase().as_str()) {
            return Err(at(format!(
                "an implementor named \"{name}\" would read as the {name} row"
            )));
        }
        if config.is_placeholder_row(name) {
            return Err(at(format!(
                "an implementor named \"{name}\" would read as a placeholder row (placeholder_rows in content/site.yaml) and disappear; rename it or change placeholder_rows"
            )));
        }
        let m = match months.iter().position(|m| m.month == month) {
            Some(i) if i + 1 == months.len() => &mut months[i],
            Some(_) => {
                return Err(at(format!(
                    "rows of {month} must be together, as the export writes them"
                )));
            }
            None => {
                months.push(Month1 {
                    month,
                    columns: Vec::new(),
                    rows: Vec::new(),
                    seen: Default::default(),
                    column_of: Default::default(),
                    row_of: Default::default(),
                });
                months.last_mut().expect("just pushed")
            }
        };
        let ci = match m.column_of.get(&number).copied() {
            Some(i) => {
                let c = &m.columns[i];
                if c.title != *title || c.status != *status || c.compliance != *compliance {
                    return Err(at(format!(
                        "proposal {number} has another title, status or compliance than on its first row of {month}"
                    )));
                }
                i
            }
            None => {
                m.columns.push(Column {
                    number,
                    title: title.to_string(),
                    status: status.to_string(),
                    compliance: compliance.to_string(),
                });
                m.column_of.insert(number, m.columns.len() - 1);
                m.columns.len() - 1
            }
        };
        let ri = match m.row_of.get(name).copied() {
            Some(i) => i,
            None => {
                m.rows.push((name.to_string(), Vec::new()));
                m.row_of.insert(name.to_string(), m.rows.len() - 1);
                m.rows.len() - 1
            }
        };
        if !m.seen.insert((ri, ci)) {
            return Err(at(format!("{name} has proposal {number} twice in {month}")));
        }
        let cells = &mut m.rows[ri].1;
        if cells.len() <= ci {
            cells.resize(ci + 1, String::new());
        }
        cells[ci] = code.to_string();
    }
    months
        .iter()
        .map(|m| {
            let text = render(m, config)?;
            Ok(Generated {
                rel: format!("content/{}.md", m.month),
                month: m.month,
                text,
            })
        })
        .collect()
}

fn render(m: &Month1, config: &Config) -> Result<String, ImportError> {
    let mut header = vec![String::new()];
    header.extend(
        m.columns
            .iter()
            .map(|c| config.example_header(&c.number.to_string(), &escape_markdown(&c.title))),
    );
    let mut lines = vec![
        format!("| {} |", header.join(" | ")),
        format!("|{}|", vec!["---"; header.len()].join("|")),
    ];
    let mut status = vec!["Status".to_string()];
    status.extend(m.columns.iter().map(|c| escape_markdown(&c.status)));
    lines.push(format!("| {} |", status.join(" | ")));
    let mut compliance = vec!["Compliance".to_string()];
    compliance.extend(m.columns.iter().map(|c| escape_markdown(&c.compliance)));
    lines.push(format!("| {} |", compliance.join(" | ")));
    for (name, cells) in &m.rows {
        let mut row = vec![format!("**{}**", escape_markdown(name))];
        let mut cells = cells.clone();
        cells.resize(m.columns.len(), String::new());
        row.extend(cells.iter().map(|c| escape_markdown(c)));
        lines.push(format!("| {} |", row.join(" | ")));
    }
    let body = format!(
        "# Status {}\n\nImported by `{GENERATOR}`.\n\n{}\n",
        m.month.long_name(),
        lines.join("\n")
    );
    finish(
        config,
        m.month,
        &FrontMatter {
            generator: GENERATOR,
            source: None,
            source_commit: None,
            current_releases: None,
        },
        &body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_records() {
        let r = parse_csv("a,\"b,c\",\"d\"\"e\"\r\n\"x\ny\",z\n").unwrap();
        assert_eq!(r[0], (1, vec!["a".into(), "b,c".into(), "d\"e".into()]));
        assert_eq!(r[1], (2, vec!["x\ny".into(), "z".into()]));
        assert!(parse_csv("\"open").is_err());
    }
}
