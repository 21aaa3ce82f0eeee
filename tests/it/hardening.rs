//! Nothing lost, nothing guessed: hostile destinations, streams that fail, files written all or
//! nothing, money past its limit, hostile sizes, options that do not apply, and messages that
//! say what is really wrong. Refusals with a fixed message are also in the error catalogue
//! (`tests/errors/`); these are the cases that need a pipe, a FIFO, a link, a file-size limit
//! or a look at the files left behind.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::*;

/// `sh -c SCRIPT` from the workspace root, with `$0` the built `outturn`: for redirections
/// and limits only a shell can set up.
fn shell(script: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_outturn"))
        .current_dir(root())
        .output()
        .expect("sh runs")
}

fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The projection of the direct payment support scenario as `run --format csv` prints it.
fn dpss_csv() -> Vec<u8> {
    let o = outturn(&["run", DPSS, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    o.stdout
}

// Standard output and standard error.

#[test]
fn a_full_standard_output_is_an_error_not_success() {
    let o = shell("exec \"$0\" run scenarios/24-00051-direct-payment-support.toml >/dev/full");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: standard output: could not write the output: No space left on device; it is cut short\n1 error; nothing was written\n"
    );
}

#[test]
fn a_file_size_limit_on_standard_output_is_an_error() {
    let dir = temp_dir();
    let out = dir.path().join("cut.csv");
    let o = shell(&format!(
        "trap '' XFSZ; ulimit -f 1 && exec \"$0\" run scenarios --format csv > {}",
        out.display()
    ));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "standard output: could not write the output: File too large; it is cut short"
        ),
        "{}",
        stderr(&o)
    );
}

/// A reader that leaves (`outturn run | head`) ends the run quietly, with the status a shell
/// gives any command a broken pipe stops.
#[test]
fn a_broken_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_outturn"))
        .args(["run", "scenarios", "--by", "month", "--format", "csv"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(141));
    assert_eq!(err, "");
}

