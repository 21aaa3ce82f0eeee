//! Variants and overrides: a scenario that `extends` another, and `--set PATH=VALUE`.
//!
//! Both work on the TOML document before it is read into a scenario, so an overridden or
//! inherited value is validated exactly like one typed into the file, with the same
//! messages. The files themselves are never changed.
//!
//! - `extends = "base.toml"` (relative to the file) starts from the base scenario; every
//!   top-level key of the variant replaces the base's, and an entry of `contracts`, `lines`,
//!   `savings` or `checks` with the name of a base entry changes only the fields it gives
//!   (`remove = true` drops the base entry instead); entries with new names are added.
//! - `--set PATH=VALUE` sets one field: `uplift=6%`, `lines.transport-26plus.annual=£1.7m`,
//!   `contracts.dpss.extensions.1.taken=false` (`extensions.1.taken=false` when the scenario
//!   has one contract). Entries are picked by name or by number from 1. VALUE is TOML
//!   (`false`, `36`, `2025-03-31`) or else text (`6%`, `£1.7m`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use toml_edit::{ArrayOfTables, DocumentMut, Item, TableLike, Value};

use crate::diagnostic::{Diagnostic, Position, Subject};
use crate::scenario_file::{parse, LoadedScenario};

/// The arrays of named tables a variant merges entry by entry.
const NAMED: [&str; 4] = ["contracts", "lines", "savings", "checks"];

/// Contract fields that `--set` reaches without naming the contract, when there is one.
const CONTRACT_FIELDS: [&str; 4] = ["start", "end", "extensions", "break"];

/// One `--set PATH=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub path: String,
    pub value: String,
}

impl FromStr for Override {
    type Err = String;

    fn from_str(s: &str) -> Result<Override, String> {
        let (path, value) = s
            .split_once('=')
            .ok_or_else(|| format!("expected PATH=VALUE, such as uplift=6%, found `{s}`"))?;
        let path = path.trim();
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(format!(
                "expected a field path such as lines.NAME.annual before `=`, found `{path}`"
            ));
        }
        Ok(Override {
            path: path.to_string(),
            value: value.trim().to_string(),
        })
    }
}

/// A `--set` that may name which scenario it is for: `2:uplift=6%` sets the second
/// scenario of a comparison; without a number it applies to every scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set {
    pub scenario: Option<usize>,
    pub over: Override,
}

impl FromStr for Set {
    type Err = String;

    fn from_str(s: &str) -> Result<Set, String> {
        let (scenario, rest) = match s.split_once(':') {
            Some((n, rest)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                let n: usize = n
                    .parse()
                    .map_err(|_| format!("expected a scenario number before `:`, found `{n}`"))?;
                if n == 0 {
                    return Err("scenarios are numbered from 1".into());
                }
                (Some(n), rest)
            }
            _ => (None, s),
        };
        Ok(Set {
            scenario,
            over: rest.parse()?,
        })
    }
}

/// The overrides for the `n`-th scenario (from 1): those for every scenario, then its own.
pub fn overrides_for(sets: &[Set], n: usize) -> Vec<Override> {
    sets.iter()
        .filter(|s| s.scenario.is_none_or(|k| k == n))
        .map(|s| s.over.clone())
        .collect()
}

impl std::fmt::Display for Override {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.path, self.value)
    }
}

