//! Finding, reading and evaluating scenario files.

use std::path::{Path, PathBuf};

use outturn_model::check::Outcome;
use outturn_model::projection::{project, Granularity, Projection};

use crate::cli::Inputs;
use crate::diagnostic::Diagnostic;
use crate::scenario_file::LoadedScenario;
use crate::variant::{load, Override};

/// The scenario files named by `paths`: files as given, folders for the `.toml` files in
/// them, in name order.
///
/// # Errors
/// A path that does not exist, a folder with no scenarios, or two scenarios with the same
/// file name (their outputs would collide).
pub fn scenario_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = match std::fs::read_dir(path) {
                Ok(entries) => entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                    .collect(),
                Err(e) => {
                    errors.push(Diagnostic::file(
                        path,
                        format!("could not read the folder: {e}"),
                    ));
                    continue;
                }
            };
            if found.is_empty() {
                errors.push(Diagnostic::file(
                    path,
                    "the folder has no scenario files (*.toml)",
                ));
            }
            found.sort();
            files.extend(found);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            errors.push(Diagnostic::file(path, "no such file or folder"));
        }
    }
    let mut stems: Vec<(String, &PathBuf)> = files
        .iter()
        .map(|f| {
            (
                f.file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                f,
            )
        })
        .collect();
    stems.sort();
    for pair in stems.windows(2) {
        if pair[0].0 == pair[1].0 && pair[0].1 != pair[1].1 {
            errors.push(Diagnostic::file(
                pair[1].1,
                format!(
                    "has the same name as {}; scenarios are named after their file, so rename one",
                    pair[0].1.display()
                ),
            ));
        }
    }
    // The same file named twice (`scenarios scenarios/x.toml`) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// A scenario with its projection and the outcome of each of its checks.
#[derive(Debug, Clone)]
pub struct Evaluated {
    pub loaded: LoadedScenario,
    pub projection: Projection,
    pub outcomes: Vec<Outcome>,
}

/// Reads and evaluates every scenario named on the command line, each with the same `--set`
/// overrides, or returns every error found in any of them.
pub fn evaluate_all(
    inputs: &Inputs,
    granularity: Granularity,
) -> Result<Vec<Evaluated>, Vec<Diagnostic>> {
    let overrides = inputs.sets.for_all()?;
    let files = scenario_paths(&inputs.paths)?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let bar = crate::progress::bar(files.len(), "scenarios");
    for file in &files {
        match evaluate(file, &overrides, granularity) {
            Ok(e) => out.push(e),
            Err(mut e) => errors.append(&mut e),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
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
