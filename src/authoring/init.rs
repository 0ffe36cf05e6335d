//! Site scaffolding behind `statusgen init`, from one of two templates:
//!
//! * [`Template::Default`]: a hand-edited site — `content/site.yaml` with every option
//!   documented and commented out at its default, one example snapshot for a given month, a
//!   GitHub Pages workflow that checks, builds and deploys the site, a pull-request workflow
//!   that checks content and summarises each change, a Dependabot configuration that keeps the
//!   workflows' actions current, a `.gitignore` and a README that explains the content format. The example is valid as written: `statusgen check` passes on a fresh
//!   site with no warnings.
//! * [`Template::GatewayConformance`]: a site fed by `statusgen import gateway-conformance` —
//!   `content/site.yaml` with the researched mapping of Gateway Enhancement Proposals to
//!   conformance features and profiles and of report identities to implementations (files under
//!   `templates/gateway-conformance/`), the same two workflows and Dependabot configuration, a
//!   monthly import workflow that opens a pull request, a `.gitignore` and a README. It has no snapshot: the import writes them.
//!
//! Every third-party action in the workflows is pinned by commit SHA from one table
//! ([`pins::ACTION_PINS`]); statusgen's own action by the exact release that wrote the site.
//!
//! Also the current UTC month from the system clock.

pub mod pins;
mod repo;
pub use pins::{ACTION_PINS, ActionPin};
pub use repo::GithubRepo;

use crate::error::IoError;
use crate::model::Month;
use std::path::{Path, PathBuf};

/// Why a site was not created.
#[derive(Debug)]
pub enum InitError {
    /// The directory exists and has files in it.
    NotEmpty(PathBuf),
    /// Creating a directory or writing a file failed.
    Io(crate::error::IoError),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::NotEmpty(d) => write!(
                f,
                "{} is not empty; statusgen init only creates a site in a new or empty directory",
                d.display()
            ),
            InitError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for InitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InitError::Io(e) => Some(e),
            InitError::NotEmpty(_) => None,
        }
    }
}

/// Which kind of site `statusgen init` writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Template {
    /// A hand-edited matrix, with one example snapshot.
    #[default]
    Default,
    /// A site made by `statusgen import gateway-conformance` from the Gateway API conformance
    /// reports; no snapshot until the first import.
    GatewayConformance,
    /// The same reports, one item per conformance feature (`items: features`).
    GatewayFeatures,
}

impl Template {
    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Template::Default => "default",
            Template::GatewayConformance => "gateway-conformance",
            Template::GatewayFeatures => "gateway-features",
        }
    }

    /// Whether the template writes an example snapshot (for a month).
    pub fn has_example(self) -> bool {
        self == Template::Default
    }
}

/// The files of a new default site whose example snapshot is for `month`:
/// `(relative path, text)`.
pub fn site_files(month: Month) -> Vec<(String, String)> {
    template_files(Template::Default, month)
}

/// The files a template writes, `(relative path, text)`; `month` is the example snapshot's
/// (templates without an example ignore it).
pub fn template_files(template: Template, month: Month) -> Vec<(String, String)> {
    // Third-party actions pinned by commit SHA (`pins.rs`), statusgen's own at this release.
    let workflow =
        |text: &str| pins::fill(&text.replace("{statusgen_version}", env!("CARGO_PKG_VERSION")));
    let id = new_site_id();
    let mut files: Vec<(String, String)> = match template {
        Template::Default => vec![
            (
                "content/site.yaml".into(),
                with_schema_line(&format!(
                    "{}{SITE_YAML}",
                    site_head(
                        Some((
                            "Implementation status",
                            "Which implementations support which proposals, month by month."
                        )),
                        &id
                    )
                )),
            ),
            (format!("content/{month}.md"), example_snapshot(month)),
        ],
        Template::GatewayConformance => vec![
            (
                "content/site.yaml".into(),
                with_schema_line(&format!("{}{GATEWAY_SITE_YAML}", site_head(None, &id))),
            ),
            (
                ".github/workflows/import.yml".into(),
                workflow(GATEWAY_IMPORT_WORKFLOW),
            ),
        ],
        Template::GatewayFeatures => vec![
            (
                "content/site.yaml".into(),
                with_schema_line(FEATURES_SITE_YAML),
            ),
            (
                ".github/workflows/import.yml".into(),
                workflow(GATEWAY_IMPORT_WORKFLOW),
            ),
        ],
    };
    files.push((
        ".github/workflows/pages.yml".into(),
        workflow(PAGES_WORKFLOW),
    ));
    files.push((".github/workflows/pr.yml".into(), workflow(PR_WORKFLOW)));
    files.push((".github/dependabot.yml".into(), DEPENDABOT.into()));
    files.push((".gitignore".into(), "output/\n".into()));
    files.push((
        "README.md".into(),
        match template {
            Template::Default => readme(month),
            Template::GatewayConformance => GATEWAY_README.into(),
            Template::GatewayFeatures => FEATURES_README.into(),
        },
    ));
    files
}

