//! Variants and overrides: a scenario that `extends` another, and `--set PATH=VALUE`.
//!
//! Both work on the parsed TOML document before it is read into a scenario, so an
//! overridden or inherited value is validated exactly like one typed into the file, with the
//! same messages. Every value keeps the place it came from (see [`crate::sources`]): an error
//! in a base is reported in the base file, at its line, and an error in a value set on the
//! command line names the `--set` that gave it. The files themselves are never changed.
//!
//! - `extends = "base.toml"` (relative to the file) starts from the base scenario; every
//!   top-level key of the variant replaces the base's, and an entry of `contracts`, `lines`,
//!   `savings` or `checks` with the name of a base entry changes only the fields it gives
//!   (`remove = true` drops the base entry instead); entries with new names are added.
//! - `--set PATH=VALUE` sets one field: `uplift=6%`, `lines.transport-26plus.annual=£1.7m`,
//!   `contracts.dpss.extensions.1.taken=false` (`extensions.1.taken=false` when the scenario
//!   has one contract). Entries are picked by name or by number from 1. VALUE is TOML
//!   (`false`, `36`, `2025-03-31`) or else text (`6%`, `£1.7m`).

mod extends;
mod overrides;

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

pub use extends::MergeError;
pub use overrides::{overrides_for, Override, OverrideError, Set, SetError};

use crate::diagnostic::Diagnostic;
use crate::scenario_file::{self, toml_error, LoadedScenario};
use crate::sources::Sources;

/// Reads a scenario file, resolving `extends` and applying `overrides` in order.
///
/// # Errors
/// A file that cannot be read, a base that does not exist or leads back round, an override
/// that names no field, or anything the scenario reader refuses.
pub fn load(path: &Path, overrides: &[Override]) -> Result<LoadedScenario, Vec<Diagnostic>> {
    let chain = Chain::read(path)?;
    let mut doc = chain.document()?;
    for o in overrides {
        doc.set(o)
            .map_err(|e| vec![Diagnostic::file(path, format!("--set {o}: {e}"))])?;
    }
    doc.read()
}

/// The largest scenario file read, in bytes: a hundred times the largest bundled scenario,
/// small enough that a file that never ends (`/dev/zero`) is stopped before memory runs out.
pub const MAX_SCENARIO_BYTES: u64 = 1 << 20;

