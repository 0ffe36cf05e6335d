//! The `import:` section of `content/site.yaml`: what the importers read and how their data
//! becomes matrix columns and rows. Unknown keys are errors, like the rest of the configuration.
//!
//! ```yaml
//! import:
//!   gateway_conformance:
//!     web_url: https://github.com/kubernetes-sigs/gateway-api
//!     implementations:
//!       aliases: { istio.io/istio: istio/istio }
//!       names: { istio/istio: Istio }
//!     proposals:
//!     current_releases: 2
//!     proposals:
//!       - { number: 1742, features: [HTTPRouteRequestTimeout, HTTPRouteBackendTimeout] }
//!       - { number: 726, sets: [[HTTPRoutePathRedirect, HTTPRoutePathRewrite], [MeshHTTPRouteRedirectPath, MeshHTTPRouteRewritePath]] }
//!       - { number: 1016, profiles: [GATEWAY-GRPC] }
//! ```

use crate::config::{config_file, vet_url};
use crate::diag::Diagnostics;
use crate::diag::Rule;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::Path;

/// The part of `content/site.yaml` the importers read. The rest of the file is the site's
/// (`crate::config`), which checks it and allows `import:` without reading it; so no key is
/// refused here but those inside `import:`.
#[derive(Deserialize, Default)]
struct ImportSection {
    #[serde(default)]
    import: Option<Spanned<ImportConfig>>,
}

impl ImportConfig {
    /// Reads the `import:` section of configuration text; `file` names it in diagnostics.
    pub fn parse(text: &str, file: &str) -> Result<ImportConfig, Diagnostics> {
        let mut diags = Diagnostics::default();
        let text = &crate::text::decode_str(text);
        if text.trim().is_empty() {
            return Ok(ImportConfig::default());
        }
        let section: ImportSection = match serde_saphyr::from_str(text) {
            Ok(s) => s,
            Err(e) => {
                let (line, col, message) = crate::text::yaml_error(&e, text);
                diags.error(
                    Rule::ImportConfig,
                    file,
                    line,
                    col,
                    format!("invalid configuration: {message}"),
                );
                return Err(diags);
            }
        };
        let Some(spanned) = section.import else {
            return Ok(ImportConfig::default());
        };
        let at = &spanned.referenced;
        let (line, col) = (at.line() as usize, at.column() as usize);
        let config = spanned.value;
        if let Some(g) = &config.gateway_conformance {
            let why = vet_url(&g.web_url).err().or_else(|| {
                (!(g.web_url.starts_with("https://") || g.web_url.starts_with("http://")))
                    .then(|| "must be an absolute http(s) URL".to_string())
            });
            if let Some(why) = why {
                diags.error(
                    Rule::ImportConfig,
                    file,
                    line.max(1),
                    col.max(1),
                    format!("import.gateway_conformance.web_url: {why}"),
                );
                return Err(diags);
            }
        }
        Ok(config)
    }

    /// Reads the `import:` section of `content/site.yaml` under `root` (none: the defaults).
    pub fn load(root: &Path) -> Result<ImportConfig, Diagnostics> {
        match crate::config::read_text(root)? {
            Some(text) => ImportConfig::parse(&text, config_file()),
            None => Ok(ImportConfig::default()),
        }
    }
}

/// `import:`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ImportConfig {
    pub gateway_conformance: Option<GatewayConformanceConfig>,
}

/// `import: gateway_conformance:`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GatewayConformanceConfig {
    /// The repository's web view; evidence links are `{web_url}/blob/{commit}/{path}`.
    #[serde(default = "default_web_url")]
    pub web_url: String,
    #[serde(default)]
    pub implementations: Implementations,
    /// The matrix columns, in this order.
    #[serde(default, rename = "proposals")]
    pub item_mappings: Vec<ItemMapping>,
    /// A row's evidence is current when its newest report is for one of this many newest
    /// Gateway API minor versions that have reports at the month's commit (default 2,
    /// upstream's rule); older evidence is shown but counted nowhere.
    #[serde(default = "default_current_releases")]
    pub current_releases: usize,
    /// What the matrix's items are: `proposals` (default, one column per entry of
    /// `proposals`) or `features` (every conformance feature, one table per profile).
    #[serde(default)]
    pub items: ImportItems,
    /// Old feature names → the name they were renamed to upstream, so a renamed feature stays
    /// one item (and one set member) across its history.
    #[serde(default)]
    pub feature_aliases: BTreeMap<String, String>,
    /// With `items: features`, the profile tables, in this order: a feature goes into the
    /// first whose `prefixes` start its name, else into the first without prefixes.
    #[serde(default = "default_feature_sections")]
    pub feature_sections: Vec<FeatureSection>,
}

