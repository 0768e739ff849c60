//! Resolve phase, part one: reads the top file and its includes (relative to
//! the including file, confined to the schema root, each read once, cycles
//! reported) and parses each into the AST.

use crate::hash::HashSet;
use std::path::{Path, PathBuf};

use crate::ast;
use crate::diag::Diagnostics;
use crate::load::{self, MAX_FILE_BYTES};
use crate::parse;
use crate::source::{FileId, Pos, SourceMap, Span};

/// Every parsed file of a schema.
#[derive(Debug)]
pub struct Files {
    /// Parsed files in definition order: a file's includes come before it.
    pub files: Vec<ast::File>,
    /// The files in the order they were first met (the top file first).
    pub met: Vec<FileId>,
    /// Index of the top file in `files`.
    pub top: usize,
    /// Canonical schema root (directory of the top file).
    pub root: PathBuf,
}

/// Why the top file could not be read at all (a usage or I/O error).
#[derive(Debug)]
pub struct Unreadable {
    /// What went wrong.
    pub message: String,
}

/// Reads `top` and every file it includes.
pub fn collect(cx: &mut Diagnostics, sources: &mut SourceMap, top: &Path) -> Result<Files, Unreadable> {
    let canonical = std::fs::canonicalize(top).map_err(|error| Unreadable { message: format!("cannot read `{}`: {}", top.display(), io_message(&error)) })?;
    if canonical.is_dir() {
        return Err(Unreadable { message: format!("`{}` is a directory, not a schema file", top.display()) });
    }
    let root = canonical.parent().map(Path::to_path_buf).unwrap_or_default();
    let text = read(&canonical, top).map_err(|message| Unreadable { message })?;
    let root_shown = match top.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.display().to_string(),
        _ => ".".to_string(),
    };
    let mut reader = Reader { sources, root: root.clone(), root_shown, files: Vec::new(), met: Vec::new(), stack: Vec::new(), seen: HashSet::default(), detached: false };
    let top_index = reader.file(cx, canonical, top.to_path_buf(), text);
    Ok(Files { files: reader.files, met: reader.met, top: top_index.unwrap_or(0), root })
}

/// Parses one schema given as text: `name` gives its dialect (`.json` is
/// QAPI) and its name in diagnostics. Includes are reported, not followed.
pub fn collect_text(cx: &mut Diagnostics, sources: &mut SourceMap, name: &Path, text: String) -> Files {
    let mut reader = Reader {
        sources,
        root: PathBuf::new(),
        root_shown: String::new(),
        files: Vec::new(),
        met: Vec::new(),
        stack: Vec::new(),
        seen: HashSet::default(),
        detached: true,
    };
    let top = reader.file(cx, name.to_path_buf(), name.to_path_buf(), Ok(text));
    Files { files: reader.files, met: reader.met, top: top.unwrap_or(0), root: PathBuf::new() }
}

struct Reader<'a> {
    sources: &'a mut SourceMap,
    root: PathBuf,
    /// The root as the user wrote it, for messages.
    root_shown: String,
    files: Vec<ast::File>,
    met: Vec<FileId>,
    /// Canonical paths of the files being read, outermost first.
    stack: Vec<(PathBuf, String)>,
    /// Canonical paths of every file read so far.
    seen: HashSet<PathBuf>,
    /// Reading text with no file system behind it: includes are errors.
    detached: bool,
}

