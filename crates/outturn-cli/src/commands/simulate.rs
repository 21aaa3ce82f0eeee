//! `outturn simulate`: Monte Carlo draws of a scenario's uncertain assumptions, each draw a
//! full run of the exact engine, summarised as percentiles of every total.
//!
//! The central run is the scenario as written. Each draw sets every uncertain field (see
//! [`outturn_input::uncertainty`]) on the scenario document exactly as `--set` would, reads it with
//! the ordinary reader (so a sampled value is checked like a typed one) and projects it;
//! statistics are over the draws' totals in whole pennies. Percentiles are nearest-rank: P90
//! is the smallest draw with at least 90% of draws at or below it, so every figure reported
//! is a figure some draw produced, to the penny; the mean is the exact mean of the pennies,
//! rounded half away from zero.

use std::collections::BTreeMap;
use std::path::Path;
use std::path::PathBuf;

use outturn_model::amount::parse_printed;
use outturn_model::check::Figure;
use outturn_model::projection::{project, Granularity, Projection};
use outturn_model::Money;
use rayon::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use toml_edit::DocumentMut;

use super::{deliver_grids, deliver_one, usage};
use crate::cli::{GridOutput, Sets};
use crate::present::chart::{self, FanYear};
use crate::present::table::Write;
use clap::Args;
use outturn_engine::evaluate::evaluate;
use outturn_engine::grid::{Cell, Grid};
use outturn_engine::simulation::sampler::{edges, sample};
use outturn_engine::simulation::statistics::{percentile, spearman};
use outturn_input::diagnostic::{Diagnostic, Source};
use outturn_input::scenario_file::parse;
use outturn_input::uncertainty::{self, Sampled, Uncertainty};
use outturn_input::variant::{apply, resolved, Override};

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The scenario, with [[uncertainty]] entries
    #[arg(required_unless_present = "register")]
    pub scenario: Option<PathBuf>,
    /// Simulate a whole register instead (the columns of `outturn portfolio`'s defaults)
    #[arg(
        long,
        value_name = "REGISTER.csv",
        conflicts_with = "scenario",
        requires = "uncertainty"
    )]
    pub register: Option<PathBuf>,
    /// With --register: a file of [[uncertainty]] for uplift_shift and annual_factor
    #[arg(long, value_name = "FILE.toml", requires = "register")]
    pub uncertainty: Option<PathBuf>,
    /// How many draws
    #[arg(long, default_value_t = 10_000)]
    pub draws: u64,
    /// The seed: the same seed gives the same figures, whatever the number of threads
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Report the chance a figure exceeds an amount, e.g. total.all=£2,946,471 (repeatable)
    #[arg(long, value_name = "FIGURE=AMOUNT")]
    pub exceed: Vec<String>,
    /// Also write percentiles by financial year (fan chart data) to this CSV file
    #[arg(long, value_name = "FILE")]
    pub fan: Option<PathBuf>,
    /// Also draw the fan chart (P5–P95 and P10–P90 by financial year) as SVG to this file
    #[arg(long, value_name = "FILE.svg")]
    pub fan_chart: Option<PathBuf>,
    /// Also draw the tornado of what drives the spread as SVG to this file
    #[arg(long, value_name = "FILE.svg")]
    pub tornado: Option<PathBuf>,
    /// Also write every draw's figures to this Parquet file, a row per draw and figure
    #[arg(long, value_name = "FILE.parquet", value_parser = crate::cli::parquet_file_parser())]
    #[cfg_attr(not(feature = "parquet"), arg(hide = true))]
    pub draws_parquet: Option<PathBuf>,
    #[command(flatten)]
    pub sets: Sets,
    #[command(flatten)]
    pub out: GridOutput,
}

/// The percentiles reported, in order.
pub const PERCENTILES: [u32; 5] = [5, 10, 50, 90, 95];

