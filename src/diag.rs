//! Diagnostics: every problem found in user input, with the file, line and column it sits at,
//! a severity and a message that says what is allowed instead. The loader, parser and analysis
//! push into a [`Diagnostics`] list; commands print it in one of three formats (human, GitHub
//! workflow annotations, JSON) and derive the exit code from it.

use serde::Serialize;
use std::fmt;

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

/// One problem at one place. `line` and `col` are 1-based; 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
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
    pub fn error(&mut self, file: &str, line: usize, col: usize, message: impl Into<String>) {
        self.push(file, line, col, Severity::Error, message.into());
    }

    pub fn warning(&mut self, file: &str, line: usize, col: usize, message: impl Into<String>) {
        self.push(file, line, col, Severity::Warning, message.into());
    }

    fn push(&mut self, file: &str, line: usize, col: usize, severity: Severity, message: String) {
        self.items.push(Diagnostic {
            file: file.to_string(),
            line,
            col,
            severity,
            message,
        });
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
                    "::{} file={},line={},col={}::{}\n",
                    d.severity,
                    gh_property(&d.file),
                    d.line,
                    d.col,
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
    use super::*;

    #[test]
    fn formats() {
        let mut d = Diagnostics::default();
        d.error(
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
            "::error file=content/a.md,line=3,col=4::unknown code \"X\"; allowed: PP, RR, C\n"
        );
        let v: serde_json::Value = serde_json::from_str(&render(&d, Format::Json)).unwrap();
        assert_eq!(v[0]["line"], 3);
        assert_eq!(v[0]["severity"], "error");
    }
}
