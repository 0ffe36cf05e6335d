//! Presentation: turns the analysed history into what a visitor gets, and owns every word.
//! [`site`] is the job list (which files a site has) and renders them; each page family has one
//! module that builds its typed, borrowing template context and renders it with the [`theme`]'s
//! tera templates: [`index`], [`month`], [`changes`], [`graduation`], [`proposal`], [`implementor`], [`lists`]
//! (and the 404 page), [`feed`] (Atom feed, sitemap, robots.txt). [`context`] is what they
//! share (URLs resolved through [`urls`], the common context, [`context::render_page`]);
//! [`wording`] the English for the analysis (summaries, plurals, labels). [`charts`] draws the
//! SVG charts with plotters; [`markdown`] renders prose with comrak; [`data`] the JSON and CSV
//! downloads (the public export format); [`diffs`] a diff as text, markdown or JSON; [`escape`]
//! what is written by hand. Nothing here touches the file system except reading a site's theme.

pub mod badges;
pub mod cell;
pub mod changes;
pub mod charts;
pub mod context;
pub mod data;
pub mod diffs;
pub mod error;
pub mod escape;
pub mod favicon;
pub mod feed;
pub mod graduation;
pub mod implementor;
pub mod implementor_now;
mod implementor_versions;
pub mod index;
pub mod item;
pub mod jobs;
pub mod lists;
pub mod markdown;
pub mod month;
pub mod month_items;
pub mod release;
pub mod svg_theme;
pub mod theme;
pub mod urls;
pub mod version_words;
pub mod views;
pub mod wording;