/// Reads a scenario file, resolving `extends` and applying `overrides` in order.
pub fn load(path: &Path, overrides: &[Override]) -> Result<LoadedScenario, Vec<Diagnostic>> {
    let text = read(path)?;
    let doc = match text.parse::<DocumentMut>() {
        Ok(doc) => doc,
        // Let the scenario reader report the syntax error, with its position.
        Err(_) => return parse(path, &text).and(Err(Vec::new())),
    };
    if !doc.contains_key("extends") && overrides.is_empty() {
        return parse(path, &text);
    }
    let mut chain = vec![(canonical(path), path.to_path_buf())];
    let (mut doc, parents) = resolve(path, doc, &mut chain)?;
    for o in overrides {
        apply(&mut doc, o).map_err(|e| vec![Diagnostic::file(path, format!("--set {o}: {e}"))])?;
    }
    let overrides: Vec<String> = overrides.iter().map(Override::to_string).collect();
    let mut loaded = parse(path, &doc.to_string()).map_err(|errors| {
        let files = files_read(path, &text, &parents);
        let note = merged_note(&parents, &overrides);
        errors
            .into_iter()
            .map(|d| in_its_file(d, &files, &note))
            .collect::<Vec<_>>()
    })?;
    loaded.overrides = overrides;
    loaded.bases = parents;
    Ok(loaded)
}

/// An error found in a scenario after it was read (in projecting it), at its line in the
/// file that holds it when the scenario was merged from bases or changed by `--set`.
pub fn locate(d: Diagnostic, loaded: &LoadedScenario) -> Diagnostic {
    if loaded.bases.is_empty() && loaded.overrides.is_empty() {
        return d;
    }
    let Ok(text) = read(&loaded.path) else {
        return d;
    };
    let files = files_read(&loaded.path, &text, &loaded.bases);
    in_its_file(d, &files, &merged_note(&loaded.bases, &loaded.overrides))
}

/// The files a variant was read from, the one named first.
fn files_read(path: &Path, text: &str, bases: &[PathBuf]) -> Vec<(PathBuf, String)> {
    std::iter::once((path.to_path_buf(), text.to_string()))
        .chain(
            bases
                .iter()
                .filter_map(|p| read(p).ok().map(|t| (p.clone(), t))),
        )
        .collect()
}

/// What a position in a merged scenario is in: `positions are in the scenario as read with
/// extends base.toml and --set uplift=3%`.
fn merged_note(bases: &[PathBuf], overrides: &[String]) -> String {
    let mut note = Vec::new();
    if !bases.is_empty() {
        let names: Vec<String> = bases.iter().map(|p| p.display().to_string()).collect();
        note.push(format!("extends {}", names.join(", then ")));
    }
    if !overrides.is_empty() {
        let sets: Vec<String> = overrides.iter().map(|o| format!("--set {o}")).collect();
        note.push(sets.join(" "));
    }
    format!(
        "positions are in the scenario as read with {}",
        note.join(" and ")
    )
}

/// Where an error found in the merged scenario is in the files read: a line of the merged
/// text found, once, in exactly one of them (the file named, or a base) is that file's line,
/// and the error points there. Otherwise (a value set by `--set`, a line that several files
/// have) it stays in the merged text, with `note` saying so.
fn in_its_file(d: Diagnostic, files: &[(PathBuf, String)], note: &str) -> Diagnostic {
    let Some(p) = d.position().cloned() else {
        return d.with_note(note.to_string());
    };
    let found: Vec<(usize, usize)> = files
        .iter()
        .enumerate()
        .flat_map(|(i, (_, text))| {
            text.lines()
                .enumerate()
                .filter(|(_, l)| l.trim_end_matches('\r') == p.excerpt)
                .map(move |(n, _)| (i, n + 1))
        })
        .collect();
    let [(i, line)] = found.as_slice() else {
        return d.with_note(note.to_string());
    };
    let moved = Diagnostic {
        subject: Subject::File {
            path: files[*i].0.clone(),
            position: Some(Box::new(Position { line: *line, ..p })),
        },
        note: None,
        ..d
    };
    if *i == 0 {
        moved
    } else {
        moved.with_note(format!("read as a base of {}", files[0].0.display()))
    }
}

