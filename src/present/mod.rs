//! Presentation: turns the analysed history into page contexts, charts, feed and data files.

pub mod charts;
pub mod data;
pub mod diffs;
pub mod feed;
pub mod markdown;
pub mod pages;
pub mod theme;
pub mod urls;
