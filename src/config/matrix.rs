//! `matrix:` in `site.yaml`: the shape of a site's tables (orientation, which rows are items,
//! attribute columns, group rows, sections, repeated rows).

use schemars::JsonSchema;
use serde::Deserialize;

/// `matrix: orientation:` — which axis of a table the implementors are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Implementors are the rows, items the columns (the Gateway API tables).
    #[default]
    Rows,
    /// Implementors are the columns, items the rows.
    Columns,
}

/// `matrix: items:` — which headers of the item axis are items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "Items")]
pub enum ItemSelection {
    /// Headers matching `proposals.pattern` (numbered proposals); others are ignored with a warning.
    #[default]
    Headers,
    /// Every header is an item, identified by its section, label and (where the label repeats)
    /// group.
    All,
}

/// `matrix: sections:` — how many matrices a file holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Sections {
    /// One matrix per file: the table with the most implementors.
    #[default]
    One,
    /// One matrix per heading: every table is read, and the heading above it names its section.
    Headings,
}

/// `matrix: sections:` — a kind (`one`, `headings`), or `{ from: headings, identity: false,
/// label: Tier }`: headings name sections that are an attribute of the item, not part of its
/// identity.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SectionsSetting {
    /// `one` or `headings`: headings (with `headings`) are part of each item's identity.
    Kind(Sections),
    /// `{ from, identity, label }`.
    Detailed(SectionsDetail),
}

impl Default for SectionsSetting {
    fn default() -> Self {
        SectionsSetting::Kind(Sections::One)
    }
}

/// `matrix: sections: { from: headings, identity: false, label: Tier }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionsDetail {
    /// `one` or `headings`.
    pub from: Sections,
    /// Whether the section is part of each item's identity (default true). With `false`, an item
    /// keeps its identity and history when it moves to another section or a section is renamed,
    /// and a move is a change of its attribute `label`.
    #[serde(default = "yes")]
    pub identity: bool,
    /// What a section is called on pages and in changes ("Tier"; default "Section").
    #[serde(default)]
    pub label: Option<String>,
}

fn yes() -> bool {
    true
}

impl SectionsSetting {
    /// Where sections come from.
    pub fn kind(&self) -> Sections {
        match self {
            SectionsSetting::Kind(k) => *k,
            SectionsSetting::Detailed(d) => d.from,
        }
    }

    /// Whether an item's section is part of its identity.
    pub fn identity(&self) -> bool {
        match self {
            SectionsSetting::Kind(_) => true,
            SectionsSetting::Detailed(d) => d.identity,
        }
    }

    /// The word for a section ("Section" unless `label:` says otherwise).
    pub fn label(&self) -> &str {
        match self {
            SectionsSetting::Detailed(SectionsDetail { label: Some(l), .. }) => l,
            _ => "Section",
        }
    }
}

/// `matrix: tables:` — which tables of a file can be the matrix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TablesConfig {
    /// Only tables whose first header cell is one of these (any case) are read; other tables
    /// are prose. Empty (default): every table can be.
    pub first_header: Vec<String>,
}

impl TablesConfig {
    /// Whether a table whose first header cell reads `first` can be the matrix.
    pub fn takes(&self, first: &str) -> bool {
        self.first_header.is_empty()
            || self
                .first_header
                .iter()
                .any(|h| h.trim().eq_ignore_ascii_case(first.trim()))
    }
}

/// `matrix:` — the shape of the tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MatrixConfig {
    /// `rows` (default): implementors are rows; `columns`: implementors are columns.
    pub orientation: Orientation,
    /// `headers` (default): headers matching `proposals.pattern`; `all`: every row (or column).
    pub items: ItemSelection,
    /// Headers of the implementor axis that hold an attribute of each item, not an implementor:
    /// a name (a flag: blank or the column's own title) or `{ column, values }`.
    pub attribute_columns: Vec<AttributeColumn>,
    /// Rows whose cells repeat the column titles, or whose label is a link and whose cells are
    /// all blank, start a group of the items below them.
    pub group_rows: bool,
    /// `one` (default) or `headings`: one matrix per heading, the heading naming its section
    /// (part of each item's identity); or `{ from: headings, identity: false, label: Tier }`:
    /// the section is an attribute of the item, shown as `label`.
    pub sections: SectionsSetting,
    /// `{ first_header: [Feature, Driver] }`: only tables whose first header cell is one of
    /// these are read (any case); other tables are prose.
    pub tables: TablesConfig,
    /// `error` (default): two rows with one identity in a file are an error at both lines;
    /// `number`: the later ones are numbered in file order (`…--2`, `…--3`).
    pub duplicate_rows: DuplicateRows,
    /// Text written in item labels that is no part of an item's identity (`["(LTS)", "(ea)"]`,
    /// matched in any case): taken out of the label and kept as the item's attribute
    /// `Annotation`, so `21 (ea)` and `21 (LTS)` are one item, `21`, whose annotation changed
    /// (an "other" change).
    pub label_annotations: Vec<String>,
}

