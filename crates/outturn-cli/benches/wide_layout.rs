//! The wide layout of `outturn portfolio` over many groups: `cargo bench -p outturn-cli --bench
//! wide_layout`. Its rows are laid out in time linear in the groups (it once took over 300 s
//! for 20,000 groups, looking each group's years up by scanning); the two sizes, ten times
//! apart, should take about ten times as long.

use std::collections::BTreeMap;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use outturn_cli::present::portfolio::wide_csv;
use outturn_engine::portfolio::Portfolio;
use outturn_model::FyCalendar;

/// `groups` groups, each £1,000.00, £1,020.00 and £1,040.40 in 2021-22 to 2023-24.
fn portfolio(groups: u64) -> Portfolio {
    let cal = FyCalendar::UK;
    let years: Vec<_> = ["2021-22", "2022-23", "2023-24"]
        .iter()
        .map(|y| cal.parse_year(y).expect("a year label"))
        .collect();
    let mut totals = BTreeMap::new();
    for g in 0..groups {
        for (fy, pennies) in years.iter().zip([100_000, 102_000, 104_040]) {
            totals.insert((format!("g{g}"), *fy, None), pennies);
        }
    }
    Portfolio {
        totals,
        contracts: groups,
        ..Portfolio::default()
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("wide layout");
    group.sample_size(10);
    for n in [2_000u64, 20_000] {
        let p = portfolio(n);
        group.throughput(Throughput::Elements(n));
        group.bench_function(format!("{n} groups"), |b| {
            b.iter(|| wide_csv(&p, "directorate"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
