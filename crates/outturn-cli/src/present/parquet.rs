//! Parquet files of the long tables, for analysts who take results into DuckDB, Spark or
//! DataFusion (built with the `parquet` feature; docs/outputs.md lists the schemas).
//!
//! Columns are typed: dates are DATE, day counts INT32 and amounts DECIMAL(18,2). A
//! DECIMAL(18,2) is stored as the integer pennies (INT64), so each amount in the file is the
//! engine's to the penny and every reader gets it back exact; never a float.

use chrono::NaiveDate;
use outturn_engine::portfolio::Portfolio;
use polars::prelude::*;

use crate::present::run::RunReport;

/// DECIMAL(18,2): up to £9,999,999,999,999,999.99, which covers every amount a register or
/// scenario may state (at most £1,000,000,000,000,000). Precision 18 is the widest stored as
/// INT64, which every Parquet reader reads as a decimal.
const PRECISION: usize = 18;
const SCALE: usize = 2;

fn text(name: &str, values: Vec<String>) -> Column {
    Column::new(name.into(), values)
}

/// Dates as Parquet DATE: days since 1970-01-01.
fn dates(name: &str, values: &[NaiveDate]) -> Column {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("1970-01-01 is a date");
    let days = values
        .iter()
        // Dates the model handles are within 1900 to 2200: days from 1970 fit i32.
        .map(|d| (*d - epoch).num_days() as i32)
        .collect();
    Int32Chunked::from_vec(name.into(), days)
        .into_date()
        .into_column()
}

/// Amounts in pennies as DECIMAL(18,2), or why they do not fit.
fn amounts(name: &str, pennies: &[i64]) -> Result<Column, String> {
    let values = pennies.iter().map(|&p| i128::from(p)).collect();
    Int128Chunked::from_vec(name.into(), values)
        .into_decimal(PRECISION, SCALE)
        .map(IntoColumn::into_column)
        .map_err(|_| {
            format!("an amount is over £9,999,999,999,999,999.99, the most Parquet DECIMAL({PRECISION},{SCALE}) holds")
        })
}

/// The columns as one Parquet file (zstd-compressed, as polars writes by default).
fn file(columns: Vec<Column>) -> Result<Vec<u8>, String> {
    let mut frame = DataFrame::new_infer_height(columns)
        .map_err(|e| format!("could not lay out the Parquet table: {e}"))?;
    let mut out = Vec::new();
    ParquetWriter::new(&mut out)
        .finish(&mut frame)
        .map_err(|e| format!("could not write the Parquet file: {e}"))?;
    Ok(out)
}

/// `run --format parquet`: the long CSV's columns and rows, typed.
pub fn run(reports: &[RunReport]) -> Result<Vec<u8>, String> {
    let rows: Vec<(String, &outturn_model::projection::Row)> = reports
        .iter()
        .flat_map(|rep| {
            let label = rep.evaluated.loaded.label();
            rep.evaluated
                .projection
                .rows
                .iter()
                .map(move |r| (label.clone(), r))
        })
        .collect();
    let texts = |f: fn(&outturn_model::projection::Row) -> String| {
        rows.iter().map(|(_, r)| f(r)).collect::<Vec<String>>()
    };
    let starts: Vec<NaiveDate> = rows.iter().map(|(_, r)| r.period.start).collect();
    let ends: Vec<NaiveDate> = rows.iter().map(|(_, r)| r.period.end).collect();
    let days: Vec<i32> = rows
        .iter()
        // A row is within one financial year: at most 366 days.
        .map(|(_, r)| r.period.days() as i32)
        .collect();
    let pennies: Vec<i64> = rows.iter().map(|(_, r)| r.amount.pennies()).collect();
    file(vec![
        text("scenario", rows.iter().map(|(s, _)| s.clone()).collect()),
        text("line", texts(|r| r.line.clone())),
        text("kind", texts(|r| r.kind.to_string())),
        text("budget", texts(|r| r.budget.clone())),
        text("phase", texts(|r| r.phase.clone())),
        text("financial_year", texts(|r| r.year.to_string())),
        dates("start", &starts),
        dates("end", &ends),
        Int32Chunked::from_vec("days".into(), days).into_column(),
        amounts("amount", &pennies)?,
    ])
}

