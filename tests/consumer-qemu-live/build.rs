//! Generates the Rust API of QEMU 10.0 (`../shared/corpus/qemu-qapi-10.0`
//! beside the checkout) into `OUT_DIR/qemu-10.0.rs` for the QEMU the tests
//! talk to, `qemu-system-x86_64`: of the target flags only `TARGET_I386`
//! holds (a mandatory member of another target, s390x's
//! `CpuModelExpansionInfo.deprecated-props`, is never sent by it), and
//! every other flag is taken as true, since the build options of a
//! distribution's QEMU decide only commands, optional members, enum values
//! and union branches, which the types may have without QEMU sending them.
//! (QEMU 10.0's conditions are flags under `all` and `any` only, never
//! `not`, so a flag taken as true loses no item.)
//!
//! QEMU 10.2's schema is generated twice the same way, as a newer client
//! would be built: `qemu-10.2.rs` with the schema's rules and
//! `qemu-10.2-oldest-10.0.rs` with `oldest_server("10.0")`, which the
//! release tests decode the same QEMU 10.0's replies and events with.

use std::path::{Path, PathBuf};

use qapi_gen_codegen::{Builder, Output};
use qapi_gen_codegen::rust::CfgMapping;
use qapi_gen_schema::model::{Condition, DefKind, Info, Member};

#[path = "../support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

fn fail(message: &str) -> ! {
    println!("cargo::error={}", message.lines().next().unwrap_or_default());
    eprintln!("{message}");
    std::process::exit(1);
}

/// Every flag of `condition`.
fn flags(condition: Option<&Condition>, out: &mut Vec<String>) {
    match condition {
        None => {}
        Some(Condition::Flag(flag)) => out.push(flag.clone()),
        Some(Condition::All(items) | Condition::Any(items)) => items.iter().for_each(|item| flags(Some(item), out)),
        Some(Condition::Not(inner)) => flags(Some(inner), out),
    }
}

fn info_flags(info: &Info, out: &mut Vec<String>) {
    flags(info.condition.as_ref(), out);
    info.features.iter().for_each(|feature| flags(feature.condition.as_ref(), out));
}

fn member_flags(members: &[Member], out: &mut Vec<String>) {
    members.iter().for_each(|member| info_flags(&member.info, out));
}

fn main() {
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else { fail("OUT_DIR is not set") };
    let Some(corpus) = corpus::corpus_or_empty_crate(Path::new(env!("CARGO_MANIFEST_DIR"))) else { return };
    generate(&out_dir, &corpus, "10.0", "qemu-10.0.rs", None);
    generate(&out_dir, &corpus, "10.2", "qemu-10.2.rs", None);
    generate(&out_dir, &corpus, "10.2", "qemu-10.2-oldest-10.0.rs", Some("10.0"));
}

/// Generates `release`'s schema into `out_dir/file`, for the oldest
/// server given.
fn generate(out_dir: &Path, corpus: &Path, release: &str, file: &str, oldest_server: Option<&str>) {
    let schema = corpus.join(format!("qemu-qapi-{release}/qapi-schema.json"));
    let loaded = match qapi_gen_schema::load(&schema) {
        Ok(loaded) => loaded,
        Err(failure) => {
            println!("cargo::rerun-if-changed={}", schema.display());
            fail(&failure.render_short());
        }
    };
    let mut all = Vec::new();
    for definition in &loaded.schema.definitions {
        info_flags(&definition.info, &mut all);
        match &definition.kind {
            DefKind::Enum(enumeration) => enumeration.values.iter().for_each(|value| info_flags(&value.info, &mut all)),
            DefKind::Struct(strukt) => member_flags(&strukt.members, &mut all),
            DefKind::Union(union) => {
                member_flags(&union.base_members, &mut all);
                union.variants.iter().for_each(|variant| flags(variant.condition.as_ref(), &mut all));
            }
            DefKind::Alternate(alternate) => alternate.branches.iter().for_each(|branch| flags(branch.condition.as_ref(), &mut all)),
            DefKind::Event(event) => member_flags(&event.members, &mut all),
            DefKind::Command(command) => member_flags(&command.arguments, &mut all),
        }
    }
    all.sort();
    all.dedup();
    let mut mapping = CfgMapping::new();
    for flag in &all {
        let holds = !flag.starts_with("TARGET_") || flag == "TARGET_I386";
        mapping = mapping.flag(flag, if holds { "all()" } else { "any()" }).unwrap_or_else(|error| fail(&error.to_string()));
    }
    let mut builder = Builder::new();
    builder.schema(&schema).cfg_mapping(mapping).file_name(Output::Rust, file).out_dir(out_dir);
    if let Some(version) = oldest_server {
        builder.oldest_server(version);
    }
    if let Err(error) = builder.run() {
        fail(&error.to_string());
    }
}
