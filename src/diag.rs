//! Diagnostics: every problem found in user input, with the file, line and column it sits at,
//! a severity and a message that says what is allowed instead. The loader, parser and analysis
//! push into a [`Diagnostics`] list; commands print it in one of three formats (human, GitHub
//! workflow annotations, JSON) and derive the exit code from it.

use serde::Serialize;
use std::fmt;

mod snippet;
pub use snippet::{SnippetStyle, render_snippets};

/// How bad a problem is: errors fail `check` and `build`, warnings are only shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// What kind of problem a diagnostic is: a stable id, shown in every output form (`error[unknown-code]`
/// on a terminal, `title=` in a GitHub annotation, `"rule"` in JSON), so editors, scripts and
/// people can refer to it. Ids are never renamed; new kinds get new ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// content/site.yaml holds a value it cannot use.
    Config,
    /// content/site.yaml has a key no setting has.
    ConfigUnknownKey,
    /// The `import:` section of site.yaml.
    ImportConfig,
    /// A snapshot that cannot be read (unreadable, a link, too large).
    Read,
    /// A snapshot that is not UTF-8.
    Encoding,
    /// Front matter that is not valid.
    FrontMatter,
    /// A snapshot without a month, or with a date that is not one.
    NoMonth,
    /// A generated snapshot edited by hand.
    GeneratedEdited,
    /// A snapshot without a matrix table.
    NoTable,
    /// A header cell the table cannot use.
    Header,
    /// A cell beyond the table's columns.
    ExtraCell,
    /// A row or column without a name.
    NoName,
    /// Two rows, columns or files for the same thing.
    Duplicate,
    /// A header that does not name a proposal.
    #[serde(rename = "not-a-proposal")]
    NotAnItem,
    /// Values that differ between tables of one file.
    Inconsistent,
    /// A table a one-matrix file does not read.
    OtherTable,
    /// A footnote reference without its definition.
    Footnote,
    /// A cell whose code is not one of the codes.
    UnknownCode,
    /// A cell's code written another way (case, a link) and read as the code.
    CodeVariant,
    /// A cell link that is not an http(s) URL.
    CellLink,
    /// Implementor attributes and their columns.
    Attributes,
    /// An implementor new this month whose name is close to a known one.
    NearName,
    /// An implementor missing from a snapshot.
    MissingImplementor,
    /// A proposal whose title changed.
    TitleChanged,
    /// A snapshot marked `draft: true`.
    Draft,
    /// A snapshot for a month after the current one.
    FutureMonth,
    /// A table `fmt` cannot format.
    Fmt,
    /// A theme that cannot be used.
    Theme,
    /// A theme template that fails to render.
    Template,
    /// Output that cannot be written.
    Write,
    /// Any other failure of a build.
    Build,
}

impl Rule {
    /// The stable id, e.g. `unknown-code`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Config => "config",
            Rule::ConfigUnknownKey => "config-unknown-key",
            Rule::ImportConfig => "import-config",
            Rule::Read => "read",
            Rule::Encoding => "encoding",
            Rule::FrontMatter => "front-matter",
            Rule::NoMonth => "no-month",
            Rule::GeneratedEdited => "generated-edited",
            Rule::NoTable => "no-table",
            Rule::Header => "header",
            Rule::ExtraCell => "extra-cell",
            Rule::NoName => "no-name",
            Rule::Duplicate => "duplicate",
            Rule::NotAnItem => "not-a-proposal",
            Rule::Inconsistent => "inconsistent",
            Rule::OtherTable => "other-table",
            Rule::Footnote => "footnote",
            Rule::UnknownCode => "unknown-code",
            Rule::CodeVariant => "code-variant",
            Rule::CellLink => "cell-link",
            Rule::Attributes => "attributes",
            Rule::NearName => "near-name",
            Rule::MissingImplementor => "missing-implementor",
            Rule::TitleChanged => "title-changed",
            Rule::Draft => "draft",
            Rule::FutureMonth => "future-month",
            Rule::Fmt => "fmt",
            Rule::Theme => "theme",
            Rule::Template => "template",
            Rule::Write => "write",
            Rule::Build => "build",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One problem at one place. `line` and `col` are 1-based; 0 means "the whole file". The end
/// (`end_line`, `end_col`, exclusive) is where the offending text stops; a diagnostic made
/// with a point has its end at its start until [`Diagnostics::fill_ends`] finds the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub end_line: usize,
    pub end_col: usize,
    pub severity: Severity,
    pub rule: Rule,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.col, self.severity, self.message
        )
    }
}

