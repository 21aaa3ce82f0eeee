//! A long register streams in flat memory: `cargo bench -p outturn-engine --bench
//! register_memory -- [ROWS...]` (default 1,000,000 and 10,000,000 contracts).
//!
//! Each register is made once by ../shared/bench/gen_register.py (seed 1) in the temporary
//! folder and kept there for later runs (`generated`). Each size runs in a fresh process (this binary
//! calls itself), so each peak is its own: the process's peak resident memory (`VmHWM` from
//! /proc) is printed beside the register's size on disk and the time taken to read, project
//! and total it by directorate and financial year, as `outturn portfolio` does.

mod generated;

use std::process::Command;
use std::time::Instant;

use outturn_engine::portfolio::project_register;
use outturn_input::register::Mapping;
use outturn_model::FyCalendar;

/// Peak resident memory of this process, in KiB.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Measures one register in this process and prints a table row.
fn measure(n: u64) -> Result<(), String> {
    let path = generated::register(n)?;
    let size = std::fs::metadata(&path).map_err(|e| e.to_string())?.len();
    let started = Instant::now();
    let portfolio = project_register(&path, &Mapping::default(), false, FyCalendar::UK)?;
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(portfolio.contracts, n);
    assert!(portfolio.bad_rows.is_empty() && portfolio.blank_lines.is_empty());
    let total: i64 = portfolio.totals.values().sum();
    println!(
        "| {n} | {:.0} MB | {seconds:.2} s | {:.0} MB | £{}.{:02} |",
        size as f64 / 1e6,
        peak_kib().unwrap_or(0) as f64 / 1024.0,
        total / 100,
        total % 100
    );
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(n) = args
        .iter()
        .position(|a| a == "--one")
        .and_then(|i| args.get(i + 1))
    {
        if let Err(e) = n
            .parse()
            .map_err(|_| format!("not a number: {n}"))
            .and_then(measure)
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
    println!("| contracts | register on disk | time | peak memory | total |");
    println!("| --- | --- | --- | --- | --- |");
    let me = std::env::current_exe().expect("the running binary has a path");
    for n in sizes {
        let status = Command::new(&me).args(["--one", &n.to_string()]).status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("the {n}-contract run failed");
            std::process::exit(1);
        }
    }
}
