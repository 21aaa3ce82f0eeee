//! A budget monitoring report as an Excel workbook whose figures stay live: the latest
//! budget, outturn, variance, variance % and RAG of every row are formulas over the
//! cost centres' figures and the thresholds sheet, and every total is a `=SUM(…)`; the
//! engine's exact figures are stored as each formula's cached result. RAG cells are
//! coloured by conditional formatting, so a changed threshold or figure recolours them.
//!
//! Sheets: Monitoring (the report), By period (budget profile, actuals and forecast by
//! period), Movement (with a previous forecast), Savings, Thresholds, Notes. Excel holds
//! numbers as binary doubles: whole pennies below £90 trillion survive exactly, though a
//! RAG recalculated by Excel could differ from the engine's at a threshold to within a
//! double's rounding (the cached value is the engine's exact rating).

use crate::present::workbook::{column_name, number};
use outturn_engine::monitoring::{Level, Monitoring, Row};
use outturn_model::monitoring::{Cause, FiscalPeriod, RagRule, VarianceSign, Whichever};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, DocProperties, ExcelDateTime, Format,
    Formula, Workbook, Worksheet, XlsxError,
};

use crate::present::monitor_grid::{heading, label, notes, sign_note};

const CURRENCY: &str = "£#,##0.00;-£#,##0.00";
/// The first row of the report's figures (0-based), under the title and header.
const FIRST: u32 = 4;

/// The report's columns.
struct Cols;
impl Cols {
    const ORIGINAL: u16 = 6;
    const VIREMENTS: u16 = 7;
    const LATEST: u16 = 8;
    const ACTUAL: u16 = 9;
    const COMMITMENTS: u16 = 10;
    const COUNTED: u16 = 11;
    const FORECAST: u16 = 12;
    const OUTTURN: u16 = 13;
    const VARIANCE: u16 = 14;
    const PERCENT: u16 = 15;
    const RAG: u16 = 16;
    const PREVIOUS: u16 = 17;
    const MOVEMENT: u16 = 18;
}

/// The row of the Thresholds sheet (1-based) holding a level's thresholds.
fn threshold_row(level: Level) -> u32 {
    match level {
        Level::CostCentre => 2,
        Level::Service => 3,
        Level::Directorate => 4,
        Level::Council => 5,
    }
}

struct Formats {
    plain: Format,
    bold: Format,
    money: Format,
    money_bold: Format,
    percent: Format,
}

/// The workbook's bytes. A fixed creation date keeps the file the same from run to run.
pub fn workbook(m: &Monitoring) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_ymd(2021, 4, 1)?)
            .set_title("Outturn budget monitoring"),
    );
    let f = Formats {
        plain: Format::new(),
        bold: Format::new().set_bold(),
        money: Format::new().set_num_format(CURRENCY),
        money_bold: Format::new().set_num_format(CURRENCY).set_bold(),
        percent: Format::new().set_num_format("0.0"),
    };
    report(book.add_worksheet(), m, &f)?;
    by_period(book.add_worksheet(), m, &f)?;
    if m.previous_period.is_some() {
        movement(book.add_worksheet(), m, &f)?;
    }
    if !m.savings.is_empty() {
        savings(book.add_worksheet(), m, &f)?;
    }
    thresholds(book.add_worksheet(), m, &f)?;
    let notes_sheet = book.add_worksheet();
    notes_sheet.set_name("Notes")?;
    for (r, note) in notes(m).iter().enumerate() {
        notes_sheet.write_string(r as u32, 0, note)?;
    }
    notes_sheet.set_column_width(0, 140)?;
    book.save_to_buffer()
}

