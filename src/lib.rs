//! statusgen: a static site generator for dated status-report matrices.
//!
//! [`pipeline`] is the one build, and its stages are the top-level modules:
//!
//! 1. read: [`site`] in one call, over [`config`], [`load`] (walk `content/`, front matter,
//!    month) and [`parse`] (comrak AST → [`model::Snapshot`]), with [`diag`]nostics;
//! 2. [`analyse`]: identity, diffs, statistics, graduation — data only;
//! 3. [`present`]: every word, chart and page (typed template contexts, one module per page
//!    family, the job list in [`present::jobs`]);
//! 4. [`write`](mod@write): the one writer.
//!
//! [`error`] maps what stops a build to exit codes. [`commands`] holds the thin command front
//! ends used by the binary; [`authoring`] and [`import`] write content rather than sites.

pub mod analyse;
pub mod authoring;
pub mod commands;
pub mod config;
pub mod confine;
pub mod csv_format;
pub mod diag;
pub mod error;
pub mod import;
pub mod load;
pub mod markdown;
pub mod model;
pub mod nouns;
pub mod parse;
pub mod pipeline;
pub mod present;
pub mod schema;
pub mod site;
pub mod slug;
pub mod text;
pub mod write;
