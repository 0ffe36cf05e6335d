//! The integration tests, in one binary (one link of the crate instead of one per file).
//! Apart: `tests/memory.rs` measures its own process, `tests/scale_check.rs` runs in release
//! only, and `tests/serve/` (the preview server) is timing-sensitive.

mod common;
/// The synthetic history generator of `examples/synth`, for the synth and parallel_build tests
/// (and its own unit tests).
#[allow(dead_code)]
#[path = "../../examples/synth/generate.rs"]
mod synth_gen;

mod builtin_templates;
mod charts;
mod cli_authoring;
mod cli_check;
mod codes_apart;
mod conventions;
mod diagnostics;
mod editor_output;
mod evidence_links;
mod fmt_props;
mod gateway_example;
mod gateway_features;
mod golden;
mod graduation;
mod history_diff;
mod hostile;
mod hostile_paths;
mod hostile_publish;
mod import_csv;
mod import_gateway;
mod import_gateway_evidence;
mod import_history;
mod import_hostile;
mod incremental;
mod incremental_props;
mod init_action;
mod init_gateway;
mod loader;
mod module_graph;
mod nav_links;
mod nouns;
mod parallel_build;
mod parser_props;
mod release;
mod releases;
mod schema;
mod seed;
mod shapes;
mod shapes_otel;
mod shapes_replayed;
mod shapes_versions;
mod site_build;
mod supply_chain;
mod synth;
mod themes;
mod write_safety;
