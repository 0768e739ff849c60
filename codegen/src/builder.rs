//! The build.rs API (filled in by the Rust output work).

/// Configures and runs generation from a build script.
#[derive(Clone, Debug, Default)]
pub struct Builder {}
