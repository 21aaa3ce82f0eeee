//! Charts as SVG, drawn with plotters: a scenario's spend by financial year, stacked by line
//! or budget, with its contract phases shaded and labelled; and several scenarios side by side.
//!
//! Like every renderer, charts do no arithmetic on money: bar heights are the totals computed
//! exactly in [`outturn_engine::year_table`], converted to `f64` only to place them on the page. Stacking
//! the bars and placing the phase boundaries is geometry, done in `f64`. The SVG has no
//! timestamp or random identifier, so the same projection always draws the same bytes.

use chrono::NaiveDate;
use outturn_model::projection::phase_label;
use outturn_model::term::PhaseId;
use outturn_model::Money;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::prelude::ToPrimitive;

use crate::present::run::RunReport;
use outturn_engine::year_table::YearTable;

pub const WIDTH: u32 = 1000;
pub const HEIGHT: u32 = 560;
/// The width of the legend panel on the right.
const LEGEND: u32 = 270;
const FONT: &str = "sans-serif";

/// Okabe and Ito's palette, told apart by people with any common colour vision deficiency,
/// then four darker colours for scenarios with many lines.
const PALETTE: [RGBColor; 12] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
    RGBColor(90, 90, 90),
    RGBColor(0, 62, 116),
    RGBColor(140, 86, 75),
    RGBColor(117, 112, 179),
    RGBColor(128, 128, 0),
];

fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// An amount as a bar height: geometry only, never shown as a figure.
fn height(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or(0.0)
}

/// An axis label: `£1.3m`, `£500k`, `£0`, `-£250k`. Axis ticks are positions on the page,
/// not figures from the engine, so they are formatted from `f64`.
pub fn pounds_axis(v: f64) -> String {
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if a >= 1e9 {
        format!("{sign}£{}bn", trim(format!("{:.2}", a / 1e9)))
    } else if a >= 1e6 {
        format!("{sign}£{}m", trim(format!("{:.2}", a / 1e6)))
    } else if a >= 1e3 {
        format!("{sign}£{}k", trim(format!("{:.1}", a / 1e3)))
    } else if a == 0.0 {
        "£0".to_string()
    } else {
        format!("{sign}£{a:.0}")
    }
}

type Error = String;

fn err<E: std::fmt::Debug>(e: E) -> Error {
    format!("could not draw the chart: {e:?}")
}

/// Where a date falls on an axis of financial years, year `i` spanning `i..i+1`.
fn position(rep: &RunReport, years: &[String], date: NaiveDate) -> f64 {
    let calendar = rep.evaluated.loaded.scenario.calendar;
    let fy = calendar.year_of(date);
    match years.iter().position(|y| *y == fy.to_string()) {
        Some(i) => {
            let into = (date - fy.start()).num_days() as f64;
            i as f64 + into / f64::from(fy.days())
        }
        None if years.first().is_some_and(|y| fy.to_string() < *y) => 0.0,
        None => years.len() as f64,
    }
}

/// The bottom and top of the value axis: room for every stack, negative parts below zero,
/// and headroom above for the phase labels.
fn value_range(stacks: impl Iterator<Item = (f64, f64)>) -> (f64, f64) {
    let (mut low, mut high) = (0.0_f64, 0.0_f64);
    for (neg, pos) in stacks {
        low = low.min(neg);
        high = high.max(pos);
    }
    if high <= 0.0 {
        high = 1.0;
    }
    (low * 1.1, high * 1.2)
}

fn legend(
    area: &DrawingArea<SVGBackend, Shift>,
    heading: &str,
    entries: &[(String, RGBColor)],
    notes: &[String],
) -> Result<(), Error> {
    let style = (FONT, 16).into_font().color(&BLACK);
    area.draw(&Text::new(
        format!("{heading}:"),
        (10, 70),
        (FONT, 17).into_font().style(FontStyle::Bold).color(&BLACK),
    ))
    .map_err(err)?;
    let mut y = 96;
    for (name, c) in entries {
        area.draw(&Rectangle::new([(10, y - 11), (24, y + 3)], c.filled()))
            .map_err(err)?;
        area.draw(&Text::new(
            short_name(name, 30),
            (32, y - 11),
            style.clone(),
        ))
        .map_err(err)?;
        y += 22;
    }
    y += 10;
    for note in notes {
        area.draw(&Text::new(note.clone(), (10, y - 11), style.clone()))
            .map_err(err)?;
        y += 20;
    }
    Ok(())
}

/// A name cut to `n` characters with an ellipsis, so the legend stays inside its panel.
fn short_name(name: &str, n: usize) -> String {
    if name.chars().count() > n {
        format!("{}…", name.chars().take(n - 1).collect::<String>())
    } else {
        name.to_string()
    }
}

