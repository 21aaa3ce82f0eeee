//! The simulation engine: Monte Carlo draws of a scenario's uncertain assumptions, each draw a
//! full run of the exact engine, summarised over integer pennies.

pub mod sampler;
pub mod statistics;
