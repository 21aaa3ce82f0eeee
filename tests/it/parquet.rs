//! Parquet (the `parquet` feature): `run` and `portfolio` write their long tables as typed
//! Parquet, read back here with polars; and a register stored as Parquet gives what the
//! same register as CSV gives, to the penny and to the message.

use std::fs::File;
use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::common::*;

fn read(path: &Path) -> DataFrame {
    ParquetReader::new(File::open(path).unwrap())
        .finish()
        .unwrap()
}

fn write(path: &Path, columns: Vec<Column>) {
    let mut frame = DataFrame::new_infer_height(columns).unwrap();
    ParquetWriter::new(File::create(path).unwrap())
        .finish(&mut frame)
        .unwrap();
}

fn names(frame: &DataFrame) -> Vec<&str> {
    frame
        .get_column_names()
        .into_iter()
        .map(|n| n.as_str())
        .collect()
}

fn texts(frame: &DataFrame, name: &str) -> Vec<String> {
    let column = frame.column(name).unwrap().str().unwrap();
    (0..column.len())
        .map(|i| column.get(i).unwrap().to_string())
        .collect()
}

/// A DECIMAL(18,2) column as pennies.
fn pennies(frame: &DataFrame, name: &str) -> Vec<i64> {
    let column = frame.column(name).unwrap();
    assert_eq!(column.dtype(), &DataType::Decimal(18, 2));
    let values = column.decimal().unwrap().physical();
    values
        .into_no_null_iter()
        .map(|v| i64::try_from(v).unwrap())
        .collect()
}

