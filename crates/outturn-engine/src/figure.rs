//! Names for the figures a command can compare, solve for or explain.
//!
//! `total.all` (or `total`) is the whole-life total; `total.phase.initial`,
//! `total.year.2024-25` and `total.line.dpss` are the totals `run` prints; filters combine,
//! as in `line.dpss.year.2025-26` or `line.dpss.phase.initial.year.2025-26` (one row of
//! `run`), and may also name a `budget` or `kind`.

use outturn_model::check::Selection;
use outturn_model::projection::phase_label;
use outturn_model::scenario::{LineKind, Scenario};
use outturn_model::FyCalendar;

/// A named figure: the sum of the rows a selection matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureName {
    pub text: String,
    pub selection: Selection,
}

impl FigureName {
    /// Reads a figure name against the scenario's calendar (for year labels).
    pub fn parse(text: &str, calendar: FyCalendar) -> Result<FigureName, String> {
        let expected = "expected a figure such as total.all, total.phase.initial, total.year.2024-25, total.line.NAME or line.NAME.year.2024-25";
        let rest = text
            .strip_prefix("total")
            .map_or(text, |r| r.strip_prefix('.').unwrap_or(r));
        let mut selection = Selection::default();
        if !(rest.is_empty() || rest == "all") {
            let parts: Vec<&str> = rest.split('.').collect();
            if parts.len() % 2 != 0 {
                return Err(format!("{expected}, found `{text}`"));
            }
            for pair in parts.chunks(2) {
                let (key, value) = (pair[0], pair[1].to_string());
                match key {
                    "line" => selection.lines.push(value),
                    "phase" => selection.phase = Some(value),
                    "budget" => selection.budget = Some(value),
                    "year" => {
                        selection.year = Some(calendar.parse_year(&value).ok_or_else(|| {
                            format!("expected a financial year such as 2024-25 after `year.`, found `{value}`")
                        })?)
                    }
                    "kind" => {
                        selection.kind = Some(LineKind::parse(&value).ok_or_else(|| {
                            format!("expected service, transport, saving or other after `kind.`, found `{value}`")
                        })?)
                    }
                    _ => return Err(format!("{expected}, found `{text}`")),
                }
            }
        }
        Ok(FigureName {
            text: text.to_string(),
            selection,
        })
    }
}

impl FigureName {
    /// Confirms every line, budget and phase the figure names is one of the scenario's: an
    /// unknown one would select nothing and show £0.00 as if it were a figure.
    ///
    /// # Errors
    /// The first unknown name, with the names the scenario has.
    pub fn known_in(&self, scenario: &Scenario) -> Result<(), String> {
        let lines: Vec<String> = scenario
            .lines
            .iter()
            .map(|l| l.name.clone())
            .chain(scenario.savings.iter().map(|s| s.name.clone()))
            .collect();
        let mut budgets: Vec<String> = Vec::new();
        for l in &scenario.lines {
            for b in std::iter::once(&l.budget).chain(l.funding.iter().map(|f| &f.budget)) {
                if !budgets.contains(b) {
                    budgets.push(b.clone());
                }
            }
        }
        let phases: Vec<String> = scenario
            .contracts
            .iter()
            .enumerate()
            .flat_map(|(i, c)| c.term.phases().iter().map(move |p| (i, p.id)))
            .map(|(i, id)| phase_label(scenario, i, id))
            .collect();
        let unknown = |what: &str, name: &str, known: &[String]| {
            format!(
                "`{}`: the scenario has no {what} `{name}`; its {what}s are {}",
                self.text,
                known.join(", ")
            )
        };
        let sel = &self.selection;
        if let Some(l) = sel.lines.iter().find(|l| !lines.contains(l)) {
            return Err(unknown("line", l, &lines));
        }
        if let Some(b) = sel.budget.as_ref().filter(|b| !budgets.contains(b)) {
            return Err(unknown("budget", b, &budgets));
        }
        if let Some(p) = sel.phase.as_ref().filter(|p| !phases.contains(p)) {
            return Err(unknown("phase", p, &phases));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_figure_names() {
        let cal = FyCalendar::UK;
        assert_eq!(
            FigureName::parse("total.all", cal).unwrap().selection,
            Selection::default()
        );
        assert_eq!(
            FigureName::parse("total", cal).unwrap().selection,
            Selection::default()
        );
        let f = FigureName::parse("total.phase.initial", cal).unwrap();
        assert_eq!(f.selection.phase.as_deref(), Some("initial"));
        let f = FigureName::parse("line.dpss.year.2025-26", cal).unwrap();
        assert_eq!(f.selection.lines, ["dpss"]);
        assert_eq!(f.selection.year.unwrap().to_string(), "2025-26");
        assert!(FigureName::parse("total.year.2025", cal).is_err());
        assert!(FigureName::parse("total.colour.red", cal).is_err());
        assert!(FigureName::parse("total.line", cal).is_err());
    }
}
