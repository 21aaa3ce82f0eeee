//! Excel workbooks: for each scenario a sheet of inputs, a sheet of the projection in the
//! papers' wide layout with live `=SUM(…)` totals, and a sheet of the checks.
//!
//! Excel stores every number as a binary double, so amounts are written as `f64`: an amount
//! of whole pennies below £90 trillion survives the conversion exactly at two decimals, and
//! every total a reader sees is a formula over those cells, with the engine's exact total
//! stored as the formula's cached result.

use outturn_engine::year_table::YearRow;
use outturn_model::check::Verdict;
use outturn_model::Money;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};

use crate::present::assumptions::assumptions;
use crate::present::run::RunReport;

const CURRENCY: &str = "£#,##0.00;-£#,##0.00";

pub(crate) fn number(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or(f64::NAN)
}

/// Column letters for a 0-based column: 0 → A, 27 → AB.
pub(crate) fn column_name(mut c: u16) -> String {
    let mut name = String::new();
    loop {
        name.insert(0, (b'A' + (c % 26) as u8) as char);
        if c < 26 {
            return name;
        }
        c = c / 26 - 1;
    }
}

/// The workbook's bytes. A fixed creation date keeps the file the same from run to run, so
/// the committed copy in `outputs/` only changes when a figure does.
pub fn workbook(reports: &[RunReport]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2021, 4, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title("Outturn projection"),
    );
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format(CURRENCY);
    let money_bold = Format::new().set_num_format(CURRENCY).set_bold();
    for (i, rep) in reports.iter().enumerate() {
        let prefix = if reports.len() > 1 {
            format!("{} ", i + 1)
        } else {
            String::new()
        };
        inputs(book.add_worksheet(), &format!("{prefix}Inputs"), rep, &bold)?;
        projection(
            book.add_worksheet(),
            &format!("{prefix}Projection"),
            rep,
            &bold,
            &money,
            &money_bold,
        )?;
        checks(book.add_worksheet(), &format!("{prefix}Checks"), rep, &bold)?;
    }
    book.save_to_buffer()
}

fn inputs(
    sheet: &mut Worksheet,
    name: &str,
    rep: &RunReport,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let rows = assumptions(&rep.evaluated.loaded);
    sheet.write_string_with_format(0, 0, "Input", bold)?;
    sheet.write_string_with_format(0, 1, "Value", bold)?;
    for (r, (k, v)) in rows.iter().enumerate() {
        sheet.write_string(r as u32 + 1, 0, k)?;
        sheet.write_string(r as u32 + 1, 1, v)?;
    }
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(1, 90)?;
    Ok(())
}

fn projection(
    sheet: &mut Worksheet,
    name: &str,
    rep: &RunReport,
    bold: &Format,
    money: &Format,
    money_bold: &Format,
) -> Result<(), XlsxError> {
    let w = &rep.wide;
    sheet.set_name(name)?;
    let n_years = w.years.len() as u16;
    let total_col = 2 + n_years;
    sheet.write_string_with_format(0, 0, "Line", bold)?;
    sheet.write_string_with_format(0, 1, "Budget", bold)?;
    for (c, y) in w.years.iter().enumerate() {
        sheet.write_string_with_format(0, 2 + c as u16, y, bold)?;
    }
    sheet.write_string_with_format(0, total_col, "Total", bold)?;
    for (
        r,
        YearRow {
            key: (line, budget),
            amounts,
            total,
        },
    ) in w.rows.iter().enumerate()
    {
        let row = r as u32 + 1;
        sheet.write_string(row, 0, line)?;
        sheet.write_string(row, 1, budget)?;
        for (c, m) in amounts.iter().enumerate() {
            sheet.write_number_with_format(row, 2 + c as u16, number(*m), money)?;
        }
        let sum = format!(
            "=SUM(C{}:{}{})",
            row + 1,
            column_name(total_col - 1),
            row + 1
        );
        sheet.write_formula_with_format(
            row,
            total_col,
            Formula::new(sum).set_result(total.plain()),
            money_bold,
        )?;
    }
    let total_row = w.rows.len() as u32 + 1;
    sheet.write_string_with_format(total_row, 0, "Total", bold)?;
    let column_totals = w.year_totals.iter().chain([&w.total]);
    for (c, t) in column_totals.enumerate() {
        let col = 2 + c as u16;
        let letter = column_name(col);
        let sum = format!("=SUM({letter}2:{letter}{total_row})");
        sheet.write_formula_with_format(
            total_row,
            col,
            Formula::new(sum).set_result(t.plain()),
            money_bold,
        )?;
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(1, 18)?;
    for c in 2..=total_col {
        sheet.set_column_width(c, 16)?;
    }
    Ok(())
}

fn checks(
    sheet: &mut Worksheet,
    name: &str,
    rep: &RunReport,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let header = [
        "Check",
        "Printed",
        "Stated",
        "Computed",
        "Difference",
        "Tolerance",
        "Verdict",
        "Reason",
        "Why",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, bold)?;
    }
    for (r, o) in rep.evaluated.outcomes.iter().enumerate() {
        let row = r as u32 + 1;
        sheet.write_string(row, 0, &o.check)?;
        sheet.write_string(row, 1, &o.text)?;
        for (c, d) in [o.stated, o.computed, o.difference].into_iter().enumerate() {
            let value = d.to_f64().unwrap_or(f64::NAN);
            if o.money() {
                sheet.write_number_with_format(
                    row,
                    2 + c as u16,
                    value,
                    &Format::new().set_num_format(CURRENCY),
                )?;
            } else {
                sheet.write_number(row, 2 + c as u16, value)?;
            }
        }
        sheet.write_string(row, 5, o.tolerance.to_string())?;
        let verdict = match o.verdict {
            Verdict::Consistent => Format::new(),
            _ => Format::new().set_bold(),
        };
        sheet.write_string_with_format(row, 6, o.verdict.to_string(), &verdict)?;
        sheet.write_string(row, 7, o.reason.clone().unwrap_or_default())?;
        sheet.write_string(row, 8, crate::present::check::why(o))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(0, 48)?;
    for c in 1..=6 {
        sheet.set_column_width(c, 18)?;
    }
    sheet.set_column_width(7, 80)?;
    sheet.set_column_width(8, 80)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::column_name;

    #[test]
    fn column_letters() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }
}

