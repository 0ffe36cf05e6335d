//! One matrix cell as HTML, shared by the month page's tables ([`super::month`] for items as
//! columns, [`super::month_items`] for items as rows).

use super::context::Shared;
use super::escape;
use super::wording::{code_label, kind_word};
use crate::analyse::diff::ChangeKind;
use crate::model::ItemKey;

/// One matrix cell with what the page says about it.
pub(super) struct CellMark<'s> {
    pub(super) rank: usize,
    pub(super) id: (&'s str, &'s ItemKey),
    /// How it changed since the previous snapshot, if it did.
    pub(super) kind: Option<ChangeKind>,
    /// "since November 2024".
    pub(super) since: &'s str,
    /// The cell's evidence link ("" when it has none).
    pub(super) link: &'s str,
    /// The row's evidence is for a release that is not current: the cell says so in words.
    pub(super) outdated: Option<&'s super::release::OutdatedMark>,
    /// The cell's note (the text of the footnotes it refers to) and the number of the first
    /// footnote under the matrix ([`note_of`]).
    pub(super) note: Option<(usize, &'s str)>,
}

/// The note of a cell of snapshot `s` and the number (1-based, in the order shown under the
/// matrix) of the footnote it starts with.
pub(super) fn note_of<'s>(
    s: &'s crate::model::Snapshot,
    cell: Option<&'s crate::model::Cell>,
) -> Option<(usize, &'s str)> {
    let note = cell?.note.as_deref()?;
    let n = s
        .footnotes
        .iter()
        .position(|f| note.starts_with(f.text.as_str()))?;
    Some((n + 1, note))
}

/// Appends one `<td>`: its id, code class, `data-change` and a visible mark with words for
/// screen readers when it changed, and a title "C since November 2024" when it holds a code.
/// A code in an outdated row also reads "C · v1.0", with the words in its title and for screen
/// readers (its colour stays the code's).
/// Written here rather than in a template loop: grids reach a million cells.
pub(super) fn push_cell(d: &Shared, out: &mut String, c: &CellMark) {
    if c.rank == crate::model::Rank::ABSENT.index() {
        // No column for this implementor in the item's section.
        out.push_str("<td class=\"absent\">–</td>");
        return;
    }
    let code = escape::html(d.code_of(c.rank));
    out.push_str("<td id=\"");
    out.push_str(c.id.0);
    out.push('-');
    out.push_str(&c.id.1.fragment());
    // Its colour class: `rN` by the code as written, `na` for a not-applicable code; and
    // `outdated` for a code in a row for a release that is not current.
    out.push_str("\" class=\"code ");
    out.push_str(&super::context::code_class(d.config, c.rank));
    let outdated = c.outdated.filter(|_| !code.is_empty());
    if outdated.is_some() {
        out.push_str(" outdated");
    }
    out.push('"');
    if let Some(k) = c.kind {
        out.push_str(" data-change=\"");
        out.push_str(kind_word(k));
        out.push('"');
    }
    if !code.is_empty() {
        out.push_str(" title=\"");
        out.push_str(&code);
        out.push(' ');
        out.push_str(c.since);
        if let Some(o) = outdated {
            // "C since March 2024: Conformant, evidence for v0.8, not a current release
            // (current: v1.1, v1.0); not counted".
            out.push_str(": ");
            out.push_str(&escape::html(&code_label(d.config, d.code_of(c.rank))));
            out.push_str(", ");
            out.push_str(&o.words);
            out.push_str("; not counted");
        }
        if let Some((_, note)) = c.note {
            // The footnote's text, where the pointer is.
            out.push_str(" — ");
            out.push_str(&escape::html(note));
        }
        out.push('"');
    }
    out.push('>');
    if c.link.is_empty() || code.is_empty() {
        out.push_str(&code);
    } else {
        // The evidence behind the code (a report, a release note): the code is its link.
        out.push_str("<a class=\"evidence\" href=\"");
        out.push_str(&escape::html(c.link));
        out.push_str("\">");
        out.push_str(&code);
        out.push_str("</a>");
    }
    if let Some(o) = outdated {
        out.push_str(&o.hidden);
    }
    if let Some((n, _)) = c.note {
        // The reference, linked to its text under the matrix.
        out.push_str(&format!(
            "<sup class=\"fn\"><a href=\"#fn-{n}\" aria-label=\"note {n}\">{n}</a></sup>"
        ));
    }
    if let Some(k) = c.kind {
        let (mark, words) = match k {
            ChangeKind::Advance => ("▲", "advanced this month"),
            ChangeKind::Regression => ("▼", "regressed this month"),
            ChangeKind::Other => ("◆", "changed this month"),
        };
        out.push_str("<span class=\"chg\" aria-hidden=\"true\">");
        out.push_str(mark);
        out.push_str("</span><span class=\"visually-hidden\"> (");
        out.push_str(words);
        out.push_str(")</span>");
    }
    out.push_str("</td>");
}
