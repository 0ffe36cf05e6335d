//! What statusgen may read from a site root. A pull request can commit symlinks, and the
//! site is built in a checkout whose `.git/config` holds the workflow's token: a file reached
//! through a symlink is read only when it lies inside the root, on no hidden path (no component
//! starting with `.`: `.git`, `.env`, the writer's `.output.staging-*` folders) and in no
//! statusgen output folder. Themes allow no symlinks at all (see [`crate::present::theme`]).

/// The file that marks a folder as statusgen's output (written by [`crate::write`]).
pub const MARKER: &str = ".statusgen-output";

use std::path::Path;

/// Display path of `path` relative to `root`, with `/` separators.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a file or folder name is hidden (`.git`, `.env`): statusgen never reads or
/// publishes such a path, except the `.nojekyll` it writes itself.
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// Where a path really leads, when that is somewhere statusgen must not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Private {
    /// Outside the site root.
    Outside,
    /// To a hidden path inside the root (site-relative).
    Hidden(String),
    /// Into a statusgen output folder inside the root (site-relative folder).
    Output(String),
}

impl std::fmt::Display for Private {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Private::Outside => f.write_str("leads outside the site root"),
            Private::Hidden(p) => write!(f, "leads to a hidden path ({p})"),
            Private::Output(p) => write!(f, "leads into a statusgen output folder ({p})"),
        }
    }
}

/// Why `path` (under `root`, after following every symlink on its way) must not be read, or
/// `None` when it may (also when it does not exist: reading it then fails on its own).
pub fn private_target(root: &Path, path: &Path) -> Option<Private> {
    let (Ok(r), Ok(c)) = (root.canonicalize(), path.canonicalize()) else {
        return None;
    };
    let Ok(rel) = c.strip_prefix(&r) else {
        return Some(Private::Outside);
    };
    let shown = display_path(&r, &c);
    if rel
        .components()
        .any(|x| is_hidden(&x.as_os_str().to_string_lossy()))
    {
        return Some(Private::Hidden(shown));
    }
    c.ancestors()
        .take_while(|d| *d != r)
        .find(|d| d.join(MARKER).exists())
        .map(|d| Private::Output(display_path(&r, d)))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_followed_only_to_plain_places_inside_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        for d in [".git", "a", "output"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join(".git/config"), "x").unwrap();
        std::fs::write(root.join("a/b.yaml"), "x").unwrap();
        std::fs::write(root.join("output/.statusgen-output"), "").unwrap();
        std::fs::write(root.join("output/index.html"), "x").unwrap();
        std::fs::write(tmp.path().join("secret"), "x").unwrap();
        let cases = [
            ("../a/b.yaml", None),
            (
                "../.git/config",
                Some(Private::Hidden(".git/config".into())),
            ),
            ("../.git", Some(Private::Hidden(".git".into()))),
            (
                "../output/index.html",
                Some(Private::Output("output".into())),
            ),
            ("../output", Some(Private::Output("output".into()))),
            ("../../secret", Some(Private::Outside)),
            ("../missing", None),
        ];
        std::fs::create_dir_all(root.join("l")).unwrap();
        for (i, (target, expect)) in cases.into_iter().enumerate() {
            let at = root.join(format!("l/{i}"));
            symlink(target, &at).unwrap();
            assert_eq!(private_target(&root, &at), expect, "{target}");
        }
        // The root's own place does not count: only what lies below it.
        let hidden_root = tmp.path().join(".sites/site");
        std::fs::create_dir_all(hidden_root.join("a")).unwrap();
        std::fs::write(hidden_root.join("a/b.yaml"), "x").unwrap();
        assert_eq!(
            private_target(&hidden_root, &hidden_root.join("a/b.yaml")),
            None
        );
    }
}
