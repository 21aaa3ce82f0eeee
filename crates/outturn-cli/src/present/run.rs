//! Renderers: projections and check outcomes as text tables, CSV, JSON and Markdown.
//!
//! Renderers do no arithmetic: every figure they show was computed by the model (or summed
//! exactly in [`outturn_engine::year_table`]); they only choose how it looks.

use outturn_model::check::{Outcome, Verdict};
use outturn_model::drivers::{Drivers, Rate};
use outturn_model::money::group_thousands;
use outturn_model::scenario::{Growth, LineValue, Target, Uplift, UpliftAt};
use outturn_model::Money;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::present::table::columns;
use outturn_engine::evaluate::Evaluated;
use outturn_engine::year_table::{Totals, YearRow, YearTable};
use outturn_input::scenario_file::LoadedScenario;

/// The exact header of `run --format csv`.
pub const RUN_CSV_HEADER: [&str; 10] = [
    "scenario",
    "line",
    "kind",
    "budget",
    "phase",
    "financial_year",
    "start",
    "end",
    "days",
    "amount",
];
/// The exact header of `check --format csv`.
pub const CHECK_CSV_HEADER: [&str; 7] = [
    "scenario",
    "check",
    "stated",
    "computed",
    "difference",
    "tolerance",
    "verdict",
];

/// A scenario ready to render: its evaluation and its totals.
pub struct RunReport<'a> {
    pub evaluated: &'a Evaluated,
    pub totals: Totals,
    /// A row per line and budget, a column per financial year.
    pub wide: YearTable<(String, String)>,
    /// The amounts by year of each line or budget, for charts.
    pub stacked: YearTable<String>,
}

/// An uplift as a reader would say it: `uplift 3% a year`, `uplift 3%, 2.5%`.
fn uplift_text(u: &Uplift, at: &str) -> String {
    match u {
        Uplift::None => "no uplift".to_string(),
        Uplift::Flat(r) => format!("uplift {}% a year{at}", r.normalize()),
        Uplift::Schedule(rs) => format!(
            "uplift {}{at}",
            rs.iter()
                .map(|r| format!("{}%", r.normalize()))
                .collect::<Vec<_>>()
                .join(", ")
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
            mix.tiers
                .iter()
                .map(|(t, share)| format!("{} {}%", t.name, share.normalize()))
                .collect::<Vec<_>>()
                .join(", "),
            mix.half_days.normalize()
        ),
    };
    format!("{} × {rate}", drivers_quantities(d, d.volume))
}

