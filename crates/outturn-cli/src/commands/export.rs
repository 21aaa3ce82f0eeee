//! `outturn export`: every output of every scenario into one folder, the command that
//! regenerates the committed `outputs/`.
//!
//! Everything is rendered in memory first; only when every file exists does writing start,
//! each file replaced whole (see [`crate::output`]), so a failed run leaves the folder as it
//! was.

use outturn_model::projection::Granularity;

use super::chart::chart_error;
use super::evaluate_all;
use super::report::report_page;
use super::{output_stem, run_reports, stem_of};
use crate::cli::{Inputs, Stack};
use crate::output::{create_folder, write_all};
use crate::present::chart::profile;
use crate::present::check::check_csv;
use crate::present::run::{run_csv, run_csv_wide};
use crate::present::workbook::workbook;
use clap::Args;
use outturn_input::diagnostic::Diagnostic;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Stack each year's bar by cost line or by budget
    #[arg(long, value_enum, default_value_t = Stack::Line)]
    pub stack: Stack,
    /// The folder to write into (created if missing)
    #[arg(long, required = true)]
    pub output_dir: std::path::PathBuf,
}

pub fn run(args: &ExportArgs) -> Result<u8, Vec<Diagnostic>> {
    let evaluated = evaluate_all(&args.inputs, Granularity::Year)?;
    let reports = run_reports(&evaluated, args.stack);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let bar = crate::progress::bar(reports.len(), "rendering");
    for rep in &reports {
        let one = std::slice::from_ref(rep);
        let name = &stem_of(rep.evaluated);
        let chart = profile(rep, args.stack.key()).map_err(|e| chart_error(rep, e))?;
        let book = workbook(one).map_err(|e| {
            vec![Diagnostic::file(
                &rep.evaluated.loaded.path,
                format!("could not build the workbook: {e}"),
            )]
        })?;
        let html = report_page(one, std::slice::from_ref(&chart))?;
        files.push((format!("{name}.csv"), run_csv(one)));
        files.push((format!("{name}.wide.csv"), run_csv_wide(one)));
        files.push((format!("{name}.xlsx"), book));
        files.push((format!("{name}.svg"), chart.into_bytes()));
        files.push((format!("{name}.html"), html.into_bytes()));
        bar.inc(1);
    }
    bar.finish_and_clear();
    let what_if: Vec<String> = args
        .inputs
        .sets
        .set
        .iter()
        .map(|s| s.over.to_string())
        .collect();
    files.push((
        format!("{}.csv", output_stem("checks", &what_if)),
        check_csv(&evaluated),
    ));

    let dir = &args.output_dir;
    create_folder(dir).map_err(|d| vec![d])?;
    let files: Vec<(std::path::PathBuf, Vec<u8>)> = files
        .into_iter()
        .map(|(name, contents)| (dir.join(name), contents))
        .collect();
    write_all(&files)?;
    Ok(0)
}
