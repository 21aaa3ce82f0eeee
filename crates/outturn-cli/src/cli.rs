//! The command line, as clap sees it: flags mirrored and validated, nothing computed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use outturn_engine::year_table::StackBy;

use outturn_input::variant::Set;

#[derive(Debug, Parser)]
#[command(
    name = "outturn",
    version,
    about = "Project public-sector contract spend by financial year and check the figures printed in budget papers",
    after_help = "Exit status: 0 fine; 1 a check is inconsistent (and not acknowledged); 2 bad input or usage."
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
    Run(RunArgs),
    /// Check every figure the papers printed against the model
    #[command(
        after_help = "Examples:\n  outturn check\n  outturn check scenarios --format csv --output checks.csv"
    )]
    Check(CheckArgs),
    /// Compare two or more scenarios side by side, by phase and financial year
    #[command(
        after_help = "Examples:\n  outturn compare scenarios/24-00005-supported-living-advertised.toml scenarios/24-00005-supported-living-extension.toml\n  outturn compare scenarios/24-00051-direct-payment-support.toml scenarios/24-00051-direct-payment-support.toml --set 2:uplift=3%\n\nA --set with a number and a colon (2:uplift=3%) applies to that scenario only."
    )]
    Compare(CompareArgs),
    /// Run a scenario over a range of values of one or two fields
    #[command(
        after_help = "Examples:\n  outturn sweep scenarios/24-00051-direct-payment-support.toml --vary uplift=0%..10%/1%\n  outturn sweep scenarios/24-00051-direct-payment-support.toml --vary uplift=0%..6%/2% --vary extensions.1.months=12,24\n  outturn sweep scenarios/24-00051-direct-payment-support.toml --vary uplift=0%..6%/1% --vary lines.dpss.annual=500000..700000/100000 --tornado\n\nValues: a range FROM..TO/STEP or a list A,B,C (write amounts in lists without thousands separators)."
    )]
    Sweep(SweepArgs),
    /// Find the value of one field that makes a figure equal a target (goal seek)
    #[command(
        after_help = "Examples:\n  outturn solve scenarios/24-00051-direct-payment-support.toml --target total.all=£2,946,471 --for lines.dpss.annual\n  outturn solve scenarios/24-00051-direct-payment-support.toml --set uplift=3% --target total.all=£2,946,471 --for lines.dpss.annual\n  outturn solve scenarios/24-00005-supported-living-extension.toml --target total.all=£450m --for uplift\n\nFigures: total.all, total.phase.NAME, total.year.2025-26, total.line.NAME.\nFields: an annual value, amount or saving (to the penny), an uplift (to 0.0001%), or months."
    )]
    Solve(SolveArgs),
    /// Show how a reported figure was reached, step by step, from the inputs
    #[command(
        after_help = "Examples:\n  outturn explain scenarios/24-00005-supported-living-extension.toml total.year.2024-25\n  outturn explain scenarios/24-00051-direct-payment-support.toml total.phase.extension-1 --set uplift=3%\n  outturn explain scenarios/22-00034-community-opportunities.toml line.new-service-26plus.year.2022-23\n\nFigures: total.all, total.phase.NAME, total.year.2025-26, total.line.NAME, and filters combined:\nline.NAME.phase.NAME.year.2025-26 (one row of `run`), budget.NAME, kind.service."
    )]
    Explain(ExplainArgs),
    /// Project every contract on a register and total by a column and financial year
    #[command(
        after_help = "Examples:\n  outturn portfolio register.csv --group directorate --format csv\n  outturn portfolio register.csv --by month --format csv --layout wide -o by-month.csv\n  outturn portfolio contracts.csv --col-id reference --group supplier --col-start start_date \\\n      --col-end end_date --col-total contract_value\n\nDefault columns: id,directorate,start,term_years,extension_months,annual_value,uplift_pct.\nA bad row stops the run (exit 2, nothing written) unless --skip-bad-rows is given."
    )]
    Portfolio(PortfolioArgs),
    /// Analyse break clauses, savings, funding, unit costs, volume/mix/price, uplift pressure and implied growth
    #[command(
        after_help = "Examples:\n  outturn analyse scenarios/24-00005-supported-living-break.toml\n  outturn analyse scenarios/*.toml --format markdown\n\nA scenario without a break, saving or funding split has no such section."
    )]
    Analyse(AnalyseArgs),
    /// Draw spend by financial year as an SVG chart (several scenarios: compared side by side)
    #[command(
        after_help = "Examples:\n  outturn chart scenarios/24-00051-direct-payment-support.toml -o dpss.svg\n  outturn chart scenarios/22-00034-community-opportunities.toml --stack budget -o co.svg\n  outturn chart scenarios/24-00005-supported-living-advertised.toml scenarios/24-00005-supported-living-extension.toml -o compared.svg\n  outturn chart scenarios --output-dir charts          # one chart per scenario"
    )]
    Chart(ChartArgs),
    /// Write one self-contained HTML page: summary, assumptions, tables, charts and checks
    #[command(
        after_help = "Examples:\n  outturn report scenarios/24-00051-direct-payment-support.toml -o report.html\n  outturn report scenarios -o all.html\n  outturn report scenarios --output-dir reports         # one page per scenario"
    )]
    Report(ChartArgs),
    /// Write every output of every scenario into a folder: long and wide CSV, workbook,
    /// chart and report page per scenario, and checks.csv
    #[command(
        after_help = "Example (regenerates the committed outputs/):\n  outturn export scenarios --output-dir outputs\n\nFiles: NAME.csv, NAME.wide.csv, NAME.xlsx, NAME.svg, NAME.html for each scenario, and checks.csv.\nNothing is written unless every scenario reads and renders; each file is replaced whole."
    )]
    Export(ExportArgs),
    /// Monte Carlo: draw the scenario's uncertain assumptions and report ranges and percentiles
    #[command(
        after_help = "Examples:\n  outturn simulate scenarios/24-00005-supported-living-uncertain.toml --draws 10000 --seed 42\n  outturn simulate scenarios/24-00005-supported-living-uncertain.toml --exceed total.all=£450m --fan fan.csv\n  outturn simulate --register register.csv --uncertainty register-uncertainty.toml --draws 10000\n\nUncertain fields are [[uncertainty]] entries in the scenario file (see README.md)."
    )]
    Simulate(SimulateArgs),
}

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
    #[command(flatten)]
    pub sets: Sets,
    #[command(flatten)]
    pub out: GridOutput,
}

