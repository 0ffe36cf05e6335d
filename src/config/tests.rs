use super::*;

#[test]
fn graduation_stale_and_placeholder_keys() {
    let c = Config::default();
    assert_eq!(c.graduation.can_graduate, ["P", "I", "E"]);
    assert_eq!(c.graduation.graduated, ["S"]);
    assert_eq!(c.stale_after_months, 6);
    assert!(c.is_placeholder_row("other?"));
    assert!(c.is_placeholder_row(" Other? "));
    assert!(!c.is_placeholder_row("Other"));
    let c = Config::parse(
        "graduation:\n  can_graduate: [E]\n  graduated: [S, M]\nstale_after_months: 12\nplaceholder_rows: [\"Add yours\"]\n",
        "site.yaml",
    )
    .unwrap();
    assert_eq!(c.graduation.can_graduate, ["E"]);
    assert_eq!(c.graduation.graduated, ["S", "M"]);
    assert_eq!(c.stale_after_months, 12);
    assert!(c.is_placeholder_row("add yours"));
    assert!(!c.is_placeholder_row("Other?"));
}

#[test]
fn graduation_threshold_null_and_implementor_label() {
    let c = Config::default();
    assert_eq!(c.graduation_threshold, Some(3));
    assert_eq!(c.implementors.label, "Implementor");
    let c = Config::parse(
        "graduation_threshold: null\nimplementors: { label: Implementation }\n",
        "site.yaml",
    )
    .unwrap();
    assert_eq!(c.graduation_threshold, None);
    assert_eq!(c.implementors.label, "Implementation");
    let c = Config::parse("graduation_threshold: 5\n", "site.yaml").unwrap();
    assert_eq!(c.graduation_threshold, Some(5));
    let e = Config::parse("title: x\ngraduation_threshold: 0\n", "site.yaml").unwrap_err();
    assert_eq!((e.items[0].line, e.items[0].col), (2, 23));
    let e = Config::parse("implementors: { colour: red }\n", "site.yaml").unwrap_err();
    assert!(
        e.items[0].message.contains("colour"),
        "{}",
        e.items[0].message
    );
}

#[test]
fn defaults() {
    let c = Config::default();
    assert_eq!(c.codes.rank("C"), Some(3));
    assert_eq!(c.stages.lookup("experimental"), Some(Match::Exact(2)));
    assert_eq!(c.stages.lookup("e"), Some(Match::OtherCase(2)));
    assert_eq!(c.codes.lookup("pp"), Some(Match::OtherCase(1)));
    assert_eq!(c.codes.lookup("X"), None);
    assert_eq!(
        c.item_doc_url(&1742.into()).unwrap(),
        "https://gateway-api.sigs.k8s.io/geps/gep-1742/"
    );
}

#[test]
fn aliases_and_unknown_keys() {
    let c = Config::parse(
        "aliases:\n  implementors:\n    \"Google Kubnernetes Engine\": \"Google Kubernetes Engine\"\n  proposals:\n    1426: 1294\n",
        "site.yaml",
    )
    .unwrap();
    assert_eq!(
        c.implementor_identity("Google Kubnernetes Engine"),
        "Google Kubernetes Engine"
    );
    assert_eq!(c.number_identity(1426), 1294);

    let e = Config::parse("title: x\n\ncolour: red\n", "content/site.yaml").unwrap_err();
    let d = &e.items[0];
    assert_eq!((d.line, d.file.as_str()), (3, "content/site.yaml"));
    assert!(d.message.contains("colour"), "{}", d.message);
}

#[test]
fn implementor_attributes_and_release() {
    let c = Config::parse(
        "implementors:\n  label: Implementation\n  attributes: [Release, Core]\n  release: release\n",
        "site.yaml",
    )
    .unwrap();
    assert_eq!(c.implementors.attributes, ["Release", "Core"]);
    assert_eq!(c.implementors.attribute(" core "), Some(1));
    assert_eq!(c.implementors.release_index(), Some(0));
    assert_eq!(Config::default().implementors.release_index(), None);

    // `release` must be one of `attributes`: the error is at its value.
    let e = Config::parse(
        "implementors:\n  attributes: [Core]\n  release: Release\n",
        "site.yaml",
    )
    .unwrap_err();
    let d = &e.items[0];
    assert_eq!((d.line, d.col), (3, 12), "{d}");
    assert!(
        d.message.contains(
            "implementors.release \"Release\" must be one of implementors.attributes (Core)"
        ),
        "{d}"
    );
    let e = Config::parse("implementors: { release: Release }\n", "site.yaml").unwrap_err();
    assert!(e.items[0].message.contains("lists none"), "{}", e.items[0]);

    // Attributes of rows need implementors as rows: the error is at the list.
    let e = Config::parse(
        "matrix:\n  orientation: columns\n  items: all\nimplementors:\n  attributes: [Release]\n",
        "site.yaml",
    )
    .unwrap_err();
    let d = &e.items[0];
    assert_eq!((d.line, d.col), (5, 15), "{d}");
    assert!(d.message.contains("needs implementors as rows"), "{d}");

    // Each attribute once, not blank, not a column name of the CSV export: at the entry.
    let e = Config::parse(
        "implementors:\n  attributes:\n    - Release\n    - release\n    - \"\"\n    - Code\n",
        "site.yaml",
    )
    .unwrap_err();
    let at: Vec<(usize, usize, bool)> = e
        .items
        .iter()
        .map(|d| {
            (
                d.line,
                d.col,
                d.message.starts_with("implementors.attributes"),
            )
        })
        .collect();
    assert_eq!(at, [(4, 7, true), (5, 7, true), (6, 7, true)], "{e:?}");
    assert!(e.items[0].message.contains("listed twice"));
    assert!(e.items[2].message.contains("column of the CSV export"));
}
