//! `[[checks]]`: a figure printed in a paper, what it is a figure of (rows of the projection, a
//! contract's term, or printed figures and the arithmetic the paper claims between them), and
//! how close it must be.
//!
//! ```toml
//! [[checks]]
//! name = "Physical/Sensory variance as % of budget"
//! unit = "£'000"                      # bare numbers are £ thousands
//! ratio = ["73", "2,247"]             # or parts, difference, product, change, compound, duration
//! stated = "3.3%"
//! ```

use std::ops::Range;

use outturn_model::amount::{parse_percent, parse_printed};
use outturn_model::check::{Check, Figure, Selection, Tolerance};
use outturn_model::reading::{read, Reading, Side, TableUnit};
use outturn_model::relation::Relation;
use outturn_model::scenario::LineKind;
use outturn_model::FyCalendar;
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::raw::{found, RawCheck};
use super::Validator;

mod figures;

type Operands = Spanned<Vec<Spanned<Value>>>;

/// The relation keys, in the order a check is searched for them.
const RELATIONS: [&str; 7] = [
    "parts",
    "difference",
    "product",
    "ratio",
    "change",
    "compound",
    "duration",
];

impl RawCheck {
    /// Each relation key given, with its operands.
    fn relations(&self) -> Vec<(&'static str, &Operands)> {
        let given = [
            &self.parts,
            &self.difference,
            &self.product,
            &self.ratio,
            &self.change,
            &self.compound,
            &self.duration,
        ];
        RELATIONS
            .iter()
            .zip(given)
            .filter_map(|(k, v)| v.as_ref().map(|v| (*k, v)))
            .collect()
    }

    pub(super) fn has_selection(&self) -> bool {
        self.line.is_some()
            || self.lines.is_some()
            || self.budget.is_some()
            || self.kind.is_some()
            || self.phase.is_some()
            || self.year.is_some()
    }
}

