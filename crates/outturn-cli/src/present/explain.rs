//! `explain`'s page: each row a figure adds up, with the steps that reached it, in words.
//! The figures are the projection's record and the engine's working
//! ([`outturn_engine::explain`]); this module only writes them out.

use outturn_engine::analysis::index_working as working;
use outturn_engine::evaluate::Evaluated;
use outturn_engine::explain::{contract_year, part_amount, share, ContractYearWorking, Explained};
use outturn_engine::figure::FigureName;
use outturn_model::drivers::Rate;
use outturn_model::funding::FundingStep;
use outturn_model::money::group_thousands;
use outturn_model::projection::{Basis, PaidRate, Part, Row, Running, Share, Source};
use outturn_model::prorate::{Prorate, MONTH};
use outturn_model::savings::SavingYear;
use outturn_model::scenario::{Compounding, RoundTo, Uplift};
use outturn_model::uplift;
use outturn_model::vat::{Stated, VatAmounts};
use outturn_model::{FinancialYear, Money};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::present::assumptions::drivers_quantities;

/// The explanation of `figure` in `e`: a heading, each row with its steps, and the total.
pub fn explanation(e: &Evaluated, figure: &FigureName, explained: &Explained) -> String {
    let mut out = format!(
        "{} of {}\n{}\npaper: {}\n",
        figure.text,
        e.loaded.label(),
        e.loaded.scenario.title,
        e.loaded.scenario.paper
    );
    if explained.rows.is_empty() {
        out += "\nno row of the projection matches this figure, so it is £0.00\n";
    }
    for row in &explained.rows {
        out += &explain_row(row);
    }
    out += &explain_indices(e, explained);
    let n = explained.rows.len();
    out += &format!(
        "\n{} = {} ({n} row{} added)\n",
        figure.text,
        explained.total,
        if n == 1 { "" } else { "s" }
    );
    out
}

/// For each line of the figure uplifted by an index, the rate each uplift date read and how.
fn explain_indices(e: &Evaluated, explained: &Explained) -> String {
    let scenario = &e.loaded.scenario;
    let mut out = String::new();
    for line in &scenario.lines {
        let Uplift::Index(index) = &line.uplift else {
            continue;
        };
        if !explained.rows.iter().any(|r| r.line == line.name) {
            continue;
        }
        let term = &scenario.contracts[line.contract].term;
        let Ok(years) = term.contract_years() else {
            continue;
        };
        out += &format!("\n{} is uplifted by index {}", line.name, index.index);
        if index.lag_months > 0 {
            out += &format!(", read {} months before each uplift", index.lag_months);
        }
        out += ":\n";
        for date in uplift::dates(line, term, &years, scenario.calendar) {
            if let Ok(rate) = index.rate_on(date) {
                out += &format!(
                    "  uplift on {date}: {} at {} = {}% ({})\n",
                    rate.index,
                    rate.month,
                    rate.rate.normalize(),
                    working(&rate)
                );
            }
        }
    }
    out
}

fn explain_row(row: &Row) -> String {
    let line = if row.funding.is_some() {
        format!("{} · {}", row.line, row.budget)
    } else {
        row.line.clone()
    };
    let mut out = format!(
        "\n{line} · {} · {} ({} to {}, {} days): {}\n",
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
            .map(|p| part_amount(p).to_string())
            .collect();
        out += &format!("  row: {} = {}\n", pieces.join(" + "), line_row);
    }
    if let Some(f) = &row.funding {
        out += &explain_funding(&row.budget, row.year, f);
    }
    out
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
    let mut out = match &part.source {
        Source::ContractYear {
            index,
            period,
            basis,
            price_factors,
            growth_factors,
            paid_rate,
            compounding,
            measure,
            round_to,
            days,
            full_days,
            cost,
        } => {
            let heading = format!(
                "  from contract year {} ({} to {}), whose full year {}:\n",
                index + 1,
                period.start,
                period.end,
                match measure {
                    Prorate::Days => format!("has {full_days} days"),
                    Prorate::Months => "is 12 months (pro rata by months)".into(),
                }
            );
            let w = contract_year(
                (basis, paid_rate.as_ref()),
                price_factors,
                growth_factors,
                *days,
                *full_days,
            );
            let how = How {
                once: part.running.is_some(),
                no_growth: growth_factors.is_empty(),
                compounding: *compounding,
                measure: *measure,
                round_to: *round_to,
            };
            heading
                + &explain_contract_year(
                    (basis, paid_rate.as_ref()),
                    &w,
                    how,
                    (*days, *full_days),
                    *cost,
                )
        }
        Source::Stated { year, amount } => {
            format!("  from the amount stated for {year}: {amount}\n")
        }
        Source::Total {
            phase,
            period,
            amount,
        } => format!(
            "  from the total stated over {} ({} to {}): {amount}\n",
            phase.as_deref().unwrap_or("the term"),
            period.start,
            period.end
        ),
        Source::Saving(y) => explain_saving(y),
    };
    if let Some(v) = &part.vat {
        out += &explain_vat(v);
    }
    for (i, share) in part.shares.iter().enumerate() {
        out += &match (&part.running, i) {
            (Some(running), 0) => explain_running(share, running),
            _ => explain_share(share),
        };
    }
    out
}

