//! Themes: the default theme (`themes/default/`: `templates/` and `static/`) is embedded in the
//! binary, so an installed statusgen builds any site. A site picks a theme with `theme:` in its
//! config; `themes/<name>/templates/*.html` (and the built-in `feed.xml`, `sitemap.xml` and
//! `robots.txt`) under the site root override single templates and
//! `themes/<name>/static/` files add to or replace the default static files.

use crate::diag::Rule;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default templates, by name.
pub const TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "index.html",
    "month.html",
    "proposal.html",
    "implementor.html",
    "changes.html",
    "changes_index.html",
    "graduation.html",
    "list.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
);

/// The default static files, by path under `static/`.
pub const STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "matrix.js",
        include_str!("../../themes/default/static/matrix.js"),
    ),
    (
        "favicon.svg",
        include_str!("../../themes/default/static/favicon.svg"),
    ),
];

/// A compiled theme: templates ready to render and the static files to copy.
pub struct Theme {
    pub tera: tera::Tera,
    pub static_files: BTreeMap<String, Vec<u8>>,
}

/// Why a theme cannot be used: the file (site-relative) and line it is about, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

impl ThemeError {
    fn at(file: impl Into<String>, message: impl Into<String>) -> ThemeError {
        ThemeError {
            file: file.into(),
            line: 0,
            col: 0,
            message: message.into(),
        }
    }

    /// The error as a diagnostic, for `check` and `build`.
    pub fn diagnostics(&self) -> crate::diag::Diagnostics {
        let mut d = crate::diag::Diagnostics::default();
        d.error(Rule::Theme, &self.file, self.line, self.col, &self.message);
        d
    }
}

/// A theme is a folder of plain files. A pull request can commit a symlink, and the site is
/// built in a checkout whose `.git/config` holds the workflow's token: so no theme file is
/// read through a symlink (wherever it leads, inside the site root or outside it), and no hidden
/// file or folder (`.git`, `.env`) and no statusgen output folder in a theme is read. Each is an
/// error at its path, which `check` reports as `build` does.
struct Plain<'a> {
    root: &'a Path,
}

impl Plain<'_> {
    /// Site-relative display path of `p`.
    fn rel(&self, p: &Path) -> String {
        crate::confine::display_path(self.root, p)
    }

    /// Refuses `p` when it is a symlink (it is never followed).
    fn no_link(&self, p: &Path) -> Result<(), ThemeError> {
        match p.symlink_metadata() {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(p)
                    .map(|t| format!(" (to {})", t.display()))
                    .unwrap_or_default();
                Err(ThemeError::at(
                    self.rel(p),
                    format!(
                        "is a symlink{to}; a theme holds plain files and folders only, and no symlink in it is followed, wherever it leads (it could publish .git or other private files)"
                    ),
                ))
            }
            _ => Ok(()),
        }
    }

    /// Refuses a folder that holds a statusgen output (its marker file).
    fn not_output(&self, dir: &Path) -> Result<(), ThemeError> {
        if dir.join(crate::write::MARKER).symlink_metadata().is_ok() {
            return Err(ThemeError::at(
                self.rel(dir),
                format!(
                    "is a statusgen output folder (it holds {}); a theme may not hold a built site: build into a folder outside themes/",
                    crate::write::MARKER
                ),
            ));
        }
        Ok(())
    }

    /// The plain files under `dir` (a plain folder), sorted. Editor leftovers are skipped
    /// without being read or followed; any symlink, hidden entry, output folder or special file
    /// stops the walk with an error at its path before anything under it is read.
    fn files(&self, dir: &Path) -> Result<Vec<PathBuf>, ThemeError> {
        self.no_link(dir)?;
        if !dir.is_dir() {
            return Err(ThemeError::at(self.rel(dir), "is not a folder"));
        }
        let mut out = Vec::new();
        let walk = walkdir::WalkDir::new(dir)
            .follow_links(false)
            .follow_root_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_litter(&e.file_name().to_string_lossy()));
        for e in walk {
            let e = e.map_err(|e| {
                let at = e
                    .path()
                    .map(|p| self.rel(p))
                    .unwrap_or_else(|| self.rel(dir));
                ThemeError::at(at, format!("cannot read: {e}"))
            })?;
            if e.path_is_symlink() {
                self.no_link(e.path())?;
            }
            let name = e.file_name().to_string_lossy();
            if e.depth() > 0 && crate::confine::is_hidden(&name) {
                let kind = if e.file_type().is_dir() {
                    "folder"
                } else {
                    "file"
                };
                return Err(ThemeError::at(
                    self.rel(e.path()),
                    format!(
                        "is a hidden {kind}; a theme may not hold hidden files or folders (such as .git or .env): they are never read or published"
                    ),
                ));
            }
            if e.file_type().is_dir() {
                self.not_output(e.path())?;
            } else if e.file_type().is_file() {
                out.push(e.into_path());
            } else {
                return Err(ThemeError::at(
                    self.rel(e.path()),
                    "is not a plain file (a pipe, socket or device); a theme holds plain files only",
                ));
            }
        }
        Ok(out)
    }
}

