//! `[[trends]]`: two yearly figures a paper prints years apart, and the growth between them.

use outturn_model::trend::Trend;
use outturn_model::FyCalendar;

use super::raw::RawTrend;
use super::Validator;

impl Validator<'_> {
    pub(super) fn trend(&mut self, raw: &RawTrend, calendar: FyCalendar) -> Option<Trend> {
        let field = format!("trends.{}", raw.name.get_ref());
        let from = self.money(&raw.from, &format!("{field}.from"), false);
        let to = self.money(&raw.to, &format!("{field}.to"), false);
        let from_year = self.year(&raw.from_year, calendar, &format!("{field}.from_year"));
        let to_year = self.year(&raw.to_year, calendar, &format!("{field}.to_year"));
        let trend = Trend {
            name: raw.name.get_ref().clone(),
            from: from?,
            from_year: from_year?,
            to: to?,
            to_year: to_year?,
        };
        if trend.to_year <= trend.from_year {
            return self.error(
                raw.to_year.span(),
                &format!("{field}.to_year"),
                format!(
                    "expected a year after {}, the year the trend is from",
                    trend.from_year
                ),
            );
        }
        if trend.implied().is_none() {
            return self.error(
                raw.name.span(),
                &field,
                "expected two amounts above zero whose growth can be computed",
            );
        }
        Some(trend)
    }
}
