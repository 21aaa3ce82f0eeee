//! Scenario files: TOML read into a raw layer that keeps positions (`raw`), then validated
//! into the model's types table by table, collecting every error in the file before giving up.
//!
//! ```toml
//! title = "Community support services for disabled children"
//! paper = "20/00102, section 3"
//!
//! [[contracts]]
//! name = "care-and-support-in-the-home"
//! start = 2021-04-01
//! end = 2024-03-31
//! extensions = [{ months = 36, taken = true }]
//!
//! [[lines]]
//! name = "community-support"
//! kind = "service"
//! budget = "0-25"
//! annual = "£1.3m"
//!
//! [[checks]]
//! name = "initial term"
//! phase = "initial"
//! stated = "circa £3.9m"
//! ```
//!
//! Each table has its module: `contracts`, `lines` (with `drivers`, `funding` and
//! `conventions`), `savings`, `checks` and `trends`; `amounts` reads the values they share
//! (printed figures, money, counts, percentages, dates and years).

mod amounts;
mod appraisal;
mod checks;
mod contracts;
mod conventions;
mod drivers;
mod funding;
mod indices;
mod lines;
mod places;
mod raw;
mod rounded;
mod savings;
mod trends;

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use outturn_model::check::CheckError;
use outturn_model::scenario::{Contract, Line, Saving, Scenario};
use outturn_model::FyCalendar;
use serde::Deserialize;
use toml::de::{DeTable, Deserializer};
use toml::Spanned;

use crate::diagnostic::Diagnostic;
use crate::sources::Sources;
use lines::Defaults;
pub use places::{Place, Places};
use raw::{RawLine, RawSaving, RawScenario};
pub use rounded::RoundedInput;

/// A scenario read from a file, named after the file's stem.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub name: String,
    pub path: std::path::PathBuf,
    /// The `--set` overrides applied, as given.
    pub overrides: Vec<String>,
    pub scenario: Scenario,
    /// Where its lines and savings are, for errors found in projecting it.
    pub places: Places,
    /// Inputs the paper printed rounded, each with the amounts it stands for.
    pub rounded: Vec<RoundedInput>,
}

impl LoadedScenario {
    /// The name with any overrides: `24-00051-direct-payment-support [uplift=3%]`.
    pub fn label(&self) -> String {
        if self.overrides.is_empty() {
            self.name.clone()
        } else {
            format!("{} [{}]", self.name, self.overrides.join("; "))
        }
    }
}

/// Reads and validates the scenario in `text` (the contents of `path`).
///
/// # Errors
/// Every problem found, each with its line, column and field.
pub fn parse(path: &Path, text: &str) -> Result<LoadedScenario, Vec<Diagnostic>> {
    let sources = Sources::file(path, text);
    let table = DeTable::parse(text).map_err(|e| vec![toml_error(&sources, &e)])?;
    read(table, sources, Vec::new())
}

/// Reads and validates a scenario document whose spans are offsets into `sources`: one
/// file's, or a variant's with its bases merged in and `overrides` (as typed) applied.
///
/// # Errors
/// Every problem found, each in the file, and at the line, that holds it.
pub fn read(
    table: Spanned<DeTable<'_>>,
    sources: Sources,
    overrides: Vec<String>,
) -> Result<LoadedScenario, Vec<Diagnostic>> {
    let what_if = !overrides.is_empty();
    read_checked(table, sources, overrides, what_if)
}

/// [`read`], saying whether values set on the command line changed the document.
fn read_checked(
    table: Spanned<DeTable<'_>>,
    sources: Sources,
    overrides: Vec<String>,
    what_if: bool,
) -> Result<LoadedScenario, Vec<Diagnostic>> {
    let raw = RawScenario::deserialize(Deserializer::from(table))
        .map_err(|e| vec![toml_error(&sources, &e)])?;
    let mut v = Validator {
        sources: &sources,
        errors: Vec::new(),
        what_if,
        rounded: Vec::new(),
        indices: Default::default(),
    };
    let scenario = match v.scenario(&raw) {
        Some(scenario) if v.errors.is_empty() => scenario,
        _ => return Err(v.errors),
    };
    let rounded = v.rounded;
    let path = sources.path();
    Ok(LoadedScenario {
        name: path
            .file_stem()
            .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned()),
        path: path.to_path_buf(),
        overrides,
        scenario,
        places: Places::of(&raw, sources),
        rounded,
    })
}

/// A TOML syntax or type error at its place. toml's message repeats the position and
/// excerpt; only what it says is kept.
pub(crate) fn toml_error(sources: &Sources, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let field = sources.field_at(span.start);
    sources.at(span, &field, plain_words(e.message().trim()))
}

