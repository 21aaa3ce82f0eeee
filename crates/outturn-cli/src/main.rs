use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use outturn_cli::cli::Cli;
use outturn_cli::output::{written, BROKEN_PIPE};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    match outturn_cli::dispatch(&cli) {
        Ok(status) => ExitCode::from(status),
        Err(errors) => {
            // Standard error may be gone too (a closed pipe, a full disk): the status still
            // says the run failed, and nothing is left to say it with.
            let mut err = std::io::stderr().lock();
            for e in &errors {
                if writeln!(err, "{e}").is_err() {
                    return ExitCode::from(2);
                }
            }
            let _ = writeln!(err, "{}", summary(errors.len(), &written()));
            ExitCode::from(2)
        }
    }
}

/// The last line after errors: how many, and exactly what was written before them.
fn summary(n: usize, written: &[String]) -> String {
    let errors = format!("{n} error{}", if n == 1 { "" } else { "s" });
    if written.is_empty() {
        format!("{errors}; nothing was written")
    } else {
        let these = if written.len() == 1 {
            "only this was"
        } else {
            "only these were"
        };
        format!("{errors}; {these} written: {}", written.join(", "))
    }
}

/// Help, the version or a usage error, printed as clap would, with the status it gives; a
/// failure to print them is a broken pipe (quiet, 141) or an error (2), never success.
fn clap_exit(e: &clap::Error) -> ExitCode {
    match e.print() {
        Ok(()) => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
        Err(io) if io.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(BROKEN_PIPE as u8),
        Err(_) => ExitCode::from(2),
    }
}