/// `portfolio --format parquet`: a row per group and financial year (and month, by month,
/// as the DATE of its first day), the group column named as the register names it.
pub fn portfolio(p: &Portfolio, group: &str) -> Result<Vec<u8>, String> {
    let by_month = p.totals.keys().any(|(_, _, m)| m.is_some());
    let mut columns = vec![
        text(group, p.totals.keys().map(|(g, _, _)| g.clone()).collect()),
        text(
            "financial_year",
            p.totals.keys().map(|(_, fy, _)| fy.to_string()).collect(),
        ),
    ];
    if by_month {
        // By month, every total has its month.
        let months: Vec<NaiveDate> = p.totals.keys().filter_map(|(_, _, m)| *m).collect();
        columns.push(dates("month", &months));
    }
    let pennies: Vec<i64> = p.totals.values().copied().collect();
    columns.push(amounts("amount", &pennies)?);
    file(columns)
}

/// `simulate --draws-parquet`: a row per draw and figure, draws numbered from 1.
pub fn draws<'a>(rows: impl Iterator<Item = (u64, &'a str, i64)>) -> Result<Vec<u8>, String> {
    let (mut numbers, mut figures, mut pennies) = (Vec::new(), Vec::new(), Vec::new());
    for (draw, figure, amount) in rows {
        // Draw counts are far below i64::MAX.
        numbers.push(draw as i64);
        figures.push(figure.to_string());
        pennies.push(amount);
    }
    file(vec![
        Int64Chunked::from_vec("draw".into(), numbers).into_column(),
        text("figure", figures),
        amounts("amount", &pennies)?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing;

    fn read(bytes: Vec<u8>) -> DataFrame {
        ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .unwrap()
    }

    #[test]
    fn run_rows_are_typed() {
        // The hand-worked scenario (present::testing): care's 2025-26 row is 2025-04-01 to
        // 2025-09-30, 183 days, £501,369.86.
        let e = testing::evaluated();
        let frame = read(run(&[testing::report(&e)]).unwrap());
        assert_eq!(frame.height(), 4);
        let names: Vec<&str> = frame
            .get_column_names()
            .into_iter()
            .map(|n| n.as_str())
            .collect();
        assert_eq!(names, crate::present::run::RUN_CSV_HEADER);
        let schema = frame.schema();
        assert_eq!(schema.get("start"), Some(&DataType::Date));
        assert_eq!(schema.get("days"), Some(&DataType::Int32));
        assert_eq!(schema.get("amount"), Some(&DataType::Decimal(18, 2)));
        let cell = |name: &str| frame.column(name).unwrap().get(1).unwrap().into_static();
        assert_eq!(cell("line"), AnyValue::StringOwned("care".into()));
        assert_eq!(
            cell("financial_year"),
            AnyValue::StringOwned("2025-26".into())
        );
        // 2025-04-01 is 20,179 days after 1970-01-01; 2025-09-30 182 days later.
        assert_eq!(cell("start"), AnyValue::Date(20_179));
        assert_eq!(cell("end"), AnyValue::Date(20_361));
        assert_eq!(cell("days"), AnyValue::Int32(183));
        assert_eq!(cell("amount"), AnyValue::Decimal(50_136_986, 18, 2));
    }

    #[test]
    fn amounts_too_large_for_decimal_18_2_are_refused() {
        assert!(amounts("amount", &[999_999_999_999_999_999]).is_ok());
        let err = amounts("amount", &[1_000_000_000_000_000_000]).unwrap_err();
        assert!(err.contains("DECIMAL(18,2)"), "{err}");
    }
}
