//! Nothing lost under failure: a run that cannot finish writing (a full disk) or is killed in
//! the middle of a write leaves the previous output exactly as it was.
//!
//! Both are made real with a file-size limit (`ulimit -f`), which works as root too, where
//! a read-only folder would not stop the write: past the limit, a write fails with "File too
//! large" when the signal SIGXFSZ is ignored (as a full disk fails it), and kills the process
//! on the spot when it is not.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{files_in, outturn, root, temp_dir};

const SCENARIO: &str = "scenarios/24-00051-direct-payment-support.toml";

/// `outturn ARGS` with files limited to 512 bytes (one block), which every output here
/// exceeds; `killed` leaves SIGXFSZ to kill the process, otherwise it is ignored.
fn outturn_with_a_full_disk(args: &[&str], killed: bool) -> Output {
    let trap = if killed { "" } else { "trap '' XFSZ; " };
    Command::new("sh")
        .arg("-c")
        .arg(format!("{trap}ulimit -f 1 && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_outturn"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("sh runs")
}

/// The files in `dir`, leaving out the hidden temporary files a killed run may leave.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_in(dir)
        .into_iter()
        .filter(|(name, _)| !name.starts_with(".tmp"))
        .collect()
}

fn hidden_temporaries(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_str().unwrap().starts_with(".tmp")
        })
        .count()
}

#[test]
fn a_full_disk_leaves_the_previous_output_intact() {
    let dir = temp_dir();
    let out = dir.path().join("projection.csv");
    let out = out.to_str().unwrap();
    let first = outturn(&["run", SCENARIO, "--format", "csv", "--output", out]);
    assert!(first.status.success());
    let previous = std::fs::read(out).unwrap();
    assert!(previous.len() > 512);

    // A different uplift would change every figure, if it were written.
    let args = [
        "run",
        SCENARIO,
        "--set",
        "uplift=9%",
        "--format",
        "csv",
        "--output",
        out,
    ];
    let o = outturn_with_a_full_disk(&args, false);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("projection.csv: could not write the output: file too large; check the folder can be written and has space"),
        "{err}"
    );
    assert!(err.ends_with("1 error; nothing was written\n"), "{err}");
    assert_eq!(std::fs::read(out).unwrap(), previous);
    // The failed write's temporary file is removed.
    assert_eq!(hidden_temporaries(dir.path()), 0);

    // Without the limit, the same command does change the file: the test above could fail.
    let o = outturn(&args);
    assert!(o.status.success());
    assert_ne!(std::fs::read(out).unwrap(), previous);
}

#[test]
fn a_run_killed_mid_write_leaves_every_previous_output_intact() {
    let dir = temp_dir();
    let folder = dir.path().to_str().unwrap();
    let first = outturn(&["export", SCENARIO, "--output-dir", folder]);
    assert!(first.status.success());
    let previous = outputs(dir.path());
    assert_eq!(
        previous.len(),
        6,
        "csv, wide csv, xlsx, svg, html and checks"
    );

    let o = outturn_with_a_full_disk(
        &[
            "export",
            SCENARIO,
            "--set",
            "uplift=9%",
            "--output-dir",
            folder,
        ],
        true,
    );
    // Killed by SIGXFSZ in its first write: no exit status.
    assert_eq!(o.status.code(), None, "{o:?}");
    assert_eq!(outputs(dir.path()), previous);
    // At most the one temporary file it was writing is left, hidden.
    assert!(hidden_temporaries(dir.path()) <= 1);
}

/// Outputs are written as any file of the user's would be (the umask decides), not readable
/// by their owner alone as temporary files are made.
#[cfg(unix)]
#[test]
fn outputs_have_the_permissions_of_an_ordinary_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir();
    let out = dir.path().join("projection.csv");
    let o = outturn(&[
        "run",
        SCENARIO,
        "--format",
        "csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let ordinary = dir.path().join("ordinary.txt");
    std::fs::write(&ordinary, "x").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), mode(&ordinary));
}
