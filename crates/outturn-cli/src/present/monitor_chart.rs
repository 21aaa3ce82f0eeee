//! The monitoring chart: cumulative budget, actual and forecast by period for one row of the
//! report (the whole council on the page), drawn with plotters as SVG.
//!
//! The budget line climbs by the latest budget's profile to the latest budget at P12; the
//! actual line by the ledger's months to the report's period; the forecast line carries on
//! from the last actual through the months to come, ending at the forecast outturn (the
//! commitments counted, and any P13 adjustments, are added at P12). Heights are the
//! engine's exact totals, converted to `f64` only to place them on the page.

use outturn_engine::monitoring::Figures;
use outturn_model::monitoring::MONTHS;
use outturn_model::Money;
use plotters::prelude::*;
use rust_decimal::prelude::ToPrimitive;

use crate::present::chart::{pounds_axis, HEIGHT, WIDTH};

const FONT: &str = "sans-serif";
const BUDGET: RGBColor = RGBColor(90, 90, 90);
const ACTUAL: RGBColor = RGBColor(0, 114, 178);
const FORECAST: RGBColor = RGBColor(213, 94, 0);

fn height(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or(0.0)
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("could not draw the chart: {e:?}")
}

/// Running totals of `months`, P1 to P12, with P13 (year-end adjustments) and `extra` added
/// to the last.
fn cumulative(months: &[Money], extra: Money) -> Vec<Money> {
    let mut total = Money::ZERO;
    let mut out: Vec<Money> = months[..usize::from(MONTHS)]
        .iter()
        .map(|m| {
            total += *m;
            total
        })
        .collect();
    if let Some(last) = out.last_mut() {
        *last += months.get(usize::from(MONTHS)).copied().unwrap_or_default() + extra;
    }
    out
}

/// A line of the chart: its name in the legend, its points, colour and width.
type Series = (&'static str, Vec<(f64, f64)>, RGBColor, u32);

/// The chart's three lines at `period`: the budget, cumulative over the year; the actuals to
/// `period`; and the forecast from `period` on (actuals, then the forecast, and the
/// commitments counted), joined to the actuals at `period`.
fn series(figures: &Figures, period: u8) -> [Series; 3] {
    let budget = cumulative(&figures.budget_by_period, Money::ZERO);
    let actual = cumulative(&figures.actual_by_period, Money::ZERO);
    let both: Vec<Money> = figures
        .actual_by_period
        .iter()
        .zip(&figures.forecast_by_period)
        .map(|(a, f)| *a + *f)
        .collect();
    let forecast = cumulative(&both, figures.commitments_counted);
    let m = usize::from(period);
    let points = |values: &[Money], from: usize, to: usize| -> Vec<(f64, f64)> {
        (from..to)
            .map(|i| ((i + 1) as f64, height(values[i])))
            .collect()
    };
    [
        (
            "Latest budget, cumulative",
            points(&budget, 0, budget.len()),
            BUDGET,
            2,
        ),
        ("Actual to date", points(&actual, 0, m), ACTUAL, 3),
        (
            "Forecast to year end",
            points(&forecast, m.saturating_sub(1), forecast.len()),
            FORECAST,
            3,
        ),
    ]
}

/// The chart of `figures` at `period`, titled `title`.
pub fn cumulative_chart(title: &str, figures: &Figures, period: u8) -> Result<String, String> {
    let series = series(figures, period);
    let values = series.iter().flat_map(|s| s.1.iter().map(|p| p.1));
    let (low, high) = values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let high = if high <= 0.0 { 1.0 } else { high * 1.1 };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 20))
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(90)
            .build_cartesian_2d(0.5..12.5, (low * 1.1)..high)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(12)
            .x_label_formatter(&|x: &f64| format!("P{}", x.round() as i64))
            .y_label_formatter(&|y| pounds_axis(*y))
            .y_labels(8)
            .x_desc("Period")
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 16))
            .draw()
            .map_err(err)?;
        for (name, line, colour, width) in series {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    line.clone(),
                    colour.stroke_width(width),
                )))
                .map_err(err)?
                .label(name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(3))
                });
            chart
                .draw_series(line.into_iter().map(|p| Circle::new(p, 3, colour.filled())))
                .map_err(err)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .label_font((FONT, 15))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::cumulative;
    use outturn_model::Money;

    #[test]
    fn running_totals_end_with_the_year_end_and_extras() {
        let mut months = vec![Money::from_pennies(100); 13];
        months[12] = Money::from_pennies(7);
        let c = cumulative(&months, Money::from_pennies(50));
        assert_eq!(c.len(), 12);
        assert_eq!(c[0], Money::from_pennies(100));
        assert_eq!(c[11], Money::from_pennies(1_257));
    }
}
