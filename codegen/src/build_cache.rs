//! The build-script cache: what [`Builder::compile`](crate::Builder::compile)
//! wrote last time, kept in the output directory, so that a rerun with
//! the same inputs skips generation and prints the same `cargo:` lines.
//!
//! Cargo reruns a build script when a schema file's modification time
//! changes, even if its content did not (a branch switched and back, a
//! `touch`), and on every change of the package when the script prints no
//! `rerun-if-changed`. The entry holds:
//!
//! - the key: the generator (this crate's version and the build script's
//!   own executable: its path, size and modification time, so that any
//!   rebuilt generator or `build.rs` regenerates), the working and
//!   manifest directories, and every option of the builder;
//! - the text of every schema file (top files and includes) as the run
//!   read it, with its path and canonical path, compared byte for byte
//!   (no hash can collide); a file saved again while the run went on
//!   makes the entry stale;
//! - every output file's size and modification time, so an output
//!   edited or removed since is written again;
//! - the `cargo:` lines the run printed (rerun-if-changed, check-cfg,
//!   warnings).
//!
//! Any difference, an unreadable file or an entry this code cannot read
//! means a full run, which rewrites the entry. Only successful runs are
//! kept.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What the entry format starts with; a new format changes it.
const MAGIC: &[u8] = b"qapi-gen build cache 1\n";

/// The cache entry of one builder configuration in one output directory.
pub(crate) struct Entry {
    path: PathBuf,
    key: String,
}

impl Entry {
    /// The entry for the configuration `key` (see [`generator`]) in
    /// `out_dir`, in a file named after `name`: what tells apart the
    /// builders that share an output directory (their schemas and output
    /// files), so that a new key (a rebuilt build script, another option)
    /// replaces the entry instead of adding one.
    pub(crate) fn new(out_dir: &Path, name: &str, key: String) -> Entry {
        let path = out_dir.join(format!(".qapi-gen-{:016x}.cache", fnv1a(name.as_bytes())));
        Entry { path, key }
    }

    /// The lines the last run printed, when nothing it read or wrote has
    /// changed since.
    pub(crate) fn fresh(&self) -> Option<Vec<String>> {
        let bytes = std::fs::read(&self.path).ok()?;
        let mut reader = Reader { rest: bytes.strip_prefix(MAGIC)? };
        if reader.bytes()? != self.key.as_bytes() {
            return None;
        }
        for _ in 0..reader.count()? {
            let path = PathBuf::from(reader.text()?);
            let canonical = PathBuf::from(reader.text()?);
            let contents = reader.bytes()?;
            if std::fs::canonicalize(&path).ok()? != canonical || std::fs::read(&path).ok()? != contents {
                return None;
            }
        }
        for _ in 0..reader.count()? {
            let path = PathBuf::from(reader.text()?);
            let stamp = reader.text()?;
            if file_stamp(&path)? != stamp {
                return None;
            }
        }
        let lines = (0..reader.count()?).map(|_| reader.text().map(str::to_owned)).collect::<Option<Vec<String>>>()?;
        reader.rest.is_empty().then_some(lines)
    }

    /// Records a successful run: the schema files it read (with the text
    /// the run read, not what the file holds now, so that an edit made
    /// during the run makes the entry stale), the files it wrote and the
    /// lines it printed. An output that is gone, or a path that is not
    /// UTF-8, leaves no entry (the next run is a full one).
    pub(crate) fn store(&self, inputs: &[Input], outputs: &[PathBuf], lines: &[String]) {
        if let Some(bytes) = self.encode(inputs, outputs, lines) {
            if crate::output::write_if_changed(&self.path, &bytes).is_err() {
                let _ = std::fs::remove_file(&self.path);
            }
        } else {
            let _ = std::fs::remove_file(&self.path);
        }
    }

    fn encode(&self, inputs: &[Input], outputs: &[PathBuf], lines: &[String]) -> Option<Vec<u8>> {
        let mut out = MAGIC.to_vec();
        put(&mut out, self.key.as_bytes());
        put_count(&mut out, inputs.len());
        for input in inputs {
            put(&mut out, input.path.to_str()?.as_bytes());
            put(&mut out, input.canonical.to_str()?.as_bytes());
            put(&mut out, input.text.as_bytes());
        }
        put_count(&mut out, outputs.len());
        for output in outputs {
            put(&mut out, output.to_str()?.as_bytes());
            put(&mut out, file_stamp(output)?.as_bytes());
        }
        put_count(&mut out, lines.len());
        for line in lines {
            put(&mut out, line.as_bytes());
        }
        Some(out)
    }
}

/// A schema file as a run read it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Input {
    /// The path as it was opened.
    pub path: PathBuf,
    /// Its canonical path when it was read.
    pub canonical: PathBuf,
    /// The text the run read.
    pub text: String,
}

impl Input {
    /// Every file of `sources`.
    pub(crate) fn all(sources: &qapi_gen_schema::SourceMap) -> impl Iterator<Item = Input> + '_ {
        sources.files().map(|(_, file)| Input { path: file.path.clone(), canonical: file.canonical.clone(), text: file.text.clone() })
    }
}

/// What identifies the generator that runs: this crate's name and
/// version, and the running executable (the build script, which links
/// the generator) by path, size and modification time.
pub(crate) fn generator() -> String {
    let executable = std::env::current_exe().ok().and_then(|path| Some(format!("{} {}", path.display(), file_stamp(&path)?)));
    format!("{} {} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"), executable.unwrap_or_else(|| "unknown executable".to_owned()))
}