/// `items:` of `import: gateway_conformance:`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImportItems {
    /// One column per configured proposal (GEP).
    #[default]
    #[serde(rename = "proposals")]
    Geps,
    /// One column per conformance feature, grouped by profile.
    Features,
}

/// One profile table of a feature-level snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeatureSection {
    /// The table's heading (a profile name, `GATEWAY-HTTP`).
    pub name: String,
    /// The report profile names whose core tests decide this table's core features (the
    /// 2023 reports call GATEWAY-HTTP `HTTP`).
    #[serde(default)]
    pub profiles: Vec<String>,
    /// Feature name prefixes of this table (`GRPCRoute`); none: the table of every other feature.
    #[serde(default)]
    pub prefixes: Vec<String>,
}

/// Upstream's profiles (`conformance/utils/suite/profiles.go`): each route kind's features
/// are in its own profile, the Gateway, HTTPRoute, BackendTLSPolicy and ReferenceGrant ones
/// under GATEWAY-HTTP, the mesh ones under MESH-HTTP.
fn default_feature_sections() -> Vec<FeatureSection> {
    let s = |name: &str, profiles: &[&str], prefixes: &[&str]| FeatureSection {
        name: name.into(),
        profiles: profiles.iter().map(|p| p.to_string()).collect(),
        prefixes: prefixes.iter().map(|p| p.to_string()).collect(),
    };
    vec![
        s("GATEWAY-HTTP", &["GATEWAY-HTTP", "HTTP"], &[]),
        s("GATEWAY-GRPC", &["GATEWAY-GRPC"], &["GRPCRoute"]),
        s("GATEWAY-TLS", &["GATEWAY-TLS", "TLS"], &["TLSRoute"]),
        s("GATEWAY-TCP", &["GATEWAY-TCP"], &["TCPRoute"]),
        s("GATEWAY-UDP", &["GATEWAY-UDP"], &["UDPRoute"]),
        s("MESH-HTTP", &["MESH-HTTP", "MESH"], &["Mesh"]),
    ]
}

impl GatewayConformanceConfig {
    /// The current name of a feature (renames followed a few steps, any case).
    pub fn feature_name<'a>(&'a self, name: &'a str) -> &'a str {
        let mut n = name.trim();
        for _ in 0..8 {
            match self
                .feature_aliases
                .iter()
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(n))
            {
                Some((_, v)) if !v.trim().eq_ignore_ascii_case(n) => n = v.trim(),
                _ => break,
            }
        }
        n
    }

    /// The index of the section a feature belongs to (see `feature_sections`).
    pub fn feature_section(&self, feature: &str) -> usize {
        let lower = feature.to_ascii_lowercase();
        self.feature_sections
            .iter()
            .position(|s| {
                s.prefixes
                    .iter()
                    .any(|p| lower.starts_with(&p.to_ascii_lowercase()))
            })
            .or_else(|| {
                self.feature_sections
                    .iter()
                    .position(|s| s.prefixes.is_empty())
            })
            .unwrap_or(0)
    }
}

fn default_current_releases() -> usize {
    2
}

fn default_web_url() -> String {
    "https://github.com/kubernetes-sigs/gateway-api".into()
}

impl Default for GatewayConformanceConfig {
    fn default() -> Self {
        GatewayConformanceConfig {
            web_url: default_web_url(),
            implementations: Implementations::default(),
            item_mappings: Vec::new(),
            current_releases: default_current_releases(),
            items: ImportItems::default(),
            feature_aliases: BTreeMap::new(),
            feature_sections: default_feature_sections(),
        }
    }
}

