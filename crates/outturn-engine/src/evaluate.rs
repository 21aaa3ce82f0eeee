//! A scenario read, projected once and checked: what every command starts from.

use std::path::Path;

use outturn_input::diagnostic::Diagnostic;
use outturn_input::scenario_file::LoadedScenario;
use outturn_input::variant::{load, Override};
use outturn_model::check::{Figure, InputSpread, Outcome};
use outturn_model::error::Subject;
use outturn_model::projection::{project, Granularity, Projection};
use outturn_model::scenario::LineValue;
use outturn_model::ModelError;

use crate::limit::projection_within_limit;

/// A scenario with its projection and the outcome of each of its checks.
#[derive(Debug, Clone)]
pub struct Evaluated {
    pub loaded: LoadedScenario,
    pub projection: Projection,
    pub outcomes: Vec<Outcome>,
}

/// Reads one scenario file (with its bases and `overrides`), projects it and checks it.
///
/// # Errors
/// What the reader finds wrong, or what only projecting finds (a stated year outside the
/// term, a saving in a year its target is not in contract), at the line or saving concerned.
pub fn evaluate(
    path: &Path,
    overrides: &[Override],
    granularity: Granularity,
) -> Result<Evaluated, Vec<Diagnostic>> {
    let loaded = load(path, overrides)?;
    evaluate_loaded(loaded, granularity).map_err(|d| vec![d])
}

/// Projects a scenario already read, and checks it.
///
/// # Errors
/// What only projecting finds, at the line or saving concerned.
pub fn evaluate_loaded(
    loaded: LoadedScenario,
    granularity: Granularity,
) -> Result<Evaluated, Diagnostic> {
    let projection =
        project(&loaded.scenario, granularity).map_err(|e| model_error(&loaded, &e))?;
    // Every total made from the projection after this is a sum of i64 pennies: it must not
    // be able to wrap.
    projection_within_limit(&projection).map_err(|e| loaded.places.at(None, e.to_string()))?;
    // Monthly rows split each yearly row exactly and keep its line, budget, kind, phase and
    // year, so every check's total is the same over either.
    let spreads = input_spreads(&loaded, granularity)?;
    let outcomes = loaded
        .scenario
        .checks
        .iter()
        .zip(spreads)
        .map(|(c, spread)| c.evaluate_with_inputs(&loaded.scenario, &projection, &spread))
        .collect();
    Ok(Evaluated {
        loaded,
        projection,
        outcomes,
    })
}

/// For each check of the model, how far each input the paper printed rounded moves its
/// figure: the scenario projected with that input at the low end of what it stands for, then
/// at the high end (every other input as printed). Nothing when no input is rounded.
fn input_spreads(
    loaded: &LoadedScenario,
    granularity: Granularity,
) -> Result<Vec<Vec<InputSpread>>, Diagnostic> {
    let scenario = &loaded.scenario;
    let mut spreads = vec![Vec::new(); scenario.checks.len()];
    for input in &loaded.rounded {
        let at = |amount| -> Result<Projection, Diagnostic> {
            let mut s = scenario.clone();
            for l in s.lines.iter_mut().filter(|l| l.name == input.line) {
                l.value = LineValue::Annual(amount);
            }
            project(&s, granularity).map_err(|e| model_error(loaded, &e))
        };
        let (low, high) = (at(input.low)?, at(input.high)?);
        for (check, spread) in scenario.checks.iter().zip(spreads.iter_mut()) {
            if let (Figure::Model(sel), true) = (&check.figure, check.stated.is_money()) {
                let (lo, hi) = (sel.total(&low), sel.total(&high));
                if lo != hi {
                    spread.push(InputSpread {
                        input: format!("lines.{}.annual = {}", input.line, input.text),
                        low: lo,
                        high: hi,
                    });
                }
            }
        }
    }
    Ok(spreads)
}

/// A projection's error at the line, funding list or saving it concerns (the top of the file
/// when it concerns none).
pub fn model_error(loaded: &LoadedScenario, e: &ModelError) -> Diagnostic {
    let places = &loaded.places;
    let place = e.subject().and_then(|(subject, name)| match subject {
        Subject::Line => places.line(name),
        Subject::Funding => places.funding(name).or_else(|| places.line(name)),
        Subject::Saving => places.saving(name),
    });
    places.at(place, e.to_string())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn scenarios() -> Vec<PathBuf> {
        scenarios_in("../../scenarios")
    }

    fn scenarios_in(folder: &str) -> Vec<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        files
    }

    /// Checks are evaluated on the one projection made, monthly or yearly: every bundled
    /// scenario's checks come out the same either way.
    #[test]
    fn checks_are_the_same_over_months_and_years() {
        let files = scenarios();
        assert!(files.len() >= 10, "{} scenarios", files.len());
        for file in files {
            let year = evaluate(&file, &[], Granularity::Year).unwrap();
            let month = evaluate(&file, &[], Granularity::Month).unwrap();
            assert_eq!(year.outcomes, month.outcomes, "{}", file.display());
        }
    }

    /// So do the scenarios that state costing conventions (pro rata by months, rounding to
    /// the pound or once, VAT, totals, rounded rates, indices), and the worked examples: each
    /// month is a split of its year.
    #[test]
    fn conventions_checks_are_the_same_over_months_and_years() {
        let mut files = scenarios_in("../../scenarios/conventions");
        files.extend(scenarios_in("../../tests/conventions"));
        assert!(files.len() >= 15, "{} scenarios", files.len());
        for file in files {
            let year = evaluate(&file, &[], Granularity::Year).unwrap();
            let month = evaluate(&file, &[], Granularity::Month).unwrap();
            assert_eq!(year.outcomes, month.outcomes, "{}", file.display());
            assert_eq!(
                year.projection.total(),
                month.projection.total(),
                "{}",
                file.display()
            );
        }
    }

    /// An error only projecting finds is reported at the saving it concerns.
    #[test]
    fn a_projection_error_points_at_its_saving() {
        let text = "title = \"t\"\npaper = \"p\"\n[[contracts]]\nname = \"c\"\nstart = 2021-04-01\nend = 2022-03-31\n[[lines]]\nname = \"l\"\nkind = \"service\"\nbudget = \"b\"\nannual = \"£100\"\n[[savings]]\nname = \"s\"\nline = \"l\"\nper_year = \"£10\"\nfrom = \"2023-24\"\n";
        let loaded = outturn_input::scenario_file::parse(Path::new("x.toml"), text).unwrap();
        let d = evaluate_loaded(loaded, Granularity::Year).unwrap_err();
        assert_eq!(
            d.to_string(),
            "error: x.toml:13:8: savings.s: saving `s` applies in 2023-24, when nothing it is against is in contract\n   |\n13 | name = \"s\"\n   |        ^^^"
        );
    }
}
