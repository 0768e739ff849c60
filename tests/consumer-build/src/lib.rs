//! A consumer of the generated code through the build.rs API: the whole
//! API of `schema/unplug-events.yaml` (removed items included), generated
//! into `OUT_DIR` and included here. `deny(warnings)` proves the generated
//! code alone gives no warning, deprecated items included.

#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/unplug-events.rs"));

// The customised APIs of `build.rs`: each file is one `pub mod`.
include!(concat!(env!("OUT_DIR"), "/custom.rs"));
include!(concat!(env!("OUT_DIR"), "/shared.rs"));
