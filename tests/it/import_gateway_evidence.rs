//! What the evidence means (issue 20): a skipped test is no failure, a proposal needs every
//! feature of one set, the tests of a feature are read from the Go sources at each month's
//! commit (the map moves with them), and evidence for an old release ages out. Real files from
//! gateway-api (tests/fixtures/gateway-evidence, sources in SOURCES.md there) replayed into a
//! repository of its own, month by month.

use crate::common;
use crate::common::statusgen;

use crate::common::repo::Repo;
use std::path::Path;
use tempfile::TempDir;

const FIXTURES: &str = "tests/fixtures/gateway-evidence";
const CILIUM: &str = "cilium-v1.1.0-experimental-1.16-default-report.yaml";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join(name)).unwrap()
}

const SITE_YAML: &str = r#"title: Gateway API conformance
codes:
  - { code: "", label: No report }
  - { code: U, label: Reported unsupported }
  - { code: P, label: Partial }
  - { code: C, label: Conformant }
implementors: { attributes: [Release, Core], release: Release }
import:
  gateway_conformance:
    implementations:
      names:
        cilium/cilium: Cilium
        kumahq/kuma: Kuma
        acme/edge: Edge
    proposals:
      - { number: 1742, features: [HTTPRouteRequestTimeout, HTTPRouteBackendTimeout] }
      - { number: 726, sets: [[HTTPRoutePathRedirect, HTTPRoutePathRewrite], [MeshHTTPRouteRedirectPath, MeshHTTPRouteRewritePath]] }
      - { number: 3155, features: [HTTPRouteRequestMirror, HTTPRouteRequestMultipleMirrors, GatewayBackendClientCertificate] }
      - { number: 1294, profiles: [MESH-HTTP] }
"#;

/// The real Cilium report with its skip lists replaced: `skip` is written as the only skipped
/// test of its GATEWAY-HTTP extended part.
fn cilium(skip: &[&str]) -> String {
    let real = fixture(CILIUM);
    let original = "      skippedTests:\n        - GatewayStaticAddresses\n        - HTTPRouteListenerPortMatching\n";
    assert!(real.contains(original), "the fixture changed");
    let mut list = String::from("      skippedTests:\n");
    for t in skip {
        list.push_str(&format!("        - {t}\n"));
    }
    real.replace(original, &list)
}

/// A small report of another implementation in another version folder.
fn other(org: &str, project: &str) -> String {
    format!(
        "implementation:\n  organization: {org}\n  project: {project}\n  version: v1\nprofiles:\n- name: MESH-HTTP\n  core:\n    result: success\n    statistics: {{Failed: 0, Passed: 3, Skipped: 0}}\n  extended:\n    result: success\n    supportedFeatures: [HTTPRouteRequestTimeout]\n"
    )
}

fn write_sources(r: &Repo) {
    for f in [
        "httproute-timeout-request.go",
        "httproute-timeout-backend-request.go",
        "gateway-static-addresses.go",
        "httproute-listener-port-matching.go",
        "mesh-consumer-route.go",
    ] {
        r.write(
            &format!("conformance/tests/{f}"),
            fixture(&format!("go/{f}")),
        );
    }
    r.write("pkg/features/features.go", fixture("go/features.go"));
}

const REPORT: &str =
    "conformance/reports/v1.1.0/cilium-cilium/experimental-1.16-default-report.yaml";

/// Month by month:
/// * 2024-07: the real report (only other features' tests skipped), Kuma in v1.0.0;
/// * 2024-08: HTTPRouteTimeoutBackendRequest skipped (the only test of BackendTimeout);
/// * 2024-09: it runs again;
/// * 2024-10: HTTPRouteTimeoutRequest skipped (then the only test of RequestTimeout);
/// * 2024-11: the map changes: a second RequestTimeout test is added upstream;
/// * 2024-12: a v1.2.0 folder appears (Edge): v1.0 ages out, Kuma's evidence no longer counts.
fn replay() -> Repo {
    let r = Repo::new();
    write_sources(&r);
    r.write(
        REPORT,
        cilium(&["GatewayStaticAddresses", "HTTPRouteListenerPortMatching"]),
    );
    r.write(
        "conformance/reports/v1.0.0/kumahq-kuma/report.yaml",
        other("kumahq", "kuma"),
    );
    r.commit("2024-07-10T10:00:00Z", "real report");
    r.write(REPORT, cilium(&["HTTPRouteTimeoutBackendRequest"]));
    r.commit("2024-08-10T10:00:00Z", "backend timeout skipped");
    r.write(REPORT, cilium(&[]));
    r.commit("2024-09-10T10:00:00Z", "backend timeout runs again");
    r.write(REPORT, cilium(&["HTTPRouteTimeoutRequest"]));
    r.commit("2024-10-10T10:00:00Z", "request timeout skipped");
    let second = fixture("go/httproute-timeout-request.go")
        .replace("HTTPRouteTimeoutRequest", "HTTPRouteTimeoutRequestAgain");
    r.write(
        "conformance/tests/httproute-timeout-request-again.go",
        second,
    );
    r.commit("2024-11-10T10:00:00Z", "a second request timeout test");
    r.write(
        "conformance/reports/v1.2.0/acme-edge/report.yaml",
        other("acme", "edge"),
    );
    r.commit("2024-12-10T10:00:00Z", "v1.2.0 reports");
    r
}

fn import(repo: &Repo) -> TempDir {
    let site = common::site_dir(&[("content/site.yaml", SITE_YAML.as_bytes())]);
    let out = statusgen()
        .args(["import", "gateway-conformance"])
        .arg(repo.path())
        .arg("--root")
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site
}

