//! A budget monitoring report as grids, for the one table writer (text, CSV, JSON,
//! Markdown): the report by budget holder, the movement by cause, savings delivery, and the
//! report in long form (a row per figure) for CSV.
//!
//! Like every presenter it does no arithmetic on money: every figure is the engine's.

use outturn_engine::grid::{Cell, Grid};
use outturn_engine::monitoring::{Level, Monitoring, Row};
use outturn_model::monitoring::{Cause, CommitmentRule, FiscalPeriod, VarianceSign, PERIODS};
use outturn_model::Money;

fn text(t: impl Into<String>) -> Cell {
    Cell::Text(t.into())
}

fn money(m: Money) -> Cell {
    Cell::Money(m)
}

/// How a row is named in a table: `LD26-DAY Day opportunities`, or `Total Commissioning`.
pub fn label(row: &Row) -> String {
    match row.level {
        Level::CostCentre if row.name.is_empty() => row.code.clone(),
        Level::CostCentre => format!("{} {}", row.code, row.name),
        Level::Service => format!("Total {}", row.service),
        Level::Directorate => format!("Total {}", row.directorate),
        Level::Council => "Total council".into(),
    }
}

/// `Budget monitoring 2022-23 at P6 (actuals to 30 September 2022)`.
pub fn heading(m: &Monitoring) -> String {
    let end = FiscalPeriod::new(m.period + 1)
        .and_then(|p| p.month_start(m.year))
        .unwrap_or_else(|| m.year.next().start())
        .pred_opt()
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_default();
    format!(
        "{}: budget monitoring {} at P{} (actuals to {end})",
        m.title, m.year, m.period
    )
}

/// How the variances are signed, in words.
pub fn sign_note(sign: VarianceSign) -> &'static str {
    match sign {
        VarianceSign::OverspendPositive => {
            "Variance is forecast outturn − latest budget: an overspend is positive, an underspend negative."
        }
        VarianceSign::UnderspendPositive => {
            "Variance is latest budget − forecast outturn: an underspend is positive, an overspend negative."
        }
    }
}

/// The notes under the report: signs, rules, the ledger read, and what was left out.
pub fn notes(m: &Monitoring) -> Vec<String> {
    let mut notes = vec![sign_note(m.sign).to_string()];
    let l = &m.ledger;
    let control = match l.control_total {
        Some(c) => format!(", matching its control total {c}"),
        None => String::new(),
    };
    notes.push(format!(
        "Actuals: {} lines of {} counted, totalling {}{control}.",
        l.counted,
        l.path.display(),
        l.total
    ));
    if l.left_out > 0 {
        notes.push(format!(
            "{} lines of other ledgers (budget or encumbrance balances, or a non-leading ledger) were left out.",
            l.left_out
        ));
    }
    let counted: Money = m
        .rows
        .last()
        .map_or(Money::ZERO, |r| r.figures.commitments_counted);
    notes.push(match m.commitment_rule {
        None => "No commitments were stated.".to_string(),
        Some(CommitmentRule::Shown) => {
            "Commitments are shown and not counted in the outturn: the forecast covers them.".to_string()
        }
        Some(CommitmentRule::Added) => format!(
            "Commitments are added to the forecast outturn: {counted} in all."
        ),
        Some(CommitmentRule::AddedWhereNoContract) => format!(
            "Commitments are added to the outturn only where no contract forecasts the spend ({counted} in all); orders against contracts are in the contracts' forecasts."
        ),
    });
    for v in &m.later_virements {
        notes.push(format!(
            "Virement {} of {} to {} is dated {}, after P{}, and is not yet in the latest budget.",
            v.reference, v.amount, v.cost_centre, v.date, m.period
        ));
    }
    let e = &m.exceptions;
    if e.lines > 0 {
        notes.push(format!(
            "Exceptions: {} lines could not be counted and were skipped (--skip-bad-rows), stating {} ({} with no amount that could be read).",
            e.lines,
            Money::from_pennies(e.pennies),
            e.unreadable
        ));
    }
    notes
}