/// Standard error that cannot be written (full, or a pipe nobody reads) never panics (status
/// 101): the run still fails with 2.
#[test]
fn a_standard_error_that_cannot_be_written_still_gives_status_2() {
    let o = shell("exec \"$0\" run no/such/scenario.toml 2>/dev/full");
    assert_eq!(o.status.code(), Some(2));
    let mut child = Command::new(env!("CARGO_BIN_EXE_outturn"))
        .args(["run", "no/such/scenario.toml"])
        .current_dir(root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(2));
    // Rows skipped must be listed: if they cannot be, nothing is written.
    let o = shell(
        "exec \"$0\" portfolio tests/errors/register-blank-line.csv --skip-bad-rows --format csv 2>/dev/full",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

#[test]
fn help_that_cannot_be_written_is_not_success() {
    let o = shell("exec \"$0\" --help >/dev/full");
    assert_eq!(o.status.code(), Some(2));
}

// Output destinations.

#[cfg(unix)]
#[test]
fn output_to_a_fifo_writes_into_it() {
    let dir = temp_dir();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let o = outturn(&[
        "run",
        DPSS,
        "--format",
        "csv",
        "--output",
        fifo.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(reader.join().unwrap(), dpss_csv());
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}

/// Devices are written into: `/dev/null` stays the device (renaming over it, as root, would
/// make it a file for every program on the machine), `/dev/stdout` is standard output.
#[cfg(unix)]
#[test]
fn output_to_a_device_writes_into_it() {
    use std::os::unix::fs::FileTypeExt;
    let is_device = || {
        std::fs::symlink_metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    };
    assert!(is_device());
    let o = outturn(&["run", DPSS, "--format", "csv", "-o", "/dev/null"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(is_device(), "/dev/null was replaced");
    let o = outturn(&["run", DPSS, "--format", "csv", "-o", "/dev/stdout"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, dpss_csv());
    assert!(std::fs::symlink_metadata("/dev/stdout")
        .unwrap()
        .file_type()
        .is_symlink());
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_replaces_its_target() {
    let dir = temp_dir();
    let real = dir.path().join("real.csv");
    std::fs::write(&real, "previous\n").unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("real.csv", &link).unwrap();
    let o = outturn(&["run", DPSS, "--format", "csv", "-o", link.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read(&real).unwrap(), dpss_csv());
    // A link to a file not made yet makes it.
    let dangling = dir.path().join("dangling.csv");
    std::os::unix::fs::symlink("later.csv", &dangling).unwrap();
    let o = outturn(&[
        "run",
        DPSS,
        "--format",
        "csv",
        "-o",
        dangling.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(dir.path().join("later.csv")).unwrap(),
        dpss_csv()
    );
}

#[test]
fn output_to_a_folder_is_refused() {
    let dir = temp_dir();
    let o = outturn(&["run", DPSS, "-o", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {}: is a folder; name a file to write the output to\n1 error; nothing was written\n",
            dir.path().display()
        )
    );
    assert!(dir.path().read_dir().unwrap().next().is_none());
}

// All or nothing across files.

/// A scenario of the bundled one's name in a folder of its own, to be edited between runs.
fn own_copy(dir: &Path) -> std::path::PathBuf {
    let src = dir.join("src");
    std::fs::create_dir(&src).unwrap();
    let file = src.join("24-00051-direct-payment-support.toml");
    std::fs::copy(root().join(DPSS), &file).unwrap();
    file
}

/// An export stopped by a full disk in its larger files replaces none of the smaller ones it
/// could have written (all are written beside their targets first), and says so.
#[test]
fn an_export_replaces_every_file_or_none() {
    let dir = temp_dir();
    let scenario = own_copy(dir.path());
    let out = dir.path().join("out");
    let o = outturn(&[
        "export",
        scenario.to_str().unwrap(),
        "--output-dir",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let previous = files_in(&out);
    let sizes: Vec<usize> = previous.iter().map(|(_, c)| c.len()).collect();
    // A limit between the smallest and the largest file: some could be written, not all.
    let limit_blocks = 8;
    assert!(sizes.iter().any(|&s| s < limit_blocks * 512), "{sizes:?}");
    assert!(sizes.iter().any(|&s| s > limit_blocks * 512), "{sizes:?}");
    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(&scenario, text.replace("589,294.20", "600,000.00")).unwrap();
    let o = shell(&format!(
        "trap '' XFSZ; ulimit -f {limit_blocks} && exec \"$0\" export {} --output-dir {}",
        scenario.display(),
        out.display()
    ));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("could not write the output: file too large"),
        "{err}"
    );
    assert!(err.ends_with("1 error; nothing was written\n"), "{err}");
    assert_eq!(files_in(&out), previous);
    // Without the limit the same export changes the files: the test above could fail.
    let o = outturn(&[
        "export",
        scenario.to_str().unwrap(),
        "--output-dir",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_ne!(files_in(&out), previous);
    assert_eq!(files_in(&out).len(), previous.len());
}

const UNCERTAIN: &str = "scenarios/24-00005-supported-living-uncertain.toml";

/// simulate's extra files are written together: one that cannot be written stops all.
#[test]
fn simulate_writes_its_files_together_or_not_at_all() {
    let dir = temp_dir();
    let fan = dir.path().join("fan.csv");
    let chart = dir.path().join("fan.svg");
    let o = outturn(&[
        "simulate",
        UNCERTAIN,
        "--draws",
        "50",
        "--fan",
        fan.to_str().unwrap(),
        "--fan-chart",
        chart.to_str().unwrap(),
        "--tornado",
        dir.path().join("no/such/folder/t.svg").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).ends_with("1 error; nothing was written\n"),
        "{}",
        stderr(&o)
    );
    assert!(!fan.exists() && !chart.exists());

    // One file named for two outputs is refused before anything is written.
    let o = outturn(&[
        "simulate",
        UNCERTAIN,
        "--draws",
        "50",
        "--fan-chart",
        chart.to_str().unwrap(),
        "--tornado",
        chart.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is named for two outputs"),
        "{}",
        stderr(&o)
    );
    assert!(!chart.exists());
}

/// When standard output fails after the files are in place, the message names them.
#[test]
fn the_message_says_exactly_what_was_written() {
    let dir = temp_dir();
    let fan = dir.path().join("fan.csv");
    let o = shell(&format!(
        "exec \"$0\" simulate {UNCERTAIN} --draws 50 --fan {} >/dev/full",
        fan.display()
    ));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: standard output: could not write the output: No space left on device; it is cut short\n1 error; only this was written: {}\n",
            fan.display()
        )
    );
    assert!(fan.exists());
}

// Money never wraps.

/// £10^15 a year for `years` whole financial years from 1 April 2021.
fn at_the_input_limit(dir: &Path, years: u32) -> String {
    let path = dir.join(format!("limit-{years}.toml"));
    std::fs::write(
        &path,
        format!(
            "title = \"t\"\npaper = \"p\"\n[[contracts]]\nname = \"c\"\nstart = 2021-04-01\nend = {}-03-31\n[[lines]]\nname = \"service\"\nkind = \"service\"\nbudget = \"b\"\nannual = \"£1,000,000,000,000,000\"\n",
            2021 + years
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

const PAST_THE_LIMIT: &str = "the amounts add up to more than £10,000,000,000,000,000.00, the largest total Outturn reports; check the amounts, uplifts and terms";

/// Ten years at the input limit are £10^16, the largest total, to the penny; a hundred years
/// (£10^17, 10^19 pennies, past an i64) are refused by every command that totals them.
#[test]
fn totals_past_the_limit_are_refused_never_wrapped() {
    let dir = temp_dir();
    let ten = at_the_input_limit(dir.path(), 10);
    let rows = run_csv_at(&ten);
    assert_eq!(rows.len(), 10);
    assert_eq!(sum(&rows, &[]), 1_000_000_000_000_000_000);
    let o = outturn(&["run", &ten, "--format", "csv", "--layout", "wide"]);
    assert!(
        stdout(&o).contains(",10000000000000000.00\n"),
        "{}",
        stdout(&o)
    );

    let hundred = at_the_input_limit(dir.path(), 100);
    let report = dir.path().join("r.html");
    for args in [
        vec!["run", hundred.as_str()],
        vec!["report", hundred.as_str(), "-o", report.to_str().unwrap()],
        vec![
            "export",
            hundred.as_str(),
            "--output-dir",
            dir.path().to_str().unwrap(),
        ],
    ] {
        let o = outturn(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains(PAST_THE_LIMIT),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(o.stdout.is_empty());
    }
    assert!(!report.exists());

    let uncertain = dir.path().join("u.toml");
    std::fs::write(
        &uncertain,
        format!(
            "extends = {hundred:?}\n[[uncertainty]]\nfield = \"lines.service.annual\"\ntriangular = [\"£1\", \"£2\", \"£3\"]\n"
        ),
    )
    .unwrap();
    let o = outturn(&["simulate", uncertain.to_str().unwrap(), "--draws", "5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(PAST_THE_LIMIT), "{}", stderr(&o));

    // A register of two contracts of ten years at the input limit: £2 × 10^16 together.
    let register = dir.path().join("r.csv");
    std::fs::write(
        &register,
        "id,directorate,start,term_years,extension_months,annual_value,uplift_pct\na,x,2021-04-01,10,0,1000000000000000,0\nb,y,2021-04-01,10,0,1000000000000000,0\n",
    )
    .unwrap();
    let o = outturn(&["portfolio", register.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(PAST_THE_LIMIT), "{}", stderr(&o));
    let shocks = dir.path().join("shocks.toml");
    std::fs::write(
        &shocks,
        "[[uncertainty]]\nfield = \"uplift_shift\"\ntriangular = [\"0%\", \"0%\", \"0%\"]\n",
    )
    .unwrap();
    let o = outturn(&[
        "simulate",
        "--register",
        register.to_str().unwrap(),
        "--uncertainty",
        shocks.to_str().unwrap(),
        "--draws",
        "5",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(PAST_THE_LIMIT), "{}", stderr(&o));
}

// Registers: formula-injection cells are made inert on output.

/// A group name a spreadsheet would run as a formula is written to CSV after a `'`, which
/// Excel shows as text; JSON, which no spreadsheet runs, keeps it as it is.
#[test]
fn csv_output_makes_formula_cells_inert() {
    let dir = temp_dir();
    let register = dir.path().join("r.csv");
    std::fs::write(
        &register,
        "id,directorate,start,term_years,extension_months,annual_value,uplift_pct\na,\"=HYPERLINK(\"\"http://x\"\")\",2021-04-01,1,0,1000,0\nb,@adults,2021-04-01,1,0,500,0\nc,-1+2,2021-04-01,1,0,250,0\n",
    )
    .unwrap();
    let r = register.to_str().unwrap();
    let o = outturn(&["portfolio", r, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let groups: Vec<String> = csv::Reader::from_reader(o.stdout.as_slice())
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    // Groups in name order.
    assert_eq!(groups, ["'-1+2", "'=HYPERLINK(\"http://x\")", "'@adults"]);
    let o = outturn(&["portfolio", r, "--format", "csv", "--layout", "wide"]);
    let out = stdout(&o);
    assert!(out.contains("'@adults,500.00"), "{out}");
    assert!(
        !out.lines()
            .any(|l| l.starts_with('=') || l.starts_with('@')),
        "{out}"
    );
    let o = outturn(&["portfolio", r, "--format", "json"]);
    assert!(stdout(&o).contains("\"@adults\""), "{}", stdout(&o));
}
