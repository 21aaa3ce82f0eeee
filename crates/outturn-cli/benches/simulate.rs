//! The simulation benchmark: `cargo bench --bench simulate`.
//!
//! 10,000 draws of the bundled supported-living scenario with uncertain uplift and growth,
//! each draw a full run of the exact engine (the target is under 1 second on two cores); and
//! 10,000 draws over a 1,000-contract register from ../shared/bench/gen_register.py (seed 1)
//! with register-wide shocks to uplift and annual values (target: under 10 seconds).

use std::path::Path;
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion};
use outturn_cli::commands::simulate::Model;
use outturn_cli::commands::simulate_register::RegisterModel;

fn bench(c: &mut Criterion) {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/24-00005-supported-living-uncertain.toml");
    let model = Model::load(&scenario, &[]).expect("the bundled scenario reads");
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    group.bench_function("supported-living, 10,000 draws", |b| {
        b.iter(|| model.draws(42, 10_000).expect("every draw runs"))
    });
    let dir = std::env::temp_dir().join("outturn-bench");
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let register = dir.join("register-1000.csv");
    let generator =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/gen_register.py");
    let made = Command::new("python3")
        .arg(&generator)
        .args(["1000", "1"])
        .arg(&register)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!(
            "skipping the register: python3 or ../shared/bench/gen_register.py is not available"
        );
        group.finish();
        return;
    }
    let uncertainty = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/simulate/register-uncertainty.toml");
    let model = RegisterModel::load(&register, &uncertainty).expect("the register reads");
    group.bench_function("1,000-contract register, 10,000 draws", |b| {
        b.iter(|| model.draws(42, 10_000).expect("every draw runs"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
