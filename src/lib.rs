//! statusgen: a static site generator for dated status-report matrices.
//!
//! The pipeline is visible in the modules: [`load`] (walk `content/`, front matter, month) →
//! [`parse`] (comrak AST → [`model::Snapshot`]) → [`analyse`] (identity, diffs, stats) →
//! [`present`] (charts, page contexts, feed, data files) → [`write`] (the one writer).
//! [`commands`] holds the thin command front ends used by the binary.

pub mod analyse;
pub mod authoring;
pub mod commands;
pub mod config;
pub mod diag;
pub mod error;
pub mod import;
pub mod load;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod present;
pub mod site;
pub mod synth;
pub mod write;
