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
//!       - { number: 1709, all_reports: true }
//!       - { number: 1742, features: [HTTPRouteRequestTimeout, HTTPRouteBackendTimeout] }
//!       - { number: 1016, profiles: [GATEWAY-GRPC] }
//! ```

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

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
    #[serde(default)]
    pub proposals: Vec<ProposalMapping>,
}

fn default_web_url() -> String {
    "https://github.com/kubernetes-sigs/gateway-api".into()
}

impl Default for GatewayConformanceConfig {
    fn default() -> Self {
        GatewayConformanceConfig {
            web_url: default_web_url(),
            implementations: Implementations::default(),
            proposals: Vec::new(),
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

/// One matrix column and how its cells are decided.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalMapping {
    pub number: u32,
    /// `C` for every implementation with a report (GEP-1709, Conformance Profiles).
    #[serde(default)]
    pub all_reports: bool,
    /// Conformance features; any one of them counts.
    #[serde(default)]
    pub features: Vec<String>,
    /// Conformance profiles (`GATEWAY-GRPC`): their core result counts.
    #[serde(default)]
    pub profiles: Vec<String>,
}

impl ProposalMapping {
    /// Whether any reported data decides this column.
    pub fn is_mapped(&self) -> bool {
        self.all_reports || !self.features.is_empty() || !self.profiles.is_empty()
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
