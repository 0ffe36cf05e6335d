//! The JSON Schema of `content/site.yaml` (`statusgen schema`): generated from the config
//! types, published as `docs/site.schema.json`, and in agreement with `check` — every
//! configuration the project ships validates against it, and a key `check` rejects as unknown
//! the schema rejects too.
//!
//! The validator below covers the part of JSON Schema 2020-12 that schemars emits for these
//! types (type, properties, additionalProperties, required, items, enum, const, anyOf, oneOf,
//! allOf, $ref into $defs, minimum); any other keyword makes the test fail, so a schema that
//! grows beyond it cannot pass unchecked.

use crate::common::statusgen;
use serde_json::Value;
use std::path::Path;

fn schema() -> Value {
    statusgen::schema::json_schema()
}

fn yaml_to_json(text: &str) -> Value {
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Value::Object(Default::default());
    }
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{e}"))
}

const KNOWN: &[&str] = &[
    "type",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "enum",
    "const",
    "anyOf",
    "oneOf",
    "allOf",
    "$ref",
    "minimum",
    "maximum",
    "format",
    "default",
    "description",
    "title",
    "$schema",
    "$id",
    "$defs",
    "patternProperties",
];

/// Errors of `value` against `schema` (empty: valid), each with its JSON path.
fn validate(root: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let Some(obj) = schema.as_object() else {
        if schema == &Value::Bool(false) {
            errors.push(format!("{path}: not allowed"));
        }
        return;
    };
    for key in obj.keys() {
        assert!(
            KNOWN.contains(&key.as_str()),
            "validator does not know keyword {key:?}"
        );
    }
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        let name = r
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("ref {r}"));
        validate(root, &root["$defs"][name], value, path, errors);
    }
    if let Some(t) = obj.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => panic!("type {t}"),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            other => panic!("type {other}"),
        });
        if !ok {
            errors.push(format!("{path}: {value} is not of type {t}"));
            return;
        }
    }
    if let (Some(min), Some(n)) = (obj.get("minimum").and_then(Value::as_f64), value.as_f64())
        && n < min
    {
        errors.push(format!("{path}: {n} < {min}"));
    }
    if let Some(options) = obj.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        errors.push(format!("{path}: {value} not one of {options:?}"));
    }
    if let Some(c) = obj.get("const")
        && c != value
    {
        errors.push(format!("{path}: {value} is not {c}"));
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = obj.get(key).and_then(Value::as_array) {
            let results: Vec<Vec<String>> = options
                .iter()
                .map(|o| {
                    let mut e = Vec::new();
                    validate(root, o, value, path, &mut e);
                    e
                })
                .collect();
            let passing = results.iter().filter(|e| e.is_empty()).count();
            if passing == 0 {
                // Say why the closest alternative failed (for `Option<T>`: why not a T).
                errors.extend(results.into_iter().min_by_key(Vec::len).unwrap_or_default());
            } else if key == "oneOf" && passing > 1 {
                errors.push(format!("{path}: {passing} of the oneOf alternatives match"));
            }
        }
    }
    if let Some(all) = obj.get("allOf").and_then(Value::as_array) {
        for s in all {
            validate(root, s, value, path, errors);
        }
    }
    if let Some(map) = value.as_object() {
        let props = obj.get("properties").and_then(Value::as_object);
        for req in obj
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let req = req.as_str().unwrap();
            if !map.contains_key(req) {
                errors.push(format!("{path}: missing {req}"));
            }
        }
        let patterns = obj.get("patternProperties").and_then(Value::as_object);
        for (k, v) in map {
            let here = format!("{path}.{k}");
            // The one pattern schemars writes: integer keys (`BTreeMap<u32, _>`).
            let by_pattern = patterns.and_then(|p| {
                p.iter().find_map(|(pattern, s)| {
                    assert_eq!(
                        pattern, r"^\d+$",
                        "validator does not know pattern {pattern}"
                    );
                    (!k.is_empty() && k.bytes().all(|b| b.is_ascii_digit())).then_some(s)
                })
            });
            match props.and_then(|p| p.get(k)).or(by_pattern) {
                Some(s) => validate(root, s, v, &here, errors),
                None => match obj.get("additionalProperties") {
                    Some(Value::Bool(false)) => errors.push(format!("{here}: unknown key")),
                    Some(s) => validate(root, s, v, &here, errors),
                    None => {}
                },
            }
        }
    }
    if let (Some(items), Some(list)) = (obj.get("items"), value.as_array()) {
        for (i, v) in list.iter().enumerate() {
            validate(root, items, v, &format!("{path}[{i}]"), errors);
        }
    }
}

