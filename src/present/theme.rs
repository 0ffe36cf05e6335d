//! Themes: the default theme (`themes/default/`: `templates/` and `static/`) is embedded in the
//! binary, so an installed statusgen builds any site. A site picks a theme with `theme:` in its
//! config; `themes/<name>/templates/*.html` under the site root override single templates and
//! `themes/<name>/static/` files add to or replace the default static files.

use std::collections::BTreeMap;
use std::path::Path;

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
    "list.html",
    "404.html",
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
];

/// A compiled theme: templates ready to render and the static files to copy.
pub struct Theme {
    pub tera: tera::Tera,
    pub static_files: BTreeMap<String, Vec<u8>>,
}

/// Loads the theme named in the config: embedded defaults, then the site's overrides.
pub fn load(root: &Path, name: &str) -> Result<Theme, String> {
    let mut templates: BTreeMap<String, String> = TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut static_files: BTreeMap<String, Vec<u8>> = STATIC
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
    let dir = root.join("themes").join(name);
    if name != "default" && !dir.is_dir() {
        return Err(format!(
            "theme \"{name}\" not found: expected the folder {}; set `theme: default` or create it",
            dir.display()
        ));
    }
    let tdir = dir.join("templates");
    if tdir.is_dir() {
        for e in walkdir::WalkDir::new(&tdir).sort_by_file_name() {
            let e = e.map_err(|e| e.to_string())?;
            if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html") {
                let rel = crate::load::display_path(&tdir, e.path());
                let text = std::fs::read_to_string(e.path())
                    .map_err(|err| format!("{}: {err}", e.path().display()))?;
                templates.insert(rel, text);
            }
        }
    }
    let sdir = dir.join("static");
    if sdir.is_dir() {
        for e in walkdir::WalkDir::new(&sdir).sort_by_file_name() {
            let e = e.map_err(|e| e.to_string())?;
            if e.file_type().is_file()
                && !crate::load::is_ignored_name(&e.file_name().to_string_lossy())
            {
                let rel = crate::load::display_path(&sdir, e.path());
                let bytes = std::fs::read(e.path())
                    .map_err(|err| format!("{}: {err}", e.path().display()))?;
                static_files.insert(rel, bytes);
            }
        }
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| format!("template error: {}", error_chain(&e)))?;
    Ok(Theme { tera, static_files })
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