/// A TOML or serde message in the scenario's own words: the reader's internal type names
/// (`struct RawExtension`) and Rust's (`as i128`, `a sequence`) mean nothing to the reader.
///
/// ```text
/// invalid type: integer `1`, expected struct RawExtension
///     → invalid type: integer `1`, expected a table of fields, such as { months = 24, taken = true }
/// invalid type: integer `99999999999999999999` as i128, expected any valid TOML value
///     → the number `99999999999999999999` is too large
/// ```
pub fn plain_words(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("invalid type: integer `") {
        if let Some((number, tail)) = rest.split_once("` as i128") {
            if tail.contains("any valid TOML value") {
                return format!("the number `{number}` is too large");
            }
        }
    }
    let mut out = message.replace(" as i128", "");
    if let Some(i) = out.find("expected struct Raw") {
        let name_end = out[i + "expected struct ".len()..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(out.len(), |n| i + "expected struct ".len() + n);
        let example = match &out[i + "expected struct Raw".len()..name_end] {
            "Extension" => ", such as { months = 24, taken = true }",
            "Break" => ", such as { on = 2024-09-30, notice_months = 6 }",
            _ => "",
        };
        out.replace_range(i..name_end, &format!("expected a table of fields{example}"));
    }
    for (rust, words) in [
        (
            "expected a sequence",
            "expected a list in square brackets, [ … ]",
        ),
        ("expected a borrowed string", "expected text in quotes"),
        ("expected i64", "expected a whole number"),
        ("expected a map", "expected a table of fields"),
    ] {
        out = out.replace(rust, words);
    }
    out
}

/// Turns the raw layer into the model's types, collecting an error at each place that is
/// wrong. Each table's validators are in its module; each returns `None` when the value it
/// reads is wrong (its error already collected).
struct Validator<'a> {
    sources: &'a Sources,
    errors: Vec<Diagnostic>,
    /// Values were set on the command line: a what-if that moves the term may leave a check
    /// of a year outside it (its figure is then £0.00, and its verdict says so).
    what_if: bool,
    /// Rounded inputs met so far.
    rounded: Vec<RoundedInput>,
    /// The scenario's `[[indices]]`, read before its lines, which may uplift by them.
    indices: indices::ReadIndices,
}

