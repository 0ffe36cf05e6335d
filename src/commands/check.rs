//! `statusgen check`: read everything, print every problem, exit 1 on errors.

use super::{EXIT_CONTENT, EXIT_OK};
use crate::diag::{Format, render};
use std::io::Write;
use std::path::Path;

pub fn run(root: &Path, format: Format, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut site = match super::read_site(root, err) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // The importers' section of site.yaml is theirs to read (`import::settings`); `check` reads
    // it too, so a mistake there shows before the monthly import runs. When the file itself
    // cannot be read, that is said once already.
    if !site
        .diagnostics
        .items
        .iter()
        .any(|d| d.file == crate::config::CONFIG_FILE)
        && let Err(d) = crate::import::settings::ImportConfig::load(root)
    {
        site.diagnostics.extend(d);
    }
    // Whatever `build` would refuse, `check` refuses too: the theme is loaded and compiled,
    // and, when the content has no errors, the site is rendered in memory and its files checked
    // as the writer would (nothing is written).
    match crate::present::theme::load(root, &site.config.theme) {
        Err(e) => site.diagnostics.extend(e.diagnostics()),
        Ok(theme) if !site.diagnostics.has_errors() => {
            if let Err(d) = render_like_build(root, &site, &theme) {
                site.diagnostics.extend(d);
            }
        }
        Ok(_) => {}
    }
    site.diagnostics.sort();
    let text = render(&site.diagnostics, format);
    let _ = out.write_all(text.as_bytes());
    let errors = site.diagnostics.errors().count();
    let warnings = site.diagnostics.items.len() - errors;
    if format == Format::Human {
        let _ = writeln!(
            err,
            "checked {} snapshot(s): {} error(s), {} warning(s)",
            site.history.snapshots.len(),
            errors,
            warnings
        );
    }
    if errors > 0 { EXIT_CONTENT } else { EXIT_OK }
}

/// Renders the site as `build` would and checks the files as the writer would; a failure is a
/// diagnostic at the theme file (or site.yaml) it comes from.
fn render_like_build(
    root: &Path,
    site: &crate::site::Site,
    theme: &crate::present::theme::Theme,
) -> Result<(), crate::diag::Diagnostics> {
    let analysis = crate::pipeline::analyse(site);
    let opts = crate::present::site::RenderOptions {
        base_url: site.config.base_url.clone(),
        single_threaded: false,
    };
    let mut d = crate::diag::Diagnostics::default();
    match crate::pipeline::present(site, &analysis, theme, &opts) {
        Ok(files) => {
            if let Err(e) = crate::write::check_files(&files) {
                d.error(crate::config::CONFIG_FILE, 0, 0, e.to_string());
            }
        }
        Err(crate::pipeline::BuildError::Present(
            crate::present::error::PresentError::Render {
                path,
                template,
                message,
            },
        )) => {
            let own = format!("themes/{}/templates/{template}", site.config.theme);
            let file = if root.join(&own).is_file() {
                own
            } else {
                crate::config::CONFIG_FILE.to_string()
            };
            d.error(
                &file,
                0,
                0,
                format!("template error rendering {path} with {template}: {message}"),
            );
        }
        Err(e) => match e.diagnostics() {
            Some(found) => d.extend(found),
            None => d.error("content", 0, 0, e.to_string()),
        },
    }
    if d.is_empty() { Ok(()) } else { Err(d) }
}
