use std::process::ExitCode;

use clap::Parser;
use outturn_cli::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match outturn_cli::dispatch(&cli) {
        Ok(status) => ExitCode::from(status),
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            let n = errors.len();
            eprintln!(
                "{n} error{}; nothing was written",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::from(2)
        }
    }
}
