//! The simulation benchmark: `cargo bench --bench simulate`.
//!
//! 10,000 draws of the bundled supported-living scenario with uncertain uplift and growth,
//! each draw a full run of the exact engine (the target is under 1 second on two cores).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use outturn_runner::commands::simulate::Model;

fn bench(c: &mut Criterion) {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/24-00005-supported-living-uncertain.toml");
    let model = Model::load(&scenario, &[]).expect("the bundled scenario reads");
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    group.bench_function("supported-living, 10,000 draws", |b| {
        b.iter(|| model.draws(42, 10_000).expect("every draw runs"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
