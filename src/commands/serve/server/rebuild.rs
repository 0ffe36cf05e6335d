//! Building the site in memory and publishing the result to the server's state.

use super::http::percent_decode;
use super::{Built, Shared, lock};
use crate::diag::{Diagnostics, Format};
use crate::present::urls::Urls;
use std::sync::Arc;
use std::time::Instant;

/// What one rebuild did, for the log line.
pub(super) struct Work {
    /// Snapshot files parsed, and pages rendered (the rest were kept from the last build).
    parsed: usize,
    pages_rendered: usize,
}

/// Renders the site in memory through the server's [`Incremental`](crate::pipeline::Incremental)
/// state: files by site-relative path, and the base path.
pub(super) fn build(
    shared: &Shared,
) -> Result<(Built, Diagnostics, Work), crate::pipeline::BuildError> {
    let input = crate::pipeline::BuildInput {
        root: shared.root.clone(),
        base_url: shared.base_url.clone(),
        single_threaded: false,
        // The preview shows drafts and future months, marked as drafts.
        drafts: true,
    };
    let update = lock(&shared.incremental).render(&input)?;
    let base_href = Urls::new(&update.base_url)
        .base_path
        .unwrap_or_else(|| "/".into());
    let base_path = percent_decode(&base_href)
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_else(|| base_href.clone());
    let work = Work {
        parsed: update.parsed,
        pages_rendered: update.pages_rendered,
    };
    let built = Built {
        files: update
            .files
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect(),
        base_path,
        base_href,
    };
    Ok((built, update.warnings, work))
}

/// Rebuilds and publishes the result; `cause` names the changed file, if any.
pub(super) fn rebuild(shared: &Shared, cause: Option<&str>) {
    let t = Instant::now();
    let result = build(shared);
    let ms = t.elapsed().as_millis();
    let mut st = lock(&shared.state);
    match result {
        Ok((built, warnings, work)) => {
            if !warnings.is_empty() {
                (shared.log)(crate::diag::render(&warnings, Format::Human).trim_end());
            }
            let pages = built.files.keys().filter(|k| k.ends_with(".html")).count();
            let what = match cause {
                Some(c) => format!("{c} changed; rebuilt"),
                None => "built".into(),
            };
            let changed = if st.have_site {
                changed_pages(&st.site, &built)
            } else {
                pages
            };
            let parsed = match work.parsed {
                1 => "1 snapshot".to_string(),
                n => format!("{n} snapshots"),
            };
            let same = st.have_site && st.error.is_none() && *st.site == built;
            // A file caught between an editor's truncate and write looks changed, then changed
            // back: when nothing was parsed or rendered and the site is the same, there was no
            // rebuild to report.
            let nothing = cause.is_some() && same && work.parsed == 0 && work.pages_rendered == 0;
            if !nothing {
                (shared.log)(&format!(
                    "{what} {} of {pages} pages in {ms} ms ({parsed} parsed); {changed} changed",
                    work.pages_rendered
                ));
            }
            if !same {
                st.site = Arc::new(built);
                st.have_site = true;
                st.error = None;
                st.version = st.version.wrapping_add(1);
                shared.changed.notify_all();
            }
        }
        Err(e) => {
            // The message, as the browser's overlay shows it.
            let msg = e.to_string().trim_end().to_string();
            let keep = if st.have_site {
                "still serving the last good build"
            } else {
                "nothing to serve yet"
            };
            if st.error.as_deref() != Some(msg.as_str()) {
                // An error is printed once, not again while it stays the same.
                (shared.log)(&format!(
                    "{msg}\nbuild failed: {keep}; fix the errors above"
                ));
                st.error = Some(msg);
                st.version = st.version.wrapping_add(1);
                shared.changed.notify_all();
            }
        }
    }
}

/// How many HTML pages differ between two builds: added, removed, or with other bytes. This
/// is what a browser can see change (a rebuild may render more pages than change).
pub(super) fn changed_pages(old: &Built, new: &Built) -> usize {
    let html = |k: &&String| k.ends_with(".html");
    let added_or_edited = new
        .files
        .iter()
        .filter(|(k, _)| html(k))
        .filter(|(k, v)| old.files.get(*k) != Some(*v))
        .count();
    let removed = old
        .files
        .keys()
        .filter(html)
        .filter(|k| !new.files.contains_key(*k))
        .count();
    added_or_edited + removed
}
