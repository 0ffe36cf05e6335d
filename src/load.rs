//! Loading: walk `content/` (sorted, recursive, hidden files and editor backups ignored), read
//! each `*.md` as UTF-8 (a BOM is dropped), split off YAML front matter, and decide the file's
//! month from front matter `date:`, else the file name (`2023-11.md`, `2023/11.md`), else a
//! "Month YYYY" phrase in its first heading. Problems become diagnostics naming the file.

use crate::diag::Diagnostics;
use crate::diag::Rule;
use crate::model::{MONTH_NAMES, Month};
use crate::text::{Decoded, NotUtf8, decode};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::path::{Path, PathBuf};

/// A snapshot file as read from disk, before the markdown is parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Display path (`content/2023-11.md`), `/`-separated.
    pub rel: String,
    /// The whole text, BOM removed, a lone CR (old Mac line end) turned into LF, front matter
    /// kept (so lines stay the file's lines, counted as comrak and editors count them).
    pub text: String,
    /// Whether the file started with a byte order mark (writers keep it).
    pub bom: bool,
    /// Byte offset where the markdown body starts (after the front matter).
    pub body_start: usize,
    pub month: Month,
    /// `title:` from front matter.
    pub title: Option<String>,
    /// Where `draft: true` is written in the front matter.
    pub draft: Option<crate::model::Pos>,
    /// `current_releases:` from front matter, when written as a list of names.
    pub current_releases: Option<CurrentReleases>,
}

/// `current_releases:` of a snapshot's front matter: the releases whose evidence counts (with
/// `implementors: release:` configured), trimmed, and where the list was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentReleases {
    pub releases: Vec<String>,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct FrontMatter {
    date: Option<Spanned<serde_json::Value>>,
    title: Option<String>,
    /// Written by importers (`statusgen import …`): see [`crate::import::generated`].
    generator: Option<String>,
    source: Option<String>,
    source_commit: Option<String>,
    digest: Option<Spanned<String>>,
    /// Read as any value, so that a value other than a list of names gets its own message.
    current_releases: Option<Spanned<serde_json::Value>>,
    /// `draft: true`: not published by `build` unless `--drafts`.
    draft: Option<Spanned<bool>>,
}

/// `(line, col)` in the file of a front matter value: the YAML starts on line 2, after `---`.
fn front_at<T>(v: &Spanned<T>) -> (usize, usize) {
    match (v.referenced.line() as usize, v.referenced.column() as usize) {
        (0, _) | (_, 0) => (1, 1),
        (line, col) => (line + 1, col),
    }
}

/// Whether a file name is one statusgen should never read (hidden, editor backup, swap).
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with('#')
}

/// All snapshot files under `content_dir`, sorted. Directories starting with '.' are skipped.
pub fn discover(content_dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !content_dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "it does not exist or is not a folder",
        ));
    }
    let walker = walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| std::io::Error::other(e.to_string()))?;
        // A symbolic link is listed too, so that reading it fails loudly (see `read_bytes`)
        // instead of the month silently disappearing.
        let kind = entry.file_type();
        if (kind.is_file() || kind.is_symlink())
            && entry.path().extension().is_some_and(|x| x == "md")
        {
            out.push(entry.into_path());
        }
    }
    Ok(out)
}

/// Reads one file; `None` (with diagnostics) when it cannot become a snapshot.
pub fn read_source(
    path: &Path,
    rel: &str,
    limit: u64,
    diags: &mut Diagnostics,
) -> Option<SourceFile> {
    let bytes = read_bytes(path, rel, limit, diags)?;
    source_from_bytes(bytes, rel, diags)
}

/// Reads a snapshot file's bytes, refusing one over `limit` bytes (an error naming the file
/// and the limit) before it is read whole.
pub fn read_bytes(path: &Path, rel: &str, limit: u64, diags: &mut Diagnostics) -> Option<Vec<u8>> {
    match read_limited(path, limit) {
        Ok(b) => Some(b),
        Err(ReadError::TooLarge(size)) => {
            diags.error(Rule::Read,
                rel,
                0,
                0,
                format!(
                    "file is {}, over the limit of {} for one snapshot; split it, or raise `limits: snapshot_mb:` in content/site.yaml",
                    mb(size),
                    mb(limit)
                ),
            );
            None
        }
        Err(ReadError::Io(e)) => {
            diags.error(Rule::Read, rel, 0, 0, format!("cannot read file: {e}"));
            None
        }
        Err(ReadError::Link) => {
            diags.error(Rule::Read,
                rel,
                0,
                0,
                "is a symbolic link; a snapshot must be a file of its own (a link could read and publish a file from outside the site)",
            );
            None
        }
    }
}

enum ReadError {
    /// The file has at least this many bytes, more than the limit.
    TooLarge(u64),
    Io(std::io::Error),
    /// The path is a symbolic link.
    Link,
}

