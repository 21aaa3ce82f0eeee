//! Benchmark registers, made by ../shared/bench/gen_register.py (seed 1) as its README asks,
//! once each, in the temporary folder.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `n`-contract register, generated if it is not there yet.
pub fn register(n: u64) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join("outturn-bench");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let out = dir.join(format!("register-{n}.csv"));
    if out.exists() {
        return Ok(out);
    }
    let generator =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/gen_register.py");
    eprintln!("generating {} ...", out.display());
    // Generated beside and renamed, so an interrupted generation is not taken for a register.
    let part = out.with_extension("csv.part");
    let ok = Command::new("python3")
        .arg(&generator)
        .args([n.to_string(), "1".into()])
        .arg(&part)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        return Err(format!(
            "could not run python3 {}: is it there?",
            generator.display()
        ));
    }
    std::fs::rename(&part, &out).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(out)
}
