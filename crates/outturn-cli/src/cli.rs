//! The command line, as clap sees it: the commands, and the flags several commands share.
//! Each command's own arguments live in its module under `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands;
use outturn_engine::year_table::StackBy;

use outturn_input::variant::Set;

#[derive(Debug, Parser)]
#[command(
    name = "outturn",
    version,
    about = "Project public-sector contract spend by financial year and check the figures printed in budget papers",
    after_help = "Exit status: 0 fine; 1 a check is inconsistent (and not acknowledged); 2 bad input or usage, or output that cannot be written; 141 standard output closed early (a broken pipe)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Project spend by line, phase and financial year
    #[command(
        after_help = "Examples:\n  outturn run\n  outturn run scenarios/24-00051-direct-payment-support.toml --format csv\n  outturn run scenarios --format csv --output-dir outputs"
    )]
    Run(commands::run::RunArgs),
    /// Check every figure the papers printed against the model
    #[command(
        after_help = "Examples:\n  outturn check\n  outturn check scenarios --format csv --output checks.csv"
    )]
    Check(commands::check::CheckArgs),
    /// Compare two or more scenarios side by side, by phase and financial year
    #[command(
        after_help = "Examples:\n  outturn compare scenarios/24-00005-supported-living-advertised.toml scenarios/24-00005-supported-living-extension.toml\n  outturn compare scenarios/24-00051-direct-payment-support.toml scenarios/24-00051-direct-payment-support.toml --set 2:uplift=3%\n\nA --set with a number and a colon (2:uplift=3%) applies to that scenario only."
    )]
    Compare(commands::compare::CompareArgs),
    /// Run a scenario over a range of values of one or two fields
    #[command(
        after_help = "Examples:\n  outturn sweep scenarios/24-00051-direct-payment-support.toml --vary uplift=0%..10%/1%\n  outturn sweep scenarios/24-00051-direct-payment-support.toml --vary uplift=0%..6%/2% --vary extensions.1.months=12,24\n  outturn sweep scenarios/24-00051-direct-payment-support.toml --vary uplift=0%..6%/1% --vary lines.dpss.annual=500000..700000/100000 --tornado\n\nValues: a range FROM..TO/STEP or a list A,B,C (write amounts in lists without thousands separators)."
    )]
    Sweep(commands::sweep::SweepArgs),
    /// Find the value of one field that makes a figure equal a target (goal seek)
    #[command(
        after_help = "Examples:\n  outturn solve scenarios/24-00051-direct-payment-support.toml --target total.all=£2,946,471 --for lines.dpss.annual\n  outturn solve scenarios/24-00051-direct-payment-support.toml --set uplift=3% --target total.all=£2,946,471 --for lines.dpss.annual\n  outturn solve scenarios/24-00005-supported-living-extension.toml --target total.all=£450m --for uplift\n\nFigures: total.all, total.phase.NAME, total.year.2025-26, total.line.NAME.\nFields: an annual value, amount or saving (to the penny), an uplift (to 0.0001%), or months."
    )]
    Solve(commands::solve::SolveArgs),
    /// Show how a reported figure was reached, step by step, from the inputs
    #[command(
        after_help = "Examples:\n  outturn explain scenarios/24-00005-supported-living-extension.toml total.year.2024-25\n  outturn explain scenarios/24-00051-direct-payment-support.toml total.phase.extension-1 --set uplift=3%\n  outturn explain scenarios/22-00034-community-opportunities.toml line.new-service-26plus.year.2022-23\n\nFigures: total.all, total.phase.NAME, total.year.2025-26, total.line.NAME, and filters combined:\nline.NAME.phase.NAME.year.2025-26 (one row of `run`), budget.NAME, kind.service."
    )]
    Explain(commands::explain::ExplainArgs),
    /// Project every contract on a register and total by a column and financial year
    #[command(
        after_help = "Examples:\n  outturn portfolio register.csv --group directorate --format csv\n  outturn portfolio register.csv --by month --format csv --layout wide -o by-month.csv\n  outturn portfolio contracts.csv --col-id reference --group supplier --col-start start_date \\\n      --col-end end_date --col-total contract_value\n\nDefault columns: id,directorate,start,term_years,extension_months,annual_value,uplift_pct.\nA bad row stops the run (exit 2, nothing written) unless --skip-bad-rows is given."
    )]
    Portfolio(commands::portfolio::PortfolioArgs),
    /// Budget monitoring: actuals to date plus the forecast to year end, against the budget, by budget holder
    #[command(
        after_help = "Examples:\n  outturn monitor scenarios/monitoring/month-06.toml\n  outturn monitor scenarios/monitoring/month-06.toml --previous scenarios/monitoring/forecast-p05.csv --format csv --layout wide\n  outturn monitor scenarios/monitoring/month-05.toml --save-forecast forecast-p05.csv\n\nThe config names the budget, ledger, commitments and contracts, and states the forecast methods,\nadjustments, savings plans and RAG thresholds (see docs/monitoring.md).\nA ledger line that cannot be counted stops the report (exit 2, nothing written) unless --skip-bad-rows is given."
    )]
    Monitor(commands::monitor::MonitorArgs),
    /// Analyse break clauses, savings, funding, unit costs, volume/mix/price, uplift pressure and implied growth
    #[command(
        after_help = "Examples:\n  outturn analyse scenarios/24-00005-supported-living-break.toml\n  outturn analyse scenarios/*.toml --format markdown\n\nA scenario without a break, saving or funding split has no such section."
    )]
    Analyse(commands::analyse::AnalyseArgs),
    /// Draw spend by financial year as an SVG chart (several scenarios: compared side by side)
    #[command(
        after_help = "Examples:\n  outturn chart scenarios/24-00051-direct-payment-support.toml -o dpss.svg\n  outturn chart scenarios/22-00034-community-opportunities.toml --stack budget -o co.svg\n  outturn chart scenarios/24-00005-supported-living-advertised.toml scenarios/24-00005-supported-living-extension.toml -o compared.svg\n  outturn chart scenarios --output-dir charts          # one chart per scenario"
    )]
    Chart(commands::chart::ChartArgs),
    /// Write one self-contained HTML page: summary, assumptions, tables, charts and checks
    #[command(
        after_help = "Examples:\n  outturn report scenarios/24-00051-direct-payment-support.toml -o report.html\n  outturn report scenarios -o all.html\n  outturn report scenarios --output-dir reports         # one page per scenario"
    )]
    Report(commands::chart::ChartArgs),
    /// Write every output of every scenario into a folder: long and wide CSV, workbook,
    /// chart and report page per scenario, and checks.csv
    #[command(
        after_help = "Example (regenerates the committed outputs/):\n  outturn export scenarios --output-dir outputs\n\nFiles: NAME.csv, NAME.wide.csv, NAME.xlsx, NAME.svg, NAME.html for each scenario, and checks.csv.\nNothing is written unless every scenario reads and renders; each file is replaced whole."
    )]
    Export(commands::export::ExportArgs),
    /// Monte Carlo: draw the scenario's uncertain assumptions and report ranges and percentiles
    #[command(
        after_help = "Examples:\n  outturn simulate scenarios/24-00005-supported-living-uncertain.toml --draws 10000 --seed 42\n  outturn simulate scenarios/24-00005-supported-living-uncertain.toml --exceed total.all=£450m --fan fan.csv\n  outturn simulate --register register.csv --uncertainty register-uncertainty.toml --draws 10000\n\nUncertain fields are [[uncertainty]] entries in the scenario file (see README.md)."
    )]
    Simulate(commands::simulate::SimulateArgs),
}

