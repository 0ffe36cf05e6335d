//! Presentation: turns the analysed history into page contexts, charts, feed and data files.

pub mod data;
