//! The hash maps of the front end's lookup tables: foldhash with a fixed
//! seed instead of SipHash (a third of the time of building the tables of
//! a large schema went to hashing). Only ever used for lookups, never
//! iterated into output, so order stays that of the source.

/// A hash map keyed with foldhash.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// A hash set keyed with foldhash.
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::FixedState>;