/// The report by budget holder, with each service, directorate and the council.
pub fn report_grid(m: &Monitoring) -> Grid {
    let mut header: Vec<String> = [
        "budget holder",
        "forecast method",
        "original budget",
        "latest budget",
        "actual to date",
        "commitments",
        "forecast to year end",
        "forecast outturn",
        "variance",
        "variance %",
        "RAG",
    ]
    .map(String::from)
    .to_vec();
    if let Some(p) = m.previous_period {
        header.push(format!("outturn at P{p}"));
        header.push("movement".into());
    }
    let rows = m
        .rows
        .iter()
        .map(|r| {
            let f = &r.figures;
            let mut cells = vec![
                text(label(r)),
                text(r.method.map(|x| x.to_string()).unwrap_or_default()),
                money(f.original),
                money(f.latest),
                money(f.actual),
                money(f.commitments),
                money(f.forecast),
                money(f.outturn),
                money(f.variance),
                f.variance_percent.map_or(Cell::Empty, Cell::Percent),
                text(f.rag.map(|x| x.to_string()).unwrap_or_default()),
            ];
            if let Some(p) = &f.previous {
                cells.push(money(p.outturn));
                cells.push(money(p.movement));
            }
            cells
        })
        .collect();
    Grid {
        title: heading(m),
        header,
        rows,
        notes: notes(m),
    }
}

/// The movement since the previous forecast by cause, for every row.
pub fn movement_grid(m: &Monitoring) -> Option<Grid> {
    let p = m.previous_period?;
    let mut header = vec!["budget holder".to_string(), format!("outturn at P{p}")];
    header.extend(Cause::ALL.iter().map(|c| c.to_string()));
    header.push("movement".into());
    header.push(format!("outturn at P{}", m.period));
    let rows = m
        .rows
        .iter()
        .filter_map(|r| {
            let prev = r.figures.previous.as_ref()?;
            let mut cells = vec![text(label(r)), money(prev.outturn)];
            cells.extend(
                Cause::ALL
                    .iter()
                    .map(|c| money(prev.causes.get(c).copied().unwrap_or_default())),
            );
            cells.push(money(prev.movement));
            cells.push(money(r.figures.outturn));
            Some(cells)
        })
        .collect();
    Some(Grid {
        title: format!("Movement in the forecast outturn since P{p}, by cause"),
        header,
        rows,
        notes: vec![
            "new actuals: the months closed since, against what was forecast for them, and trends re-drawn from them; contract changes: contracts' forecasts for the months to come; savings slippage: savings plans' forecast delivery; budget changes: budget profiles following virements.".into(),
        ],
    })
}

