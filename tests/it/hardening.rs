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
    refused(
        &o,
        "standard output: could not write the output: File too large; it is cut short",
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
    refused(&o, "is named for two outputs");
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

// Hostile sizes.

/// A register line past the stated maximum (1 MiB) stops the read with its line number,
/// whether it is a row or the header; `/dev/zero`, which never ends, is refused before
/// reading.
#[test]
fn a_register_line_past_the_limit_is_refused() {
    let dir = temp_dir();
    let register = dir.path().join("r.csv");
    let mut text = b"id,directorate,start,term_years,extension_months,annual_value,uplift_pct\na,b,2021-04-01,1,0,100,0\n".to_vec();
    text.extend(std::iter::repeat_n(b'x', (1 << 20) + 1));
    std::fs::write(&register, &text).unwrap();
    let o = outturn(&["portfolio", register.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {}: line 3 is longer than 1,048,576 bytes, the longest a register line may be; is this a CSV file?\n1 error; nothing was written\n",
            register.display()
        )
    );
    // A line of exactly the limit is read (and refused for what it holds, not its length).
    let mut text =
        b"id,directorate,start,term_years,extension_months,annual_value,uplift_pct\n".to_vec();
    text.extend(std::iter::repeat_n(b'x', 1 << 20));
    text.push(b'\n');
    std::fs::write(&register, &text).unwrap();
    let o = outturn(&["portfolio", register.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("longer than"), "{}", stderr(&o));

    let o = outturn(&["portfolio", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/dev/zero: is a device, not a register"));
}

/// A scenario file past 1 MiB is refused before it is held; a chain of 7,000 `extends`
/// (which once overflowed the stack) is refused at 32 bases, and 32 are read.
#[test]
fn scenario_sizes_and_extends_chains_have_limits() {
    let dir = temp_dir();
    let big = dir.path().join("big.toml");
    std::fs::write(&big, vec![b'#'; (1 << 20) + 1]).unwrap();
    let o = outturn(&["run", big.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("the file is larger than 1,048,576 bytes, the largest scenario file read"),
        "{}",
        stderr(&o)
    );

    std::fs::copy(root().join(DPSS), dir.path().join("s0.toml")).unwrap();
    for i in 1..=7000 {
        std::fs::write(
            dir.path().join(format!("s{i}.toml")),
            format!("extends = \"s{}.toml\"\n", i - 1),
        )
        .unwrap();
    }
    let deep = dir.path().join("s7000.toml");
    let o = outturn(&["run", deep.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {}: extends: more than 32 bases, one extending the next; a chain that long is more likely a mistake than a scenario\n1 error; nothing was written\n",
            deep.display()
        )
    );
    let rows = run_csv_at(dir.path().join("s32.toml").to_str().unwrap());
    assert_eq!(sum(&rows, &[]), 294_647_100);
    let o = outturn(&["run", dir.path().join("s33.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

/// More draws than a run can hold are refused before anything is drawn or allocated.
#[test]
fn draws_past_the_limit_are_refused_before_allocating() {
    let o = outturn(&["simulate", UNCERTAIN, "--draws", "18446744073709551615"]);
    refused(
        &o,
        "--draws: 18,446,744,073,709,551,615 draws is more than 1,000,000",
    );
}

/// The wide layout of 20,000 groups (once over 300 s) is built through hash maps; its time is
/// measured by `cargo bench -p outturn-cli --bench wide_layout`. Each group is one
/// contract of £1,000 a year for three years from 1 April 2021 with a 2% uplift at each
/// anniversary: £1,000.00, £1,020.00 and £1,040.40 in its three financial years.
#[test]
fn the_wide_layout_of_many_groups_has_every_group() {
    let dir = temp_dir();
    let register = dir.path().join("wide.csv");
    let mut text =
        String::from("id,directorate,start,term_years,extension_months,annual_value,uplift_pct\n");
    for i in 0..20_000 {
        text += &format!("c{i},g{i},2021-04-01,3,0,1000,2\n");
    }
    std::fs::write(&register, text).unwrap();
    let o = outturn(&[
        "portfolio",
        register.to_str().unwrap(),
        "--format",
        "csv",
        "--layout",
        "wide",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1 + 20_000 + 1);
    assert!(out.contains("\ng12345,1000.00,1020.00,1040.40,3060.40\n"));
    assert!(out.ends_with("\ntotal,20000000.00,20400000.00,20808000.00,61208000.00\n"));
}

// No silent nonsense.

/// A figure naming a line, phase or budget the scenario does not have is refused with the
/// names it has, in `sweep`, `solve` and `explain` alike (it would select nothing: £0.00).
#[test]
fn an_unknown_figure_name_lists_the_valid_ones() {
    let o = outturn(&["explain", DPSS, "line.dps.year.2025-26"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: FIGURE: `line.dps.year.2025-26`: the scenario has no line `dps`; its lines are dpss\n1 error; nothing was written\n"
    );
    let o = outturn(&[
        "sweep",
        DPSS,
        "--vary",
        "uplift=0%,1%",
        "--figure",
        "total.budget.adults",
    ]);
    refused(&o, "its budgets are children-disability-0-18");
    let o = outturn(&[
        "solve",
        DPSS,
        "--target",
        "total.phase.extension-2=£1",
        "--for",
        "uplift",
    ]);
    refused(&o, "its phases are initial, extension-1");
    // A known name still works: the extension's two flat years of £589,294.20.
    let o = outturn(&["explain", DPSS, "total.phase.extension-1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("£1,178,588.40"), "{}", stdout(&o));
}

#[test]
fn skipping_every_row_is_an_error() {
    let o = outturn(&[
        "portfolio",
        "tests/errors/register-every-row-bad.csv",
        "--skip-bad-rows",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("every row was bad"));
    assert!(o.stdout.is_empty());
    // One good row of two is totalled: £100,000 in 2021-22, the bad row listed as skipped.
    let dir = temp_dir();
    let register = dir.path().join("r.csv");
    std::fs::write(
        &register,
        "id,directorate,start,term_years,extension_months,annual_value,uplift_pct\na,adults,2021-04-01,1,0,100000,0\nb,children,2021-13-01,1,0,5,0\n",
    )
    .unwrap();
    let o = outturn(&[
        "portfolio",
        register.to_str().unwrap(),
        "--skip-bad-rows",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "directorate,financial_year,amount\nadults,2021-22,100000.00\n"
    );
}

/// An option the format chosen would ignore is an error, not silently dropped.
#[test]
fn options_that_do_not_apply_are_errors() {
    let dir = temp_dir();
    let xlsx = dir.path().join("x.xlsx");
    for (args, flag) in [
        (vec!["run", DPSS, "--layout", "wide"], "--layout wide"),
        (
            vec!["run", DPSS, "--format", "json", "--layout", "wide"],
            "--layout wide",
        ),
        (
            vec![
                "run", DPSS, "--format", "csv", "--layout", "wide", "--by", "month",
            ],
            "--by month",
        ),
        (
            vec![
                "run",
                DPSS,
                "--format",
                "xlsx",
                "--by",
                "month",
                "-o",
                xlsx.to_str().unwrap(),
            ],
            "--by month",
        ),
        (vec!["run", DPSS, "--format", "markdown", "--bom"], "--bom"),
        (
            vec![
                "portfolio",
                "tests/portfolio/register.csv",
                "--layout",
                "wide",
            ],
            "--layout wide",
        ),
    ] {
        let o = outturn(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).starts_with(&format!("error: {flag}: ")),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(o.stdout.is_empty());
    }
    assert!(!xlsx.exists());
    // Where they apply they work: monthly rows in the long CSV add back to the year.
    let o = outturn(&["run", DPSS, "--format", "csv", "--by", "month"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o).lines().count(), 1 + 60);
}

/// `solve --for extensions.1.months` searches only lengths the scenario accepts: with a
/// three-year initial term, up to 1,164 months (100 years in all). £3,500,000 lies between 35
/// months (five years of £589,294.20 and 334 of 365 days of a sixth: 589,294.20 × 334/365 =
/// 539,244.555… → £539,244.56; £3,485,715.56) and 36 (six years, £3,535,765.20).
#[test]
fn solve_searches_only_lengths_the_scenario_accepts() {
    let o = outturn(&[
        "solve",
        DPSS,
        "--target",
        "total.all=£3,500,000",
        "--for",
        "extensions.1.months",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "extensions.1.months,total.all,difference from target\n35,3485715.56,-14284.44\n36,3535765.20,35765.20\n"
    );
    let o = outturn(&[
        "solve",
        DPSS,
        "--target",
        "total.all=£3,500,000",
        "--for",
        "extensions.1.months",
    ]);
    assert!(
        stdout(&o).contains("searched extensions.1.months up to 1164, the most the scenario accepts; 1165 is refused: the term runs from 2025-04-01 to 2125-04-30, more than 100 years"),
        "{}",
        stdout(&o)
    );
}

/// A what-if export names its files after the change, beside the scenario's own, which it
/// leaves as they were.
#[test]
fn a_what_if_export_never_writes_over_the_base_files() {
    let dir = temp_dir();
    let out = dir.path().to_str().unwrap();
    let o = outturn(&["export", DPSS, "--output-dir", out]);
    assert!(o.status.success());
    let base = files_in(dir.path());
    let o = outturn(&["export", DPSS, "--set", "uplift=9%", "--output-dir", out]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = files_in(dir.path());
    for (name, contents) in &base {
        assert_eq!(
            after.iter().find(|(n, _)| n == name).map(|(_, c)| c),
            Some(contents),
            "{name}"
        );
    }
    let names: Vec<&str> = after.iter().map(|(n, _)| n.as_str()).collect();
    for name in [
        "24-00051-direct-payment-support+uplift=9%.csv",
        "24-00051-direct-payment-support+uplift=9%.xlsx",
        "checks+uplift=9%.csv",
    ] {
        assert!(names.contains(&name), "{names:?}");
    }
    assert_eq!(after.len(), 2 * base.len());
    // run --output-dir names them the same way.
    let o = outturn(&[
        "run",
        DPSS,
        "--set",
        "uplift=9%",
        "--format",
        "csv",
        "--output-dir",
        out,
    ]);
    assert!(o.status.success());
    assert_eq!(files_in(dir.path()).len(), after.len());
}

/// A `per_year` saving is pro-rated in a part year like every other amount: £120,000 a year
/// against a contract ending 31 August 2024, 153 of 365 days into 2024-25, is
/// 12,000,000p × 153/365 = 5,030,136.986…p → £50,301.37 (the line itself, £1,000,000 a year,
/// is 419,178.082… → £419,178.08 there). Stated `part_years = "whole"`, it is £120,000.
#[test]
fn a_per_year_saving_is_pro_rated_in_a_part_year() {
    let dir = temp_dir();
    let scenario = dir.path().join("part.toml");
    let text = "title = \"t\"\npaper = \"p\"\n[[contracts]]\nname = \"c\"\nstart = 2023-04-01\nend = 2024-08-31\n[[lines]]\nname = \"care\"\nkind = \"service\"\nbudget = \"b\"\nannual = \"£1,000,000\"\n[[savings]]\nname = \"s\"\nline = \"care\"\nper_year = \"£120,000\"\nfrom = \"2023-24\"\n";
    std::fs::write(&scenario, text).unwrap();
    let rows = run_csv_at(scenario.to_str().unwrap());
    assert_eq!(
        sum(&rows, &[("line", "s"), ("financial_year", "2023-24")]),
        -12_000_000
    );
    assert_eq!(
        sum(&rows, &[("line", "s"), ("financial_year", "2024-25")]),
        -5_030_137
    );
    assert_eq!(
        sum(&rows, &[("line", "care"), ("financial_year", "2024-25")]),
        41_917_808
    );
    std::fs::write(&scenario, format!("{text}part_years = \"whole\"\n")).unwrap();
    let rows = run_csv_at(scenario.to_str().unwrap());
    assert_eq!(
        sum(&rows, &[("line", "s"), ("financial_year", "2024-25")]),
        -12_000_000
    );
}

// Messages.

/// An error only projecting finds, in a base, points at its line in the base, not at a line
/// number of the merged text in the variant (which may be far shorter).
#[test]
fn errors_in_a_base_point_into_the_base() {
    let dir = temp_dir();
    let base = dir.path().join("base.toml");
    std::fs::write(
        &base,
        "title = \"b\"\npaper = \"p\"\n[[contracts]]\nname = \"c\"\nstart = 2021-04-01\nend = 2024-03-31\n[[lines]]\nname = \"service\"\nkind = \"service\"\nbudget = \"b\"\nannual = \"£1,000\"\n[[savings]]\nname = \"s\"\nline = \"service\"\nper_year = \"£10\"\nfrom = \"2025-26\"\n",
    )
    .unwrap();
    let variant = dir.path().join("v.toml");
    std::fs::write(&variant, "extends = \"base.toml\"\ntitle = \"v\"\n").unwrap();
    let o = outturn(&["check", variant.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {}:13:8: savings.s: saving `s` applies in 2025-26, when nothing it is against is in contract\n   |\n13 | name = \"s\"\n   |        ^^^\n  = note: read as a base of {}\n1 error; nothing was written\n",
            base.display(),
            variant.display()
        )
    );
}

/// No message names the reader's own types or Rust's: every case of the catalogue, and more
/// shapes TOML allows where another is expected.
#[test]
fn no_message_shows_serde_internals() {
    let internals = [
        "Raw", "i128", "i64", "u32", "u64", "sequence", "struct ", "borrowed",
    ];
    let dir = root().join("tests/errors");
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "stderr") {
            let text = std::fs::read_to_string(&p).unwrap();
            for word in internals {
                assert!(!text.contains(word), "{}: {word}\n{text}", p.display());
            }
        }
    }
    let tmp = temp_dir();
    for contract in [
        "extensions = 5",
        "extensions = [\"12\"]",
        "extensions = [{ months = 99999999999999999999, taken = true }]",
        "break = 3",
        "break = { on = 2022-09-30, notice_months = 1e30 }",
    ] {
        let s = tmp.path().join("s.toml");
        std::fs::write(
            &s,
            format!("title = \"t\"\npaper = \"p\"\n[[contracts]]\nname = \"c\"\nstart = 2021-04-01\nend = 2024-03-31\n{contract}\n[[lines]]\nname = \"l\"\nkind = \"service\"\nbudget = \"b\"\nannual = \"£1\"\n"),
        )
        .unwrap();
        let o = outturn(&["check", s.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{contract}");
        for word in internals {
            assert!(!stderr(&o).contains(word), "{contract}: {}", stderr(&o));
        }
    }
}

/// `extends` naming a pipe, a link that loops or scenarios that extend each other says which.
#[cfg(unix)]
#[test]
fn extends_says_what_its_base_is() {
    let dir = temp_dir();
    let d = dir.path();
    assert!(Command::new("mkfifo")
        .arg(d.join("pipe.toml"))
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink("loop.toml", d.join("loop.toml")).unwrap();
    std::fs::write(d.join("a.toml"), "extends = \"b.toml\"\n").unwrap();
    std::fs::write(d.join("b.toml"), "extends = \"a.toml\"\n").unwrap();
    for (base, says) in [
        ("pipe.toml", "is not a file (a pipe or a device)"),
        (
            "loop.toml",
            "cannot be read (a link that leads round in a loop",
        ),
        (".", "is a folder"),
        ("a.toml", "the scenarios extend each other in a circle"),
    ] {
        let v = d.join("v.toml");
        std::fs::write(&v, format!("extends = \"{base}\"\n")).unwrap();
        let o = outturn(&["check", v.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{base}");
        assert!(stderr(&o).contains(says), "{base}: {}", stderr(&o));
    }
}

/// A scenario in UTF-16 or Latin-1 is named as such, and invisible characters in a message
/// are shown escaped with the caret still under its place.
#[test]
fn encodings_and_invisible_characters_are_named() {
    let o = outturn(&["check", "tests/errors/scenario-utf16.toml"]);
    assert!(
        stderr(&o).contains("the file is UTF-16 text"),
        "{}",
        stderr(&o)
    );
    let o = outturn(&["check", "tests/errors/scenario-latin-1.toml"]);
    assert!(stderr(&o).contains("byte 0xE9 is not UTF-8 text (`é` in Windows-1252 or Latin-1)"));
    let o = outturn(&[
        "check",
        "tests/errors/amount-with-a-non-breaking-space.toml",
    ]);
    assert!(stderr(&o).contains("found `£1\\u{a0}000`\n   |\n11 | annual = \"£1\\u{a0}000\"\n   |          ^^^^^^^^^^^^^\n"), "{}", stderr(&o));
}
