//! One matrix cell as HTML, shared by the month page's tables ([`super::month`] for items as
//! columns, [`super::month_items`] for items as rows).

use super::context::Shared;
use super::escape;
use super::wording::{code_label, kind_word};
use crate::analyse::diff::ChangeKind;

/// One matrix cell with what the page says about it.
pub(super) struct CellMark<'s> {
    pub(super) rank: usize,
    /// The cell's id `<implementor slug>-<item>`; `None` in a table of items as rows, whose
    /// rows carry the item's id instead (ids of long item slugs in every cell would double the
    /// page; `matrix.js` resolves a cell link `#go-traces.get-a-tracer` from the row and column).
    /// The pair is the implementor's slug and the item's [`crate::model::ItemKey::fragment`].
    pub(super) id: Option<(&'s str, &'s str)>,
    /// How it changed since the previous snapshot, if it did.
    pub(super) kind: Option<ChangeKind>,
    /// "since November 2024".
    pub(super) since: &'s str,
    /// The cell's evidence link ("" when it has none, or shares its row's).
    pub(super) link: &'s str,
    /// The row's slug when the cell's evidence is its row's ([`row_evidence`]): the code links
    /// `#ev.<slug>`, the row header's evidence link, rather than repeating the URL.
    pub(super) shared_evidence: Option<&'s str>,
    /// The row's evidence is for a release that is not current: the cell says so in words.
    pub(super) outdated: Option<&'s super::release::OutdatedMark>,
    /// The row's most common code rank ([`row_default`]): a cell at it leaves out its class,
    /// which the row's `dN` class gives it.
    pub(super) plain: Option<usize>,
    /// The cell's note (the text of the footnotes it refers to, and of its in-page links) and
    /// the number of the first footnote under the matrix, when it starts with one ([`note_of`]).
    pub(super) note: Option<(Option<usize>, &'s str)>,
    /// The cell's version (`versions:`): the cell reads "since 3.3.1" or "3.3.2 forthcoming"
    /// instead of its state's code, and keeps the state's colour.
    pub(super) version: Option<&'s crate::model::VersionValue>,
}

/// The note of a cell of snapshot `s` and the number (1-based, in the order shown under the
/// matrix) of the footnote it starts with, if it starts with one (a note from in-page links
/// only, `see [below](#notes)`, has none).
pub(super) fn note_of<'s>(
    s: &'s crate::model::Snapshot,
    cell: Option<&'s crate::model::Cell>,
) -> Option<(Option<usize>, &'s str)> {
    let note = cell?.note.as_deref()?;
    let n = s
        .footnotes
        .iter()
        .position(|f| note.starts_with(f.text.as_str()));
    Some((n.map(|n| n + 1), note))
}

/// The rank most cells of a row hold, when it is a code with a colour class (`rN`), and the
/// row's class `dN` for it; `None` when no such rank holds more than one cell.
pub(super) fn row_default(
    d: &Shared,
    ranks: impl Iterator<Item = usize>,
) -> Option<(usize, String)> {
    let mut counts: Vec<usize> = Vec::new();
    for r in ranks {
        if r >= counts.len() {
            counts.resize(r + 1, 0);
        }
        counts[r] += 1;
    }
    let (rank, n) = counts
        .iter()
        .enumerate()
        .filter(|&(r, _)| r != crate::model::Rank::ABSENT.index())
        .max_by_key(|&(r, &n)| (n, std::cmp::Reverse(r)))?;
    let class = d.class_of(rank);
    let n_class = class.strip_prefix('r')?;
    (*n > 1).then(|| (rank, format!("d{n_class}")))
}

