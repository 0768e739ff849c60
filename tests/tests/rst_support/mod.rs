//! Support of the reStructuredText tests: the fixture schemas and the
//! docutils runs (through the validators' virtualenv, which must exist).

use std::path::{Path, PathBuf};
use std::process::Command;

use qapi_gen_schema::Schema;
use qapi_gen_tests::{files_with_extension, tests_dir, venv_tool, workspace_root};

/// The shipped schema, whose manual is committed under `docs/`.
pub const SHIPPED: &str = "schema/unplug-events.yaml";

/// The committed manual.
pub const MANUAL: &str = "docs/ppc-spapr-hotunplug-notes.rst";

/// The command that regenerates the committed manual.
pub const REGENERATE: &str = "cargo run -p qapi-gen -- rst schema/unplug-events.yaml -o docs/ppc-spapr-hotunplug-notes.rst";

/// A loaded fixture schema.
pub struct Fixture {
    /// File stem; the golden is `tests/expected/<stem>.rst`.
    pub stem: String,
    /// The checked model.
    pub schema: Schema,
}

/// Loads one schema, panicking with its rendered diagnostics.
pub fn load(path: &Path) -> Schema {
    match qapi_gen_schema::load(path) {
        Ok(loaded) => loaded.schema,
        Err(failure) => panic!("{} does not load:\n{}", path.display(), failure.render_short()),
    }
}

/// Every `tests/schemas/*.yaml`, the manual's own `tests/schemas/rst/*.yaml`
/// (kept apart so the other emitters need no goldens for them), and the
/// shipped schema.
pub fn fixtures() -> Vec<Fixture> {
    let mut paths = files_with_extension(&tests_dir("schemas"), "yaml");
    paths.extend(files_with_extension(&tests_dir("schemas/rst"), "yaml"));
    paths.push(workspace_root().join(SHIPPED));
    paths
        .into_iter()
        .map(|path| Fixture { stem: path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(), schema: load(&path) })
        .collect()
}

/// Runs docutils (`qapi_gen_tests::docutils`) on every file; returns the
/// report of each file that had any message.
pub fn docutils_problems(files: &[PathBuf]) -> Vec<String> {
    let mut problems = Vec::new();
    for file in files {
        let output = qapi_gen_tests::docutils(file);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() || !stderr.trim().is_empty() {
            problems.push(format!("{} (exit {:?}):\n{stderr}", file.display(), output.status.code()));
        }
    }
    problems
}

/// Parses `rst` with docutils and returns the text of every paragraph
/// (newlines as spaces) and every system message, as JSON.
pub fn docutils_paragraphs(rst: &str) -> serde_json::Value {
    const SCRIPT: &str = r#"
import io, json, sys
import docutils.core, docutils.nodes
source = sys.stdin.read()
messages = io.StringIO()
tree = docutils.core.publish_doctree(source, settings_overrides={"report_level": 1, "halt_level": 5, "warning_stream": messages})
paragraphs = [p.astext().replace("\n", " ") for p in tree.findall(docutils.nodes.paragraph)]
print(json.dumps({"paragraphs": paragraphs, "messages": messages.getvalue()}))
"#;
    docutils_script(SCRIPT, rst)
}

/// Parses each RST document with docutils and returns, per document, the
/// system messages of level warning or above (empty when clean).
pub fn docutils_messages(documents: &[String]) -> Vec<String> {
    const SCRIPT: &str = r#"
import io, json, sys
import docutils.core
result = []
for source in json.load(sys.stdin):
    messages = io.StringIO()
    try:
        docutils.core.publish_doctree(source, settings_overrides={"report_level": 2, "halt_level": 5, "warning_stream": messages})
    except Exception as error:
        messages.write("exception: %r" % error)
    result.append(messages.getvalue())
print(json.dumps(result))
"#;
    let python = venv_tool("python");
    let mut child = Command::new(&python)
        .args(["-c", SCRIPT])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", python.display()));
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().expect("stdin of python");
        stdin.write_all(serde_json::to_string(documents).expect("documents as JSON").as_bytes()).expect("write to python");
    }
    let output = child.wait_with_output().expect("python finishes");
    assert!(output.status.success(), "the docutils script failed");
    serde_json::from_slice(&output.stdout).expect("JSON from the docutils script")
}

/// A small deterministic generator (xorshift), so the property tests need
/// no extra crate and fail the same way every time.
pub struct Random(u64);