/// A file's size and modification time, as text; `None` when unknown.
fn file_stamp(path: &Path) -> Option<String> {
    let metadata = std::fs::metadata(path).ok()?;
    let modified = metadata.modified().ok()?.duration_since(SystemTime::UNIX_EPOCH).ok()?;
    Some(format!("{} bytes, modified {}.{:09}", metadata.len(), modified.as_secs(), modified.subsec_nanos()))
}

/// FNV-1a: the entry's file name (not a content check).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    put_count(out, bytes.len());
    out.extend_from_slice(bytes);
}

fn put_count(out: &mut Vec<u8>, count: usize) {
    out.extend_from_slice(&(count as u64).to_le_bytes());
}

/// Reads what [`put`] and [`put_count`] wrote; `None` at any malformation.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn count(&mut self) -> Option<usize> {
        let (count, rest) = self.rest.split_first_chunk::<8>()?;
        self.rest = rest;
        usize::try_from(u64::from_le_bytes(*count)).ok()
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let length = self.count()?;
        if length > self.rest.len() {
            return None;
        }
        let (bytes, rest) = self.rest.split_at(length);
        self.rest = rest;
        Some(bytes)
    }

    fn text(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().expect("temporary directory");
        let input = dir.path().join("schema.yaml");
        let output = dir.path().join("out.rs");
        std::fs::write(&input, "schema").expect("input");
        std::fs::write(&output, "output").expect("output");
        (dir, input, output)
    }

    /// `path` as a run that read `text` from it saw it.
    fn read(path: &Path, text: &str) -> [Input; 1] {
        [Input { path: path.to_owned(), canonical: std::fs::canonicalize(path).expect("canonical"), text: text.to_owned() }]
    }

    #[test]
    fn an_entry_is_fresh_until_an_input_or_output_changes() {
        let (dir, input, output) = setup();
        let entry = Entry::new(dir.path(), "builder", "key".to_owned());
        assert_eq!(entry.fresh(), None, "no entry yet");
        let lines = vec!["cargo:rerun-if-changed=schema.yaml".to_owned(), "cargo::warning=w".to_owned()];
        entry.store(&read(&input, "schema"), std::slice::from_ref(&output), &lines);
        assert_eq!(entry.fresh(), Some(lines.clone()));
        // The same content written again (a new modification time) is fresh.
        std::fs::write(&input, "schema").expect("input");
        assert_eq!(entry.fresh(), Some(lines.clone()));
        std::fs::write(&input, "schemA").expect("input");
        assert_eq!(entry.fresh(), None, "an input changed");
        std::fs::write(&input, "schema").expect("input");
        assert_eq!(entry.fresh(), Some(lines.clone()));
        std::fs::write(&output, "edited by hand").expect("output");
        assert_eq!(entry.fresh(), None, "an output changed");
        entry.store(&read(&input, "schema"), std::slice::from_ref(&output), &lines);
        std::fs::remove_file(&output).expect("remove");
        assert_eq!(entry.fresh(), None, "an output is gone");
    }

    #[test]
    fn an_edit_during_the_run_makes_the_entry_stale() {
        let (dir, input, output) = setup();
        let entry = Entry::new(dir.path(), "builder", "key".to_owned());
        // The run read "schema"; the file was saved again before the run
        // ended, so its outputs may be those of the old text.
        std::fs::write(&input, "schema, edited").expect("input");
        entry.store(&read(&input, "schema"), std::slice::from_ref(&output), &[]);
        assert_eq!(entry.fresh(), None, "the next run generates again");
        std::fs::write(&input, "schema").expect("input");
        assert_eq!(entry.fresh(), Some(Vec::new()), "the text the run read is fresh");
    }

    #[test]
    fn another_key_replaces_the_entry_and_a_damaged_entry_is_stale() {
        let (dir, input, output) = setup();
        let first = Entry::new(dir.path(), "builder", "key one".to_owned());
        let other_builder = Entry::new(dir.path(), "other builder", "key one".to_owned());
        assert_ne!(first.path, other_builder.path);
        first.store(&read(&input, "schema"), std::slice::from_ref(&output), &[]);
        assert_eq!(first.fresh(), Some(Vec::new()));
        assert_eq!(other_builder.fresh(), None);
        let second = Entry::new(dir.path(), "builder", "key two".to_owned());
        assert_eq!(second.path, first.path);
        assert_eq!(second.fresh(), None);
        second.store(&read(&input, "schema"), std::slice::from_ref(&output), &[]);
        assert_eq!(second.fresh(), Some(Vec::new()));
        assert_eq!(first.fresh(), None, "replaced");
        first.store(&read(&input, "schema"), std::slice::from_ref(&output), &[]);
        let bytes = std::fs::read(&first.path).expect("entry");
        std::fs::write(&first.path, &bytes[..bytes.len() - 1]).expect("truncate");
        assert_eq!(first.fresh(), None, "truncated");
        std::fs::write(&first.path, [bytes.as_slice(), b"x"].concat()).expect("extend");
        assert_eq!(first.fresh(), None, "trailing bytes");
    }

    #[test]
    fn the_generator_names_the_running_executable() {
        let generator = generator();
        assert!(generator.starts_with(concat!("qapi-gen-codegen ", env!("CARGO_PKG_VERSION"), " /")), "{generator}");
        assert!(generator.contains(" bytes, modified "), "{generator}");
    }
}