/// The cells each total row adds up: a service its cost centres (a range), a directorate
/// its services' totals, the council its directorates' totals.
fn total_of(rows: &[Row]) -> Vec<Option<Vec<u32>>> {
    let mut out = Vec::with_capacity(rows.len());
    let (mut holders, mut services, mut directorates) = (Vec::new(), Vec::new(), Vec::new());
    for (i, r) in rows.iter().enumerate() {
        let excel_row = FIRST + i as u32 + 1;
        match r.level {
            Level::CostCentre => {
                holders.push(excel_row);
                out.push(None);
            }
            Level::Service => {
                out.push(Some(std::mem::take(&mut holders)));
                services.push(excel_row);
            }
            Level::Directorate => {
                out.push(Some(std::mem::take(&mut services)));
                directorates.push(excel_row);
            }
            Level::Council => out.push(Some(std::mem::take(&mut directorates))),
        }
    }
    out
}

fn sum_of(column: u16, cells: &[u32]) -> String {
    let c = column_name(column);
    match (cells.first(), cells.last()) {
        // A service's cost centres are one block of rows.
        (Some(first), Some(last)) if (last - first) as usize + 1 == cells.len() => {
            format!("=SUM({c}{first}:{c}{last})")
        }
        _ => {
            let refs: Vec<String> = cells.iter().map(|r| format!("{c}{r}")).collect();
            format!(
                "=SUM({})",
                if refs.is_empty() {
                    "0".into()
                } else {
                    refs.join(",")
                }
            )
        }
    }
}

/// The limit of the threshold in columns `percent`, `amount`, `whichever` of the Thresholds
/// sheet's row `t`, on the budget in `budget`.
fn limit(t: u32, (percent, amount, whichever): (&str, &str, &str), budget: &str) -> String {
    let p = format!("Thresholds!${percent}${t}");
    let a = format!("Thresholds!${amount}${t}");
    let w = format!("Thresholds!${whichever}${t}");
    let share = format!("{p}/100*ABS({budget})");
    format!("IF({p}=\"\",{a},IF({a}=\"\",{share},IF({w}=\"higher\",MAX({share},{a}),MIN({share},{a}))))")
}

fn rag_formula(level: Level, row: u32) -> String {
    let t = threshold_row(level);
    let budget = format!("{}{row}", column_name(Cols::LATEST));
    let over = format!("({}{row}-{budget})", column_name(Cols::OUTTURN));
    let red = limit(t, ("B", "C", "D"), &budget);
    let amber = limit(t, ("E", "F", "G"), &budget);
    format!(
        "=IF(Thresholds!$B${t}&Thresholds!$C${t}=\"\",\"\",IF(AND({over}>0,{over}>={red}),\"red\",IF(AND(Thresholds!$E${t}&Thresholds!$F${t}<>\"\",{over}>0,{over}>={amber}),\"amber\",\"green\")))"
    )
}

fn report(sheet: &mut Worksheet, m: &Monitoring, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Monitoring")?;
    sheet.write_string_with_format(0, 0, heading(m), &f.bold)?;
    sheet.write_string(1, 0, sign_note(m.sign))?;
    let mut header = vec![
        "Level",
        "Directorate",
        "Service",
        "Cost centre",
        "Name",
        "Forecast method",
        "Original budget",
        "Virements",
        "Latest budget",
        "Actual to date",
        "Commitments",
        "Commitments counted",
        "Forecast to year end",
        "Forecast outturn",
        "Variance",
        "Variance %",
        "RAG",
    ];
    let previous = m.previous_period.map(|p| format!("Outturn at P{p}"));
    if let Some(p) = &previous {
        header.extend([p.as_str(), "Movement"]);
    }
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(FIRST - 1, c as u16, *h, &f.bold)?;
    }
    let totals = total_of(&m.rows);
    for (i, (r, total)) in m.rows.iter().zip(&totals).enumerate() {
        write_row(sheet, FIRST + i as u32, r, total.as_deref(), m.sign, f)?;
    }
    let last = FIRST + m.rows.len() as u32 - 1;
    for (word, fill, font) in [
        ("red", 0xF8D7DA, 0x842029),
        ("amber", 0xFFE8B3, 0x6B4A00),
        ("green", 0xD1E7DD, 0x0F5132),
    ] {
        let rule = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(word.to_string()))
            .set_format(
                Format::new()
                    .set_background_color(fill)
                    .set_font_color(font)
                    .set_bold(),
            );
        sheet.add_conditional_format(FIRST, Cols::RAG, last, Cols::RAG, &rule)?;
    }
    sheet.set_freeze_panes(FIRST, 5)?;
    for (c, width) in [(0, 12), (1, 30), (2, 30), (3, 12), (4, 42), (5, 18)] {
        sheet.set_column_width(c, width)?;
    }
    for c in Cols::ORIGINAL..=Cols::MOVEMENT {
        sheet.set_column_width(c, 17)?;
    }
    Ok(())
}

