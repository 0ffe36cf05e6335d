//! `statusgen import gateway-conformance`: real report files (tests/fixtures/gateway-reports,
//! sources in SOURCES.md there) replayed into a temporary git repository with fixed commit
//! dates, and the snapshots it writes read back month by month.

use crate::common;
use crate::common::statusgen;

use crate::common::repo::Repo;
use statusgen::import::gateway::report::{Report, parse_report};
use statusgen::import::settings::Implementations;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const FIXTURES: &str = "tests/fixtures/gateway-reports";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).unwrap()
}

const SITE_YAML: &str = r#"title: Gateway API conformance
codes:
  - { code: "", label: No report }
  - { code: U, label: Reported unsupported }
  - { code: P, label: Partial }
  - { code: C, label: Conformant }
implementors: { attributes: [Release, Core], release: Release }
aliases:
  proposals:
    1426: 1294
import:
  gateway_conformance:
    web_url: https://github.com/kubernetes-sigs/gateway-api
    implementations:
      aliases:
        istio.io/istio: istio/istio
        nginxinc/nginx-kubernetes-gateway: nginx/nginx-gateway-fabric
        nginxinc/nginx-gateway-fabric: nginx/nginx-gateway-fabric
      names:
        istio/istio: Istio
        nginx/nginx-gateway-fabric: NGINX Gateway Fabric
        kong/kubernetes-ingress-controller: Kong
        cilium/cilium: Cilium
        envoyproxy/envoy-gateway: Envoy Gateway
    proposals:
      - { number: 1709, all_reports: true }
      - { number: 1742, features: [HTTPRouteRequestTimeout, HTTPRouteBackendTimeout] }
      - { number: 1294, profiles: [MESH-HTTP, MESH] }
      - { number: 2000, features: [HTTPRoutePathRewrite] }
      - { number: 1619 }
"#;

// ---------------------------------------------------------------------------------------------
// One trap per fixture.

#[test]
fn every_trap_reads() {
    // profileReports, the oldest key.
    let r = parse_report(&fixture("profile-reports.yaml")).unwrap();
    assert_eq!(r.profiles.len(), 1);
    assert_eq!(r.profiles[0].name, "HTTP");
    assert_eq!(r.profiles[0].core.result, "partial");
    // version: 1.20 stays text.
    assert_eq!(
        parse_report(&fixture("version-1.20.yaml")).unwrap().version,
        "1.20"
    );
    // date: '-', a SHA or a bare version in gatewayAPIVersion, <Right>apiVersion: all read.
    for f in [
        "date-dash.yaml",
        "api-version-sha.yaml",
        "api-version-no-v.yaml",
        "right-prefix.yaml",
    ] {
        let r = parse_report(&fixture(f)).unwrap_or_else(|e| panic!("{f}: {e:?}"));
        assert!(!r.profiles.is_empty(), "{f}");
    }
    assert_eq!(
        parse_report(&fixture("right-prefix.yaml"))
            .unwrap()
            .organization,
        "cilium"
    );
    // A profile name nested inside `extended:`.
    let r = parse_report(&fixture("name-nested.yaml")).unwrap();
    let names: Vec<&str> = r.profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["HTTP", "TLS"]);
    // Mode in the field disagreeing with the file name: read as written, both count.
    assert_eq!(
        parse_report(&fixture("mode-gateway-namespace.yaml"))
            .unwrap()
            .mode,
        "GatewayNamespace"
    );
    // Identities spelled several ways, one after aliases.
    let config =
        statusgen::import::settings::ImportConfig::parse(SITE_YAML, "content/site.yaml").unwrap();
    let imp: &Implementations = &config.gateway_conformance.as_ref().unwrap().implementations;
    let id = |f: &str| {
        let r = parse_report(&fixture(f)).unwrap();
        imp.identity(&r.organization, &r.project)
    };
    assert_eq!(id("istio-io.yaml"), "istio/istio");
    assert_eq!(id("version-1.20.yaml"), "istio/istio");
    assert_eq!(
        id("nginxinc-kubernetes-gateway.yaml"),
        "nginx/nginx-gateway-fabric"
    );
    assert_eq!(
        id("nginxinc-gateway-fabric.yaml"),
        "nginx/nginx-gateway-fabric"
    );
    assert_eq!(id("api-version-no-v.yaml"), "nginx/nginx-gateway-fabric");
    assert_eq!(id("cilium-flat.yaml"), id("name-nested.yaml"));
    // Copies in two version folders (only date and gatewayAPIVersion differ) read the same
    // but for the version they name (used only outside a version folder).
    assert_ne!(fixture("copy-v1.2.0.yaml"), fixture("copy-v1.2.1.yaml"));
    let (a, b) = (
        parse_report(&fixture("copy-v1.2.0.yaml")).unwrap(),
        parse_report(&fixture("copy-v1.2.1.yaml")).unwrap(),
    );
    assert_eq!(
        (a.api_version.as_str(), b.api_version.as_str()),
        ("v1.2.0", "v1.2.1")
    );
    assert_eq!(
        Report {
            api_version: String::new(),
            ..a
        },
        Report {
            api_version: String::new(),
            ..b
        }
    );
}