impl Reader<'_> {
    /// Parses one file and, depth first, the files it includes.
    fn file(&mut self, cx: &mut Diagnostics, canonical: PathBuf, shown: PathBuf, text: Result<String, (Vec<u8>, std::str::Utf8Error)>) -> Option<usize> {
        self.seen.insert(canonical.clone());
        let text = match text {
            Ok(text) => text,
            Err((bytes, error)) => {
                let valid = &bytes[..error.valid_up_to()];
                let valid = String::from_utf8_lossy(valid).into_owned();
                let line = u32::try_from(valid.matches('\n').count() + 1).unwrap_or(u32::MAX);
                let column = u32::try_from(valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1).unwrap_or(u32::MAX);
                let id = self.sources.add(shown, canonical, valid);
                self.met.push(id);
                let at = Pos { line, column };
                cx.error(Span { file: id, start: at, end: Pos { line, column: column + 1 } }, "the file is not valid UTF-8");
                return None;
            }
        };
        let id = self.sources.add(shown.clone(), canonical.clone(), text);
        self.met.push(id);
        let is_qapi = canonical.extension().is_some_and(|e| e == "json");
        let text = &self.sources.file(id).text;
        let root_node = if is_qapi { crate::qapi::parse(cx, id, text)? } else { load::parse(cx, id, text)? };
        let mut parsed = parse::file(cx, id, root_node);
        self.stack.push((canonical.clone(), self.sources.file(id).display.clone()));
        for include in &parsed.includes {
            if let Some(target) = self.include(cx, &canonical, include) {
                parsed.included.push(target);
            }
        }
        self.stack.pop();
        self.files.push(parsed);
        Some(self.files.len() - 1)
    }

    /// Follows one include; gives the included file's canonical path when
    /// it resolved.
    fn include(&mut self, cx: &mut Diagnostics, including: &Path, include: &ast::Name) -> Option<PathBuf> {
        if self.detached {
            cx.error(include.span, format!("cannot include `{}` in a schema given as text", include.text));
            return None;
        }
        let base = including.parent().unwrap_or(Path::new(""));
        let joined = base.join(&include.text);
        let Ok(canonical) = std::fs::canonicalize(&joined) else {
            cx.error(include.span, format!("cannot find included file `{}`", include.text));
            return None;
        };
        if !canonical.starts_with(&self.root) {
            cx.error(include.span, format!("included file `{}` is outside the schema root", include.text))
                .help(format!("includes must stay below `{}`, the directory of the top schema file", self.root_shown));
            return None;
        }
        if let Some(position) = self.stack.iter().position(|(path, _)| *path == canonical) {
            let mut chain: Vec<String> = self.stack[position..].iter().map(|(_, shown)| shown.clone()).collect();
            chain.push(self.stack[position].1.clone());
            cx.error(include.span, format!("include cycle: {}", chain.join(" -> ")));
            return None;
        }
        if self.seen.contains(&canonical) {
            return Some(canonical);
        }
        let shown = normalized(&joined);
        match read(&canonical, &joined) {
            Ok(text) => {
                self.file(cx, canonical.clone(), shown, text);
                Some(canonical)
            }
            Err(message) => {
                cx.error(include.span, message);
                None
            }
        }
    }
}

/// Reads one standalone file (no includes) within the size limit: its
/// canonical path and text, or why it cannot be read (missing, a
/// directory, too large, not UTF-8).
pub(crate) fn read_standalone(path: &Path) -> Result<(PathBuf, String), Unreadable> {
    let canonical = std::fs::canonicalize(path).map_err(|error| Unreadable { message: format!("cannot read `{}`: {}", path.display(), io_message(&error)) })?;
    match read(&canonical, path) {
        Ok(Ok(text)) => Ok((canonical, text)),
        Ok(Err((_, error))) => Err(Unreadable { message: format!("`{}` is not UTF-8 ({error})", path.display()) }),
        Err(message) => Err(Unreadable { message }),
    }
}

type Text = Result<String, (Vec<u8>, std::str::Utf8Error)>;

/// Reads a file within the size limit; `Err` for I/O problems, `Ok(Err)` for bad UTF-8.
fn read(canonical: &Path, shown: &Path) -> Result<Text, String> {
    let metadata = std::fs::metadata(canonical).map_err(|error| format!("cannot read `{}`: {}", shown.display(), io_message(&error)))?;
    if !metadata.is_file() {
        return Err(format!("`{}` is not a regular file", shown.display()));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(format!("`{}` is {} bytes, more than the limit of {} bytes for a schema file", shown.display(), metadata.len(), MAX_FILE_BYTES));
    }
    let bytes = std::fs::read(canonical).map_err(|error| format!("cannot read `{}`: {}", shown.display(), io_message(&error)))?;
    Ok(String::from_utf8(bytes).map_err(|error| {
        let utf8 = error.utf8_error();
        (error.into_bytes(), utf8)
    }))
}

fn normalized(path: &Path) -> PathBuf {
    let normalized: PathBuf = path.components().collect();
    normalized
}

fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}
