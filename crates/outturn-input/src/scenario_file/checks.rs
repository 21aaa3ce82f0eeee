//! `[[checks]]`: a figure printed in a paper, what it is a figure of (rows of the projection,
//! or printed parts that should add up to it), and how close it must be.

use outturn_model::amount::{parse_percent, parse_printed, Printed};
use outturn_model::check::{Check, Figure, Selection, Tolerance};
use outturn_model::scenario::LineKind;
use outturn_model::FyCalendar;
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::raw::RawCheck;
use super::Validator;

impl Validator<'_> {
    pub(super) fn check(&mut self, raw: &RawCheck, calendar: FyCalendar) -> Option<Check> {
        let field = format!("checks.{}", raw.name.get_ref());
        let (text, stated) = self.printed(&raw.stated, &format!("{field}.stated"))?;
        let figure = match &raw.parts {
            Some(parts) => self.parts(raw, parts, &field),
            None => self.selection(raw, calendar, &field).map(Figure::Model),
        };
        let precision = match &raw.precision {
            Some(p) => self.precision(p, &format!("{field}.precision")),
            None => Some(stated.precision),
        };
        let tolerance = match &raw.tolerance {
            None if stated.approximate => Some(Tolerance::Circa(precision?)),
            None => Some(Tolerance::Exact),
            Some(t) => self.tolerance(t, precision?, &format!("{field}.tolerance")),
        };
        let acknowledged = match &raw.acknowledged {
            Some(a) if a.get_ref().trim().is_empty() => self.error(
                a.span(),
                &format!("{field}.acknowledged"),
                "expected the reason the inconsistency is accepted, found an empty text",
            ),
            other => Some(other.as_ref().map(|a| a.get_ref().clone())),
        };
        Some(Check {
            name: raw.name.get_ref().clone(),
            figure: figure?,
            text,
            stated,
            tolerance: tolerance?,
            acknowledged: acknowledged?,
        })
    }

    /// Printed parts that should add up to the stated figure; nothing else says what it is.
    fn parts(
        &mut self,
        raw: &RawCheck,
        parts: &Spanned<Vec<Spanned<Value>>>,
        field: &str,
    ) -> Option<Figure> {
        let has_selection = raw.line.is_some()
            || raw.lines.is_some()
            || raw.budget.is_some()
            || raw.kind.is_some()
            || raw.phase.is_some()
            || raw.year.is_some();
        if has_selection {
            return self.error(
                parts.span(),
                &format!("{field}.parts"),
                "a check of printed parts takes no line, budget, kind, phase or year",
            );
        }
        if parts.get_ref().is_empty() {
            return self.error(
                parts.span(),
                &format!("{field}.parts"),
                "expected at least one printed part",
            );
        }
        parts
            .get_ref()
            .iter()
            .map(|p| self.printed(p, &format!("{field}.parts")).map(|(_, x)| x))
            .collect::<Option<Vec<Printed>>>()
            .map(Figure::Parts)
    }

    /// The rows of the projection the figure is the total of.
    fn selection(
        &mut self,
        raw: &RawCheck,
        calendar: FyCalendar,
        field: &str,
    ) -> Option<Selection> {
        let mut lines: Vec<String> = raw
            .lines
            .as_ref()
            .map(|l| l.get_ref().clone())
            .unwrap_or_default();
        lines.extend(raw.line.as_ref().map(|l| l.get_ref().clone()));
        let kind = match &raw.kind {
            Some(k) => LineKind::parse(k.get_ref()).map(Some).or_else(|| {
                self.error(
                    k.span(),
                    &format!("{field}.kind"),
                    format!(
                        "expected one of service, transport, saving, other, found `{}`",
                        k.get_ref()
                    ),
                )
            }),
            None => Some(None),
        };
        let year = match &raw.year {
            Some(y) => self.year(y, calendar, &format!("{field}.year")).map(Some),
            None => Some(None),
        };
        Some(Selection {
            lines,
            budget: raw.budget.as_ref().map(|b| b.get_ref().clone()),
            kind: kind?,
            phase: raw.phase.as_ref().map(|p| p.get_ref().clone()),
            year: year?,
        })
    }

    /// The precision a circa figure is rounded to: positive, such as `"£100,000"`.
    fn precision(&mut self, raw: &Spanned<Value>, field: &str) -> Option<Decimal> {
        match self.printed(raw, field) {
            Some((_, x)) if x.value > Decimal::ZERO => Some(x.value),
            Some(_) => self.error(
                raw.span(),
                field,
                "expected a positive precision such as \"£100,000\"",
            ),
            None => None,
        }
    }

    fn tolerance(
        &mut self,
        raw: &Spanned<String>,
        precision: Decimal,
        field: &str,
    ) -> Option<Tolerance> {
        let text = raw.get_ref().trim();
        match text {
            "exact" => return Some(Tolerance::Exact),
            "circa" => return Some(Tolerance::Circa(precision)),
            _ => {}
        }
        if text.ends_with('%') {
            if let Ok(p) = parse_percent(text) {
                if p >= Decimal::ZERO {
                    return Some(Tolerance::Percent(p));
                }
            }
        } else if let Ok(a) = parse_printed(text) {
            if a.value >= Decimal::ZERO && !a.approximate {
                return Some(Tolerance::Absolute(a.value));
            }
        }
        self.error(raw.span(), field, format!("expected `exact`, `circa`, an amount such as `£1,000` or a percentage such as `1%`, found `{text}`"))
    }
}
