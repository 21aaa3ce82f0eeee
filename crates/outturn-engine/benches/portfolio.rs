//! The register-projection benchmark of ../shared/bench: `cargo bench -p outturn-engine --bench
//! portfolio`, by financial year and by month, on 100,000 and 1,000,000 contracts.
//!
//! Registers are made by ../shared/bench/gen_register.py (seed 1), as that README asks; the
//! whole-process timings of `outturn portfolio`, beside pandas, are in README.md
//! (`scripts/compare_pandas.py`). Run some only by naming them: `-- "by month"`.

mod generated;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use outturn_engine::portfolio::project_register;
use outturn_input::register::Mapping;
use outturn_model::FyCalendar;

fn bench(c: &mut Criterion) {
    let mapping = Mapping::default();
    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10);
    for n in [100_000u64, 1_000_000] {
        let path = match generated::register(n) {
            Ok(path) => path,
            Err(e) => {
                eprintln!("skipping: {e}");
                return;
            }
        };
        group.throughput(Throughput::Elements(n));
        for (by, by_month) in [("year", false), ("month", true)] {
            group.bench_function(format!("{n} contracts by {by}"), |b| {
                b.iter(|| {
                    project_register(&path, &mapping, by_month, FyCalendar::UK)
                        .expect("the register reads")
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