fn errors_of(text: &str) -> Vec<String> {
    let root = schema();
    let mut errors = Vec::new();
    validate(&root, &root, &yaml_to_json(text), "$", &mut errors);
    errors
}

#[test]
fn the_published_schema_is_the_generated_one() {
    let out = statusgen().arg("schema").output().unwrap();
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, schema());
    let published = std::fs::read_to_string("docs/site.schema.json")
        .expect("docs/site.schema.json (regenerate: statusgen schema > docs/site.schema.json)");
    assert_eq!(
        published,
        String::from_utf8(out.stdout).unwrap(),
        "docs/site.schema.json is stale: run `cargo run -- schema > docs/site.schema.json`"
    );
}

#[test]
fn every_shipped_configuration_validates() {
    let mut files = vec![
        "content/site.yaml".to_string(),
        "examples/gateway-conformance/content/site.yaml".to_string(),
    ];
    for entry in std::fs::read_dir("tests/fixtures").unwrap() {
        let p = entry.unwrap().path().join("content/site.yaml");
        if p.is_file() {
            files.push(p.to_string_lossy().into_owned());
        }
    }
    assert!(files.len() >= 5, "{files:?}");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        assert_eq!(errors_of(&text), Vec::<String>::new(), "{file}");
    }
}

#[test]
fn the_configurations_init_writes_validate_uncommented_too() {
    for template in ["default", "gateway-conformance"] {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let mut cmd = statusgen();
        cmd.arg("init").arg(&site);
        if template != "default" {
            cmd.args(["--template", template]);
        }
        assert!(cmd.output().unwrap().status.success(), "{template}");
        let text = std::fs::read_to_string(site.join("content/site.yaml")).unwrap();
        assert!(
            text.starts_with(&format!(
                "# yaml-language-server: $schema={}\n",
                statusgen::config::SCHEMA_URL
            )),
            "{template}: editors are pointed at the schema"
        );
        assert_eq!(errors_of(&text), Vec::<String>::new(), "{template}");
        // The default template lists every option commented out: with the comment marks
        // removed it is still a valid configuration.
        if template == "default" {
            let is_option = |l: &str| {
                let key = l
                    .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                    .unwrap_or(l.len());
                (key > 0 && l[key..].starts_with(':')) || l.starts_with("  ")
            };
            let uncommented: String = text
                .lines()
                .filter_map(|l| l.strip_prefix("# "))
                .filter(|l| is_option(l))
                .map(|l| format!("{l}\n"))
                .collect();
            assert!(uncommented.lines().count() > 20, "{uncommented}");
            let e = errors_of(&uncommented);
            assert!(e.is_empty(), "{e:?}\n{uncommented}");
        }
    }
}

#[test]
fn unknown_keys_are_rejected_like_check_does() {
    for (text, key) in [
        ("titel: x\n", "$.titel"),
        ("proposals:\n  patern: x\n", "$.proposals.patern"),
        (
            "codes:\n  - { code: C, label: Complete, colour: red }\n",
            "$.codes[0].colour",
        ),
        (
            "import:\n  gateway_conformance:\n    proposal: []\n",
            "$.import.gateway_conformance.proposal",
        ),
    ] {
        let errors = errors_of(text);
        assert_eq!(errors, vec![format!("{key}: unknown key")], "{text}");
        // check says the same.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/site.yaml"), text).unwrap();
        let out = statusgen()
            .args(["check", "--root"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{text}");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let leaf = key.rsplit(['.', ']']).next().unwrap();
        assert!(
            said.contains(&format!("unknown field `{leaf}`")),
            "{text}: {said}"
        );
    }
}

#[test]
fn wrong_types_are_rejected() {
    assert!(!errors_of("graduation_threshold: three\n").is_empty());
    assert!(
        !errors_of("links: [ { title: x } ]\n").is_empty(),
        "url is required"
    );
    assert!(!errors_of("limits:\n  snapshot_mb: -1\n").is_empty());
    assert!(errors_of("").is_empty());
    assert!(Path::new("docs/site.schema.json").is_file());
}