// ---------------------------------------------------------------------------------------------
// A repository replayed commit by commit.

const KONG: &str = "kong-kubernetes-ingress-controller.yaml";

/// The history: the four layouts, an edit, a rename, links, copies, a month with no commit.
fn replay() -> Repo {
    let r = Repo::new();
    r.write("README.md", b"gateway-api\n");
    // The reports folder exists a month before its first report: June is not imported.
    r.write("conformance/reports/README.md", b"# Reports\n");
    r.commit("2023-06-02T10:00:00Z", "before any report");

    // 2023-07: conformance/results/, profileReports.
    r.write(
        &format!("conformance/results/{KONG}"),
        fixture("profile-reports.yaml"),
    );
    r.write(
        "geps/gep-1742.md",
        b"# GEP-1742: HTTPRoute Timeouts\n\n* Issue: #1742\n* Status: Experimental\n",
    );
    r.write(
        "geps/gep-1426.md",
        b"# GEP-1426: xRoutes Mesh Binding\n\n* Status: Experimental\n",
    );
    r.commit("2023-07-20T10:00:00Z", "first report");

    // 2023-08: flat version directory, links `latest` (one of them circular).
    r.remove("conformance/results");
    r.write(
        &format!("conformance/reports/v0.7.1/{KONG}"),
        fixture("profile-reports.yaml"),
    );
    r.write(
        "conformance/reports/v0.7.1/nginxinc-nginx-kubernetes-gateway.yaml",
        fixture("nginxinc-kubernetes-gateway.yaml"),
    );
    r.write(
        "conformance/reports/v0.7.1/istio.io-istio.yaml",
        fixture("istio-io.yaml"),
    );
    r.link("conformance/reports/latest", "v0.7.1/");
    r.link("conformance/reports/v0.7.1/latest", "latest");
    // Committed late on the 31st in UTC-7: that is September in UTC.
    r.commit("2023-08-10T10:00:00Z", "reports per version");

    // 2023-09: the nginx report renamed and edited; later that month a GEP reaches Standard.
    r.remove("conformance/reports/v0.7.1/nginxinc-nginx-kubernetes-gateway.yaml");
    r.write(
        "conformance/reports/v0.7.1/nginxinc-nginx-gateway-fabric.yaml",
        fixture("nginxinc-gateway-fabric.yaml"),
    );
    r.commit("2023-08-31T20:00:00-07:00", "nginx rename");
    r.write(
        "geps/gep-1742.md",
        b"# GEP-1742: HTTPRoute Timeouts\n\n* Issue: #1742\n* Status: Standard\n",
    );
    r.commit("2023-09-25T10:00:00Z", "GEP-1742 standard");

    // 2023-10: no commit at all.
    // 2023-11: one folder per implementation.
    r.write(
        "conformance/reports/v1.0.0/istio-istio/1.20-report.yaml",
        fixture("version-1.20.yaml"),
    );
    r.write(
        "conformance/reports/v1.0.0/istio-istio/README.md",
        b"# Istio\n",
    );
    r.write(
        "conformance/reports/v1.0.0/cilium/v1.15.0-pre.3-report.yaml",
        fixture("name-nested.yaml"),
    );
    r.commit("2023-11-02T10:00:00Z", "v1.0.0 reports");

    // 2024-04: minor folders with symbolic links, modes, copies; GEP metadata; GEP renumbered.
    r.write(
        "conformance/reports/v1.5/envoy-gateway/experimental-v1.5.0-default-report.yaml",
        fixture("mode-default.yaml"),
    );
    r.write(
        "conformance/reports/v1.5/envoy-gateway/experimental-v1.5.0-gateway-namespace-mode-report.yaml",
        fixture("mode-gateway-namespace.yaml"),
    );
    r.link("conformance/reports/v1.5.0", "v1.5");
    r.write(
        "conformance/reports/v1.2.0/istio-istio/experimental-1.24-default-report.yaml",
        fixture("copy-v1.2.0.yaml"),
    );
    r.write(
        "conformance/reports/v1.2.1/istio-istio/experimental-1.24-default-report.yaml",
        fixture("copy-v1.2.1.yaml"),
    );
    r.remove("geps/gep-1742.md");
    r.remove("geps/gep-1426.md");
    r.write(
        "geps/gep-1742/metadata.yaml",
        b"number: 1742\nname: HTTPRoute Timeouts\nstatus: Standard\n",
    );
    r.write(
        "geps/gep-1294/metadata.yaml",
        b"number: 1294\nname: xRoutes Mesh Binding\nstatus: Experimental\n",
    );
    r.commit("2024-04-10T10:00:00Z", "v1.5 layout");
    r
}

