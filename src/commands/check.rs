//! `statusgen check`: read everything, print every problem, exit 1 on errors.

use super::{EXIT_CONTENT, EXIT_OK};
use crate::diag::Rule;
use crate::diag::{Diagnostics, Format, render};
use crate::pipeline::BuildError;
use crate::present::error::PresentError;
use std::io::Write;
use std::path::Path;

pub fn run(root: &Path, format: Format, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let site = match super::read_site(root, err) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Whatever `build` would refuse, `check` refuses too: the site goes through the stages of a
    // build (the theme loaded and compiled, every page rendered and dropped, the paths checked
    // as the writer would); nothing is written. With content errors, only the theme is loaded.
    let snapshots = site.history.snapshots.len();
    let theme = site.config.theme.clone();
    let mut found = site.diagnostics.clone();
    // Whether site.yaml itself could not be read (said once, not again for `import:` below).
    let config_failed = found
        .items
        .iter()
        .any(|d| d.file == crate::config::config_file());
    if found.has_errors() {
        if let Err(e) = crate::present::theme::load(root, &theme) {
            found.extend(e.diagnostics());
        }
    } else if let Err(e) = crate::pipeline::check(root, site) {
        found.extend(diagnostics(root, &theme, e));
    }
    // The importers' section of site.yaml is theirs to read (`import::settings`); `check` reads
    // it too, so a mistake there shows before the monthly import runs. When the file itself
    // cannot be read, that is said once already.
    if !config_failed && let Err(d) = crate::import::settings::ImportConfig::load(root) {
        found.extend(d);
    }
    found.sort();
    let ui = super::ui();
    let mut source = super::source_reader(root);
    found.fill_ends(&mut source);
    let found = ui.apply(&found);
    let text = match (format, ui.snippets(ui.stdout_terminal)) {
        (Format::Human, Some(style)) => crate::diag::render_snippets(&found, &mut source, style),
        _ => render(&found, format),
    };
    let _ = out.write_all(text.as_bytes());
    let errors = found.errors().count();
    let warnings = found.items.len() - errors;
    if format == Format::Human && !ui.quiet {
        let _ = writeln!(
            err,
            "checked {} snapshot(s): {} error(s), {} warning(s)",
            snapshots, errors, warnings
        );
    }
    if errors > 0 { EXIT_CONTENT } else { EXIT_OK }
}

/// A failed build as diagnostics: a template error at the theme file (or site.yaml) it comes
/// from.
fn diagnostics(root: &Path, theme: &str, e: BuildError) -> Diagnostics {
    let mut d = Diagnostics::default();
    match e {
        BuildError::Present(PresentError::Render {
            path,
            template,
            message,
        }) => {
            let own = format!("themes/{theme}/templates/{template}");
            let file = if root.join(&own).is_file() {
                own
            } else {
                crate::config::config_file().to_string()
            };
            d.error(
                Rule::Template,
                &file,
                0,
                0,
                format!("template error rendering {path} with {template}: {message}"),
            );
        }
        BuildError::Write(e) => d.error(
            Rule::Write,
            crate::config::config_file(),
            0,
            0,
            e.to_string(),
        ),
        e => match e.diagnostics() {
            Some(found) => d.extend(found),
            None => d.error(Rule::Build, "content", 0, 0, e.to_string()),
        },
    }
    d
}
