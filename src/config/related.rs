//! `related:` — a sibling site published beside this one, whose item pages relate to this
//! site's (the GEP-level and the feature-level Gateway API sites), and which items relate: the
//! importers' mapping (`import: gateway_conformance: proposals:`, read leniently here; the
//! importer checks it) names each GEP's conformance features.
//!
//! ```yaml
//! related:
//!   title: "Gateway API conformance features, month by month"
//!   url: "../gateway-features/"     # the sibling's root, relative to this site's, or http(s)
//!   path: features                  # the URL path segment of its item pages
//! ```

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `related:`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Related {
    /// The sibling site's name, shown with the links to it.
    pub title: String,
    /// Its root: a path relative to this site's root (`../gateway-conformance/`) or an http(s)
    /// URL, ending in "/".
    pub url: String,
    /// The URL path segment of its item pages (`geps`, `features`).
    pub path: String,
    /// The word for its numbered items (`GEP` → "GEP-1742"; default "GEP").
    #[serde(default = "default_label")]
    pub label: String,
    /// Old feature names → the names the sibling's pages have (the feature-level site's
    /// `feature_aliases`), for a mapping that still names a renamed feature.
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
}

fn default_label() -> String {
    "GEP".into()
}

/// `import:` as far as the related items go: unknown keys ignored (the importers check them).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RawImport {
    gateway_conformance: Option<RawGateway>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct RawGateway {
    #[serde(rename = "proposals")]
    items: Vec<RawMapping>,
    feature_aliases: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct RawMapping {
    number: u32,
    features: Vec<String>,
    sets: Vec<Vec<String>>,
}

/// Which GEP names which features (current names, renames followed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeatureMapping {
    /// GEP number → its features, in mapping order, each once.
    pub features_of: BTreeMap<u32, Vec<String>>,
    /// Feature name, lower-cased → the GEPs naming it, in mapping order.
    pub geps_of: BTreeMap<String, Vec<u32>>,
}

impl RawImport {
    /// The mapping, renames followed through `feature_aliases` and `more_aliases`.
    pub fn mapping(&self, more_aliases: &BTreeMap<String, String>) -> FeatureMapping {
        let mut out = FeatureMapping::default();
        let Some(g) = &self.gateway_conformance else {
            return out;
        };
        let current = |name: &str| -> String {
            let mut n = name.trim().to_string();
            for _ in 0..8 {
                match g
                    .feature_aliases
                    .iter()
                    .chain(more_aliases)
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case(&n))
                {
                    Some((_, v)) if !v.trim().eq_ignore_ascii_case(&n) => n = v.trim().into(),
                    _ => break,
                }
            }
            n
        };
        for m in &g.items {
            for f in m.features.iter().chain(m.sets.iter().flatten()) {
                let f = current(f);
                let list = out.features_of.entry(m.number).or_default();
                if !list.iter().any(|x| x.eq_ignore_ascii_case(&f)) {
                    list.push(f.clone());
                }
                let geps = out.geps_of.entry(f.to_ascii_lowercase()).or_default();
                if !geps.contains(&m.number) {
                    geps.push(m.number);
                }
            }
        }
        out
    }
}