/// The name of the item attribute that holds a label's annotations (`matrix:
/// label_annotations:`).
pub const ANNOTATION: &str = "Annotation";

/// `matrix: duplicate_rows:` — what two rows with the same identity in one file mean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DuplicateRows {
    /// An error at both lines.
    #[default]
    Error,
    /// The second row with an identity becomes `<identity>--2`, the third `--3`, in file order.
    Number,
}

/// One entry of `matrix: attribute_columns:`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AttributeColumn {
    /// A flag column: each cell is blank or the column's own title.
    Flag(String),
    /// A column whose cells are blank, its title, or one of `values`.
    Values(AttributeValues),
}

/// `{ column: Optional, values: [X, "*"] }`, or `{ column: Server, values: any }` for free text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttributeValues {
    /// The column's title.
    pub column: String,
    /// The values a cell may hold besides blank and the title (matched in any case), or `any`:
    /// the cell's text, whatever it is.
    pub values: ValueList,
}

/// `values:` of an attribute column: a list, or `any`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ValueList {
    /// `any`: free text, kept as written (markup removed).
    Any(AnyValue),
    /// The allowed values.
    List(Vec<String>),
}

/// The word `any`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AnyValue {
    Any,
}

impl AttributeColumn {
    /// The column's title as configured.
    pub fn name(&self) -> &str {
        match self {
            AttributeColumn::Flag(n) => n,
            AttributeColumn::Values(v) => &v.column,
        }
    }

    /// The values a cell may hold besides blank and the title.
    pub fn values(&self) -> &[String] {
        match self {
            AttributeColumn::Values(AttributeValues {
                values: ValueList::List(v),
                ..
            }) => v,
            _ => &[],
        }
    }

    /// Whether any text is a value (`values: any`).
    pub fn is_free_text(&self) -> bool {
        matches!(
            self,
            AttributeColumn::Values(AttributeValues {
                values: ValueList::Any(_),
                ..
            })
        )
    }

    /// The canonical spelling of `value` (trimmed, not blank) under this column, if allowed.
    pub fn canonical(&self, value: &str) -> Option<&str> {
        let v = value.trim();
        std::iter::once(self.name())
            .chain(self.values().iter().map(String::as_str))
            .find(|a| a.trim().eq_ignore_ascii_case(v))
            .map(str::trim)
    }
}

impl MatrixConfig {
    /// Whether the tables have the Gateway API shape (no `matrix:` key changes anything).
    pub fn is_default(&self) -> bool {
        *self == MatrixConfig::default()
    }

    /// `label` without the configured annotations written in it (matched in any case, spaces
    /// around each collapsed), and the annotations found, in their configured spelling, in
    /// the order they are written.
    pub fn strip_annotations(&self, label: &str) -> (String, Vec<&str>) {
        if self.label_annotations.is_empty() {
            return (label.to_string(), Vec::new());
        }
        let mut rest = label.to_string();
        let mut found: Vec<(usize, &str)> = Vec::new();
        for a in &self.label_annotations {
            let a = a.trim();
            if a.is_empty() {
                continue;
            }
            // ASCII lower case keeps byte offsets; annotations are matched in any ASCII case.
            while let Some(at) = rest
                .to_ascii_lowercase()
                .find(&a.to_ascii_lowercase())
                .filter(|&at| rest.is_char_boundary(at) && rest.is_char_boundary(at + a.len()))
            {
                found.push((at, a));
                rest.replace_range(at..at + a.len(), &" ".repeat(a.len()));
            }
        }
        if found.is_empty() {
            return (label.to_string(), Vec::new());
        }
        found.sort_by_key(|&(at, _)| at);
        let label = rest.split_whitespace().collect::<Vec<_>>().join(" ");
        (label, found.into_iter().map(|(_, a)| a).collect())
    }

    /// Whether `header` names an attribute column (compared without case).
    pub fn is_attribute(&self, header: &str) -> bool {
        self.attribute(header).is_some()
    }

    /// The attribute column `header` names (compared without case).
    pub fn attribute(&self, header: &str) -> Option<&AttributeColumn> {
        self.attribute_columns
            .iter()
            .find(|a| a.name().trim().eq_ignore_ascii_case(header.trim()))
    }
}
