//! Issue 20's "Done when", checked on the published example (examples/gateway-conformance:
//! the importer's output for kubernetes-sigs/gateway-api at 4564255, committed): the evidence
//! means what Gateway API maintainers mean. `tests/init_gateway.rs` (with
//! STATUSGEN_GATEWAY_REPO) checks that a fresh import of the clone writes exactly this content.

use crate::common::statusgen;
use serde_json::Value;
use std::path::Path;

const EXAMPLE: &str = "examples/gateway-conformance";

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = statusgen()
        .args(["build", "--root", EXAMPLE, "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, out)
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn snapshot<'a>(history: &'a Value, month: &str) -> &'a Value {
    history["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["date"] == month)
        .unwrap_or_else(|| panic!("no {month}"))
}

fn cell<'a>(history: &'a Value, month: &str, name: &str, gep: &str) -> &'a str {
    snapshot(history, month)["implementors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {month}"))["cells"][gep]
        .as_str()
        .unwrap()
}

fn diff(from: &str, to: &str) -> Value {
    let o = statusgen()
        .args(["diff", from, to, "--format", "json", "--root", EXAMPLE])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn the_evidence_means_what_maintainers_mean() {
    let (_tmp, out) = built();
    let history = crate::common::long_form(&json(&out.join("data/history.json")));

    // Skipped is not failed: a skip of another feature's test made these P before.
    for (month, name) in [
        ("2024-08", "Cilium"),
        ("2024-08", "Contour"),
        ("2026-06", "Envoy Gateway"),
        ("2026-07", "Envoy Gateway"),
    ] {
        assert_eq!(cell(&history, month, name, "1742"), "C", "{name} {month}");
    }
    // ... so 2024-08 has no GEP-1742 crossing.
    let aug = diff("2024-07", "2024-08");
    assert!(
        !aug["threshold_crossings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["proposal"] == 1742),
        "{aug:#}"
    );

    // A proposal needs all of its features: Istio and Calico lack
    // GatewayBackendClientCertificate for GEP-3155.
    for name in ["Istio", "Calico"] {
        assert_ne!(cell(&history, "2026-08", name, "3155"), "C", "{name}");
    }

    // Unsupported is not progress: no blank → U change is an advance, in any month pair.
    let months: Vec<String> = history["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().unwrap().to_string())
        .collect();
    let mut blank_to_u = 0;
    for pair in months.windows(2) {
        let d = diff(&pair[0], &pair[1]);
        for c in d["cells"].as_array().unwrap() {
            if c["from"] == "" && c["to"] == "U" {
                blank_to_u += 1;
                assert_eq!(c["kind"], "other", "{}→{}: {c}", pair[0], pair[1]);
            }
        }
    }
    assert!(blank_to_u > 0, "the history has blank → U changes to check");

    // Old releases age out: every 2026-08 row names its release; GEP-1294 counts 2 complete
    // (Cilium v1.6 and Istio v1.5), not the 6 reports of older releases.
    let latest = snapshot(&history, "2026-08");
    assert_eq!(
        latest["current_releases"],
        serde_json::json!(["v1.6", "v1.5"])
    );
    for i in latest["implementors"].as_array().unwrap() {
        let release = i["attributes"]["Release"].as_str().unwrap();
        assert!(release.starts_with('v'), "{}: {release:?}", i["name"]);
        let current = release == "v1.6" || release == "v1.5";
        assert_eq!(i["current"], current, "{}", i["name"]);
    }
    let graduation = json(&out.join("data/graduation.json"));
    let gep = |n: u64| {
        graduation["proposals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["number"] == n)
            .unwrap_or_else(|| panic!("GEP-{n}"))
            .clone()
    };
    let g1294 = gep(1294);
    assert_eq!(g1294["complete"], 2);
    let names: Vec<&str> = g1294["implementations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Cilium", "Istio"]);

    // Graduation names its evidence: every proposal counted complete names its
    // implementations, each with its report at the pinned commit.
    for p in graduation["proposals"].as_array().unwrap() {
        let list = p["implementations"].as_array().unwrap();
        assert_eq!(list.len() as u64, p["complete"].as_u64().unwrap(), "{p}");
        for i in list {
            let url = i["evidence"].as_str().unwrap();
            assert!(
                url.starts_with("https://github.com/kubernetes-sigs/gateway-api/blob/4564255ac2c35d582249b3cdf261bdf51c8bca32/conformance/reports/"),
                "{url}"
            );
        }
    }
    // GEP-1897 became Standard in 2025-09 with no complete implementation.
    let g = gep(1897);
    assert_eq!(
        (
            &g["stage"],
            &g["stage_reached"],
            &g["complete_at_stage"],
            &g["state"]
        ),
        (
            &Value::from("S"),
            &Value::from("2025-09"),
            &Value::from(0),
            &Value::from("graduated_without_evidence")
        )
    );

    // The month page names each row's release and says which rows are not counted.
    let page = std::fs::read_to_string(out.join("2026-08/index.html")).unwrap();
    assert!(page.contains("v1.0"), "Kuma's release");
    assert!(page.contains("not counted"));
}