/// One row of the report at sheet row `row`: a cost centre's figures as numbers, a total's
/// as sums of the rows in `total`, and the derived figures as formulas either way.
fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    r: &Row,
    total: Option<&[u32]>,
    sign: VarianceSign,
    f: &Formats,
) -> Result<(), XlsxError> {
    let money = if total.is_some() {
        &f.money_bold
    } else {
        &f.money
    };
    write_labels(sheet, row, r)?;
    write_entered(sheet, row, r, total, money)?;
    write_formulas(sheet, row, r, sign, money, f)
}

/// The row's level, budget holder, code, name and forecast method.
fn write_labels(sheet: &mut Worksheet, row: u32, r: &Row) -> Result<(), XlsxError> {
    let texts = [
        r.level.to_string(),
        r.directorate.clone(),
        r.service.clone(),
        r.code.clone(),
        if r.level == Level::CostCentre {
            r.name.clone()
        } else {
            label(r)
        },
        r.method.map(|x| x.to_string()).unwrap_or_default(),
    ];
    for (c, t) in texts.iter().enumerate() {
        sheet.write_string(row, c as u16, t)?;
    }
    Ok(())
}

/// The figures entered (budget, virements, actuals, commitments, forecast, last month's
/// outturn): numbers on a cost centre's row, sums of the rows below on a total's (`total`).
fn write_entered(
    sheet: &mut Worksheet,
    row: u32,
    r: &Row,
    total: Option<&[u32]>,
    money: &Format,
) -> Result<(), XlsxError> {
    let fig = &r.figures;
    let mut values = vec![
        (Cols::ORIGINAL, fig.original),
        (Cols::VIREMENTS, fig.virements),
        (Cols::ACTUAL, fig.actual),
        (Cols::COMMITMENTS, fig.commitments),
        (Cols::COUNTED, fig.commitments_counted),
        (Cols::FORECAST, fig.forecast),
    ];
    if let Some(p) = &fig.previous {
        values.push((Cols::PREVIOUS, p.outturn));
    }
    for (c, v) in values {
        match total {
            None => sheet.write_number_with_format(row, c, number(v), money)?,
            Some(cells) => sheet.write_formula_with_format(
                row,
                c,
                Formula::new(sum_of(c, cells)).set_result(v.plain()),
                money,
            )?,
        };
    }
    Ok(())
}

