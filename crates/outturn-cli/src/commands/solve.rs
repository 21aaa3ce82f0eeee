//! `outturn solve`: the value of one field that makes a figure equal a target (goal seek).
//! The search is the engine's ([`outturn_engine::solve`]); this module reads and checks the
//! command line and picks the exit status.

use std::path::PathBuf;

use outturn_model::amount::parse_printed;
use outturn_model::projection::Granularity;
use outturn_model::Money;

use super::{deliver_grids, usage};
use crate::cli::{GridOutput, Sets};
use clap::Args;
use outturn_engine::evaluate::evaluate;
use outturn_engine::figure::FigureName;
use outturn_engine::solve::{Field, Outcome, Search};
use outturn_engine::whatif::Trials;
use outturn_input::diagnostic::Diagnostic;
use outturn_input::values::{parse_range, Kind};

#[derive(Debug, Args)]
pub struct SolveArgs {
    pub scenario: PathBuf,
    /// The figure and the value it should have: total.all=£2,946,471
    #[arg(long, value_name = "FIGURE=AMOUNT")]
    pub target: String,
    /// The field to vary: lines.NAME.annual, uplift, lines.NAME.uplift, savings.NAME.per_year, …
    #[arg(long = "for", value_name = "PATH")]
    pub field: String,
    /// The range to search, e.g. 0..£10m or 0%..20% (by default the widest valid range)
    #[arg(long, value_name = "LOW..HIGH")]
    pub between: Option<String>,
    #[command(flatten)]
    pub sets: Sets,
    #[command(flatten)]
    pub out: GridOutput,
}

/// `--target FIGURE=AMOUNT`: the figure, and an amount exact to the penny.
fn target(
    args: &SolveArgs,
    base: &outturn_engine::evaluate::Evaluated,
) -> Result<(FigureName, Money), Vec<Diagnostic>> {
    let (figure_text, amount_text) = args.target.split_once('=').ok_or_else(|| {
        usage(
            "--target",
            format!(
                "expected FIGURE=AMOUNT such as total.all=£2,946,471, found `{}`",
                args.target
            ),
        )
    })?;
    let figure = FigureName::parse(figure_text.trim(), base.loaded.scenario.calendar)
        .and_then(|f| f.known_in(&base.loaded.scenario).map(|()| f))
        .map_err(|e| usage("--target", e))?;
    let amount = parse_printed(amount_text)
        .ok()
        .filter(|p| !p.approximate)
        .and_then(|p| Money::exact(p.value))
        .ok_or_else(|| usage("--target", format!("expected an exact amount to the penny after `=`, such as £2,946,471, found `{amount_text}`")))?;
    Ok((figure, amount))
}

/// `--for PATH` and `--between LOW..HIGH`: the field, its range, and that range in steps.
fn field(args: &SolveArgs) -> Result<(Field, (i128, i128)), Vec<Diagnostic>> {
    let mut field = Field::named(&args.field).ok_or_else(|| {
        usage(
            "--for",
            format!("solve can vary an annual value, a stated amount, a saving's per_year, a driver's rate or volume, an uplift, a funded uplift, demand growth or an extension's months; `{}` is none of these", args.field),
        )
    })?;
    if let Some(between) = &args.between {
        let (kind, low, high) =
            parse_range(between).map_err(|e| usage("--between", e.to_string()))?;
        if kind != field.kind {
            return Err(usage(
                "--between",
                format!(
                    "`{between}` is not the same kind of value as {}",
                    args.field
                ),
            ));
        }
        (field.low, field.high) = (low, high);
    }
    let steps = field
        .steps()
        .ok_or_else(|| usage("--between", "the range is too wide to search".into()))?;
    Ok((field, steps))
}

/// Exit status 0 when a value gives the target exactly (or, for a rate, the closest one
/// does); 1 when none does.
pub fn run(args: &SolveArgs) -> Result<u8, Vec<Diagnostic>> {
    let sets = args.sets.for_all()?;
    let base = evaluate(&args.scenario, &sets, Granularity::Year)?;
    let (figure, target) = target(args, &base)?;
    let (field, steps) = field(args)?;
    let search = Search {
        trials: Trials {
            scenario: &args.scenario,
            overrides: &sets,
            figure: &figure,
            tick: &|| {},
        },
        path: &args.field,
        field,
        steps,
        target,
        label: base.loaded.label(),
    };
    let solution = search.solve()?;
    deliver_grids(&[solution.grid], &args.out)?;
    Ok(match solution.outcome {
        Outcome::Exact => 0,
        Outcome::OutOfReach => 1,
        Outcome::Closest => u8::from(field.kind != Kind::Percent),
    })
}
