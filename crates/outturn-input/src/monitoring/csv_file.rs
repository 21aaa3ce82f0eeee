//! A CSV file read as a stream, each record with its true line in the file, and errors that
//! point at a field with the line's text and a caret.
//!
//! The csv crate passes over blank lines without a word and counts lines from where the last
//! record's terminator began (one short with Windows line ends). Its count of line ends is
//! exact, though, so each record's line follows from the count before and after it: a
//! record normally takes one line end (its own `\n`, or with Windows line ends the `\n` left
//! over from the record before); any more are line ends inside quoted values, which the
//! record's fields show, or blank lines before it. Nothing is copied to count them.
//!
//! Excerpts are read back from the file only when an error is reported, so the fast path
//! holds no line text.

use std::fs::File;
use std::io::{self, Chain, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Position, Subject};

/// Bytes read before the csv reader starts, to see the encoding and the line ends.
const SNIFF: usize = 1 << 16;
/// The most of a record's text read back for an excerpt.
const EXCERPT: u64 = 1 << 16;

/// Where a record is in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    /// The line of the record's first byte, from 1 (the header is line 1).
    pub line: u64,
    /// Bytes from the end of the previous record to the end of this one: the record's text,
    /// after any line ends and blank lines before it.
    pub start: u64,
    pub end: u64,
    /// Blank lines just before the record, as (first, last) line numbers.
    pub blank: Option<(u64, u64)>,
}

type Input = Chain<Cursor<Vec<u8>>, File>;

/// A CSV file's header and records.
pub struct CsvFile {
    path: PathBuf,
    reader: csv::Reader<Input>,
    header: Vec<String>,
    /// Whether lines end `\r\n` (judged from the header's line).
    crlf: bool,
    /// The file's length, when its last byte is not a line end: the last record then has
    /// no `\n` of its own.
    unterminated_at: Option<u64>,
}

/// Why `bytes` is not UTF-8 ([`crate::csv_text::not_utf8`]), said of a file.
pub fn not_utf8(bytes: &[u8]) -> Option<String> {
    crate::csv_text::not_utf8(bytes, "file")
}

fn read_up_to(file: &mut File, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n);
    file.take(n as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// The file's length if its last byte is not `\n`.
fn unterminated(path: &Path) -> io::Result<Option<u64>> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(None);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let last = read_up_to(&mut file, 1)?;
    Ok((last != b"\n").then_some(len))
}

