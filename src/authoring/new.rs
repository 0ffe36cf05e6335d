//! Month rollover behind `statusgen new`: a new snapshot is the latest one copied with its month
//! moved on. The copy keeps the prose, the table and every cell; only the month changes — in
//! front matter `date:`, in the first heading's "Month YYYY" phrase (whatever month it names),
//! and in every other "Month YYYY" (or "Mon YYYY") phrase that names the source month. The file
//! name follows the latest file's layout (`content/YYYY-MM.md`, `content/YYYY/MM.md`,
//! `content/YYYY/YYYY-MM.md`), and an existing file is never overwritten.

use crate::diag::Diagnostics;
use crate::error::IoError;
use crate::load::{self, SourceFile};
use crate::model::{MONTH_NAMES, Month};
use std::path::{Path, PathBuf};

/// A snapshot ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSnapshot {
    /// Path relative to the site root, `/`-separated (`content/2023-12.md`).
    pub rel: String,
    pub month: Month,
    /// The snapshot it was made from (`content/2023-11.md`).
    pub from: String,
    pub text: String,
}

/// Why no snapshot was made.
#[derive(Debug)]
pub enum NewError {
    /// There is no snapshot to start from.
    NoSnapshot,
    /// Some snapshot files cannot be read; fix them first.
    Content(Diagnostics),
    /// A snapshot for the month already exists.
    Exists { month: Month, rel: String },
    /// The month after the latest is past 9999-12, the last month a snapshot can name.
    PastLastMonth(Month),
    /// Reading or writing failed.
    Io(IoError),
}

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewError::NoSnapshot => f.write_str(
                "no snapshot in content/ to start from; run `statusgen init DIR` to create a site with an example snapshot",
            ),
            NewError::Content(_) => f.write_str(
                "some snapshot files cannot be read (see above); fix them, then run `statusgen new` again",
            ),
            NewError::Exists { month, rel } => write!(
                f,
                "a snapshot for {month} already exists: {rel}; edit it, or delete it first to start again"
            ),
            NewError::PastLastMonth(latest) => write!(
                f,
                "the latest snapshot is for {latest}; no month after it can be written (months end at 9999-12)"
            ),
            NewError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for NewError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NewError::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// Plans the snapshot for `month` (default: the month after the latest) under `root`.
pub fn plan(root: &Path, month: Option<Month>) -> Result<NewSnapshot, NewError> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(NewError::NoSnapshot);
    }
    let files = load::discover(&content).map_err(|e| {
        NewError::Io(IoError::new(
            "cannot read the content directory",
            &content,
            e,
        ))
    })?;
    let mut diags = Diagnostics::default();
    let mut sources: Vec<SourceFile> = Vec::new();
    for path in &files {
        let rel = crate::confine::display_path(root, path);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return Err(NewError::Io(IoError::new("cannot read", rel, e))),
        };
        if let Some(src) = load::source_from_bytes(bytes, &rel, &mut diags) {
            sources.push(src);
        }
    }
    if diags.has_errors() {
        return Err(NewError::Content(diags));
    }
    let Some(latest) = sources
        .iter()
        .max_by(|a, b| a.month.cmp(&b.month).then_with(|| b.rel.cmp(&a.rel)))
    else {
        return Err(NewError::NoSnapshot);
    };
    let target = match month {
        Some(m) => m,
        None => Month::new(latest.month.next().year, latest.month.next().month)
            .ok_or(NewError::PastLastMonth(latest.month))?,
    };
    if let Some(existing) = sources.iter().find(|s| s.month == target) {
        return Err(NewError::Exists {
            month: target,
            rel: existing.rel.clone(),
        });
    }
    let rel = snapshot_path(&latest.rel, latest.month, target);
    if root.join(&rel).exists() {
        return Err(NewError::Exists { month: target, rel });
    }
    let mut text = roll_text(latest, target);
    if latest.bom {
        text.insert_str(0, crate::text::BOM);
    }
    Ok(NewSnapshot {
        rel,
        month: target,
        from: latest.rel.clone(),
        text,
    })
}

