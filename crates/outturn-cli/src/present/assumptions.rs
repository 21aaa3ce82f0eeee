//! A scenario's assumptions in words, for the workbook's Inputs sheet, the report page and
//! `explain`: `uplift 3% a year`, `795 people × 2 days a week × 50 weeks a year × £70 a day`.

use outturn_input::scenario_file::LoadedScenario;
use outturn_model::drivers::{Drivers, Rate};
use outturn_model::prorate::Prorate;
use outturn_model::scenario::{
    Compounding, Contract, Conventions, Growth, Line, LineValue, RoundTo, RoundingOrder, Saving,
    Target, TermTotal, Uplift, UpliftAt,
};
use rust_decimal::Decimal;

/// Items joined by `sep`, each shown by `show`.
fn listed<T>(items: impl IntoIterator<Item = T>, show: impl Fn(T) -> String, sep: &str) -> String {
    items.into_iter().map(show).collect::<Vec<_>>().join(sep)
}

/// An uplift as a reader would say it: `uplift 3% a year`, `uplift 3%, 2.5%`.
fn uplift_text(u: &Uplift, at: &str) -> String {
    match u {
        Uplift::None => "no uplift".to_string(),
        Uplift::Flat(r) => format!("uplift {}% a year{at}", r.normalize()),
        Uplift::Schedule(rs) => format!(
            "uplift {}{at}",
            listed(rs, |r| format!("{}%", r.normalize()), ", ")
        ),
        Uplift::Index(ix) if ix.lag_months == 0 => format!("uplift by index {}{at}", ix.index),
        Uplift::Index(ix) => format!(
            "uplift by index {}, {} months before{at}",
            ix.index, ix.lag_months
        ),
    }
}

/// What a driver line buys at `volume`: `795 people × 2 days a week × 50 weeks a year`.
pub fn drivers_quantities(d: &Drivers, volume: Decimal) -> String {
    let per_week = d
        .per_week
        .map(|w| format!(" × {} {}s a week", w.normalize(), d.per))
        .unwrap_or_default();
    format!(
        "{} {}{per_week} × {} weeks a year",
        volume.normalize(),
        d.unit,
        d.weeks_per_year.normalize()
    )
}

/// A driver line's drivers: `795 people × 2 days a week × 50 weeks a year × £70 a day`.
fn drivers_text(d: &Drivers) -> String {
    let rate = match &d.rate {
        Rate::Flat(r) => format!("£{} a {}", r.normalize(), d.per),
        Rate::Card(mix) => format!(
            "rate card {} ({}; {}% half days)",
            mix.card,
            listed(
                &mix.tiers,
                |(t, share)| format!("{} {}%", t.name, share.normalize()),
                ", "
            ),
            mix.half_days.normalize()
        ),
    };
    format!("{} × {rate}", drivers_quantities(d, d.volume))
}

/// A scenario's assumptions as (input, value) pairs: title, paper, overrides, each contract
/// phase and break, each line and each saving.
pub fn assumptions(loaded: &LoadedScenario) -> Vec<(String, String)> {
    let s = &loaded.scenario;
    let mut rows: Vec<(String, String)> = vec![
        ("Scenario".into(), loaded.label()),
        ("Title".into(), s.title.clone()),
        ("Paper".into(), s.paper.clone()),
        ("Overrides".into(), loaded.overrides.join("; ")),
    ];
    for c in &s.contracts {
        rows.extend(contract_rows(c));
    }
    for l in &s.lines {
        rows.push((format!("Line {}", l.name), line_text(l)));
    }
    for sv in &s.savings {
        rows.push((format!("Saving {}", sv.name), saving_text(sv)));
    }
    rows
}

/// A contract's phases (`2021-04-01 to 2024-03-31 (taken)`) and its break clause.
fn contract_rows(c: &Contract) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for phase in c.term.phases() {
        let taken = if phase.taken { "taken" } else { "not taken" };
        rows.push((
            format!("Contract {} {}", c.name, phase.id),
            format!("{} to {} ({taken})", phase.period.start, phase.period.end),
        ));
    }
    if let Some(b) = &c.break_clause {
        rows.push((
            format!("Contract {} break", c.name),
            format!(
                "ends {} on {} months' notice, served by {}",
                b.on, b.notice_months, b.notice_by
            ),
        ));
    }
    rows
}