/// Each savings plan's delivery.
pub fn savings_grid(m: &Monitoring) -> Option<Grid> {
    if m.savings.is_empty() {
        return None;
    }
    let rows = m
        .savings
        .iter()
        .map(|s| {
            vec![
                text(&s.name),
                text(&s.cost_centre),
                money(s.planned),
                money(s.delivered),
                money(s.forecast),
                money(s.shortfall),
                text(s.status.to_string()),
                text(if s.in_forecast { "yes" } else { "no" }),
            ]
        })
        .collect();
    Some(Grid {
        title: "Savings delivery".into(),
        header: [
            "saving",
            "cost centre",
            "planned",
            "delivered to date",
            "forecast delivery",
            "shortfall",
            "status",
            "shortfall in forecast",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: vec![
            "A shortfall is added to the forecast where the forecast assumes the plan delivers (a contract's scenario takes the saving, or the budget profile has it); a straight line or last year's profile carries what the actuals show.".into(),
        ],
    })
}

/// Every grid of the report, in order.
pub fn grids(m: &Monitoring) -> Vec<Grid> {
    let mut out = vec![report_grid(m)];
    out.extend(movement_grid(m));
    out.extend(savings_grid(m));
    out
}

/// The report in its CSV columns: a row per budget holder and level, a column per figure.
pub fn wide_grid(m: &Monitoring) -> Grid {
    let mut header: Vec<String> = [
        "level",
        "directorate",
        "service",
        "cost_centre",
        "name",
        "forecast_method",
        "original_budget",
        "virements",
        "latest_budget",
        "actual",
        "commitments",
        "commitments_counted",
        "forecast",
        "outturn",
        "variance",
        "variance_percent",
        "rag",
    ]
    .map(String::from)
    .to_vec();
    if m.previous_period.is_some() {
        header.extend(["previous_outturn", "previous_variance", "movement"].map(String::from));
        header.extend(
            Cause::ALL
                .iter()
                .map(|c| format!("movement_{}", c.to_string().replace(' ', "_"))),
        );
    }
    let rows = m
        .rows
        .iter()
        .map(|r| {
            let f = &r.figures;
            let mut cells = vec![
                text(r.level.to_string()),
                text(&r.directorate),
                text(&r.service),
                text(&r.code),
                text(&r.name),
                text(r.method.map(|x| x.to_string()).unwrap_or_default()),
                money(f.original),
                money(f.virements),
                money(f.latest),
                money(f.actual),
                money(f.commitments),
                money(f.commitments_counted),
                money(f.forecast),
                money(f.outturn),
                money(f.variance),
                f.variance_percent.map_or(Cell::Empty, Cell::Number),
                text(f.rag.map(|x| x.to_string()).unwrap_or_default()),
            ];
            if let Some(p) = &f.previous {
                cells.extend([money(p.outturn), money(p.variance), money(p.movement)]);
                cells.extend(
                    Cause::ALL
                        .iter()
                        .map(|c| money(p.causes.get(c).copied().unwrap_or_default())),
                );
            }
            cells
        })
        .collect();
    Grid {
        title: heading(m),
        header,
        rows,
        notes: Vec::new(),
    }
}

/// The report in long form: a row per figure, the year's figures with no period and the
/// budget profile, actuals and forecast by period.
pub fn long_grid(m: &Monitoring) -> Grid {
    let mut rows = Vec::new();
    for r in &m.rows {
        let f = &r.figures;
        let mut push = |measure: &str, period: String, amount: Money| {
            rows.push(vec![
                text(r.level.to_string()),
                text(&r.directorate),
                text(&r.service),
                text(&r.code),
                text(measure),
                text(period),
                money(amount),
            ]);
        };
        let year = [
            ("original_budget", f.original),
            ("virements", f.virements),
            ("latest_budget", f.latest),
            ("actual", f.actual),
            ("commitments", f.commitments),
            ("commitments_counted", f.commitments_counted),
            ("forecast", f.forecast),
            ("outturn", f.outturn),
            ("variance", f.variance),
        ];
        for (measure, amount) in year {
            push(measure, String::new(), amount);
        }
        if let Some(p) = &f.previous {
            push("previous_outturn", String::new(), p.outturn);
            push("movement", String::new(), p.movement);
            for c in Cause::ALL {
                let amount = p.causes.get(&c).copied().unwrap_or_default();
                push(
                    &format!("movement_{}", c.to_string().replace(' ', "_")),
                    String::new(),
                    amount,
                );
            }
        }
        for period in FiscalPeriod::all() {
            let i = period.index();
            let by_period = [
                ("budget", f.budget_by_period[i]),
                ("actual", f.actual_by_period[i]),
                ("forecast", f.forecast_by_period[i]),
            ];
            for (measure, amount) in by_period {
                // P13 has only actuals, and only at the year end.
                if i + 1 < PERIODS || !amount.as_decimal().is_zero() {
                    push(measure, period.to_string(), amount);
                }
            }
        }
    }
    Grid {
        title: heading(m),
        header: [
            "level",
            "directorate",
            "service",
            "cost_centre",
            "measure",
            "period",
            "amount",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: Vec::new(),
    }
}