/// Writes a planned snapshot under `root` (creating its directory), refusing to overwrite.
pub fn write(root: &Path, new: &NewSnapshot) -> Result<PathBuf, NewError> {
    let path = root.join(&new.rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| NewError::Io(IoError::new("cannot create", dir, e)))?;
    }
    match crate::write::create_file(&path, new.text.as_bytes()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(NewError::Exists {
                month: new.month,
                rel: new.rel.clone(),
            });
        }
        Err(e) => {
            return Err(NewError::Io(IoError::new("cannot create", &path, e)));
        }
    }
    Ok(path)
}

/// Where the snapshot for `target` goes, following the layout of `latest_rel` (the file of
/// month `latest`). Unknown layouts fall back to `content/YYYY-MM.md`.
pub fn snapshot_path(latest_rel: &str, latest: Month, target: Month) -> String {
    let parts: Vec<&str> = latest_rel.split('/').collect();
    let (dirs, file) = parts.split_at(parts.len().saturating_sub(1));
    let stem = file
        .first()
        .and_then(|f| f.strip_suffix(".md"))
        .unwrap_or("");
    let year = format!("{:04}", latest.year);
    let mut dirs: Vec<String> = dirs.iter().map(|d| d.to_string()).collect();
    let year_dir = dirs.last().is_some_and(|d| *d == year);
    let name = if stem == latest.to_string() {
        target.to_string()
    } else if stem == format!("{:02}", latest.month) && year_dir {
        format!("{:02}", target.month)
    } else {
        return format!("content/{target}.md");
    };
    if year_dir && let Some(d) = dirs.last_mut() {
        *d = format!("{:04}", target.year);
    }
    dirs.push(format!("{name}.md"));
    dirs.join("/")
}

/// The text of the new snapshot: `src`'s text (BOM excluded) with its month moved to `target`.
pub fn roll_text(src: &SourceFile, target: Month) -> String {
    let (front, body) = src.text.split_at(src.body_start);
    let front = replace_month_phrases(
        &set_front_matter_date(front, target),
        Some(src.month),
        target,
        usize::MAX,
    )
    .0;
    // Replacing keeps every line break, so line numbers stay the same.
    let body = replace_month_phrases(body, Some(src.month), target, usize::MAX).0;
    // The first heading names the new month, whatever month it named before.
    let heading = first_heading_line(&body);
    let mut out = front;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        if Some(i) == heading {
            out.push_str(&replace_month_phrases(line, None, target, 1).0);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The 0-based line index of the first heading of a markdown body, from comrak's AST.
fn first_heading_line(body: &str) -> Option<usize> {
    crate::markdown::first_heading(body).map(|h| h.line - 1)
}

/// Rewrites the `date:` line of a front matter block (`---` … `---`) to `target`, keeping its
/// quotes, any trailing comment and the line ending. Text without one is returned as it is.
fn set_front_matter_date(front: &str, target: Month) -> String {
    let mut out = String::with_capacity(front.len());
    for line in front.split_inclusive('\n') {
        let Some(rest) = line.strip_prefix("date:") else {
            out.push_str(line);
            continue;
        };
        let value_start = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let value = &rest[value_start..];
        let (quote, inner) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
            _ => (None, value),
        };
        let end = match quote {
            Some(q) => inner.find(q),
            None => inner.find(|c: char| c.is_whitespace() || c == '#'),
        }
        .unwrap_or(inner.len());
        let tail = &inner[end..];
        out.push_str("date:");
        out.push_str(&rest[..value_start]);
        if let Some(q) = quote {
            out.push(q);
        }
        out.push_str(&target.to_string());
        out.push_str(tail);
    }
    out
}

/// Replaces "Month YYYY" phrases (full month names or three-letter abbreviations, any case, an
/// optional comma, any whitespace before the year) naming `from` (any month when `None`) by
/// `target`, in the same spelling style, at most `limit` times. Returns the text and the count.
pub fn replace_month_phrases(
    text: &str,
    from: Option<Month>,
    target: Month,
    limit: usize,
) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut i = 0;
    let mut copied = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let boundary = i == 0
            || text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
        if count < limit
            && boundary
            && bytes[i].is_ascii_alphabetic()
            && let Some((len, month, short)) = match_phrase(&text[i..])
            && from.is_none_or(|f| f == month)
        {
            out.push_str(&text[copied..i]);
            out.push_str(&render_phrase(&text[i..i + len], target, short));
            i += len;
            copied = i;
            count += 1;
            continue;
        }
        i += text[i..].chars().next().map(char::len_utf8).unwrap_or(1);
    }
    out.push_str(&text[copied..]);
    (out, count)
}

