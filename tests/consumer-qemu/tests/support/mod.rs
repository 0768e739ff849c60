//! Shared by the tests of the QEMU consumer: the releases, one trait over
//! the five generated modules, the schemas, and which conditions hold.


#![allow(dead_code)]

#[path = "../../../support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::PathBuf;

use qapi_gen_schema::model::{Condition, DefKind};
use qapi_runtime::Response;
use qapi_runtime::serde::Serialize;
use qapi_runtime::serde::de::DeserializeOwned;
use serde_json::Value;

/// What the tests need of one release's generated module.
pub trait Release {
    /// The release (`10.2`).
    const NAME: &'static str;
    /// Its `Event` enum.
    type Event: Serialize + DeserializeOwned + Debug;
    /// Its `Request` enum.
    type Request: Serialize + DeserializeOwned + Debug;
    /// Its `Reply` enum.
    type Reply: Serialize + Debug;
    /// Whether the event landed in `Unknown`.
    fn event_is_unknown(event: &Self::Event) -> bool;
    /// Whether the request landed in `Unknown`.
    fn request_is_unknown(request: &Self::Request) -> bool;
    /// The request's command name.
    fn request_name(request: &Self::Request) -> String;
    /// `Request::decode_response`.
    fn decode_response(request: &Self::Request, message: Value) -> Result<Response<Self::Reply>, serde_json::Error>;
    /// `Reply::decode`.
    fn decode_reply(command: &str, value: Value) -> Result<Self::Reply, serde_json::Error>;
    /// Whether the reply landed in `Unknown`.
    fn reply_is_unknown(reply: &Self::Reply) -> bool;
}

macro_rules! release {
    ($marker:ident, $name:literal, $module:ident) => {
        /// The marker of one release.
        pub struct $marker;

        impl Release for $marker {
            const NAME: &'static str = $name;
            type Event = qapi_gen_consumer_qemu::$module::Event;
            type Request = qapi_gen_consumer_qemu::$module::Request;
            type Reply = qapi_gen_consumer_qemu::$module::Reply;
            fn event_is_unknown(event: &Self::Event) -> bool {
                matches!(event, qapi_gen_consumer_qemu::$module::Event::Unknown(_))
            }
            fn request_is_unknown(request: &Self::Request) -> bool {
                matches!(request, qapi_gen_consumer_qemu::$module::Request::Unknown(_))
            }
            fn request_name(request: &Self::Request) -> String {
                request.name().to_owned()
            }
            fn decode_response(request: &Self::Request, message: Value) -> Result<Response<Self::Reply>, serde_json::Error> {
                request.decode_response(message)
            }
            fn decode_reply(command: &str, value: Value) -> Result<Self::Reply, serde_json::Error> {
                qapi_gen_consumer_qemu::$module::Reply::decode(command, value)
            }
            fn reply_is_unknown(reply: &Self::Reply) -> bool {
                matches!(reply, qapi_gen_consumer_qemu::$module::Reply::Unknown(_))
            }
        }
    };
}

release!(Qemu61, "6.1", qemu_6_1);
release!(Qemu62, "6.2", qemu_6_2);
release!(Qemu90, "9.0", qemu_9_0);
release!(Qemu91, "9.1", qemu_9_1);
release!(Qemu102, "10.2", qemu_10_2);

/// The schema of a release, as the front end reads it.
pub fn load(release: &str) -> qapi_gen_schema::Loaded {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = corpus::corpus_dir(&workspace).join(format!("qemu-qapi-{release}/qapi-schema.json"));
    match qapi_gen_schema::load(&path) {
        Ok(loaded) => loaded,
        Err(failure) => panic!("QEMU {release} must load:\n{}", failure.render_short()),
    }
}

/// Whether `condition` holds with the flags this build enabled as features
/// (the feature style: a flag is the feature of its lower-case name).
pub fn holds(condition: &Condition) -> bool {
    match condition {
        Condition::Flag(flag) => qapi_gen_consumer_qemu::ENABLED_FLAGS.contains(&flag.to_lowercase().as_str()),
        Condition::All(items) => items.iter().all(holds),
        Condition::Any(items) => items.iter().any(holds),
        Condition::Not(inner) => !holds(inner),
    }
}

/// Whether an optional condition holds (none always does).
pub fn enabled(condition: Option<&Condition>) -> bool {
    condition.is_none_or(holds)
}

/// The wire names of everything compiled out of this build: enum values,
/// members and union branches under a condition that is off.
pub fn compiled_out_names(schema: &qapi_gen_schema::Schema) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut members = |list: &[qapi_gen_schema::model::Member]| {
        for member in list.iter().filter(|m| !enabled(m.info.condition.as_ref())) {
            names.insert(member.name.clone());
        }
    };
    for definition in &schema.definitions {
        match &definition.kind {
            DefKind::Struct(strukt) => members(&strukt.members),
            DefKind::Union(union) => members(&union.base_members),
            DefKind::Event(event) => members(&event.members),
            DefKind::Command(command) => members(&command.arguments),
            _ => {}
        }
    }
    for definition in &schema.definitions {
        match &definition.kind {
            DefKind::Enum(enumeration) => names.extend(enumeration.values.iter().filter(|v| !enabled(v.info.condition.as_ref())).map(|v| v.name.clone())),
            DefKind::Union(union) => names.extend(union.variants.iter().filter(|v| !enabled(v.condition.as_ref())).map(|v| v.value.clone())),
            _ => {}
        }
    }
    names
}

/// Whether `json` has a key or string value in `names`.
pub fn mentions(json: &Value, names: &BTreeSet<String>) -> bool {
    match json {
        Value::String(text) => names.contains(text),
        Value::Array(items) => items.iter().any(|item| mentions(item, names)),
        Value::Object(map) => map.iter().any(|(key, value)| names.contains(key) || mentions(value, names)),
        _ => false,
    }
}
