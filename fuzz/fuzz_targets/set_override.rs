//! `--set PATH=VALUE` lines applied to a bundled scenario, which is then read: the override
//! parser, the document edit and the scenario reader together.
#![no_main]

use std::path::Path;
use std::str::FromStr;

use libfuzzer_sys::fuzz_target;
use outturn_input::variant::{overrides_for, Chain, Set};

const BASE: &str = include_str!("../../scenarios/22-00034-community-opportunities-drivers.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let sets: Vec<Set> = text.lines().filter_map(|l| Set::from_str(l).ok()).collect();
    let overrides = overrides_for(&sets, 1);
    let chain = Chain::single(Path::new("fuzz.toml"), BASE.to_string());
    let Ok(mut doc) = chain.document() else {
        panic!("the bundled scenario is TOML");
    };
    for o in &overrides {
        if doc.set(o).is_err() {
            return;
        }
    }
    if let Err(diagnostics) = doc.read() {
        for d in diagnostics {
            let _ = d.to_string();
        }
    }
});
