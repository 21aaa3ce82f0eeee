//! `sweep`: a figure over a range of values of one or two fields, or a tornado of each
//! field's effect on its own. Every trial is a full engine run ([`Trials`]).

use outturn_input::diagnostic::Diagnostic;
use outturn_model::Money;

use crate::grid::{percent_change, Cell, Grid};
use crate::whatif::Trials;

/// A field and the values to give it, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vary {
    pub path: String,
    pub values: Vec<String>,
}

/// What the sweep reports, and the trials it needs: the figure as the scenario stands and
/// the label of the scenario it is of.
pub struct Sweep<'a> {
    pub trials: Trials<'a>,
    pub label: String,
    pub base_figure: Money,
}

/// How many trials a sweep of `varies` runs: each field's lowest and highest value for a
/// tornado, every combination otherwise.
pub fn trial_count(varies: &[Vary], tornado: bool) -> usize {
    if tornado {
        2 * varies.len()
    } else {
        varies.iter().map(|v| v.values.len()).product()
    }
}

impl Sweep<'_> {
    fn title(&self) -> String {
        format!("{} of {}", self.trials.figure.text, self.label)
    }

    fn base_note(&self) -> String {
        format!(
            "{} as the scenario stands: {}",
            self.trials.figure.text, self.base_figure
        )
    }

    /// The figure at each value of one field, with its change from the scenario as it stands.
    pub fn one_way(&self, v: &Vary) -> Result<Grid, Vec<Diagnostic>> {
        let mut rows = Vec::new();
        for value in &v.values {
            let f = self.trials.figure_with(&[(&v.path, value)])?;
            rows.push(vec![
                Cell::Text(value.clone()),
                Cell::Money(f),
                Cell::Money(f - self.base_figure),
                percent_change(self.base_figure, f).map_or(Cell::Empty, Cell::Percent),
            ]);
        }
        Ok(Grid {
            title: self.title(),
            header: vec![
                v.path.clone(),
                self.trials.figure.text.clone(),
                "change".into(),
                "change %".into(),
            ],
            rows,
            notes: vec![self.base_note()],
        })
    }

    /// The figure at every pair of values: a row per value of `a`, a column per value of `b`.
    pub fn two_way(&self, a: &Vary, b: &Vary) -> Result<Grid, Vec<Diagnostic>> {
        let mut header = vec![format!("{} \\ {}", a.path, b.path)];
        header.extend(b.values.iter().cloned());
        let mut rows = Vec::new();
        for va in &a.values {
            let mut row = vec![Cell::Text(va.clone())];
            for vb in &b.values {
                let f = self.trials.figure_with(&[(&a.path, va), (&b.path, vb)])?;
                row.push(Cell::Money(f));
            }
            rows.push(row);
        }
        Ok(Grid {
            title: self.title(),
            header,
            rows,
            notes: vec![self.base_note()],
        })
    }

    /// Each field moved on its own to its lowest and highest value, ranked by the swing in
    /// the figure, largest first.
    pub fn tornado(&self, varies: &[Vary]) -> Result<Grid, Vec<Diagnostic>> {
        let mut rows = Vec::new();
        for v in varies {
            let (low, high) = (&v.values[0], &v.values[v.values.len() - 1]);
            let at_low = self.trials.figure_with(&[(&v.path, low)])?;
            let at_high = self.trials.figure_with(&[(&v.path, high)])?;
            let swing = if at_high >= at_low {
                at_high - at_low
            } else {
                at_low - at_high
            };
            rows.push((
                swing,
                vec![
                    Cell::Text(v.path.clone()),
                    Cell::Text(low.clone()),
                    Cell::Text(high.clone()),
                    Cell::Money(at_low),
                    Cell::Money(at_high),
                    Cell::Money(swing),
                ],
            ));
        }
        // A stable sort keeps the given order among equal swings.
        rows.sort_by_key(|r| std::cmp::Reverse(r.0));
        Ok(Grid {
            title: format!("Tornado: {}, each field moved on its own", self.title()),
            header: [
                "field",
                "low",
                "high",
                "figure at low",
                "figure at high",
                "swing",
            ]
            .map(String::from)
            .to_vec(),
            rows: rows.into_iter().map(|(_, r)| r).collect(),
            notes: vec![self.base_note()],
        })
    }
}