impl CsvFile {
    /// Opens `path` and reads its header. `what` names the file in messages ("the ledger").
    ///
    /// # Errors
    /// The file cannot be read, is empty, is UTF-16, or its header is not UTF-8.
    pub fn open(path: &Path, what: &str) -> Result<CsvFile, Diagnostic> {
        let fail = |message: String| Diagnostic::file(path, message);
        let io_fail = |e: io::Error| fail(format!("could not read {what}: {e}"));
        let mut file = File::open(path).map_err(io_fail)?;
        let head = read_up_to(&mut file, SNIFF).map_err(io_fail)?;
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Err(fail(format!(
                "{what} is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\""
            )));
        }
        let crlf = head
            .iter()
            .position(|&c| c == b'\n')
            .is_some_and(|i| i > 0 && head[i - 1] == b'\r');
        let unterminated_at = unterminated(path).map_err(io_fail)?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(Cursor::new(head).chain(file));
        let raw = reader
            .byte_headers()
            .map_err(|e| fail(format!("could not read the header of {what}: {e}")))?
            .clone();
        let mut header = Vec::with_capacity(raw.len());
        for (i, name) in raw.iter().enumerate() {
            match std::str::from_utf8(name) {
                Ok(name) => header.push(name.trim().to_string()),
                Err(_) => {
                    let why = not_utf8(name).unwrap_or_default();
                    return Err(fail(format!("the header's column {}: {why}", i + 1)));
                }
            }
        }
        if header.iter().all(String::is_empty) {
            return Err(fail(format!(
                "{what} is empty; it needs a header row naming its columns, then a row per line"
            )));
        }
        Ok(CsvFile {
            path: path.to_path_buf(),
            reader,
            header,
            crlf,
            unterminated_at,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The position of the column named `name`, if the header has it.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The column named `name`, or an error naming the columns there are and how to name
    /// another (`hint`, such as `amount = "NAME" under [ledger.columns] in the config`).
    pub fn require(&self, name: &str, hint: &str) -> Result<usize, Diagnostic> {
        self.column(name).ok_or_else(|| {
            Diagnostic::file(
                &self.path,
                format!(
                    "has no column `{name}` (its columns: {}); name the column to use with {hint}",
                    self.header.join(", ")
                ),
            )
        })
    }

    /// Reads the next record into `record`; its place, or `None` at the end.
    ///
    /// # Errors
    /// The file cannot be read.
    pub fn next_record(
        &mut self,
        record: &mut csv::ByteRecord,
    ) -> Result<Option<Place>, Diagnostic> {
        let before = self.reader.position().clone();
        let more = self
            .reader
            .read_byte_record(record)
            .map_err(|e| Diagnostic::file(&self.path, format!("could not read the file: {e}")))?;
        if !more {
            return Ok(None);
        }
        let after = self.reader.position();
        let consumed = after.line() - before.line();
        // With Windows line ends the record starts after the `\n` of the one before; without,
        // it ends with its own `\n` (unless it is the last and the file has none).
        let leftover = u64::from(self.crlf);
        let own = u64::from(!self.crlf && self.unterminated_at != Some(after.byte()));
        let mut blank = 0;
        if consumed != leftover + own {
            let inside: u64 = record
                .iter()
                .map(|f| f.iter().filter(|&&c| c == b'\n').count() as u64)
                .sum();
            blank = consumed.saturating_sub(leftover + own + inside);
        }
        let line = before.line() + leftover + blank;
        Ok(Some(Place {
            line,
            start: before.byte(),
            end: after.byte(),
            blank: (blank > 0).then(|| (line - blank, line - 1)),
        }))
    }

    /// An error at `place`, pointing at the field in `column` (or the whole line).
    pub fn error(
        &self,
        place: &Place,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let field = column.and_then(|c| self.header.get(c)).cloned();
        at_field(&self.path, place, column, field, message.into())
    }
}

/// An error at a record of the CSV file at `path`, with the record's first line as the
/// excerpt and a caret under the field in `column`. The text is read back from the file; if
/// it cannot be, the error still names the line.
pub fn at_field(
    path: &Path,
    place: &Place,
    column: Option<usize>,
    field: Option<String>,
    message: String,
) -> Diagnostic {
    let text = record_text(path, place).unwrap_or_default();
    let (start, end) = match column {
        Some(c) => field_span(text.as_bytes(), c),
        None => (0, text.len()),
    };
    let chars = |s: &str| s.chars().count();
    let (start, end) = (floor_char(&text, start), floor_char(&text, end.max(start)));
    Diagnostic {
        subject: Subject::File {
            path: path.to_path_buf(),
            position: Some(Box::new(Position {
                line: usize::try_from(place.line).unwrap_or(usize::MAX),
                column: chars(&text[..start]) + 1,
                width: chars(&text[start..end]).max(1),
                excerpt: text,
            })),
        },
        field,
        message,
        note: None,
    }
}

/// An error about blank lines before the record at `place`.
pub fn blank_lines(path: &Path, (first, last): (u64, u64), what: &str) -> Diagnostic {
    let lines = if first == last {
        "the line is blank".to_string()
    } else {
        format!("lines {first} to {last} are blank")
    };
    Diagnostic {
        subject: Subject::File {
            path: path.to_path_buf(),
            position: Some(Box::new(Position {
            line: usize::try_from(first).unwrap_or(usize::MAX),
            column: 1,
            width: 1,
            excerpt: String::new(),
            })),
        },
        field: None,
        message: format!(
            "{lines}; every line after the header must be {what} (delete blank lines if nothing is missing there)"
        ),
        note: None,
    }
}

/// The largest char boundary at or before `i`.
fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first line of the record's text, read back from the file.
fn record_text(path: &Path, place: &Place) -> io::Result<String> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(place.start))?;
    let n = (place.end.saturating_sub(place.start)).min(EXCERPT);
    let bytes = read_up_to(&mut file, usize::try_from(n).unwrap_or(usize::MAX))?;
    let text = bytes
        .iter()
        .position(|&c| c != b'\n' && c != b'\r')
        .map_or(&[][..], |i| &bytes[i..]);
    let line = text
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map_or(text, |i| &text[..i]);
    Ok(String::from_utf8_lossy(line).into_owned())
}