/// The figures worked from the entered ones, as formulas with the engine's results cached:
/// latest budget, outturn, variance (signed as the council reports it), its percentage, RAG
/// and the movement since last month.
fn write_formulas(
    sheet: &mut Worksheet,
    row: u32,
    r: &Row,
    sign: VarianceSign,
    money: &Format,
    f: &Formats,
) -> Result<(), XlsxError> {
    let fig = &r.figures;
    let n = row + 1;
    let at = |c: u16| format!("{}{n}", column_name(c));
    let variance = match sign {
        VarianceSign::OverspendPositive => format!("={}-{}", at(Cols::OUTTURN), at(Cols::LATEST)),
        VarianceSign::UnderspendPositive => format!("={}-{}", at(Cols::LATEST), at(Cols::OUTTURN)),
    };
    let percent = format!(
        "=IF({}=0,\"\",ROUND({}/ABS({})*100,1))",
        at(Cols::LATEST),
        at(Cols::VARIANCE),
        at(Cols::LATEST)
    );
    let mut formulas = vec![
        (
            Cols::LATEST,
            format!("={}+{}", at(Cols::ORIGINAL), at(Cols::VIREMENTS)),
            fig.latest.plain(),
            money,
        ),
        (
            Cols::OUTTURN,
            format!(
                "={}+{}+{}",
                at(Cols::ACTUAL),
                at(Cols::COUNTED),
                at(Cols::FORECAST)
            ),
            fig.outturn.plain(),
            money,
        ),
        (Cols::VARIANCE, variance, fig.variance.plain(), money),
        (
            Cols::PERCENT,
            percent,
            fig.variance_percent
                .map(|p| p.to_string())
                .unwrap_or_default(),
            &f.percent,
        ),
        (
            Cols::RAG,
            rag_formula(r.level, n),
            fig.rag.map(|x| x.to_string()).unwrap_or_default(),
            &f.plain,
        ),
    ];
    if let Some(p) = &fig.previous {
        formulas.push((
            Cols::MOVEMENT,
            format!("={}-{}", at(Cols::OUTTURN), at(Cols::PREVIOUS)),
            p.movement.plain(),
            money,
        ));
    }
    for (c, formula, result, format) in formulas {
        sheet.write_formula_with_format(
            row,
            c,
            Formula::new(formula).set_result(result),
            format,
        )?;
    }
    Ok(())
}

fn by_period(sheet: &mut Worksheet, m: &Monitoring, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("By period")?;
    let periods: Vec<FiscalPeriod> = FiscalPeriod::all().collect();
    let mut header: Vec<String> = vec!["Level".into(), "Budget holder".into(), "Measure".into()];
    header.extend(periods.iter().map(ToString::to_string));
    header.push("Total".into());
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &f.bold)?;
    }
    let mut row = 1u32;
    for r in &m.rows {
        let fig = &r.figures;
        let measures = [
            ("budget", &fig.budget_by_period, fig.latest),
            ("actual", &fig.actual_by_period, fig.actual),
            ("forecast", &fig.forecast_by_period, fig.forecast),
        ];
        for (measure, months, total) in measures {
            sheet.write_string(row, 0, r.level.to_string())?;
            sheet.write_string(row, 1, label(r))?;
            sheet.write_string(row, 2, measure)?;
            for (i, amount) in months.iter().enumerate() {
                sheet.write_number_with_format(row, 3 + i as u16, number(*amount), &f.money)?;
            }
            let total_col = 3 + periods.len() as u16;
            let sum = format!("=SUM(D{n}:{}{n})", column_name(total_col - 1), n = row + 1);
            sheet.write_formula_with_format(
                row,
                total_col,
                Formula::new(sum).set_result(total.plain()),
                &f.money_bold,
            )?;
            row += 1;
        }
    }
    sheet.set_freeze_panes(1, 3)?;
    sheet.set_column_width(1, 48)?;
    for c in 3..=(3 + periods.len() as u16) {
        sheet.set_column_width(c, 15)?;
    }
    Ok(())
}

