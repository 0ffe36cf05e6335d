//! The real November 2023 report (content/2023-11.md) reads exactly as published.

use statusgen::pipeline::read_site;
use std::path::Path;

const TITLES: [(u32, &str); 15] = [
    (1619, "Session Persistence"),
    (1867, "Per-Gateway Infrastructure"),
    (957, "Destination Port Matching"),
    (1016, "GRPCRoute"),
    (1324, "Service Mesh in Gateway API"),
    (1426, "xRoutes Mesh Binding"),
    (1651, "Gateway Routability"),
    (1686, "Mesh conformance testing plan"),
    (1709, "Conformance Profiles"),
    (1742, "HTTPRoute Timeouts"),
    (1748, "Gateway API Interaction with Multi-Cluster Services"),
    (1897, "BackendTLSPolicy"),
    (1911, "Backend Protocol Selection"),
    (2162, "Supported features in GatewayClass Status"),
    (2257, "Gateway API Duration Format"),
];

const IMPLEMENTORS: [&str; 19] = [
    "Amazon EKS",
    "Apache",
    "BIG-IP Kubernetes Gateway",
    "Cilium",
    "Contour",
    "Easegress",
    "Emissary-Ingress (Ambassador)",
    "Envoy Gateway",
    "Flomesh",
    "Gloo",
    "Google Kubnernetes Engine",
    "HAProxy Ingress",
    "Istio",
    "Kong",
    "Kuma",
    "NGINX Gateway Fabric",
    "STUNner",
    "Traefik",
    "WS02",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn seed_reads_as_published() {
    let site = read_site(root()).unwrap();
    assert!(site.diagnostics.is_empty(), "{:#?}", site.diagnostics.items);
    assert_eq!(site.history.snapshots.len(), 1);
    let s = &site.history.snapshots[0];
    assert_eq!(s.month.to_string(), "2023-11");
    assert_eq!(s.source, "content/2023-11.md");
    assert_eq!(
        s.title,
        "Gateway API Enhancment Proposal Status November 2023"
    );

    // Columns, in order, with their titles.
    let got: Vec<(u32, &str)> = s
        .items
        .iter()
        .map(|p| (p.key.number().unwrap(), p.title.as_str()))
        .collect();
    assert_eq!(got, TITLES);
    for p in &s.items {
        assert_eq!(p.written_number, p.key.number().unwrap());
    }

    // Stages: P, P, then E.
    let stages: Vec<&str> = s.items.iter().map(crate::common::stage).collect();
    let mut want = vec!["P", "P"];
    want.extend(std::iter::repeat_n("E", 13));
    assert_eq!(stages, want);

    // Compliance: NS for 1619, 1867, 957, 1897; blank otherwise.
    for p in &s.items {
        let want = if [1619, 1867, 957, 1897].contains(&p.key.number().unwrap()) {
            "NS"
        } else {
            ""
        };
        assert_eq!(
            crate::common::compliance(p),
            want,
            "compliance of {}",
            p.key
        );
    }

    // Rows: 19 implementors, example and placeholder rows excluded.
    let names: Vec<&str> = s.implementors.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, IMPLEMENTORS);
    assert!(!names.contains(&"Imaginary"));
    assert!(!names.contains(&"Other?"));

    // Exactly two non-blank cells.
    let mut filled = Vec::new();
    for i in &s.implementors {
        assert_eq!(i.cells.len(), 15, "{}", i.name);
        for (p, code) in s.items.iter().zip(&i.cells) {
            if !code.code.is_empty() {
                filled.push((i.name.as_str(), p.key.number().unwrap(), code.code.as_str()));
            }
        }
    }
    assert_eq!(
        filled,
        [
            ("Google Kubnernetes Engine", 1748, "C"),
            ("NGINX Gateway Fabric", 1709, "C"),
        ]
    );
}

#[test]
fn seed_positions() {
    let site = read_site(root()).unwrap();
    let s = &site.history.snapshots[0];
    // The matrix is the second table: header on line 36.
    assert_eq!(s.table_pos.line, 36);
    assert_eq!((s.items[0].pos.line, s.items[0].pos.col), (36, 39));
    let eks = &s.implementors[0];
    assert_eq!((eks.pos.line, eks.pos.col), (40, 3));
    assert_eq!(eks.written_name, "Amazon EKS");
    assert!(s.prose_before.starts_with("#### Gateway API"));
    assert!(s.prose_before.contains("Please fill the row"));
}

/// The seed under content/ is the read-only copy it was taken from, byte for byte; needs
/// `STATUSGEN_SEED_COPY` naming that copy (`.ci/run` sets it to
/// `/work/shared/seed/gep-status-2023-11.md` when that file exists).
#[test]
#[ignore = "needs STATUSGEN_SEED_COPY=/path/to/gep-status-2023-11.md; .ci/run runs it when set"]
fn seed_copy_is_identical() {
    let copy = std::env::var("STATUSGEN_SEED_COPY")
        .expect("STATUSGEN_SEED_COPY: the path of the seed's read-only copy");
    let bytes = std::fs::read(&copy).unwrap_or_else(|e| panic!("{copy}: {e}"));
    let here = std::fs::read(root().join("content/2023-11.md")).unwrap();
    assert_eq!(bytes, here);
}