/// A scenario ready to be drawn: the document without its uncertainty, and the fields.
pub struct Model {
    pub path: std::path::PathBuf,
    pub doc: DocumentMut,
    pub uncertainty: Uncertainty,
}

/// One draw: the values given to each field and the totals they produced, in pennies.
#[derive(Debug, Clone, PartialEq)]
pub struct Draw {
    pub values: Vec<Sampled>,
    pub totals: BTreeMap<String, i64>,
}

/// The figures a run reports, in pennies: `total.all`, `total.phase.NAME`,
/// `total.year.2025-26`.
pub fn figure_totals(projection: &Projection) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    out.insert("total.all".to_string(), 0);
    for r in &projection.rows {
        let p = r.amount.pennies();
        *out.entry("total.all".to_string()).or_default() += p;
        *out.entry(format!("total.phase.{}", r.phase)).or_default() += p;
        *out.entry(format!("total.year.{}", r.year)).or_default() += p;
    }
    out
}

/// Each money check's figure, as `check.NAME`, in pennies: the chance of exceeding what the
/// paper printed (a budget, a stated cost) is reported beside it.
pub fn check_totals(
    scenario: &outturn_model::scenario::Scenario,
    projection: &Projection,
    out: &mut BTreeMap<String, i64>,
) {
    for c in &scenario.checks {
        if let (Figure::Model(selection), true) = (&c.figure, c.stated.money) {
            let total = Money::round_half_away(selection.total(projection));
            out.insert(format!("check.{}", c.name), total.pennies());
        }
    }
}

/// The printed amount of each money check, by the name [`check_totals`] gives it.
pub fn check_stated(scenario: &outturn_model::scenario::Scenario) -> BTreeMap<String, Money> {
    scenario
        .checks
        .iter()
        .filter(|c| c.stated.money && matches!(c.figure, Figure::Model(_)))
        .map(|c| {
            (
                format!("check.{}", c.name),
                Money::round_half_away(c.stated.value),
            )
        })
        .collect()
}

fn model_from(path: &Path, sets: &[Override]) -> Result<Model, Vec<Diagnostic>> {
    let text = outturn_input::variant::read(path)?;
    let uncertainty = uncertainty::read(path, &text)?;
    if uncertainty.fields.is_empty() {
        return Err(vec![Diagnostic::file(
            path,
            "the scenario has no [[uncertainty]]: give at least one field a distribution, such as\n  [[uncertainty]]\n  field = \"uplift\"\n  triangular = [\"3%\", \"6%\", \"9%\"]",
        )]);
    }
    let (mut doc, _) = resolved(path)?;
    // Uncertainty is read from the file named, never inherited from a base.
    doc.remove("uncertainty");
    doc.remove("correlations");
    for o in sets {
        apply(&mut doc, o).map_err(|e| vec![Diagnostic::file(path, format!("--set {o}: {e}"))])?;
    }
    let model = Model {
        path: path.to_path_buf(),
        doc,
        uncertainty,
    };
    // Every field must exist and accept the edges of its range, as the reader judges them.
    let source = Source { path, text: &text };
    let mut errors = Vec::new();
    for (i, value) in edges(&model.uncertainty) {
        let f = &model.uncertainty.fields[i];
        // One message for a field is enough.
        if errors
            .iter()
            .any(|d: &Diagnostic| d.field.as_deref() == Some(&f.field))
        {
            continue;
        }
        if let Err(message) = model.try_values(&[(i, value)]) {
            errors.push(source.at(f.field_span.clone(), &f.field, message));
        }
    }
    if errors.is_empty() {
        Ok(model)
    } else {
        Err(errors)
    }
}

impl Model {
    /// Reads a scenario file for simulation, with `--set` overrides applied first.
    ///
    /// # Errors
    /// A bad distribution, a field that does not exist, or a range whose ends the field
    /// would refuse, each at its place in the file.
    pub fn load(path: &Path, sets: &[Override]) -> Result<Model, Vec<Diagnostic>> {
        model_from(path, sets)
    }

