//! `outturn explain`: how a reported figure was reached, step by step, from the inputs.
//!
//! The steps are the projection's own record of what it did (`Row::parts`): nothing is
//! recomputed here except the unrounded intermediate values shown beside each rounding.

use std::path::PathBuf;

use outturn_model::drivers::Rate;
use outturn_model::funding::FundingStep;
use outturn_model::money::group_thousands;
use outturn_model::projection::{Basis, Granularity, Part, Share, Source};
use outturn_model::Money;
use rust_decimal::{Decimal, RoundingStrategy};

use super::deliver_one;
use crate::cli::{By, Sets};
use crate::present::run::drivers_quantities;
use clap::Args;
use outturn_engine::evaluate::evaluate;
use outturn_engine::figure::FigureName;
use outturn_input::diagnostic::Diagnostic;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    pub scenario: PathBuf,
    /// The figure to explain, e.g. total.year.2024-25
    pub figure: String,
    /// Explain yearly rows, or the monthly rows of `run --by month`
    #[arg(long, value_enum, default_value_t = By::Year)]
    pub by: By,
    #[command(flatten)]
    pub sets: Sets,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

pub fn run(args: &ExplainArgs) -> Result<u8, Vec<Diagnostic>> {
    let granularity = match args.by {
        By::Year => Granularity::Year,
        By::Month => Granularity::Month,
    };
    let e = evaluate(&args.scenario, &args.sets.for_all()?, granularity)?;
    let figure = FigureName::parse(&args.figure, e.loaded.scenario.calendar)
        .map_err(|m| vec![Diagnostic::flag("FIGURE", m)])?;
    let rows: Vec<_> = e
        .projection
        .rows
        .iter()
        .filter(|r| figure.selection.matches(r))
        .collect();
    let mut out = format!(
        "{} of {}\n{}\npaper: {}\n",
        figure.text,
        e.loaded.label(),
        e.loaded.scenario.title,
        e.loaded.scenario.paper
    );
    if rows.is_empty() {
        out += "\nno row of the projection matches this figure, so it is £0.00\n";
    }
    for row in &rows {
        out += &format!(
            "\n{} · {} · {} ({} to {}, {} days): {}\n",
            if row.funding.is_some() {
                format!("{} · {}", row.line, row.budget)
            } else {
                row.line.clone()
            },
            row.phase,
            row.year,
            row.period.start,
            row.period.end,
            row.period.days(),
            row.amount
        );
        for part in &row.parts {
            out += &explain_part(part);
        }
        // A funded row's parts add to the line's row, of which the budget has a piece.
        let line_row = row.funding.as_ref().map_or(row.amount, |f| f.line_row);
        if row.parts.len() > 1 {
            let pieces: Vec<String> = row
                .parts
                .iter()
                .map(|p| last_amount(p).to_string())
                .collect();
            out += &format!("  row: {} = {}\n", pieces.join(" + "), line_row);
        }
        if let Some(f) = &row.funding {
            out += &explain_funding(&row.budget, row.year, f);
        }
    }
    let total: Money = rows.iter().map(|r| r.amount).sum();
    out += &format!(
        "\n{} = {} ({} row{} added)\n",
        figure.text,
        total,
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    deliver_one(out.into_bytes(), args.output.as_deref())?;
    Ok(0)
}

fn last_amount(part: &Part) -> Money {
    part.shares.last().map_or(Money::ZERO, |s| s.amount)
}

/// An unrounded value for display: `£28,356,164.383561…`, exact when it has at most six
/// decimal places (no `…`).
fn unrounded(d: Decimal) -> String {
    let shown = d
        .round_dp_with_strategy(6, RoundingStrategy::ToZero)
        .normalize();
    let sign = if shown.is_sign_negative() { "-" } else { "" };
    let digits = shown.abs().to_string();
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits.as_str(), None), |(w, f)| (w, Some(f)));
    format!(
        "{sign}£{}{}{}",
        group_thousands(whole),
        fraction.map(|f| format!(".{f}")).unwrap_or_default(),
        if shown == d { "" } else { "…" }
    )
}

