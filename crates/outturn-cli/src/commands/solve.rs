//! `outturn solve`: the value of one field that makes a figure equal a target (goal seek).
//!
//! The figure is evaluated by the full engine at each trial value, so the answer honours
//! every rounding rule. The search is a bisection over the field's smallest step (a penny
//! for money and unit rates, 0.0001% for a percentage, one month, one person), which needs the figure to move one way as the
//! field grows, as every total does with annual values, rates and terms.

use std::path::PathBuf;

use outturn_model::amount::parse_printed;
use outturn_model::projection::Granularity;
use outturn_model::Money;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::deliver_grids;
use crate::cli::{GridOutput, Sets};
use clap::Args;
use outturn_engine::evaluate::evaluate;
use outturn_engine::figure::FigureName;
use outturn_engine::grid::{Cell, Grid};
use outturn_input::diagnostic::Diagnostic;
use outturn_input::values::{parse_range, text, Kind};
use outturn_input::variant::Override;

#[derive(Debug, Args)]
pub struct SolveArgs {
    pub scenario: PathBuf,
    /// The figure and the value it should have: total.all=£2,946,471
    #[arg(long, value_name = "FIGURE=AMOUNT")]
    pub target: String,
    /// The field to vary: lines.NAME.annual, uplift, lines.NAME.uplift, savings.NAME.per_year, …
    #[arg(long = "for", value_name = "PATH")]
    pub field: String,
    /// The range to search, e.g. 0..£10m or 0%..20% (by default the widest valid range)
    #[arg(long, value_name = "LOW..HIGH")]
    pub between: Option<String>,
    #[command(flatten)]
    pub sets: Sets,
    #[command(flatten)]
    pub out: GridOutput,
}

fn usage(flag: &str, message: String) -> Vec<Diagnostic> {
    vec![Diagnostic::flag(flag, message)]
}

/// What the field holds, from its name, with its smallest step and default search range.
fn field_kind(field: &str) -> Result<(Kind, Decimal, Decimal, Decimal), Vec<Diagnostic>> {
    let segments: Vec<&str> = field.split('.').collect();
    let named = |name: &str| segments.contains(&name);
    if named("annual") || named("per_year") || named("amounts") || named("rate") {
        // A penny, up to £1,000,000,000,000 (a wider range only risks overflow).
        Ok((
            Kind::Money,
            Decimal::new(1, 2),
            Decimal::ZERO,
            Decimal::from(1_000_000_000_000u64),
        ))
    } else if named("uplift") || named("funded_uplift") || named("growth") {
        Ok((
            Kind::Percent,
            Decimal::new(1, 4),
            Decimal::from(-50),
            Decimal::from(100),
        ))
    } else if named("months") {
        Ok((
            Kind::Number { whole: true },
            Decimal::ONE,
            Decimal::ONE,
            Decimal::from(1200),
        ))
    } else if named("volume") {
        // Whole people (or packages, properties…), up to ten million.
        Ok((
            Kind::Number { whole: true },
            Decimal::ONE,
            Decimal::ZERO,
            Decimal::from(10_000_000),
        ))
    } else {
        Err(usage(
            "--for",
            format!("solve can vary an annual value, a stated amount, a saving's per_year, a driver's rate or volume, an uplift, a funded uplift, demand growth or an extension's months; `{field}` is none of these"),
        ))
    }
}

