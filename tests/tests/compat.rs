//! Compatibility reports: every `tests/compat/<case>/` holds an `old.yaml`
//! and a `new.yaml` schema; the text report of comparing them must equal the
//! committed `expected.txt` (bless with `QAPI_GEN_BLESS=1`). Each case is
//! named after the rule it shows and holds its breaking and allowed forms,
//! in both directions where direction matters.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use qapi_gen_schema::compat::{self, Class, Report, Rule};
use qapi_gen_tests::{assert_goldens, check_golden, tests_dir};

/// Every case directory, sorted.
fn cases() -> Vec<PathBuf> {
    let root = tests_dir("compat");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    cases.sort();
    assert!(cases.len() >= 25, "expected the compat cases under {}, found {}", root.display(), cases.len());
    cases
}

/// Loads both schemas of a case (by paths relative to `tests/`, as the
/// goldens print them) and compares them.
fn compare(case: &Path) -> Result<(Report, String), String> {
    let relative = case.strip_prefix(tests_dir("")).unwrap_or(case);
    let load = |name: &str| qapi_gen_schema::load(&relative.join(name)).map_err(|failure| format!("{}/{name} does not load:\n{}", case.display(), failure.render()));
    let (old, new) = (load("old.yaml")?, load("new.yaml")?);
    let report = compat::compare(&old.schema, &new.schema);
    let text = report.render_text(&old.sources, &new.sources);
    Ok((report, text))
}

#[test]
fn every_case_reports_its_changes() {
    let mut mismatches = Vec::new();
    for case in cases() {
        match compare(&case) {
            Ok((_, text)) => mismatches.extend(check_golden(&case.join("expected.txt"), &text)),
            Err(problem) => mismatches.push(problem),
        }
    }
    assert_goldens(mismatches);
}

#[test]
fn every_rule_is_shown_in_every_class_it_can_take() {
    // Rules whose class depends on the direction must be shown both ways.
    let both_ways = [
        Rule::MemberMadeMandatory,
        Rule::MemberMadeOptional,
        Rule::EnumValueRemoved,
        Rule::UnionBranchRemoved,
        Rule::AlternateBranchRemoved,
        Rule::AlternateBranchAdded,
        Rule::TypeWidened,
        Rule::TypeNarrowed,
        Rule::WidenedToAlternate,
    ];
    let mut seen: BTreeSet<(Rule, Class)> = BTreeSet::new();
    for case in cases() {
        let (report, _) = compare(&case).unwrap_or_else(|problem| panic!("{problem}"));
        seen.extend(report.changes.iter().map(|c| (c.rule, c.class)));
    }
    let mut missing = Vec::new();
    for &rule in Rule::ALL {
        if !seen.iter().any(|(r, _)| *r == rule) {
            missing.push(format!("{rule}: no case shows it"));
        }
        if both_ways.contains(&rule) {
            for class in [Class::Breaking, Class::Compatible] {
                if !seen.contains(&(rule, class)) {
                    missing.push(format!("{rule}: no case shows it as {class}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_exit_decision_follows_the_breaking_class() {
    for case in cases() {
        let (report, _) = compare(&case).unwrap_or_else(|problem| panic!("{problem}"));
        assert_eq!(report.is_breaking(), report.of_class(Class::Breaking).count() > 0, "{}", case.display());
        let sorted = report.changes.windows(2).all(|pair| pair[0].class <= pair[1].class);
        assert!(sorted, "{}: changes are not grouped by class", case.display());
    }
}

/// Copies the shipped schema and its include into a temporary directory.
fn shipped_copy() -> tempfile::TempDir {
    let directory = tempfile::tempdir().expect("temporary directory");
    let root = qapi_gen_tests::workspace_root().join("schema");
    std::fs::create_dir_all(directory.path().join("unplug")).expect("create unplug/");
    for file in ["unplug-events.yaml", "unplug/acpi.yaml"] {
        std::fs::copy(root.join(file), directory.path().join(file)).expect("copy the shipped schema");
    }
    directory
}

/// 1-based line of the first line equal to `line` after the line containing `after`.
fn line_of(text: &str, after: &str, line: &str) -> usize {
    let start = text.lines().position(|l| l.contains(after)).expect("anchor line");
    start + 1 + text.lines().skip(start).position(|l| l == line).expect("line after the anchor")
}

#[test]
fn the_shipped_schema_is_compatible_with_itself() {
    let schema = qapi_gen_tests::workspace_root().join("schema/unplug-events.yaml");
    let loaded = qapi_gen_schema::load(&schema).unwrap_or_else(|failure| panic!("{}", failure.render()));
    let report = compat::compare(&loaded.schema, &loaded.schema);
    assert!(report.changes.is_empty(), "{}", report.render_text(&loaded.sources, &loaded.sources));
}

#[test]
fn removing_a_member_of_the_shipped_schema_is_breaking_with_both_positions() {
    let old = shipped_copy();
    let new = shipped_copy();
    let path = new.path().join("unplug-events.yaml");
    let text = std::fs::read_to_string(&path).expect("read the copy");
    // `DEVICE_DELETED` loses its optional `device` member (and its example the value).
    let member = "      device?:\n        type: str\n        doc: The device's ID, when it has one.\n";
    let event = text.find("  - event: DEVICE_DELETED").expect("DEVICE_DELETED in the shipped schema");
    let at = event + text[event..].find(member).expect("the `device` member");
    let edited = format!("{}{}", &text[..at], &text[at + member.len()..]).replacen("{device: virtio-net-pci-0, path:", "{path:", 1);
    assert_ne!(edited, text);
    std::fs::write(&path, &edited).expect("write the edited copy");

    let old_loaded = qapi_gen_schema::load(&old.path().join("unplug-events.yaml")).unwrap_or_else(|f| panic!("{}", f.render()));
    let new_loaded = qapi_gen_schema::load(&path).unwrap_or_else(|f| panic!("{}", f.render()));
    let report = compat::compare(&old_loaded.schema, &new_loaded.schema);
    let rendered = report.render_text(&old_loaded.sources, &new_loaded.sources);
    assert!(report.is_breaking(), "{rendered}");
    assert_eq!(report.changes.len(), 1, "{rendered}");
    let change = &report.changes[0];
    assert_eq!((change.class, change.rule, change.subject.as_str()), (Class::Breaking, Rule::MemberRemoved, "DEVICE_DELETED.device"), "{rendered}");
    assert!(change.directions.output && !change.directions.input, "{rendered}");

    let old_line = line_of(&text, "- event: DEVICE_DELETED", "      device?:");
    let new_line = line_of(&edited, "", "  - event: DEVICE_DELETED");
    let old_position = format!("{}:{old_line}:7", old.path().join("unplug-events.yaml").display());
    let new_position = format!("{}:{new_line}:12", path.display());
    assert!(rendered.contains(&format!("    old: {old_position}\n    new: {new_position}\n")), "expected {old_position} and {new_position} in:\n{rendered}");
    assert!(rendered.contains("member-removed: member `device` of event `DEVICE_DELETED` was removed without being deprecated first [output]"), "{rendered}");
}
