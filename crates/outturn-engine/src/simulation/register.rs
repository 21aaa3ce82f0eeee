//! Monte Carlo over a whole register (`outturn simulate --register REGISTER.csv
//! --uncertainty FILE.toml`), with register-wide shocks.
//!
//! The uncertainty file holds `[[uncertainty]]` entries (and `[[correlations]]`) for two
//! fields, each drawn once per draw and applied to every contract alike — a common shock,
//! which is what makes a portfolio's total uncertain (independent errors per contract
//! largely cancel out):
//!
//! - `uplift_shift`: percentage points added to every contract's own uplift
//!   (`triangular = ["-1%", "0%", "2%"]`);
//! - `annual_factor`: every contract's annual value as a percentage of the stated one
//!   (`triangular = ["95%", "100%", "110%"]`), rounded to the penny.
//!
//! Every contract of every draw is costed exactly by the rules of
//! `outturn_model::register::cost_contract`, the function `outturn portfolio` uses (see
//! [`super::costing`] for how that is made fast); totals are integer pennies. The central run
//! is the register as stated (no shift, factor 100%). Columns are the defaults of `portfolio`:
//! `id,directorate,start,term_years,extension_months,annual_value,uplift_pct`.

use std::collections::BTreeMap;
use std::path::Path;

use outturn_input::diagnostic::{Diagnostic, Source};
use outturn_input::register::{read_rows, BadRow, Mapping, Row, RowValue};
use outturn_input::uncertainty::{self, Uncertainty};
use outturn_model::amount::parse_percent;
use outturn_model::FyCalendar;
use rayon::prelude::*;
use rust_decimal::Decimal;

use super::costing::{Contract, Register};
use super::sampler::sample;
use super::Draw;
use crate::figure::Figure;

/// The fields a register simulation may make uncertain.
pub const FIELDS: [&str; 2] = ["uplift_shift", "annual_factor"];

/// A register and its register-wide uncertainty.
pub struct RegisterModel {
    pub register: Register,
    pub uncertainty: Uncertainty,
    /// Index of each of [`FIELDS`] in the uncertainty, when given.
    shift: Option<usize>,
    factor: Option<usize>,
}

/// The register's contracts, from its rows as `outturn portfolio` reads them; every row that
/// cannot be read is an error (a simulation does not skip rows).
fn contracts(
    path: &Path,
    (rows, bad): (Vec<Row>, Vec<BadRow>),
) -> Result<Vec<Contract>, Vec<Diagnostic>> {
    if !bad.is_empty() {
        return Err(bad
            .iter()
            .map(|b| Diagnostic::file(path, b.to_string()))
            .collect());
    }
    rows.into_iter()
        .map(|row| match row.value {
            RowValue::Annual { amount, uplift_pct } => Ok(Contract {
                term: row.term,
                annual: amount,
                uplift_pct,
            }),
            // The default columns state annual values; kept as an error, not a panic, should
            // other columns ever be mapped.
            RowValue::Total(_) => Err(vec![Diagnostic::file(
                path,
                "a register simulation needs annual values and uplifts, not total values",
            )]),
        })
        .collect()
}

/// The uncertainty file's fields checked: only [`FIELDS`], in percent, at least one.
fn check_fields(file: &Path, text: &str, uncertainty: &Uncertainty) -> Result<(), Vec<Diagnostic>> {
    let source = Source { path: file, text };
    let mut errors = Vec::new();
    for f in &uncertainty.fields {
        if !FIELDS.contains(&f.field.as_str()) {
            errors.push(source.at(
                f.field_span.clone(),
                &f.field,
                "a register simulation has the fields uplift_shift (percentage points added to every uplift) and annual_factor (every annual value as a percentage of the stated one)".to_string(),
            ));
        } else if f.kind != uncertainty::Kind::Percent {
            errors.push(source.at(
                f.field_span.clone(),
                &f.field,
                "expected percentages, such as \"1%\" or \"105%\"".to_string(),
            ));
        }
    }
    if uncertainty.fields.is_empty() {
        errors.push(Diagnostic::file(
            file,
            "no [[uncertainty]]: give uplift_shift or annual_factor a distribution",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

impl RegisterModel {
    /// Reads the CSV register at `register` (its columns and spellings as `mapping` says) and
    /// the uncertainty file, and lays the register out for costing.
    ///
    /// # Errors
    /// As [`RegisterModel::from_rows`], and a register that cannot be read.
    pub fn load(
        register: &Path,
        mapping: &Mapping,
        uncertainty_file: &Path,
    ) -> Result<RegisterModel, Vec<Diagnostic>> {
        let rows = read_rows(register, mapping).map_err(|e| vec![Diagnostic::file(register, e)])?;
        RegisterModel::from_rows(register, rows, uncertainty_file)
    }

    /// The register's rows, read from `register` (a CSV file, or a workbook or Parquet file
    /// read as the CSV it holds), and the uncertainty file, laid out for costing.
    ///
    /// # Errors
    /// A row that could not be read (each is named), a bad distribution, or a field other
    /// than `uplift_shift` and `annual_factor`.
    pub fn from_rows(
        register: &Path,
        rows: (Vec<Row>, Vec<BadRow>),
        uncertainty_file: &Path,
    ) -> Result<RegisterModel, Vec<Diagnostic>> {
        let text = outturn_input::variant::read(uncertainty_file)?;
        let uncertainty = uncertainty::read(uncertainty_file, &text)?;
        check_fields(uncertainty_file, &text, &uncertainty)?;
        let index = |name: &str| uncertainty.fields.iter().position(|f| f.field == name);
        Ok(RegisterModel {
            register: Register::lay_out(contracts(register, rows)?, FyCalendar::UK),
            shift: index("uplift_shift"),
            factor: index("annual_factor"),
            uncertainty,
        })
    }

    /// `total.all` and each `total.year.…`, in pennies, at a shift and a factor (in percent).
    pub fn figures(
        &self,
        shift: Decimal,
        factor: Decimal,
    ) -> Result<BTreeMap<Figure, i64>, String> {
        let by_slot = self.register.cost(shift, factor)?;
        let mut out = BTreeMap::from([(Figure::All, 0)]);
        for (slot, fy) in self.register.years() {
            out.insert(Figure::Year(fy), by_slot[slot]);
            *out.entry(Figure::All).or_default() += by_slot[slot];
        }
        Ok(out)
    }

    /// Draw `i` (from 0) of a run with `seed`: the values drawn and the figures.
    pub fn draw(&self, seed: u64, i: u64) -> Result<Draw, String> {
        let values = sample(&self.uncertainty, seed, i);
        let pick = |k: Option<usize>, default: Decimal| -> Result<Decimal, String> {
            match k {
                Some(k) => parse_percent(&values[k].text).map_err(|e| e.to_string()),
                None => Ok(default),
            }
        };
        let shift = pick(self.shift, Decimal::ZERO)?;
        let factor = pick(self.factor, Decimal::ONE_HUNDRED)?;
        if factor < Decimal::ZERO {
            return Err(format!(
                "draw {}: annual_factor {factor}% is below zero",
                i + 1
            ));
        }
        let totals = self
            .figures(shift, factor)
            .map_err(|e| format!("draw {}: {e}", i + 1))?;
        Ok(Draw { values, totals })
    }

    /// Every draw, in draw order whatever the number of threads.
    pub fn draws(&self, seed: u64, n: u64) -> Result<Vec<Draw>, String> {
        let all: Vec<Result<Draw, String>> =
            (0..n).into_par_iter().map(|i| self.draw(seed, i)).collect();
        all.into_iter().collect()
    }
}
