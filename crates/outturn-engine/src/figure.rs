//! Names for the figures a command can compare, solve for or explain.
//!
//! `total.all` (or `total`) is the whole-life total; `total.phase.initial`,
//! `total.year.2024-25` and `total.line.dpss` are the totals `run` prints; filters combine,
//! as in `line.dpss.year.2025-26` or `line.dpss.phase.initial.year.2025-26` (one row of
//! `run`), and may also name a `budget` or `kind`.
//!
//! [`Figure`] is the same names seen from the other side: the figures a run reports, which
//! `simulate` draws and summarises (`total.all`, `total.phase.NAME`, `total.year.2025-26`),
//! with a money check's figure as `check.NAME`.

use std::fmt;

use outturn_model::check::Selection;
use outturn_model::projection::phase_label;
use outturn_model::scenario::{LineKind, Scenario};
use outturn_model::{FinancialYear, FyCalendar};

/// A figure a run reports under its own name. Ordered as a report lists them by kind: the
/// whole life, phases, financial years (in date order), then checks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// `total.all`: the whole-life total.
    All,
    /// `total.phase.NAME`: a phase's total (`initial`, `extension-1`, `old:initial`).
    Phase(String),
    /// `total.year.2025-26`: a financial year's total.
    Year(FinancialYear),
    /// `check.NAME`: the model's figure for a money check, beside what the paper printed.
    Check(String),
}

impl Figure {
    /// Reads a reported figure's name: `total` or `total.all`, `total.phase.NAME`,
    /// `total.year.LABEL` (a year label of `calendar`), or `check.NAME`. A phase or check
    /// name is taken whole, dots and all; anything else is `None`.
    pub fn parse(text: &str, calendar: FyCalendar) -> Option<Figure> {
        if text == "total" || text == "total.all" {
            return Some(Figure::All);
        }
        if let Some(name) = text.strip_prefix("total.phase.") {
            return Some(Figure::Phase(name.to_string()));
        }
        if let Some(label) = text.strip_prefix("total.year.") {
            return calendar.parse_year(label).map(Figure::Year);
        }
        text.strip_prefix("check.")
            .map(|name| Figure::Check(name.to_string()))
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::All => f.write_str("total.all"),
            Figure::Phase(name) => write!(f, "total.phase.{name}"),
            Figure::Year(year) => write!(f, "total.year.{year}"),
            Figure::Check(name) => write!(f, "check.{name}"),
        }
    }
}

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

    #[test]
    fn reported_figures_read_back_their_names() {
        let cal = FyCalendar::UK;
        let year = cal.parse_year("2025-26").unwrap();
        for (text, figure) in [
            ("total.all", Figure::All),
            (
                "total.phase.old-framework:initial",
                Figure::Phase("old-framework:initial".into()),
            ),
            ("total.year.2025-26", Figure::Year(year)),
            (
                "check.2022/23 spend. As printed",
                Figure::Check("2022/23 spend. As printed".into()),
            ),
        ] {
            assert_eq!(Figure::parse(text, cal), Some(figure.clone()));
            assert_eq!(figure.to_string(), text);
        }
        assert_eq!(Figure::parse("total", cal), Some(Figure::All));
        assert_eq!(Figure::parse("total.year.2025", cal), None);
        assert_eq!(Figure::parse("line.dpss", cal), None);
        // A January calendar labels its years by one number.
        let jan = FyCalendar::starting_in(1).unwrap();
        assert_eq!(
            Figure::parse("total.year.2025", jan).unwrap().to_string(),
            "total.year.2025"
        );
    }

    #[test]
    fn reported_figures_sort_by_kind_then_date() {
        let cal = FyCalendar::UK;
        let y = |l| Figure::Year(cal.parse_year(l).unwrap());
        let mut v = vec![
            Figure::Check("a".into()),
            y("2026-27"),
            Figure::Phase("z".into()),
            y("2025-26"),
            Figure::All,
        ];
        v.sort();
        assert_eq!(
            v,
            [
                Figure::All,
                Figure::Phase("z".into()),
                y("2025-26"),
                y("2026-27"),
                Figure::Check("a".into())
            ]
        );
    }
}