/// `implementations:`: identities are `organization/project`, lower-cased.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Implementations {
    /// Identity → canonical identity.
    pub aliases: BTreeMap<String, String>,
    /// Canonical identity → display name (the row label); default: the identity.
    pub names: BTreeMap<String, String>,
}

/// One matrix column and how its cells are decided. The column is `C` when one alternative
/// is met: a profile of `profiles` whose core tests passed, or every feature of `features`
/// (one set), or every feature of one set of `sets` (a Gateway set, a Mesh set).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ProposalMapping")]
pub struct ItemMapping {
    pub number: u32,
    /// `C` for every implementation with a report (kept for old configurations; the Core
    /// column says which profiles' core tests each implementation passes).
    #[serde(default)]
    pub all_reports: bool,
    /// Conformance features, one set: every one of them is needed.
    #[serde(default)]
    pub features: Vec<String>,
    /// Alternative feature sets: every feature of one set is needed.
    #[serde(default)]
    pub sets: Vec<Vec<String>>,
    /// Conformance profiles (`GATEWAY-GRPC`): any one whose core tests passed.
    #[serde(default)]
    pub profiles: Vec<String>,
}

/// One way a proposal can be met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alternative<'a> {
    /// A profile whose core tests passed.
    Profile(&'a str),
    /// Every feature of a set.
    Features(&'a [String]),
}

impl ItemMapping {
    /// Whether any reported data decides this column.
    pub fn is_mapped(&self) -> bool {
        self.all_reports || !self.alternatives().is_empty()
    }

    /// The alternatives, profiles first, then `features`, then `sets`.
    pub fn alternatives(&self) -> Vec<Alternative<'_>> {
        let mut out: Vec<Alternative<'_>> = self
            .profiles
            .iter()
            .map(|p| Alternative::Profile(p))
            .collect();
        if !self.features.is_empty() {
            out.push(Alternative::Features(&self.features));
        }
        out.extend(
            self.sets
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| Alternative::Features(s)),
        );
        out
    }

    /// Every feature named by any set.
    pub fn all_features(&self) -> impl Iterator<Item = &String> {
        self.features.iter().chain(self.sets.iter().flatten())
    }
}

impl Implementations {
    /// The canonical identity of `organization/project` (lower-cased, then aliased; aliases are
    /// matched lower-cased too, and followed at most a few steps so a cycle cannot hang).
    pub fn identity(&self, organization: &str, project: &str) -> String {
        let mut id = format!(
            "{}/{}",
            organization.trim().to_lowercase(),
            project.trim().to_lowercase()
        );
        for _ in 0..8 {
            match self
                .aliases
                .iter()
                .find(|(k, _)| k.to_lowercase() == id)
                .map(|(_, v)| v.trim().to_lowercase())
            {
                Some(next) if next != id => id = next,
                _ => break,
            }
        }
        id
    }

    /// The row label of a canonical identity.
    pub fn name<'a>(&'a self, identity: &'a str) -> &'a str {
        self.names
            .iter()
            .find(|(k, _)| k.to_lowercase() == identity)
            .map(|(_, v)| v.as_str())
            .unwrap_or(identity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities() {
        let mut i = Implementations::default();
        i.aliases
            .insert("istio.io/istio".into(), "istio/istio".into());
        i.aliases.insert(
            "nginxinc/nginx-kubernetes-gateway".into(),
            "nginxinc/nginx-gateway-fabric".into(),
        );
        i.aliases.insert(
            "nginxinc/nginx-gateway-fabric".into(),
            "nginx/nginx-gateway-fabric".into(),
        );
        i.names.insert("istio/istio".into(), "Istio".into());
        assert_eq!(i.identity("Istio.io", "istio"), "istio/istio");
        assert_eq!(
            i.identity("nginxinc", "nginx-kubernetes-gateway"),
            "nginx/nginx-gateway-fabric"
        );
        assert_eq!(i.identity("Kong", "kong-operator"), "kong/kong-operator");
        assert_eq!(i.name("istio/istio"), "Istio");
        assert_eq!(i.name("kong/kong-operator"), "kong/kong-operator");
    }
}
