//! `outturn simulate --register REGISTER.csv --uncertainty FILE.toml`: Monte Carlo over a
//! whole register, with register-wide shocks.
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
//! Every contract of every draw is costed by `outturn_model::register::cost_contract`, the
//! function `outturn portfolio` uses; totals are integer pennies. The central run is the
//! register as stated (no shift, factor 100%). Columns are the defaults of `portfolio`:
//! `id,directorate,start,term_years,extension_months,annual_value,uplift_pct`.

use std::collections::BTreeMap;
use std::path::Path;

use outturn_model::amount::parse_percent;
use outturn_model::register::cost_contract;
use outturn_model::term::Term;
use outturn_model::{FyCalendar, Money};
use rayon::prelude::*;
use rust_decimal::Decimal;

use outturn_engine::limit::{PastTheLimit, LARGEST_TOTAL_PENNIES};
use outturn_input::diagnostic::{Diagnostic, Source};
use outturn_input::register::{read_rows, Mapping, RowValue};
use outturn_input::uncertainty::{self, Uncertainty};

/// The fields a register simulation may make uncertain.
pub const FIELDS: [&str; 2] = ["uplift_shift", "annual_factor"];

/// One contract of the register, read once.
#[derive(Debug, Clone)]
pub struct Contract {
    pub term: Term,
    pub annual: Money,
    pub uplift_pct: Decimal,
}

/// A register and its register-wide uncertainty.
pub struct RegisterModel {
    pub contracts: Vec<Contract>,
    pub uncertainty: Uncertainty,
    /// Index of each of [`FIELDS`] in the uncertainty, when given.
    shift: Option<usize>,
    factor: Option<usize>,
}

/// The register's rows, read as `outturn portfolio` reads them; every row that cannot be
/// read is an error (a simulation does not skip rows).
fn read_register(path: &Path) -> Result<Vec<Contract>, Vec<Diagnostic>> {
    crate::register_file::readable(path).map_err(|d| vec![d])?;
    let (rows, bad) =
        read_rows(path, &Mapping::default()).map_err(|e| vec![Diagnostic::file(path, e)])?;
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

impl RegisterModel {
    /// Reads the register and the uncertainty file.
    ///
    /// # Errors
    /// A row that cannot be read (the run stops at the first), a bad distribution, or a field
    /// other than `uplift_shift` and `annual_factor`.
    pub fn load(
        register: &Path,
        uncertainty_file: &Path,
    ) -> Result<RegisterModel, Vec<Diagnostic>> {
        let text = outturn_input::variant::read(uncertainty_file)?;
        let uncertainty = uncertainty::read(uncertainty_file, &text)?;
        let source = Source {
            path: uncertainty_file,
            text: &text,
        };
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
                uncertainty_file,
                "no [[uncertainty]]: give uplift_shift or annual_factor a distribution",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let index = |name: &str| uncertainty.fields.iter().position(|f| f.field == name);
        Ok(RegisterModel {
            contracts: read_register(register)?,
            shift: index("uplift_shift"),
            factor: index("annual_factor"),
            uncertainty,
        })
    }

    /// Totals by `total.all` and `total.year.…`, in pennies, at a shift and factor (percent).
    pub fn totals(&self, shift: Decimal, factor: Decimal) -> Result<BTreeMap<String, i64>, String> {
        let cal = FyCalendar::UK;
        // Added as i128 and held to the largest total, so no sum can wrap.
        let mut by_year: BTreeMap<outturn_model::FinancialYear, i128> = BTreeMap::new();
        let mut size: i128 = 0;
        let scale = factor / Decimal::ONE_HUNDRED;
        for c in &self.contracts {
            let annual = if factor == Decimal::ONE_HUNDRED {
                c.annual
            } else {
                Money::round_half_away(c.annual.as_decimal() * scale)
            };
            let uplift = c.uplift_pct + shift;
            if uplift <= Decimal::from(-100) {
                return Err(format!(
                    "an uplift of {uplift}% (after the shift) is not above -100%"
                ));
            }
            cost_contract(&c.term, annual, uplift, cal, |fy, _, m| {
                *by_year.entry(fy).or_default() += i128::from(m.pennies());
                size += i128::from(m.pennies()).abs();
            })
            .map_err(|e| e.to_string())?;
        }
        if size > i128::from(LARGEST_TOTAL_PENNIES) {
            return Err(PastTheLimit.to_string());
        }
        // Within the limit every total fits an i64.
        let fit = |p: i128| i64::try_from(p).map_err(|_| PastTheLimit.to_string());
        let mut out = BTreeMap::new();
        out.insert("total.all".to_string(), fit(by_year.values().sum())?);
        for (fy, p) in by_year {
            out.insert(format!("total.year.{fy}"), fit(p)?);
        }
        Ok(out)
    }

    /// Draw `i`: the values drawn and the totals.
    pub fn draw(&self, seed: u64, i: u64) -> Result<super::simulate::Draw, String> {
        let values = outturn_engine::simulation::sampler::sample(&self.uncertainty, seed, i);
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
            .totals(shift, factor)
            .map_err(|e| format!("draw {}: {e}", i + 1))?;
        Ok(super::simulate::Draw { values, totals })
    }

    /// Every draw, in draw order whatever the number of threads.
    pub fn draws(&self, seed: u64, n: u64) -> Result<Vec<super::simulate::Draw>, String> {
        let all: Vec<Result<_, String>> =
            (0..n).into_par_iter().map(|i| self.draw(seed, i)).collect();
        all.into_iter().collect()
    }
}