/// A block's VAT: its net, VAT and gross, and which the budget bears.
fn explain_vat(v: &VatAmounts) -> String {
    let rate = v.of.rate.normalize();
    let working = match v.of.stated {
        Stated::Net => format!("stated net {}: VAT {rate}% of it = {}", v.net, v.vat),
        Stated::Gross => format!(
            "stated gross {}: VAT inside it {rate}/{} of it = {}",
            v.gross,
            (v.of.rate + Decimal::ONE_HUNDRED).normalize(),
            v.vat
        ),
    };
    let bears = if v.of.recoverable {
        format!(
            "the VAT is recoverable, so the budget bears the net {}",
            v.net
        )
    } else {
        format!(
            "the VAT is not recoverable, so the budget bears the gross {}",
            v.gross
        )
    };
    format!(
        "    {working} (rounded to the penny, half away from zero); net {} + VAT {} = gross {}; {bears}\n",
        v.net, v.vat, v.gross
    )
}

/// The first split of a piece of a line whose sum is rounded once: its exact share, then the
/// line's running total rounded, less the running total before.
fn explain_running(s: &Share, r: &Running) -> String {
    let of = if s.days == s.of_days {
        format!("all {} of the exact cost", measured(s.days, s.measure))
    } else {
        format!(
            "{} of {} of the exact cost",
            number(s.days, s.measure),
            measured(s.of_days, s.measure)
        )
    };
    format!(
        "    {of} = {} (not rounded on its own: the line's sum is rounded once)\n    the line's running total to here rounded to the {}: {}, less {} before: {}\n",
        unrounded(r.exact),
        unit_name(s.round_to),
        r.to_here,
        r.before,
        s.amount
    )
}

/// The conventions a contract year was costed by, as the explanation states them.
#[derive(Clone, Copy)]
struct How {
    /// The line's sum is rounded once, so the year's cost is not rounded on its own.
    once: bool,
    no_growth: bool,
    compounding: Compounding,
    measure: Prorate,
    round_to: RoundTo,
}

/// A weight as a number of days, or of months (a weight in parts of a month, [`MONTH`]),
/// with its unit: `290 days`, `5.516129… months`.
fn measured(weight: u32, measure: Prorate) -> String {
    format!("{} {measure}", number(weight, measure))
}

/// A weight's number alone: `290`, `5.516129…`.
fn number(weight: u32, measure: Prorate) -> String {
    match measure {
        Prorate::Days => weight.to_string(),
        Prorate::Months => {
            let months = Decimal::from(weight) / Decimal::from(MONTH);
            let shown = months
                .round_dp_with_strategy(6, RoundingStrategy::ToZero)
                .normalize();
            let cut = if shown == months { "" } else { "…" };
            format!("{shown}{cut}")
        }
    }
}

fn unit_name(round_to: RoundTo) -> &'static str {
    match round_to {
        RoundTo::Penny => "penny",
        RoundTo::Pound => "pound",
    }
}

/// A contract year's cost: the full year before uplift and growth, the factors that move
/// it, then the part of the year and its rounding.
fn explain_contract_year(
    (basis, paid_rate): (&Basis, Option<&PaidRate>),
    w: &ContractYearWorking,
    how: How,
    (days, full_days): (u32, u32),
    cost: Money,
) -> String {
    let mut out = String::new();
    let head = match (basis, paid_rate) {
        (Basis::Annual(a), _) => format!("annual value {a}"),
        (_, Some(paid)) => {
            out += &explain_paid_rate(basis, paid, how.compounding, "    ");
            format!("{} a year", unrounded(w.annual))
        }
        _ => {
            out += &explain_basis(basis, "    ");
            format!("{} a year", unrounded(w.annual))
        }
    };
    let mut steps = Vec::new();
    let uplift = match how.compounding {
        Compounding::Compound => "uplift",
        Compounding::Simple => "simple uplift (the rates added, each on the base price)",
    };
    for (what, moved) in [(uplift, &w.uplift), ("demand growth", &w.growth)] {
        if !moved.is_empty() {
            let moved: Vec<String> = moved.iter().map(|f| f.normalize().to_string()).collect();
            steps.push(format!("{what} {}", moved.join(" × ")));
        }
    }
    if steps.is_empty() {
        let what = match (how.no_growth, paid_rate.is_some()) {
            (true, true) => "further uplift",
            (true, false) => "uplift",
            (false, true) => "further uplift or growth",
            (false, false) => "uplift or growth",
        };
        out += &format!("    {head}, no {what}\n");
    } else {
        out += &format!(
            "    {head} × {} = × {} → {} a full year\n",
            steps.join(", × "),
            w.factor.normalize(),
            unrounded(w.full_year)
        );
    }
    let span = if days == full_days {
        "a full year".to_string()
    } else {
        format!(
            "× {}/{}",
            number(days, how.measure),
            measured(full_days, how.measure)
        )
    };
    if how.once {
        out += &format!(
            "    {span} = {}, not rounded on its own\n",
            unrounded(w.exact)
        );
    } else {
        out += &format!(
            "    {span} = {} → rounded to the {}, half away from zero: {cost}\n",
            unrounded(w.exact),
            unit_name(how.round_to)
        );
    }
    out
}

