//! Compatibility reports on real history: QEMU's own QAPI schemas of
//! consecutive releases (`../shared/corpus/qemu-qapi-<release>/`), read by
//! the QAPI import. The full reports are goldens in `tests/compat-qemu/`
//! (corpus paths shown as `corpus/...`; bless with `QAPI_GEN_BLESS=1`).

use qapi_gen_schema::compat::{self, Change, Class, Report, Rule};
use qapi_gen_tests::{assert_goldens, check_golden, corpus_dir, tests_dir};

/// Compares two releases; the report and its text with corpus-relative paths.
fn compare(old: &str, new: &str) -> (Report, String) {
    let load = |release: &str| {
        let path = corpus_dir().join(format!("qemu-qapi-{release}/qapi-schema.json"));
        qapi_gen_schema::load(&path).unwrap_or_else(|failure| panic!("QEMU {release} does not load:\n{}", failure.render_short()))
    };
    let (old, new) = (load(old), load(new));
    let report = compat::compare(&old.schema, &new.schema);
    let mut text = report.render_text(&old.sources, &new.sources);
    let canonical = std::fs::canonicalize(corpus_dir()).unwrap_or_else(|_| corpus_dir());
    for prefix in [corpus_dir(), canonical] {
        text = text.replace(&format!("{}/", prefix.display()), "corpus/");
    }
    (report, text)
}

fn about<'r>(report: &'r Report, subject: &str) -> Vec<&'r Change> {
    report.changes.iter().filter(|c| c.subject == subject).collect()
}

#[test]
fn qemu_9_0_to_9_1_removes_mem_unplug_error_after_its_deprecation() {
    if qapi_gen_tests::corpus_missing("compat_qemu::qemu_9_0_to_9_1_removes_mem_unplug_error_after_its_deprecation") {
        return;
    }
    let (report, text) = compare("9.0", "9.1");
    let changes = about(&report, "MEM_UNPLUG_ERROR");
    assert_eq!(changes.len(), 1, "{text}");
    let change = changes[0];
    assert_eq!((change.class, change.rule), (Class::Deprecation, Rule::RemovedAfterDeprecation), "{text}");
    // QAPI records no deprecation version: the report says so instead of guessing.
    assert!(change.message.contains("the deprecation period could not be verified"), "{}", change.message);
    assert!(text.contains("removed-after-deprecation: event `MEM_UNPLUG_ERROR` was removed after being deprecated"), "{text}");
    assert!(text.contains("    old: corpus/qemu-qapi-9.0/machine.json:"), "{text}");
    assert!(about(&report, "DEVICE_UNPLUG_GUEST_ERROR").is_empty(), "{text}");
}

#[test]
fn qemu_6_1_to_6_2_adds_device_unplug_guest_error_and_deprecates_mem_unplug_error() {
    if qapi_gen_tests::corpus_missing("compat_qemu::qemu_6_1_to_6_2_adds_device_unplug_guest_error_and_deprecates_mem_unplug_error") {
        return;
    }
    let (report, text) = compare("6.1", "6.2");
    let added = about(&report, "DEVICE_UNPLUG_GUEST_ERROR");
    assert_eq!(added.len(), 1, "{text}");
    assert_eq!((added[0].class, added[0].rule), (Class::Compatible, Rule::EventAdded), "{text}");
    assert!(added[0].new.is_some() && added[0].old.is_none(), "{text}");
    let deprecated = about(&report, "MEM_UNPLUG_ERROR");
    assert_eq!(deprecated.len(), 1, "{text}");
    assert_eq!((deprecated[0].class, deprecated[0].rule), (Class::Deprecation, Rule::NewlyDeprecated), "{text}");
    assert!(deprecated[0].old.is_some() && deprecated[0].new.is_some(), "{text}");
    // 6.2 turned simple unions into flat ones: new type names, same wire.
    assert!(!report.is_breaking(), "{text}");
}

#[test]
fn full_reports_of_consecutive_releases() {
    if qapi_gen_tests::corpus_missing("compat_qemu::full_reports_of_consecutive_releases") {
        return;
    }
    let mut mismatches = Vec::new();
    for (old, new) in [("6.1", "6.2"), ("9.0", "9.1")] {
        let (_, text) = compare(old, new);
        mismatches.extend(check_golden(&tests_dir(&format!("compat-qemu/{old}-to-{new}.txt")), &text));
    }
    assert_goldens(mismatches);
}
