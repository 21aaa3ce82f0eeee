//! A scenario read, projected once by year and checked: what every command starts from.

use std::path::Path;

use outturn_input::diagnostic::Diagnostic;
use outturn_input::scenario_file::LoadedScenario;
use outturn_input::variant::{load, Override};
use outturn_model::check::Outcome;
use outturn_model::projection::{project, Granularity, Projection};

/// A scenario with its projection and the outcome of each of its checks.
#[derive(Debug, Clone)]
pub struct Evaluated {
    pub loaded: LoadedScenario,
    pub projection: Projection,
    pub outcomes: Vec<Outcome>,
}

/// Reads one scenario file (with its bases and `overrides`), projects it and checks it.
pub fn evaluate(
    path: &Path,
    overrides: &[Override],
    granularity: Granularity,
) -> Result<Evaluated, Vec<Diagnostic>> {
    let loaded = load(path, overrides)?;
    let model_error = |e: outturn_model::ModelError| vec![Diagnostic::file(path, e.to_string())];
    // Checks are always made against yearly rows, whatever granularity is shown.
    let yearly = project(&loaded.scenario, Granularity::Year).map_err(model_error)?;
    let outcomes = loaded
        .scenario
        .checks
        .iter()
        .map(|c| c.evaluate(&yearly))
        .collect();
    let projection = match granularity {
        Granularity::Year => yearly,
        Granularity::Month => project(&loaded.scenario, granularity).map_err(model_error)?,
    };
    Ok(Evaluated {
        loaded,
        projection,
        outcomes,
    })
}
