//! The checked model of good schemas: what the front end promises every
//! emitter (order kept, bases merged, unions complete, lifecycle computed).

use qapi_gen_schema::model::{Builtin, Condition, DefKind, Detection, Direction, Status, Type};
use qapi_gen_tests::{tests_dir, workspace_root};

fn load(path: &std::path::Path) -> qapi_gen_schema::Loaded {
    match qapi_gen_schema::load(path) {
        Ok(loaded) => loaded,
        Err(failure) => panic!("{} should check clean:\n{}", path.display(), failure.render()),
    }
}

#[test]
fn shipped_schema_checks_clean_without_warnings() {
    let loaded = load(&workspace_root().join("schema/unplug-events.yaml"));
    assert!(loaded.warnings.is_empty(), "{}", loaded.render_warnings());
    let schema = &loaded.schema;
    assert_eq!(schema.module, "unplug-events");
    assert_eq!(schema.version.map(|v| v.to_string()).as_deref(), Some("10.2"));
    let modules: Vec<(&str, &str)> = schema.modules.iter().map(|m| (m.name.as_str(), m.path.as_str())).collect();
    assert_eq!(modules, [("unplug-events", "unplug-events.yaml"), ("acpi", "unplug/acpi.yaml")]);
    let names: Vec<&str> = schema.definitions.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ACPISlotType",
            "ACPIOSTInfo",
            "query-acpi-ospm-status",
            "ACPI_DEVICE_OST",
            "device_del",
            "DEVICE_DELETED",
            "DEVICE_UNPLUG_GUEST_ERROR",
            "MEM_UNPLUG_ERROR",
            "MEMORY_DEVICE_SIZE_CHANGE"
        ]
    );
}

#[test]
fn shipped_schema_carries_the_deprecation_history() {
    let loaded = load(&workspace_root().join("schema/unplug-events.yaml"));
    let schema = &loaded.schema;
    let old = schema.definition("MEM_UNPLUG_ERROR").expect("MEM_UNPLUG_ERROR");
    assert_eq!(old.info.status, Status::Removed, "removed in 9.1, the schema is 10.2");
    let deprecation = old.info.deprecation.as_ref().expect("deprecation metadata");
    assert_eq!(deprecation.since.map(|v| v.to_string()).as_deref(), Some("6.2"));
    assert_eq!(deprecation.removal.map(|v| v.to_string()).as_deref(), Some("9.1"));
    assert_eq!(deprecation.replaced_by.as_ref().map(ToString::to_string).as_deref(), Some("DEVICE_UNPLUG_GUEST_ERROR"));
    let new = schema.definition("DEVICE_UNPLUG_GUEST_ERROR").expect("new event");
    assert_eq!(new.info.status, Status::Active);

    let DefKind::Event(size_change) = &schema.definition("MEMORY_DEVICE_SIZE_CHANGE").expect("event").kind else { panic!("not an event") };
    let members: Vec<(&str, bool, String)> = size_change.members.iter().map(|m| (m.name.as_str(), m.optional, m.ty.to_string())).collect();
    assert_eq!(members, [("id", true, "str".to_string()), ("size", false, "size".to_string()), ("qom-path", false, "str".to_string())]);
    assert_eq!(size_change.members[2].info.since.map(|v| v.to_string()).as_deref(), Some("6.2"));

    let info = schema.definition("ACPIOSTInfo").expect("struct");
    assert!(info.usage.output && !info.usage.input, "ACPIOSTInfo travels only from the server");

    assert_eq!(schema.reliability.len(), 36);
    let path = |r: &&qapi_gen_schema::model::Reliability| format!("{}/{}", r.machine, r.device);
    let undetectable: Vec<String> = schema.reliability.iter().filter(|r| r.detection == Detection::None).map(|r| path(&r)).collect();
    assert_eq!(undetectable, ["q35/pcie", "arm-virt/pcie", "loongarch-virt/pcie", "riscv-virt/pcie", "microvm/pcie", "s390-ccw-virtio/zpci", "any/xen-device", "any/virtio-mem"]);
    let not_yet: Vec<String> = schema.reliability.iter().filter(|r| r.detection == Detection::NotImplemented).map(|r| path(&r)).collect();
    assert_eq!(not_yet, ["pc/pci", "q35/pci", "arm-virt/pci", "any/shpc-slot", "pseries/pci"]);
    // Every row names the code it was checked against; a guest-reported x86
    // failure is only ACPI_DEVICE_OST; pseries DIMM keeps its history.
    assert!(schema.reliability.iter().all(|r| !r.evidence.is_empty()), "every row has evidence");
    let row = |machine: &str, device: &str| schema.reliability.iter().find(|r| r.machine == machine && r.device == device).expect("row");
    assert_eq!(row("pc", "cpu").events, ["ACPI_DEVICE_OST"]);
    let history: Vec<(String, Vec<String>)> = row("pseries", "dimm").history.iter().map(|p| (p.since.to_string(), p.events.clone())).collect();
    assert_eq!(history[0], ("6.0".to_string(), vec!["MEM_UNPLUG_ERROR".to_string()]));
    assert_eq!(history[2].1, ["DEVICE_UNPLUG_GUEST_ERROR", "MEM_UNPLUG_ERROR"]);
    assert!(matches!(row("any", "usb").wait(), qapi_gen_schema::model::Wait::DeletedBeforeReply));
    let device_del = schema.definition("device_del").expect("command");
    let directions: Vec<Direction> = device_del.examples[0].messages.iter().map(|m| m.direction).collect();
    assert_eq!(directions, [Direction::ToServer, Direction::FromServer]);
}