fn new_site() -> TempDir {
    common::site_dir(&[("content/site.yaml", SITE_YAML.as_bytes())])
}

fn import(source: &Path, root: &Path, extra: &[&str]) -> std::process::Output {
    statusgen()
        .args(["import", "gateway-conformance"])
        .arg(source)
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .unwrap()
}

fn months(root: &Path) -> Vec<String> {
    common::read(root)
        .history
        .snapshots
        .iter()
        .map(|s| s.month.to_string())
        .collect()
}

/// `(implementor, [code per proposal in config order])` of one month.
fn cells(site: &statusgen::site::Site, month: &str) -> Vec<(String, Vec<String>)> {
    let s = site
        .history
        .snapshots
        .iter()
        .find(|s| s.month.to_string() == month)
        .unwrap_or_else(|| panic!("no snapshot for {month}"));
    s.implementors
        .iter()
        .map(|i| {
            (
                i.name.clone(),
                i.codes().into_iter().map(String::from).collect(),
            )
        })
        .collect()
}

fn row(name: &str, codes: &[&str]) -> (String, Vec<String>) {
    (
        name.to_string(),
        codes.iter().map(|c| c.to_string()).collect(),
    )
}

fn snapshot<'a>(site: &'a statusgen::site::Site, month: &str) -> &'a statusgen::model::Snapshot {
    site.history
        .snapshots
        .iter()
        .find(|s| s.month.to_string() == month)
        .unwrap()
}

