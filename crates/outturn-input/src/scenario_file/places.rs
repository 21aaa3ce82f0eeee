//! Where each line and saving is in the texts read, kept with the scenario: an error found
//! later, in projecting it, is reported at the line or saving it concerns.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::sources::Sources;

use super::raw::RawScenario;

/// A place in the texts read, and the dotted name of the field there (`lines.dpss`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub span: Range<usize>,
    pub field: String,
}

#[derive(Debug, Clone)]
struct LinePlace {
    name: String,
    at: Range<usize>,
    funding: Option<Range<usize>>,
}

/// The places of a scenario's lines and savings, with the texts they are in.
#[derive(Debug, Clone)]
pub struct Places {
    sources: Sources,
    lines: Vec<LinePlace>,
    savings: Vec<(String, Range<usize>)>,
}

impl Places {
    pub(super) fn of(raw: &RawScenario, sources: Sources) -> Places {
        Places {
            sources,
            lines: raw
                .lines
                .iter()
                .map(|l| LinePlace {
                    name: l.name.get_ref().clone(),
                    at: l.name.span(),
                    funding: l.funding.as_ref().map(|f| f.span()),
                })
                .collect(),
            savings: raw
                .savings
                .iter()
                .map(|s| (s.name.get_ref().clone(), s.name.span()))
                .collect(),
        }
    }

    /// The name of line `name`.
    pub fn line(&self, name: &str) -> Option<Place> {
        let l = self.lines.iter().find(|l| l.name == name)?;
        Some(Place {
            span: l.at.clone(),
            field: format!("lines.{name}"),
        })
    }

    /// The funding list of line `name`, when it has one.
    pub fn funding(&self, name: &str) -> Option<Place> {
        let l = self.lines.iter().find(|l| l.name == name)?;
        Some(Place {
            span: l.funding.clone()?,
            field: format!("lines.{name}.funding"),
        })
    }

    /// The name of saving `name`.
    pub fn saving(&self, name: &str) -> Option<Place> {
        let (_, at) = self.savings.iter().find(|(n, _)| n == name)?;
        Some(Place {
            span: at.clone(),
            field: format!("savings.{name}"),
        })
    }

    /// A diagnostic at `place`, or at the top of the scenario's file when there is none.
    pub fn at(&self, place: Option<Place>, message: impl Into<String>) -> Diagnostic {
        let place = place.unwrap_or(Place {
            span: 0..0,
            field: String::new(),
        });
        self.sources.at(place.span, &place.field, message)
    }
}
