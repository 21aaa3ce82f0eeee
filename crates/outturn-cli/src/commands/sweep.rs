//! `outturn sweep`: a figure over a range of values of one or two fields, or a tornado of
//! each field's effect on its own.

use std::path::PathBuf;

use outturn_model::projection::Granularity;

use super::{deliver_grids, usage};
use crate::cli::{GridOutput, Sets};
use clap::Args;
use outturn_engine::evaluate::evaluate;
use outturn_engine::figure::FigureName;
use outturn_engine::sweep::{trial_count, Sweep, Vary};
use outturn_engine::whatif::{figure_of, Trials};
use outturn_input::diagnostic::Diagnostic;
use outturn_input::values::parse_values;

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
fn parse_vary(text: &str) -> Result<Vary, Vec<Diagnostic>> {
    let (path, spec) = text.split_once('=').ok_or_else(|| {
        usage(
            "--vary",
            format!("expected PATH=VALUES, such as uplift=0%..10%/1%, found `{text}`"),
        )
    })?;
    let values = parse_values(spec).map_err(|e| usage("--vary", format!("`{text}`: {e}")))?;
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
            "--vary",
            "a sweep takes one or two --vary; use --tornado to rank more fields".into(),
        ));
    }
    let base = evaluate(&args.scenario, &base_sets, Granularity::Year)?;
    let figure = FigureName::parse(&args.figure, base.loaded.scenario.calendar)
        .and_then(|f| f.known_in(&base.loaded.scenario).map(|()| f))
        .map_err(|e| usage("--figure", e))?;
    let bar = crate::progress::bar(trial_count(&varies, args.tornado), "sweep");
    let sweep = Sweep {
        trials: Trials {
            scenario: &args.scenario,
            overrides: &base_sets,
            figure: &figure,
            tick: &|| bar.inc(1),
        },
        label: base.loaded.label(),
        base_figure: figure_of(&figure, &base.projection),
    };
    // More than two fields without --tornado were refused above.
    let grid = match varies.as_slice() {
        [one] if !args.tornado => sweep.one_way(one)?,
        [a, b] if !args.tornado => sweep.two_way(a, b)?,
        _ => sweep.tornado(&varies)?,
    };
    bar.finish_and_clear();
    deliver_grids(&[grid], &args.out)?;
    Ok(0)
}
