//! Data files: the public export format (`statusgen export`, `/data/history.json`) and the long
//! CSV form (`/data/history.csv`, one CSV per month). Documented in the README; other tools read it.

use crate::config::Config;
use crate::csv_format::{CSV_HEADER, push_csv_field};
use crate::model::{History, Implementor, Item, Rank, Snapshot};
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
    /// `current_releases` of the front matter; absent when not written.
    #[serde(skip_serializing_if = "Option::is_none")]
    current_releases: Option<&'a [String]>,
    #[serde(rename = "proposals")]
    items: Vec<ExportItem<'a>>,
    implementors: Vec<ExportImplementor<'a>>,
}

#[derive(Serialize)]
struct ExportItem<'a> {
    /// `null` for an unnumbered item (`matrix: items: all`); its `id` is its slug.
    number: Option<u32>,
    id: String,
    title: &'a str,
    status: &'a str,
    compliance: &'a str,
    /// The section and group of an item of a configured shape; absent when empty.
    #[serde(skip_serializing_if = "str::is_empty")]
    section: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    group: &'a str,
    /// Attribute columns' values (`matrix: attribute_columns`); absent when none.
    #[serde(skip_serializing_if = "Attributes::is_empty")]
    attributes: Attributes<'a>,
}

/// An item's (or an implementor's) attributes as a map from column name to value, in column
/// order.
struct Attributes<'a>(&'a [(String, String)]);

impl Attributes<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Attributes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct ExportImplementor<'a> {
    name: &'a str,
    /// Implementor attribute values (`implementors: attributes:`); absent when none are
    /// configured.
    #[serde(skip_serializing_if = "Attributes::is_empty")]
    attributes: Attributes<'a>,
    /// Whether the row's evidence is for a current release (counted); present when the site
    /// configures `implementors: release:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<bool>,
    cells: Cells<'a>,
    /// Evidence links of the cells written as links, by proposal number; absent when none.
    #[serde(skip_serializing_if = "Links::is_empty")]
    links: Links<'a>,
    /// With `versions:`, each version cell's `{version, state, note}` by proposal number;
    /// absent when the row holds no version.
    #[serde(skip_serializing_if = "Versions::is_empty")]
    versions: Versions<'a>,
}

/// An implementor's version cells as a map from proposal number to `{version, state, note}`
/// (`note` absent when empty), in table order, only for cells that hold a version.
struct Versions<'a> {
    items: &'a [Item],
    implementor: &'a Implementor,
}

impl Versions<'_> {
    fn is_empty(&self) -> bool {
        self.implementor.cells.iter().all(|c| c.version.is_none())
    }
}

impl Serialize for Versions<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (p, cell) in self.items.iter().zip(&self.implementor.cells) {
            if let Some(v) = cell.version() {
                m.serialize_entry(&p.key.to_string(), v)?;
            }
        }
        m.end()
    }
}

/// An implementor's evidence links as a map from proposal number to URL, in table order,
/// only for cells that have one.
struct Links<'a> {
    items: &'a [Item],
    implementor: &'a Implementor,
}

impl Links<'_> {
    fn is_empty(&self) -> bool {
        self.implementor.cells.iter().all(|c| c.link.is_none())
    }
}

impl Serialize for Links<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (p, cell) in self.items.iter().zip(&self.implementor.cells) {
            if let Some(url) = &cell.link {
                m.serialize_entry(&p.key.to_string(), url)?;
            }
        }
        m.end()
    }
}

/// An implementor's cells as a map from proposal number to code, in table order.
struct Cells<'a> {
    items: &'a [Item],
    implementor: &'a Implementor,
}

impl Serialize for Cells<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (p, cell) in self.items.iter().zip(&self.implementor.cells) {
            // A cell the implementor has no column for (its section's table lacks it) is left
            // out, not written blank.
            if cell.rank != Rank::ABSENT {
                m.serialize_entry(&p.key.to_string(), &cell.code)?;
            }
        }
        m.end()
    }
}