/// Reads a file's text, or says why it could not: missing, too large, or not UTF-8 (naming
/// the encoding it is in when that can be told).
pub fn read(path: &Path) -> Result<String, Vec<Diagnostic>> {
    let fail = |message: String| vec![Diagnostic::file(path, message)];
    let file =
        std::fs::File::open(path).map_err(|e| fail(format!("could not read the file: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_SCENARIO_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("could not read the file: {e}")))?;
    if bytes.len() as u64 > MAX_SCENARIO_BYTES {
        return Err(fail(format!(
            "the file is larger than {} bytes, the largest scenario file read; is it a scenario?",
            outturn_model::money::group_thousands(&MAX_SCENARIO_BYTES.to_string())
        )));
    }
    String::from_utf8(bytes).map_err(|e| fail(not_utf8(e.as_bytes(), e.utf8_error())))
}

/// Why a scenario's bytes are not UTF-8: UTF-16 (a byte-order mark, or a zero byte between
/// ASCII letters, as Notepad's "Unicode" writes), or a byte of a one-byte encoding such as
/// Windows-1252 or Latin-1, named with its line and what it stands for there.
fn not_utf8(bytes: &[u8], e: std::str::Utf8Error) -> String {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.iter().take(64).filter(|&&b| b == 0).count() >= 8;
    if utf16 {
        return "the file is UTF-16 text (Notepad's \"Unicode\"); save it as UTF-8".to_string();
    }
    let at = e.valid_up_to();
    let byte = bytes[at];
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    // In Windows-1252 and Latin-1 alike, bytes from 0xA0 are the characters of the same
    // number: 0xA3 is `£`, 0xE9 is `é`. Below that, Windows-1252 has a few of its own that
    // a scenario typed in Word or Excel is likely to hold.
    let meaning = match (byte, char::from_u32(u32::from(byte))) {
        (0x80, _) => " (`€` in Windows-1252)".to_string(),
        (0x91 | 0x92, _) => " (a curly quote `’` in Windows-1252)".to_string(),
        (0x93 | 0x94, _) => " (a curly quote `“` in Windows-1252)".to_string(),
        (0x96 | 0x97, _) => " (a dash `–` in Windows-1252)".to_string(),
        (0xA0.., Some(c)) => format!(" (`{c}` in Windows-1252 or Latin-1)"),
        _ => String::new(),
    };
    format!(
        "line {line}: byte 0x{byte:02X} is not UTF-8 text{meaning}; the file is in another encoding: save it as UTF-8"
    )
}

/// A scenario file and every base it extends, read but not yet laid over one another.
#[derive(Debug, Clone)]
pub struct Chain {
    sources: Sources,
}

impl Chain {
    /// Reads `path`, then the base it extends, and so on.
    ///
    /// # Errors
    /// A file that cannot be read or is not TOML, a base that does not exist, or bases that
    /// extend each other in a circle.
    pub fn read(path: &Path) -> Result<Chain, Vec<Diagnostic>> {
        Ok(Chain {
            sources: Sources::files(extends::chain(path)?),
        })
    }

    /// A scenario's text on its own, with no base read even if it names one (for tests and
    /// fuzzing: `extends` is then refused as an unknown field).
    pub fn single(path: &Path, text: String) -> Chain {
        Chain {
            sources: Sources::files(vec![(path.to_path_buf(), text)]),
        }
    }

    /// The scenario's document: the last base, with each file after it laid over it in
    /// turn, up to the file named.
    ///
    /// # Errors
    /// A file that is not TOML, or a variant's entry that names no base entry rightly.
    pub fn document(&self) -> Result<Document<'_>, Vec<Diagnostic>> {
        let files: Vec<(&Path, &str, usize)> = self.sources.texts().collect();
        let mut merged: Option<Spanned<DeTable<'_>>> = None;
        for (i, (path, text, start)) in files.iter().enumerate().rev() {
            let table = DeTable::parse(text)
                .map_err(|e| vec![toml_error(&Sources::file(path, text), &e)])?;
            let mut table = shifted_table(table, *start);
            // A base's `extends` was followed; the last file's is left to be refused.
            if i + 1 < files.len() {
                table.get_mut().remove("extends");
            }
            merged = Some(match merged {
                None => table,
                Some(base) => extends::lay_over(base, table)
                    .map_err(|(span, e)| vec![self.sources.at(span, "", e.to_string())])?,
            });
        }
        Ok(Document {
            table: merged.unwrap_or_else(|| Spanned::new(0..0, DeTable::new())),
            sources: self.sources.clone(),
            overrides: Vec::new(),
        })
    }

    /// The file named (not a base).
    pub fn path(&self) -> &Path {
        self.sources.path()
    }
}

/// A scenario document, every base merged in and overrides set, ready to be read; each value
/// keeps the place (in `sources`) it came from.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    table: Spanned<DeTable<'a>>,
    sources: Sources,
    /// The overrides set, as typed.
    overrides: Vec<String>,
}

impl<'a> Document<'a> {
    /// Sets the field `o.path` to `o.value`, as `--set` does.
    ///
    /// # Errors
    /// The path names no field of the scenario (or no entry of a list).
    pub fn set(&mut self, o: &'a Override) -> Result<(), SetError> {
        let start = self
            .sources
            .add_flag(format!("--set {o}"), o.path.clone(), o.value.len());
        overrides::set(self.table.get_mut(), o, value(&o.value, start))?;
        self.overrides.push(o.to_string());
        Ok(())
    }

    /// Reads and validates the scenario.
    ///
    /// # Errors
    /// Every problem found, each in the file (or the `--set`) that holds it.
    pub fn read(self) -> Result<LoadedScenario, Vec<Diagnostic>> {
        scenario_file::read(self.table, self.sources, self.overrides)
    }
}

/// A `--set` value whose offsets start at `start`: TOML if it reads as TOML (other than a
/// decimal, which would lose exactness: `1300000.5` stays text), otherwise text.
fn value(text: &str, start: usize) -> Spanned<DeValue<'_>> {
    match DeValue::parse(text) {
        Ok(v) if !v.get_ref().is_float() => shifted(v, start),
        _ => Spanned::new(
            start..start + text.len(),
            DeValue::String(Cow::Borrowed(text)),
        ),
    }
}

