//! The Outturn model: money, financial years, contract terms, projections and checks.
//!
//! This crate does no I/O and knows no file format: the runner reads scenario files into
//! [`scenario::Scenario`] and renders what [`projection::project`] and [`check::Check`]
//! return. Every amount is a [`money::Money`], exact to the penny; every division of an
//! amount goes through [`split::split`], so pieces always add back to the whole.
//!
//! Every rule that moves money has a worked example in its doc comment, run as a doctest;
//! `docs/money-rules.md` lists them all with the function that implements each.
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod amount;
pub mod breaks;
pub mod calendar;
pub mod check;
pub mod discount;
pub mod drivers;
pub mod duration;
pub mod error;
pub mod exact;
pub mod funding;
pub mod index;
pub mod interval;
pub mod model_figure;
pub mod money;
pub mod monitoring;
pub mod pressure;
pub mod projection;
pub mod prorate;
pub mod reading;
pub mod register;
pub mod relation;
pub mod rounding;
pub mod savings;
pub mod scenario;
pub mod split;
pub mod term;
#[cfg(test)]
mod testkit;
pub mod timing;
pub mod trend;
pub mod uplift;
pub mod variance;
pub mod vat;

pub use calendar::{FinancialYear, FyCalendar, Period};
pub use error::ModelError;
pub use money::Money;