fn export_snapshot<'a>(s: &'a Snapshot, config: &'a Config) -> ExportSnapshot<'a> {
    ExportSnapshot {
        date: s.month.to_string(),
        title: &s.title,
        source: &s.source,
        current_releases: s.current_releases.as_deref(),
        items: s
            .items
            .iter()
            .map(|p| ExportItem {
                number: p.key.number(),
                id: config.item_id(&p.key),
                title: &p.title,
                status: config.stages.code_of(p.status),
                compliance: config.compliance.code_of(p.compliance),
                section: &p.section,
                group: &p.group,
                attributes: Attributes(&p.attributes),
            })
            .collect(),
        implementors: s
            .implementors
            .iter()
            .map(|i| ExportImplementor {
                name: &i.name,
                attributes: Attributes(&i.attributes),
                current: config.implementors.release_index().map(|_| i.counts()),
                cells: Cells {
                    items: &s.items,
                    implementor: i,
                },
                links: Links {
                    items: &s.items,
                    implementor: i,
                },
                versions: Versions {
                    items: &s.items,
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

/// The CSV header of a site: [`CSV_HEADER`], plus a column `group` for a configured shape
/// (`matrix:`), empty for numbered proposals; then one column per implementor attribute
/// (`implementors: attributes:`, named as configured) and `current` (`true` when the row's
/// evidence counts) when the site configures `implementors: release:`.
pub fn csv_header(config: &Config) -> String {
    let mut out = CSV_HEADER.trim_end().to_string();
    if !config.matrix.is_default() {
        out.push_str(",group");
    }
    for a in &config.implementors.attributes {
        out.push(',');
        push_csv_field(&mut out, a.trim());
    }
    if config.implementors.release_index().is_some() {
        out.push_str(",current");
    }
    if config.versions.is_some() {
        out.push_str(",version,state,note");
    }
    out.push('\n');
    out
}

/// What a site's CSV rows carry beyond [`CSV_HEADER`]'s columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvColumns {
    /// The `group` column (a configured shape).
    pub group: bool,
    /// The implementor attribute columns.
    pub attributes: bool,
    /// The `current` column (a release rule).
    pub current: bool,
    /// The `version`, `state` and `note` columns (`versions:`).
    pub versions: bool,
}

impl CsvColumns {
    pub fn of(config: &Config) -> CsvColumns {
        CsvColumns {
            group: !config.matrix.is_default(),
            attributes: !config.implementors.attributes.is_empty(),
            current: config.implementors.release_index().is_some(),
            versions: config.versions.is_some(),
        }
    }
}

/// `,version,state,note` of a cell: empty fields for a cell without a version.
fn push_version_fields(out: &mut String, v: Option<&crate::model::VersionValue>) {
    let Some(v) = v else {
        out.push_str(",,,");
        return;
    };
    out.push(',');
    push_csv_field(out, &v.version.text);
    out.push_str(match v.state {
        crate::model::VersionState::Supported => ",supported,",
        crate::model::VersionState::Forthcoming => ",forthcoming,",
    });
    push_csv_field(out, &v.note);
}

/// Appends one snapshot's rows in long form (no header), with the `extra` columns.
pub fn snapshot_csv_rows(s: &Snapshot, config: &Config, extra: CsvColumns, out: &mut String) {
    let date = s.month.to_string();
    // The proposal part of each row (number, title, status, compliance) once per column.
    let columns: Vec<String> = s
        .items
        .iter()
        .map(|p| {
            let mut c = String::new();
            push_csv_field(&mut c, &p.key.to_string());
            let status = config.stages.code_of(p.status);
            let compliance = config.compliance.code_of(p.compliance);
            for f in [p.title.as_str(), status, compliance] {
                c.push(',');
                push_csv_field(&mut c, f);
            }
            c
        })
        .collect();
    for i in &s.implementors {
        let mut name = String::new();
        push_csv_field(&mut name, &i.name);
        // The row's attributes and evidence, the same on each of its lines.
        let mut tail = String::new();
        if extra.attributes {
            for (_, v) in &i.attributes {
                tail.push(',');
                push_csv_field(&mut tail, v);
            }
        }
        if extra.current {
            tail.push_str(if i.counts() { ",true" } else { ",false" });
        }
        for (k, (col, cell)) in columns.iter().zip(&i.cells).enumerate() {
            if cell.rank == Rank::ABSENT {
                continue;
            }
            out.push_str(&date);
            out.push(',');
            out.push_str(&name);
            out.push(',');
            out.push_str(col);
            out.push(',');
            push_csv_field(out, &cell.code);
            if extra.group {
                out.push(',');
                push_csv_field(out, &s.items[k].group);
            }
            out.push_str(&tail);
            if extra.versions {
                push_version_fields(out, cell.version());
            }
            out.push('\n');
        }
    }
}

/// The CSV of one snapshot, header included.
pub fn snapshot_csv(s: &Snapshot, config: &Config) -> String {
    let mut out = csv_header(config);
    snapshot_csv_rows(s, config, CsvColumns::of(config), &mut out);
    out
}

/// The CSV of the whole history, header included.
pub fn history_csv(history: &History, config: &Config) -> String {
    let mut out = csv_header(config);
    for s in &history.snapshots {
        snapshot_csv_rows(s, config, CsvColumns::of(config), &mut out);
    }
    out
}

/// The site's download of the whole history (`/data/history.json`, issue 26): the export's data
/// without its repetitions. `items` holds each distinct item record (number, id, title, status,
/// compliance, section, group, attributes) once; each snapshot lists its items as indexes into
/// `items`, in table order, and each implementor's `codes` as an array in that order (`null`
/// where the implementor has no column for the item). `statusgen export` writes the long form.
pub fn history_json_compact(history: &History, config: &Config) -> String {
    let mut items: Vec<String> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut snapshots: Vec<String> = Vec::new();
    for s in &history.snapshots {
        let e = export_snapshot(s, config);
        let indexes: Vec<usize> = e
            .items
            .iter()
            .map(|p| {
                let json = serde_json::to_string(p).unwrap_or_default();
                let next = items.len();
                *seen.entry(json.clone()).or_insert_with(|| {
                    items.push(json);
                    next
                })
            })
            .collect();
        let implementors: Vec<CompactImplementor> = s
            .implementors
            .iter()
            .zip(e.implementors)
            .map(|(i, x)| CompactImplementor {
                name: x.name,
                attributes: x.attributes,
                current: x.current,
                codes: i
                    .cells
                    .iter()
                    .map(|c| (c.rank != Rank::ABSENT).then_some(c.code.as_str()))
                    .collect(),
                links: x.links,
                versions: x.versions,
            })
            .collect();
        let snap = CompactSnapshot {
            date: e.date,
            title: e.title,
            source: e.source,
            current_releases: e.current_releases,
            items: indexes,
            implementors,
        };
        snapshots.push(serde_json::to_string(&snap).unwrap_or_default());
    }
    format!(
        "{{\"format\":\"compact-1\",\"items\":[{}],\"snapshots\":[{}]}}\n",
        items.join(","),
        snapshots.join(",")
    )
}

#[derive(Serialize)]
struct CompactSnapshot<'a> {
    date: String,
    title: &'a str,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_releases: Option<&'a [String]>,
    items: Vec<usize>,
    implementors: Vec<CompactImplementor<'a>>,
}

#[derive(Serialize)]
struct CompactImplementor<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Attributes::is_empty")]
    attributes: Attributes<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<bool>,
    codes: Vec<Option<&'a str>>,
    #[serde(skip_serializing_if = "Links::is_empty")]
    links: Links<'a>,
    #[serde(skip_serializing_if = "Versions::is_empty")]
    versions: Versions<'a>,
}

/// The leading columns of a wide CSV: `date,implementor`, then each implementor attribute
/// (named as configured) and `current` when the site configures `implementors: release:`.
fn wide_head(config: &Config, out: &mut String) {
    out.push_str("date,implementor");
    for a in &config.implementors.attributes {
        out.push(',');
        push_csv_field(out, a.trim());
    }
    if config.implementors.release_index().is_some() {
        out.push_str(",current");
    }
}

/// One implementor's row of a wide CSV up to its codes: date, name, attributes, current.
fn wide_row_head(s: &Snapshot, i: &Implementor, extra: CsvColumns, out: &mut String) {
    out.push_str(&s.month.to_string());
    out.push(',');
    push_csv_field(out, &i.name);
    if extra.attributes {
        for (_, v) in &i.attributes {
            out.push(',');
            push_csv_field(out, v);
        }
    }
    if extra.current {
        out.push_str(if i.counts() { ",true" } else { ",false" });
    }
}

/// The CSV of one snapshot in wide form (`/data/2023-11.csv`, issue 26): a header of the
/// leading columns and one column per item (its id, in table order), one row per implementor;
/// a cell holds the code, empty for blank or where the implementor has no column for the item.
pub fn snapshot_csv_wide(s: &Snapshot, config: &Config) -> String {
    let mut out = String::new();
    wide_head(config, &mut out);
    for p in &s.items {
        out.push(',');
        push_csv_field(&mut out, &config.item_id(&p.key));
    }
    out.push('\n');
    let extra = CsvColumns::of(config);
    for i in &s.implementors {
        wide_row_head(s, i, extra, &mut out);
        for c in &i.cells {
            out.push(',');
            if c.rank != Rank::ABSENT {
                push_csv_field(&mut out, &c.code);
            }
        }
        out.push('\n');
    }
    out
}

/// The whole history in wide form (`/data/history.csv`, issue 26): one column per item ever
/// listed (by id, in first-appearance order), one row per month × implementor; a cell is empty
/// for blank, for an item not listed that month, or where the implementor has no column for it.
pub fn history_csv_wide(history: &History, config: &Config) -> String {
    let mut ids: Vec<String> = Vec::new();
    let mut place: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for s in &history.snapshots {
        for p in &s.items {
            let id = config.item_id(&p.key);
            if !place.contains_key(&id) {
                place.insert(id.clone(), ids.len());
                ids.push(id);
            }
        }
    }
    let mut out = String::new();
    wide_head(config, &mut out);
    for id in &ids {
        out.push(',');
        push_csv_field(&mut out, id);
    }
    out.push('\n');
    let extra = CsvColumns::of(config);
    let mut row: Vec<&str> = Vec::new();
    for s in &history.snapshots {
        let cols: Vec<usize> = s
            .items
            .iter()
            .map(|p| place[&config.item_id(&p.key)])
            .collect();
        for i in &s.implementors {
            row.clear();
            row.resize(ids.len(), "");
            for (col, cell) in i.cells.iter().enumerate() {
                if let (true, Some(&c)) = (cell.rank != Rank::ABSENT, cols.get(col)) {
                    row[c] = &cell.code;
                }
            }
            wide_row_head(s, i, extra, &mut out);
            for code in &row {
                out.push(',');
                push_csv_field(&mut out, code);
            }
            out.push('\n');
        }
    }
    out
}