fn explain_part(part: &Part) -> String {
    let mut out = String::new();
    match &part.source {
        Source::ContractYear {
            index,
            period,
            basis,
            price_factors: factors,
            growth_factors: growth,
            days,
            full_days,
            cost,
        } => {
            out += &format!(
                "  from contract year {} ({} to {}), whose full year has {full_days} days:\n",
                index + 1,
                period.start,
                period.end
            );
            let annual = basis.annual();
            let head = match basis {
                Basis::Annual(a) => format!("annual value {a}"),
                _ => {
                    out += &explain_basis(basis, "    ");
                    format!("{} a year", unrounded(annual))
                }
            };
            let mut product = Decimal::ONE;
            let mut steps = Vec::new();
            for (what, list) in [("uplift", factors), ("demand growth", growth)] {
                let moved: Vec<String> = list
                    .iter()
                    .filter(|f| **f != Decimal::ONE)
                    .map(|f| f.normalize().to_string())
                    .collect();
                if !moved.is_empty() {
                    steps.push(format!("{what} {}", moved.join(" × ")));
                }
                product *= list.iter().product::<Decimal>();
            }
            if steps.is_empty() {
                let what = if growth.is_empty() {
                    "uplift"
                } else {
                    "uplift or growth"
                };
                out += &format!("    {head}, no {what}\n");
            } else {
                out += &format!(
                    "    {head} × {} = × {} → {} a full year\n",
                    steps.join(", × "),
                    product.normalize(),
                    unrounded(annual * product)
                );
            }
            let exact = annual * product * Decimal::from(*days) / Decimal::from(*full_days);
            let span = if days == full_days {
                "a full year".to_string()
            } else {
                format!("× {days}/{full_days} days")
            };
            out += &format!(
                "    {span} = {} → rounded to the penny, half away from zero: {cost}\n",
                unrounded(exact)
            );
        }
        Source::Stated { year, amount } => {
            out += &format!("  from the amount stated for {year}: {amount}\n");
        }
        Source::Saving(y) => {
            // Each step is a split by the largest-remainder rule (the share and the rest).
            out += &format!("  from the savings plan for {}:\n", y.year);
            match (y.percent, y.gross) {
                (Some(p), Some(g)) => {
                    out += &format!(
                        "    full-year target: {}% of gross spend {g} = {}\n",
                        p.normalize(),
                        y.full
                    );
                }
                _ => out += &format!("    full-year target: {}\n", y.full),
            }
            if let Some(p) = y.phasing {
                out += &format!("    phased: {}% of it = {}\n", p.normalize(), y.phased);
            }
            if let Some((days, of)) = y.days {
                out += &format!(
                    "    from {}: {days} of {of} days of {} = {}\n",
                    y.period.start, y.phased, y.target
                );
            }
            out += &format!(
                "    target {}, {}% delivered = {} achieved, shown as a negative amount\n",
                y.target,
                y.delivery.normalize(),
                y.achieved
            );
        }
    }
    for share in &part.shares {
        out += &explain_share(share);
    }
    out
}

/// What a full year costs before uplift and growth, from the line's inputs.
fn explain_basis(basis: &Basis, indent: &str) -> String {
    match basis {
        Basis::Annual(annual) => format!("{indent}annual value {annual}\n"),
        Basis::Drivers {
            drivers,
            volume,
            annual,
        } => {
            let mut out = String::new();
            let rate = match &drivers.rate {
                Rate::Flat(r) => format!("{} a {}", unrounded(*r), drivers.per),
                Rate::Card(mix) => {
                    out += &format!(
                        "{indent}rate card `{}`, {}% half days:\n",
                        mix.card,
                        mix.half_days.normalize()
                    );
                    for (tier, share) in &mix.tiers {
                        out += &format!(
                            "{indent}  {}% of sessions in tier `{}` at {} a day, {} a half day\n",
                            share.normalize(),
                            tier.name,
                            tier.day,
                            tier.half_day
                        );
                    }
                    let rate = drivers.rate_per().map(unrounded).unwrap_or_default();
                    out += &format!("{indent}  = {rate} a session, weighted by the mix\n");
                    format!("{rate} a session")
                }
            };
            out += &format!(
                "{indent}{} × {rate} = {} a year\n",
                drivers_quantities(drivers, *volume),
                unrounded(*annual)
            );
            out
        }
        Basis::ShareOf {
            line,
            share,
            of,
            annual,
        } => format!(
            "{}{indent}{}% of line `{line}`'s full year = {} a year\n",
            explain_basis(of, indent),
            share.normalize(),
            unrounded(*annual)
        ),
    }
}

fn explain_share(s: &Share) -> String {
    if s.days == s.of_days {
        return format!("    all {} days of it: {}\n", s.days, s.amount);
    }
    let exact = s.whole.as_decimal() * Decimal::from(s.days) / Decimal::from(s.of_days);
    let truncated =
        Money::round_half_away(exact.round_dp_with_strategy(2, RoundingStrategy::ToZero));
    let penny = if s.amount == truncated {
        "rounded toward zero"
    } else {
        "rounded toward zero, plus a spare penny (largest remainder)"
    };
    format!(
        "    split by days: {} of {} days of {} = {} → {penny}: {}\n",
        s.days,
        s.of_days,
        s.whole,
        unrounded(exact),
        s.amount
    )
}

fn explain_funding(budget: &str, year: outturn_model::FinancialYear, f: &FundingStep) -> String {
    format!(
        "  funded by {budget} ({}): {} of the line's {} in {year}\n    its piece of this row of {}, split by the largest remainder in proportion to what each budget still receives in {year} (the year's last row takes what is left): {}\n",
        f.share, f.budget_year, f.line_year, f.line_row, f.amount
    )
}
