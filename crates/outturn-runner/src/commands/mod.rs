//! One module per command; each returns the exit status or the errors to show.

pub mod check;
pub mod run;

use crate::cli::Destination;
use crate::diagnostic::Diagnostic;
use crate::output::write_atomic;

/// Everything a command produced, written only once all of it exists.
pub struct Rendered {
    /// The whole output, for standard output or `--output`.
    pub whole: Vec<u8>,
    /// One output per scenario (name, contents), for `--output-dir`.
    pub per_scenario: Vec<(String, Vec<u8>)>,
    pub extension: &'static str,
}

/// Sends rendered output where the user asked: standard output, one file, or a folder.
pub fn deliver(rendered: Rendered, destination: &Destination) -> Result<(), Vec<Diagnostic>> {
    if let Some(dir) = &destination.output_dir {
        std::fs::create_dir_all(dir).map_err(|e| {
            vec![Diagnostic::file(
                dir,
                format!("could not create the output folder: {e}"),
            )]
        })?;
        for (name, contents) in rendered.per_scenario {
            let path = dir.join(format!("{name}.{}", rendered.extension));
            write_atomic(&path, &contents).map_err(|d| vec![d])?;
        }
    } else if let Some(file) = &destination.output {
        write_atomic(file, &rendered.whole).map_err(|d| vec![d])?;
    } else {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        // A closed pipe (`outturn run | head`) is not an error worth reporting.
        let _ = out.write_all(&rendered.whole).and_then(|_| out.flush());
    }
    Ok(())
}
