//! Integration tests of the `outturn` binary: one test binary, one module per area, each
//! running the built binary from the workspace root as a user would.
//!
//! A new area is one file here and its `mod` line below; a test joins the module of what it
//! tests. Data the tests read stays in the folders beside this one (`tests/errors/`,
//! `tests/portfolio/`, `tests/simulate/`, `tests/mechanics/`, `tests/papers/`). Run one module with
//! `cargo test -p outturn-cli --test it whatif::`, one test by a part of its name.
//!
//! Knobs: `OUTTURN_BLESS=1` rewrites the error catalogue's expected messages
//! (`errors::error_catalogue`); `OUTTURN_REQUIRE_CHROMIUM=1` (set by `.ci/run`) makes the
//! browser test fail instead of skipping when `/usr/bin/chromium` is missing. `outputs/` is
//! regenerated with the command in README.md, never by a test.

mod common;

mod architecture;
mod check;
mod conventions;
mod drivers;
mod errors;
mod hardening;
mod interrupted;
mod mechanics;
mod monitor;
mod outputs;
mod papers;
// Parquet output and registers with the `parquet` feature; without it, that it says how to
// build it in.
#[cfg(not(feature = "parquet"))]
mod no_parquet;
#[cfg(feature = "parquet")]
mod parquet;
mod portfolio;
mod registers;
mod run;
mod simulate;
mod whatif;