/// `value` with every span moved on by `by`: from offsets into its own text to offsets into
/// the scenario's [`Sources`].
fn shifted(value: Spanned<DeValue<'_>>, by: usize) -> Spanned<DeValue<'_>> {
    let span = value.span();
    let inner = match value.into_inner() {
        DeValue::Table(t) => DeValue::Table(shifted_table(Spanned::new(0..0, t), by).into_inner()),
        DeValue::Array(items) => {
            DeValue::Array(items.into_iter().map(|v| shifted(v, by)).collect())
        }
        other => other,
    };
    Spanned::new(span.start + by..span.end + by, inner)
}

fn shifted_table(table: Spanned<DeTable<'_>>, by: usize) -> Spanned<DeTable<'_>> {
    if by == 0 {
        return table;
    }
    let span = table.span();
    let entries = table
        .into_inner()
        .into_iter()
        .map(|(k, v)| {
            let key_span = k.span();
            (
                Spanned::new(key_span.start + by..key_span.end + by, k.into_inner()),
                shifted(v, by),
            )
        })
        .collect();
    Spanned::new(span.start + by..span.end + by, entries)
}

#[cfg(test)]
mod tests {
    use outturn_model::scenario::{LineValue, Uplift};
    use outturn_model::Money;
    use rust_decimal::Decimal;

    use super::*;

    const BASE: &str = "title = \"t\"\npaper = \"p\"\n[[contracts]]\nname = \"c\"\nstart = 2021-04-01\nend = 2024-03-31\nextensions = [{ months = 36, taken = true }]\n[[lines]]\nname = \"a\"\nkind = \"service\"\nbudget = \"x\"\nannual = \"£1m\"\n[[lines]]\nname = \"b\"\nkind = \"service\"\nbudget = \"x\"\nannual = \"£2m\"\n";

    fn with_sets(sets: &[&str]) -> Result<LoadedScenario, String> {
        let sets: Vec<Override> = sets.iter().map(|s| s.parse().unwrap()).collect();
        let chain = Chain::single(Path::new("s.toml"), BASE.into());
        let mut doc = chain.document().unwrap();
        for o in &sets {
            doc.set(o).map_err(|e| e.to_string())?;
        }
        doc.read().map_err(|e| e[0].to_string())
    }

    fn pounds(p: i64) -> Money {
        Money::from_pennies(p * 100)
    }

    #[test]
    fn sets_fields_by_name_number_and_shorthand() {
        let s = with_sets(&[
            "uplift=6%",
            "lines.b.annual=£1.7m",
            "lines.1.uplift=2%",
            "extensions.1.taken=false",
            "end=2023-03-31",
        ])
        .unwrap();
        assert_eq!(s.overrides.len(), 5);
        let s = s.scenario;
        assert_eq!(s.lines[0].name, "a");
        assert_eq!(s.lines[0].uplift, Uplift::Flat(Decimal::from(2)));
        assert_eq!(s.lines[1].uplift, Uplift::Flat(Decimal::from(6)));
        assert_eq!(s.lines[1].value, LineValue::Annual(pounds(1_700_000)));
        let term = &s.contracts[0].term;
        assert!(!term.phases()[1].taken);
        assert_eq!(term.taken_period().end.to_string(), "2023-03-31");
    }

    #[test]
    fn decimals_stay_text() {
        let s = with_sets(&["lines.a.annual=1300000.50"]).unwrap().scenario;
        assert_eq!(
            s.lines[0].value,
            LineValue::Annual(Money::from_pennies(130_000_050))
        );
    }

    #[test]
    fn says_what_is_not_there() {
        let refused = |set: &str| with_sets(&[set]).unwrap_err();
        assert_eq!(
            refused("lines.c.annual=1"),
            "`lines` has no entry `c`; it has a, b"
        );
        assert_eq!(
            refused("lines.a=1"),
            "say which field of `lines.a` to set, such as lines.a.annual"
        );
        assert_eq!(
            refused("title.x=1"),
            "`title` is a single value; it has no `x`"
        );
        assert_eq!(
            refused("extensions.2.taken=true"),
            "`contracts.1.extensions` has 1 entry; pick one by number from 1, found `2`"
        );
        assert_eq!(refused("nothing.x=1"), "the scenario has no `nothing`");
        assert!("uplift".parse::<Override>().is_err());
        assert!("lines..annual=1".parse::<Override>().is_err());
        assert_eq!("0:uplift=1%".parse::<Set>(), Err(OverrideError::NumberZero));
    }

    /// A value typed after `--set` is read like one in the file; an error in it names the
    /// `--set`, not a place in any file.
    #[test]
    fn an_error_in_a_set_value_names_the_set() {
        assert_eq!(
            with_sets(&["lines.b.annual=-£5"]).unwrap_err(),
            "error: --set lines.b.annual=-£5: lines.b.annual: expected an amount of zero or more, found `-£5`\n  = note: set for the scenario s.toml"
        );
    }

    fn variant(text: &str) -> Chain {
        Chain {
            sources: Sources::files(vec![
                ("v.toml".into(), text.into()),
                ("base.toml".into(), BASE.into()),
            ]),
        }
    }

    #[test]
    fn variants_merge_entries_by_name() {
        let chain = variant("extends = \"base.toml\"\ntitle = \"v\"\n[[lines]]\nname = \"b\"\nannual = \"£3m\"\n[[lines]]\nname = \"a\"\nremove = true\n[[lines]]\nname = \"new\"\nkind = \"other\"\nbudget = \"y\"\nannual = \"£1\"\n");
        let s = chain.document().unwrap().read().unwrap().scenario;
        assert_eq!(s.title, "v");
        let names: Vec<&str> = s.lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["b", "new"]);
        assert_eq!(s.lines[0].value, LineValue::Annual(pounds(3_000_000)));
        assert_eq!(s.lines[0].budget, "x");
        assert_eq!(s.contracts[0].term.start().to_string(), "2021-04-01");
    }

    /// An error is reported in the file that holds it: a base's own line in the base, a
    /// variant's change in the variant.
    #[test]
    fn errors_point_into_the_file_that_holds_them() {
        let chain = variant("extends = \"base.toml\"\n[[lines]]\nname = \"b\"\nannual = \"£3.5q\"\n[[contracts]]\nname = \"c\"\nend = \"2024-02-30\"\n");
        let errors: Vec<String> = chain
            .document()
            .unwrap()
            .read()
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(
            errors[0].starts_with("error: v.toml:7:7: contracts.c.end: "),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].starts_with("error: v.toml:4:10: lines.b.annual: "),
            "{}",
            errors[1]
        );
        let chain =
            variant("extends = \"base.toml\"\n[[lines]]\nname = \"a\"\nkind = \"catering\"\n");
        let errors = chain.document().unwrap().read().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .to_string()
                .starts_with("error: v.toml:4:8: lines.a.kind: "),
            "{}",
            errors[0]
        );
        let bad_base = BASE.replace("annual = \"£2m\"", "annual = \"£2m\"\ncolour = \"red\"");
        let chain = Chain {
            sources: Sources::files(vec![
                (
                    "v.toml".into(),
                    "extends = \"base.toml\"\ntitle = \"v\"\n".into(),
                ),
                ("base.toml".into(), bad_base),
            ]),
        };
        let errors = chain.document().unwrap().read().unwrap_err();
        assert!(
            errors[0]
                .to_string()
                .starts_with("error: base.toml:18:1: lines.colour: unknown field `colour`"),
            "{}",
            errors[0]
        );
        assert!(errors[0]
            .to_string()
            .ends_with("= note: read as a base of v.toml"));
    }

    #[test]
    fn a_variant_entry_must_name_a_base_entry_to_remove_it() {
        let chain = variant("extends = \"base.toml\"\n[[lines]]\nname = \"z\"\nremove = true\n");
        let errors = chain.document().unwrap_err();
        assert!(
            errors[0]
                .to_string()
                .contains("lines.z: remove = true, but the base has no entry named `z`"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn other_encodings_are_named_with_their_byte() {
        let why = |bytes: &[u8]| not_utf8(bytes, std::str::from_utf8(bytes).unwrap_err());
        assert_eq!(
            why(b"title = \"x\"\nannual = \"\xa31,000\""),
            "line 2: byte 0xA3 is not UTF-8 text (`\u{a3}` in Windows-1252 or Latin-1); the file is in another encoding: save it as UTF-8"
        );
        assert!(why(b"title = \"Mum\x92s\"").contains("a curly quote"));
        assert!(why(b"\xff\xfet\x00i\x00").starts_with("the file is UTF-16 text"));
    }
}