#[test]
fn bases_are_merged_in_order_and_unions_list_every_value() {
    let loaded = load(&tests_dir("model/features.yaml"));
    let schema = &loaded.schema;
    let DefKind::Struct(leaf) = &schema.definition("Leaf").expect("Leaf").kind else { panic!("not a struct") };
    let members: Vec<(&str, Option<&str>)> = leaf.members.iter().map(|m| (m.name.as_str(), m.inherited_from.as_deref())).collect();
    assert_eq!(members, [("id", Some("Base")), ("mode", Some("Base")), ("weight", Some("Middle")), ("tags", None), ("extra", None)]);
    assert_eq!(leaf.members[2].ty, Type::Builtin(Builtin::Uint16));
    assert_eq!(leaf.members[3].ty, Type::Array(Box::new(Type::Builtin(Builtin::Str))));
    assert!(leaf.members[4].optional);

    let leaf_info = &schema.definition("Leaf").expect("Leaf").info;
    assert!(leaf_info.unstable);
    assert_eq!(leaf_info.custom_features().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["fancy"]);
    assert_eq!(leaf_info.condition.as_ref().map(ToString::to_string).as_deref(), Some("all(CONFIG_A, any(CONFIG_B, not(CONFIG_C)))"));

    let DefKind::Union(job) = &schema.definition("Job").expect("Job").kind else { panic!("not a union") };
    assert_eq!(job.discriminator, "mode");
    assert_eq!(job.discriminator_enum, "Mode");
    let variants: Vec<(&str, Option<&str>, Option<String>)> =
        job.variants.iter().map(|v| (v.value.as_str(), v.ty.as_deref(), v.condition.as_ref().map(ToString::to_string))).collect();
    assert_eq!(
        variants,
        [("fast", Some("FastOptions"), None), ("slow", Some("SlowOptions"), Some("CONFIG_SLOW".to_string())), ("legacy", None, None)]
    );

    let DefKind::Enum(mode) = &schema.definition("Mode").expect("Mode").kind else { panic!("not an enum") };
    assert_eq!(mode.prefix.as_deref(), Some("MODE"));
    assert_eq!(mode.values[1].info.condition, Some(Condition::Not(Box::new(Condition::Flag("CONFIG_FAST_ONLY".into())))));
    assert_eq!(mode.values[2].info.status, Status::Removed);

    let DefKind::Command(start) = &schema.definition("start").expect("start").kind else { panic!("not a command") };
    assert_eq!(start.data_type.as_deref(), Some("Middle"));
    assert_eq!(start.arguments.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["id", "mode", "weight"]);
    assert!(start.allow_oob && start.allow_preconfig && !start.generate && start.success_response);
    let DefKind::Command(stop) = &schema.definition("stop").expect("stop").kind else { panic!("not a command") };
    assert!(!stop.success_response && stop.generate);

    let middle = schema.definition("Middle").expect("Middle");
    assert!(middle.usage.input && middle.usage.output, "Middle is an argument type and part of an event");
}

#[test]
fn a_file_included_twice_is_read_once() {
    let loaded = load(&tests_dir("model/features.yaml"));
    let paths: Vec<&str> = loaded.schema.modules.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(paths, ["features.yaml", "diamond/left.yaml", "diamond/shared.yaml", "diamond/right.yaml"]);
    let shared = loaded.schema.definitions.iter().filter(|d| d.name == "SharedThing").count();
    assert_eq!(shared, 1);
    assert_eq!(loaded.sources.files().count(), 4);
}
