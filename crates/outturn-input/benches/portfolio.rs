//! The register-projection benchmark of ../shared/bench: `cargo bench -p outturn-input --bench portfolio`.
//!
//! Registers are made on the fly by ../shared/bench/gen_register.py (seed 1), as that
//! README asks; the whole-process timing of `outturn portfolio` is in README.md.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use outturn_input::register::{project_register, Mapping};
use outturn_model::FyCalendar;

fn register(n: u64, dir: &Path) -> Option<PathBuf> {
    let generator =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/gen_register.py");
    let out = dir.join(format!("register-{n}.csv"));
    let ok = Command::new("python3")
        .arg(&generator)
        .args([n.to_string(), "1".into()])
        .arg(&out)
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(out)
}

fn bench(c: &mut Criterion) {
    let dir = std::env::temp_dir().join("outturn-bench");
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let mapping = Mapping::default();
    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10);
    for n in [10_000u64, 100_000] {
        let Some(path) = register(n, &dir) else {
            eprintln!("skipping: python3 or ../shared/bench/gen_register.py is not available");
            return;
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
