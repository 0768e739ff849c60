//! Reader for QEMU's QAPI schema dialect (`qapi/*.json`): expressions and
//! doc comments are turned into the same node tree a YAML schema file
//! gives, so the rest of the pipeline is shared. Where QAPI keeps metadata
//! in prose (`Since:`, `(since X.Y)`, examples), it becomes structure.

mod convert;
mod doc;
mod lexer;
pub mod markdown;

use crate::diag::Diagnostics;
use crate::load::Node;
use crate::source::FileId;

/// Parses one QAPI file into a node shaped like a YAML schema file.
pub fn parse(cx: &mut Diagnostics, file: FileId, text: &str) -> Option<Node> {
    let pieces = lexer::pieces(cx, file, text)?;
    if pieces.is_empty() {
        // As for YAML: a file without a single expression or doc block is
        // a mistake (a truncated or wrong file), not an empty schema.
        let start = crate::source::Pos { line: 1, column: 1 };
        cx.error(crate::source::Span { file, start, end: start }, "the file is empty").help("a QAPI schema file holds at least one expression");
        return None;
    }
    Some(convert::file(cx, file, pieces))
}
