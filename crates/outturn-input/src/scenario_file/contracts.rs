//! `[[contracts]]`: each contract's term, its extensions and any break clause.

use chrono::NaiveDate;
use outturn_model::breaks::Break;
use outturn_model::scenario::Contract;
use outturn_model::term::{Extension, Term};
use outturn_model::ModelError;
use toml::Value;

use super::raw::{found, RawBreak, RawContract, RawExtension};
use super::Validator;

/// The longest term, extensions included, that a scenario may state.
const MAX_TERM_YEARS: u32 = 100;

/// Whether `term`, with every extension (taken or not), runs past `MAX_TERM_YEARS` years.
fn term_too_long(term: &Term) -> bool {
    let last = term.phases().last().map_or(term.start(), |p| p.period.end);
    outturn_model::calendar::add_months(term.start(), 12 * MAX_TERM_YEARS)
        .is_none_or(|limit| last >= limit)
}

impl Validator<'_> {
    pub(super) fn contract(&mut self, raw: &RawContract) -> Option<Contract> {
        let field = format!("contracts.{}", raw.name.get_ref());
        let start = self.date(&raw.start, &format!("{field}.start"));
        let end = self.date(&raw.end, &format!("{field}.end"));
        let extensions: Vec<Option<Extension>> = raw
            .extensions
            .iter()
            .enumerate()
            .map(|(i, e)| self.extension(e, &format!("{field}.extensions.{}", i + 1)))
            .collect();
        let (start, end) = (start?, end?);
        let extensions: Vec<Extension> = extensions.into_iter().collect::<Option<_>>()?;
        let break_at = raw.break_clause.as_ref().map(|b| self.break_at(b, &field));
        match Term::new(start, end, &extensions) {
            Ok(term) if term_too_long(&term) => self.error(
                raw.end.span(),
                &format!("{field}.end"),
                format!(
                    "the term runs from {start} to {}, more than {MAX_TERM_YEARS} years with its extensions; a longer term is almost certainly a typing slip",
                    term.phases().last().map_or(end, |p| p.period.end)
                ),
            ),
            Ok(term) => {
                let (term, break_clause) = match break_at {
                    None => (term, None),
                    Some(b) => {
                        let (term, clause) = self.broken(&term, b?, raw, &field)?;
                        (term, Some(clause))
                    }
                };
                Some(Contract {
                    name: raw.name.get_ref().clone(),
                    term,
                    break_clause,
                })
            }
            Err(e) => self.error(raw.end.span(), &format!("{field}.end"), e.to_string()),
        }
    }

    /// `{ months = 36, taken = true }`: a whole number of months, from 1 to 1200.
    fn extension(&mut self, raw: &RawExtension, field: &str) -> Option<Extension> {
        let months = match raw.months.get_ref() {
            Value::Integer(m) if (1..=1200).contains(m) => Some(*m as u32),
            other => self.error(
                raw.months.span(),
                &format!("{field}.months"),
                format!(
                    "expected a whole number of months from 1 to 1200, found {}",
                    found(other)
                ),
            ),
        };
        months.map(|months| Extension {
            months,
            taken: *raw.taken.get_ref(),
        })
    }

    /// The break's date and notice months, each checked on its own.
    fn break_at(&mut self, raw: &RawBreak, field: &str) -> Option<(NaiveDate, u32)> {
        let on = self.date(&raw.on, &format!("{field}.break.on"));
        let months = match raw.notice_months.get_ref() {
            Value::Integer(m) if (1..=1200).contains(m) => Some(*m as u32),
            other => self.error(
                raw.notice_months.span(),
                &format!("{field}.break.notice_months"),
                format!(
                    "expected a whole number of months' notice from 1 to 1200, found {}",
                    found(other)
                ),
            ),
        };
        Some((on?, months?))
    }

    /// `term` cut at the break, or an error at the part of the break that is wrong.
    fn broken(
        &mut self,
        term: &Term,
        (on, months): (NaiveDate, u32),
        raw: &RawContract,
        field: &str,
    ) -> Option<(Term, Break)> {
        match Break::apply(term, on, months) {
            Ok(x) => Some(x),
            Err(e) => {
                let (span, part) = match (&e, &raw.break_clause) {
                    (ModelError::NoticeBeforeStart { .. }, Some(b)) => {
                        (b.notice_months.span(), "notice_months")
                    }
                    (_, Some(b)) => (b.on.span(), "on"),
                    (_, None) => (raw.name.span(), "on"),
                };
                self.error(span, &format!("{field}.break.{part}"), e.to_string())
            }
        }
    }
}
