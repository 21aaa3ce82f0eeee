//! The register-projection benchmark of ../shared/bench: `cargo bench -p outturn-input --bench portfolio`.
//!
//! Registers are made by ../shared/bench/gen_register.py (seed 1), as that README asks; the
//! whole-process timing of `outturn portfolio` is in README.md.

mod generated;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use outturn_engine::portfolio::project_register;
use outturn_input::register::Mapping;
use outturn_model::FyCalendar;

fn bench(c: &mut Criterion) {
    let mapping = Mapping::default();
    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10);
    for n in [10_000u64, 100_000] {
        let path = match generated::register(n) {
            Ok(path) => path,
            Err(e) => {
                eprintln!("skipping: {e}");
                return;
            }
        };
        group.throughput(Throughput::Elements(n));
        group.bench_function(format!("read, project and total {n} contracts"), |b| {
            b.iter(|| {
                project_register(&path, &mapping, false, FyCalendar::UK)
                    .expect("the register reads")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
