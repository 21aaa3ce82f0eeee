//! `--set PATH=VALUE` lines applied to a bundled scenario, which is then read again: the
//! override parser, the document edit and the scenario reader together.
#![no_main]

use std::path::Path;
use std::str::FromStr;

use libfuzzer_sys::fuzz_target;
use outturn_input::scenario_file;
use outturn_input::variant::{apply, overrides_for, Set};
use toml_edit::DocumentMut;

const BASE: &str = include_str!("../../scenarios/22-00034-community-opportunities-drivers.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let sets: Vec<Set> = text.lines().filter_map(|l| Set::from_str(l).ok()).collect();
    let Ok(mut doc) = BASE.parse::<DocumentMut>() else {
        panic!("the bundled scenario is TOML");
    };
    for o in overrides_for(&sets, 1) {
        if apply(&mut doc, &o).is_err() {
            return;
        }
    }
    if let Err(diagnostics) = scenario_file::parse(Path::new("fuzz.toml"), &doc.to_string()) {
        for d in diagnostics {
            let _ = d.to_string();
        }
    }
});
