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

use std::path::{Path, PathBuf};
use std::str::FromStr;

use toml_edit::{ArrayOfTables, DocumentMut, Item, TableLike, Value};

use crate::diagnostic::Diagnostic;
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
    let mut note = Vec::new();
    if !parents.is_empty() {
        let names: Vec<String> = parents.iter().map(|p| p.display().to_string()).collect();
        note.push(format!("extends {}", names.join(", then ")));
    }
    if !overrides.is_empty() {
        let sets: Vec<String> = overrides.iter().map(|o| format!("--set {o}")).collect();
        note.push(sets.join(" "));
    }
    let note = format!(
        "positions are in the scenario as read with {}",
        note.join(" and ")
    );
    let read = if overrides.is_empty() {
        parse
    } else {
        crate::scenario_file::parse_changed
    };
    let mut loaded = read(path, &doc.to_string()).map_err(|errors| {
        errors
            .into_iter()
            .map(|d| d.with_note(note.clone()))
            .collect::<Vec<_>>()
    })?;
    loaded.overrides = overrides.iter().map(Override::to_string).collect();
    Ok(loaded)
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

/// Reads a file's text, or says why it could not.
pub fn read(path: &Path) -> Result<String, Vec<Diagnostic>> {
    std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::file(
            path,
            format!("could not read the file: {e}"),
        )]
    })
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
    if !base_path.is_file() {
        return Err(vec![Diagnostic::file(
            path,
            format!(
                "extends: the base scenario {} does not exist",
                base_path.display()
            ),
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
}