#[cfg(test)]
mod read_back {
    use super::workbook;
    use crate::present::testing;
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    use std::io::Cursor;

    fn book() -> Xlsx<Cursor<Vec<u8>>> {
        let e = testing::evaluated();
        let bytes = workbook(&[testing::report(&e)]).unwrap();
        open_workbook_from_rs(Cursor::new(bytes)).unwrap()
    }

    #[test]
    fn the_projection_sheet_holds_amounts_and_sums() {
        let mut book = book();
        assert_eq!(book.sheet_names(), ["Inputs", "Projection", "Checks"]);
        let cells = book.worksheet_range("Projection").unwrap();
        let at = |r: u32, c: u32| cells.get_value((r, c)).cloned();
        assert_eq!(at(0, 2), Some(Data::String("2024-25".into())));
        assert_eq!(at(1, 0), Some(Data::String("care".into())));
        // care in 2025-26: £1,000,000 × 183/365 = £501,369.86.
        assert_eq!(at(1, 3), Some(Data::Float(501_369.86)));
        assert_eq!(at(2, 2), Some(Data::Float(36_500.0)));
        assert_eq!(at(3, 0), Some(Data::String("Total".into())));
        let formulas = book.worksheet_formula("Projection").unwrap();
        assert_eq!(
            formulas.get_value((1, 4)).map(String::as_str),
            Some("SUM(C2:D2)")
        );
        assert_eq!(
            formulas.get_value((3, 4)).map(String::as_str),
            Some("SUM(E2:E3)")
        );
    }

    #[test]
    fn the_checks_sheet_holds_each_figure_and_verdict() {
        let mut book = book();
        let cells = book.worksheet_range("Checks").unwrap();
        let at = |r: u32, c: u32| cells.get_value((r, c)).cloned();
        assert_eq!(at(2, 0), Some(Data::String("2024-25 | care".into())));
        assert_eq!(at(2, 2), Some(Data::Float(1_000_100.0)));
        assert_eq!(at(2, 3), Some(Data::Float(1_000_000.0)));
        assert_eq!(at(2, 4), Some(Data::Float(-100.0)));
        assert_eq!(at(2, 6), Some(Data::String("inconsistent".into())));
        assert_eq!(at(3, 7), Some(Data::String("the paper rounds down".into())));
    }

    #[test]
    fn the_inputs_sheet_says_the_assumptions() {
        let mut book = book();
        let cells = book.worksheet_range("Inputs").unwrap();
        let at = |r: u32, c: u32| cells.get_value((r, c)).cloned();
        assert_eq!(at(1, 0), Some(Data::String("Scenario".into())));
        assert_eq!(at(1, 1), Some(Data::String("t".into())));
        assert_eq!(
            at(5, 1),
            Some(Data::String("2024-04-01 to 2025-09-30 (taken)".into()))
        );
    }
}
