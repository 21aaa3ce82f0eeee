//! The report's rows: each budget holder, then each service, directorate and the council,
//! added up from the holders below them, with the variance, its percentage and the RAG rating
//! of each level worked from its own totals (a percentage is never an average of
//! percentages). Sums are of pennies, so every total is exact.

use std::collections::BTreeMap;
use std::fmt;

use outturn_model::monitoring::{
    overspend, saving_status, shortfall, variance, variance_percent, Cause, Component, Method, Rag,
    RagRule, VarianceSign, PERIODS,
};
use outturn_model::Money;
use rust_decimal::Decimal;

use super::forecast::HolderYear;
use super::load::Inputs;
use super::movement::HolderMovement;
use super::SavingRow;

/// A level of the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    CostCentre,
    Service,
    Directorate,
    Council,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::CostCentre => "cost centre",
            Level::Service => "service",
            Level::Directorate => "directorate",
            Level::Council => "council",
        })
    }
}

/// The previous month's forecast and the movement from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previous {
    pub outturn: Money,
    /// The previous variance, in the config's sign.
    pub variance: Money,
    /// This month's outturn less the previous.
    pub movement: Money,
    /// The movement by cause, adding up to it exactly.
    pub causes: BTreeMap<Cause, Money>,
}

/// One row's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    pub original: Money,
    pub virements: Money,
    pub latest: Money,
    pub actual: Money,
    /// Orders raised and not yet paid.
    pub commitments: Money,
    /// The commitments counted in the outturn.
    pub commitments_counted: Money,
    /// The forecast of the months to come.
    pub forecast: Money,
    /// Actual + forecast + commitments counted.
    pub outturn: Money,
    /// Outturn against the latest budget, in the config's sign.
    pub variance: Money,
    pub variance_percent: Option<Decimal>,
    /// `None` where the config states no thresholds for the level.
    pub rag: Option<Rag>,
    pub previous: Option<Previous>,
    /// The latest budget's profile, the actuals, and the forecast, by period (P1 to P13).
    pub budget_by_period: [Money; PERIODS],
    pub actual_by_period: [Money; PERIODS],
    pub forecast_by_period: [Money; PERIODS],
}

/// A row of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub level: Level,
    pub directorate: String,
    /// Empty for directorate and council rows.
    pub service: String,
    /// The cost centre's code; empty above cost centres.
    pub code: String,
    /// The cost centre's name; empty above cost centres.
    pub name: String,
    /// How a cost centre's spend beside its contracts is forecast.
    pub method: Option<Method>,
    pub figures: Figures,
}

/// What adds up the hierarchy.
#[derive(Debug, Clone, Default)]
struct Sums {
    original: Money,
    virements: Money,
    latest: Money,
    actual: Money,
    commitments: Money,
    counted: Money,
    forecast: Money,
    budget: [Money; PERIODS],
    actuals: [Money; PERIODS],
    forecasts: [Money; PERIODS],
    previous: Option<(Money, Money, BTreeMap<Cause, Money>)>,
}

fn add_months(into: &mut [Money; PERIODS], from: &[Money]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a += *b;
    }
}

impl Sums {
    fn of(year: &HolderYear, movement: Option<&HolderMovement>) -> Sums {
        let mut s = Sums {
            original: year.original,
            virements: year.virements,
            latest: year.latest,
            actual: year.actual(),
            commitments: year.commitments,
            counted: year.commitments_counted,
            forecast: year.forecast(),
            previous: movement.map(|m| (m.previous_outturn, m.previous_latest, m.causes.clone())),
            ..Sums::default()
        };
        add_months(&mut s.budget, &year.profile);
        for (component, months) in &year.parts {
            let into = if *component == Component::Actual {
                &mut s.actuals
            } else {
                &mut s.forecasts
            };
            add_months(into, months);
        }
        s
    }

    fn add(&mut self, o: &Sums) {
        self.original += o.original;
        self.virements += o.virements;
        self.latest += o.latest;
        self.actual += o.actual;
        self.commitments += o.commitments;
        self.counted += o.counted;
        self.forecast += o.forecast;
        add_months(&mut self.budget, &o.budget);
        add_months(&mut self.actuals, &o.actuals);
        add_months(&mut self.forecasts, &o.forecasts);
        if let Some((outturn, latest, causes)) = &o.previous {
            let (o2, l2, c2) = self
                .previous
                .get_or_insert_with(|| (Money::ZERO, Money::ZERO, BTreeMap::new()));
            *o2 += *outturn;
            *l2 += *latest;
            for (cause, m) in causes {
                *c2.entry(*cause).or_insert(Money::ZERO) += *m;
            }
        }
    }