#[test]
fn month_by_month_cells_from_replayed_history() {
    let repo = replay();
    let site = new_site();
    let out = import(repo.path(), site.path(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        months(site.path()),
        [
            "2023-07", "2023-08", "2023-09", "2023-10", "2023-11", "2023-12", "2024-01", "2024-02",
            "2024-03", "2024-04"
        ]
    );
    let s = common::read(site.path());
    assert!(!s.diagnostics.has_errors(), "{:#?}", s.diagnostics.items);
    // Columns in config order: 1709 all reports, 1742 timeouts, 1294 mesh profile, 2000
    // path rewrite, 1619 unmapped.
    assert_eq!(cells(&s, "2023-07"), [row("Kong", &["C", "", "", "U", ""])]);
    let jul = snapshot(&s, "2023-07");
    let stages: Vec<&str> = jul.items.iter().map(common::stage).collect();
    assert_eq!(stages, ["", "E", "E", "", ""]);
    let compliance: Vec<&str> = jul.items.iter().map(common::compliance).collect();
    assert_eq!(compliance, ["R", "NS", "NS", "R", ""]);
    // GEP-1426 is written under its number of the time; the alias makes it 1294.
    assert_eq!(jul.items[2].written_number, 1426);
    assert_eq!(jul.items[2].key, 1294.into());
    assert_eq!(jul.items[2].title, "xRoutes Mesh Binding");

    // August: the flat layout; links add nothing; istio.io is Istio; its MESH core is
    // "partial" only because a test was skipped, and skips alone do not fail a core: C (the
    // first importer read P).
    let aug = vec![
        row("Istio", &["C", "", "C", "C", ""]),
        row("Kong", &["C", "", "", "U", ""]),
        row("NGINX Gateway Fabric", &["C", "", "", "U", ""]),
    ];
    assert_eq!(cells(&s, "2023-08"), aug);
    // September (the rename was committed on 31 August in UTC-7): the same cells, one NGINX
    // row, and the stage of the month's last commit.
    assert_eq!(cells(&s, "2023-09"), aug);
    assert_eq!(common::stage(&snapshot(&s, "2023-09").items[1]), "S");
    assert_eq!(common::stage(&snapshot(&s, "2023-08").items[1]), "E");
    // October has no commit: it keeps September's tree.
    assert_eq!(cells(&s, "2023-10"), aug);
    let text =
        |m: &str| std::fs::read_to_string(site.path().join(format!("content/{m}.md"))).unwrap();
    let commit_of = |m: &str| {
        text(m)
            .lines()
            .find_map(|l| l.strip_prefix("source_commit: "))
            .unwrap()
            .trim_matches('"')
            .to_string()
    };
    assert_eq!(commit_of("2023-09"), commit_of("2023-10"));
    assert!(text("2023-09").contains("v0.7.1/nginxinc-nginx-gateway-fabric.yaml"));
    assert!(!text("2023-09").contains("nginx-kubernetes-gateway.yaml"));
    assert!(text("2023-08").contains("v0.7.1/nginxinc-nginx-kubernetes-gateway.yaml"));

    // November: Istio moves to its newest minor version (v1.0); Cilium's nested profile name.
    let nov = vec![
        row("Cilium", &["C", "C", "", "C", ""]),
        row("Istio", &["C", "C", "C", "C", ""]),
        row("Kong", &["C", "", "", "U", ""]),
        row("NGINX Gateway Fabric", &["C", "", "", "U", ""]),
    ];
    assert_eq!(cells(&s, "2023-11"), nov);
    assert_eq!(cells(&s, "2024-03"), nov);

    // April 2024: v1.5 behind a link, two modes of one release, one release in two folders.
    assert_eq!(
        cells(&s, "2024-04"),
        [
            row("Cilium", &["C", "C", "", "C", ""]),
            row("Envoy Gateway", &["C", "C", "", "C", ""]),
            row("Istio", &["C", "C", "C", "C", ""]),
            row("Kong", &["C", "", "", "U", ""]),
            row("NGINX Gateway Fabric", &["C", "", "", "U", ""]),
        ]
    );
    let apr = snapshot(&s, "2024-04");
    assert_eq!(apr.items[2].written_number, 1294);
    let stages: Vec<&str> = apr.items.iter().map(common::stage).collect();
    assert_eq!(stages, ["", "S", "E", "", ""]);
    let apr_text = text("2024-04");
    // Evidence: the real paths (not through the v1.5.0 link), both modes, both copies.
    for p in [
        "conformance/reports/v1.5/envoy-gateway/experimental-v1.5.0-default-report.yaml",
        "conformance/reports/v1.5/envoy-gateway/experimental-v1.5.0-gateway-namespace-mode-report.yaml",
        "conformance/reports/v1.2.0/istio-istio/experimental-1.24-default-report.yaml",
        "conformance/reports/v1.2.1/istio-istio/experimental-1.24-default-report.yaml",
    ] {
        assert!(apr_text.contains(p), "{p}");
    }
    assert!(!apr_text.contains("v1.5.0/envoy-gateway"));
    // Each C/P cell links to its report at that commit.
    let commit = commit_of("2024-04");
    assert!(apr_text.contains(&format!(
        "[C](https://github.com/kubernetes-sigs/gateway-api/blob/{commit}/conformance/reports/v1.5/envoy-gateway/experimental-v1.5.0-default-report.yaml)"
    )));
    assert!(apr_text.contains("## Evidence"));
    assert!(apr_text.starts_with(&format!(
        "---\ndate: 2024-04\ngenerator: \"statusgen import gateway-conformance\"\nsource: \"https://github.com/kubernetes-sigs/gateway-api\"\nsource_commit: \"{commit}\"\ncurrent_releases: [\"v1.5\", \"v1.2\"]\ndigest: "
    )));
}

#[test]
fn output_is_an_ordinary_snapshot_and_reruns_change_nothing() {
    let repo = replay();
    let site = new_site();
    assert!(import(repo.path(), site.path(), &[]).status.success());
    let before = common::tree(site.path());

    // check, fmt --check, diff and build accept the files unchanged.
    let check = statusgen()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(check.status.success());
    assert!(
        !String::from_utf8_lossy(&check.stdout).contains("edited by hand"),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    statusgen()
        .args(["fmt", "--check", "--root"])
        .arg(site.path())
        .assert()
        .success();
    statusgen()
        .args(["diff", "--root"])
        .arg(site.path())
        .assert()
        .success();
    let out = site.path().join("out");
    statusgen()
        .args(["build", "--root"])
        .arg(site.path())
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    std::fs::remove_dir_all(&out).unwrap();
    assert_eq!(common::tree(site.path()), before);

    // Re-running is byte-identical and says so.
    let again = import(repo.path(), site.path(), &[]);
    assert!(again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("0 created, 0 updated, 10 unchanged"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert_eq!(common::tree(site.path()), before);
}

#[test]
fn past_months_are_frozen_unless_asked() {
    let repo = replay();
    let site = new_site();
    assert!(import(repo.path(), site.path(), &[]).status.success());
    // A new display name changes every month's text.
    let yaml = SITE_YAML.replace(
        "kong/kubernetes-ingress-controller: Kong",
        "kong/kubernetes-ingress-controller: Kong Ingress",
    );
    std::fs::write(site.path().join("content/site.yaml"), yaml).unwrap();
    let before = common::tree(site.path());

    let dry = import(repo.path(), site.path(), &["--dry-run"]);
    assert!(dry.status.success());
    assert!(String::from_utf8_lossy(&dry.stdout).contains("would update content/2024-04.md"));
    assert_eq!(common::tree(site.path()), before);

    let out = import(repo.path(), site.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("update content/2024-04.md"), "{stdout}");
    assert!(
        stdout.contains("0 created, 1 updated, 0 unchanged, 9 past month(s) kept"),
        "{stdout}"
    );
    let s = common::read(site.path());
    assert_eq!(cells(&s, "2024-04")[3].0, "Kong Ingress");
    assert_eq!(cells(&s, "2024-03")[2].0, "Kong");

    let out = import(
        repo.path(),
        site.path(),
        &["--rewrite-past", "--since", "2024-02"],
    );
    assert!(out.status.success());
    let s = common::read(site.path());
    assert_eq!(cells(&s, "2024-02")[2].0, "Kong Ingress");
    assert_eq!(cells(&s, "2024-01")[2].0, "Kong");
    // --until limits the other end.
    let out = import(
        repo.path(),
        site.path(),
        &["--dry-run", "--rewrite-past", "--until", "2023-08"],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 month(s): 0 created, 2 updated"));
}

#[test]
fn hand_written_and_hand_edited_files_are_never_overwritten() {
    let repo = replay();
    let site = new_site();
    let hand = "# Status August 2023\n\n| | GEP-1709: Conformance Profiles |\n|---|---|\n| **Kong** | C |\n";
    std::fs::write(site.path().join("content/2023-08.md"), hand).unwrap();
    let out = import(repo.path(), site.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("content/2023-08.md was not written by statusgen import"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing at all was written.
    assert_eq!(
        common::tree(site.path())
            .keys()
            .cloned()
            .collect::<Vec<_>>(),
        ["content/2023-08.md", "content/site.yaml"]
    );
    std::fs::remove_file(site.path().join("content/2023-08.md")).unwrap();

    // A generated file edited by hand: check warns, the import refuses to overwrite it.
    assert!(import(repo.path(), site.path(), &[]).status.success());
    let path = site.path().join("content/2024-04.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("## Evidence", "## Evidence (checked)")).unwrap();
    let check = statusgen()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(check.status.success());
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        report.contains("content/2024-04.md:7:1: warning: this file was generated by `statusgen import gateway-conformance` and has been edited by hand"),
        "{report}"
    );
    let yaml = SITE_YAML.replace("Kong\n", "Kong Ingress\n");
    std::fs::write(site.path().join("content/site.yaml"), yaml).unwrap();
    let out = import(repo.path(), site.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("edited by hand"));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("## Evidence (checked)")
    );

    // A second file for a month already held elsewhere.
    let site2 = new_site();
    std::fs::create_dir_all(site2.path().join("content/2023")).unwrap();
    std::fs::write(
        site2.path().join("content/2023/07.md"),
        hand.replace("August", "July"),
    )
    .unwrap();
    let out = import(repo.path(), site2.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("content/2023/07.md already holds 2023-07")
    );
}

#[test]
fn shallow_clones_bare_clones_and_missing_config() {
    let repo = replay();
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let shallow: PathBuf = tmp.path().join("shallow");
    let bare: PathBuf = tmp.path().join("bare.git");
    for args in [
        vec![
            "clone",
            "-q",
            "--depth",
            "1",
            &url,
            shallow.to_str().unwrap(),
        ],
        vec!["clone", "-q", "--bare", &url, bare.to_str().unwrap()],
    ] {
        assert!(
            std::process::Command::new("git")
                .args(&args)
                .status()
                .unwrap()
                .success()
        );
    }
    let site = new_site();
    let out = import(&shallow, site.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a shallow clone"));

    let out = import(&bare, site.path(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(months(site.path()).len(), 10);

    let out = import(tmp.path(), site.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a git repository"));

    let plain = common::site_dir(&[]);
    let out = import(repo.path(), plain.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no `import: gateway_conformance:` section")
    );
}

#[test]
fn unknown_names_and_stages_are_warned_about() {
    let repo = replay();
    let yaml = SITE_YAML.replace("[HTTPRoutePathRewrite]", "[HTTPRoutePathRewrites]");
    let site = common::site_dir(&[("content/site.yaml", yaml.as_bytes())]);
    let out = import(repo.path(), site.path(), &[]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "warning: proposal 2000: feature \"HTTPRoutePathRewrites\" is in no report read"
        ),
        "{err}"
    );
    // A GEP status outside the site's stages is left blank, with a warning.
    let r = replay();
    r.write(
        "geps/gep-1294/metadata.yaml",
        b"number: 1294\nname: xRoutes Mesh Binding\nstatus: Deferred\n",
    );
    r.commit("2024-04-20T10:00:00Z", "deferred");
    let site = new_site();
    let out = import(r.path(), site.path(), &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: GEP-1294: status \"Deferred\" is not a stage"),
        "{err}"
    );
    let s = common::read(site.path());
    assert_eq!(common::stage(&snapshot(&s, "2024-04").items[2]), "");
}

// ---------------------------------------------------------------------------------------------
// One whole minor version: implementations, not rows.

#[test]
fn a_whole_minor_version_counts_implementations_not_rows() {
    let r = Repo::new();
    let base = Path::new(FIXTURES).join("minor-v1.0");
    let mut files = 0;
    for e in walkdir::WalkDir::new(&base) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(&base)
                .unwrap()
                .to_string_lossy()
                .to_string();
            r.write(
                &format!("conformance/reports/v1.0.0/{rel}"),
                std::fs::read(e.path()).unwrap(),
            );
            files += 1;
        }
    }
    assert_eq!(files, 19);
    r.commit("2026-08-21T10:00:00Z", "v1.0.0 at HEAD");
    let site = new_site();
    let out = import(r.path(), site.path(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = common::read(site.path());
    let rows = cells(&s, "2026-08");
    let names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
    // 19 report files (Contour has 9, Kong and NGINX 2 each) from 9 implementations.
    assert_eq!(
        names,
        [
            "Cilium",
            "Envoy Gateway",
            "Istio",
            "Kong",
            "kumahq/kuma",
            "microsoft azure/application gateway for containers",
            "NGINX Gateway Fabric",
            "projectcontour/contour",
            "solo.io/gloo-gateway",
        ]
    );
    let text = std::fs::read_to_string(site.path().join("content/2026-08.md")).unwrap();
    assert!(text.contains("19 report file(s) read"));
    // Every implementation has a report: GEP-1709 is C in every row.
    assert!(rows.iter().all(|(_, c)| c[0] == "C"));
}

// ---------------------------------------------------------------------------------------------
// Opt-in: the real repository (STATUSGEN_GATEWAY_REPO=/path/to/gateway-api cargo test).

#[test]
#[ignore = "needs STATUSGEN_GATEWAY_REPO=/path/to/a/full/clone/of/gateway-api; .ci/run runs it when set"]
fn full_clone_when_given() {
    let source = std::env::var("STATUSGEN_GATEWAY_REPO")
        .expect("STATUSGEN_GATEWAY_REPO: the path of a full clone of kubernetes-sigs/gateway-api");
    let site = new_site();
    let out = import(Path::new(&source), site.path(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = months(site.path());
    assert_eq!(m.len(), 38);
    assert_eq!(m.first().unwrap(), "2023-07");
    assert_eq!(m.last().unwrap(), "2026-08");
    let s = common::read(site.path());
    assert!(!s.diagnostics.has_errors());
    // The first month: the five implementations that reported in July 2023.
    let jul: Vec<String> = cells(&s, "2023-07").into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        jul,
        [
            "Istio",
            "Kong",
            "kumahq/kuma",
            "NGINX Gateway Fabric",
            "projectcontour/contour"
        ]
    );
    // August 2023 adds Cilium; at HEAD, 30 implementations have reports.
    assert_eq!(cells(&s, "2023-08").len(), 6);
    assert_eq!(cells(&s, "2026-08").len(), 30);
    // Every implementation once: Istio (istio.io and istio), NGINX (three spellings).
    for month in &m {
        let names: Vec<String> = cells(&s, month).into_iter().map(|(n, _)| n).collect();
        let mut unique = names.clone();
        unique.dedup();
        assert_eq!(names, unique, "{month}");
        assert!(
            !names
                .iter()
                .any(|n| n.starts_with("istio.io") || n.starts_with("nginxinc")),
            "{month}: {names:?}"
        );
    }
    // At HEAD: Istio conforms to the timeouts GEP through its newest reports.
    let aug = cells(&s, "2026-08");
    let istio = aug.iter().find(|(n, _)| n == "Istio").unwrap();
    assert_eq!(istio.1[1], "C");
    // Re-running changes nothing.
    let before = common::tree(site.path());
    assert!(
        import(Path::new(&source), site.path(), &[])
            .status
            .success()
    );
    assert_eq!(common::tree(site.path()), before);
}

// ---------------------------------------------------------------------------------------------
// Reports arrive through pull requests: no input makes the reader panic.

mod props {
    use proptest::prelude::*;
    use statusgen::import::gateway::report::parse_report;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, .. ProptestConfig::default() })]

        #[test]
        fn truncated_and_spliced_reports_never_panic(
            cut in 0usize..4000,
            splice in proptest::collection::vec(any::<u8>(), 0..16),
            at in 0usize..4000,
        ) {
            let mut bytes = super::fixture("right-prefix.yaml");
            let at = at.min(bytes.len());
            bytes.splice(at..at, splice);
            bytes.truncate(cut.min(bytes.len()));
            let _ = parse_report(&bytes);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse_report(&bytes);
        }
    }
}
