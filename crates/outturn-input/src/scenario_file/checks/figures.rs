//! `figure = "…"` on a check of the model: which figure the printed one is, when it is not
//! the cost to the budget of the rows selected.
//!
//! ```toml
//! [[checks]]
//! name = "homecare hourly rate 2025-26"
//! line = "homecare"
//! year = "2025-26"            # or date = 2025-04-07
//! figure = "rate"             # or uplift, net, vat, gross, present-value, equivalent-annual-cost
//! stated = "£21.64"
//! ```

use outturn_model::check::Figure;
use outturn_model::model_figure::{Amount, AppraisalFigure, RateFigure, RateOf, When};
use outturn_model::reading::{Kind, Reading};
use outturn_model::FyCalendar;
use toml::Spanned;

use super::super::raw::RawCheck;
use super::super::Validator;

/// Every figure a check may name, as written.
const FIGURES: [&str; 8] = [
    "cost",
    "net",
    "vat",
    "gross",
    "rate",
    "uplift",
    "present-value",
    "equivalent-annual-cost",
];

impl Validator<'_> {
    /// The figure of the model a check states: rows' costs (the default), or their net, VAT
    /// or gross; a line's rate or uplift; the appraisal's present value or equivalent annual
    /// cost.
    pub(in crate::scenario_file) fn model_figure(
        &mut self,
        raw: &RawCheck,
        calendar: FyCalendar,
        stated: &Reading,
        field: &str,
    ) -> Option<Figure> {
        let Some(figure) = &raw.figure else {
            if let Some(d) = &raw.date {
                return self.error(
                    d.span(),
                    &format!("{field}.date"),
                    "a date says when a rate applies: give `figure = \"rate\"` or `figure = \"uplift\"` with it, or name a `year` for a cost",
                );
            }
            return self.selection(raw, calendar, field).map(Figure::Model);
        };
        let at = format!("{field}.figure");
        let name = figure.get_ref().as_str();
        if !FIGURES.contains(&name) {
            let all: Vec<String> = FIGURES.iter().map(|f| format!("`{f}`")).collect();
            return self.error(
                figure.span(),
                &at,
                format!("expected one of {}, found `{name}`", all.join(", ")),
            );
        }
        self.no_unit(raw, field)?;
        self.stated_kind(name, stated, raw, field)?;
        match name {
            "rate" | "uplift" => self.rate_figure(raw, figure, calendar, field),
            "present-value" | "equivalent-annual-cost" => {
                self.nothing_selected(raw, figure, "a figure of the whole appraisal")?;
                Some(Figure::Appraisal(if name == "present-value" {
                    AppraisalFigure::PresentValue
                } else {
                    AppraisalFigure::EquivalentAnnualCost
                }))
            }
            _ => {
                if let Some(d) = &raw.date {
                    return self.error(
                        d.span(),
                        &format!("{field}.date"),
                        format!("a check of the {name} adds rows; name a `year` (or `phase`) rather than a date"),
                    );
                }
                let mut selection = self.selection(raw, calendar, field)?;
                selection.amount = Amount::parse(name).expect("a figure listed as an amount");
                Some(Figure::Model(selection))
            }
        }
    }

    /// A rate is an amount and an uplift a percentage; so is everything else but a cost
    /// (which may be a count or a duration).
    fn stated_kind(
        &mut self,
        figure: &str,
        stated: &Reading,
        raw: &RawCheck,
        field: &str,
    ) -> Option<()> {
        let (kind, example) = match figure {
            "cost" => return Some(()),
            "uplift" => (Kind::Percent, "\"6.6%\""),
            "rate" => (Kind::Money, "\"£21.64\""),
            _ => (Kind::Money, "\"£8,253\""),
        };
        if stated.kind == kind {
            return Some(());
        }
        let what = if kind == Kind::Percent {
            "a percentage"
        } else {
            "an amount"
        };
        self.error(
            raw.stated.span(),
            &format!("{field}.stated"),
            format!(
                "`figure = \"{figure}\"` is {what}: write the printed figure as one, such as {example}, found `{}`",
                stated.text
            ),
        )
    }

    /// `figure = "rate"` or `"uplift"`: one line, and a year or a date.
    fn rate_figure(
        &mut self,
        raw: &RawCheck,
        figure: &Spanned<String>,
        calendar: FyCalendar,
        field: &str,
    ) -> Option<Figure> {
        let (of, what) = if figure.get_ref() == "rate" {
            (RateOf::Paid, "a rate")
        } else {
            (RateOf::Uplift, "an uplift")
        };
        let other = raw.lines.is_some()
            || raw.budget.is_some()
            || raw.kind.is_some()
            || raw.phase.is_some();
        let at = format!("{field}.figure");
        let (Some(line), false) = (&raw.line, other) else {
            return self.error(
                figure.span(),
                &at,
                format!("a check of {what} names one `line` and a `year` or `date` (no `lines`, budget, kind or phase)"),
            );
        };
        let when = match (&raw.year, &raw.date) {
            (Some(y), None) => When::Year(self.year(y, calendar, &format!("{field}.year"))?),
            (None, Some(d)) => When::Date(self.date(d, &format!("{field}.date"))?),
            _ => {
                return self.error(
                    figure.span(),
                    &at,
                    format!("a check of {what} names when: a `year` such as \"2025-26\" or a `date` such as 2025-04-07 (one of them)"),
                );
            }
        };
        Some(Figure::Rate(RateFigure {
            line: line.get_ref().clone(),
            of,
            when,
        }))
    }

    /// A figure of the whole scenario takes no selection of rows.
    fn nothing_selected(
        &mut self,
        raw: &RawCheck,
        figure: &Spanned<String>,
        what: &str,
    ) -> Option<()> {
        if raw.has_selection() || raw.date.is_some() {
            return self.error(
                figure.span(),
                &format!("checks.{}.figure", raw.name.get_ref()),
                format!(
                    "`{}` is {what}: it takes no line, budget, kind, phase, year or date",
                    figure.get_ref()
                ),
            );
        }
        Some(())
    }

    /// A check of printed figures (a relation) names no figure of the model.
    pub(in crate::scenario_file) fn no_model_figure(
        &mut self,
        raw: &RawCheck,
        key: &str,
    ) -> Option<()> {
        let given = raw
            .figure
            .as_ref()
            .map(|f| ("figure", f.span()))
            .or_else(|| raw.date.as_ref().map(|d| ("date", d.span())));
        match given {
            Some((what, span)) => self.error(
                span,
                &format!("checks.{}.{what}", raw.name.get_ref()),
                format!("a check of printed figures (`{key}`) takes no `{what}`: `figure` and `date` name a figure of the model"),
            ),
            None => Some(()),
        }
    }
}
