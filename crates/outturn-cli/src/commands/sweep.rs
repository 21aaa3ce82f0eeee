//! `outturn sweep`: a figure over a range of values of one or two fields, or a tornado of
//! each field's effect on its own.

use std::path::PathBuf;

use outturn_model::projection::Granularity;
use outturn_model::Money;

use super::deliver_grids;
use crate::cli::{GridOutput, Sets};
use clap::Args;
use outturn_engine::evaluate::evaluate;
use outturn_engine::figure::FigureName;
use outturn_engine::grid::{percent_change, Cell, Grid};
use outturn_input::diagnostic::Diagnostic;
use outturn_input::values::parse_values;
use outturn_input::variant::Override;

#[derive(Debug, Args)]
pub struct SweepArgs {
    pub scenario: PathBuf,
    /// A field and the values to give it: uplift=0%..10%/1% or lines.NAME.annual=1000000,1200000
    #[arg(long, value_name = "PATH=VALUES", required = true)]
    pub vary: Vec<String>,
    /// The figure to report (see `outturn solve --help` for names)
    #[arg(long, default_value = "total.all")]
    pub figure: String,
    /// Instead of every combination, move each field to its lowest and highest value on its
    /// own and rank the fields by their effect on the figure
    #[arg(long)]
    pub tornado: bool,
    #[command(flatten)]
    pub sets: Sets,
    #[command(flatten)]
    pub out: GridOutput,
}

/// One `--vary PATH=VALUES`, its values expanded.
struct Vary {
    path: String,
    values: Vec<String>,
}

fn usage(message: String) -> Vec<Diagnostic> {
    vec![Diagnostic::flag("--vary", message)]
}

fn parse_vary(text: &str) -> Result<Vary, Vec<Diagnostic>> {
    let (path, spec) = text.split_once('=').ok_or_else(|| {
        usage(format!(
            "expected PATH=VALUES, such as uplift=0%..10%/1%, found `{text}`"
        ))
    })?;
    let values = parse_values(spec).map_err(|e| usage(format!("`{text}`: {e}")))?;
    Ok(Vary {
        path: path.trim().to_string(),
        values,
    })
}

pub fn run(args: &SweepArgs) -> Result<u8, Vec<Diagnostic>> {
    let base_sets = args.sets.for_all()?;
    let varies: Vec<Vary> = args
        .vary
        .iter()
        .map(|v| parse_vary(v))
        .collect::<Result<_, _>>()?;
    if varies.len() > 2 && !args.tornado {
        return Err(usage(
            "a sweep takes one or two --vary; use --tornado to rank more fields".into(),
        ));
    }
    let base = evaluate(&args.scenario, &base_sets, Granularity::Year)?;
    let figure = FigureName::parse(&args.figure, base.loaded.scenario.calendar)
        .map_err(|e| vec![Diagnostic::flag("--figure", e)])?;
    let trials = if args.tornado {
        2 * varies.len()
    } else {
        varies.iter().map(|v| v.values.len()).product()
    };
    let bar = crate::progress::bar(trials, "sweep");
    let figure_with = |extra: &[(&str, &str)]| -> Result<Money, Vec<Diagnostic>> {
        bar.inc(1);
        let mut overrides = base_sets.clone();
        overrides.extend(extra.iter().map(|(path, value)| Override {
            path: path.to_string(),
            value: value.to_string(),
        }));
        let e = evaluate(&args.scenario, &overrides, Granularity::Year)?;
        // A sum of whole pennies: rounding changes nothing.
        Ok(Money::round_half_away(
            figure.selection.total(&e.projection),
        ))
    };
    let base_figure = Money::round_half_away(figure.selection.total(&base.projection));
    let title = format!("{} of {}", figure.text, base.loaded.label());
    let base_note = format!("{} as the scenario stands: {base_figure}", figure.text);
    let grid = if args.tornado {
        let mut rows = Vec::new();
        for v in &varies {
            let (low, high) = (&v.values[0], &v.values[v.values.len() - 1]);
            let at_low = figure_with(&[(&v.path, low)])?;
            let at_high = figure_with(&[(&v.path, high)])?;
            let swing = if at_high >= at_low {
                at_high - at_low
            } else {
                at_low - at_high
            };
            rows.push((
                swing,
                vec![
                    Cell::Text(v.path.clone()),
                    Cell::Text(low.clone()),
                    Cell::Text(high.clone()),
                    Cell::Money(at_low),
                    Cell::Money(at_high),
                    Cell::Money(swing),
                ],
            ));
        }
        // Largest effect first; a stable sort keeps the given order among equal swings.
        rows.sort_by_key(|r| std::cmp::Reverse(r.0));
        Grid {
            title: format!("Tornado: {title}, each field moved on its own"),
            header: [
                "field",
                "low",
                "high",
                "figure at low",
                "figure at high",
                "swing",
            ]
            .map(String::from)
            .to_vec(),
            rows: rows.into_iter().map(|(_, r)| r).collect(),
            notes: vec![base_note],
        }
    } else if let [one] = varies.as_slice() {
        let mut rows = Vec::new();
        for value in &one.values {
            let f = figure_with(&[(&one.path, value)])?;
            rows.push(vec![
                Cell::Text(value.clone()),
                Cell::Money(f),
                Cell::Money(f - base_figure),
                percent_change(base_figure, f).map_or(Cell::Empty, Cell::Percent),
            ]);
        }
        Grid {
            title,
            header: vec![
                one.path.clone(),
                figure.text.clone(),
                "change".into(),
                "change %".into(),
            ],
            rows,
            notes: vec![base_note],
        }
    } else {
        let (a, b) = (&varies[0], &varies[1]);
        let mut header = vec![format!("{} \\ {}", a.path, b.path)];
        header.extend(b.values.iter().cloned());
        let mut rows = Vec::new();
        for va in &a.values {
            let mut row = vec![Cell::Text(va.clone())];
            for vb in &b.values {
                row.push(Cell::Money(figure_with(&[(&a.path, va), (&b.path, vb)])?));
            }
            rows.push(row);
        }
        Grid {
            title,
            header,
            rows,
            notes: vec![base_note],
        }
    };
    bar.finish_and_clear();
    deliver_grids(&[grid], &args.out)?;
    Ok(0)
}
