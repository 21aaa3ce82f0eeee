//! The simulation benchmark: `cargo bench -p outturn-engine --bench simulate`.
//!
//! 10,000 draws of the bundled supported-living scenario with uncertain uplift and growth,
//! each draw a full run of the exact engine (the target is under 1 second on two cores); and
//! 10,000 draws over a 1,000-contract register from ../shared/bench/gen_register.py (seed 1)
//! with register-wide shocks to uplift and annual values (the target, issue 20: the whole
//! `outturn simulate --register` process under 1 second on two cores).

mod generated;

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use outturn_engine::simulation::register::RegisterModel;
use outturn_engine::simulation::scenario::Model;
use outturn_input::register::Mapping;

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scenario = root.join("scenarios/24-00005-supported-living-uncertain.toml");
    let model = Model::load(&scenario, &[]).expect("the bundled scenario reads");
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    group.bench_function("supported-living, 10,000 draws", |b| {
        b.iter(|| model.draws(42, 10_000).expect("every draw runs"))
    });
    let register = match generated::register(1_000) {
        Ok(path) => path,
        Err(e) => {
            eprintln!("skipping the register: {e}");
            group.finish();
            return;
        }
    };
    let uncertainty = root.join("tests/simulate/register-uncertainty.toml");
    let model = RegisterModel::load(&register, &Mapping::default(), &uncertainty)
        .expect("the register reads");
    group.bench_function("1,000-contract register, 10,000 draws", |b| {
        b.iter(|| model.draws(42, 10_000).expect("every draw runs"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