#[derive(Debug, Args)]
pub struct AnalyseArgs {
    /// Scenario files to analyse
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    #[command(flatten)]
    pub sets: Sets,
    #[command(flatten)]
    pub out: GridOutput,
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

#[derive(Debug, Args)]
pub struct ChartArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Stack each year's bar by cost line or by budget
    #[arg(long, value_enum, default_value_t = Stack::Line)]
    pub stack: Stack,
    #[command(flatten)]
    pub destination: Destination,
}

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

#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// The register: a CSV file with a header row
    pub register: PathBuf,
    /// The column to total by
    #[arg(long, default_value = "directorate")]
    pub group: String,
    #[arg(long, value_enum, default_value_t = PortfolioFormat::Table)]
    pub format: PortfolioFormat,
    /// CSV layout: a row per group and year, or a row per group with a column per year
    #[arg(long, value_enum, default_value_t = Layout::Long)]
    pub layout: Layout,
    /// Totals per financial year, or per calendar month within each year
    #[arg(long, value_enum, default_value_t = By::Year)]
    pub by: By,
    /// Go on past rows that cannot be read, listing each and the value skipped
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub col_id: String,
    #[arg(long, default_value = "start", value_name = "NAME")]
    pub col_start: String,
    #[arg(long, default_value = "term_years", value_name = "NAME")]
    pub col_term_years: String,
    #[arg(long, default_value = "extension_months", value_name = "NAME")]
    pub col_extension_months: String,
    /// An end-date column to use instead of term years and extension months
    #[arg(long, value_name = "NAME")]
    pub col_end: Option<String>,
    #[arg(long, default_value = "annual_value", value_name = "NAME")]
    pub col_annual: String,
    #[arg(long, default_value = "uplift_pct", value_name = "NAME")]
    pub col_uplift: String,
    /// With --col-end: a column with the date the contract runs to once extended (an
    /// extension or review date); rows where it is filled in are costed to that date
    #[arg(long, value_name = "NAME", requires = "col_end")]
    pub col_extended_to: Option<String>,
    /// A total-contract-value column to spread by days over the term, instead of an annual value
    #[arg(long, value_name = "NAME")]
    pub col_total: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PortfolioFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Layout {
    Long,
    Wide,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    pub scenario: PathBuf,
    /// The figure to explain, e.g. total.year.2024-25
    pub figure: String,
    /// Explain yearly rows, or the monthly rows of `run --by month`
    #[arg(long, value_enum, default_value_t = By::Year)]
    pub by: By,
    #[command(flatten)]
    pub sets: Sets,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
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
pub struct CompareArgs {
    /// Scenario files to compare (the first is the base the others are measured against)
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    #[command(flatten)]
    pub sets: Sets,
    #[command(flatten)]
    pub out: GridOutput,
}

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

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    pub format: RunFormat,
    /// Rows per financial year, or per calendar month within each year
    #[arg(long, value_enum, default_value_t = By::Year)]
    pub by: By,
    /// CSV layout: a row per line, phase and year (long), or a row per line and budget with
    /// a column per financial year, a total column and a total row (wide, like the papers)
    #[arg(long, value_enum, default_value_t = Layout::Long)]
    pub layout: Layout,
    /// Start CSV with a byte-order mark, which Excel needs to show £ correctly
    #[arg(long)]
    pub bom: bool,
    #[command(flatten)]
    pub destination: Destination,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,
    #[command(flatten)]
    pub destination: Destination,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunFormat {
    Table,
    Csv,
    Json,
    Markdown,
    /// An Excel workbook (needs --output or --output-dir)
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Table,
    Csv,
    Json,
    Markdown,
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
            Some(s) => Err(vec![outturn_input::diagnostic::Diagnostic::file(
                std::path::Path::new("--set"),
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