/// An ordered list of diagnostics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(
        &mut self,
        rule: Rule,
        file: &str,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) {
        self.push(rule, file, line, col, Severity::Error, message.into());
    }

    pub fn warning(
        &mut self,
        rule: Rule,
        file: &str,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) {
        self.push(rule, file, line, col, Severity::Warning, message.into());
    }

    fn push(
        &mut self,
        rule: Rule,
        file: &str,
        line: usize,
        col: usize,
        severity: Severity,
        message: String,
    ) {
        self.items.push(Diagnostic {
            file: file.to_string(),
            line,
            col,
            end_line: line,
            end_col: col,
            severity,
            rule,
            message,
        });
    }

    /// Every warning made an error (`--deny-warnings`).
    pub fn deny_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Gives each diagnostic that points at a place (end at its start) the end of the text
    /// there: a table cell up to its closing `|`, anything else up to the end of its word.
    /// `source` returns a file's text by its name in the diagnostic, or `None`.
    pub fn fill_ends(&mut self, source: &mut dyn FnMut(&str) -> Option<std::rc::Rc<str>>) {
        for d in &mut self.items {
            if d.line == 0 || d.col == 0 || (d.end_line, d.end_col) != (d.line, d.col) {
                continue;
            }
            let Some(text) = source(&d.file) else {
                continue;
            };
            let Some(line) = text.lines().nth(d.line - 1) else {
                continue;
            };
            let start = crate::diag::byte_at(line, d.col);
            d.end_col = d.col + line[start..].chars().count() - rest_after_token(&line[start..]);
        }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file, position and severity so output never depends on discovery order.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.col, b.severity, &b.message))
        });
        self.items.dedup();
    }
}

/// How many characters of `s` follow the token it starts with: a table cell ends before its
/// closing `|` (its trailing spaces left out), other text at white space or the end of a
/// `key:`; a token is at least one character.
fn rest_after_token(s: &str) -> usize {
    let total = s.chars().count();
    if total == 0 {
        return 0;
    }
    let cell_end = s.find('|');
    let len = match cell_end {
        Some(0) => 1,
        Some(i) => s[..i].trim_end().chars().count().max(1),
        None => s
            .find(|c: char| c.is_whitespace() || c == ':')
            .map_or(total, |i| s[..i].chars().count().max(1)),
    };
    total - len
}

/// The byte offset of 1-based column `col` of `line` (columns count characters); the end of the
/// line when it is shorter.
pub fn byte_at(line: &str, col: usize) -> usize {
    line.char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

/// The output formats of `statusgen check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Github,
    Json,
}

/// Renders diagnostics in the chosen format, one per line (JSON: one array).
pub fn render(diags: &Diagnostics, format: Format) -> String {
    match format {
        Format::Human => diags.items.iter().map(|d| format!("{d}\n")).collect(),
        Format::Github => diags
            .items
            .iter()
            .map(|d| {
                format!(
                    "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                    d.severity,
                    gh_property(&d.file),
                    d.line,
                    d.col,
                    d.end_line,
                    d.end_col,
                    gh_property(&format!("statusgen {}", d.rule)),
                    gh_data(&d.message)
                )
            })
            .collect(),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&diags.items).unwrap_or_else(|_| "[]".into());
            s.push('\n');
            s
        }
    }
}

/// Escapes a workflow-command message (GitHub's `escapeData`).
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property (GitHub's `escapeProperty`).
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn ends_cover_the_cell_or_the_word() {
        let text: std::rc::Rc<str> = "| a | Xy  | C |\nkey: value\n| é | ünknown |\n".into();
        let mut d = Diagnostics::default();
        d.error(Rule::UnknownCode, "f", 1, 7, "x");
        d.error(Rule::Config, "f", 2, 1, "x");
        d.error(Rule::UnknownCode, "f", 3, 7, "x");
        d.error(Rule::Read, "f", 0, 0, "x");
        d.fill_ends(&mut |_| Some(text.clone()));
        let ends: Vec<_> = d.items.iter().map(|d| (d.end_line, d.end_col)).collect();
        assert_eq!(ends, [(1, 9), (2, 4), (3, 14), (0, 0)]);
    }

    use super::*;

    #[test]
    fn formats() {
        let mut d = Diagnostics::default();
        d.error(
            Rule::UnknownCode,
            "content/a.md",
            3,
            4,
            "unknown code \"X\"; allowed: PP, RR, C",
        );
        assert_eq!(
            render(&d, Format::Human),
            "content/a.md:3:4: error: unknown code \"X\"; allowed: PP, RR, C\n"
        );
        assert_eq!(
            render(&d, Format::Github),
            "::error file=content/a.md,line=3,col=4,endLine=3,endColumn=4,title=statusgen unknown-code::unknown code \"X\"; allowed: PP, RR, C\n"
        );
        let v: serde_json::Value = serde_json::from_str(&render(&d, Format::Json)).unwrap();
        assert_eq!(v[0]["line"], 3);
        assert_eq!(v[0]["rule"], "unknown-code");
        assert_eq!(v[0]["end_col"], 4);
        assert_eq!(v[0]["severity"], "error");
    }
}
