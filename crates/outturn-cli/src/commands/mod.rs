//! One module per command; each returns the exit status or the errors to show.

pub mod analyse;
pub mod chart;
pub mod check;
pub mod compare;
pub mod explain;
pub mod export;
pub mod monitor;
pub mod portfolio;
pub mod report;
pub mod run;
pub mod simulate;
pub mod solve;
pub mod sweep;

use std::path::{Path, PathBuf};

use crate::cli::{Destination, GridFormat, GridOutput, Inputs, Stack};
use crate::output::{create_folder, to_stdout, write_all};
use crate::present::run::RunReport;
use crate::present::table::Write;
use outturn_engine::evaluate::evaluate;
use outturn_engine::evaluate::Evaluated;
use outturn_engine::grid::Grid;
use outturn_engine::year_table::{Totals, YearTable};
use outturn_input::diagnostic::Diagnostic;
use outturn_model::projection::Granularity;

/// A usage error: what is wrong with the value given for `flag`.
pub fn usage(flag: &str, message: String) -> Vec<Diagnostic> {
    vec![Diagnostic::flag(flag, message)]
}

/// Each evaluated scenario with its totals, wide layout and chart stacks, ready to render.
pub fn run_reports(evaluated: &[Evaluated], stack: Stack) -> Vec<RunReport<'_>> {
    evaluated
        .iter()
        .map(|e| RunReport {
            evaluated: e,
            totals: Totals::of(&e.projection),
            wide: YearTable::wide(&e.projection),
            stacked: YearTable::stacked(&e.projection, stack.by()),
        })
        .collect()
}

/// Reads and evaluates every scenario named on the command line, each with the same `--set`
/// overrides, or returns every error found in any of them.
pub fn evaluate_all(
    inputs: &Inputs,
    granularity: Granularity,
) -> Result<Vec<Evaluated>, Vec<Diagnostic>> {
    let (out, bad) = evaluate_each(inputs, granularity)?;
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(bad.into_iter().flat_map(|(_, e)| e).collect())
    }
}

/// Reads and evaluates every scenario named on the command line: those that read, and the
/// errors of each file that does not.
///
/// # Errors
/// A bad `--set`, or a path that names nothing to read.
pub fn evaluate_each(
    inputs: &Inputs,
    granularity: Granularity,
) -> Result<Evaluations, Vec<Diagnostic>> {
    let overrides = inputs.sets.for_all()?;
    let files = outturn_input::paths::scenario_paths(&inputs.paths)?;
    let mut out = Vec::new();
    let mut bad = Vec::new();
    let bar = crate::progress::bar(files.len(), "scenarios");
    for file in &files {
        match evaluate(file, &overrides, granularity) {
            Ok(e) => out.push(e),
            Err(e) => bad.push((file.clone(), e)),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok((out, bad))
}

/// The name of a scenario's output files: its own name, followed for a what-if run by each
/// `--set`, so that a what-if never writes over the scenario's own outputs
/// (`24-00051-direct-payment-support+uplift=9%`). Characters a file name cannot hold on
/// some system (`/`, `:`, `*`, spaces…) become `_`.
pub fn output_stem(name: &str, overrides: &[String]) -> String {
    let mut stem = name.to_string();
    for o in overrides {
        stem.push('+');
        stem.extend(o.chars().map(|c| {
            if c.is_control() || c.is_whitespace() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        }));
    }
    stem
}

/// The output file name of an evaluated scenario: see [`output_stem`].
pub fn stem_of(e: &Evaluated) -> String {
    output_stem(&e.loaded.name, &e.loaded.overrides)
}

/// The scenarios that were read and evaluated, and each file that was not, with its errors.
pub type Evaluations = (Vec<Evaluated>, Vec<(std::path::PathBuf, Vec<Diagnostic>)>);

/// Everything a command produced, written only once all of it exists.
pub struct Rendered {
    /// The whole output, for standard output or `--output`.
    pub whole: Vec<u8>,
    /// One output per scenario (name, contents), for `--output-dir`: named by [`stem_of`].
    pub per_scenario: Vec<(String, Vec<u8>)>,
    pub extension: &'static str,
}

/// Sends rendered output where the user asked: standard output, one file, or a folder.
pub fn deliver(rendered: Rendered, destination: &Destination) -> Result<(), Vec<Diagnostic>> {
    match &destination.output_dir {
        Some(dir) => {
            create_folder(dir).map_err(|d| vec![d])?;
            let files: Vec<(PathBuf, Vec<u8>)> = rendered
                .per_scenario
                .into_iter()
                .map(|(name, contents)| {
                    (dir.join(format!("{name}.{}", rendered.extension)), contents)
                })
                .collect();
            write_all(&files)
        }
        None => deliver_one(rendered.whole, destination.output.as_deref()),
    }
}

/// Grids one after another in the format asked: several JSON grids as one array, several
/// CSV tables separated by a blank line.
pub fn render_grids(grids: &[Grid], format: GridFormat) -> Vec<u8> {
    if format == GridFormat::Json && grids.len() > 1 {
        let all: Vec<String> = grids
            .iter()
            .map(|g| g.json().trim_end().to_string())
            .collect();
        return format!("[\n{}\n]\n", all.join(",\n")).into_bytes();
    }
    let mut whole = Vec::new();
    for (i, g) in grids.iter().enumerate() {
        let part = match format {
            GridFormat::Table => g.table().into_bytes(),
            GridFormat::Csv => g.csv(),
            GridFormat::Json => g.json().into_bytes(),
            GridFormat::Markdown => g.markdown().into_bytes(),
        };
        if i > 0 {
            whole.push(b'\n');
        }
        whole.extend(part);
    }
    whole
}

/// Renders grids in the format asked and sends them to standard output or `--output`.
pub fn deliver_grids(grids: &[Grid], out: &GridOutput) -> Result<(), Vec<Diagnostic>> {
    deliver_one(render_grids(grids, out.format), out.output.as_deref())
}

/// Sends one whole output to `file`, or to standard output.
pub fn deliver_one(whole: Vec<u8>, file: Option<&Path>) -> Result<(), Vec<Diagnostic>> {
    deliver_with(Vec::new(), whole, file)
}

/// Writes `files` and the whole output (to `file`, or else standard output) all or nothing:
/// the files, `file` among them, are replaced together, and standard output is written only
/// once they are in place.
pub fn deliver_with(
    mut files: Vec<(PathBuf, Vec<u8>)>,
    whole: Vec<u8>,
    file: Option<&Path>,
) -> Result<(), Vec<Diagnostic>> {
    match file {
        Some(f) => {
            files.push((f.to_path_buf(), whole));
            write_all(&files)
        }
        None => {
            write_all(&files)?;
            to_stdout(&whole)
        }
    }
}
