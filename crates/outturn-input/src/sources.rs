//! The texts a scenario was read from: its file, the bases it extends and the values typed on
//! the command line (`--set`). Each text has its own range of offsets, so one span says both
//! which text a value came from and where in it, and a variant resolved from several files
//! still reports each error in the file (and at the line) that holds it.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Source};

/// A file read, and where its offsets start.
#[derive(Debug)]
struct File {
    path: PathBuf,
    text: String,
    start: usize,
}

/// A value given on the command line: how it was typed (`--set uplift=6%`), the field it
/// sets, and its range of offsets.
#[derive(Debug, Clone)]
struct Flag {
    typed: String,
    field: String,
    offsets: Range<usize>,
}

/// Every text of one scenario, in order: the file named first, then each base it extends.
#[derive(Debug, Clone)]
pub struct Sources {
    files: Arc<Vec<File>>,
    flags: Vec<Flag>,
}

impl Sources {
    /// The texts of a file and the bases it extends, in that order.
    pub fn files(texts: Vec<(PathBuf, String)>) -> Sources {
        let mut start = 0;
        let files = texts
            .into_iter()
            .map(|(path, text)| {
                let file = File { path, text, start };
                // One past the end, so a span at the end of a file stays in it.
                start += file.text.len() + 1;
                file
            })
            .collect();
        Sources {
            files: Arc::new(files),
            flags: Vec::new(),
        }
    }

    /// One file's text.
    pub fn file(path: &Path, text: &str) -> Sources {
        Sources::files(vec![(path.to_path_buf(), text.to_string())])
    }

    /// The file named (not a base): what the scenario is called after.
    pub fn path(&self) -> &Path {
        self.files.first().map_or(Path::new(""), |f| &f.path)
    }

    /// Each file's path, text and the offset its spans start at.
    pub fn texts(&self) -> impl Iterator<Item = (&Path, &str, usize)> {
        self.files
            .iter()
            .map(|f| (f.path.as_path(), f.text.as_str(), f.start))
    }

    /// Adds a value typed as `typed` that sets `field`, `len` bytes long; its spans start at
    /// the offset returned.
    pub fn add_flag(&mut self, typed: String, field: String, len: usize) -> usize {
        let start = self
            .flags
            .last()
            .map(|f| f.offsets.end)
            .or_else(|| self.files.last().map(|f| f.start + f.text.len()))
            .map_or(0, |end| end + 1);
        self.flags.push(Flag {
            typed,
            field,
            offsets: start..start + len,
        });
        start
    }

    /// A diagnostic at `span`: in the file that holds it (noting when that is a base), or at
    /// the flag that gave the value.
    pub fn at(&self, span: Range<usize>, field: &str, message: impl Into<String>) -> Diagnostic {
        if let Some(flag) = self.flag_at(span.start) {
            let d = Diagnostic::flag(&flag.typed, message);
            return Diagnostic {
                field: (!field.is_empty()).then(|| field.to_string()),
                ..d
            }
            .with_note(format!("set for the scenario {}", self.path().display()));
        }
        let Some((i, file)) = self.file_at(span.start) else {
            return Diagnostic::file(self.path(), message);
        };
        let local = span.start - file.start..span.end.saturating_sub(file.start);
        let d = Source {
            path: &file.path,
            text: &file.text,
        }
        .at(local, field, message);
        if i == 0 {
            d
        } else {
            d.with_note(format!("read as a base of {}", self.path().display()))
        }
    }

    /// The dotted name of the field at `offset` (`lines.kind`): the key on its line under
    /// the nearest table header, or the field a flag set. TOML's own errors say what is
    /// wrong but not where in the scenario's structure.
    pub fn field_at(&self, offset: usize) -> String {
        if let Some(flag) = self.flag_at(offset) {
            return flag.field.clone();
        }
        self.file_at(offset)
            .map(|(_, f)| field_at(&f.text, offset - f.start))
            .unwrap_or_default()
    }

    fn file_at(&self, offset: usize) -> Option<(usize, &File)> {
        self.files
            .iter()
            .enumerate()
            .rev()
            .find(|(_, f)| f.start <= offset)
    }

    fn flag_at(&self, offset: usize) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|f| f.offsets.contains(&offset) || f.offsets.start == offset)
    }
}

/// The dotted name of the key on the line holding byte `offset` of `text`, under the nearest
/// table header above it.
fn field_at(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let Some((key, _)) = line.split_once('=') else {
        return String::new();
    };
    let key = key.trim().trim_start_matches(['{', '[', ',', ' ']).trim();
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(['[', ']']).trim().to_string());
    match table {
        Some(t) => format!("{t}.{key}"),
        None => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_of_a_toml_error_is_named() {
        let text = "title = \"t\"\n[[lines]]\nkind = 3\n";
        assert_eq!(field_at(text, text.find('3').unwrap()), "lines.kind");
        assert_eq!(field_at(text, 0), "title");
    }

    #[test]
    fn a_span_is_in_the_text_that_holds_it() {
        let mut sources = Sources::files(vec![
            ("variant.toml".into(), "title = \"v\"\n".into()),
            ("base.toml".into(), "paper = \"p\"\nkind = 3\n".into()),
        ]);
        let base = sources.texts().nth(1).unwrap().2;
        assert_eq!(base, "title = \"v\"\n".len() + 1);
        let at = base + "paper = \"p\"\nkind = ".len();
        assert_eq!(sources.field_at(at), "kind");
        assert_eq!(
            sources.at(at..at + 1, "kind", "bad").to_string(),
            "error: base.toml:2:8: kind: bad\n  |\n2 | kind = 3\n  |        ^\n  = note: read as a base of variant.toml"
        );
        let flag = sources.add_flag("--set uplift=x".into(), "uplift".into(), 1);
        assert!(flag > base + 20);
        assert_eq!(
            sources.at(flag..flag + 1, "uplift", "bad").to_string(),
            "error: --set uplift=x: uplift: bad\n  = note: set for the scenario variant.toml"
        );
    }
}