/// What the bars of a chart are stacked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Stack {
    Line,
    Budget,
}

impl Stack {
    /// The projection column the bars are split by.
    pub fn key(self) -> &'static str {
        match self {
            Stack::Line => "line",
            Stack::Budget => "budget",
        }
    }

    pub fn by(self) -> StackBy {
        match self {
            Stack::Line => StackBy::Line,
            Stack::Budget => StackBy::Budget,
        }
    }
}

/// What a build without the `parquet` feature says when asked for Parquet.
pub const NO_PARQUET: &str =
    "this build has no Parquet support: build with `cargo build --release --features parquet`";

/// `--format`'s parser for a command that can write Parquet. A build without the `parquet`
/// feature hides the value from `--help` and refuses it (exit status 2) saying how to build
/// it in, rather than as a value it has never heard of.
pub fn format_parser<F>() -> impl clap::builder::TypedValueParser<Value = F>
where
    F: ValueEnum + Clone + Send + Sync + 'static,
{
    use clap::builder::TypedValueParser;
    clap::builder::EnumValueParser::<F>::new().try_map(|format: F| {
        let parquet = format
            .to_possible_value()
            .is_some_and(|v| v.get_name() == "parquet");
        if parquet && !cfg!(feature = "parquet") {
            Err(NO_PARQUET)
        } else {
            Ok(format)
        }
    })
}

/// The parser of a flag that names a Parquet file to write: a build without the `parquet`
/// feature refuses it, as [`format_parser`] refuses `--format parquet`.
pub fn parquet_file_parser() -> impl clap::builder::TypedValueParser<Value = PathBuf> {
    use clap::builder::TypedValueParser;
    clap::builder::PathBufValueParser::new().try_map(|file| {
        if cfg!(feature = "parquet") {
            Ok(file)
        } else {
            Err(NO_PARQUET)
        }
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Layout {
    Long,
    Wide,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GridFormat {
    Table,
    Csv,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct GridOutput {
    #[arg(long, value_enum, default_value_t = GridFormat::Table)]
    pub format: GridFormat,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct Inputs {
    /// Scenario files, or folders of them (*.toml)
    #[arg(default_value = "scenarios")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub sets: Sets,
}

#[derive(Debug, Args)]
pub struct Sets {
    /// Change a field for this run only, e.g. --set uplift=6% or
    /// --set lines.NAME.annual=£1.7m (repeatable; the files are not changed)
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<Set>,
}

#[derive(Debug, Args)]
pub struct Destination {
    /// Write everything to this file instead of standard output
    #[arg(long, short = 'o', conflicts_with = "output_dir")]
    pub output: Option<PathBuf>,
    /// Write one file per scenario into this folder, named after the scenario
    #[arg(long)]
    pub output_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    Year,
    Month,
}

impl Sets {
    /// The overrides when every scenario gets the same: a `N:` prefix is only for `compare`.
    pub fn for_all(
        &self,
    ) -> Result<Vec<outturn_input::variant::Override>, Vec<outturn_input::diagnostic::Diagnostic>>
    {
        match self.set.iter().find(|s| s.scenario.is_some()) {
            Some(s) => Err(vec![outturn_input::diagnostic::Diagnostic::flag(
                "--set",
                format!(
                    "`{}:{}`: a scenario number before `:` is only for `outturn compare`",
                    s.scenario.unwrap_or(0),
                    s.over
                ),
            )]),
            None => Ok(self.set.iter().map(|s| s.over.clone()).collect()),
        }
    }
}