/// A scenario's assumptions as (input, value) pairs, for the workbook's Inputs sheet and the
/// report page: title, paper, overrides, each contract phase, line and saving.
pub fn assumptions(loaded: &LoadedScenario) -> Vec<(String, String)> {
    let s = &loaded.scenario;
    let mut rows: Vec<(String, String)> = vec![
        ("Scenario".into(), loaded.label()),
        ("Title".into(), s.title.clone()),
        ("Paper".into(), s.paper.clone()),
        ("Overrides".into(), loaded.overrides.join("; ")),
    ];
    for c in &s.contracts {
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
    }
    for l in &s.lines {
        let value = match &l.value {
            LineValue::Annual(a) => format!("{a} a year"),
            LineValue::PerYear(years) => years
                .iter()
                .map(|(y, m)| format!("{y}: {m}"))
                .collect::<Vec<_>>()
                .join("; "),
            LineValue::Drivers(d) => drivers_text(d),
            LineValue::ShareOf { line, share } => {
                format!("{}% of line {line}", share.normalize())
            }
        };
        let growth = match &l.growth {
            Growth::None => String::new(),
            Growth::Flat(g) => format!(" · demand growth {}% a year", g.normalize()),
            Growth::Volumes(counts) => format!(
                " · volumes {}",
                counts
                    .iter()
                    .map(|(y, n)| format!("{y}: {}", n.normalize()))
                    .collect::<Vec<_>>()
                    .join("; ")
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
            format!(
                " · funded by {}",
                l.funding
                    .iter()
                    .map(|f| format!("{} {}", f.budget, f.share))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let at = match l.uplift_at {
            UpliftAt::Anniversary => "",
            UpliftAt::FinancialYear => " at each financial year",
        };
        let uplift = uplift_text(&l.uplift, at);
        rows.push((
            format!("Line {}", l.name),
            format!(
                "{} · {} · {value} · {uplift}{growth}{funded}{funding}",
                l.kind, l.budget
            ),
        ));
    }
    for sv in &s.savings {
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
            format!(
                " · phased {}",
                plan.phasing
                    .iter()
                    .map(|p| format!("{}%", p.normalize()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let delivery = if plan.delivery == Decimal::ONE_HUNDRED {
            String::new()
        } else {
            format!(" · {}% delivered", plan.delivery.normalize())
        };
        rows.push((
            format!("Saving {}", sv.name),
            format!(
                "{amount} against {target} from {from}{}{phasing}{delivery}",
                sv.to.map(|t| format!(" to {t}")).unwrap_or_default()
            ),
        ));
    }
    rows
}

/// `overrides: --set uplift=6%` under a scenario's heading when any were applied.
fn overrides_line(overrides: &[String]) -> String {
    if overrides.is_empty() {
        String::new()
    } else {
        format!("overrides: --set {}\n", overrides.join(" --set "))
    }
}

fn row_cells(e: &Evaluated) -> Vec<Vec<String>> {
    e.projection
        .rows
        .iter()
        .map(|r| {
            vec![
                r.line.clone(),
                r.kind.to_string(),
                r.budget.clone(),
                r.phase.clone(),
                r.year.to_string(),
                r.period.start.to_string(),
                r.period.end.to_string(),
                r.period.days().to_string(),
            ]
        })
        .collect()
}

pub fn run_table(reports: &[RunReport]) -> String {
    let mut out = String::new();
    for (i, rep) in reports.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let s = &rep.evaluated.loaded.scenario;
        out += &format!(
            "{} ({})\npaper: {}\n",
            s.title, rep.evaluated.loaded.name, s.paper
        );
        out += &overrides_line(&rep.evaluated.loaded.overrides);
        out.push('\n');
        let rows: Vec<Vec<String>> = row_cells(rep.evaluated)
            .into_iter()
            .zip(&rep.evaluated.projection.rows)
            .map(|(mut cells, r)| {
                cells.push(r.amount.to_string());
                cells
            })
            .collect();
        out += &columns(
            &RUN_CSV_HEADER[1..],
            &rows,
            &[false, false, false, false, false, false, false, true, true],
        );
        for (title, list) in [
            ("contract", &rep.totals.by_contract),
            ("phase", &rep.totals.by_phase),
            ("financial year", &rep.totals.by_year),
            ("line", &rep.totals.by_line),
            ("budget", &rep.totals.by_budget),
        ] {
            // One contract's total is the overall total, shown once at the end.
            if title == "contract" && list.len() < 2 {
                continue;
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|(k, m)| vec![format!("  {k}"), m.to_string(), m.short()])
                .collect();
            let heading = format!("total by {title}");
            out.push('\n');
            out += &columns(&[&heading, "", ""], &rows, &[false, true, true]);
        }
        out += &format!(
            "\ntotal  {}  ({})\n",
            rep.totals.overall,
            rep.totals.overall.short()
        );
    }
    out
}

fn csv_bytes(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail; the csv crate only reports I/O errors.
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.write_record(&r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The wide layout: `scenario,line,budget,<year>…,total`, a row per line and budget, then a
/// total row per scenario. Amounts are plain numbers, so Excel reads them as numbers.
pub fn run_csv_wide(reports: &[RunReport]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, rep) in reports.iter().enumerate() {
        let (e, w) = (rep.evaluated, &rep.wide);
        let mut header = vec!["scenario", "line", "budget"];
        header.extend(w.years.iter().map(String::as_str));
        header.push("total");
        let mut rows: Vec<Vec<String>> = w
            .rows
            .iter()
            .map(
                |YearRow {
                     key: (line, budget),
                     amounts,
                     total,
                 }| {
                    let mut r = vec![e.loaded.label(), line.clone(), budget.clone()];
                    r.extend(amounts.iter().map(|m| m.plain()));
                    r.push(total.plain());
                    r
                },
            )
            .collect();
        let mut total_row = vec![e.loaded.label(), "total".to_string(), String::new()];
        total_row.extend(w.year_totals.iter().map(|m| m.plain()));
        total_row.push(w.total.plain());
        rows.push(total_row);
        if i > 0 {
            // Scenarios with different years cannot share one header: each has its own.
            out.push(b'\n');
        }
        out.extend(csv_bytes(&header, rows));
    }
    out
}

pub fn run_csv(reports: &[RunReport]) -> Vec<u8> {
    let rows = reports.iter().flat_map(|rep| {
        let name = rep.evaluated.loaded.label();
        row_cells(rep.evaluated)
            .into_iter()
            .zip(&rep.evaluated.projection.rows)
            .map(move |(cells, r)| {
                let mut out = vec![name.clone()];
                out.extend(cells);
                out.push(r.amount.plain());
                out
            })
    });
    csv_bytes(&RUN_CSV_HEADER, rows)
}

fn money_pairs(list: &[(String, Money)], key: &str) -> Value {
    Value::Array(
        list.iter()
            .map(|(k, m)| json!({ key: k, "amount": m.plain() }))
            .collect(),
    )
}

pub fn run_json(reports: &[RunReport]) -> String {
    let scenarios: Vec<Value> = reports
        .iter()
        .map(|rep| {
            let e = rep.evaluated;
            let rows: Vec<Value> = e
                .projection
                .rows
                .iter()
                .map(|r| {
                    json!({
                        "line": r.line, "kind": r.kind.to_string(), "budget": r.budget,
                        "contract": r.contract, "phase": r.phase,
                        "financial_year": r.year.to_string(), "start": r.period.start.to_string(),
                        "end": r.period.end.to_string(), "days": r.period.days(),
                        "amount": r.amount.plain(),
                    })
                })
                .collect();
            json!({
                "scenario": e.loaded.name, "overrides": e.loaded.overrides,
                "title": e.loaded.scenario.title,
                "paper": e.loaded.scenario.paper, "rows": rows,
                "totals": {
                    "by_contract": money_pairs(&rep.totals.by_contract, "contract"),
                    "by_phase": money_pairs(&rep.totals.by_phase, "phase"),
                    "by_financial_year": money_pairs(&rep.totals.by_year, "financial_year"),
                    "by_line": money_pairs(&rep.totals.by_line, "line"),
                    "by_budget": money_pairs(&rep.totals.by_budget, "budget"),
                    "overall": rep.totals.overall.plain(),
                },
            })
        })
        .collect();
    serde_json::to_string_pretty(&scenarios).expect("JSON values always serialise") + "\n"
}

fn markdown_table(header: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let escape = |s: &str| s.replace('|', "\\|");
    let mut out = format!(
        "| {} |\n|",
        header
            .iter()
            .map(|h| escape(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    for r in right {
        out += if *r { " ---: |" } else { " --- |" };
    }
    out.push('\n');
    for row in rows {
        out += &format!(
            "| {} |\n",
            row.iter()
                .map(|c| escape(c))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    out
}

pub fn run_markdown(reports: &[RunReport]) -> String {
    let mut out = String::new();
    for rep in reports {
        let e = rep.evaluated;
        out += &format!(
            "## {}\n\nPaper: {}\n\n",
            e.loaded.scenario.title, e.loaded.scenario.paper
        );
        out += &overrides_line(&e.loaded.overrides);
        let rows: Vec<Vec<String>> = row_cells(e)
            .into_iter()
            .zip(&e.projection.rows)
            .map(|(mut c, r)| {
                c.push(r.amount.to_string());
                c
            })
            .collect();
        out += &markdown_table(
            &RUN_CSV_HEADER[1..],
            &rows,
            &[false, false, false, false, false, false, false, true, true],
        );
        for (title, key, list) in [
            ("contract", "Contract", &rep.totals.by_contract),
            ("phase", "Phase", &rep.totals.by_phase),
            ("financial year", "Financial year", &rep.totals.by_year),
            ("line", "Line", &rep.totals.by_line),
            ("budget", "Budget", &rep.totals.by_budget),
        ] {
            if title == "contract" && list.len() < 2 {
                continue;
            }
            out += &format!("\nTotal by {title}:\n\n");
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|(k, m)| vec![k.clone(), m.to_string()])
                .collect();
            out += &markdown_table(&[key, "Amount"], &rows, &[false, true]);
        }
        out += &format!("\n**Total: {}**\n\n", rep.totals.overall);
    }
    out
}

/// A check's figure as a plain number: money to the penny, counts as they are.
fn plain(o: &Outcome, d: Decimal) -> String {
    if o.money {
        format!("{:.2}", d)
    } else {
        d.normalize().to_string()
    }
}

/// A check's figure for reading: `£3,900,000.00`, or `750` for a count.
pub(crate) fn shown(o: &Outcome, d: Decimal) -> String {
    if o.money {
        // Check figures are sums of pennies or printed amounts, so rounding shows them whole.
        Money::round_half_away(d).to_string()
    } else {
        let n = d.normalize().to_string();
        let (sign, digits) = n.strip_prefix('-').map_or(("", n.as_str()), |r| ("-", r));
        let (whole, frac) = digits
            .split_once('.')
            .map_or((digits, None), |(w, f)| (w, Some(f)));
        format!(
            "{sign}{}{}",
            group_thousands(whole),
            frac.map(|f| format!(".{f}")).unwrap_or_default()
        )
    }
}

pub(crate) fn signed(o: &Outcome, d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", shown(o, d))
    } else {
        shown(o, d)
    }
}

pub fn check_table(evaluated: &[Evaluated]) -> String {
    let mut rows = Vec::new();
    let mut reasons = String::new();
    for e in evaluated {
        for o in &e.outcomes {
            rows.push(vec![
                e.loaded.label(),
                o.check.clone(),
                o.text.clone(),
                shown(o, o.computed),
                signed(o, o.difference),
                o.tolerance.to_string(),
                o.verdict.to_string(),
            ]);
            if let (Verdict::Acknowledged, Some(r)) = (o.verdict, &o.reason) {
                reasons += &format!("- {} / {}: {}\n", e.loaded.name, o.check, r);
            }
        }
    }
    let mut out = columns(
        &CHECK_CSV_HEADER,
        &rows,
        &[false, false, false, true, true, false, false],
    );
    let count = |v: Verdict| {
        evaluated
            .iter()
            .flat_map(|e| &e.outcomes)
            .filter(|o| o.verdict == v)
            .count()
    };
    out += &format!(
        "\n{} consistent, {} inconsistent, {} acknowledged\n",
        count(Verdict::Consistent),
        count(Verdict::Inconsistent),
        count(Verdict::Acknowledged)
    );
    if !reasons.is_empty() {
        out += &format!("\nacknowledged:\n{reasons}");
    }
    out
}

/// The checks as a Markdown table, verdicts in bold where a paper is inconsistent, then the
/// reasons given for acknowledged inconsistencies.
pub fn check_markdown(evaluated: &[Evaluated]) -> String {
    let mut rows = Vec::new();
    let mut reasons = String::new();
    for e in evaluated {
        for o in &e.outcomes {
            let verdict = match o.verdict {
                Verdict::Consistent => o.verdict.to_string(),
                _ => format!("**{}**", o.verdict),
            };
            rows.push(vec![
                e.loaded.label(),
                o.check.clone(),
                o.text.clone(),
                shown(o, o.computed),
                signed(o, o.difference),
                o.tolerance.to_string(),
                verdict,
            ]);
            if let (Verdict::Acknowledged, Some(r)) = (o.verdict, &o.reason) {
                reasons += &format!("- {} / {}: {}\n", e.loaded.label(), o.check, r);
            }
        }
    }
    let mut out = markdown_table(
        &[
            "Scenario",
            "Check",
            "Printed",
            "Computed",
            "Difference",
            "Tolerance",
            "Verdict",
        ],
        &rows,
        &[false, false, false, true, true, false, false],
    );
    if !reasons.is_empty() {
        out += &format!("\nAcknowledged:\n\n{reasons}");
    }
    out
}

pub fn check_csv(evaluated: &[Evaluated]) -> Vec<u8> {
    let rows = evaluated.iter().flat_map(|e| {
        e.outcomes.iter().map(|o| {
            vec![
                e.loaded.label(),
                o.check.clone(),
                plain(o, o.stated),
                plain(o, o.computed),
                plain(o, o.difference),
                o.tolerance.to_string(),
                o.verdict.to_string(),
            ]
        })
    });
    csv_bytes(&CHECK_CSV_HEADER, rows)
}

pub fn check_json(evaluated: &[Evaluated]) -> String {
    let checks: Vec<Value> = evaluated
        .iter()
        .flat_map(|e| {
            e.outcomes.iter().map(|o| {
                json!({
                    "scenario": e.loaded.name, "overrides": e.loaded.overrides, "check": o.check, "printed": o.text,
                    "stated": plain(o, o.stated), "computed": plain(o, o.computed),
                    "difference": plain(o, o.difference), "tolerance": o.tolerance.to_string(),
                    "verdict": o.verdict.to_string(), "reason": o.reason,
                })
            })
        })
        .collect();
    serde_json::to_string_pretty(&checks).expect("JSON values always serialise") + "\n"
}
