//! With `versions:`, what a column's page (a version line) says about versions: the month
//! each row (item) became supported by it, and the version it was supported since then.

use super::context::Shared;
use super::views::ImplementorView;
use crate::model::VersionState;
use serde::Serialize;

/// An item the implementor supports, and since when.
#[derive(Serialize)]
pub(super) struct Became<'a> {
    id: String,
    title: &'a str,
    url: String,
    /// The first month its cell held a released version ("March 2024").
    month: String,
    /// That month's value in words ("since 3.3.2").
    value: String,
    /// Its value in the latest month the implementor is listed ("since 3.4.0", "not
    /// supported", "not listed").
    now: String,
}

/// Per item ever supported, in the order of the site's items: the first month its cell held
/// a released version. Empty without `versions:`.
pub(super) fn became_supported<'a>(
    d: &Shared<'a>,
    v: &ImplementorView<'a>,
    from: &str,
) -> Vec<Became<'a>> {
    if d.config.versions.is_none() {
        return Vec::new();
    }
    let places = d.item_places();
    let mut first: Vec<Option<(usize, &crate::model::VersionValue)>> = vec![None; places.len()];
    for (mi, m) in v.months.iter().enumerate() {
        for (col, &(pi, _)) in m.cells.iter().enumerate() {
            let value = m.row.cells.get(col).and_then(|c| c.version());
            if let (Some(value), Some(slot @ None)) = (value, first.get_mut(pi))
                && value.state == VersionState::Supported
            {
                *slot = Some((mi, value));
            }
        }
    }
    let latest = v.months.last();
    first
        .iter()
        .enumerate()
        .filter_map(|(pi, f)| {
            let (mi, value) = (*f)?;
            let place = &places[pi];
            let now =
                latest
                    .and_then(|m| {
                        let col = m.cells.iter().position(|&(p, _)| p == pi)?;
                        Some(m.row.cells.get(col).and_then(|c| c.version()).map_or_else(
                            || "not supported".to_string(),
                            super::version_words::cell,
                        ))
                    })
                    .unwrap_or_else(|| "not listed".to_string());
            Some(Became {
                id: d.config.item_id(&place.key),
                title: &place.title,
                url: d.urls.href(from, &d.item_path(&place.key)),
                month: d.months()[v.months[mi].si].long_name(),
                value: super::version_words::cell(value),
                now,
            })
        })
        .collect()
}
