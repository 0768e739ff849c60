//! Runtime tests shared by the two consumer crates (build.rs and derive):
//! the including test file defines `api` (the generated API) and
//! `INCLUDES_REMOVED`, then includes this module.

mod examples;
mod runtime;