impl Validator<'_> {
    fn error<T>(
        &mut self,
        span: Range<usize>,
        field: &str,
        message: impl Into<String>,
    ) -> Option<T> {
        self.errors.push(self.sources.at(span, field, message));
        None
    }

    fn scenario(&mut self, raw: &RawScenario) -> Option<Scenario> {
        let calendar = self.calendar(raw.financial_year_start.as_ref());
        if raw.title.get_ref().trim().is_empty() {
            self.error::<()>(
                raw.title.span(),
                "title",
                "expected a title, found an empty text",
            );
        }
        self.indices = self.indices(&raw.indices);
        let defaults = Defaults {
            uplift: raw.uplift.as_ref().and_then(|u| self.uplift(u, "uplift")),
            uplift_at: raw
                .uplift_at
                .as_ref()
                .and_then(|u| self.uplift_at(u, "uplift_at")),
            conventions: self.convention_defaults(raw),
        };
        if let Some(e) = &raw.expected {
            self.expected(e, "expected");
        }
        let contracts = self.contracts(raw);
        let calendar = calendar?;
        let cards = self.rate_cards(&raw.rate_cards);
        let lines = self.lines(raw, &cards, calendar, &defaults);
        let savings = self.savings(&raw.savings, &raw.lines, calendar);
        let checks: Vec<_> = raw.checks.iter().map(|c| self.check(c, calendar)).collect();
        let trends: Vec<_> = raw.trends.iter().map(|t| self.trend(t, calendar)).collect();
        let appraisal = match &raw.appraisal {
            Some(a) => self.appraisal(a, &raw.lines, calendar).map(Some),
            None => Some(None),
        };
        let scenario = Scenario {
            title: raw.title.get_ref().clone(),
            paper: raw.paper.get_ref().clone(),
            calendar,
            contracts: contracts.into_iter().collect::<Option<_>>()?,
            lines: lines.into_iter().collect::<Option<_>>()?,
            savings: savings.into_iter().collect::<Option<_>>()?,
            checks: checks.into_iter().collect::<Option<_>>()?,
            trends: trends.into_iter().collect::<Option<_>>()?,
            appraisal: appraisal?,
        };
        self.names_used(&scenario, raw);
        if let Some(a) = &raw.appraisal {
            self.appraisal_years(&scenario, a);
        }
        Some(scenario)
    }

    /// `financial_year_start`, the month a financial year starts in (April when not given).
    fn calendar(&mut self, raw: Option<&Spanned<i64>>) -> Option<FyCalendar> {
        let Some(m) = raw else {
            return Some(FyCalendar::UK);
        };
        u32::try_from(*m.get_ref())
            .ok()
            .and_then(FyCalendar::starting_in)
            .or_else(|| {
                self.error(
                    m.span(),
                    "financial_year_start",
                    format!(
                        "expected a month number from 1 to 12 (4 for April), found {}",
                        m.get_ref()
                    ),
                )
            })
    }

    /// Every contract, each name used once. A scenario of printed figures only needs none;
    /// one with lines or savings needs at least one.
    fn contracts(&mut self, scenario: &RawScenario) -> Vec<Option<Contract>> {
        let Some(raw) = &scenario.contracts else {
            let first = scenario.lines.first().map(|l| l.name.span());
            let first = first.or_else(|| scenario.savings.first().map(|s| s.name.span()));
            if let Some(span) = first {
                self.error::<()>(span, "contracts", "expected at least one contract: lines and savings are spent under one ([[contracts]] with a name, start and end)");
            }
            return Vec::new();
        };
        if raw.get_ref().is_empty() {
            self.error::<()>(raw.span(), "contracts", "expected at least one contract");
        }
        let mut names = HashSet::new();
        raw.get_ref()
            .iter()
            .map(|c| {
                let name = c.name.get_ref();
                if !names.insert(name) {
                    self.error::<()>(
                        c.name.span(),
                        "contracts.name",
                        format!("a second contract is named `{name}`; names must differ"),
                    );
                }
                self.contract(c)
            })
            .collect()
    }

    /// Every line, each name used once.
    fn lines(
        &mut self,
        raw: &RawScenario,
        cards: &drivers::RateCards,
        calendar: FyCalendar,
        defaults: &Defaults,
    ) -> Vec<Option<Line>> {
        let mut seen = HashSet::new();
        raw.lines
            .iter()
            .map(|l| {
                let name = l.name.get_ref();
                if !seen.insert(name) {
                    self.error::<()>(
                        l.name.span(),
                        &format!("lines.{name}"),
                        format!("a second line is named `{name}`; line names must differ"),
                    );
                }
                let contracts = raw.contracts.as_ref().map_or(&[][..], |c| c.get_ref());
                self.line(l, contracts, cards, calendar, defaults)
            })
            .collect()
    }

    /// Every saving, none with the name of a line.
    fn savings(
        &mut self,
        raw: &[RawSaving],
        lines: &[RawLine],
        calendar: FyCalendar,
    ) -> Vec<Option<Saving>> {
        raw.iter()
            .map(|s| {
                if lines.iter().any(|l| l.name.get_ref() == s.name.get_ref()) {
                    self.error::<()>(
                        s.name.span(),
                        &format!("savings.{}", s.name.get_ref()),
                        "a saving cannot have the name of a line",
                    );
                }
                self.saving(s, calendar)
            })
            .collect()
    }

    /// The names a check or saving uses, which can only be confirmed once everything is read.
    fn names_used(&mut self, scenario: &Scenario, raw: &RawScenario) {
        for (check, raw) in scenario.checks.iter().zip(&raw.checks) {
            match check.validate(scenario) {
                // A what-if moved the term away from the year (validate checks it last).
                Err(CheckError::UnknownYear { .. }) if self.what_if => {}
                Err(e) => {
                    self.error::<()>(
                        raw.name.span(),
                        &format!("checks.{}", check.name),
                        e.to_string(),
                    );
                }
                Ok(()) => {}
            }
        }
        for (saving, raw) in scenario.savings.iter().zip(&raw.savings) {
            if let Err(e) = outturn_model::savings::targets(scenario, saving) {
                self.error::<()>(
                    raw.name.span(),
                    &format!("savings.{}", saving.name),
                    e.to_string(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const VALID: &str = include_str!("../../../../scenarios/24-00051-direct-payment-support.toml");

    /// Found by the `scenario_file` fuzz target: a line drawing on a rate card whose only
    /// tier was refused, with no `mix`, indexed the card's (empty) list of tiers.
    #[test]
    fn a_rate_card_with_every_tier_refused_is_reported_not_a_panic() {
        let text = r#"title = "t"
paper = "p"
[[contracts]]
name = "c"
start = 2021-04-01
end = 2024-03-31
[[rate_cards]]
name = "dps"
tiers = [{ name = "1:1", day = "£110.00", half_day = "£.00" }]
[[lines]]
name = "day-ops"
kind = "service"
budget = "b"
drivers = { volume = 10, unit = "people", per_week = 2, weeks_per_year = 50, rate_card = "dps" }
"#;
        let errors: Vec<String> = parse(Path::new("x.toml"), text)
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(
            errors[0].contains("rate_cards.dps.tiers.1:1.half_day"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].contains("`mix = { \"TIER\" = \"100%\" }`"),
            "{}",
            errors[1]
        );
    }

    proptest! {
        /// No input makes the reader panic: arbitrary text, and valid files with a piece cut
        /// out or replaced, only ever give `Ok` or positioned errors.
        #[test]
        fn never_panics_on_arbitrary_text(text in "\\PC{0,200}") {
            let _ = parse(Path::new("x.toml"), &text);
        }

        #[test]
        fn never_panics_on_damaged_scenarios(
            at in 0usize..VALID.len(),
            cut in 0usize..40,
            insert in "[-0-9£.,%a-z\"=\\[\\] \n]{0,12}",
        ) {
            let at = (0..=at).rev().find(|&i| VALID.is_char_boundary(i)).unwrap_or(0);
            let end = (at + cut..=VALID.len()).find(|&i| VALID.is_char_boundary(i)).unwrap_or(VALID.len());
            let text = format!("{}{}{}", &VALID[..at], insert, &VALID[end..]);
            if let Err(errors) = parse(Path::new("x.toml"), &text) {
                prop_assert!(!errors.is_empty());
                for e in errors {
                    prop_assert!(e.to_string().starts_with("error: x.toml"));
                }
            }
        }
    }
}