/// The lines `init` writes at the top of `site.yaml`: a neutral title and description (for the
/// default template; the options below stay commented, with their defaults), and the site's
/// stable id, which the feed's entry ids are made from.
fn site_head(title: Option<(&str, &str)>, id: &str) -> String {
    let mut s = String::new();
    if let Some((title, description)) = title {
        s.push_str(&format!(
            "# This site's name and one sentence about it, on every page and in the feed.\ntitle: \"{title}\"\ndescription: \"{description}\"\n\n"
        ));
    }
    s.push_str(&format!(
        "# The site's stable id, written once by `statusgen init`: the feed's entry ids are made from\n# it, so they stay the same when the title changes. Keep it.\nid: \"{id}\"\n\n"
    ));
    s
}

/// A new random site id: 32 hexadecimal digits from the standard library's randomly keyed
/// hasher (no clock, no crate), unique per `init`.
pub fn new_site_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let half = |salt: u64| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u32(std::process::id());
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

/// `site.yaml` text with the first line that points YAML editors (the yaml-language-server in
/// VS Code, Neovim, Helix, …) at the configuration's JSON Schema, so they complete and check
/// keys as `statusgen check` does.
fn with_schema_line(yaml: &str) -> String {
    format!(
        "# yaml-language-server: $schema={}\n{yaml}",
        crate::config::SCHEMA_URL
    )
}

/// Creates a new site from `template` in `dir` (created if missing; it must be empty
/// otherwise). Returns the paths written, in order.
pub fn init_site(
    dir: &Path,
    template: Template,
    month: Month,
    repo: Option<&GithubRepo>,
) -> Result<Vec<PathBuf>, InitError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(InitError::NotEmpty(dir.to_path_buf()));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(InitError::Io(IoError::new(
                "cannot use as the site directory",
                dir,
                e,
            )));
        }
    }
    let mut files = template_files(template, month);
    if let Some(repo) = repo {
        repo::apply(&mut files, repo);
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| InitError::Io(IoError::new("cannot create", parent, e)))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| InitError::Io(IoError::new("cannot write", &path, e)))?;
        written.push(path);
    }
    Ok(written)
}

/// The current month in UTC ([`Month::current`]: the clock, or `STATUSGEN_TODAY`).
pub fn current_month() -> Month {
    Month::current()
}

/// The example snapshot: prose, a matrix with a Status and a Compliance row, two implementors
/// and a placeholder row, in the layout `statusgen fmt` writes.
pub fn example_snapshot(month: Month) -> String {
    format!(
        "# Implementation status {long}

This table lists the proposals being tracked, with their stage in the Status row:
P (Provisional), I (Implementable), E (Experimental), S (Standard), M (Memorandum), D (Declined).

The Compliance row says how far the compliance tests are:

* NS - Compliance tests not started
* NF - Compliance tests not finished
* R  - Compliance tests ready

Each implementor fills its row with one code per proposal:

* blank - Not planned
* PP - Planned, in progress
* RR - Ready in next release
* C  - Complete in current release

|                     | GEP-1742: HTTPRoute Timeouts | GEP-1897: BackendTLSPolicy |
|---------------------|------------------------------|----------------------------|
| Status              | E                            | E                          |
| Compliance          | NF                           | NS                         |
| **Example Gateway** | C                            | PP                         |
| **Sample Proxy**    | RR                           |                            |
| **Other?**          |

To add your implementation, add a row above \"Other?\" and open a pull request.
",
        long = month.long_name()
    )
}