    fn figures(&self, rule: Option<RagRule>, sign: VarianceSign) -> Figures {
        let outturn = self.actual + self.forecast + self.counted;
        let v = variance(outturn, self.latest, sign);
        Figures {
            original: self.original,
            virements: self.virements,
            latest: self.latest,
            actual: self.actual,
            commitments: self.commitments,
            commitments_counted: self.counted,
            forecast: self.forecast,
            outturn,
            variance: v,
            variance_percent: variance_percent(v, self.latest),
            rag: rule.map(|r| r.rate(overspend(outturn, self.latest), self.latest)),
            previous: self.previous.as_ref().map(|(p, latest, causes)| Previous {
                outturn: *p,
                variance: variance(*p, *latest, sign),
                movement: outturn - *p,
                causes: causes.clone(),
            }),
            budget_by_period: self.budget,
            actual_by_period: self.actuals,
            forecast_by_period: self.forecasts,
        }
    }
}

/// Names in the order they first appear.
fn in_order<'a>(names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for n in names {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// The report's rows in reporting order (see [`super::Monitoring::rows`]).
pub fn rows(
    inputs: &Inputs,
    holders: &[(String, HolderYear)],
    movements: Option<&[HolderMovement]>,
) -> Vec<Row> {
    let (rag, sign) = (inputs.config.rag, inputs.config.sign);
    let budget = &inputs.budget.holders;
    let total_row = |level, directorate: &str, service: &str, sums: &Sums, rule| Row {
        level,
        directorate: directorate.to_string(),
        service: service.to_string(),
        code: String::new(),
        name: String::new(),
        method: None,
        figures: sums.figures(rule, sign),
    };
    let mut rows = Vec::new();
    let mut council = Sums::default();
    for directorate in in_order(budget.iter().map(|h| h.directorate.as_str())) {
        let mut d_sums = Sums::default();
        let services = in_order(
            budget
                .iter()
                .filter(|h| h.directorate == directorate)
                .map(|h| h.service.as_str()),
        );
        for service in services {
            let mut s_sums = Sums::default();
            for (i, h) in budget
                .iter()
                .enumerate()
                .filter(|(_, h)| h.service == service)
            {
                let sums = Sums::of(&holders[i].1, movements.map(|m| &m[i]));
                rows.push(Row {
                    level: Level::CostCentre,
                    directorate: directorate.to_string(),
                    service: service.to_string(),
                    code: h.code.clone(),
                    name: h.name.clone(),
                    method: Some(holders[i].1.method),
                    figures: sums.figures(rag.cost_centre, sign),
                });
                s_sums.add(&sums);
            }
            rows.push(total_row(
                Level::Service,
                directorate,
                service,
                &s_sums,
                rag.service,
            ));
            d_sums.add(&s_sums);
        }
        rows.push(total_row(
            Level::Directorate,
            directorate,
            "",
            &d_sums,
            rag.directorate,
        ));
        council.add(&d_sums);
    }
    rows.push(total_row(Level::Council, "", "", &council, rag.council));
    rows
}

/// Each savings plan's delivery, in the config's order.
pub fn savings(inputs: &Inputs, holders: &[(String, HolderYear)]) -> Vec<SavingRow> {
    let config = &inputs.config;
    config
        .savings
        .iter()
        .map(|s| {
            let h = config
                .holder(&s.cost_centre, &inputs.budget)
                .map_or(usize::MAX, |h| h as usize);
            SavingRow {
                name: s.name.clone(),
                cost_centre: s.cost_centre.code.clone(),
                planned: s.planned,
                delivered: s.delivered,
                forecast: s.forecast,
                shortfall: shortfall(s.planned, s.forecast),
                status: saving_status(s.planned, s.delivered, s.forecast),
                in_forecast: holders.get(h).is_some_and(|(_, y)| y.adds_slippage),
            }
        })
        .collect()
}
