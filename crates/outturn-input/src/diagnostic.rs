//! Errors a user meets, with where they are and what to do about them.
//!
//! Every message reads `error: FILE:LINE:COLUMN: FIELD: what was expected, found what`, then
//! the line of the file with a caret under the place, so a finance officer editing a scenario
//! by hand can go straight to it. An error in what was typed on the command line names the
//! flag instead: `error: --vary: …`.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A scenario file's text, kept to turn byte offsets into lines, columns and excerpts.
pub struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Source<'_> {
    /// A diagnostic at `span` (byte offsets into the text).
    pub fn at(&self, span: Range<usize>, field: &str, message: impl Into<String>) -> Diagnostic {
        let start = span.start.min(self.text.len());
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let line_no = self.text[..start].matches('\n').count() + 1;
        let column = self.text[line_start..start].chars().count() + 1;
        let excerpt = self.text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        let width = self.text[start..span.end.clamp(start, line_end)]
            .chars()
            .count()
            .max(1);
        Diagnostic {
            subject: Subject::File {
                path: self.path.to_path_buf(),
                position: Some(Box::new(Position {
                    line: line_no,
                    column,
                    excerpt,
                    width,
                })),
            },
            field: (!field.is_empty()).then(|| field.to_string()),
            message: message.into(),
            note: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub excerpt: String,
    pub width: usize,
}

/// What an error is about: a place in a file, or something typed on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A file, and the place in it when the error has one.
    File {
        path: PathBuf,
        position: Option<Box<Position>>,
    },
    /// A flag or argument of the command line, as the user typed its name: `--set`, `FIGURE`.
    Flag(String),
}

/// One error in one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub subject: Subject,
    pub field: Option<String>,
    pub message: String,
    /// A line of context shown after the excerpt.
    pub note: Option<String>,
}

impl Diagnostic {
    pub fn with_note(self, note: String) -> Diagnostic {
        Diagnostic {
            note: Some(note),
            ..self
        }
    }

    /// An error about a whole file or path, with no position in it.
    pub fn file(path: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            subject: Subject::File {
                path: path.to_path_buf(),
                position: None,
            },
            field: None,
            message: message.into(),
            note: None,
        }
    }

    /// An error in what was given to a flag or argument of the command line (`--set`).
    pub fn flag(flag: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            subject: Subject::Flag(flag.to_string()),
            field: None,
            message: message.into(),
            note: None,
        }
    }

    /// The place in a file, when the error has one.
    pub fn position(&self) -> Option<&Position> {
        match &self.subject {
            Subject::File { position, .. } => position.as_deref(),
            Subject::Flag(_) => None,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.subject {
            Subject::File { path, .. } => write!(f, "error: {}", path.display())?,
            Subject::Flag(flag) => write!(f, "error: {flag}")?,
        }
        if let Some(p) = self.position() {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", visible(&self.message))?;
        if let Some(p) = self.position() {
            let gutter = p.line.to_string().len();
            // The caret stays under its place when characters before it are shown escaped.
            let chars: Vec<char> = p.excerpt.chars().collect();
            let from = (p.column - 1).min(chars.len());
            let to = (from + p.width).min(chars.len());
            let wide = |cs: &[char]| cs.iter().map(|&c| shown(c).chars().count()).sum::<usize>();
            write!(
                f,
                "\n{:gutter$} |\n{} | {}\n{:gutter$} | {}{}",
                "",
                p.line,
                visible(&p.excerpt),
                "",
                " ".repeat(wide(&chars[..from]) + (p.column - 1 - from)),
                "^".repeat(wide(&chars[from..to]).max(1))
            )?;
        }
        if let Some(note) = &self.note {
            write!(f, "\n  = note: {note}")?;
        }
        Ok(())
    }
}

/// Whether `c` is a character a reader cannot see or could take for another: a control
/// character (a line end aside), a tab, a non-breaking or other Unicode space, a zero-width
/// character, the byte-order mark, or a mark that reverses the direction of text.
fn invisible(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{a0}'
                | '\u{ad}'
                | '\u{2000}'..='\u{200f}'
                | '\u{2028}'..='\u{202f}'
                | '\u{205f}'..='\u{206f}'
                | '\u{3000}'
                | '\u{feff}'
        )
}

/// `c` as shown in a message: itself, or escaped (`\t`, `\u{a0}`) when it cannot be seen.
fn shown(c: char) -> String {
    match c {
        '\t' => "\\t".to_string(),
        '\r' => "\\r".to_string(),
        c if invisible(c) => format!("\\u{{{:x}}}", u32::from(c)),
        c => c.to_string(),
    }
}

/// `text` with every character that cannot be seen shown escaped: `£1,000\u{a0}` says why
/// an amount that looks right was refused.
pub fn visible(text: &str) -> String {
    if !text.chars().any(invisible) {
        return text.to_string();
    }
    text.chars().map(shown).collect()
}

/// Items listed as a sentence says them: `a`, `a and b`, `a, b and c`.
///
/// ```
/// # use outturn_input::diagnostic::and_list;
/// let lines = ["2", "4", "9"].map(String::from);
/// assert_eq!(and_list(&lines), "2, 4 and 9");
/// assert_eq!(and_list(&lines[..1]), "2");
/// ```
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_shown_escaped_and_the_caret_follows() {
        let text = "title = \"x\"\nannual = \"£1,000\u{a0}\"\t# note\n";
        let src = Source {
            path: Path::new("s.toml"),
            text,
        };
        let start = text.find("\"£").unwrap();
        let d = src.at(
            start..start + "\"£1,000\u{a0}\"".len(),
            "lines.a.annual",
            "expected an amount, found `£1,000\u{a0}`",
        );
        assert_eq!(
            d.to_string(),
            "error: s.toml:2:10: lines.a.annual: expected an amount, found `£1,000\\u{a0}`\n  |\n2 | annual = \"£1,000\\u{a0}\"\\t# note\n  |          ^^^^^^^^^^^^^^"
        );
        // A zero-width space before the place moves the caret by its escape.
        let text = "\u{200b}x = 1\n";
        let d = Source {
            path: Path::new("s.toml"),
            text,
        }
        .at(text.find('1').unwrap()..text.len() - 1, "x", "bad");
        assert!(
            d.to_string()
                .ends_with("1 | \\u{200b}x = 1\n  |             ^"),
            "{d}"
        );
    }

    #[test]
    fn points_at_the_place() {
        let text = "title = \"x\"\nannual = \"£1.3q\"\n";
        let src = Source {
            path: Path::new("s.toml"),
            text,
        };
        let start = text.find("\"£").unwrap();
        let d = src.at(
            start..start + "\"£1.3q\"".len(),
            "lines.a.annual",
            "bad amount",
        );
        assert_eq!(
            d.to_string(),
            "error: s.toml:2:10: lines.a.annual: bad amount\n  |\n2 | annual = \"£1.3q\"\n  |          ^^^^^^^"
        );
    }
}
