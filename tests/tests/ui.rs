//! UI tests of the front end: every `tests/ui/<category>/<case>.yaml` is a
//! bad schema (`.json` ones in QAPI's dialect); its rendered diagnostics must equal the committed
//! `<case>.stderr` (bless with `QAPI_GEN_BLESS=1`). Files under `_inc/`
//! directories are only included by the cases.

use std::path::{Path, PathBuf};

use qapi_gen_tests::{assert_goldens, check_golden, tests_dir};

fn cases(directory: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(directory) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "_inc") {
                cases(&path, found);
            }
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "json") {
            found.push(path);
        }
    }
}

#[test]
fn every_bad_schema_reports_its_diagnostics() {
    let root = tests_dir("ui");
    let mut found = Vec::new();
    cases(&root, &mut found);
    assert!(found.len() >= 70, "expected the UI cases under {}, found {}", root.display(), found.len());
    let mut mismatches = Vec::new();
    for case in &found {
        let relative = case.strip_prefix(tests_dir("")).unwrap_or(case);
        let rendered = match qapi_gen_schema::load(relative) {
            Ok(loaded) => {
                mismatches.push(format!("{}: expected errors, but the schema checked clean", case.display()));
                loaded.render_warnings()
            }
            Err(failure) => failure.render(),
        };
        if let Some(mismatch) = check_golden(&case.with_extension("stderr"), &rendered) {
            mismatches.push(mismatch);
        }
    }
    assert_goldens(mismatches);
}