/// A rate a payment system rounds: the rate stated, each uplift date's step to the rate paid,
/// and the full year at the rate paid.
fn explain_paid_rate(
    basis: &Basis,
    paid: &PaidRate,
    compounding: Compounding,
    indent: &str,
) -> String {
    let Basis::Drivers {
        drivers, volume, ..
    } = basis
    else {
        return explain_basis(basis, indent);
    };
    let step = paid.rounding.step;
    let mut out = format!(
        "{indent}rate {} per {}, paid in multiples of {}, rounded {} after each uplift:\n",
        unrounded(paid.base),
        drivers.per,
        unrounded(step),
        paid.rounding.direction
    );
    for s in &paid.steps {
        let uplift = match compounding {
            Compounding::Compound => format!("× {}", (Decimal::ONE + s.increase).normalize()),
            Compounding::Simple => format!(
                "+ {}% of {}",
                (s.increase * Decimal::ONE_HUNDRED).normalize(),
                unrounded(paid.base)
            ),
        };
        out += &format!(
            "{indent}  {} {uplift} = {} = {} steps of {} → {}\n",
            unrounded(s.from),
            unrounded(s.exact),
            (s.exact / step).normalize(),
            unrounded(step),
            unrounded(s.rounded)
        );
    }
    out += &format!(
        "{indent}{} × {} = {} a year\n",
        drivers_quantities(drivers, *volume),
        unrounded(paid.paid()),
        unrounded(paid.annual)
    );
    out
}

/// A saving's year: each step is a split by the largest-remainder rule (the share and the
/// rest).
fn explain_saving(y: &SavingYear) -> String {
    let mut out = format!("  from the savings plan for {}:\n", y.year);
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
        // From a start date part way through the year, or pro-rated to the days in contract.
        let from = if y.period.start > y.year.start() {
            format!("from {}", y.period.start)
        } else {
            "in contract".to_string()
        };
        out += &format!(
            "    {from}: {days} of {of} days of {} = {}\n",
            y.phased, y.target
        );
    }
    out += &format!(
        "    target {}, {}% delivered = {} achieved, shown as a negative amount\n",
        y.target,
        y.delivery.normalize(),
        y.achieved
    );
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
        return format!(
            "    all {} of it: {}\n",
            measured(s.days, s.measure),
            s.amount
        );
    }
    let w = share(s);
    let unit = unit_name(s.round_to);
    let penny = if w.spare_penny {
        format!("rounded toward zero, plus a spare {unit} (largest remainder)")
    } else {
        "rounded toward zero".to_string()
    };
    format!(
        "    split by {}: {} of {} of {} = {} → {penny}: {}\n",
        s.measure,
        number(s.days, s.measure),
        measured(s.of_days, s.measure),
        s.whole,
        unrounded(w.exact),
        s.amount
    )
}

fn explain_funding(budget: &str, year: FinancialYear, f: &FundingStep) -> String {
    format!(
        "  funded by {budget} ({}): {} of the line's {} in {year}\n    its piece of this row of {}, split by the largest remainder in proportion to what each budget still receives in {year} (the year's last row takes what is left): {}\n",
        f.share, f.budget_year, f.line_year, f.line_row, f.amount
    )
}

#[cfg(test)]
mod tests {
    use super::unrounded;
    use rust_decimal::Decimal;

    #[test]
    fn unrounded_values_show_six_places_and_say_when_cut() {
        assert_eq!(unrounded(Decimal::new(231_132, 3)), "£231.132");
        // 1/3 of £100: cut after six places, marked.
        assert_eq!(
            unrounded(Decimal::from(100) / Decimal::from(3)),
            "£33.333333…"
        );
        assert_eq!(unrounded(Decimal::new(-123_456_789, 2)), "-£1,234,567.89");
    }
}