/// An editor's leftovers and the system's litter, skipped without being read or followed: a
/// swap, lock or backup file appears beside a theme file while it is open (`.style.css.swp`,
/// `.#style.css`, `#style.css#`, `style.css~`), and macOS leaves `.DS_Store` in folders.
fn is_litter(name: &str) -> bool {
    name == ".DS_Store"
        || name.starts_with(".#")
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swo", ".swx"].iter().any(|x| name.ends_with(x))
}

/// Loads the theme named in the config: embedded defaults, then the site's overrides under
/// `root/themes/<name>/`. The name must be a plain folder name, and the theme a folder of plain
/// files (see [`Plain`]).
pub fn load(root: &Path, name: &str) -> Result<Theme, ThemeError> {
    if !crate::config::is_theme_name(name) {
        return Err(ThemeError::at(
            crate::config::config_file(),
            format!(
                "theme \"{}\" must be a name of letters, digits, '-' or '_' (a folder under themes/)",
                name.escape_debug()
            ),
        ));
    }
    let mut templates: BTreeMap<String, String> = TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut static_files: BTreeMap<String, Vec<u8>> = STATIC
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
    let plain = Plain { root };
    let themes = root.join("themes");
    let dir = themes.join(name);
    let exists = dir.symlink_metadata().is_ok();
    if name != "default" && !exists {
        return Err(ThemeError::at(
            crate::config::config_file(),
            format!(
                "theme \"{name}\" not found: expected the folder themes/{name}/; set `theme: default` or create it"
            ),
        ));
    }
    // Where each site template came from, to point template errors at their file.
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    if exists {
        plain.no_link(&themes)?;
        plain.no_link(&dir)?;
        let tdir = dir.join("templates");
        if tdir.symlink_metadata().is_ok() {
            for path in plain.files(&tdir)? {
                if path
                    .extension()
                    .is_some_and(|x| x == "html" || x == "xml" || x == "txt")
                {
                    let rel = crate::confine::display_path(&tdir, &path);
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        ThemeError::at(plain.rel(&path), format!("cannot read: {e}"))
                    })?;
                    sources.insert(rel.clone(), plain.rel(&path));
                    templates.insert(rel, text);
                }
            }
        }
        let sdir = dir.join("static");
        if sdir.symlink_metadata().is_ok() {
            for path in plain.files(&sdir)? {
                let rel = crate::confine::display_path(&sdir, &path);
                let bytes = std::fs::read(&path)
                    .map_err(|e| ThemeError::at(plain.rel(&path), format!("cannot read: {e}")))?;
                static_files.insert(rel, bytes);
            }
        }
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| template_error(&e, &sources, name))?;
    Ok(Theme { tera, static_files })
}

/// A template compile error, placed at the site's template file (and line) it names; tera
/// (pest) reports positions as `--> name:line:col`.
fn template_error(e: &tera::Error, sources: &BTreeMap<String, String>, theme: &str) -> ThemeError {
    let chain = error_chain(e);
    let (text, at) = match chain.split_once("--> ") {
        Some((text, at)) => (text, at.lines().next().unwrap_or("")),
        None => (chain.as_str(), ""),
    };
    let mut parts = at.rsplitn(3, ':');
    let col = parts.next().and_then(|c| c.trim().parse().ok());
    let line = parts.next().and_then(|l| l.parse().ok());
    let name = parts.next().unwrap_or("");
    let file = sources
        .get(name)
        .or_else(|| {
            sources.iter().find_map(|(n, f)| {
                (chain.contains(&format!("'{n}'")) || chain.contains(&format!("\"{n}\"")))
                    .then_some(f)
            })
        })
        .cloned()
        .unwrap_or_else(|| format!("themes/{theme}/templates"));
    let message: Vec<&str> = text.split_whitespace().collect();
    ThemeError {
        file,
        line: line.unwrap_or(0),
        col: col.unwrap_or(0),
        message: format!("template error: {}", message.join(" ")),
    }
}

/// A tera error with its causes, on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
