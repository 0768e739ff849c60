//! Synthetic schemas of any size with a realistic shape, for the scale
//! benchmarks: every block of ten definitions has an enum, structs with a
//! base, a union, an alternate, events with examples and commands, with
//! Markdown docs, spread over one included file per thousand definitions.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Definitions in one synthetic block.
const BLOCK: usize = 10;
/// Blocks per included file.
const BLOCKS_PER_FILE: usize = 100;

/// Writes a schema of about `definitions` definitions into `directory`;
/// returns the top file.
///
/// # Errors
/// Any I/O error writing the files.
pub fn write(directory: &Path, definitions: usize) -> std::io::Result<PathBuf> {
    let blocks = definitions.div_ceil(BLOCK);
    let files = blocks.div_ceil(BLOCKS_PER_FILE).max(1);
    let mut top = String::from("module: synthetic\nversion: \"9.0\"\npolicy: {deprecation-releases: 2, minors-per-major: 3}\n");
    top.push_str("doc: |\n  A synthetic schema for benchmarks.\ninclude:\n");
    for file in 0..files {
        let _ = writeln!(top, "  - part{file}.yaml");
        let mut text = String::from("definitions:\n");
        for block in (file * BLOCKS_PER_FILE)..((file + 1) * BLOCKS_PER_FILE).min(blocks) {
            block_text(&mut text, block);
        }
        std::fs::write(directory.join(format!("part{file}.yaml")), text)?;
    }
    top.push_str("definitions: []\n");
    let path = directory.join("synthetic.yaml");
    std::fs::write(&path, top)?;
    Ok(path)
}

fn block_text(out: &mut String, n: usize) {
    let _ = write!(
        out,
        r#"  - doc: |
      # Block {n}
  - enum: Kind{n}
    doc: The kinds of block {n}, with *emphasis* and `code`.
    data:
      - alpha
      - name: beta
        doc: The second kind.
      - gamma
  - struct: Base{n}
    doc: Common members.
    data:
      id: str
      kind: Kind{n}
      weight?: {{type: uint32, doc: "A weight, in grams.", since: "8.1"}}
  - struct: Alpha{n}
    data:
      tags: [str]
      size?: size
  - struct: Beta{n}
    data:
      count: int16
      ratio?: number
  - union: Thing{n}
    doc: |
      A thing of block {n}.

      - one
      - two
    base: Base{n}
    discriminator: kind
    data:
      alpha: Alpha{n}
      beta: Beta{n}
  - alternate: NameOrThing{n}
    data: {{name: str, thing: Thing{n}}}
  - event: THING_CHANGED_{n}
    since: "7.0"
    data:
      thing: Thing{n}
      reason?: str
    examples:
      - message:
          event: THING_CHANGED_{n}
          data: {{thing: {{id: t{n}, kind: beta, count: 3}}, reason: resized}}
          timestamp: {{seconds: 1700000000, microseconds: {n}}}
  - event: THING_REMOVED_{n}
    data: {{id: str}}
    features:
      deprecated: {{since: "7.0", replaced-by: THING_CHANGED_{n}, removal: "8.2"}}
  - command: get-thing-{n}
    doc: Look a thing up.
    data: {{id: str, verbose?: bool}}
    returns: Thing{n}
    examples:
      - messages:
          - direction: to-server
            message: {{execute: get-thing-{n}, arguments: {{id: t{n}}}}}
          - direction: from-server
            message: {{return: {{id: t{n}, kind: alpha, tags: [a, b]}}}}
  - command: set-thing-{n}
    data: {{thing: NameOrThing{n}}}
    if: {{any: [CONFIG_A, {{not: CONFIG_B}}]}}
"#
    );
}