pub fn run(args: &SolveArgs) -> Result<u8, Vec<Diagnostic>> {
    let sets = args.sets.for_all()?;
    let base = evaluate(&args.scenario, &sets, Granularity::Year)?;
    let (figure_text, amount_text) = args.target.split_once('=').ok_or_else(|| {
        usage(
            "--target",
            format!(
                "expected FIGURE=AMOUNT such as total.all=£2,946,471, found `{}`",
                args.target
            ),
        )
    })?;
    let figure = FigureName::parse(figure_text.trim(), base.loaded.scenario.calendar)
        .map_err(|e| usage("--target", e))?;
    let target = parse_printed(amount_text)
        .ok()
        .filter(|p| !p.approximate)
        .and_then(|p| Money::exact(p.value))
        .ok_or_else(|| usage("--target", format!("expected an exact amount to the penny after `=`, such as £2,946,471, found `{amount_text}`")))?;
    let (kind, step, mut low, mut high) = field_kind(&args.field)?;
    if let Some(between) = &args.between {
        let (between_kind, lo, hi) =
            parse_range(between).map_err(|e| usage("--between", e.to_string()))?;
        if !between_kind.same_kind(kind) {
            return Err(usage(
                "--between",
                format!(
                    "`{between}` is not the same kind of value as {}",
                    args.field
                ),
            ));
        }
        (low, high) = (lo, hi);
    }
    let figure_at = |k: i128| -> Result<Money, Vec<Diagnostic>> {
        let value = text(kind, Decimal::from(k) * step);
        let mut overrides = sets.clone();
        overrides.push(Override {
            path: args.field.clone(),
            value,
        });
        let e = evaluate(&args.scenario, &overrides, Granularity::Year)?;
        // A sum of whole pennies: rounding changes nothing.
        Ok(Money::round_half_away(
            figure.selection.total(&e.projection),
        ))
    };
    // The range in whole steps, inside the range given.
    let steps = |d: Decimal| (d / step).to_i128();
    let (k_low, k_high) = match (steps(low), steps(high)) {
        (Some(lo), Some(hi)) => (lo, hi),
        _ => return Err(usage("--between", "the range is too wide to search".into())),
    };
    let (f_low, f_high) = (figure_at(k_low)?, figure_at(k_high)?);
    let value = |k: i128| text(kind, Decimal::from(k) * step);
    let title = format!(
        "Solve {} = {target} for {} in {}",
        figure.text,
        args.field,
        base.loaded.label()
    );
    let header = vec![
        args.field.clone(),
        figure.text.clone(),
        "difference from target".into(),
    ];
    let value_cell = |k: i128| match Money::exact(Decimal::from(k) * step) {
        Some(m) if kind == Kind::Money => Cell::Money(m),
        _ => Cell::Text(value(k)),
    };
    let row = |k: i128, f: Money| vec![value_cell(k), Cell::Money(f), Cell::Money(f - target)];

    let increasing = f_high >= f_low;
    let (min, max) = if increasing {
        (f_low, f_high)
    } else {
        (f_high, f_low)
    };
    if target < min || target > max {
        let grid = Grid {
            title,
            header,
            rows: vec![row(k_low, f_low), row(k_high, f_high)],
            notes: vec![format!(
                "no value of {} from {} to {} reaches {target}: the figure only runs from {min} to {max}",
                args.field,
                value(k_low),
                value(k_high)
            )],
        };
        deliver_grids(&[grid], &args.out)?;
        return Ok(1);
    }
    // The first step at which the figure reaches the target (from below if it increases).
    let reached = |f: Money| if increasing { f >= target } else { f <= target };
    let (mut lo, mut hi) = (k_low, k_high);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if reached(figure_at(mid)?) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let found = figure_at(lo)?;
    if found == target {
        let grid = Grid {
            title,
            header,
            rows: vec![row(lo, found)],
            notes: vec![format!(
                "{} = {} gives {} = {target} exactly",
                args.field,
                value(lo),
                figure.text
            )],
        };
        deliver_grids(&[grid], &args.out)?;
        return Ok(0);
    }
    // Rounding can step over the target: show the values either side.
    let before = figure_at(lo - 1)?;
    let closest = if (before - target).as_decimal().abs() <= (found - target).as_decimal().abs() {
        lo - 1
    } else {
        lo
    };
    let mut notes = vec![format!(
        "no value of {} to {} gives exactly {target}; the closest is {}",
        args.field,
        match kind {
            Kind::Money => "the penny",
            Kind::Percent => "0.0001%",
            Kind::Number { .. } => "a whole number",
        },
        value(closest)
    )];
    if kind == Kind::Percent {
        notes.push("a rate is found to 0.0001%: the closest rate is the answer".into());
    }
    let grid = Grid {
        title,
        header,
        rows: vec![row(lo - 1, before), row(lo, found)],
        notes,
    };
    deliver_grids(&[grid], &args.out)?;
    Ok(u8::from(kind != Kind::Percent))
}