    /// The figures with `values` (field index, text) set; the reader's message otherwise.
    fn try_values(&self, values: &[(usize, String)]) -> Result<BTreeMap<String, i64>, String> {
        let mut doc = self.doc.clone();
        for (i, value) in values {
            let f = &self.uncertainty.fields[*i];
            apply(
                &mut doc,
                &Override {
                    path: f.field.clone(),
                    value: value.clone(),
                },
            )?;
        }
        let loaded = parse(&self.path, &doc.to_string()).map_err(|errors| {
            let d = &errors[0];
            let field = d.field.as_deref().unwrap_or("");
            let sep = if field.is_empty() { "" } else { ": " };
            let shown: Vec<String> = values.iter().map(|(_, v)| v.clone()).collect();
            format!(
                "the scenario refuses {}: {field}{sep}{}",
                shown.join(", "),
                d.message
            )
        })?;
        let projection = project(&loaded.scenario, Granularity::Year).map_err(|e| e.to_string())?;
        let mut totals = figure_totals(&projection);
        check_totals(&loaded.scenario, &projection, &mut totals);
        Ok(totals)
    }

    /// Draw number `i` (from 0) of a run with `seed`.
    pub fn draw(&self, seed: u64, i: u64) -> Result<Draw, String> {
        let values = sample(&self.uncertainty, seed, i);
        let given: Vec<(usize, String)> = values
            .iter()
            .enumerate()
            .map(|(k, s)| (k, s.text.clone()))
            .collect();
        let totals = self.try_values(&given).map_err(|e| {
            let set: Vec<String> = self
                .uncertainty
                .fields
                .iter()
                .zip(&values)
                .map(|(f, s)| format!("{}={}", f.field, s.text))
                .collect();
            format!("draw {} ({}): {e}", i + 1, set.join(", "))
        })?;
        Ok(Draw { values, totals })
    }

    /// Every draw, in draw order whatever the number of threads.
    pub fn draws(&self, seed: u64, n: u64) -> Result<Vec<Draw>, String> {
        let all: Vec<Result<Draw, String>> =
            (0..n).into_par_iter().map(|i| self.draw(seed, i)).collect();
        all.into_iter().collect()
    }
}

/// Statistics of one figure over the draws, in pennies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub mean: Money,
    pub percentiles: Vec<Money>,
    /// The draws' values, sorted.
    pub sorted: Vec<i64>,
}

impl Stats {
    pub fn of(values: Vec<i64>) -> Stats {
        let mut sorted = values;
        sorted.sort_unstable();
        let sum: i128 = sorted.iter().map(|&v| i128::from(v)).sum();
        let n = Decimal::from(sorted.len().max(1));
        let mean = Money::round_half_away(Decimal::from_i128_with_scale(sum, 2) / n);
        let percentiles = PERCENTILES
            .iter()
            .map(|&q| Money::from_pennies(percentile(&sorted, q)))
            .collect();
        Stats {
            mean,
            percentiles,
            sorted,
        }
    }

    /// The share of draws above `amount`, in percent to two places.
    pub fn chance_above(&self, amount: Money) -> Decimal {
        let above = self.sorted.len() - self.sorted.partition_point(|&v| v <= amount.pennies());
        let mut p = (Decimal::from(above) * Decimal::ONE_HUNDRED
            / Decimal::from(self.sorted.len().max(1)))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        p.rescale(2);
        p
    }
}

/// The figures in report order: the whole life, phases in the order of the central run's
/// rows, then financial years; anything only some draws reach (a later break) after its kind.
fn figure_order(
    central_phases: &[String],
    central: &BTreeMap<String, i64>,
    draws: &[Draw],
) -> Vec<String> {
    let mut phases: Vec<String> = central_phases.to_vec();
    let mut years: Vec<String> = Vec::new();
    for totals in std::iter::once(central).chain(draws.iter().map(|d| &d.totals)) {
        for key in totals.keys() {
            if key.starts_with("total.phase.") && !phases.contains(key) {
                phases.push(key.clone());
            } else if key.starts_with("total.year.") && !years.contains(key) {
                years.push(key.clone());
            }
        }
    }
    years.sort();
    let mut out = vec!["total.all".to_string()];
    out.extend(phases);
    out.extend(years);
    out.extend(central.keys().filter(|k| k.starts_with("check.")).cloned());
    out
}

