//! A scenario's draws: each sets every uncertain field (see [`outturn_input::uncertainty`]) on
//! the parsed scenario document exactly as `--set` would, validates it with the ordinary
//! reader (so a sampled value is checked like a typed one) and projects it by year.
//!
//! The central run is the scenario as written; its figures come from the same
//! [`figures`] as every draw's.

use std::collections::BTreeMap;
use std::path::Path;

use outturn_input::diagnostic::{Diagnostic, Source};
use outturn_input::uncertainty::{self, Uncertainty};
use outturn_input::variant::{Chain, Document, Override};
use outturn_model::check::Figure as CheckFigure;
use outturn_model::projection::{project, Granularity, Projection};

use crate::limit::projection_within_limit;
use outturn_model::scenario::Scenario;
use outturn_model::Money;
use rayon::prelude::*;

use super::sampler::{edges, sample};
use super::Draw;
use crate::evaluate::model_error;
use crate::figure::Figure;

/// A scenario ready to be drawn: its file and bases, the `--set` overrides, and the fields.
pub struct Model {
    pub chain: Chain,
    pub sets: Vec<Override>,
    pub uncertainty: Uncertainty,
}

/// The figures a run reports, in pennies: `total.all`, `total.phase.NAME` and
/// `total.year.2025-26` from the rows, and each money check's figure as `check.NAME` (so the
/// chance of exceeding what the paper printed can be reported beside it).
pub fn figures(scenario: &Scenario, projection: &Projection) -> BTreeMap<Figure, i64> {
    let mut out = BTreeMap::from([(Figure::All, 0)]);
    for r in &projection.rows {
        let p = r.amount.pennies();
        *out.entry(Figure::All).or_default() += p;
        *out.entry(Figure::Phase(r.phase.clone())).or_default() += p;
        *out.entry(Figure::Year(r.year)).or_default() += p;
    }
    for c in &scenario.checks {
        if let (CheckFigure::Model(selection), true) = (&c.figure, c.stated.is_money()) {
            let total = Money::round_half_away(selection.total(projection));
            out.insert(Figure::Check(c.name.clone()), total.pennies());
        }
    }
    out
}

/// The phases of a run in the order of its rows (the order a report lists them in).
pub fn phases(projection: &Projection) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    for r in &projection.rows {
        let phase = Figure::Phase(r.phase.clone());
        if !out.contains(&phase) {
            out.push(phase);
        }
    }
    out
}

/// The amount each money check printed, by the name [`figures`] gives its figure.
pub fn stated(scenario: &Scenario) -> BTreeMap<Figure, Money> {
    scenario
        .checks
        .iter()
        .filter(|c| c.stated.is_money() && matches!(c.figure, CheckFigure::Model(_)))
        .map(|c| {
            (
                Figure::Check(c.name.clone()),
                Money::round_half_away(c.stated.value),
            )
        })
        .collect()
}

impl Model {
    /// Reads a scenario file for simulation, with `--set` overrides applied first.
    ///
    /// # Errors
    /// A bad distribution, a field that does not exist, or a range whose ends the field
    /// would refuse, each at its place in the file.
    pub fn load(path: &Path, sets: &[Override]) -> Result<Model, Vec<Diagnostic>> {
        let text = outturn_input::variant::read(path)?;
        let uncertainty = uncertainty::read(path, &text)?;
        if uncertainty.fields.is_empty() {
            return Err(vec![Diagnostic::file(
                path,
                "the scenario has no [[uncertainty]]: give at least one field a distribution, such as\n  [[uncertainty]]\n  field = \"uplift\"\n  triangular = [\"3%\", \"6%\", \"9%\"]",
            )]);
        }
        // Uncertainty is read from the file named, never inherited from a base (the scenario
        // reader passes over it).
        let model = Model {
            chain: Chain::read(path)?,
            sets: sets.to_vec(),
            uncertainty,
        };
        model.check_edges(&Source { path, text: &text })?;
        Ok(model)
    }

    /// Every field must exist and accept the edges of its range, as the reader judges them:
    /// one message for each field that does not.
    fn check_edges(&self, source: &Source) -> Result<(), Vec<Diagnostic>> {
        let doc = self.document()?;
        let mut errors: Vec<Diagnostic> = Vec::new();
        for (i, value) in edges(&self.uncertainty) {
            let f = &self.uncertainty.fields[i];
            if errors.iter().any(|d| d.field.as_deref() == Some(&f.field)) {
                continue;
            }
            if let Err(message) = self.try_values(&doc, &[(i, value)]) {
                errors.push(source.at(f.field_span.clone(), &f.field, message));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The scenario's document with the `--set` overrides: what every draw starts from.
    fn document(&self) -> Result<Document<'_>, Vec<Diagnostic>> {
        let mut doc = self.chain.document()?;
        for o in &self.sets {
            doc.set(o).map_err(|e| {
                vec![Diagnostic::file(
                    self.chain.path(),
                    format!("--set {o}: {e}"),
                )]
            })?;
        }
        Ok(doc)
    }

    /// The figures with `values` (field index, text) set on `doc`; the reader's message
    /// otherwise.
    fn try_values(
        &self,
        doc: &Document<'_>,
        values: &[(usize, String)],
    ) -> Result<BTreeMap<Figure, i64>, String> {
        // The document borrows the overrides set on it, so they outlive it.
        let overrides: Vec<Override> = values
            .iter()
            .map(|(i, value)| Override {
                path: self.uncertainty.fields[*i].field.clone(),
                value: value.clone(),
            })
            .collect();
        let mut doc = doc.clone();
        for o in &overrides {
            doc.set(o).map_err(|e| e.to_string())?;
        }
        let refused = |d: &Diagnostic| {
            let field = d.field.as_deref().unwrap_or("");
            let sep = if field.is_empty() { "" } else { ": " };
            let shown: Vec<String> = values.iter().map(|(_, v)| v.clone()).collect();
            format!(
                "the scenario refuses {}: {field}{sep}{}",
                shown.join(", "),
                d.message
            )
        };
        let loaded = doc.read().map_err(|errors| refused(&errors[0]))?;
        let projection = project(&loaded.scenario, Granularity::Year)
            .map_err(|e| refused(&model_error(&loaded, &e)))?;
        // The draw's figures are sums of its pennies: they must not be able to wrap.
        projection_within_limit(&projection).map_err(|e| e.to_string())?;
        Ok(figures(&loaded.scenario, &projection))
    }

    /// Draw number `i` (from 0) of a run with `seed`, set on the scenario's `doc`.
    pub fn draw(&self, doc: &Document<'_>, seed: u64, i: u64) -> Result<Draw, String> {
        let values = sample(&self.uncertainty, seed, i);
        let given: Vec<(usize, String)> = values
            .iter()
            .enumerate()
            .map(|(k, s)| (k, s.text.clone()))
            .collect();
        let totals = self.try_values(doc, &given).map_err(|e| {
            let set: Vec<String> = self
                .uncertainty
                .fields
                .iter()
                .zip(&values)
                .map(|(f, s)| format!("{}={}", f.field, s.text))
                .collect();
            format!("draw {} ({}): {e}", i + 1, set.join(", "))
        })?;
        Ok(Draw { values, totals })
    }

    /// Every draw, in draw order whatever the number of threads.
    pub fn draws(&self, seed: u64, n: u64) -> Result<Vec<Draw>, String> {
        let doc = self.document().map_err(|errors| errors[0].to_string())?;
        let all: Vec<Result<Draw, String>> = (0..n)
            .into_par_iter()
            .map(|i| self.draw(&doc, seed, i))
            .collect();
        all.into_iter().collect()
    }
}