/// The financial years under the axis, one under the middle of each year's slot. (Drawn by
/// hand: plotters places tick labels by its own key points, not at the middle of a slot.)
fn year_labels<X, Y>(
    root: &DrawingArea<SVGBackend, Shift>,
    chart: &ChartContext<SVGBackend, Cartesian2d<X, Y>>,
    years: &[String],
    low: f64,
) -> Result<(), Error>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let style = (FONT, 15)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (i, year) in years.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(i as f64 + 0.5, low));
        root.draw(&Text::new(year.clone(), (x, y + 6), style.clone()))
            .map_err(err)?;
    }
    Ok(())
}

/// A chart of amounts by financial year on `plot`: one slot per year, a £ value axis from
/// `low` to `high`, and the years written under the middle of their slots.
fn yearly_chart<'a, 'b>(
    root: &DrawingArea<SVGBackend<'b>, Shift>,
    plot: &'a DrawingArea<SVGBackend<'b>, Shift>,
    caption: (&str, u32),
    years: &[String],
    (low, high): (f64, f64),
) -> Result<Yearly<'a, 'b>, Error> {
    let mut chart = ChartBuilder::on(plot)
        .caption(caption.0, (FONT, caption.1).into_font())
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(0.0..years.len() as f64, low..high)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_label_formatter(&|y| pounds_axis(*y))
        .y_labels(8)
        .x_desc("Financial year")
        .label_style((FONT, 15))
        .axis_desc_style((FONT, 16))
        .light_line_style(WHITE)
        .draw()
        .map_err(err)?;
    year_labels(root, &chart, years, low)?;
    Ok(chart)
}

/// The chart area of a yearly chart: £ on the value axis, a slot per year on the other.
type Yearly<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A contract phase taken: where it starts and ends on the axis, and its label.
struct PhaseMark {
    x0: f64,
    x1: f64,
    id: PhaseId,
    label: String,
}

/// Every phase taken of every contract, placed on the axis of `years`.
fn phase_marks(rep: &RunReport, years: &[String]) -> Vec<PhaseMark> {
    let s = &rep.evaluated.loaded.scenario;
    let mut marks = Vec::new();
    for (c_idx, c) in s.contracts.iter().enumerate() {
        for phase in c.term.taken_phases() {
            let end = phase.period.end.succ_opt().unwrap_or(phase.period.end);
            marks.push(PhaseMark {
                x0: position(rep, years, phase.period.start),
                x1: position(rep, years, end),
                id: phase.id,
                label: phase_label(s, c_idx, phase.id),
            });
        }
    }
    marks
}

/// Phases shaded (blue the initial term, amber an extension), each with a line and a label
/// where it starts. Drawn first, so the bars go over the shading.
fn draw_phases(
    chart: &mut Yearly,
    marks: &[PhaseMark],
    (low, high): (f64, f64),
) -> Result<(), Error> {
    for m in marks {
        let shade = match m.id {
            PhaseId::Initial => RGBColor(238, 242, 247),
            PhaseId::Extension(_) => RGBColor(252, 243, 224),
        };
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(m.x0, low), (m.x1, high)],
                shade.filled(),
            )))
            .map_err(err)?;
    }
    for (k, m) in marks.iter().enumerate() {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(m.x0, low), (m.x0, high)],
                RGBColor(120, 120, 120).stroke_width(1),
            )))
            .map_err(err)?;
        // A label steps down below every earlier label that starts within half a year of
        // it (contracts starting together, short phases), so none overprints another.
        let level = marks[..k]
            .iter()
            .filter(|e| (e.x0 - m.x0).abs() < 0.5)
            .count();
        let y = high - (high - low) * (0.02 + 0.045 * level as f64);
        chart
            .draw_series(std::iter::once(Text::new(
                format!("▸ {}", m.label),
                (m.x0 + 0.02, y),
                (FONT, 15).into_font().color(&RGBColor(60, 60, 60)),
            )))
            .map_err(err)?;
    }
    Ok(())
}

/// Each year's bar, a colour per row: positive parts stack up from zero, savings (negative)
/// down from zero; then the zero line.
fn draw_stacks(chart: &mut Yearly, st: &YearTable<String>) -> Result<(), Error> {
    let n = st.years.len();
    let mut up = vec![0.0_f64; n];
    let mut down = vec![0.0_f64; n];
    for (k, row) in st.rows.iter().enumerate() {
        let fill = colour(k).filled();
        let mut bars = Vec::new();
        for (i, m) in row.amounts.iter().enumerate() {
            let h = height(*m);
            if h == 0.0 {
                continue;
            }
            let base = if h < 0.0 { &mut down[i] } else { &mut up[i] };
            let (y0, y1) = (*base, *base + h);
            *base = y1;
            bars.push(Rectangle::new(
                [(i as f64 + 0.18, y0), (i as f64 + 0.82, y1)],
                fill,
            ));
        }
        chart.draw_series(bars).map_err(err)?;
    }
    zero_line(chart, n)?;
    Ok(())
}