fn dates(frame: &DataFrame, name: &str) -> Vec<NaiveDate> {
    let column = frame.column(name).unwrap();
    assert_eq!(column.dtype(), &DataType::Date);
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let values = column.date().unwrap().physical();
    values
        .into_no_null_iter()
        .map(|d| epoch + chrono::Days::new(d as u64))
        .collect()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Pennies as the CSV writes amounts: `589294.20`.
fn plain(p: i64) -> String {
    let sign = if p < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", p.abs() / 100, p.abs() % 100)
}

#[test]
fn run_writes_the_direct_payment_support_years_typed() {
    let dir = temp_dir();
    let file = dir.path().join("dpss.parquet");
    let o = outturn(&[
        "run",
        DPSS,
        "--format",
        "parquet",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let frame = read(&file);
    assert_eq!(
        names(&frame),
        [
            "scenario",
            "line",
            "kind",
            "budget",
            "phase",
            "financial_year",
            "start",
            "end",
            "days",
            "amount"
        ]
    );
    // Five contract years from 1 April 2025, each a financial year, £589,294.20 a year:
    // £2,946,471.00 in all; three initial years, then the first extension's two. 2027-28
    // has 29 February 2028.
    assert_eq!(pennies(&frame, "amount"), [58_929_420; 5]);
    assert_eq!(pennies(&frame, "amount").iter().sum::<i64>(), 294_647_100);
    assert_eq!(
        texts(&frame, "financial_year"),
        ["2025-26", "2026-27", "2027-28", "2028-29", "2029-30"]
    );
    assert_eq!(
        texts(&frame, "phase"),
        [
            "initial",
            "initial",
            "initial",
            "extension-1",
            "extension-1"
        ]
    );
    let starts: Vec<NaiveDate> = (2025..2030)
        .map(|y| NaiveDate::from_ymd_opt(y, 4, 1).unwrap())
        .collect();
    let ends: Vec<NaiveDate> = (2026..2031)
        .map(|y| NaiveDate::from_ymd_opt(y, 3, 31).unwrap())
        .collect();
    assert_eq!(dates(&frame, "start"), starts);
    assert_eq!(dates(&frame, "end"), ends);
    let days = frame.column("days").unwrap();
    assert_eq!(days.dtype(), &DataType::Int32);
    let days: Vec<i32> = days.i32().unwrap().into_no_null_iter().collect();
    assert_eq!(days, [365, 365, 366, 365, 365]);
    assert!(texts(&frame, "scenario")
        .iter()
        .all(|s| s == "24-00051-direct-payment-support"));
}

#[test]
fn run_parquet_holds_every_committed_csv_row() {
    // A file per scenario, as with CSV; each holds the rows of outputs/NAME.csv, its dates,
    // days and amounts written back as the CSV writes them.
    let dir = temp_dir();
    let o = outturn(&[
        "run",
        "scenarios",
        "--format",
        "parquet",
        "--output-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut files = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        let csv_name = name.strip_suffix(".parquet").unwrap().to_string() + ".csv";
        let expected = std::fs::read_to_string(root().join("outputs").join(&csv_name)).unwrap();
        let frame = read(&path);
        let column = |n: &str| texts(&frame, n);
        let (starts, ends) = (dates(&frame, "start"), dates(&frame, "end"));
        let days: Vec<i32> = frame
            .column("days")
            .unwrap()
            .i32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        let amounts = pennies(&frame, "amount");
        let text = [
            "scenario",
            "line",
            "kind",
            "budget",
            "phase",
            "financial_year",
        ]
        .map(column);
        let mut rows = vec![
            "scenario,line,kind,budget,phase,financial_year,start,end,days,amount".to_string(),
        ];
        for i in 0..frame.height() {
            let mut cells: Vec<String> = text.iter().map(|c| c[i].clone()).collect();
            cells.extend([
                starts[i].to_string(),
                ends[i].to_string(),
                days[i].to_string(),
                plain(amounts[i]),
            ]);
            // The committed CSVs' text has no commas or quotes to escape.
            rows.push(cells.join(","));
        }
        assert_eq!(rows.join("\n") + "\n", expected, "{name}");
        files += 1;
    }
    let scenarios = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "toml")
        })
        .count();
    assert_eq!(files, scenarios);
}

#[test]
fn parquet_must_be_written_to_a_file() {
    let o = outturn(&["run", DPSS, "--format", "parquet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o),
        "error: --format parquet: a Parquet file is written to a file: add --output FILE.parquet or --output-dir DIR\n\
         1 error; nothing was written\n"
    );
    let o = outturn(&[
        "portfolio",
        "tests/portfolio/register.csv",
        "--format",
        "parquet",
    ]);
    refused(&o, "add --output FILE.parquet");
}

/// tests/portfolio/register.csv as a typed Parquet register: ids and terms as integers,
/// starts as dates, annual values as DECIMAL(12,2) and uplifts as floats (as pandas stores
/// numbers).
fn typed_register(path: &Path) {
    let mut reader = csv::Reader::from_path(root().join("tests/portfolio/register.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let field = |i: usize| rows.iter().map(|r| r[i].to_string()).collect::<Vec<_>>();
    let int = |i: usize| {
        field(i)
            .iter()
            .map(|v| v.parse::<i64>().unwrap())
            .collect::<Vec<_>>()
    };
    let epoch = date("1970-01-01");
    let starts: Vec<i32> = field(2)
        .iter()
        .map(|d| (date(d) - epoch).num_days() as i32)
        .collect();
    let annual: Vec<i128> = field(5)
        .iter()
        .map(|v| v.replace('.', "").parse().unwrap())
        .collect();
    let uplift: Vec<f64> = field(6).iter().map(|v| v.parse().unwrap()).collect();
    write(
        path,
        vec![
            Column::new("id".into(), int(0)),
            Column::new("directorate".into(), field(1)),
            Int32Chunked::from_vec("start".into(), starts)
                .into_date()
                .into_column(),
            Column::new(
                "term_years".into(),
                int(3).iter().map(|&v| v as i32).collect::<Vec<i32>>(),
            ),
            Column::new("extension_months".into(), int(4)),
            Int128Chunked::from_vec("annual_value".into(), annual)
                .into_decimal(12, 2)
                .unwrap()
                .into_column(),
            Column::new("uplift_pct".into(), uplift),
        ],
    );
}

#[test]
fn a_parquet_register_gives_the_reference_totals() {
    let dir = temp_dir();
    let register = dir.path().join("register.parquet");
    typed_register(&register);
    let register = register.to_str().unwrap();
    // expected.csv is ../shared/bench/ref_decimal.py's totals of the CSV register.
    let o = outturn(&["portfolio", register, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let expected = std::fs::read_to_string(root().join("tests/portfolio/expected.csv")).unwrap();
    assert!(stdout(&o) == expected, "{}", stdout(&o));
    // By month too, the same as the CSV register.
    let by_month = |r: &str| outturn(&["portfolio", r, "--format", "csv", "--by", "month"]).stdout;
    assert_eq!(by_month(register), by_month("tests/portfolio/register.csv"));

    // Written as Parquet: the reference totals, as DECIMAL(18,2).
    let out = dir.path().join("totals.parquet");
    let o = outturn(&[
        "portfolio",
        register,
        "--format",
        "parquet",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let frame = read(&out);
    assert_eq!(names(&frame), ["directorate", "financial_year", "amount"]);
    let mut lines = vec!["directorate,financial_year,amount".to_string()];
    let (groups, years, amounts) = (
        texts(&frame, "directorate"),
        texts(&frame, "financial_year"),
        pennies(&frame, "amount"),
    );
    for i in 0..frame.height() {
        lines.push(format!("{},{},{}", groups[i], years[i], plain(amounts[i])));
    }
    assert!(lines.join("\n") + "\n" == expected);
}

/// `simulate --register` reads a Parquet register as the CSV one it holds: the same draws,
/// to the byte, as tests/portfolio/register.csv gives.
#[test]
fn a_simulation_reads_a_parquet_register_as_the_csv_one() {
    let dir = temp_dir();
    let register = dir.path().join("register.parquet");
    typed_register(&register);
    let simulate = |r: &str| {
        let o = outturn(&[
            "simulate",
            "--register",
            r,
            "--uncertainty",
            "tests/simulate/register-uncertainty.toml",
            "--draws",
            "50",
            "--format",
            "csv",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o).replace(r, "REGISTER")
    };
    assert_eq!(
        simulate(register.to_str().unwrap()),
        simulate("tests/portfolio/register.csv")
    );
}

/// `monitor` reads a contract register stored as Parquet as the CSV one (tests/it/monitor.rs,
/// `a_register_forecasts_its_cost_centres_by_month`): £12,000.00 a year from 1 April 2022,
/// £9,008.22 of it in July to March.
#[test]
fn monitor_reads_a_parquet_register_as_the_csv_one() {
    use crate::monitor::{config, folder, row, wide, BUDGET};
    let ledger = "cost_centre,period,amount\nA,P1,1000.00\nA,P2,1000.00\nA,P3,1000.00\n";
    let extra = "\n[[contracts]]\nregister = \"register.parquet\"\n";
    let dir = folder(&[
        ("budget.csv", BUDGET),
        ("ledger.csv", ledger),
        ("m.toml", &config(3, "generic", extra)),
    ]);
    let epoch = date("1970-01-01");
    write(
        &dir.path().join("register.parquet"),
        vec![
            Column::new("id".into(), vec![1i64]),
            Column::new("cost_centre".into(), vec!["A"]),
            Int32Chunked::from_vec(
                "start".into(),
                vec![(date("2022-04-01") - epoch).num_days() as i32],
            )
            .into_date()
            .into_column(),
            Column::new("term_years".into(), vec![1i64]),
            Column::new("extension_months".into(), vec![0i64]),
            Column::new("annual_value".into(), vec!["12000.00"]),
            Column::new("uplift_pct".into(), vec![0.0f64]),
        ],
    );
    let rows = wide(&[dir.path().join("m.toml").to_str().unwrap()]);
    let a = row(&rows, "A");
    assert_eq!(a["forecast"], "9008.22");
    assert_eq!(a["outturn"], "12008.22");
}

#[test]
fn portfolio_by_month_writes_each_month_as_the_date_it_starts() {
    // One contract: £365 a year from 1 April 2024 for one year, no uplift: £1 a day, so
    // April is £30.00 and May £31.00.
    let dir = temp_dir();
    let register = dir.path().join("one.csv");
    std::fs::write(
        &register,
        "id,directorate,start,term_years,extension_months,annual_value,uplift_pct\n1,Education,2024-04-01,1,0,365.00,0\n",
    )
    .unwrap();
    let out = dir.path().join("months.parquet");
    let o = outturn(&[
        "portfolio",
        register.to_str().unwrap(),
        "--by",
        "month",
        "--format",
        "parquet",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let frame = read(&out);
    assert_eq!(
        names(&frame),
        ["directorate", "financial_year", "month", "amount"]
    );
    assert_eq!(frame.height(), 12);
    assert_eq!(
        dates(&frame, "month")[..2],
        [date("2024-04-01"), date("2024-05-01")]
    );
    assert_eq!(pennies(&frame, "amount")[..2], [3_000, 3_100]);
    assert_eq!(pennies(&frame, "amount").iter().sum::<i64>(), 36_500);
}

#[test]
fn a_parquet_council_register_maps_like_the_csv_one() {
    // tests/portfolio/council-register.csv as Parquet, dates as dates and an empty
    // extension date as a null.
    let dir = temp_dir();
    let register = dir.path().join("council.parquet");
    let epoch = date("1970-01-01");
    let days = |ds: &[Option<&str>]| -> Vec<Option<i32>> {
        ds.iter()
            .map(|d| d.map(|d| (date(d) - epoch).num_days() as i32))
            .collect()
    };
    let date_column = |name: &str, ds: &[Option<&str>]| {
        Int32Chunked::from_iter_options(name.into(), days(ds).into_iter())
            .into_date()
            .into_column()
    };
    write(
        &register,
        vec![
            Column::new("reference".into(), ["C1", "C2"]),
            Column::new("supplier".into(), ["Acme, Ltd", "Beta"]),
            date_column("start_date", &[Some("2024-06-15"), Some("2024-04-01")]),
            date_column("end_date", &[Some("2025-06-14"), Some("2025-03-31")]),
            date_column("extended_to", &[None, Some("2026-03-31")]),
            Column::new("contract_value".into(), [730.0, 730.0]),
        ],
    );
    let o = outturn(&[
        "portfolio",
        register.to_str().unwrap(),
        "--col-id",
        "reference",
        "--group",
        "supplier",
        "--col-start",
        "start_date",
        "--col-end",
        "end_date",
        "--col-extended-to",
        "extended_to",
        "--col-total",
        "contract_value",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // As worked in portfolio::portfolio_maps_a_council_register_with_end_dates_and_total_values:
    // C1 £580 and £150 (290 and 75 of 365 days), C2 £365 and £365.
    assert_eq!(
        stdout(&o),
        "supplier,financial_year,amount\n\"Acme, Ltd\",2024-25,580.00\n\"Acme, Ltd\",2025-26,150.00\nBeta,2024-25,365.00\nBeta,2025-26,365.00\n"
    );
    // Columns are found by name, as in a CSV: the message lists the file's columns.
    let o = outturn(&["portfolio", register.to_str().unwrap()]);
    refused(&o, "has no column `id` (its columns: reference, supplier, start_date, end_date, extended_to, contract_value)");
}

#[test]
fn a_parquet_register_names_bad_rows_by_their_line_as_csv_does() {
    // Rows 1 to 5 are lines 2 to 6, as in the CSV; the line break in row 1's directorate
    // does not move them.
    let dir = temp_dir();
    let register = dir.path().join("bad.parquet");
    let text = |name: &str, values: [Option<&str>; 5]| Column::new(name.into(), values);
    write(
        &register,
        vec![
            text(
                "id",
                [Some("1"), Some("2"), Some("3"), Some("4"), Some("5")],
            ),
            text(
                "directorate",
                [
                    Some("High\nways"),
                    Some("Roads"),
                    Some("Education"),
                    Some("Education"),
                    Some("Education"),
                ],
            ),
            text(
                "start",
                [
                    Some("2022-11-07"),
                    Some("2023-02-30"),
                    Some("2024-04-01"),
                    Some("2024-04-01"),
                    Some("2024-04-01"),
                ],
            ),
            text(
                "term_years",
                [Some("3"), Some("3"), Some("2"), Some("2"), Some("1")],
            ),
            text(
                "extension_months",
                [Some("24"), Some("0"), Some("0"), None, Some("0")],
            ),
            text(
                "annual_value",
                [
                    Some("1834421.07"),
                    Some("1000.00"),
                    Some("-5.00"),
                    Some("10.00"),
                    Some("365.00"),
                ],
            ),
            text(
                "uplift_pct",
                [Some("2.35"), Some("0"), Some("1"), Some("0"), Some("0")],
            ),
        ],
    );
    let register = register.to_str().unwrap();
    let o = outturn(&["portfolio", register, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {register}: line 3: id 2: start: expected a date as YEAR-MONTH-DAY between 1900 and 2200, found `2023-02-30`\n\
             error: {register}: line 4: id 3: annual_value: expected an amount of zero or more to the penny, such as 1834421.07, found `-5.00`\n\
             error: {register}: line 5: id 4: extension_months: expected a whole number of months from 0 to 1200, found ``\n\
             3 errors; nothing was written\n"
        )
    );
    let o = outturn(&["portfolio", register, "--format", "csv", "--skip-bad-rows"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).ends_with("3 of 5 rows skipped, stating £1,010.00 of value (and 1 whose value could not be read)\n"),
        "{}",
        stderr(&o)
    );
    // Row 1 as in portfolio::portfolio_bad_rows_stop_the_run_or_are_skipped_and_counted
    // (through ref_decimal.py); row 5: £365 in 2024-25.
    let out = stdout(&o);
    assert!(out.contains("Education,2024-25,365.00\n"), "{out}");
    assert!(out.contains("\"High\nways\",2022-23,728742.62\n"), "{out}");
}

/// A one-contract register, £365 a year from 1 April 2024 (2024-04-01 is 19,814 days after
/// 1970-01-01) for a year, its start as `start`, as pandas writes numbers and dates.
fn register_starting(path: &Path, start: Column) {
    write(
        path,
        vec![
            Column::new("id".into(), [1i64]),
            Column::new("directorate".into(), ["Education"]),
            start,
            Column::new("term_years".into(), [1i64]),
            Column::new("extension_months".into(), [0i64]),
            Column::new("annual_value".into(), [365.0]),
            Column::new("uplift_pct".into(), [0.0]),
        ],
    );
}

#[test]
fn timestamps_at_midnight_are_dates_and_zoned_ones_are_refused() {
    let dir = temp_dir();
    let register = dir.path().join("stamped.parquet");
    let midnight = 19_814 * 86_400_000_000_000;
    let stamp = |zone| {
        Int64Chunked::from_vec("start".into(), vec![midnight])
            .into_datetime(TimeUnit::Nanoseconds, zone)
            .into_column()
    };
    register_starting(&register, stamp(None));
    let o = outturn(&["portfolio", register.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "directorate,financial_year,amount\nEducation,2024-25,365.00\n"
    );
    // With a time zone the date would depend on it: the register must say what it means.
    register_starting(&register, stamp(Some(TimeZone::UTC)));
    let o = outturn(&["portfolio", register.to_str().unwrap(), "--format", "csv"]);
    refused(
        &o,
        "column `start` holds datetime[ns, UTC], which a register cannot",
    );
}

#[test]
fn simulate_writes_every_draw_s_figures() {
    // The discrete break of simulate::a_discrete_break_date_and_the_chance_of_exceeding:
    // broken on 31 March 2026 (a 25% chance) the whole life costs £257,709,139.73, unbroken
    // £453,168,159.12, worked there by hand.
    let dir = temp_dir();
    let s = dir.path().join("s.toml");
    let base = root().join("scenarios/24-00005-supported-living-uncertain.toml");
    std::fs::write(
        &s,
        format!(
            "extends = {:?}\n[[contracts]]\nname = \"supported-living-extension\"\nbreak = {{ on = 2027-06-14, notice_months = 6 }}\n[[uncertainty]]\nfield = \"contracts.supported-living-extension.break.on\"\ndiscrete = [{{ value = 2026-03-31, p = \"25%\" }}, {{ value = 2027-06-14, p = \"75%\" }}]\n",
            base.to_str().unwrap()
        ),
    )
    .unwrap();
    let file = dir.path().join("draws.parquet");
    let o = outturn(&[
        "simulate",
        s.to_str().unwrap(),
        "--draws",
        "400",
        "--draws-parquet",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let frame = read(&file);
    assert_eq!(names(&frame), ["draw", "figure", "amount"]);
    let draws = frame.column("draw").unwrap();
    assert_eq!(draws.dtype(), &DataType::Int64);
    let draws: Vec<i64> = draws.i64().unwrap().into_no_null_iter().collect();
    let (figures, amounts) = (texts(&frame, "figure"), pennies(&frame, "amount"));
    let mut whole = std::collections::BTreeMap::new();
    let mut years = std::collections::BTreeMap::new();
    for ((draw, figure), amount) in draws.iter().zip(&figures).zip(&amounts) {
        if figure == "total.all" {
            assert!(whole.insert(*draw, *amount).is_none());
        } else if figure.starts_with("total.year.") {
            *years.entry(*draw).or_insert(0) += amount;
        }
    }
    // Every draw, numbered from 1, its years adding up to its whole-life total.
    assert_eq!(
        whole.keys().copied().collect::<Vec<_>>(),
        (1..=400).collect::<Vec<_>>()
    );
    assert_eq!(whole, years);
    let broken = whole.values().filter(|&&t| t == 25_770_913_973).count();
    let unbroken = whole.values().filter(|&&t| t == 45_316_815_912).count();
    assert_eq!(broken + unbroken, 400);
    // 25% of 400 is 100, with a standard deviation of √(400 × 0.25 × 0.75) ≈ 8.7.
    assert!((60..=140).contains(&broken), "{broken} of 400 broken");
}
