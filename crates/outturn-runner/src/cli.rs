//! The command line, as clap sees it: flags mirrored and validated, nothing computed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
}

#[derive(Debug, Args)]
pub struct Inputs {
    /// Scenario files, or folders of them (*.toml)
    #[arg(default_value = "scenarios")]
    pub paths: Vec<PathBuf>,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    Year,
    Month,
}