/// The value axis's range for stacked bars: each year's negative parts and positive parts.
fn stacked_range(st: &YearTable<String>) -> (f64, f64) {
    let stacks = (0..st.years.len()).map(|i| {
        st.rows.iter().fold((0.0, 0.0), |(neg, pos), row| {
            let h = height(row.amounts[i]);
            if h < 0.0 {
                (neg + h, pos)
            } else {
                (neg, pos + h)
            }
        })
    });
    value_range(stacks)
}

/// One scenario's spend by financial year, stacked by `rep.stacked` (line or budget), with
/// the initial term and each extension taken shaded and labelled at its start.
pub fn profile(rep: &RunReport, stacked_by: &str) -> Result<String, Error> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (plot, side) = root.split_horizontally(WIDTH - LEGEND);
        let s = &rep.evaluated.loaded.scenario;
        let st = &rep.stacked;
        let range = stacked_range(st);
        let caption = short_name(&s.title, 84);
        let mut chart = yearly_chart(&root, &plot, (&caption, 22), &st.years, range)?;
        draw_phases(&mut chart, &phase_marks(rep, &st.years), range)?;
        draw_stacks(&mut chart, st)?;
        let entries: Vec<(String, RGBColor)> = st
            .rows
            .iter()
            .enumerate()
            .map(|(k, row)| (row.key.clone(), colour(k)))
            .collect();
        legend(
            &side,
            &format!("Stacked by {stacked_by}"),
            &entries,
            &[
                "Shaded: blue the initial term,".to_string(),
                "amber an extension; ▸ marks".to_string(),
                "where each phase starts.".to_string(),
            ],
        )?;
        side.draw(&Text::new(
            format!("Total {}", rep.wide.total),
            (10, 30),
            (FONT, 17).into_font().color(&BLACK),
        ))
        .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Several scenarios side by side: each one's total by financial year, a bar each.
pub fn comparison(reps: &[RunReport]) -> Result<String, Error> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (plot, side) = root.split_horizontally(WIDTH - LEGEND);
        let mut years: Vec<String> = reps.iter().flat_map(|r| r.wide.years.clone()).collect();
        years.sort();
        years.dedup();
        let n = years.len();
        let k = reps.len().max(1);
        let stacks = reps.iter().flat_map(|r| {
            r.wide.year_totals.iter().map(|m| {
                let h = height(*m);
                (h.min(0.0), h.max(0.0))
            })
        });
        let (low, high) = value_range(stacks);
        let mut chart = yearly_chart(
            &root,
            &plot,
            ("Scenarios compared: spend by financial year", 22),
            &years,
            (low, high),
        )?;
        let width = 0.8 / k as f64;
        for (j, r) in reps.iter().enumerate() {
            let fill = colour(j).filled();
            let bars = r
                .wide
                .years
                .iter()
                .zip(&r.wide.year_totals)
                .filter_map(|(y, m)| {
                    let i = years.iter().position(|x| x == y)?;
                    let x0 = i as f64 + 0.1 + width * j as f64;
                    Some(Rectangle::new(
                        [(x0, 0.0), (x0 + width * 0.9, height(*m))],
                        fill,
                    ))
                });
            chart.draw_series(bars).map_err(err)?;
        }
        zero_line(&mut chart, n)?;
        let entries: Vec<(String, RGBColor)> = reps
            .iter()
            .enumerate()
            .map(|(j, r)| (r.evaluated.loaded.label(), colour(j)))
            .collect();
        let notes: Vec<String> = reps
            .iter()
            .enumerate()
            .map(|(j, r)| format!("{}: total {}", j + 1, r.wide.total))
            .collect();
        legend(&side, "Scenarios", &entries, &notes)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// One financial year's spread over a simulation's draws, for a fan chart.
pub struct FanYear {
    pub year: String,
    pub central: Money,
    /// P5, P10, P50, P90, P95.
    pub percentiles: [Money; 5],
}

/// A simulation's fan chart: the 90% and 80% ranges of each year's spend as shaded bands,
/// the median as a line and the central (deterministic) run as a black line with markers.
pub fn fan(title: &str, years: &[FanYear], notes: &[String]) -> Result<String, Error> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (plot, side) = root.split_horizontally(WIDTH - LEGEND);
        let values = years.iter().flat_map(|y| {
            let h: Vec<f64> = y.percentiles.iter().map(|m| height(*m)).collect();
            [(h[0].min(0.0), h[4].max(height(y.central)))]
        });
        let (low, high) = value_range(values);
        let labels: Vec<String> = years.iter().map(|y| y.year.clone()).collect();
        let mut chart = yearly_chart(
            &root,
            &plot,
            (&short_name(title, 70), 18),
            &labels,
            (low, high),
        )?;
        let entries = fan_series(&mut chart, years)?;
        legend(&side, "Spend by year", &entries, notes)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// The fan's series on `chart`: the P5–P95 and P10–P90 bands, the median and the central run;
