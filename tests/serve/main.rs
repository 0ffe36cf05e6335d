//! The preview server's tests, in a binary of their own: the watcher settles after 15 ms without
//! a file event, and beside the CPU-heavy builds of `tests/it` a test's rewrite of a file could
//! be seen half-written (a rebuild the test says must not happen). Cargo runs test binaries one
//! after the other, so here they share the machine only with each other, as before.

#[path = "../it/common/mod.rs"]
mod common;
mod serve;
mod serve_hostile;
