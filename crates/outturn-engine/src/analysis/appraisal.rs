//! The discounted appraisal (HM Treasury Green Book, `outturn_model::discount`): each
//! scenario's spend by financial year taken to real terms, uplifted by optimism bias and
//! discounted; and, across scenarios, an option appraisal of their present values.

use outturn_model::discount::{appraise, cash_by_year, Annuity, Appraised, Discount};
use outturn_model::{FinancialYear, ModelError};

use crate::evaluate::Evaluated;
use crate::grid::{Cell, Grid};

/// The scenario's appraisal, when it states one: its rows added by financial year, with the
/// part the optimism bias applies to (the lines it names, or every line but savings).
///
/// # Errors
/// A year before the base year or without a deflator level; an amount too large.
pub fn appraised(e: &Evaluated) -> Result<Option<Appraised>, ModelError> {
    let Some(appraisal) = &e.loaded.scenario.appraisal else {
        return Ok(None);
    };
    let cash = cash_by_year(appraisal, &e.projection.rows);
    appraise(appraisal, &cash).map(Some)
}

/// Each year of the appraisal: cash, cash in real terms with optimism bias, the discount
/// factor and the discounted amount; the present value (the exact sum, rounded once) and the
/// equivalent annual cost under it.
pub fn appraisal_section(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    let Some(a) = appraised(e)? else {
        return Ok(None);
    };
    let appraisal = e
        .loaded
        .scenario
        .appraisal
        .as_ref()
        .expect("an appraised scenario states its appraisal");
    let mut rows: Vec<Vec<Cell>> = a
        .years
        .iter()
        .map(|y| {
            vec![
                Cell::Text(y.year.to_string()),
                Cell::Number(y.t.into()),
                Cell::Money(y.cash),
                Cell::Pounds(y.adjusted),
                Cell::Number(y.factor),
                Cell::Pounds(y.present),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::Text("present value".into()),
        Cell::Empty,
        Cell::Money(a.years.iter().map(|y| y.cash).sum()),
        Cell::Empty,
        Cell::Number(a.annuity_factor),
        Cell::Money(a.present_value),
    ]);
    let discount = match appraisal.discount {
        Discount::GreenBook => "HM Treasury Green Book declining schedule (3.5% to year 30, 3.0% to 75, 2.5% to 125, 2.0% to 200, 1.5% to 300, 1.0% after), factors chained".to_string(),
        Discount::Flat(r) => format!("{}% a year", r.normalize()),
    };
    let years = annuity_years(appraisal.annuity, &a);
    let mut notes = vec![
        format!("year 0 is {} (not discounted); discount: {discount}", appraisal.base_year),
        format!(
            "present value {}: the exact sum, rounded once (the rows shown are rounded, so need not add to it); equivalent annual cost {} = the present value ÷ the annuity factor {} ({years})",
            a.present_value, a.equivalent_annual, a.annuity_factor
        ),
    ];
    if let Some(b) = appraisal.optimism_bias {
        let on = if appraisal.optimism_bias_lines.is_empty() {
            "every line".to_string()
        } else {
            appraisal.optimism_bias_lines.join(", ")
        };
        notes.push(format!(
            "optimism bias {}% on {on}, before discounting",
            b.normalize()
        ));
    }
    if appraisal.deflator.is_some() {
        notes.push(format!(
            "in real terms: each year × the deflator of {} ÷ the year's",
            appraisal.prices.unwrap_or(appraisal.base_year)
        ));
    }
    Ok(Some(Grid {
        title: String::new(),
        header: [
            "year",
            "t",
            "cash",
            "real, with bias",
            "factor",
            "discounted",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes,
    }))
}

/// The years the annuity factor adds, in words for the appraisal's note.
fn annuity_years(annuity: Annuity, a: &Appraised) -> String {
    match annuity {
        Annuity::YearsShown => "the factors of the years shown added".to_string(),
        Annuity::FromYearOne => format!(
            "the factors of years 1 to {} added: the cost paid at the end of each year",
            a.years.iter().map(|y| y.t).max().unwrap_or(0)
        ),
    }
}

/// The scenarios that state an appraisal, side by side: each one's present value and
/// equivalent annual cost, and how much more its present value is than the least. `None`
/// with fewer than two.
///
/// # Errors
/// Whatever appraising a scenario reports.
pub fn option_appraisal(evaluated: &[Evaluated]) -> Result<Option<Grid>, ModelError> {
    let mut options = Vec::new();
    for e in evaluated {
        if let Some(a) = appraised(e)? {
            let base = e.loaded.scenario.appraisal.as_ref().map(|x| x.base_year);
            options.push((e.loaded.label(), base, a));
        }
    }
    if options.len() < 2 {
        return Ok(None);
    }
    let least = options
        .iter()
        .map(|o| o.2.present_value)
        .min()
        .expect("two options or more");
    let mut notes = vec!["each option's spend discounted as its [appraisal] states; the option with the least present value costs least".into()];
    if options.iter().any(|o| o.1 != options[0].1) {
        notes.push("the options do not share a base year, so their present values are in different years' terms: give them the same base_year to compare them".into());
    }
    if let Some(note) = different_lives(&options) {
        notes.push(note);
    }
    let rows = options
        .into_iter()
        .map(|(label, base, a)| {
            vec![
                Cell::Text(label),
                Cell::Text(base.map(|b| b.to_string()).unwrap_or_default()),
                Cell::Money(a.years.iter().map(|y| y.cash).sum()),
                Cell::Money(a.present_value),
                Cell::Money(a.equivalent_annual),
                Cell::Signed(Box::new(Cell::Money(a.present_value - least))),
            ]
        })
        .collect();
    Ok(Some(Grid {
        title: "Option appraisal".into(),
        header: [
            "option",
            "base year",
            "cash",
            "present value",
            "equivalent annual cost",
            "more than the least",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes,
    }))
}

/// When the options run for different numbers of years, their present values buy different
/// lives: the note names the option with the least equivalent annual cost, the comparison
/// NHS Scotland's guidance (A4.10) makes for "alternative assets with different lives".
fn different_lives(options: &[(String, Option<FinancialYear>, Appraised)]) -> Option<String> {
    let years = |a: &Appraised| a.years.len();
    if options.iter().all(|o| years(&o.2) == years(&options[0].2)) {
        return None;
    }
    let cheapest = options.iter().min_by_key(|o| o.2.equivalent_annual)?;
    Some(format!(
        "the options run for different numbers of years, so compare their equivalent annual costs: {} costs least a year, {}",
        cheapest.0, cheapest.2.equivalent_annual
    ))
}