/// The bytes of field `index` in a line of CSV: commas inside quotes do not end a field.
fn field_span(line: &[u8], index: usize) -> (usize, usize) {
    let (mut field, mut start, mut quoted) = (0, 0, false);
    for (i, &c) in line.iter().enumerate() {
        match c {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                if field == index {
                    return (start, i);
                }
                field += 1;
                start = i + 1;
            }
            _ => {}
        }
    }
    if field == index {
        (start, line.len())
    } else {
        (line.len(), line.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    /// Each record's line and blank lines.
    fn places(text: &[u8]) -> Vec<(u64, Option<(u64, u64)>)> {
        let (_dir, path) = file(text);
        let mut f = CsvFile::open(&path, "the file").unwrap();
        let mut r = csv::ByteRecord::new();
        let mut out = Vec::new();
        while let Some(p) = f.next_record(&mut r).unwrap() {
            out.push((p.line, p.blank));
        }
        out
    }

    #[test]
    fn lines_are_counted_with_either_line_end() {
        let text = "a,b\n1,2\n3,4\n\n5,6\n\n\n7,8\n";
        let expected = [(2, None), (3, None), (5, Some((4, 4))), (8, Some((6, 7)))];
        assert_eq!(places(text.as_bytes()), expected);
        assert_eq!(places(text.replace('\n', "\r\n").as_bytes()), expected);
        // No line end after the last record, with and without a blank line before it.
        assert_eq!(places(b"a,b\n1,2\n\n3,4"), [(2, None), (4, Some((3, 3)))]);
        assert_eq!(
            places(b"a,b\r\n1,2\r\n\r\n3,4"),
            [(2, None), (4, Some((3, 3)))]
        );
        assert_eq!(places(b"a,b\n1,2"), [(2, None)]);
        // Blank lines at the very end are let be.
        assert_eq!(places(b"a,b\n1,2\n\n\n"), [(2, None)]);
    }

    #[test]
    fn quoted_line_ends_are_not_blank_lines() {
        let text = "a,b\n\"x\n\ny\",2\n3,4\n";
        assert_eq!(places(text.as_bytes()), [(2, None), (5, None)]);
        assert_eq!(
            places(text.replace('\n', "\r\n").as_bytes()),
            [(2, None), (5, None)]
        );
    }

    #[test]
    fn errors_point_at_the_field() {
        let (_dir, path) = file(b"a,b,c\r\n1,\"x, y\",\xc2\xa33.5p\r\n");
        let mut f = CsvFile::open(&path, "the file").unwrap();
        let mut r = csv::ByteRecord::new();
        let place = f.next_record(&mut r).unwrap().unwrap();
        let d = f.error(&place, Some(2), "bad amount");
        let shown = d.to_string().replace(&path.display().to_string(), "f.csv");
        assert_eq!(
            shown,
            "error: f.csv:2:10: c: bad amount\n  |\n2 | 1,\"x, y\",£3.5p\n  |          ^^^^^"
        );
    }

    #[test]
    fn encodings_and_empty_files_are_named() {
        let (_dir, path) = file(&[0xFF, 0xFE, b'a', 0]);
        let e = CsvFile::open(&path, "the ledger").err().unwrap();
        assert!(e.message.starts_with("the ledger is UTF-16"), "{e}");
        let (_dir, path) = file(b"");
        let e = CsvFile::open(&path, "the ledger").err().unwrap();
        assert!(e.message.starts_with("the ledger is empty"), "{e}");
    }
}