fn percent_cell(p: Decimal) -> Cell {
    Cell::Number(p)
}

pub fn run(args: &SimulateArgs) -> Result<u8, Vec<Diagnostic>> {
    if args.draws == 0 {
        return Err(usage("--draws", "expected at least one draw".into()));
    }
    if let Some(register) = &args.register {
        if !args.sets.set.is_empty() {
            return Err(usage(
                "--set",
                "--set changes a scenario; a register simulation takes only --uncertainty".into(),
            ));
        }
        let Some(file) = &args.uncertainty else {
            return Err(usage(
                "--register",
                "a register simulation needs --uncertainty FILE.toml with uplift_shift or annual_factor".into(),
            ));
        };
        let model = super::simulate_register::RegisterModel::load(register, file)?;
        let central = model
            .totals(Decimal::ZERO, Decimal::ONE_HUNDRED)
            .map_err(|e| vec![Diagnostic::file(register, e)])?;
        let draws = model
            .draws(args.seed, args.draws)
            .map_err(|e| vec![Diagnostic::file(register, e)])?;
        let label = format!(
            "the register {} ({} contracts)",
            register.display(),
            group(model.contracts.len() as u64)
        );
        return report(
            args,
            &label,
            &central,
            &[],
            &BTreeMap::new(),
            &draws,
            &model.uncertainty,
        );
    }
    let Some(scenario) = &args.scenario else {
        return Err(usage(
            "simulate",
            "name a scenario, or a register with --register".into(),
        ));
    };
    let sets = args.sets.for_all()?;
    let central = evaluate(scenario, &sets, Granularity::Year)?;
    let model = Model::load(scenario, &sets)?;
    let draws = model
        .draws(args.seed, args.draws)
        .map_err(|e| vec![Diagnostic::file(scenario, e)])?;
    let mut central_totals = figure_totals(&central.projection);
    check_totals(
        &central.loaded.scenario,
        &central.projection,
        &mut central_totals,
    );
    let stated = check_stated(&central.loaded.scenario);
    let mut phases: Vec<String> = Vec::new();
    for r in &central.projection.rows {
        let key = format!("total.phase.{}", r.phase);
        if !phases.contains(&key) {
            phases.push(key);
        }
    }
    report(
        args,
        &central.loaded.label(),
        &central_totals,
        &phases,
        &stated,
        &draws,
        &model.uncertainty,
    )
}