fn movement(sheet: &mut Worksheet, m: &Monitoring, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Movement")?;
    let mut header = vec![
        "Budget holder".to_string(),
        format!("Outturn at P{}", m.previous_period.unwrap_or_default()),
    ];
    header.extend(Cause::ALL.iter().map(|c| c.to_string()));
    header.extend(["Movement".to_string(), format!("Outturn at P{}", m.period)]);
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &f.bold)?;
    }
    for (i, r) in m.rows.iter().enumerate() {
        let Some(p) = &r.figures.previous else {
            continue;
        };
        let row = i as u32 + 1;
        sheet.write_string(row, 0, label(r))?;
        sheet.write_number_with_format(row, 1, number(p.outturn), &f.money)?;
        for (k, cause) in Cause::ALL.iter().enumerate() {
            let amount = p.causes.get(cause).copied().unwrap_or_default();
            sheet.write_number_with_format(row, 2 + k as u16, number(amount), &f.money)?;
        }
        let total_col = 2 + Cause::ALL.len() as u16;
        let sum = format!("=SUM(C{n}:{}{n})", column_name(total_col - 1), n = row + 1);
        sheet.write_formula_with_format(
            row,
            total_col,
            Formula::new(sum).set_result(p.movement.plain()),
            &f.money_bold,
        )?;
        let outturn = format!("=B{n}+{}{n}", column_name(total_col), n = row + 1);
        sheet.write_formula_with_format(
            row,
            total_col + 1,
            Formula::new(outturn).set_result(r.figures.outturn.plain()),
            &f.money_bold,
        )?;
    }
    sheet.set_column_width(0, 48)?;
    for c in 1..=(Cause::ALL.len() as u16 + 3) {
        sheet.set_column_width(c, 17)?;
    }
    Ok(())
}

fn savings(sheet: &mut Worksheet, m: &Monitoring, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Savings")?;
    let header = [
        "Saving",
        "Cost centre",
        "Planned",
        "Delivered to date",
        "Forecast delivery",
        "Shortfall",
        "Status",
        "Shortfall in forecast",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &f.bold)?;
    }
    for (i, s) in m.savings.iter().enumerate() {
        let (row, n) = (i as u32 + 1, i as u32 + 2);
        sheet.write_string(row, 0, &s.name)?;
        sheet.write_string(row, 1, &s.cost_centre)?;
        for (c, v) in [(2, s.planned), (3, s.delivered), (4, s.forecast)] {
            sheet.write_number_with_format(row, c, number(v), &f.money)?;
        }
        sheet.write_formula_with_format(
            row,
            5,
            Formula::new(format!("=C{n}-E{n}")).set_result(s.shortfall.plain()),
            &f.money,
        )?;
        let status =
            format!("=IF(D{n}>=C{n},\"delivered\",IF(E{n}>=C{n},\"on track\",\"at risk\"))");
        sheet.write_formula(
            row,
            6,
            Formula::new(status).set_result(s.status.to_string()),
        )?;
        sheet.write_string(row, 7, if s.in_forecast { "yes" } else { "no" })?;
    }
    sheet.set_column_width(0, 44)?;
    for c in 1..=7 {
        sheet.set_column_width(c, 18)?;
    }
    Ok(())
}

fn thresholds(sheet: &mut Worksheet, m: &Monitoring, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Thresholds")?;
    let header = [
        "Level",
        "Red %",
        "Red £",
        "Red: whichever",
        "Amber %",
        "Amber £",
        "Amber: whichever",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &f.bold)?;
    }
    let levels = [
        (Level::CostCentre, m.rag.cost_centre),
        (Level::Service, m.rag.service),
        (Level::Directorate, m.rag.directorate),
        (Level::Council, m.rag.council),
    ];
    for (level, rule) in levels {
        let row = threshold_row(level) - 1;
        sheet.write_string(row, 0, level.to_string())?;
        let Some(RagRule { red, amber }) = rule else {
            continue;
        };
        for (first, t) in [(1u16, Some(red)), (4, amber)] {
            let Some(t) = t else { continue };
            if let Some(p) = t.percent {
                sheet.write_number(row, first, p.to_f64().unwrap_or(f64::NAN))?;
            }
            if let Some(a) = t.amount {
                sheet.write_number_with_format(row, first + 1, number(a), &f.money)?;
            }
            if t.percent.is_some() && t.amount.is_some() {
                let word = match t.whichever {
                    Whichever::Lower => "lower",
                    Whichever::Higher => "higher",
                };
                sheet.write_string(row, first + 2, word)?;
            }
        }
    }
    sheet.set_column_width(0, 14)?;
    for c in 1..=6 {
        sheet.set_column_width(c, 16)?;
    }
    Ok(())
}
