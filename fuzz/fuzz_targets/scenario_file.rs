//! A scenario file, read and validated, then projected, checked and read for uncertainty as
//! `outturn run` and `outturn simulate` would. Any text must give a scenario or diagnostics,
//! never a panic, and every diagnostic must print (a projection's error at the line or saving
//! it concerns, too).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use outturn_engine::evaluate::evaluate_loaded;
use outturn_input::{scenario_file, uncertainty};
use outturn_model::projection::Granularity;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.toml");
    match scenario_file::parse(path, text) {
        Ok(loaded) => {
            for granularity in [Granularity::Year, Granularity::Month] {
                if let Err(d) = evaluate_loaded(loaded.clone(), granularity) {
                    let _ = d.to_string();
                }
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "a refused scenario must say why");
            for d in diagnostics {
                let _ = d.to_string();
            }
        }
    }
    if let Err(diagnostics) = uncertainty::read(path, text) {
        for d in diagnostics {
            let _ = d.to_string();
        }
    }
});