impl Validator<'_> {
    pub(super) fn check(&mut self, raw: &RawCheck, calendar: FyCalendar) -> Option<Check> {
        let field = format!("checks.{}", raw.name.get_ref());
        let unit = match &raw.unit {
            Some(u) => self.table_unit(u, &format!("{field}.unit")).map(Some),
            None => Some(None),
        };
        if let Some(e) = &raw.expected {
            self.expected(e, &format!("{field}.expected"));
        }
        let (text, stated) = self.reading(&raw.stated, unit?, &format!("{field}.stated"))?;
        let figure = match raw.relations().as_slice() {
            [] => self.model_figure(raw, calendar, &stated, &field),
            [(key, operands)] => self.relation(raw, key, operands, unit?, &stated, &field),
            [(first, _), (second, operands), ..] => self.error(
                operands.span(),
                &format!("{field}.{second}"),
                format!("a check states one relation; this one has `{first}` and `{second}`: make each a check of its own"),
            ),
        };
        let precision = match &raw.precision {
            Some(p) => self.precision(p, &format!("{field}.precision")).map(Some),
            None => Some(stated.precision),
        };
        let tolerance = self.default_tolerance(raw, &text, &stated, precision?, &field);
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

    /// The tolerance asked for, or by default the printed precision (a circa figure's too);
    /// a count or duration, printed exactly, is checked exactly.
    fn default_tolerance(
        &mut self,
        raw: &RawCheck,
        text: &str,
        stated: &Reading,
        precision: Option<Decimal>,
        field: &str,
    ) -> Option<Tolerance> {
        // `tolerance = "circa"` on a figure read exactly rounds at the place it was printed to.
        let printed = || precision.or_else(|| parse_printed(text).ok().map(|p| p.precision));
        match (&raw.tolerance, precision) {
            (Some(t), _) => self.tolerance(t, printed(), &format!("{field}.tolerance")),
            (None, Some(p)) if stated.approximate => Some(Tolerance::Circa(p)),
            (None, Some(p)) => Some(Tolerance::Printed(p)),
            (None, None) => Some(Tolerance::Exact),
        }
    }

    /// A figure as a check reads it: text such as `"up to £1.2m"` or `"(2,397)"`, or a whole
    /// number; bare numbers in `unit` when the check states one.
    fn reading(
        &mut self,
        raw: &Spanned<Value>,
        unit: Option<TableUnit>,
        field: &str,
    ) -> Option<(String, Reading)> {
        let text = match raw.get_ref() {
            Value::String(s) => s.clone(),
            Value::Integer(i) => i.to_string(),
            other => {
                return self.error(raw.span(), field, format!("expected a figure as printed, such as \"£3.9m\", \"(2,397)\", \"3.3%\" or \"18 months\", found {}", found(other)));
            }
        };
        match read(&text, unit) {
            Ok(r) => Some((text, r)),
            Err(e) => self.error(raw.span(), field, e.to_string()),
        }
    }

    /// `unit = "£'000"`: the unit a table states once for its bare numbers.
    fn table_unit(&mut self, raw: &Spanned<String>, field: &str) -> Option<TableUnit> {
        TableUnit::parse(raw.get_ref()).or_else(|| {
            self.error(
                raw.span(),
                field,
                format!(
                    "expected the unit of a table's bare numbers: \"£'000\" (thousands), \"£m\" (millions), \"£bn\" or \"£\", found `{}`",
                    raw.get_ref()
                ),
            )
        })
    }

    /// `expected = "consistent"`: the verdict a case of the paper corpus expects (recorded,
    /// not used in checking).
    pub(super) fn expected(&mut self, raw: &Spanned<String>, field: &str) {
        if !matches!(raw.get_ref().as_str(), "consistent" | "inconsistent") {
            self.error::<()>(
                raw.span(),
                field,
                format!(
                    "expected \"consistent\" or \"inconsistent\" (the verdict the case expects), found `{}`",
                    raw.get_ref()
                ),
            );
        }
    }

    /// A relation between printed operands; nothing else says what the figure is.
    fn relation(
        &mut self,
        raw: &RawCheck,
        key: &str,
        operands: &Operands,
        unit: Option<TableUnit>,
        stated: &Reading,
        field: &str,
    ) -> Option<Figure> {
        let field = format!("{field}.{key}");
        self.no_model_figure(raw, key)?;
        if raw.has_selection() {
            return self.error(
                operands.span(),
                &field,
                format!("a check of printed figures (`{key}`) takes no line, budget, kind, phase or year"),
            );
        }
        let list = operands.get_ref();
        let count = match key {
            "difference" | "ratio" | "change" | "duration" => Some(2),
            _ => None,
        };
        if let Some(n) = count.filter(|n| list.len() != *n) {
            let example = match key {
                "difference" => "[\"£3.9m\", \"£3.3m\"] for £3.9m less £3.3m",
                "ratio" => "[\"£59,000\", \"£563.3m\"] for the first as a share of the second",
                "change" => "[\"£1,161.27\", \"£1,207.62\"] from the old figure to the new",
                _ => "[2011-10-01, 2013-03-31] from the first day to the last",
            };
            return self.error(
                operands.span(),
                &field,
                format!(
                    "expected {n} figures, as in `{key} = {example}`, found {}",
                    list.len()
                ),
            );
        }
        if list.is_empty() {
            return self.error(
                operands.span(),
                &field,
                "expected at least one printed figure",
            );
        }
        let relation = if key == "duration" {
            let start = self.date(&list[0], &field);
            let end = self.date(&list[1], &field);
            Relation::Duration(start?, end?)
        } else {
            let read: Vec<Option<Reading>> =
                list.iter().map(|v| self.operand(v, unit, &field)).collect();
            let mut read = read.into_iter().collect::<Option<Vec<Reading>>>()?;
            match key {
                "parts" => Relation::Parts(read),
                "product" => Relation::Product(read),
                "compound" => Relation::Compound(read),
                _ => {
                    let b = read.pop().expect("two operands were counted");
                    let a = read.pop().expect("two operands were counted");
                    match key {
                        "difference" => Relation::Difference(a, b),
                        "ratio" => Relation::Ratio(a, b),
                        _ => Relation::Change(a, b),
                    }
                }
            }
        };
        self.relation_sense(&relation, stated, list, operands.span(), &field)?;
        Some(Figure::Relation(relation))
    }

    /// An operand of a relation: a value, not a limit.
    fn operand(
        &mut self,
        raw: &Spanned<Value>,
        unit: Option<TableUnit>,
        field: &str,
    ) -> Option<Reading> {
        let (text, r) = self.reading(raw, unit, field)?;
        if r.side != Side::Value {
            return self.error(raw.span(), field, format!("`{text}` is a limit; only the stated figure may be one-sided (\"up to\", \"over\"): write the operand as printed without it"));
        }
        Some(r)
    }

    /// The relation gives the stated kind of figure, and divides by nothing that is nil.
    fn relation_sense(
        &mut self,
        relation: &Relation,
        stated: &Reading,
        list: &[Spanned<Value>],
        span: Range<usize>,
        field: &str,
    ) -> Option<()> {
        if let Err(e) = relation.validate(stated.kind) {
            let at = e
                .operand
                .and_then(|i| list.get(i))
                .map_or(span, |v| v.span());
            return self.error(at, field, e.message);
        }
        let divisor = match relation {
            Relation::Ratio(_, b) => Some((b, 1)),
            Relation::Change(a, _) => Some((a, 0)),
            _ => None,
        };
        if let Some((d, i)) = divisor.filter(|(d, _)| d.value.is_zero()) {
            return self.error(
                list[i].span(),
                field,
                format!("`{}` is nil, and nothing can be divided by it", d.text),
            );
        }
        Some(())
    }

    /// The rows of the projection the figure is the total of.
    pub(super) fn selection(
        &mut self,
        raw: &RawCheck,
        calendar: FyCalendar,
        field: &str,
    ) -> Option<Selection> {
        self.no_unit(raw, field)?;
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
            amount: Default::default(),
        })
    }

    /// A check of the model states its figure with its own unit.
    pub(super) fn no_unit(&mut self, raw: &RawCheck, field: &str) -> Option<()> {
        match &raw.unit {
            Some(u) => self.error(
                u.span(),
                &format!("{field}.unit"),
                "a table's unit is for printed operands (`parts`, `difference`, …); a check of the model states its figure with its own unit, as in \"£3.9m\"",
            ),
            None => Some(()),
        }
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
        precision: Option<Decimal>,
        field: &str,
    ) -> Option<Tolerance> {
        let text = raw.get_ref().trim();
        match (text, precision) {
            ("exact", _) => return Some(Tolerance::Exact),
            ("circa", Some(p)) => return Some(Tolerance::Circa(p)),
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