/// A line: `service · budget · £1,300,000.00 a year · uplift 3% a year`, then its demand
/// growth, funded uplift and funding budgets when it has them.
fn line_text(l: &Line) -> String {
    let value = match &l.value {
        LineValue::Annual(a) => format!("{a} a year"),
        LineValue::PerYear(years) => listed(years, |(y, m)| format!("{y}: {m}"), "; "),
        LineValue::Drivers(d) => drivers_text(d),
        LineValue::ShareOf { line, share } => format!("{}% of line {line}", share.normalize()),
        LineValue::Total(TermTotal::Term(t)) => format!("{t} over the term"),
        LineValue::Total(TermTotal::Phases(by_phase)) => {
            listed(by_phase, |(p, m)| format!("{m} over {p}"), "; ")
        }
    };
    let growth = match &l.growth {
        Growth::None => String::new(),
        Growth::Flat(g) => format!(" · demand growth {}% a year", g.normalize()),
        Growth::Volumes(counts) => format!(
            " · volumes {}",
            listed(counts, |(y, n)| format!("{y}: {}", n.normalize()), "; ")
        ),
    };
    let funded = l
        .funded_uplift
        .as_ref()
        .map(|u| format!(" · funded {}", uplift_text(u, "")))
        .unwrap_or_default();
    let funding = if l.funding.is_empty() {
        String::new()
    } else {
        let budgets = listed(&l.funding, |f| format!("{} {}", f.budget, f.share), ", ");
        format!(" · funded by {budgets}")
    };
    let at = match l.uplift_at {
        UpliftAt::Anniversary => "",
        UpliftAt::FinancialYear => " at each financial year",
    };
    let uplift = uplift_text(&l.uplift, at);
    let conventions = conventions_text(&l.conventions);
    format!(
        "{} · {} · {value} · {uplift}{growth}{funded}{funding}{conventions}",
        l.kind, l.budget
    )
}

/// The costing conventions a line states where they differ from Outturn's own
/// (`docs/conventions.md`): ` · simple uplift · pro rata by months · …`; nothing by default.
fn conventions_text(c: &Conventions) -> String {
    let mut out = String::new();
    if c.compounding == Compounding::Simple {
        out += " · simple uplift";
    }
    if c.prorate == Prorate::Months {
        out += " · pro rata by months";
    }
    if c.round_to == RoundTo::Pound {
        out += " · rounded to the pound";
    }
    if c.order == RoundingOrder::Once {
        out += " · the line's sum rounded once";
    }
    if let Some(r) = c.rate_rounding {
        out += &format!(
            " · rate rounded {} to a multiple of £{}",
            r.direction, r.step
        );
    }
    out
}

/// A saving: `5% of gross spend against line dpss from 2025-04-01 · phased 50%, 100%`.
fn saving_text(sv: &Saving) -> String {
    let target = match &sv.target {
        Target::Line(l) => format!("line {l}"),
        Target::Budget(b) => format!("budget {b}"),
    };
    let plan = sv.plan.clone().unwrap_or_default();
    let amount = match plan.percent_of_gross {
        Some(p) => format!("{}% of gross spend", p.normalize()),
        None => format!("{} a year", sv.per_year),
    };
    let from = plan
        .from_date
        .map_or_else(|| sv.from.to_string(), |d| d.to_string());
    let phasing = if plan.phasing.is_empty() {
        String::new()
    } else {
        let shares = listed(&plan.phasing, |p| format!("{}%", p.normalize()), ", ");
        format!(" · phased {shares}")
    };
    let delivery = if plan.delivery == Decimal::ONE_HUNDRED {
        String::new()
    } else {
        format!(" · {}% delivered", plan.delivery.normalize())
    };
    format!(
        "{amount} against {target} from {from}{}{phasing}{delivery}",
        sv.to.map(|t| format!(" to {t}")).unwrap_or_default()
    )
}
