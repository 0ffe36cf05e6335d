//! Where the configuration lives: `content/site.yaml` (or the file `-c/--config` names) and
//! its one reader, which checks the path and the encoding before any parsing.

use crate::diag::{Diagnostics, Rule};
use std::path::Path;

/// The configuration file, relative to the site root, unless `--config` names another.
pub const CONFIG_FILE: &str = "content/site.yaml";

static CONFIG_PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Reads the configuration from `rel` (relative to the site root, `/`-separated) instead of
/// [`CONFIG_FILE`] for the rest of the process: `-c/--config FILE`. The binary sets it once,
/// before any command runs; a second call changes nothing.
pub fn use_config_file(rel: &str) {
    let _ = CONFIG_PATH.set(rel.replace('\\', "/"));
}

/// The configuration file, relative to the site root: [`CONFIG_FILE`] unless `--config` named
/// another.
pub fn config_file() -> &'static str {
    CONFIG_PATH.get().map_or(CONFIG_FILE, String::as_str)
}

/// The text of `content/site.yaml` under `root` (UTF-8 checked, BOM dropped), or `None` when
/// there is none: the one reader of the file, for the site's configuration and for the
/// importers' section of it (`crate::import::settings`).
pub fn read_text(root: &Path) -> Result<Option<String>, Diagnostics> {
    let path = root.join(config_file());
    let fail = |line, col, message: String| {
        let mut d = Diagnostics::default();
        d.error(Rule::Config, config_file(), line, col, message);
        d
    };
    if let Some(why) = crate::confine::private_target(root, &path) {
        return Err(fail(
            0,
            0,
            format!("is a symlink that {why}; refusing to read it"),
        ));
    }
    match std::fs::read(&path) {
        Ok(bytes) => match crate::text::decode(bytes) {
            Ok(d) => Ok(Some(d.text)),
            Err(e) => Err(fail(
                e.line,
                e.col,
                "configuration is not UTF-8 text; save it as UTF-8".into(),
            )),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(fail(0, 0, format!("cannot read configuration: {e}"))),
    }
}
