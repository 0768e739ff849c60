//! The command line's customisation flags of the Rust output, translated
//! one for one into `qapi_gen_codegen::rust::Customization` (which checks
//! every value); `docs/customisation.md` describes them.

use clap::Args;
use qapi_gen_codegen::rust::{Customization, OptionError};

/// Customisation of the Rust output.
#[derive(Args, Default)]
pub struct Customize {
    /// Add a derive to the generated types a selector (a schema name or a
    /// glob with `*` and `?`) matches, where it is valid: `--derive '*=Hash'`.
    #[arg(long = "derive", value_name = "SELECTOR=PATH")]
    derives: Vec<String>,
    /// Add outer attributes to the matching types:
    /// `--type-attribute 'Blockdev*=#[serde(deny_unknown_fields)]'`.
    #[arg(long = "type-attribute", value_name = "SELECTOR=ATTRIBUTES")]
    type_attributes: Vec<String>,
    /// Add outer attributes to the matching fields:
    /// `--field-attribute 'DEVICE_DELETED.path=#[serde(default)]'`.
    #[arg(long = "field-attribute", value_name = "TYPE.MEMBER=ATTRIBUTES")]
    field_attributes: Vec<String>,
    /// Use an existing Rust type instead of generating a schema type:
    /// `--extern-path 'BlockdevOptions=crate::shared::BlockdevOptions'`.
    #[arg(long = "extern-path", value_name = "NAME=PATH")]
    extern_paths: Vec<String>,
    /// Generate only the commands these globs match, and the types they
    /// reach (repeatable: `--command query-status --command 'device_*'`).
    #[arg(long = "command", value_name = "GLOB")]
    commands: Vec<String>,
    /// Generate only the events these globs match, and the types they reach (repeatable).
    #[arg(long = "event", value_name = "GLOB")]
    events: Vec<String>,
    /// Wrap the Rust output in `pub mod NAME { ... }`.
    #[arg(long, value_name = "NAME")]
    module: Option<String>,
}

impl Customize {
    /// The flags as the library's customisation, or a message for every
    /// value it refuses.
    pub fn to_customization(&self) -> Result<Customization, Vec<String>> {
        let mut custom = Customization::default();
        let mut errors = Vec::new();
        let pairs: [(&[String], &str, Setter); 4] = [
            (&self.derives, "derive", Customization::derive),
            (&self.type_attributes, "type-attribute", Customization::type_attribute),
            (&self.field_attributes, "field-attribute", Customization::field_attribute),
            (&self.extern_paths, "extern-path", Customization::extern_path),
        ];
        for (values, flag, set) in pairs {
            for value in values {
                match value.split_once('=') {
                    Some((selector, value)) => errors.extend(set(&mut custom, selector, value).err().map(|e| e.to_string())),
                    None => errors.push(format!("invalid `--{flag}` value `{value}`: expected `SELECTOR=VALUE`")),
                }
            }
        }
        let mut record = |result: Result<(), OptionError>| errors.extend(result.err().map(|e| e.to_string()));
        if !self.commands.is_empty() {
            record(custom.commands(&self.commands));
        }
        if !self.events.is_empty() {
            record(custom.events(&self.events));
        }
        if let Some(module) = &self.module {
            record(custom.module(module));
        }
        if errors.is_empty() { Ok(custom) } else { Err(errors) }
    }
}

/// A setter of a `SELECTOR=VALUE` flag.
type Setter = fn(&mut Customization, &str, &str) -> Result<(), OptionError>;
