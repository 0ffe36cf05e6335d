//! Writing imported snapshots safely: generated front matter with a digest of the body (so
//! `check` can tell a hand edit), the decision per file (create, update, leave alone, refuse),
//! and every write through a temporary file in the same directory, fsync and rename.

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::error::IoError;
use crate::import::ImportError;
use crate::model::Month;
use crate::text::digest;
use std::io::Write;
use std::path::Path;

/// One generated snapshot file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// `content/YYYY-MM.md`.
    pub rel: String,
    pub month: Month,
    pub text: String,
}

/// The generated front matter keys.
pub struct FrontMatter<'a> {
    pub generator: &'a str,
    pub source: Option<&'a str>,
    pub source_commit: Option<&'a str>,
    /// The releases whose evidence counts (`current_releases:`), newest first.
    pub current_releases: Option<&'a [String]>,
}

/// Escapes text for a markdown table cell or list item: ASCII punctuation that markdown or a
/// table could read as syntax gets a backslash.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '!' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Quotes a front matter value as a YAML double-quoted string.
fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The final file: the body's matrix put in `fmt`'s canonical layout, then front matter with
/// the month, generator, source and digest of that body.
pub fn finish(
    config: &Config,
    month: Month,
    front: &FrontMatter,
    body: &str,
) -> Result<String, ImportError> {
    let rel = format!("content/{month}.md");
    let mut diags = Diagnostics::default();
    let formatted = crate::load::source_from_bytes(body.as_bytes().to_vec(), &rel, &mut diags)
        .ok_or_else(|| ImportError::Bug(crate::diag::render(&diags, crate::diag::Format::Human)))
        .and_then(|src| {
            crate::authoring::fmt::format_source(&src, config)
                .map_err(|d| ImportError::Bug(crate::diag::render(&d, crate::diag::Format::Human)))
        })?;
    Ok(with_front_matter(month, front, &formatted))
}

/// The final file for a body kept exactly as its source has it (a file's history: its shape
/// may be one only the configuration describes, so it is not reformatted): front matter with
/// the month, generator, source and digest, then the body byte for byte.
pub fn finish_verbatim(month: Month, front: &FrontMatter, body: &str) -> String {
    with_front_matter(month, front, body)
}

fn with_front_matter(month: Month, front: &FrontMatter, body: &str) -> String {
    let mut text = String::from("---\n");
    text.push_str(&format!("date: {month}\n"));
    text.push_str(&format!("generator: {}\n", yaml_string(front.generator)));
    if let Some(s) = front.source {
        text.push_str(&format!("source: {}\n", yaml_string(s)));
    }
    if let Some(c) = front.source_commit {
        text.push_str(&format!("source_commit: {}\n", yaml_string(c)));
    }
    if let Some(list) = front.current_releases {
        let items: Vec<String> = list.iter().map(|r| yaml_string(r)).collect();
        text.push_str(&format!("current_releases: [{}]\n", items.join(", ")));
    }
    text.push_str(&format!("digest: {}\n", digest(body)));
    text.push_str("---\n");
    text.push_str(body);
    text
}

/// A `key: value` of a file's front matter (quotes removed), if the file has front matter.
pub fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let text = crate::text::strip_bom(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    for line in rest.lines() {
        let line = line.trim_end();
        if line == "---" || line == "..." {
            break;
        }
        if let Some(v) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            return Some(v.to_string());
        }
    }
    None
}

/// The body of a file (after its front matter), for the digest.
pub fn body_of(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    let mut offset = 4;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" || line.trim_end() == "..." {
            return &text[offset..];
        }
    }
    text
}

/// Whether a generated file's body no longer matches its recorded digest.
pub fn edited_by_hand(text: &str) -> bool {
    match front_matter_value(text, "digest") {
        Some(d) => digest(body_of(text)) != d,
        None => false,
    }
}

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Unchanged,
    /// A past month whose import differs from the file: kept (`--rewrite-past` rewrites it).
    KeptPast,
}