fn readme(month: Month) -> String {
    README.replace("{month}", &month.to_string())
}

const README: &str = include_str!("templates/default/README.md");

const SITE_YAML: &str = include_str!("templates/default/site.yaml");

const PAGES_WORKFLOW: &str = include_str!("templates/common/pages.yml");
const PR_WORKFLOW: &str = include_str!("templates/common/pr.yml");
const DEPENDABOT: &str = include_str!("templates/common/dependabot.yml");
const GATEWAY_SITE_YAML: &str = include_str!("templates/gateway-conformance/site.yaml");
const GATEWAY_IMPORT_WORKFLOW: &str = include_str!("templates/gateway-conformance/import.yml");
const GATEWAY_README: &str = include_str!("templates/gateway-conformance/README.md");
const FEATURES_SITE_YAML: &str = include_str!("templates/gateway-features/site.yaml");
const FEATURES_README: &str = include_str!("templates/gateway-features/README.md");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn site_yaml_reads_as_the_defaults() {
        let c = Config::parse(SITE_YAML, "content/site.yaml");
        assert_eq!(c.ok(), Some(Config::default()));
    }

    #[test]
    fn commented_values_are_the_defaults() {
        // Uncommenting every option line gives the defaults too (the alias examples aside).
        let is_option = |l: &str| {
            let key = l
                .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                .unwrap_or(l.len());
            (key > 0 && l[key..].starts_with(':')) || l.starts_with("  ")
        };
        let uncommented: String = SITE_YAML
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| is_option(l))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut c = match Config::parse(&uncommented, "content/site.yaml") {
            Ok(c) => c,
            Err(d) => panic!("{d:?}\n{uncommented}"),
        };
        assert_eq!(c.aliases.implementors.len(), 1);
        assert_eq!(c.number_identity(1426), 1294);
        assert_eq!(c.links.len(), 1);
        c.aliases = Default::default();
        c.links.clear();
        assert_eq!(c, Config::default());
    }

    /// Every conformance feature name in `pkg/features/*.go` of kubernetes-sigs/gateway-api at
    /// commit 4564255ac2c35d582249b3cdf261bdf51c8bca32 (2026-08-21), plus names that only
    /// reports used (HTTPResponseHeaderModification, in the 2023 reports).
    const KNOWN_FEATURES: &[&str] = &[
        "BackendTLSPolicy",
        "BackendTLSPolicySANValidation",
        "Gateway",
        "GatewayPort8080",
        "GatewayStaticAddresses",
        "GatewayHTTPListenerIsolation",
        "GatewayHTTPSListenerDetectMisdirectedRequests",
        "GatewayInfrastructurePropagation",
        "GatewayAddressEmpty",
        "ListenerSet",
        "GatewayBackendClientCertificate",
        "GatewayFrontendClientCertificateValidation",
        "GatewayFrontendClientCertificateValidationInsecureFallback",
        "GRPCRoute",
        "GRPCRouteNamedRouteRule",
        "GRPCRouteRequestHeaderModifier",
        "HTTPRoute",
        "HTTPRouteDestinationPortMatching",
        "HTTPRouteBackendRequestHeaderModification",
        "HTTPRouteQueryParamMatching",
        "HTTPRouteMethodMatching",
        "HTTPRouteResponseHeaderModification",
        "HTTPRoutePortRedirect",
        "HTTPRouteSchemeRedirect",
        "HTTPRoutePathRedirect",
        "HTTPRouteHostRewrite",
        "HTTPRoutePathRewrite",
        "HTTPRouteRequestMirror",
        "HTTPRouteRequestMultipleMirrors",
        "HTTPRouteRequestPercentageMirror",
        "HTTPRouteRequestTimeout",
        "HTTPRouteBackendTimeout",
        "HTTPRouteParentRefPort",
        "HTTPRouteBackendProtocolH2C",
        "HTTPRouteBackendProtocolWebSocket",
        "HTTPRouteNamedRouteRule",
        "HTTPRouteCORS",
        "HTTPRoute303RedirectStatusCode",
        "HTTPRoute307RedirectStatusCode",
        "HTTPRoute308RedirectStatusCode",
        "HTTPRouteRetry",
        "HTTPRouteRetryBackendTimeout",
        "HTTPRouteRetryConnectionError",
        "HTTPRouteBackendURLRewrite",
        "HTTPRouteBackendRequestRedirect",
        "Mesh",
        "MeshClusterIPMatching",
        "MeshConsumerRoute",
        "MeshHTTPRouteRewritePath",
        "MeshHTTPRouteSchemeRedirect",
        "MeshHTTPRouteRedirectPort",
        "MeshHTTPRouteRedirectPath",
        "MeshHTTPRouteBackendRequestHeaderModification",
        "MeshHTTPRouteQueryParamMatching",
        "MeshHTTPRouteNamedRouteRule",
        "ReferenceGrant",
        "TCPRoute",
        "TLSRoute",
        "TLSRouteModeTerminate",
        "TLSRouteModeMixed",
        "UDPRoute",
        "HTTPResponseHeaderModification",
    ];

    /// Every profile name the reports used, 2023-07 to 2026-08 (HTTP, TLS and MESH before v1.0).
    const KNOWN_PROFILES: &[&str] = &[
        "GATEWAY-HTTP",
        "GATEWAY-GRPC",
        "GATEWAY-TLS",
        "GATEWAY-TCP",
        "GATEWAY-UDP",
        "MESH-HTTP",
        "MESH-GRPC",
        "HTTP",
        "TLS",
        "MESH",
    ];

    fn gateway_config() -> Config {
        match Config::parse(GATEWAY_SITE_YAML, "content/site.yaml") {
            Ok(c) => c,
            Err(d) => panic!("{d:?}"),
        }
    }

    fn gateway_import() -> crate::import::settings::ImportConfig {
        match crate::import::settings::ImportConfig::parse(GATEWAY_SITE_YAML, "content/site.yaml") {
            Ok(c) => c,
            Err(d) => panic!("{d:?}"),
        }
    }

    #[test]
    fn gateway_mapping_names_only_known_features_and_profiles() {
        let c = gateway_import();
        let gc = c.gateway_conformance.as_ref().expect("import section");
        let mut numbers = std::collections::BTreeSet::new();
        for p in &gc.item_mappings {
            assert!(numbers.insert(p.number), "GEP-{} listed twice", p.number);
            assert!(
                p.is_mapped(),
                "GEP-{} has no features or profiles",
                p.number
            );
            for f in p.all_features() {
                assert!(
                    KNOWN_FEATURES.contains(&f.as_str()),
                    "GEP-{}: {f}",
                    p.number
                );
            }
            for f in &p.profiles {
                assert!(
                    KNOWN_PROFILES.contains(&f.as_str()),
                    "GEP-{}: {f}",
                    p.number
                );
            }
        }
        // No column every report completes: GEP-1709 (Conformance Profiles) is the Core
        // column, not a proposal.
        assert!(
            gc.item_mappings
                .iter()
                .all(|p| !p.all_reports && p.number != 1709)
        );
        // A proposal needs all of its features: GEP-1742 both timeouts, GEP-3155 both halves.
        let gep = |n: u32| {
            gc.item_mappings
                .iter()
                .find(|p| p.number == n)
                .expect("mapped")
        };
        assert_eq!(gep(1742).features.len(), 2);
        assert_eq!(gep(3155).features.len(), 2);
        assert_eq!(gep(726).sets.len(), 2);
        assert_eq!(gc.current_releases, 2);
        // The GEPs of the seed table (content/2023-11.md) that have conformance features.
        for n in [957, 1016, 1294, 1686, 1742, 1867, 1897, 1911] {
            assert!(numbers.contains(&n), "GEP-{n}");
        }
        // Every GEP that names its features in metadata.yaml (featureNames) and whose
        // features exist.
        for n in [91, 1713, 1731, 1767, 2643, 2644, 2645, 3155, 3171, 3567] {
            assert!(numbers.contains(&n), "GEP-{n}");
        }
        // GEP-1426 was renumbered 1294.
        assert_eq!(gateway_config().number_identity(1426), 1294);
    }

    #[test]
    fn gateway_identities_are_one_row_each_with_a_name() {
        let c = gateway_import();
        let gc = c.gateway_conformance.as_ref().expect("import section");
        let i = &gc.implementations;
        for (org, project, canonical) in [
            ("istio.io", "istio", "istio/istio"),
            ("istio", "istio", "istio/istio"),
            (
                "nginxinc",
                "nginx-kubernetes-gateway",
                "nginx/nginx-gateway-fabric",
            ),
            (
                "nginxinc",
                "nginx-gateway-fabric",
                "nginx/nginx-gateway-fabric",
            ),
            (
                "nginx",
                "nginx-gateway-fabric",
                "nginx/nginx-gateway-fabric",
            ),
            ("Kong", "gateway-operator", "kong/kong-operator"),
            (
                "Kong",
                "kubernetes-ingress-controller",
                "kong/kubernetes-ingress-controller",
            ),
            (
                "kong",
                "kubernetes-ingress-controller",
                "kong/kubernetes-ingress-controller",
            ),
            (
                "Microsoft Azure",
                "Application Gateway for Containers",
                "microsoft azure/application gateway for containers",
            ),
        ] {
            assert_eq!(i.identity(org, project), canonical, "{org}/{project}");
        }
        // Every alias leads to a named identity, and no two identities share a name.
        for target in i.aliases.values() {
            assert!(i.names.contains_key(target), "{target} has no display name");
        }
        let mut names: Vec<&String> = i.names.values().collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), i.names.len(), "a display name used twice");
        assert!(
            i.names
                .keys()
                .all(|k| *k == k.to_lowercase() && !i.aliases.contains_key(k))
        );
    }

    #[test]
    fn gateway_codes_and_statuses() {
        let c = gateway_config();
        let class = |code| c.ranks.class(c.code_rank(code).expect(code).index());
        use crate::config::RankClass::*;
        assert_eq!(
            ["", "U", "P", "C"].map(class),
            [Blank, NotProgress, InProgress, Complete]
        );
        for v in ["R", "NS"] {
            assert!(c.compliance.rank(v).is_some(), "{v}");
        }
        // The statuses of the GEP process, read as the nearest stage (Deferred is left out:
        // no mapped GEP has it, and it is neither declined nor in progress).
        for (status, stage) in [
            ("Provisional", "P"),
            ("Prototyping", "P"),
            ("Implementable", "I"),
            ("Experimental", "E"),
            ("Standard", "S"),
            ("Completed", "S"),
            ("Memorandum", "M"),
            ("Accepted", "M"),
            ("Declined", "D"),
        ] {
            let i = match c.stages.lookup(status) {
                Some(crate::config::Match::Exact(i) | crate::config::Match::OtherCase(i)) => i,
                None => panic!("{status}"),
            };
            assert_eq!(c.stages.terms[i].code, stage, "{status}");
        }
    }

    #[test]
    fn templates_write_their_files() {
        let m = Month::new(2024, 5).unwrap();
        let names = |t| -> Vec<String> { template_files(t, m).into_iter().map(|f| f.0).collect() };
        assert_eq!(
            names(Template::Default),
            [
                "content/site.yaml",
                "content/2024-05.md",
                ".github/workflows/pages.yml",
                ".github/workflows/pr.yml",
                ".github/dependabot.yml",
                ".gitignore",
                "README.md"
            ]
        );
        assert_eq!(
            names(Template::GatewayConformance),
            [
                "content/site.yaml",
                ".github/workflows/import.yml",
                ".github/workflows/pages.yml",
                ".github/workflows/pr.yml",
                ".github/dependabot.yml",
                ".gitignore",
                "README.md"
            ]
        );
        // The import workflow keeps full history and completes the month that just ended.
        assert!(!GATEWAY_IMPORT_WORKFLOW.contains("--depth"));
        assert!(GATEWAY_IMPORT_WORKFLOW.contains("--rewrite-past"));
        assert!(GATEWAY_IMPORT_WORKFLOW.contains("statusgen import gateway-conformance"));
    }
}
