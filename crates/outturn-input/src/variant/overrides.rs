//! `--set PATH=VALUE`: reading what was typed, and setting the value at its path.

use std::borrow::Cow;
use std::str::FromStr;

use thiserror::Error;
use toml::de::{DeArray, DeTable, DeValue};
use toml::Spanned;

/// Contract fields that `--set` reaches without naming the contract, when there is one.
const CONTRACT_FIELDS: [&str; 4] = ["start", "end", "extensions", "break"];

/// One `--set PATH=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub path: String,
    pub value: String,
}

/// Why what was typed after `--set` is not an override.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OverrideError {
    #[error("expected PATH=VALUE, such as uplift=6%, found `{0}`")]
    NoValue(String),
    #[error("expected a field path such as lines.NAME.annual before `=`, found `{0}`")]
    BadPath(String),
    #[error("expected a scenario number before `:`, found `{0}`")]
    BadNumber(String),
    #[error("scenarios are numbered from 1")]
    NumberZero,
}

/// Why an override cannot be set: its path names nothing in the scenario.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SetError {
    #[error("the scenario has {contracts} contracts: name one, as contracts.NAME.{path}")]
    WhichContract { contracts: usize, path: String },
    #[error("the scenario has no `{here}`")]
    NoField { here: String },
    #[error("`{here}` has no entry `{pick}`; it has {}", names.join(", "))]
    NoEntry {
        here: String,
        pick: String,
        names: Vec<String>,
    },
    #[error("say which field of `{here}.{pick}` to set, such as {here}.{pick}.annual")]
    WhichField { here: String, pick: String },
    #[error("`{here}` has {count} {}; pick one by number from 1, found `{pick}`", if *count == 1 { "entry" } else { "entries" })]
    NoNumber {
        here: String,
        count: usize,
        pick: String,
    },
    #[error("`{here}` is a single value; it has no `{next}`")]
    SingleValue { here: String, next: String },
}

impl FromStr for Override {
    type Err = OverrideError;

    fn from_str(s: &str) -> Result<Override, OverrideError> {
        let (path, value) = s
            .split_once('=')
            .ok_or_else(|| OverrideError::NoValue(s.to_string()))?;
        let path = path.trim();
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(OverrideError::BadPath(path.to_string()));
        }
        Ok(Override {
            path: path.to_string(),
            value: value.trim().to_string(),
        })
    }
}

impl std::fmt::Display for Override {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.path, self.value)
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
    type Err = OverrideError;

    fn from_str(s: &str) -> Result<Set, OverrideError> {
        let (scenario, rest) = match s.split_once(':') {
            Some((n, rest)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                let n: usize = n
                    .parse()
                    .map_err(|_| OverrideError::BadNumber(n.to_string()))?;
                if n == 0 {
                    return Err(OverrideError::NumberZero);
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

/// Sets `value` at `o.path` in the document `doc`.
pub(super) fn set<'a>(
    doc: &mut DeTable<'a>,
    o: &'a Override,
    value: Spanned<DeValue<'a>>,
) -> Result<(), SetError> {
    let mut segments: Vec<&str> = o.path.split('.').collect();
    if CONTRACT_FIELDS.contains(&segments[0]) && !doc.contains_key(segments[0]) {
        let contracts = doc
            .get("contracts")
            .and_then(|c| c.get_ref().as_array())
            .map_or(0, |c| c.len());
        if contracts != 1 {
            return Err(SetError::WhichContract {
                contracts,
                path: o.path.clone(),
            });
        }
        segments.splice(0..0, ["contracts", "1"]);
    }
    set_in(doc, &segments, value, "")
}

/// Sets `value` at `segments` under `table`, which is at the path `at`.
fn set_in<'a>(
    table: &mut DeTable<'a>,
    segments: &[&'a str],
    value: Spanned<DeValue<'a>>,
    at: &str,
) -> Result<(), SetError> {
    let (seg, rest) = segments
        .split_first()
        .expect("paths have at least one segment");
    let here = if at.is_empty() {
        seg.to_string()
    } else {
        format!("{at}.{seg}")
    };
    if rest.is_empty() {
        // The key takes the value's place too, so an error at it names the `--set`.
        table.remove(*seg);
        table.insert(Spanned::new(value.span(), Cow::Borrowed(*seg)), value);
        return Ok(());
    }
    let child = table
        .get_mut(*seg)
        .ok_or_else(|| SetError::NoField { here: here.clone() })?;
    match child.get_mut() {
        DeValue::Table(t) => set_in(t, rest, value, &here),
        DeValue::Array(items) if is_named_list(items) => set_in_entry(items, rest, value, &here),
        DeValue::Array(items) => set_in_list(items, rest, value, &here),
        _ => Err(SetError::SingleValue {
            here,
            next: rest[0].to_string(),
        }),
    }
}

/// Whether a list holds named entries (`[[lines]]`), picked by name or number, rather than
/// values picked by number (`extensions = [{ … }]`, `uplift = ["3%", "2%"]`).
fn is_named_list(items: &DeArray<'_>) -> bool {
    !items.is_empty() && items.iter().all(|t| name_of(t).is_some())
}

fn name_of<'v>(entry: &'v Spanned<DeValue<'_>>) -> Option<&'v str> {
    entry.get_ref().as_table()?.get("name")?.get_ref().as_str()
}

/// Sets a field of a named entry of `entries` (`lines.dpss.annual`, `lines.1.annual`).
fn set_in_entry<'a>(
    entries: &mut DeArray<'a>,
    segments: &[&'a str],
    value: Spanned<DeValue<'a>>,
    here: &str,
) -> Result<(), SetError> {
    let (pick, rest) = segments.split_first().expect("rest is not empty");
    let names: Vec<String> = entries
        .iter()
        .map(|t| name_of(t).unwrap_or("?").to_string())
        .collect();
    let index = names
        .iter()
        .position(|n| n == pick)
        .or_else(|| number(pick, names.len()))
        .ok_or_else(|| SetError::NoEntry {
            here: here.to_string(),
            pick: pick.to_string(),
            names,
        })?;
    if rest.is_empty() {
        return Err(SetError::WhichField {
            here: here.to_string(),
            pick: pick.to_string(),
        });
    }
    match entries.as_mut()[index].get_mut() {
        DeValue::Table(t) => set_in(t, rest, value, &format!("{here}.{pick}")),
        _ => Err(SetError::SingleValue {
            here: format!("{here}.{pick}"),
            next: rest[0].to_string(),
        }),
    }
}

/// Sets an item of a list picked by number (`extensions.1.taken`), or the item itself.
fn set_in_list<'a>(
    items: &mut DeArray<'a>,
    segments: &[&'a str],
    value: Spanned<DeValue<'a>>,
    here: &str,
) -> Result<(), SetError> {
    let (pick, rest) = segments.split_first().expect("rest is not empty");
    let index = number(pick, items.len()).ok_or_else(|| SetError::NoNumber {
        here: here.to_string(),
        count: items.len(),
        pick: pick.to_string(),
    })?;
    if rest.is_empty() {
        items.as_mut()[index] = value;
        return Ok(());
    }
    match items.as_mut()[index].get_mut() {
        DeValue::Table(t) => set_in(t, rest, value, &format!("{here}.{pick}")),
        _ => Err(SetError::SingleValue {
            here: format!("{here}.{pick}"),
            next: rest[0].to_string(),
        }),
    }
}

/// The index of item `pick` (numbered from 1) of `len`.
fn number(pick: &str, len: usize) -> Option<usize> {
    pick.parse::<usize>()
        .ok()
        .filter(|i| (1..=len).contains(i))
        .map(|i| i - 1)
}
