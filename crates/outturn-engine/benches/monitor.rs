//! A large council's year of ledger lines, read, mapped and totalled with the month-6
//! forecast: `cargo bench -p outturn-engine --bench monitor -- [LINES...] [--check]`
//! (default 1,000,000 and 10,000,000 lines).
//!
//! Each input (budget, ledger, config) is made once by scripts/gen_ledger.py (seed 1) in the
//! temporary folder and kept for later runs. Each size runs in a fresh process (this binary
//! calls itself), so each peak is its own: the time to make the report, the process's peak
//! resident memory (`VmHWM` from /proc) and the council's forecast outturn are printed. With
//! `--check`, scripts/ref_monitor.py (Python `decimal`) works the same report and the
//! council's actual, forecast and outturn must agree to the penny.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use outturn_engine::monitoring::{monitor, Options};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The folder holding the `lines`-line benchmark, generated if it is not there yet.
fn generated(lines: u64) -> Result<PathBuf, String> {
    let base = std::env::temp_dir().join("outturn-bench");
    let dir = base.join(format!("monitor-{lines}"));
    if dir.join("monitor.toml").exists() {
        return Ok(dir);
    }
    // Generated beside and renamed, so an interrupted generation is not taken for a ledger.
    let part = base.join(format!("monitor-{lines}.part"));
    eprintln!("generating {} ...", dir.display());
    let ok = Command::new("python3")
        .arg(root().join("scripts/gen_ledger.py"))
        .args([lines.to_string(), "1".into()])
        .arg(&part)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        return Err("could not run python3 scripts/gen_ledger.py: is it there?".into());
    }
    std::fs::rename(&part, &dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

/// Peak resident memory of this process, in KiB.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The council row of the reference's wide CSV: (actual, forecast, outturn).
fn reference(config: &Path) -> Result<(String, String, String), String> {
    let out = Command::new("python3")
        .arg(root().join("scripts/ref_monitor.py"))
        .arg(config)
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().ok_or("the reference wrote nothing")?;
    let cells: Vec<&str> = line.split(',').collect();
    match (cells.first(), cells.get(9), cells.get(12), cells.get(13)) {
        (Some(&"council"), Some(a), Some(f), Some(o)) => {
            Ok((a.to_string(), f.to_string(), o.to_string()))
        }
        _ => Err(format!("unexpected last line from the reference: {line}")),
    }
}

fn measure(lines: u64, check: bool) -> Result<(), String> {
    let dir = generated(lines)?;
    let config = dir.join("monitor.toml");
    let size = std::fs::metadata(dir.join("ledger.csv"))
        .map_err(|e| e.to_string())?
        .len();
    let started = Instant::now();
    let report = monitor(&config, &Options::default()).map_err(|e| format!("{e:?}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let council = &report.rows.last().ok_or("no rows")?.figures;
    assert_eq!(report.ledger.counted, lines);
    println!(
        "| {lines} | {:.0} MB | {seconds:.2} s | {:.0} MB | {} |",
        size as f64 / 1e6,
        peak_kib().unwrap_or(0) as f64 / 1024.0,
        council.outturn
    );
    if check {
        let (actual, forecast, outturn) = reference(&config)?;
        assert_eq!(council.actual.plain(), actual, "actual");
        assert_eq!(council.forecast.plain(), forecast, "forecast");
        assert_eq!(council.outturn.plain(), outturn, "outturn");
        println!("|  | the Python reference agrees to the penny |  |  |  |");
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    if let Some(n) = args
        .iter()
        .position(|a| a == "--one")
        .and_then(|i| args.get(i + 1))
    {
        if let Err(e) = n
            .parse()
            .map_err(|_| format!("not a number: {n}"))
            .and_then(|n| measure(n, check))
        {
            eprintln!("{e}");
            std::process::exit(1);
        }
        return;
    }
    // `cargo bench` passes `--bench`; any numbers are sizes.
    let mut sizes: Vec<u64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![1_000_000, 10_000_000];
    }
    println!("| ledger lines | ledger on disk | time | peak memory | council's forecast outturn |");
    println!("| --- | --- | --- | --- | --- |");
    let me = std::env::current_exe().expect("the running binary has a path");
    for n in sizes {
        let mut command = Command::new(&me);
        command.args(["--one", &n.to_string()]);
        if check {
            command.arg("--check");
        }
        if !command.status().is_ok_and(|s| s.success()) {
            eprintln!("the {n}-line run failed");
            std::process::exit(1);
        }
    }
}
