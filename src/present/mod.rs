//! Presentation: turns the analysed history into what a visitor gets. [`pages`] builds every
//! page's context (all URLs resolved through [`urls`]) and renders it with the [`theme`]'s tera
//! templates; [`charts`] draws the SVG charts with plotters; [`markdown`] renders prose with
//! comrak; [`feed`] writes the Atom feed and sitemap; [`data`] the JSON and CSV downloads (the
//! public export format); [`diffs`] a diff as text, markdown or JSON; [`escape`] what is written
//! by hand. Nothing here touches the file system except reading a site's theme.

pub mod charts;
pub mod data;
pub mod diffs;
pub mod escape;
pub mod feed;
pub mod markdown;
pub mod pages;
pub mod theme;
pub mod urls;
