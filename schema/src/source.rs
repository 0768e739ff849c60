//! Source files and positions: the `SourceMap` owns every file read in a run,
//! and a `Span` points into one of them.

use std::fmt;
use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A position in a file: 1-based line, 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    /// Line, starting at 1.
    pub line: u32,
    /// Column in characters, starting at 1.
    pub column: u32,
}

/// A range of text in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// Inclusive start.
    pub start: Pos,
    /// Exclusive end (on the same line as `start` for single-line nodes).
    pub end: Pos,
}

impl Span {
    /// A span that covers `self` up to the end of `other` (same file assumed).
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span { end: other.end, ..self }
    }
}

/// One file read during a run.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the file was opened.
    pub path: PathBuf,
    /// The file's identity: its canonical path (symbolic links resolved),
    /// computed once when it was read; the path as given for text with no
    /// file behind it.
    pub canonical: PathBuf,
    /// The path shown in diagnostics (relative to the working directory when possible).
    pub display: String,
    /// The whole text.
    pub text: String,
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// The text of line `line` (1-based) without its line ending.
    #[must_use]
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let starts = self.line_starts.get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let start = *starts.get(index).filter(|start| **start < self.text.len())?;
        let end = starts.get(index + 1).map_or(self.text.len(), |next| next - 1);
        self.text.get(start..end).map(|l| l.trim_end_matches('\r'))
    }
}

/// Every file read in a run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file, opened as `path` and known by its `canonical` path, and
    /// returns its id.
    pub(crate) fn add(&mut self, path: PathBuf, canonical: PathBuf, text: String) -> FileId {
        let display = display_path(&path, &canonical);
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile { path, canonical, display, text, line_starts: std::sync::OnceLock::new() });
        id
    }

    /// The file behind `id`.
    ///
    /// # Panics
    /// Only on an id that this map did not hand out (a programming error).
    #[must_use]
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file, in the order read.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(index, file)| (FileId(u32::try_from(index).unwrap_or(u32::MAX)), file))
    }

    /// Looks a file up by the path it was opened with.
    #[must_use]
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files().find(|(_, file)| file.path == path).map(|(id, _)| id)
    }
}

/// `path` relative to the working directory when it lies below it.
fn display_path(path: &Path, canonical: &Path) -> String {
    let cwd = std::env::current_dir().ok().and_then(|cwd| std::fs::canonicalize(cwd).ok());
    let relative = cwd.as_deref().and_then(|cwd| canonical.strip_prefix(cwd).ok()).map_or_else(|| path.to_path_buf(), Path::to_path_buf);
    relative.display().to_string()
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}
