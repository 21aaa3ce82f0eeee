//! Names for the figures a command can compare, solve for or explain.
//!
//! `total.all` (or `total`) is the whole-life total; `total.phase.initial`,
//! `total.year.2024-25` and `total.line.dpss` are the totals `run` prints; filters combine,
//! as in `line.dpss.year.2025-26` or `line.dpss.phase.initial.year.2025-26` (one row of
//! `run`), and may also name a `budget` or `kind`.

use outturn_model::check::Selection;
use outturn_model::scenario::LineKind;
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