/// Reads at most `limit` bytes: a larger file (even one that grows while read) is refused
/// before it is read whole.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    if std::fs::symlink_metadata(path)
        .map_err(ReadError::Io)?
        .file_type()
        .is_symlink()
    {
        return Err(ReadError::Link);
    }
    let f = std::fs::File::open(path).map_err(ReadError::Io)?;
    let size = f.metadata().map_err(ReadError::Io)?.len();
    if size > limit {
        return Err(ReadError::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    f.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// "16 MB" (MiB, one decimal when not whole).
fn mb(bytes: u64) -> String {
    let m = bytes as f64 / (1024.0 * 1024.0);
    if m.fract() == 0.0 {
        format!("{m:.0} MB")
    } else {
        format!("{m:.1} MB")
    }
}

/// Turns file bytes into a [`SourceFile`]; `rel` is the path used in diagnostics, and also the
/// file name from which a month may be taken.
pub fn source_from_bytes(bytes: Vec<u8>, rel: &str, diags: &mut Diagnostics) -> Option<SourceFile> {
    let Decoded { text, bom } = match decode(bytes) {
        Ok(d) => d,
        Err(NotUtf8 { line, col }) => {
            diags.error(
                Rule::Encoding,
                rel,
                line,
                col,
                "file is not UTF-8 text; save it as UTF-8",
            );
            return None;
        }
    };
    let (front, body_start) = split_front_matter(&text, rel, diags)?;
    let month = front
        .date
        .as_ref()
        .and_then(|d| front_matter_month(d, rel, diags))
        .or_else(|| month_from_path(rel))
        .or_else(|| {
            crate::markdown::first_heading(&text[body_start..])
                .and_then(|h| month_from_phrase(&h.text))
        });
    if let (Some(generator), Some(digest)) = (&front.generator, &front.digest)
        && crate::text::digest(&text[body_start..]) != digest.value
    {
        let (line, _) = front_at(digest);
        diags.warning(Rule::GeneratedEdited,
            rel,
            line,
            1,
            format!("this file was generated by `{generator}` and has been edited by hand since (its digest no longer matches); the next import will refuse to overwrite it: undo the edit, or delete the front matter to keep it as a hand-written file"),
        );
    }
    let Some(month) = month else {
        diags.error(Rule::NoMonth,
            rel,
            1,
            1,
            "no month for this snapshot: add front matter `date: YYYY-MM`, name the file YYYY-MM.md, or put \"Month YYYY\" in its first heading",
        );
        return None;
    };
    let current_releases = front
        .current_releases
        .as_ref()
        .and_then(|v| current_releases(v, rel, diags));
    Some(SourceFile {
        rel: rel.to_string(),
        text,
        bom,
        body_start,
        month,
        title: front.title,
        current_releases,
        draft: front.draft.as_ref().filter(|d| d.value).map(|d| {
            let (line, col) = front_at(d);
            crate::model::Pos { line, col }
        }),
    })
}

/// `current_releases:` as a list of release names, or an error at it.
fn current_releases(
    v: &Spanned<serde_json::Value>,
    rel: &str,
    diags: &mut Diagnostics,
) -> Option<CurrentReleases> {
    use serde_json::Value;
    let (line, col) = front_at(v);
    let why = match &v.value {
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| match item {
            Value::String(s) if !s.trim().is_empty() => None,
            Value::String(_) => Some(format!("item {} is blank", i + 1)),
            Value::Number(n) => Some(format!(
                "item {} ({n}) is a number; quote it, as YAML reads 1.10 as 1.1: \"{n}\"",
                i + 1
            )),
            other => Some(format!("item {} ({other}) is not a name", i + 1)),
        }),
        other => Some(format!("it is {}", describe(other))),
    };
    if let Some(why) = why {
        diags.error(
            Rule::FrontMatter,
            rel,
            line,
            col,
            format!("current_releases must be a list of release names, like [v1.6, v1.5]; {why}"),
        );
        return None;
    }
    let releases = v
        .value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(|s| s.trim().to_string()))
        .collect();
    Some(CurrentReleases {
        releases,
        line,
        col,
    })
}

/// "a number", "a string", …: what a YAML value is, for messages.
fn describe(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "empty".into(),
        Value::Bool(b) => format!("{b}, not a list"),
        Value::Number(n) => format!("the number {n}, not a list"),
        Value::String(s) => format!("the text \"{s}\", not a list; write [{s}]"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a map, not a list".into(),
    }
}

