//! The JSON Schema of `content/site.yaml`, whole: the site's keys (from the types
//! `crate::config` reads) with the importers' section (`import:`, from the types
//! `crate::import::settings` reads) joined in. Each part is generated from the types its reader
//! uses, so neither can drift from what `check` accepts; this module sits above both so that
//! neither names the other.

use crate::import::settings::ImportConfig;

/// What the schema says of `import:`.
const IMPORT_DESCRIPTION: &str =
    "What `statusgen import` reads and how it becomes columns and rows.";

/// The whole schema. `statusgen schema` prints it; editors use it through the
/// `# yaml-language-server: $schema=…` line `statusgen init` writes.
pub fn json_schema() -> serde_json::Value {
    let mut schema = crate::config::json_schema();
    let mut generator = schemars::SchemaGenerator::default();
    let import = generator.subschema_for::<Option<ImportConfig>>().to_value();
    let definitions = generator.take_definitions(true);
    if let Some(root) = schema.as_object_mut() {
        if let Some(serde_json::Value::Object(props)) = root.get_mut("properties") {
            let mut import = import;
            if let Some(obj) = import.as_object_mut() {
                obj.insert("description".into(), IMPORT_DESCRIPTION.into());
            }
            props.insert("import".into(), import);
        }
        let defs = root
            .entry("$defs")
            .or_insert_with(|| serde_json::Value::Object(Default::default()));
        if let Some(defs) = defs.as_object_mut() {
            for (name, def) in definitions {
                defs.insert(name, def);
            }
        }
    }
    schema
}