/// The evidence link most of a row's linked codes share, when more than one does (the first
/// such link on a tie): the row header links it once and those cells leave it out (issue 26: on
/// the Gateway API feature example one conformance report backs nearly every cell of its row,
/// 130-150 bytes of URL per cell): those cells link it by a fragment, `#ev.<row slug>` (see
/// [`CellMark::shared_evidence`]). A cell whose link differs keeps its own
/// (written out), and a code with no evidence stays unlinked. `links` are the row's cells'
/// links, "" where a cell has none or shows no code.
pub(super) fn row_evidence<'l>(links: impl Iterator<Item = &'l str>) -> Option<&'l str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for link in links.filter(|l| !l.is_empty()) {
        match counts.iter_mut().find(|(l, _)| *l == link) {
            Some((_, n)) => *n += 1,
            None => counts.push((link, 1)),
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for (link, n) in counts {
        if n > 1 && best.is_none_or(|(_, m)| n > m) {
            best = Some((link, n));
        }
    }
    best.map(|(link, _)| link)
}

/// Appends one `<td>`: its id, code class, `data-change` and a visible mark with words for
/// screen readers when it changed, and its footnote reference (the note in its title). A code in an outdated row also reads "C · v1.0", with the
/// words in its title ("C since March 2024: Conformant, evidence for v0.8, …") and for screen
/// readers (its colour stays the code's).
/// Written compactly (issue 26: a month page costs at most 45 bytes per cell on average): the
/// id and class unquoted (slugs and classes hold no space, quote, `=`, `<`, `>` or backtick),
/// no `</td>` (the next cell or the row's end closes it), no title on a plain code (the month it
/// was reached is on the implementor's page).
/// Written here rather than in a template loop: grids reach a million cells.
pub(super) fn push_cell(d: &Shared, out: &mut String, c: &CellMark) {
    if c.rank == crate::model::Rank::ABSENT.index() {
        // No column for this implementor in the item's section.
        out.push_str("<td class=absent>–");
        return;
    }
    let words = c.version.map(super::version_words::cell);
    let code = escape::html(words.as_deref().unwrap_or_else(|| d.code_of(c.rank)));
    out.push_str("<td");
    if let Some((slug, key)) = c.id {
        out.push_str(" id=");
        escape::push_id(out, slug, key);
    }
    // Its colour class: `rN` by the code as written, `na` for a not-applicable code; and
    // `outdated` for a code in a row for a release that is not current.
    let class = d.class_of(c.rank);
    let outdated = c.outdated.filter(|_| !code.is_empty());
    if outdated.is_none() && c.plain == Some(c.rank) {
        // The row's class colours it.
    } else if outdated.is_some() {
        out.push_str(" class=\"");
        out.push_str(&class);
        out.push_str(" outdated\"");
    } else {
        out.push_str(" class=");
        out.push_str(&class);
    }
    if let Some(k) = c.kind {
        out.push_str(" data-change=");
        out.push_str(kind_word(k));
    }
    // A title where it carries more than the code: an outdated row's words, a note's text.
    if !code.is_empty() && (outdated.is_some() || c.note.is_some()) {
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
    if code.is_empty() {
    } else if let Some(slug) = c.shared_evidence.filter(|_| c.link.is_empty()) {
        // The row's evidence, linked once in its header: the code links there.
        out.push_str("<a href=\"#ev.");
        out.push_str(&escape::html(slug));
        out.push_str("\">");
        out.push_str(&code);
        out.push_str("</a>");
    } else if c.link.is_empty() {
        out.push_str(&code);
    } else {
        // The evidence behind the code (a report, a release note): the code is its link.
        out.push_str("<a class=evidence href=\"");
        out.push_str(&escape::html(c.link));
        out.push_str("\">");
        out.push_str(&code);
        out.push_str("</a>");
    }
    if let Some(o) = outdated {
        out.push_str(&o.hidden);
    }
    if let Some((Some(n), _)) = c.note {
        // The reference, linked to its text under the matrix.
        out.push_str(&format!(
            "<sup class=fn><a href=\"#fn-{n}\" aria-label=\"note {n}\">{n}</a></sup>"
        ));
    }
    if let Some(k) = c.kind {
        let (mark, words) = match k {
            ChangeKind::Advance => ("▲", "advanced this month"),
            ChangeKind::Regression => ("▼", "regressed this month"),
            ChangeKind::Other => ("◆", "changed this month"),
        };
        out.push_str("<span class=chg aria-hidden=true>");
        out.push_str(mark);
        out.push_str("</span><span class=visually-hidden> (");
        out.push_str(words);
        out.push_str(")</span>");
    }
}
