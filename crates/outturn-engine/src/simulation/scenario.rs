//! A scenario's draws: each sets every uncertain field (see [`outturn_input::uncertainty`]) on
//! the scenario document exactly as `--set` would, reads it with the ordinary reader (so a
//! sampled value is checked like a typed one) and projects it by year.
//!
//! The central run is the scenario as written; its figures come from the same
//! [`figures`] as every draw's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use outturn_input::diagnostic::{Diagnostic, Source};
use outturn_input::scenario_file::parse;
use outturn_input::uncertainty::{self, Uncertainty};
use outturn_input::variant::{apply, resolved, Override};
use outturn_model::check::Figure as CheckFigure;
use outturn_model::projection::{project, Granularity, Projection};
use outturn_model::scenario::Scenario;
use outturn_model::Money;
use rayon::prelude::*;
use toml_edit::DocumentMut;

use super::sampler::{edges, sample};
use super::Draw;
use crate::figure::Figure;

/// A scenario ready to be drawn: the document without its uncertainty, and the fields.
pub struct Model {
    pub path: PathBuf,
    pub doc: DocumentMut,
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
        if let (CheckFigure::Model(selection), true) = (&c.figure, c.stated.money) {
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
        .filter(|c| c.stated.money && matches!(c.figure, CheckFigure::Model(_)))
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
        let (mut doc, _) = resolved(path)?;
        // Uncertainty is read from the file named, never inherited from a base.
        doc.remove("uncertainty");
        doc.remove("correlations");
        for o in sets {
            apply(&mut doc, o)
                .map_err(|e| vec![Diagnostic::file(path, format!("--set {o}: {e}"))])?;
        }
        let model = Model {
            path: path.to_path_buf(),
            doc,
            uncertainty,
        };
        model.check_edges(&Source { path, text: &text })?;
        Ok(model)
    }

    /// Every field must exist and accept the edges of its range, as the reader judges them:
    /// one message for each field that does not.
    fn check_edges(&self, source: &Source) -> Result<(), Vec<Diagnostic>> {
        let mut errors: Vec<Diagnostic> = Vec::new();
        for (i, value) in edges(&self.uncertainty) {
            let f = &self.uncertainty.fields[i];
            if errors.iter().any(|d| d.field.as_deref() == Some(&f.field)) {
                continue;
            }
            if let Err(message) = self.try_values(&[(i, value)]) {
                errors.push(source.at(f.field_span.clone(), &f.field, message));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The figures with `values` (field index, text) set; the reader's message otherwise.
    fn try_values(&self, values: &[(usize, String)]) -> Result<BTreeMap<Figure, i64>, String> {
        let mut doc = self.doc.clone();
        for (i, value) in values {
            let f = &self.uncertainty.fields[*i];
            apply(
                &mut doc,
                &Override {
                    path: f.field.clone(),
                    value: value.clone(),
                },
            )?;
        }
        let loaded = parse(&self.path, &doc.to_string()).map_err(|errors| {
            let d = &errors[0];
            let field = d.field.as_deref().unwrap_or("");
            let sep = if field.is_empty() { "" } else { ": " };
            let shown: Vec<String> = values.iter().map(|(_, v)| v.clone()).collect();
            format!(
                "the scenario refuses {}: {field}{sep}{}",
                shown.join(", "),
                d.message
            )
        })?;
        let projection = project(&loaded.scenario, Granularity::Year).map_err(|e| e.to_string())?;
        Ok(figures(&loaded.scenario, &projection))
    }

    /// Draw number `i` (from 0) of a run with `seed`.
    pub fn draw(&self, seed: u64, i: u64) -> Result<Draw, String> {
        let values = sample(&self.uncertainty, seed, i);
        let given: Vec<(usize, String)> = values
            .iter()
            .enumerate()
            .map(|(k, s)| (k, s.text.clone()))
            .collect();
        let totals = self.try_values(&given).map_err(|e| {
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
        let all: Vec<Result<Draw, String>> =
            (0..n).into_par_iter().map(|i| self.draw(seed, i)).collect();
        all.into_iter().collect()
    }
}