/// Matches "Month[,] YYYY" at the start of `s`: (byte length, month, abbreviated?).
fn match_phrase(s: &str) -> Option<(usize, Month, bool)> {
    let word_len = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    let word = &s[..word_len];
    let (index, short) = MONTH_NAMES.iter().enumerate().find_map(|(i, name)| {
        if word.eq_ignore_ascii_case(name) {
            Some((i, false))
        } else if word.eq_ignore_ascii_case(&name[..3]) {
            Some((i, true))
        } else {
            None
        }
    })?;
    let mut rest = &s[word_len..];
    rest = rest.strip_prefix(',').unwrap_or(rest);
    let spaces = rest.len() - rest.trim_start().len();
    if spaces == 0 {
        return None;
    }
    rest = &rest[spaces..];
    let year = rest.get(..4)?;
    if !year.bytes().all(|b| b.is_ascii_digit())
        || rest[4..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
    {
        return None;
    }
    let month = Month::new(year.parse().ok()?, index as u32 + 1)?;
    Some((s.len() - rest.len() + 4, month, short))
}

/// `phrase` (a matched "Month YYYY") rewritten to `target`, keeping case style and separators.
fn render_phrase(phrase: &str, target: Month, short: bool) -> String {
    let word_len = phrase
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(phrase.len());
    let word = &phrase[..word_len];
    let sep = &phrase[word_len..phrase.len() - 4];
    let name = MONTH_NAMES[(target.month - 1) as usize];
    let name = if short { &name[..3] } else { name };
    let name = if word.len() > 1 && word.bytes().all(|b| b.is_ascii_uppercase()) {
        name.to_ascii_uppercase()
    } else if word.bytes().all(|b| b.is_ascii_lowercase()) {
        name.to_ascii_lowercase()
    } else {
        name.to_string()
    };
    format!("{name}{sep}{:04}", target.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap_or(Month {
            year: 1970,
            month: 1,
        })
    }

    #[test]
    fn phrases() {
        let (t, n) = replace_month_phrases(
            "November 2023, NOVEMBER 2023, november\n2023, Nov 2023, October 2023, Novembers 2023, November 20234, xNovember 2023",
            Some(m("2023-11")),
            m("2023-12"),
            usize::MAX,
        );
        assert_eq!(
            t,
            "December 2023, DECEMBER 2023, december\n2023, Dec 2023, October 2023, Novembers 2023, November 20234, xNovember 2023"
        );
        assert_eq!(n, 4);
        let (t, _) = replace_month_phrases("Status October 2023 é", None, m("2024-01"), 1);
        assert_eq!(t, "Status January 2024 é");
        let (t, _) = replace_month_phrases("December, 2023", Some(m("2023-12")), m("2024-01"), 9);
        assert_eq!(t, "January, 2024");
    }

    #[test]
    fn paths() {
        assert_eq!(
            snapshot_path("content/2023-11.md", m("2023-11"), m("2023-12")),
            "content/2023-12.md"
        );
        assert_eq!(
            snapshot_path("content/2023/12.md", m("2023-12"), m("2024-01")),
            "content/2024/01.md"
        );
        assert_eq!(
            snapshot_path("content/2023/2023-12.md", m("2023-12"), m("2024-01")),
            "content/2024/2024-01.md"
        );
        assert_eq!(
            snapshot_path("content/reports/2023-12.md", m("2023-12"), m("2024-01")),
            "content/reports/2024-01.md"
        );
        assert_eq!(
            snapshot_path("content/status.md", m("2023-12"), m("2024-01")),
            "content/2024-01.md"
        );
    }

    #[test]
    fn front_matter_and_heading() {
        let text = "---\ntitle: \"Status November 2023\"\ndate: '2023-11' # month\n---\n## Report for October 2023\n\nSee November 2023.\n";
        let mut d = Diagnostics::default();
        let Some(src) = load::source_from_bytes(text.as_bytes().to_vec(), "content/x.md", &mut d)
        else {
            panic!("{d:?}")
        };
        assert_eq!(
            roll_text(&src, m("2023-12")),
            "---\ntitle: \"Status December 2023\"\ndate: '2023-12' # month\n---\n## Report for December 2023\n\nSee December 2023.\n"
        );
    }
}