/// Decides what to do with each file; refuses (before anything is written) to overwrite a file
/// statusgen did not generate, one edited by hand since, or to add a second file for a month.
pub fn plan(
    root: &Path,
    files: &[Generated],
    head_month: Month,
    rewrite_past: bool,
) -> Result<Vec<Action>, ImportError> {
    let content = root.join("content");
    let mut others: Vec<(Month, String)> = Vec::new();
    if content.is_dir() {
        for p in crate::load::discover(&content).map_err(|e| {
            ImportError::Io(IoError::new(
                "cannot read the content directory",
                &content,
                e,
            ))
        })? {
            let rel = crate::confine::display_path(root, &p);
            let month = std::fs::read_to_string(&p)
                .ok()
                .and_then(|t| front_matter_value(&t, "date"))
                .and_then(|d| Month::parse(&d))
                .or_else(|| crate::load::month_from_path(&rel));
            if let Some(m) = month {
                others.push((m, rel));
            }
        }
    }
    let mut actions = Vec::with_capacity(files.len());
    for f in files {
        refuse_links(root, &f.rel)?;
        if let Some((_, rel)) = others
            .iter()
            .find(|(m, rel)| *m == f.month && *rel != f.rel)
        {
            return Err(ImportError::Refused(format!(
                "{rel} already holds {}; the import would add {} for the same month. Move or remove one of them",
                f.month, f.rel
            )));
        }
        let path = root.join(&f.rel);
        let existing = match std::fs::read(&path) {
            Ok(b) => Some(String::from_utf8_lossy(&b).into_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(ImportError::Io(IoError::new("", &path, e))),
        };
        let action = match existing {
            None => Action::Create,
            Some(old) if old == f.text => Action::Unchanged,
            Some(old) => {
                let ours = front_matter_value(&old, "generator")
                    .is_some_and(|g| g.starts_with("statusgen import"));
                if !ours {
                    return Err(ImportError::Refused(format!(
                        "{} was not written by statusgen import (no `generator:` front matter), so it is never overwritten; move it away or import into another --root",
                        f.rel
                    )));
                }
                if f.month < head_month && !rewrite_past {
                    Action::KeptPast
                } else if edited_by_hand(&old) {
                    return Err(ImportError::Refused(format!(
                        "{} was edited by hand after it was generated; it is not overwritten. Undo the edit (or delete the file) and import again",
                        f.rel
                    )));
                } else {
                    Action::Update
                }
            }
        };
        actions.push(action);
    }
    Ok(actions)
}

/// Refuses a path of the site (`content/2024-01.md`) any of whose parts below the root is a
/// symbolic link: writing through it would put a file outside the root (or replace the
/// target of the link).
fn refuse_links(root: &Path, rel: &str) -> Result<(), ImportError> {
    let mut at = root.to_path_buf();
    for part in rel.split('/') {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let shown = crate::confine::display_path(root, &at);
                return Err(ImportError::Refused(format!(
                    "{shown} is a symbolic link; the import writes only real files and folders inside the site, so nothing was written"
                )));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(ImportError::Io(IoError::new("", &at, e))),
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same directory: write, fsync,
/// rename, then fsync the directory.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.statusgen-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_and_front_matter() {
        assert_eq!(digest(""), "cbf29ce484222325");
        assert_ne!(digest("a"), digest("b"));
        let text = "---\ndate: 2024-01\ngenerator: \"statusgen import x\"\ndigest: 0\n---\nbody\n";
        assert_eq!(
            front_matter_value(text, "generator").as_deref(),
            Some("statusgen import x")
        );
        assert_eq!(body_of(text), "body\n");
        assert!(edited_by_hand(text));
        let ok = text.replace("digest: 0", &format!("digest: {}", digest("body\n")));
        assert!(!edited_by_hand(&ok));
        assert_eq!(front_matter_value("no front matter", "date"), None);
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_markdown("a|b *c*"), "a\\|b \\*c\\*");
    }
}