/// The scenario document with every base it extends merged in (no overrides), and the bases
/// in order: what `outturn simulate` changes draw by draw.
pub fn resolved(path: &Path) -> Result<(DocumentMut, Vec<PathBuf>), Vec<Diagnostic>> {
    let text = read(path)?;
    let doc = match text.parse::<DocumentMut>() {
        Ok(doc) => doc,
        Err(_) => return parse(path, &text).and(Err(Vec::new())),
    };
    let mut chain = vec![(canonical(path), path.to_path_buf())];
    resolve(path, doc, &mut chain)
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

/// How many bases a scenario may have, one extending the next: each is read in turn, and a
/// chain of thousands would exhaust the stack.
pub const MAX_EXTENDS: usize = 32;

/// Why `base` cannot be a base scenario: missing, a folder, or neither a file nor a folder (a
/// FIFO, a device), which may never end.
fn not_a_base(base: &Path) -> Option<&'static str> {
    match std::fs::metadata(base) {
        Ok(m) if m.is_file() => None,
        Ok(m) if m.is_dir() => Some("is a folder; name a scenario file"),
        Ok(_) => Some("is not a file (a pipe or a device); name a scenario file"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some("does not exist"),
        Err(_) => Some("cannot be read (a link that leads round in a loop, or no permission)"),
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The document with every base it extends merged in, and the bases in order.
fn resolve(
    path: &Path,
    mut doc: DocumentMut,
    // Each file read so far: its canonical path, to find a circle, and the path as named.
    chain: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<(DocumentMut, Vec<PathBuf>), Vec<Diagnostic>> {
    let Some(extends) = doc.remove("extends") else {
        return Ok((doc, Vec::new()));
    };
    let Some(base_name) = extends.as_str() else {
        return Err(vec![Diagnostic::file(path, "extends: expected the base scenario's file name as text, such as extends = \"base.toml\"")]);
    };
    let base_path = path.parent().unwrap_or(Path::new(".")).join(base_name);
    if let Some(why) = not_a_base(&base_path) {
        return Err(vec![Diagnostic::file(
            path,
            format!("extends: the base scenario {} {why}", base_path.display()),
        )]);
    }
    if chain.len() > MAX_EXTENDS {
        // Said of the scenario named, whose chain it is.
        let named = chain.first().map_or(path, |(_, shown)| shown.as_path());
        return Err(vec![Diagnostic::file(
            named,
            format!("extends: more than {MAX_EXTENDS} bases, one extending the next; a chain that long is more likely a mistake than a scenario"),
        )]);
    }
    let key = canonical(&base_path);
    if chain.iter().any(|(k, _)| *k == key) {
        let cycle: Vec<String> = chain
            .iter()
            .map(|(_, shown)| shown)
            .chain([&base_path])
            .map(|p| p.display().to_string())
            .collect();
        return Err(vec![Diagnostic::file(
            path,
            format!(
                "extends: the scenarios extend each other in a circle: {}",
                cycle.join(" → ")
            ),
        )]);
    }
    chain.push((key, base_path.clone()));
    let base_text = read(&base_path)?;
    let base_doc = match base_text.parse::<DocumentMut>() {
        Ok(d) => d,
        Err(_) => return parse(&base_path, &base_text).and(Err(Vec::new())),
    };
    let (mut merged, mut parents) = resolve(&base_path, base_doc, chain)?;
    parents.insert(0, base_path.clone());
    merge(&mut merged, doc).map_err(|e| vec![Diagnostic::file(path, e)])?;
    Ok((merged, parents))
}

/// Lays `variant` over `base`: see the module documentation.
fn merge(base: &mut DocumentMut, variant: DocumentMut) -> Result<(), String> {
    for (key, item) in variant.iter() {
        let variant_entries = item.as_array_of_tables();
        match (
            NAMED.contains(&key),
            variant_entries,
            base.get_mut(key).and_then(Item::as_array_of_tables_mut),
        ) {
            (true, Some(entries), Some(base_entries)) => {
                for entry in entries.iter() {
                    merge_entry(key, base_entries, entry)?;
                }
            }
            _ => {
                base.insert(key, item.clone());
            }
        }
    }
    Ok(())
}

fn merge_entry(
    key: &str,
    base: &mut ArrayOfTables,
    entry: &toml_edit::Table,
) -> Result<(), String> {
    let name = entry.get("name").and_then(Item::as_str).ok_or_else(|| {
        format!(
            "every entry of {key} in a variant needs a name, to say which base entry it changes"
        )
    })?;
    let found = base
        .iter()
        .position(|t| t.get("name").and_then(Item::as_str) == Some(name));
    let remove = entry.get("remove").and_then(Item::as_bool) == Some(true);
    match (found, remove) {
        (Some(i), true) => {
            base.remove(i);
        }
        (None, true) => {
            return Err(format!(
                "{key}.{name}: remove = true, but the base has no entry named `{name}`"
            ))
        }
        (Some(i), false) => {
            let target = base.get_mut(i).expect("index just found");
            for (k, v) in entry.iter() {
                target.insert(k, v.clone());
            }
        }
        (None, false) => base.push(entry.clone()),
    }
    Ok(())
}

/// A `--set` value: TOML if it reads as TOML (other than a decimal, which would lose
/// exactness: `1300000.5` stays text), otherwise text.
fn value(text: &str) -> Value {
    match text.parse::<Value>() {
        Ok(v) if !v.is_float() => v,
        _ => Value::from(text),
    }
}

/// Sets the field at `o.path` in the document.
pub fn apply(doc: &mut DocumentMut, o: &Override) -> Result<(), String> {
    let mut segments: Vec<&str> = o.path.split('.').collect();
    if CONTRACT_FIELDS.contains(&segments[0]) && !doc.contains_key(segments[0]) {
        let n = doc
            .get("contracts")
            .and_then(Item::as_array_of_tables)
            .map_or(0, ArrayOfTables::len);
        if n != 1 {
            return Err(format!(
                "the scenario has {n} contracts: name one, as contracts.NAME.{}",
                o.path
            ));
        }
        segments.splice(0..0, ["contracts", "1"]);
    }
    set(doc.as_table_mut(), &segments, value(&o.value), "")
}

fn set(table: &mut dyn TableLike, segments: &[&str], v: Value, at: &str) -> Result<(), String> {
    let (seg, rest) = segments
        .split_first()
        .expect("paths have at least one segment");
    let here = if at.is_empty() {
        seg.to_string()
    } else {
        format!("{at}.{seg}")
    };
    if rest.is_empty() {
        table.insert(seg, Item::Value(v));
        return Ok(());
    }
    let child = table
        .get_mut(seg)
        .ok_or_else(|| format!("the scenario has no `{here}`"))?;
    match child {
        Item::Table(t) => set(t, rest, v, &here),
        Item::Value(Value::InlineTable(t)) => set(t, rest, v, &here),
        Item::ArrayOfTables(entries) => {
            let (pick, rest) = rest.split_first().expect("rest is not empty");
            let names: Vec<String> = entries
                .iter()
                .map(|t| {
                    t.get("name")
                        .and_then(Item::as_str)
                        .unwrap_or("?")
                        .to_string()
                })
                .collect();
            let index = names
                .iter()
                .position(|n| n == pick)
                .or_else(|| {
                    pick.parse::<usize>()
                        .ok()
                        .filter(|i| (1..=names.len()).contains(i))
                        .map(|i| i - 1)
                })
                .ok_or_else(|| {
                    format!(
                        "`{here}` has no entry `{pick}`; it has {}",
                        names.join(", ")
                    )
                })?;
            if rest.is_empty() {
                return Err(format!(
                    "say which field of `{here}.{pick}` to set, such as {here}.{pick}.annual"
                ));
            }
            let entry = entries.get_mut(index).expect("index is in range");
            set(entry, rest, v, &format!("{here}.{pick}"))
        }
        Item::Value(Value::Array(items)) => {
            let (pick, rest) = rest.split_first().expect("rest is not empty");
            let index = pick
                .parse::<usize>()
                .ok()
                .filter(|i| (1..=items.len()).contains(i))
                .ok_or_else(|| {
                    let n = items.len();
                    let noun = if n == 1 { "entry" } else { "entries" };
                    format!("`{here}` has {n} {noun}; pick one by number from 1, found `{pick}`")
                })?;
            if rest.is_empty() {
                items.replace(index - 1, v);
                return Ok(());
            }
            match items.get_mut(index - 1) {
                Some(Value::InlineTable(t)) => set(t, rest, v, &format!("{here}.{pick}")),
                _ => Err(format!(
                    "`{here}.{pick}` is a single value; it has no `{}`",
                    rest[0]
                )),
            }
        }
        _ => Err(format!(
            "`{here}` is a single value; it has no `{}`",
            rest[0]
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_all(text: &str, sets: &[&str]) -> Result<String, String> {
        let mut doc: DocumentMut = text.parse().unwrap();
        for s in sets {
            apply(&mut doc, &s.parse()?)?;
        }
        Ok(doc.to_string())
    }

    const BASE: &str = "title = \"t\"\n[[contracts]]\nname = \"c\"\nstart = 2021-04-01\nend = 2024-03-31\nextensions = [{ months = 36, taken = true }]\n[[lines]]\nname = \"a\"\nannual = \"£1m\"\n[[lines]]\nname = \"b\"\nannual = \"£2m\"\n";

    #[test]
    fn sets_fields_by_name_number_and_shorthand() {
        let out = set_all(
            BASE,
            &[
                "uplift=6%",
                "lines.b.annual=£1.7m",
                "lines.1.uplift=2%",
                "extensions.1.taken=false",
                "end=2023-03-31",
            ],
        )
        .unwrap();
        assert!(out.contains("uplift = \"6%\""), "{out}");
        assert!(out.contains("annual = \"£1.7m\""), "{out}");
        assert!(out.contains("taken = false"), "{out}");
        assert!(out.contains("end = 2023-03-31"), "{out}");
        let a = out.find("name = \"a\"").unwrap();
        let b = out.find("name = \"b\"").unwrap();
        let two = out.find("uplift = \"2%\"").unwrap();
        assert!(a < two && two < b, "{out}");
    }

    #[test]
    fn decimals_stay_text() {
        let out = set_all(BASE, &["lines.a.annual=1300000.50"]).unwrap();
        assert!(out.contains("annual = \"1300000.50\""), "{out}");
    }

    #[test]
    fn says_what_is_not_there() {
        assert_eq!(
            set_all(BASE, &["lines.c.annual=1"]),
            Err("`lines` has no entry `c`; it has a, b".into())
        );
        assert_eq!(
            set_all(BASE, &["lines.a=1"]),
            Err("say which field of `lines.a` to set, such as lines.a.annual".into())
        );
        assert_eq!(
            set_all(BASE, &["title.x=1"]),
            Err("`title` is a single value; it has no `x`".into())
        );
        assert_eq!(
            set_all(BASE, &["extensions.2.taken=true"]),
            Err(
                "`contracts.1.extensions` has 1 entry; pick one by number from 1, found `2`".into()
            )
        );
        assert!("uplift".parse::<Override>().is_err());
        assert!("lines..annual=1".parse::<Override>().is_err());
    }

    #[test]
    fn variants_merge_entries_by_name() {
        let mut base: DocumentMut = BASE.parse().unwrap();
        let variant: DocumentMut = "title = \"v\"\n[[lines]]\nname = \"b\"\nannual = \"£3m\"\n[[lines]]\nname = \"a\"\nremove = true\n[[lines]]\nname = \"new\"\nannual = \"£1\"\n".parse().unwrap();
        merge(&mut base, variant).unwrap();
        let out = base.to_string();
        assert!(out.contains("title = \"v\""), "{out}");
        assert!(!out.contains("name = \"a\""), "{out}");
        assert!(
            out.contains("annual = \"£3m\"") && !out.contains("£2m"),
            "{out}"
        );
        assert!(out.contains("name = \"new\""), "{out}");
        assert!(out.contains("start = 2021-04-01"), "{out}");
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
