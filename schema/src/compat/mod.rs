//! Compatibility of two versions of a schema: every change between an old
//! and a new model, classified as breaking, deprecation or compatible.