/// Splits `---` YAML front matter from the text. Returns the parsed front matter and the byte
/// offset of the body.
fn split_front_matter(
    text: &str,
    rel: &str,
    diags: &mut Diagnostics,
) -> Option<(FrontMatter, usize)> {
    let first_len = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text[..first_len].trim_end() != "---" {
        return Some((FrontMatter::default(), 0));
    }
    let mut offset = first_len;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map(|i| offset + i + 1)
            .unwrap_or(text.len());
        let line = text[offset..end].trim_end();
        if line == "---" || line == "..." {
            let yaml = &text[first_len..offset];
            if yaml.trim().is_empty() {
                return Some((FrontMatter::default(), end));
            }
            return match serde_saphyr::from_str::<FrontMatter>(yaml) {
                Ok(f) => Some((f, end)),
                Err(e) => {
                    let (l, c, msg) = crate::text::yaml_error(&e, yaml);
                    diags.error(Rule::FrontMatter,
                        rel,
                        l + 1,
                        c,
                        format!("front matter is not valid YAML: {msg}; write `key: value` lines between the two `---` lines"),
                    );
                    None
                }
            };
        }
        offset = end;
    }
    diags.error(
        Rule::FrontMatter,
        rel,
        1,
        1,
        "front matter starts with `---` but has no closing `---` line",
    );
    None
}

fn front_matter_month(
    v: &Spanned<serde_json::Value>,
    rel: &str,
    diags: &mut Diagnostics,
) -> Option<Month> {
    let s = match &v.value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let m = Month::parse(&s);
    if m.is_none() {
        // Where serde-saphyr read the value.
        let (line, col) = front_at(v);
        diags.error(
            Rule::NoMonth,
            rel,
            line,
            col,
            format!("date \"{s}\" is not a month; write it as YYYY-MM, for example 2023-11"),
        );
    }
    m
}

/// `2023-11.md`, `2023/11.md`, `2023/2023-11.md`.
pub fn month_from_path(rel: &str) -> Option<Month> {
    let parts: Vec<&str> = rel.split('/').collect();
    let file = parts.last()?.strip_suffix(".md")?;
    if let Some(m) = Month::parse(file) {
        return Some(m);
    }
    if parts.len() >= 2 && file.len() == 2 {
        return Month::parse(&format!("{}-{}", parts[parts.len() - 2], file));
    }
    None
}

/// Finds "November 2023" (any case) in a phrase.
pub fn month_from_phrase(s: &str) -> Option<Month> {
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    for pair in words.windows(2) {
        if let Some(m) = MONTH_NAMES.iter().position(|n| n.to_lowercase() == pair[0])
            && pair[1].len() == 4
            && let Ok(y) = pair[1].parse::<i32>()
        {
            return Month::new(y, m as u32 + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, text: &str) -> (Option<SourceFile>, Diagnostics) {
        let mut d = Diagnostics::default();
        let s = source_from_bytes(text.as_bytes().to_vec(), name, &mut d);
        (s, d)
    }

    #[test]
    fn month_sources() {
        assert_eq!(
            load("content/2023-11.md", "x").0.unwrap().month.to_string(),
            "2023-11"
        );
        assert_eq!(
            load("content/2024/02.md", "x").0.unwrap().month.to_string(),
            "2024-02"
        );
        assert_eq!(
            load("content/a.md", "---\ndate: 2024-03\n---\nx")
                .0
                .unwrap()
                .month
                .to_string(),
            "2024-03"
        );
        assert_eq!(
            load("content/a.md", "#### Status November 2023\n")
                .0
                .unwrap()
                .month
                .to_string(),
            "2023-11"
        );
        let (s, d) = load("content/a.md", "# Status\n");
        assert!(s.is_none());
        assert_eq!((d.items[0].line, d.items[0].col), (1, 1));
        assert!(d.items[0].message.contains("YYYY-MM"));
    }

    #[test]
    fn front_matter_errors_carry_yaml_line() {
        let (s, d) = load("content/2023-11.md", "---\ntitle: ok\ndate: [2023\n---\n");
        assert!(s.is_none());
        let e = &d.items[0];
        assert!(e.line >= 3, "{e}");
        assert!(
            e.message.starts_with("front matter is not valid YAML"),
            "{e}"
        );
    }

    #[test]
    fn bad_date_and_not_utf8() {
        let (_, d) = load("content/x.md", "---\ndate: November\n---\n");
        assert_eq!(d.items[0].line, 2);
        assert_eq!(d.items[0].col, 7);
        let mut d = Diagnostics::default();
        assert!(source_from_bytes(b"ab\ncd\xffx".to_vec(), "content/2023-11.md", &mut d).is_none());
        assert_eq!((d.items[0].line, d.items[0].col), (2, 3));
        assert!(d.items[0].message.contains("not UTF-8"));
    }

    #[test]
    fn ignored_names() {
        for n in [".#x.md", "x.md~", ".x.md.swp", ".hidden.md", "#x.md#"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("2023-11.md"));
    }
}