/// The summary, the sensitivity table and the fan chart data, written where asked.
fn report(
    args: &SimulateArgs,
    label: &str,
    central_totals: &BTreeMap<String, i64>,
    central_phases: &[String],
    stated: &BTreeMap<String, Money>,
    draws: &[Draw],
    uncertainty: &Uncertainty,
) -> Result<u8, Vec<Diagnostic>> {
    let figures = figure_order(central_phases, central_totals, draws);

    // What a check printed is the stated figure, unless --exceed names another.
    let mut exceed: BTreeMap<String, Money> = stated.clone();
    for e in &args.exceed {
        let (name, amount) = e.split_once('=').ok_or_else(|| {
            usage(
                "--exceed",
                format!("expected FIGURE=AMOUNT, such as total.all=£2,946,471, found `{e}`"),
            )
        })?;
        let name = match name.trim() {
            "total" => "total.all".to_string(),
            n => n.to_string(),
        };
        if !figures.contains(&name) {
            return Err(usage(
                "--exceed",
                format!(
                    "`{name}` is not a figure of this scenario; it has {}",
                    figures.join(", ")
                ),
            ));
        }
        let printed =
            parse_printed(amount).map_err(|err| usage("--exceed", format!("`{e}`: {err}")))?;
        let money = Money::exact(printed.value).ok_or_else(|| {
            usage(
                "--exceed",
                format!("`{e}`: expected an amount in whole pennies"),
            )
        })?;
        exceed.insert(name, money);
    }

    let n = draws.len();
    let stats: Vec<(String, Stats)> = figures
        .iter()
        .map(|f| {
            let values = draws
                .iter()
                .map(|d| d.totals.get(f).copied().unwrap_or(0))
                .collect();
            (f.clone(), Stats::of(values))
        })
        .collect();
    let run_note = format!(
        "{} draws, seed {}; the same seed gives the same figures on any number of threads",
        group(n as u64),
        args.seed
    );
    let money_at = |f: &str| Money::from_pennies(central_totals.get(f).copied().unwrap_or(0));

    let mut header: Vec<String> = ["figure", "central", "mean"].map(String::from).to_vec();
    header.extend(PERCENTILES.iter().map(|q| format!("P{q}")));
    header.push("P(> central) %".into());
    header.extend(["stated".into(), "P(> stated) %".into()]);
    header.extend(["draws".into(), "seed".into()]);
    let rows = stats
        .iter()
        .map(|(f, s)| {
            let c = money_at(f);
            let mut row = vec![Cell::Text(f.clone()), Cell::Money(c), Cell::Money(s.mean)];
            row.extend(s.percentiles.iter().map(|&p| Cell::Money(p)));
            row.push(percent_cell(s.chance_above(c)));
            match exceed.get(f) {
                Some(&amount) => {
                    row.push(Cell::Money(amount));
                    row.push(percent_cell(s.chance_above(amount)));
                }
                None => row.extend([Cell::Empty, Cell::Empty]),
            }
            row.push(Cell::Number(Decimal::from(n as u64)));
            row.push(Cell::Text(args.seed.to_string()));
            row
        })
        .collect();
    let summary = Grid {
        title: format!("Simulation of {label}: {run_note}"),
        header,
        rows,
        notes: vec![
            "central: the scenario as written, by the exact engine; each draw is also a full run of the engine, its sampled values set as --set would (percentages to 0.0001%, money to the penny)".into(),
            "P5…P95: nearest-rank percentiles over the draws (each one a draw's own figure); P(> …): the share of draws above that figure".into(),
        ],
    };

    let total: Vec<f64> = draws
        .iter()
        .map(|d| d.totals.get("total.all").copied().unwrap_or(0) as f64)
        .collect();
    let mut drivers: Vec<(f64, Vec<Cell>)> = Vec::new();
    let rhos: Vec<Option<f64>> = (0..uncertainty.fields.len())
        .map(|k| {
            let xs: Vec<f64> = draws.iter().map(|d| d.values[k].rank_value).collect();
            spearman(&xs, &total)
        })
        .collect();
    let sum_sq: f64 = rhos.iter().flatten().map(|r| r * r).sum();
    for (f, rho) in uncertainty.fields.iter().zip(&rhos) {
        let (rho_cell, share_cell, key) = match rho {
            Some(r) => (
                Cell::Number(round_f64(*r, 4)),
                if sum_sq > 0.0 {
                    Cell::Number(round_f64(100.0 * r * r / sum_sq, 1))
                } else {
                    Cell::Empty
                },
                r.abs(),
            ),
            None => (Cell::Text("does not vary".into()), Cell::Empty, -1.0),
        };
        drivers.push((
            key,
            vec![
                Cell::Text(f.field.clone()),
                Cell::Text(f.described.clone()),
                rho_cell,
                share_cell,
                Cell::Number(Decimal::from(n as u64)),
                Cell::Text(args.seed.to_string()),
            ],
        ));
    }
    drivers.sort_by(|a, b| b.0.total_cmp(&a.0));
    let sensitivity = Grid {
        title: format!("What drives the spread of total.all, {label}: {run_note}"),
        header: [
            "field",
            "distribution",
            "rank correlation",
            "share of variance %",
            "draws",
            "seed",
        ]
        .map(String::from)
        .to_vec(),
        rows: drivers.into_iter().map(|(_, r)| r).collect(),
        notes: vec![
            "rank correlation: Spearman's, of the field's sampled value with the whole-life total; share of variance: its square over the sum of squares (a guide to what drives the risk, not an exact split when fields are correlated)".into(),
        ],
    };

    let mut outputs: Vec<(std::path::PathBuf, Vec<u8>)> = Vec::new();
    let short_note = format!("{} draws, seed {}", group(n as u64), args.seed);
    if let Some(file) = &args.fan {
        let mut header: Vec<String> = ["financial_year", "central", "mean"]
            .map(String::from)
            .to_vec();
        header.extend(PERCENTILES.iter().map(|q| format!("p{q}")));
        header.extend(["draws".into(), "seed".into()]);
        let rows = stats
            .iter()
            .filter_map(|(f, s)| {
                let year = f.strip_prefix("total.year.")?;
                let mut row = vec![
                    Cell::Text(year.to_string()),
                    Cell::Money(money_at(f)),
                    Cell::Money(s.mean),
                ];
                row.extend(s.percentiles.iter().map(|&p| Cell::Money(p)));
                row.push(Cell::Number(Decimal::from(n as u64)));
                row.push(Cell::Text(args.seed.to_string()));
                Some(row)
            })
            .collect();
        let fan = Grid {
            title: format!("Fan chart of {label}: {run_note}"),
            header,
            rows,
            notes: Vec::new(),
        };
        outputs.push((file.clone(), fan.csv()));
    }
    if let Some(file) = &args.fan_chart {
        let years: Vec<FanYear> = stats
            .iter()
            .filter_map(|(f, s)| {
                let year = f.strip_prefix("total.year.")?;
                Some(FanYear {
                    year: year.to_string(),
                    central: money_at(f),
                    percentiles: s.percentiles.clone().try_into().ok()?,
                })
            })
            .collect();
        let svg = chart::fan(
            &format!("Range of spend by year · {label}"),
            &years,
            std::slice::from_ref(&short_note),
        )
        .map_err(|m| usage("--fan-chart", m))?;
        outputs.push((file.clone(), svg.into_bytes()));
    }
    if let Some(file) = &args.tornado {
        let bars: Vec<(String, f64)> = uncertainty
            .fields
            .iter()
            .zip(&rhos)
            .filter_map(|(f, r)| Some((f.field.clone(), (*r)?)))
            .collect();
        let svg = chart::tornado(
            &format!("What drives the whole-life total · {label} · {short_note}"),
            &bars,
        )
        .map_err(|m| usage("--tornado", m))?;
        outputs.push((file.clone(), svg.into_bytes()));
    }
    if let Some(file) = &args.draws_parquet {
        let rows = draws.iter().zip(1..).flat_map(|(d, i)| {
            let total = |f: &String| d.totals.get(f).copied().unwrap_or(0);
            figures.iter().map(move |f| (i, f.as_str(), total(f)))
        });
        let parquet =
            crate::present::parquet::draws(rows).map_err(|m| usage("--draws-parquet", m))?;
        outputs.push((file.clone(), parquet));
    }
    // Everything is rendered before anything is written.
    for (file, bytes) in outputs {
        deliver_one(bytes, Some(&file))?;
    }
    deliver_grids(&[summary, sensitivity], &args.out)?;
    Ok(0)
}

fn round_f64(x: f64, places: u32) -> Decimal {
    Decimal::from_f64_retain(x)
        .unwrap_or_default()
        .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

fn group(n: u64) -> String {
    outturn_model::money::group_thousands(&n.to_string())
}
