//! `outturn simulate`: Monte Carlo draws of a scenario's uncertain assumptions (or of
//! register-wide shocks to a whole register, with `--register`), each draw a full run of the
//! exact engine, summarised as percentiles of every total.
//!
//! The engine ([`outturn_engine::simulation`]) draws and summarises; this command checks its
//! flags, and lays the summary out as grids (the summary and what drives the spread) and,
//! where asked, the fan chart data, the fan chart and the tornado.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use outturn_engine::evaluate::evaluate;
use outturn_engine::figure::Figure;
use outturn_engine::grid::{Cell, Grid};
use outturn_engine::limit::{PastTheLimit, LARGEST_TOTAL_PENNIES};
use outturn_engine::simulation::register::RegisterModel;
use outturn_engine::simulation::scenario::{self, Model};
use outturn_engine::simulation::summary::{FigureStats, Summary, PERCENTILES};
use outturn_engine::simulation::Draw;
use outturn_input::diagnostic::Diagnostic;
use outturn_input::register::Mapping;
use outturn_input::uncertainty::Uncertainty;
use outturn_model::amount::parse_printed;
use outturn_model::projection::Granularity;
use outturn_model::{FinancialYear, FyCalendar, Money};
use rust_decimal::{Decimal, RoundingStrategy};

use super::{deliver_with, render_grids, usage};
use crate::cli::{GridOutput, Sets};
use crate::present::chart::{self, FanYear};
use crate::present::table::Write;
use crate::register_file::{
    refuse_for_simulation, rows_for_simulation, AmountsArg, DateFormat, DuplicateIds,
    RegisterOptions,
};

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
    /// With --register: how its amounts are written (`gbp` reads £1,234.00)
    #[arg(long, value_enum, default_value_t = AmountsArg::Plain, requires = "register")]
    pub amounts: AmountsArg,
    /// With --register: how its dates are written (`dmy` reads 01/04/2024)
    #[arg(long, value_enum, default_value_t = DateFormat::Iso, requires = "register")]
    pub date_format: DateFormat,
    /// With --register: rows that repeat an id are refused, or each costed as its own contract
    #[arg(long, value_enum, default_value_t = DuplicateIds::Refuse, requires = "register")]
    pub duplicate_ids: DuplicateIds,
    /// With an Excel register (.xlsx): the sheet to read (the first unless named)
    #[arg(long, value_name = "NAME", requires = "register")]
    pub sheet: Option<String>,
    #[command(flatten)]
    pub sets: Sets,
    #[command(flatten)]
    pub out: GridOutput,
}

/// The most draws a run makes: every draw is kept, with its figures, until the statistics
/// are taken (about 1 KB a draw for a scenario of ten years), so a run is refused before it
/// allocates more than a gigabyte or so.
pub const MAX_DRAWS: u64 = 1_000_000;

/// A simulation run, ready to report.
struct Simulated<'a> {
    /// What was simulated, for titles: the scenario's label, or the register and its size.
    label: String,
    /// The central run's figures, and its phases in the order of its rows.
    central: BTreeMap<Figure, i64>,
    phases: Vec<Figure>,
    /// What each money check printed, by its figure.
    stated: BTreeMap<Figure, Money>,
    draws: Vec<Draw>,
    uncertainty: &'a Uncertainty,
    /// The calendar `--exceed`'s year labels are read in.
    calendar: FyCalendar,
}

