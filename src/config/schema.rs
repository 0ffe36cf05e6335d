//! The JSON Schema of `content/site.yaml`, generated with schemars from [`super::RawConfig`],
//! the type the file is read into, so it cannot drift from what `check` accepts.

/// The JSON Schema of `content/site.yaml`, generated from the types the file is read into (so
/// it cannot drift from what `check` accepts). `statusgen schema` prints it; editors use it
/// through the `# yaml-language-server: $schema=…` line `statusgen init` writes.
pub fn json_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(super::RawConfig).to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "title".into(),
            "statusgen site configuration (content/site.yaml)".into(),
        );
        obj.insert(
            "description".into(),
            "Every key is optional; unknown keys are errors. See the README's configuration section."
                .into(),
        );
        obj.insert("$id".into(), SCHEMA_URL.into());
    }
    schema
}

/// Where the schema of this version is published (the file `docs/site.schema.json` at the
/// release tag); `init` points editors at it.
pub const SCHEMA_URL: &str = concat!(
    "https://raw.githubusercontent.com/statusgen/statusgen/v",
    env!("CARGO_PKG_VERSION"),
    "/docs/site.schema.json"
);