fn text(site: &TempDir, month: &str) -> String {
    std::fs::read_to_string(site.path().join(format!("content/{month}.md"))).unwrap()
}

/// The table row of `name` as (cell text) after the label, links reduced to their code and
/// title: `C`, `P "why"`.
fn row(text: &str, name: &str) -> Vec<String> {
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("| **{name}**")))
        .unwrap_or_else(|| panic!("no row {name} in\n{text}"));
    split_row(line)[1..]
        .iter()
        .map(|c| {
            let c = c.trim();
            match c.strip_prefix('[') {
                Some(rest) => {
                    let (code, rest) = rest.split_once("](").unwrap();
                    match rest.split_once(" \"") {
                        Some((_, title)) => format!("{code} \"{}", title.trim_end_matches(')')),
                        None => code.to_string(),
                    }
                }
                None => c.to_string(),
            }
        })
        .collect()
}

fn split_row(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = line.trim().trim_matches('|').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().unwrap().push('|');
                chars.next();
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells.iter().map(|c| c.trim().to_string()).collect()
}

#[test]
fn skipped_is_not_failed_and_the_map_moves_with_the_sources() {
    let site = import(&replay());
    // Columns: Release, Core, GEP-1742, GEP-726, GEP-3155, GEP-1294.
    let cilium = |m: &str| row(&text(&site, m), "Cilium");

    // 2024-07, the real report: every extended part is "partial" because of skips of other
    // features' tests, yet both timeout features ran their tests: C (the first importer: P).
    let july = cilium("2024-07");
    assert_eq!(july[0], "v1.1");
    assert_eq!(
        july[1],
        "GATEWAY-GRPC, GATEWAY-HTTP, GATEWAY-TLS, MESH-HTTP"
    );
    assert_eq!(july[2], "C");
    // GEP-726: the Gateway set (path redirect and rewrite) is met; the replayed sources hold
    // no test of those features, and the title says so.
    assert_eq!(
        july[3],
        "C \"HTTPRoutePathRedirect: no test of this feature is known at this commit; HTTPRoutePathRewrite: no test of this feature is known at this commit\""
    );
    // GEP-3155 needs GatewayBackendClientCertificate too, which the report does not list.
    assert_eq!(
        july[4],
        "P \"missing GatewayBackendClientCertificate (not listed)\""
    );
    // GEP-1294: MESH-HTTP's core passed.
    assert_eq!(july[5], "C");

    // 2024-08: the only test of BackendTimeout skipped: the proposal is partial, and says why.
    assert_eq!(
        cilium("2024-08")[2],
        "P \"missing HTTPRouteBackendTimeout (partial); HTTPRouteBackendTimeout: its only test skipped (HTTPRouteTimeoutBackendRequest)\""
    );
    // 2024-09: it runs again.
    assert_eq!(cilium("2024-09")[2], "C");
    // 2024-10: the only RequestTimeout test skipped: P.
    assert!(cilium("2024-10")[2].starts_with("P \"missing HTTPRouteRequestTimeout"));
    // 2024-11: the same report, but the sources now give RequestTimeout a second test that
    // was not skipped: C, with the skip named in its title.
    assert_eq!(
        cilium("2024-11")[2],
        "C \"HTTPRouteRequestTimeout: 1 of its 2 tests skipped (HTTPRouteTimeoutRequest)\""
    );
    // The evidence list repeats each note under its row.
    assert!(text(&site, "2024-11").contains(
        "  * GEP-1742 C: HTTPRouteRequestTimeout: 1 of its 2 tests skipped (HTTPRouteTimeoutRequest)"
    ));
}

#[test]
fn old_releases_age_out() {
    let site = import(&replay());
    // Until 2024-11 the two newest versions with reports are v1.1 and v1.0: both current.
    let nov = text(&site, "2024-11");
    assert!(
        nov.contains("current_releases: [\"v1.1\", \"v1.0\"]\n"),
        "{nov}"
    );
    assert_eq!(row(&nov, "Kuma")[0], "v1.0");
    assert!(!nov.contains("not a current release"));
    // A v1.2.0 folder appears: v1.2 and v1.1 are current, Kuma's v1.0 evidence is shown, named
    // as not current, and (by the site's rule) counted nowhere.
    let dec = text(&site, "2024-12");
    assert!(
        dec.contains("current_releases: [\"v1.2\", \"v1.1\"]\n"),
        "{dec}"
    );
    assert_eq!(row(&dec, "Kuma")[0], "v1.0");
    assert_eq!(row(&dec, "Edge")[0], "v1.2");
    assert!(dec.contains(
        "* **Kuma** (`kumahq/kuma`), Gateway API v1.0 (not a current release: shown, not counted)"
    ));
    assert!(!dec.contains("* **Cilium** (`cilium/cilium`), Gateway API v1.1 (not"));
}

#[test]
fn without_test_sources_the_old_rule_holds_and_says_so() {
    // The oldest layouts: no readable test → feature map. A skip anywhere in a part makes its
    // features partial, as the first importer read them, and the month says why.
    let r = Repo::new();
    r.write(REPORT, cilium(&["GatewayStaticAddresses"]));
    r.commit("2024-07-10T10:00:00Z", "report without sources");
    let site = import(&r);
    let july = text(&site, "2024-07");
    assert!(july.contains("The test → feature map cannot be read at this commit"));
    assert!(row(&july, "Cilium")[2].starts_with("P \""), "{july}");
}
