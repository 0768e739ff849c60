//! Validating JSON instances against emitted JSON Schema documents with
//! validators this project did not write: python-jsonschema's
//! `Draft202012Validator` (through `tests/support/validate_instances.py`) and
//! `check-jsonschema --check-metaschema`, both from the test virtualenv.
//! Cases are batched so that a whole suite costs one process start.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::{Map, Value, json};

use crate::{tests_dir, venv_tool};

/// One instance, where to validate it, and the expected outcome.
#[derive(Clone, Debug)]
pub struct Case {
    /// Name of the document in the batch.
    pub document: String,
    /// `#/$defs/KEY` of the subschema to use, `None` for the root.
    pub reference: Option<String>,
    /// The JSON instance.
    pub instance: Value,
    /// Whether it must validate.
    pub valid: bool,
    /// What the case shows, for failure messages.
    pub label: String,
}

/// Validates every case with python-jsonschema and returns a description of
/// each case whose outcome was not the expected one (empty when all agree).
///
/// # Panics
/// When the virtualenv is missing or the validator cannot run (a test
/// failure, not a skip).
#[must_use]
pub fn unexpected_outcomes(documents: &[(String, Value)], cases: &[Case]) -> Vec<String> {
    let documents: Map<String, Value> = documents.iter().cloned().collect();
    let cases: Vec<Value> = cases
        .iter()
        .map(|case| json!({"document": case.document, "ref": case.reference, "instance": case.instance, "valid": case.valid, "label": case.label}))
        .collect();
    let batch = json!({"documents": documents, "cases": cases});
    let script = tests_dir("support/validate_instances.py");
    let mut child = Command::new(venv_tool("python"))
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", script.display()));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(batch.to_string().as_bytes()).unwrap_or_else(|error| panic!("cannot feed the validator: {error}"));
    }
    let output = child.wait_with_output().unwrap_or_else(|error| panic!("validator did not finish: {error}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    match output.status.code() {
        Some(0) => Vec::new(),
        Some(1) => stdout.lines().filter(|l| !l.ends_with("with an unexpected outcome")).map(str::to_string).collect(),
        _ => panic!("validator failed ({}):\n{stdout}\n{}", output.status, String::from_utf8_lossy(&output.stderr)),
    }
}

/// Runs `check-jsonschema --check-metaschema` on `files` in one process and
/// returns its report when a file is not a valid schema of its dialect.
///
/// # Panics
/// When the virtualenv is missing or the tool cannot run.
#[must_use]
pub fn metaschema_report(files: &[PathBuf]) -> Option<String> {
    let tool = venv_tool("check-jsonschema");
    let output = Command::new(&tool).arg("--check-metaschema").args(files).output().unwrap_or_else(|error| panic!("cannot run {}: {error}", tool.display()));
    if output.status.success() {
        return None;
    }
    Some(format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
}