impl Random {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Random(seed.max(1))
    }

    /// A number below `bound` (at least 1).
    pub fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % u64::try_from(bound.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Pieces of plain text that are markup somewhere in RST.
pub const TRICKY: [&str; 40] = [
    "*",
    "**",
    "`",
    "``",
    "_",
    "__",
    "|",
    "\\",
    ":",
    "::",
    "..",
    ".. ",
    "- ",
    "+ ",
    "* ",
    "1. ",
    "a) ",
    "(i) ",
    "#. ",
    ">>> ",
    "=====",
    "-----",
    "[1]_",
    "name_",
    "`x`_",
    ":role:`x`",
    "<",
    ">",
    "(",
    ")",
    "\"",
    "'",
    "word",
    "other words",
    " ",
    "é",
    "—",
    "日本",
    "http://x.example/a_",
    "a.b",
];

/// Random plain text made of tricky pieces.
pub fn plain_text(random: &mut Random) -> String {
    let length = 1 + random.below(8);
    let mut text = String::new();
    for _ in 0..length {
        text.push_str(random.pick(&TRICKY));
    }
    text
}

/// Random Markdown: paragraphs with inline markup, nested lists and
/// quotes, code, tables, headings, breaks and HTML.
pub fn markdown(random: &mut Random, depth: usize) -> String {
    let blocks = 1 + random.below(4);
    let mut out = String::new();
    for _ in 0..blocks {
        let choice = if depth > 2 { random.below(3) } else { random.below(10) };
        let block = match choice {
            0 | 1 => inline(random),
            2 => format!("{} {}", "#".repeat(1 + random.below(6)), inline(random)),
            3 => indent_under(&format!("{} ", random.pick(&["-", "*", "+", "1.", "7)"])), &markdown(random, depth + 1)),
            4 => indent_under("> ", &markdown(random, depth + 1)),
            5 => format!("```{}\n{}\n```", random.pick(&["", "json", "rust", "qmp", "sh"]), plain_text(random)),
            6 => format!("| {} | {} |\n|---|---|\n| {} | {} |", inline(random), inline(random), inline(random), inline(random)),
            7 => format!("{}  \n{}\\\n{}", inline(random), inline(random), inline(random)),
            8 => format!("<div>\n{}\n</div>", plain_text(random)),
            _ => "---".to_string(),
        };
        out.push_str(&block);
        out.push_str("\n\n");
    }
    out
}

fn inline(random: &mut Random) -> String {
    let parts = 1 + random.below(5);
    let mut out = String::new();
    for _ in 0..parts {
        let text = plain_text(random).replace('\n', " ");
        let piece = match random.below(8) {
            0 => format!("*{}*", random.pick(&["word", "two words", "a_b", "x*y"])),
            1 => format!("**{}**", random.pick(&["word", "more *nested* words", "a`b"])),
            2 => format!("`{}`", random.pick(&["code", "a`b", "C:\\x\\", "*x*", "||"])),
            3 => format!(
                "[{}]({})",
                random.pick(&["link", "`code` link", "a_b"]),
                random.pick(&["https://x.example/", "https://x.example/a_", "rel/a b"])
            ),
            4 => format!("<{}>", random.pick(&["https://x.example/auto", "me@x.example"])),
            5 => "\n".to_string(),
            _ => text,
        };
        out.push_str(&piece);
        if random.below(2) == 0 {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// `text` as the content of a list item or quote opened by `marker`.
fn indent_under(marker: &str, text: &str) -> String {
    let pad = if marker.starts_with('>') { "> ".to_string() } else { " ".repeat(marker.len()) };
    let mut out = String::new();
    for (index, line) in text.trim_end().lines().enumerate() {
        if index == 0 {
            out.push_str(marker);
        } else {
            out.push_str(&pad);
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The seed of a property test: `default`, or `QAPI_GEN_SEED` to explore.
pub fn seed(default: u64) -> u64 {
    std::env::var("QAPI_GEN_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

/// The number of cases of a property test: `default`, or `QAPI_GEN_CASES`.
pub fn cases(default: usize) -> usize {
    std::env::var("QAPI_GEN_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

/// The section titles of an RST document as docutils nests them: `(depth, title)`.
pub fn docutils_sections(rst: &str) -> Vec<(u64, String)> {
    const SCRIPT: &str = r#"
import json, sys
import docutils.core, docutils.nodes
tree = docutils.core.publish_doctree(sys.stdin.read(), settings_overrides={"report_level": 5, "doctitle_xform": False})
def depth(node):
    d = 0
    while node is not None:
        if isinstance(node, docutils.nodes.section):
            d += 1
        node = node.parent
    return d
print(json.dumps([[depth(s), s[0].astext()] for s in tree.findall(docutils.nodes.section)]))
"#;
    serde_json::from_value(docutils_script(SCRIPT, rst)).expect("depth and title of every section")
}

/// Runs a Python `script` of the virtualenv with `rst` on its standard
/// input; the JSON it prints.
fn docutils_script(script: &str, rst: &str) -> serde_json::Value {
    let python = venv_tool("python");
    let mut child = Command::new(&python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", python.display()));
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().expect("stdin of python");
        stdin.write_all(rst.as_bytes()).expect("write to python");
    }
    let output = child.wait_with_output().expect("python finishes");
    assert!(output.status.success(), "the docutils script failed on:\n{rst}");
    serde_json::from_slice(&output.stdout).expect("JSON from the docutils script")
}