/// the legend's entries.
fn fan_series(
    chart: &mut Yearly<'_, '_>,
    years: &[FanYear],
) -> Result<Vec<(String, RGBColor)>, Error> {
    let at = |i: usize| i as f64 + 0.5;
    // A band between two percentiles: along the upper one, back along the lower one.
    let band = |lo: usize, hi: usize| -> Vec<(f64, f64)> {
        let up = years
            .iter()
            .enumerate()
            .map(|(i, y)| (at(i), height(y.percentiles[hi])));
        let down = years
            .iter()
            .enumerate()
            .rev()
            .map(|(i, y)| (at(i), height(y.percentiles[lo])));
        up.chain(down).collect()
    };
    let outer = RGBColor(198, 219, 239);
    let inner = RGBColor(107, 174, 214);
    chart
        .draw_series(std::iter::once(Polygon::new(band(0, 4), outer.filled())))
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(Polygon::new(band(1, 3), inner.filled())))
        .map_err(err)?;
    let median = RGBColor(8, 69, 148);
    chart
        .draw_series(std::iter::once(PathElement::new(
            years
                .iter()
                .enumerate()
                .map(|(i, y)| (at(i), height(y.percentiles[2])))
                .collect::<Vec<_>>(),
            median.stroke_width(3),
        )))
        .map_err(err)?;
    let central: Vec<(f64, f64)> = years
        .iter()
        .enumerate()
        .map(|(i, y)| (at(i), height(y.central)))
        .collect();
    chart
        .draw_series(std::iter::once(PathElement::new(
            central.clone(),
            BLACK.stroke_width(1),
        )))
        .map_err(err)?;
    chart
        .draw_series(
            central
                .into_iter()
                .map(|p| Circle::new(p, 4, BLACK.filled())),
        )
        .map_err(err)?;
    Ok(vec![
        ("P5 to P95".to_string(), outer),
        ("P10 to P90".to_string(), inner),
        ("P50 (median)".to_string(), median),
        ("central run".to_string(), BLACK),
    ])
}

/// The line at zero across `n` years, which bars stand on (and savings hang from).
fn zero_line(chart: &mut Yearly<'_, '_>, n: usize) -> Result<(), Error> {
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (n as f64, 0.0)],
            BLACK.stroke_width(1),
        )))
        .map_err(err)?;
    Ok(())
}

/// A tornado chart of what drives a simulation's spread: one bar per uncertain field, its
/// rank correlation with the whole-life total (−1 to 1), the strongest at the top.
pub fn tornado(title: &str, fields: &[(String, f64)]) -> Result<String, Error> {
    let mut sorted: Vec<&(String, f64)> = fields.iter().collect();
    sorted.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let n = sorted.len().max(1);
        let names: Vec<String> = sorted.iter().map(|(f, _)| short_name(f, 40)).collect();
        let mut chart = ChartBuilder::on(&root)
            .caption(short_name(title, 100), (FONT, 18))
            .margin(20)
            .x_label_area_size(50)
            .y_label_area_size(330)
            .build_cartesian_2d(-1.0..1.0, 0.0..n as f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(9)
            .x_desc("rank correlation with the whole-life total")
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 16))
            .draw()
            .map_err(err)?;
        let style = (FONT, 15)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        for (k, (name, (_, r))) in names.iter().zip(&sorted).enumerate() {
            // The strongest driver on top: row 0 is drawn highest.
            let y = (n - 1 - k) as f64;
            let fill = if *r >= 0.0 { colour(5) } else { colour(0) };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y + 0.2), (*r, y + 0.8)],
                    fill.filled(),
                )))
                .map_err(err)?;
            let (px, py) = chart.backend_coord(&(-1.0, y + 0.5));
            root.draw(&Text::new(name.clone(), (px - 8, py), style.clone()))
                .map_err(err)?;
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, n as f64)],
                BLACK.stroke_width(1),
            )))
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::pounds_axis;

    #[test]
    fn axis_labels_in_pounds() {
        assert_eq!(pounds_axis(0.0), "£0");
        assert_eq!(pounds_axis(1_300_000.0), "£1.3m");
        assert_eq!(pounds_axis(138_000_000.0), "£138m");
        assert_eq!(pounds_axis(500_000.0), "£500k");
        assert_eq!(pounds_axis(-250_000.0), "-£250k");
        assert_eq!(pounds_axis(2_500.0), "£2.5k");
        assert_eq!(pounds_axis(750.0), "£750");
    }
}
