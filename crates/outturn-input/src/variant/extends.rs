//! `extends`: following a variant to its bases, and laying each variant over its base.

use std::ops::Range;
use std::path::{Path, PathBuf};

use thiserror::Error;
use toml::de::{DeArray, DeTable, DeValue};
use toml::Spanned;

use super::read;
use crate::diagnostic::Diagnostic;
use crate::scenario_file::toml_error;
use crate::sources::Sources;

/// The arrays of named tables a variant merges entry by entry.
const NAMED: [&str; 4] = ["contracts", "lines", "savings", "checks"];

/// Why a variant's entry cannot be laid over its base.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MergeError {
    #[error("every entry of {key} in a variant needs a name, to say which base entry it changes")]
    Unnamed { key: String },
    #[error("{key}.{name}: remove = true, but the base has no entry named `{name}`")]
    NothingToRemove { key: String, name: String },
}

/// The texts of `path` and each base it extends, in that order.
pub(super) fn chain(path: &Path) -> Result<Vec<(PathBuf, String)>, Vec<Diagnostic>> {
    let mut texts = Vec::new();
    // Each file read so far: its canonical path, to find a circle, and the path as named.
    let mut seen: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut next = Some(path.to_path_buf());
    while let Some(file) = next {
        let text = read(&file)?;
        seen.push((canonical(&file), file.clone()));
        next = base_of(&file, &text, &seen)?;
        texts.push((file, text));
    }
    Ok(texts)
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

/// The base `file` extends, if it names one: a file that exists and is not already in the
/// chain (`seen`).
fn base_of(
    file: &Path,
    text: &str,
    seen: &[(PathBuf, PathBuf)],
) -> Result<Option<PathBuf>, Vec<Diagnostic>> {
    let table =
        DeTable::parse(text).map_err(|e| vec![toml_error(&Sources::file(file, text), &e)])?;
    let Some(extends) = table.get_ref().get("extends") else {
        return Ok(None);
    };
    let Some(base_name) = extends.get_ref().as_str() else {
        return Err(vec![Diagnostic::file(file, "extends: expected the base scenario's file name as text, such as extends = \"base.toml\"")]);
    };
    let base = file.parent().unwrap_or(Path::new(".")).join(base_name);
    if let Some(why) = not_a_base(&base) {
        return Err(vec![Diagnostic::file(
            file,
            format!("extends: the base scenario {} {why}", base.display()),
        )]);
    }
    if seen.len() > MAX_EXTENDS {
        // Said of the scenario named, whose chain it is.
        let named = seen.first().map_or(file, |(_, shown)| shown.as_path());
        return Err(vec![Diagnostic::file(
            named,
            format!("extends: more than {MAX_EXTENDS} bases, one extending the next; a chain that long is more likely a mistake than a scenario"),
        )]);
    }
    let key = canonical(&base);
    if seen.iter().any(|(k, _)| *k == key) {
        let cycle: Vec<String> = seen
            .iter()
            .map(|(_, shown)| shown)
            .chain([&base])
            .map(|p| p.display().to_string())
            .collect();
        return Err(vec![Diagnostic::file(
            file,
            format!(
                "extends: the scenarios extend each other in a circle: {}",
                cycle.join(" → ")
            ),
        )]);
    }
    Ok(Some(base))
}

/// `variant` laid over `base`: see the module documentation. An error comes with the span
/// of the entry it concerns.
pub(super) fn lay_over<'a>(
    base: Spanned<DeTable<'a>>,
    variant: Spanned<DeTable<'a>>,
) -> Result<Spanned<DeTable<'a>>, (Range<usize>, MergeError)> {
    let span = variant.span();
    let mut merged = base.into_inner();
    for (key, item) in variant.into_inner() {
        let name = key.get_ref().to_string();
        let item_span = item.span();
        match (NAMED.contains(&name.as_str()), item.into_inner()) {
            (true, DeValue::Array(entries)) if entries.iter().all(is_table) => {
                match merged
                    .get_mut(name.as_str())
                    .and_then(|b| entries_mut(b.get_mut()))
                {
                    Some(base_entries) => {
                        for entry in entries {
                            merge_entry(&name, base_entries, entry)?;
                        }
                    }
                    None => replace(
                        &mut merged,
                        key,
                        Spanned::new(item_span, DeValue::Array(entries)),
                    ),
                }
            }
            (_, value) => replace(&mut merged, key, Spanned::new(item_span, value)),
        }
    }
    Ok(Spanned::new(span, merged))
}

/// Puts `value` at `key`, the key's place too (a map keeps a key it already has).
fn replace<'a>(
    table: &mut DeTable<'a>,
    key: Spanned<std::borrow::Cow<'a, str>>,
    value: Spanned<DeValue<'a>>,
) {
    table.remove(key.get_ref().as_ref());
    table.insert(key, value);
}

fn is_table(v: &Spanned<DeValue<'_>>) -> bool {
    v.get_ref().is_table()
}

/// The entries of a list of tables.
fn entries_mut<'t, 'a>(v: &'t mut DeValue<'a>) -> Option<&'t mut DeArray<'a>> {
    match v {
        DeValue::Array(a) if a.iter().all(is_table) => Some(a),
        _ => None,
    }
}

/// The `name` of an entry, when it has one.
fn entry_name<'v>(entry: &'v Spanned<DeValue<'_>>) -> Option<&'v str> {
    entry.get_ref().get("name")?.get_ref().as_str()
}

/// Lays one entry of a variant's `key` list over the base entry of the same name: changes
/// the fields it gives, removes the base entry (`remove = true`), or adds a new one.
fn merge_entry<'a>(
    key: &str,
    base: &mut DeArray<'a>,
    entry: Spanned<DeValue<'a>>,
) -> Result<(), (Range<usize>, MergeError)> {
    let span = entry.span();
    let Some(name) = entry_name(&entry).map(str::to_string) else {
        return Err((span, MergeError::Unnamed { key: key.into() }));
    };
    let found = base
        .iter()
        .position(|t| entry_name(t) == Some(name.as_str()));
    let remove = entry
        .get_ref()
        .get("remove")
        .and_then(|r| r.get_ref().as_bool())
        == Some(true);
    match (found, remove) {
        (Some(i), true) => {
            let kept = std::mem::replace(base, DeArray::new())
                .into_iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, t)| t);
            *base = kept.collect();
        }
        (None, true) => {
            return Err((
                span,
                MergeError::NothingToRemove {
                    key: key.into(),
                    name,
                },
            ))
        }
        (Some(i), false) => {
            if let (DeValue::Table(target), DeValue::Table(fields)) =
                (base.as_mut()[i].get_mut(), entry.into_inner())
            {
                for (k, v) in fields {
                    replace(target, k, v);
                }
            }
        }
        (None, false) => base.push(entry),
    }
    Ok(())
}