pub fn run(args: &SimulateArgs) -> Result<u8, Vec<Diagnostic>> {
    if args.draws == 0 {
        return Err(usage("--draws", "expected at least one draw".into()));
    }
    if args.draws > MAX_DRAWS {
        return Err(usage(
            "--draws",
            format!(
                "{} draws is more than {}, the most a run holds in memory (each draw keeps every figure, about 1 KB); percentiles to 0.1% need far fewer",
                group(args.draws),
                group(MAX_DRAWS)
            ),
        ));
    }
    if let Some(register) = &args.register {
        return run_register(args, register);
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
    let (loaded, projection) = (&central.loaded, &central.projection);
    report(
        args,
        Simulated {
            label: loaded.label(),
            central: scenario::figures(&loaded.scenario, projection),
            phases: scenario::phases(projection),
            stated: scenario::stated(&loaded.scenario),
            draws,
            uncertainty: &model.uncertainty,
            calendar: loaded.scenario.calendar,
        },
    )
}

fn run_register(args: &SimulateArgs, register: &Path) -> Result<u8, Vec<Diagnostic>> {
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
    let options = RegisterOptions {
        amounts: args.amounts,
        date_format: args.date_format,
        duplicate_ids: args.duplicate_ids,
        sheet: args.sheet.clone(),
    };
    let mapping = Mapping {
        spelling: options.spelling(),
        ..Mapping::default()
    };
    refuse_for_simulation(register, &mapping, &options)?;
    let rows = rows_for_simulation(register, &mapping, &options)?;
    let model = RegisterModel::from_rows(register, rows, file)?;
    let in_register = |e| vec![Diagnostic::file(register, e)];
    let central = model
        .figures(Decimal::ZERO, Decimal::ONE_HUNDRED)
        .map_err(in_register)?;
    let draws = model.draws(args.seed, args.draws).map_err(in_register)?;
    report(
        args,
        Simulated {
            label: format!(
                "the register {} ({} contracts)",
                register.display(),
                group(model.register.len() as u64)
            ),
            central,
            phases: Vec::new(),
            stated: BTreeMap::new(),
            draws,
            uncertainty: &model.uncertainty,
            calendar: FyCalendar::UK,
        },
    )
}

/// The amount to give the chance of exceeding for each figure: what a check printed, unless
/// `--exceed` names another.
fn exceed_amounts(
    args: &SimulateArgs,
    sim: &Simulated,
    summary: &Summary,
) -> Result<BTreeMap<Figure, Money>, Vec<Diagnostic>> {
    let mut exceed = sim.stated.clone();
    for e in &args.exceed {
        let (name, amount) = e.split_once('=').ok_or_else(|| {
            usage(
                "--exceed",
                format!("expected FIGURE=AMOUNT, such as total.all=£2,946,471, found `{e}`"),
            )
        })?;
        let name = match name.trim() {
            "total" => "total.all",
            n => n,
        };
        let figure = Figure::parse(name, sim.calendar).filter(|f| summary.figure(f).is_some());
        let Some(figure) = figure else {
            let names: Vec<String> = summary
                .figures
                .iter()
                .map(|s| s.figure.to_string())
                .collect();
            return Err(usage(
                "--exceed",
                format!(
                    "`{name}` is not a figure of this scenario; it has {}",
                    names.join(", ")
                ),
            ));
        };
        let printed =
            parse_printed(amount).map_err(|err| usage("--exceed", format!("`{e}`: {err}")))?;
        let money = Money::exact(printed.value).ok_or_else(|| {
            usage(
                "--exceed",
                format!("`{e}`: expected an amount in whole pennies"),
            )
        })?;
        if money.as_decimal().abs() > Money::from_pennies(LARGEST_TOTAL_PENNIES).as_decimal() {
            return Err(usage("--exceed", format!("`{e}`: {PastTheLimit}")));
        }
        exceed.insert(figure, money);
    }
    Ok(exceed)
}

/// How a run was drawn, for titles: `10,000 draws, seed 42`.
fn short_note(args: &SimulateArgs, summary: &Summary) -> String {
    format!("{} draws, seed {}", group(summary.draws as u64), args.seed)
}

/// The summary grid: each figure's central value, mean, percentiles and chances of
/// exceeding the central value and any stated amount.
fn summary_grid(
    args: &SimulateArgs,
    title: String,
    summary: &Summary,
    exceed: &BTreeMap<Figure, Money>,
) -> Grid {
    let mut header: Vec<String> = ["figure", "central", "mean"].map(String::from).to_vec();
    header.extend(PERCENTILES.iter().map(|q| format!("P{q}")));
    header.push("P(> central) %".into());
    header.extend(["stated".into(), "P(> stated) %".into()]);
    header.extend(["draws".into(), "seed".into()]);
    let rows = summary
        .figures
        .iter()
        .map(|s| {
            let mut row = spread_cells(s.figure.to_string(), s);
            row.push(Cell::Number(s.chance_above(s.central)));
            match exceed.get(&s.figure) {
                Some(&amount) => {
                    row.push(Cell::Money(amount));
                    row.push(Cell::Number(s.chance_above(amount)));
                }
                None => row.extend([Cell::Empty, Cell::Empty]),
            }
            row.push(Cell::Number(Decimal::from(summary.draws as u64)));
            row.push(Cell::Text(args.seed.to_string()));
            row
        })
        .collect();
    Grid {
        title,
        header,
        rows,
        notes: vec![
            "central: the scenario as written, by the exact engine; each draw is also a full run of the engine, its sampled values set as --set would (percentages to 0.0001%, money to the penny)".into(),
            "P5…P95: nearest-rank percentiles over the draws (each one a draw's own figure); P(> …): the share of draws above that figure".into(),
        ],
    }
}

/// What drives the spread: each field's rank correlation with the whole-life total and its
/// share of variance, the strongest first.
fn sensitivity_grid(
    args: &SimulateArgs,
    title: String,
    summary: &Summary,
    uncertainty: &Uncertainty,
) -> Grid {
    let rows = summary
        .drivers
        .iter()
        .map(|d| {
            let f = &uncertainty.fields[d.field];
            let (rho, share) = match d.rho {
                Some(r) => (
                    Cell::Number(round_f64(r, 4)),
                    d.share
                        .map_or(Cell::Empty, |s| Cell::Number(round_f64(s, 1))),
                ),
                None => (Cell::Text("does not vary".into()), Cell::Empty),
            };
            vec![
                Cell::Text(f.field.clone()),
                Cell::Text(f.described.clone()),
                rho,
                share,
                Cell::Number(Decimal::from(summary.draws as u64)),
                Cell::Text(args.seed.to_string()),
            ]
        })
        .collect();
    Grid {
        title,
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
        rows,
        notes: vec![
            "rank correlation: Spearman's, of the field's sampled value with the whole-life total; share of variance: its square over the sum of squares (a guide to what drives the risk, not an exact split when fields are correlated)".into(),
        ],
    }
}

/// Each financial year's statistics, in date order.
fn by_year(summary: &Summary) -> impl Iterator<Item = (FinancialYear, &FigureStats)> {
    summary.figures.iter().filter_map(|s| match s.figure {
        Figure::Year(fy) => Some((fy, s)),
        _ => None,
    })
}

/// A figure's label, central value, mean and percentiles: the cells every row of the summary
/// and the fan chart data start with.
fn spread_cells(label: String, s: &FigureStats) -> Vec<Cell> {
    let mut row = vec![
        Cell::Text(label),
        Cell::Money(s.central),
        Cell::Money(s.mean),
    ];
    row.extend(s.percentiles.iter().map(|&p| Cell::Money(p)));
    row
}

/// The fan chart data: percentiles by financial year.
fn fan_grid(args: &SimulateArgs, title: String, summary: &Summary) -> Grid {
    let mut header: Vec<String> = ["financial_year", "central", "mean"]
        .map(String::from)
        .to_vec();
    header.extend(PERCENTILES.iter().map(|q| format!("p{q}")));
    header.extend(["draws".into(), "seed".into()]);
    let rows = by_year(summary)
        .map(|(fy, s)| {
            let mut row = spread_cells(fy.to_string(), s);
            row.push(Cell::Number(Decimal::from(summary.draws as u64)));
            row.push(Cell::Text(args.seed.to_string()));
            row
        })
        .collect();
    Grid {
        title,
        header,
        rows,
        notes: Vec::new(),
    }
}

/// The files asked for beside the grids (fan chart data, fan chart, tornado), rendered.
fn side_outputs(
    args: &SimulateArgs,
    sim: &Simulated,
    summary: &Summary,
    run_note: &str,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Vec<Diagnostic>> {
    let mut outputs = Vec::new();
    let short_note = short_note(args, summary);
    let label = &sim.label;
    if let Some(file) = &args.fan {
        let fan = fan_grid(args, format!("Fan chart of {label}: {run_note}"), summary);
        outputs.push((file.clone(), fan.csv()));
    }
    if let Some(file) = &args.fan_chart {
        let svg = chart::fan(
            &format!("Range of spend by year · {label}"),
            &by_year(summary)
                .map(|(fy, s)| FanYear {
                    year: fy.to_string(),
                    central: s.central,
                    percentiles: s.percentiles,
                })
                .collect::<Vec<_>>(),
            std::slice::from_ref(&short_note),
        )
        .map_err(|m| usage("--fan-chart", m))?;
        outputs.push((file.clone(), svg.into_bytes()));
    }
    if let Some(file) = &args.tornado {
        let bars: Vec<(String, f64)> = summary
            .drivers
            .iter()
            .filter_map(|d| Some((sim.uncertainty.fields[d.field].field.clone(), d.rho?)))
            .collect();
        let svg = chart::tornado(
            &format!("What drives the whole-life total · {label} · {short_note}"),
            &bars,
        )
        .map_err(|m| usage("--tornado", m))?;
        outputs.push((file.clone(), svg.into_bytes()));
    }
    if let Some(file) = &args.draws_parquet {
        let names: Vec<(&Figure, String)> = summary
            .figures
            .iter()
            .map(|s| (&s.figure, s.figure.to_string()))
            .collect();
        let rows = sim.draws.iter().zip(1..).flat_map(|(d, i)| {
            let names = &names;
            names
                .iter()
                .map(move |(f, n)| (i, n.as_str(), d.totals.get(*f).copied().unwrap_or(0)))
        });
        let parquet =
            crate::present::parquet::draws(rows).map_err(|m| usage("--draws-parquet", m))?;
        outputs.push((file.clone(), parquet));
    }
    Ok(outputs)
}

/// The summary and the sensitivity grids, and the files asked for, written where asked.
fn report(args: &SimulateArgs, sim: Simulated) -> Result<u8, Vec<Diagnostic>> {
    let summary = Summary::of(&sim.central, &sim.phases, &sim.draws, sim.uncertainty);
    let exceed = exceed_amounts(args, &sim, &summary)?;
    let label = &sim.label;
    let run_note = format!(
        "{}; the same seed gives the same figures on any number of threads",
        short_note(args, &summary)
    );
    let grids = [
        summary_grid(
            args,
            format!("Simulation of {label}: {run_note}"),
            &summary,
            &exceed,
        ),
        sensitivity_grid(
            args,
            format!("What drives the spread of total.all, {label}: {run_note}"),
            &summary,
            sim.uncertainty,
        ),
    ];
    // Everything is rendered before anything is written, and the files are written together.
    let files = side_outputs(args, &sim, &summary, &run_note)?;
    deliver_with(
        files,
        render_grids(&grids, args.out.format),
        args.out.output.as_deref(),
    )?;
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
