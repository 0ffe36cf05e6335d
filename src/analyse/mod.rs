//! Analysis over parsed snapshots: identity checks across months (near names, disappeared
//! implementors, changed titles), diffs between snapshots and per-proposal statistics. Works on
//! the plain model only.

pub mod diff;
pub mod graduation;
pub mod identity;
pub mod slug;
pub mod stats;
