//! Costing conventions (`docs/conventions.md`): each stated in a scenario under
//! `scenarios/conventions/`, each reproducing a figure a public paper printed. Every figure
//! asserted here is worked independently in Python's `decimal` in
//! `tests/conventions/worked.py` (run `python3 tests/conventions/worked.py`; it asserts the
//! same numbers) and, for the printed ones of the first search, in `docs/research/0N-*.py`
//! (those of the later searches, sections 12 to 15 of `worked.py`, only there).

use std::collections::BTreeMap;

use crate::common::*;

/// The rows of the `analyse --format csv` section whose header starts with `first_columns`,
/// as records keyed by column name.
fn analyse_section(path: &str, first_columns: &str) -> Vec<BTreeMap<String, String>> {
    let o = outturn(&["analyse", path, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let block = text
        .split("\n\n")
        .map(str::trim)
        .find(|b| b.starts_with(first_columns))
        .unwrap_or_else(|| panic!("no section starting {first_columns} in\n{text}"));
    let mut reader = csv::Reader::from_reader(block.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The option appraisal section of `analyse --format csv` over `paths`.
fn option_appraisal(paths: &[&str]) -> String {
    let mut args = vec!["analyse"];
    args.extend(paths);
    args.extend(["--format", "csv"]);
    let o = outturn(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    text.split("\n\n")
        .map(str::trim)
        .find(|b| b.starts_with("option,"))
        .unwrap_or_else(|| panic!("no option appraisal in\n{text}"))
        .to_string()
}

fn explain(path: &str, figure: &str) -> String {
    let o = outturn(&["explain", path, figure]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

const WOLVERHAMPTON: &str = "scenarios/conventions/wolverhampton-care-fees-2025-26.toml";

/// City of Wolverhampton Council's 2025-26 fee review prints each hourly rate uplifted and
/// rounded up to a multiple of 4p; the rates paid reproduce every printed one.
#[test]
fn rate_rounding_reproduces_wolverhamptons_printed_rates() {
    let rows = analyse_section(WOLVERHAMPTON, "scenario,line,from");
    let paid = |line: &str| -> Vec<(String, String)> {
        rows.iter()
            .filter(|r| r["line"] == line)
            .map(|r| (r["uplifted"].clone(), r["rate paid"].clone()))
            .collect()
    };
    // (line, exactly uplifted, printed rate): 20.28 × 1.066 = 21.61848 → 21.64, and so on.
    for (line, stated, exact, printed) in [
        ("homecare", "20.28", "21.61848", "21.64"),
        ("reablement", "21.68", "23.11088", "23.12"),
        ("home-based-respite", "19.36", "20.63776", "20.64"),
        ("employed-personal-assistant", "14.08", "15.475328", "15.48"),
        (
            "self-employed-personal-assistant",
            "17.24",
            "18.848492",
            "18.88",
        ),
    ] {
        assert_eq!(
            paid(line),
            [
                (String::new(), stated.to_string()),
                (exact.to_string(), printed.to_string())
            ],
            "{line}"
        );
    }
}

/// The annual cost is built from the rate paid, not the rate uplifted: 52,000 hours at
/// £21.64 = £1,125,280.00 (at the unrounded £21.61848 it would be £1,124,160.96).
#[test]
fn rate_rounding_builds_the_annual_cost_from_the_rate_paid() {
    let rows = run_csv_at(WOLVERHAMPTON);
    let year = |line: &str, fy: &str| sum(&rows, &[("line", line), ("financial_year", fy)]);
    assert_eq!(year("homecare", "2024-25"), 105_456_000);
    assert_eq!(year("homecare", "2025-26"), 112_528_000);
    assert_eq!(
        year("self-employed-personal-assistant", "2025-26"),
        98_176_000
    );
    let text = explain(WOLVERHAMPTON, "line.homecare.year.2025-26");
    assert!(
        text.contains("£20.28 × 1.066 = £21.61848 = 540.462 steps of £0.04 → £21.64"),
        "{text}"
    );
    assert!(text.contains("× £21.64 = £1,125,280 a year"), "{text}");
}

/// The verdicts `outturn check --format csv` gives `path`, by check name: (computed, verdict).
fn checks(path: &str) -> BTreeMap<String, (String, String)> {
    let o = outturn(&["check", path, "--format", "csv"]);
    assert!(o.status.code() == Some(0), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_string(), (r[3].to_string(), r[6].to_string()))
        })
        .collect()
}

/// Staffordshire County Council's fostering allowances: each component is its percentage of
/// the weekly allowance rounded on its own, as Outturn's share lines are, so every printed
/// component is reproduced and the 0-1 band's add to £166.41, a penny short of £166.42; the
/// 5-10 band's printed £67.52 is no rounding of 35% of £187.56 (£65.65).
#[test]
fn each_block_rounded_reproduces_staffordshires_components() {
    let got = checks("scenarios/conventions/staffordshire-fostering-allowance.toml");
    let check = |name: &str| got[name].clone();
    for (name, computed) in [
        ("0-1: food, 34%", "56.58"),
        ("0-1: clothing, 22%", "36.61"),
        ("0-1: household, 8%", "13.31"),
        ("0-1: personal, 36%", "59.91"),
        ("5-10: food, 32%", "60.02"),
        ("5-10: clothing, 26%", "48.77"),
        ("5-10: household, 7%", "13.13"),
    ] {
        assert_eq!(
            check(name),
            (computed.into(), "consistent".into()),
            "{name}"
        );
    }
    assert_eq!(
        check("0-1: the components add to the allowance"),
        ("166.41".into(), "acknowledged".into())
    );
    assert_eq!(
        check("5-10: personal, 35%"),
        ("65.65".into(), "acknowledged".into())
    );
}

/// Eighteen months at £120,000 a year: by months 1.5 × £120,000 = £180,000.00, every month
/// £10,000.00; by days £179,835.62 (a worked example: no paper prints both).
#[test]
fn pro_rata_by_months_makes_each_month_a_twelfth() {
    let path = "tests/conventions/prorate-months.toml";
    let rows = run_csv_at(path);
    let year = |line: &str, fy: &str| sum(&rows, &[("line", line), ("financial_year", fy)]);
    assert_eq!(year("by-months", "2024-25"), 6_000_000);
    assert_eq!(year("by-months", "2025-26"), 12_000_000);
    assert_eq!(year("by-days", "2024-25"), 5_983_562);
    assert_eq!(year("by-days", "2025-26"), 12_000_000);
    assert_eq!(sum(&rows, &[("line", "by-days")]), 17_983_562);
    let o = outturn(&["run", path, "--by", "month", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let months: Vec<String> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[1] == "by-months")
        .map(|r| r[9].to_string())
        .collect();
    assert_eq!(months, vec!["10000.00".to_string(); 18]);
    let text = explain(path, "line.by-months.year.2025-26");
    assert!(
        text.contains("split by months: 6 of 12 months of £120,000.00"),
        "{text}"
    );
}

/// Barnsley's Penistone Area Council extended its older people's services, £70,000 a year,
/// six months at a time "at a cost of £35,000" (January to June 2021, then July to December
/// 2021): by months each half year is 6/12 of £70,000, as printed; by days the halves are 181
/// and 184 of 2021's 365 days, £34,712.33 and £35,287.67, £287.67 either side of it
/// (`tests/conventions/worked.py`, 12).
#[test]
fn pro_rata_by_months_reproduces_penistones_six_month_extensions() {
    let path = "scenarios/conventions/penistone-older-people-extensions.toml";
    let got = checks(path);
    for name in [
        "a further year, £70,000 (2020)",
        "six months at a cost of £35,000 (January to June 2021)",
        "a further £35,000 for the 6 month extension (July to December 2021)",
        "a 3 month extension proposed at a cost of £17,500",
    ] {
        assert_eq!(got[name].1, "consistent", "{name}: {got:?}");
    }
    let rows = run_csv_at(path);
    let phase = |p: &str| sum(&rows, &[("phase", p)]);
    assert_eq!(
        ["initial", "extension-1", "extension-2", "extension-3"].map(phase),
        [7_000_000, 3_500_000, 3_500_000, 2_916_667]
    );
    let year = |fy: &str| sum(&rows, &[("financial_year", fy)]);
    assert_eq!(
        ["2020-21", "2021-22", "2022-23"].map(year),
        [7_000_000, 7_000_000, 1_166_667]
    );
    let o = outturn(&["check", path, "--set", "prorate=days", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let by_days: BTreeMap<String, (String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[1].to_string(), (r[3].to_string(), r[6].to_string())))
        .collect();
    assert_eq!(
        by_days["six months at a cost of £35,000 (January to June 2021)"],
        ("34712.33".into(), "inconsistent".into())
    );
    assert_eq!(
        by_days["a further £35,000 for the 6 month extension (July to December 2021)"],
        ("35287.67".into(), "inconsistent".into())
    );
    assert_eq!(
        by_days["a further year, £70,000 (2020)"],
        ("70000.00".into(), "consistent".into())
    );
    let text = explain(path, "phase.extension-1");
    assert!(
        text.contains("whose full year is 12 months (pro rata by months)")
            && text.contains("split by months: 3 of 12 months of £70,000.00"),
        "{text}"
    );
}

/// £100.50 a year for two years, rounded to the pound: each year rounded, £101 + £101 =
/// £202; the sum rounded once, £101 then £201 − £101 = £100, £201 in all.
#[test]
fn rounding_each_year_or_the_sum_once() {
    let path = "tests/conventions/rounding-order.toml";
    let rows = run_csv_at(path);
    let year = |line: &str, fy: &str| sum(&rows, &[("line", line), ("financial_year", fy)]);
    assert_eq!(
        [year("each", "2024-25"), year("each", "2025-26")],
        [10_100, 10_100]
    );
    assert_eq!(
        [year("once", "2024-25"), year("once", "2025-26")],
        [10_100, 10_000]
    );
    let text = explain(path, "line.once.year.2025-26");
    assert!(
        text.contains("the line's running total to here rounded to the pound: £201.00, less £101.00 before: £100.00"),
        "{text}"
    );
}

/// £662,740 a year at 3%: compound 703,100.87 in the third year (× 1.0609), simple
/// 702,504.40 (× 1.06); five years £3,518,576.67 against £3,512,522.00.
#[test]
fn simple_uplift_adds_each_rate_to_the_base() {
    let path = "tests/conventions/simple-uplift.toml";
    let rows = run_csv_at(path);
    let years = |line: &str| -> Vec<i64> {
        ["2024-25", "2025-26", "2026-27", "2027-28", "2028-29"]
            .iter()
            .map(|fy| sum(&rows, &[("line", line), ("financial_year", fy)]))
            .collect()
    };
    assert_eq!(
        years("compound"),
        [66_274_000, 68_262_220, 70_310_087, 72_419_389, 74_591_971]
    );
    assert_eq!(
        years("simple"),
        [66_274_000, 68_262_220, 70_250_440, 72_238_660, 74_226_880]
    );
    assert_eq!(sum(&rows, &[("line", "compound")]), 351_857_667);
    assert_eq!(sum(&rows, &[("line", "simple")]), 351_252_200);
    let text = explain(path, "line.simple.year.2026-27");
    assert!(
        text.contains("× simple uplift (the rates added, each on the base price) 1.06"),
        "{text}"
    );
}

/// London Borough of Southwark's garages minor works, "£1,000,000 per annum for a period of 4
/// years giving a total estimated contract value of £4,000,000", and Barnsley's "£255,000 over
/// three years" at "£85,000" a year: totals over the term spread by months give the printed
/// annual values; spread by days, a year with 29 February does not.
#[test]
fn a_total_over_the_term_spread_by_months_gives_the_printed_annual_value() {
    let southwark = "scenarios/conventions/southwark-garages-total.toml";
    let barnsley = "scenarios/conventions/barnsley-environment-total.toml";
    for path in [southwark, barnsley] {
        let got = checks(path);
        assert!(
            got.values().all(|(_, v)| v == "consistent"),
            "{path}: {got:?}"
        );
    }
    let rows = run_csv_at(southwark);
    let works = |fy: &str| sum(&rows, &[("line", "works"), ("financial_year", fy)]);
    assert_eq!(
        ["2016-17", "2017-18", "2018-19", "2019-20", "2020-21"].map(works),
        [
            50_000_000,
            100_000_000,
            100_000_000,
            100_000_000,
            50_000_000
        ]
    );
    // By days: 4,000,000 × 365 / 1,461 = 999,315.537… in 2017-18; 255,000 × 366 / 1,096 =
    // 85,155.109… in 2019-20.
    let by_days = |path: &str, check: &str| {
        let o = outturn(&["check", path, "--set", "prorate=days", "--format", "csv"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
        reader
            .records()
            .map(|r| r.unwrap())
            .find(|r| &r[1] == check)
            .map(|r| r[3].to_string())
            .unwrap()
    };
    assert_eq!(
        by_days(southwark, "£1,000,000 per annum (2017-18, a full year)"),
        "999315.54"
    );
    assert_eq!(by_days(barnsley, "£85,000 per annum (2019-20)"), "85155.11");
    let text = explain(southwark, "line.works.year.2017-18");
    assert!(
        text.contains(
            "from the total stated over the term (2016-10-01 to 2020-09-30): £4,000,000.00"
        ),
        "{text}"
    );
    assert!(
        text.contains("split by months: 12 of 48 months of £4,000,000.00"),
        "{text}"
    );
}

/// Cardiff Council's 2024/25 uplift: "a 3% CPI uplift on 40% of contract cost, plus a 10.1%
/// RLW uplift on 60%" = 7.26%, the RLW's 10.1% worked from £10.90 and £12.00. Doncaster's
/// September 2023 CPI of 6.7% read for an April 2024 uplift (a lag of 7 months), and the NLW
/// from £10.42 to £11.44, 9.8% to one place where the paper prints 9.7%.
#[test]
fn index_uplifts_reproduce_cardiffs_blend_and_read_september_cpi_for_april() {
    let cardiff = "scenarios/conventions/cardiff-supported-living-uplift-2024-25.toml";
    let doncaster = "scenarios/conventions/doncaster-care-fees-2024-25.toml";
    let rates = |path: &str| -> Vec<(String, String, String, String)> {
        analyse_section(path, "scenario,line,uplift on")
            .into_iter()
            .map(|r| {
                (
                    r["line"].clone(),
                    r["index"].clone(),
                    r["month"].clone(),
                    r["rate"].clone(),
                )
            })
            .collect()
    };
    let row = |line: &str, index: &str, month: &str, rate: &str| {
        (line.into(), index.into(), month.into(), rate.into())
    };
    assert_eq!(
        rates(cardiff),
        [row("supported-living", "cardiff-blend", "2024-04", "7.26")]
    );
    assert_eq!(
        rates(doncaster),
        [
            row("non-staff-costs", "cpi", "2023-09", "6.7"),
            row("staff-costs", "national-living-wage", "2024-04", "9.8"),
        ]
    );
    // £1,000,000 × 1.0726, × 1.067 and × 1.098 (illustrative contracts).
    let year = |path: &str, line: &str| {
        sum(
            &run_csv_at(path),
            &[("line", line), ("financial_year", "2024-25")],
        )
    };
    assert_eq!(year(cardiff, "supported-living"), 107_260_000);
    assert_eq!(year(doncaster, "non-staff-costs"), 106_700_000);
    assert_eq!(year(doncaster, "staff-costs"), 109_800_000);
    let text = explain(cardiff, "line.supported-living.year.2024-25");
    assert!(
        text.contains(
            "60% × real-living-wage (2024-04) 10.1% [from 10.9 to 12 = 10.091743…%] = 7.26%"
        ),
        "{text}"
    );
}

/// NHS (Scotland) value-for-money guidance, Annex A, Table 2: 1,000 a year in years 0 to 9
/// and (500) in year 10 at the Green Book's 3.5%: factors 1.000, 0.9662 … 0.7337, 0.7089 as
/// printed; the net present value 8,253.2271… → £8,253.23, printed 8,253.
#[test]
fn green_book_discounting_reproduces_the_printed_net_present_value() {
    let rows = analyse_section(
        "scenarios/conventions/nhs-scotland-discounted-cash-flow.toml",
        "scenario,year,t",
    );
    let factors: Vec<&str> = rows.iter().map(|r| r["factor"].as_str()).collect();
    assert_eq!(
        factors,
        [
            "1.0000", "0.9662", "0.9335", "0.9019", "0.8714", "0.8420", "0.8135", "0.7860",
            "0.7594", "0.7337", "0.7089", "9.316605"
        ]
    );
    let last = rows.last().unwrap();
    assert_eq!(
        (last["year"].as_str(), last["discounted"].as_str()),
        ("present value", "8253.23")
    );
    // The printed year-10 row is (355); exactly it is 354.4595…, shown 354.46.
    assert_eq!(rows[10]["discounted"], "-354.46");
}

/// HM Treasury's optimism bias guidance: £100m at 4% is £104m, with £7m of risk management
/// the bias does not apply to, £111m; a building 30% non-standard (51%) and 70% standard
/// (24%) has a combined bias of 32.1%.
#[test]
fn optimism_bias_reproduces_hm_treasurys_worked_examples() {
    let pv = |path: &str| {
        let rows = analyse_section(path, "scenario,year,t");
        rows.last().unwrap()["discounted"].clone()
    };
    assert_eq!(
        pv("scenarios/conventions/hmt-optimism-bias.toml"),
        "111000000.00"
    );
    assert_eq!(
        pv("scenarios/conventions/hmt-optimism-bias-combined.toml"),
        "13210000.00"
    );
    let o = outturn(&[
        "analyse",
        "scenarios/conventions/hmt-optimism-bias-combined.toml",
    ]);
    assert!(
        stdout(&o).contains("optimism bias 32.1% on every line"),
        "{}",
        stdout(&o)
    );
}

/// Extend against re-procure (a worked example): each option's spend discounted at 3.5% from
/// 2025-26; re-procuring costs £4,606,731.27 in present value, extending £345,192.37 more.
#[test]
fn analyse_sets_appraised_options_side_by_side() {
    let block = option_appraisal(&[
        "tests/conventions/extend.toml",
        "tests/conventions/re-procure.toml",
    ]);
    assert_eq!(
        block,
        "option,base year,cash,present value,equivalent annual cost,more than the least\n\
         extend,2025-26,5309135.81,4951923.64,1059670.38,345192.37\n\
         re-procure,2025-26,4928222.23,4606731.27,985802.09,0.00"
    );
}

/// The rows `run --view NAME --format csv` writes for `path`, as records keyed by column.
fn view(path: &str, name: &str) -> Vec<BTreeMap<String, String>> {
    let o = outturn(&["run", path, "--view", name, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// £250,000 net at 20%: VAT £50,000, gross £300,000; the budget bears the net when the VAT
/// is recoverable, the gross when not; £300,000 gross is £250,000 net. A contract year from
/// 1 October splits its £300,000 gross and £50,000 VAT 182 : 183 days (a worked example).
#[test]
fn vat_stated_net_or_gross_and_recoverable_or_not() {
    let path = "tests/conventions/vat.toml";
    let rows = run_csv_at(path);
    let cost = |line: &str| sum(&rows, &[("line", line), ("financial_year", "2024-25")]);
    assert_eq!(
        [
            cost("net-recoverable"),
            cost("net-irrecoverable"),
            cost("gross-recoverable"),
            cost("part-years")
        ],
        [25_000_000, 30_000_000, 25_000_000, 14_958_904]
    );
    let got: Vec<[String; 5]> = view(path, "vat")
        .into_iter()
        .map(|r| {
            [
                r["line"].clone(),
                r["year"].clone(),
                r["net"].clone(),
                r["vat"].clone(),
                r["gross"].clone(),
            ]
        })
        .collect();
    let row = |l: &str, y: &str, n: &str, v: &str, g: &str| [l, y, n, v, g].map(String::from);
    assert_eq!(
        got,
        [
            row(
                "net-recoverable",
                "2024-25",
                "250000.00",
                "50000.00",
                "300000.00"
            ),
            row(
                "net-irrecoverable",
                "2024-25",
                "250000.00",
                "50000.00",
                "300000.00"
            ),
            row(
                "gross-recoverable",
                "2024-25",
                "250000.00",
                "50000.00",
                "300000.00"
            ),
            row(
                "part-years",
                "2024-25",
                "124657.53",
                "24931.51",
                "149589.04"
            ),
            row(
                "part-years",
                "2025-26",
                "125342.47",
                "25068.49",
                "150410.96"
            ),
        ]
    );
    let text = explain(path, "line.part-years.year.2024-25");
    assert!(
        text.contains("the VAT is not recoverable, so the budget bears the gross £300,000.00"),
        "{text}"
    );
}

/// £10,000 a month for 2024-25: monthly in arrears pays £110,000 in 2024-25 and March's
/// £10,000 in P1 of 2025-26 (owed at the year end); quarterly in arrears £90,000 then
/// £30,000; in advance, all £120,000 in the year (a worked example).
#[test]
fn payment_timing_gives_cash_by_period_beside_accruals() {
    let rows = view("tests/conventions/payment-timing.toml", "cash");
    let get = |line: &str, year: &str| {
        rows.iter()
            .find(|r| r["line"] == line && r["year"] == year)
            .unwrap_or_else(|| panic!("{line} {year}"))
            .clone()
    };
    let r = get("monthly-in-arrears", "2024-25");
    assert_eq!(
        [
            &r["P1"],
            &r["P2"],
            &r["P12"],
            &r["cash"],
            &r["accruals"],
            &r["owed at year end"]
        ],
        [
            "0.00",
            "10000.00",
            "10000.00",
            "110000.00",
            "120000.00",
            "10000.00"
        ]
    );
    assert_eq!(get("monthly-in-arrears", "2025-26")["P1"], "10000.00");
    let q = get("quarterly-in-arrears", "2024-25");
    assert_eq!(
        [&q["P4"], &q["P7"], &q["P10"], &q["cash"]],
        ["30000.00", "30000.00", "30000.00", "90000.00"]
    );
    assert_eq!(get("quarterly-in-arrears", "2025-26")["cash"], "30000.00");
    assert_eq!(get("monthly-in-advance", "2024-25")["cash"], "120000.00");
    assert_eq!(get("quarterly-in-advance", "2024-25")["P1"], "30000.00");
    // A scenario with no payment terms has no cash view, and says so.
    let o = outturn(&["run", DPSS, "--view", "cash"]);
    refused(&o, "no line of the scenarios states `payment");
}

/// The verdicts and whys of `outturn check --format json` on `path` (which may hold an
/// inconsistent check), by check name: (computed, verdict, why); and the exit status.
fn check_json(path: &str) -> (BTreeMap<String, [String; 3]>, Option<i32>) {
    check_json_with(path, &[])
}

/// As [`check_json`], with more arguments (`--set PATH=VALUE`, say).
fn check_json_with(path: &str, extra: &[&str]) -> (BTreeMap<String, [String; 3]>, Option<i32>) {
    let mut args = vec!["check", path, "--format", "json"];
    args.extend_from_slice(extra);
    let o = outturn(&args);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", stderr(&o));
    });
    let got = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_string();
            (s("check"), [s("computed"), s("verdict"), s("why")])
        })
        .collect();
    (got, o.status.code())
}

/// Checks can name a rate paid, an uplift, a net, VAT or gross, and a present value; each
/// printed figure in the conventions scenarios agrees with the model's (worked in
/// `tests/conventions/worked.py`, section 10), and the why says how the model's was reached.
#[test]
fn checks_state_printed_rates_uplifts_vat_and_present_values() {
    // Wolverhampton's Table 1: every proposed 2025-26 hourly rate is the rate paid.
    let got = checks(WOLVERHAMPTON);
    for (name, rate) in [
        ("homecare hourly rate 2025-26", "21.64"),
        ("reablement hourly rate 2025-26", "23.12"),
        ("home based respite hourly rate 2025-26", "20.64"),
        ("employed personal assistant hourly rate 2025-26", "15.48"),
        (
            "self-employed personal assistant hourly rate 2025-26",
            "18.88",
        ),
    ] {
        assert_eq!(got[name], (rate.into(), "consistent".into()), "{name}");
    }
    let (json, _) = check_json(WOLVERHAMPTON);
    assert!(json["homecare hourly rate 2025-26"][2].ends_with(
        "the rate of homecare from 2025-04-01: £20.28 × 1.066 = £21.61848, rounded up to a multiple of £0.04: £21.64"
    ));
    // Cardiff's blend and Doncaster's September CPI as uplifts; Doncaster's printed NLW rise
    // of 9.7% is acknowledged: its levels give 9.8%.
    let cardiff = checks("scenarios/conventions/cardiff-supported-living-uplift-2024-25.toml");
    assert_eq!(
        cardiff["2024-25 uplift, 40% CPI and 60% RLW"],
        ("7.26".into(), "consistent".into())
    );
    let doncaster = checks("scenarios/conventions/doncaster-care-fees-2024-25.toml");
    assert_eq!(
        doncaster["2024-25 uplift by September CPI"],
        ("6.7".into(), "consistent".into())
    );
    assert_eq!(
        doncaster["National Living Wage rise 2024-25"],
        ("9.8".into(), "acknowledged".into())
    );
    // NHS Scotland: the present value £8,253.23 agrees with the printed 8,253.
    let (nhs, status) = check_json("scenarios/conventions/nhs-scotland-discounted-cash-flow.toml");
    assert_eq!(status, Some(0));
    let npv = &nhs["Net Present Value"];
    assert_eq!(
        [npv[0].as_str(), npv[1].as_str()],
        ["8253.23", "consistent"]
    );
    assert!(
        npv[2].starts_with(
            "agrees at the printed precision: `£8,253` stands for £8,252.50 to £8,253.50"
        ),
        "{}",
        npv[2]
    );
    // The VAT worked example: net, VAT and gross, whole years and the part year.
    let vat = checks("tests/conventions/vat.toml");
    for (name, figure) in [
        ("VAT on £250,000 net at 20%", "50000.00"),
        ("gross of £250,000 net at 20%", "300000.00"),
        ("net of £300,000 gross at 20%", "250000.00"),
        ("from October: 2024-25 gross, 182 of 365 days", "149589.04"),
        ("from October: 2024-25 VAT", "24931.51"),
        ("from October: 2024-25 net", "124657.53"),
    ] {
        assert_eq!(vat[name], (figure.into(), "consistent".into()), "{name}");
    }
}

/// A wrong printed rate, uplift, VAT or present value is found inconsistent, by as much as
/// `tests/conventions/worked.py` (section 10) works out: £21.60 (the nearest 4p step) is
/// £0.035 from £21.64; an uplift printed 7.25% is 0.005 points from Cardiff's 7.26%; 8,254 is £0.27 from £8,253.23; VAT of one sixth of a net
/// £250,000 (£41,666.67) is £8,333.325 from £50,000.00; the equivalent annual cost is £885.86.
#[test]
fn a_wrong_printed_rate_uplift_vat_or_present_value_is_inconsistent() {
    let dir = temp_dir();
    let with = |scenario: &str, checks: &str| {
        let text = std::fs::read_to_string(root().join(scenario)).unwrap();
        let path = dir.path().join(scenario.rsplit('/').next().unwrap());
        std::fs::write(&path, format!("{text}\n{checks}")).unwrap();
        path.to_str().unwrap().to_string()
    };
    let rate = with(
        WOLVERHAMPTON,
        "[[checks]]\nname = \"nearest step\"\nline = \"homecare\"\ndate = 2025-04-07\nfigure = \"rate\"\nstated = \"£21.60\"\n",
    );
    let (got, status) = check_json(&rate);
    assert_eq!(status, Some(1));
    let wrong = &got["nearest step"];
    assert_eq!(
        [wrong[0].as_str(), wrong[1].as_str()],
        ["21.64", "inconsistent"]
    );
    assert!(
        wrong[2].starts_with("no reading agrees: the figure is £21.64 but `£21.60` stands for £21.595 to £21.605, £0.035 apart"),
        "{}",
        wrong[2]
    );
    let uplift = with(
        "scenarios/conventions/cardiff-supported-living-uplift-2024-25.toml",
        "[[checks]]\nname = \"a misprint\"\nline = \"supported-living\"\nyear = \"2024-25\"\nfigure = \"uplift\"\nstated = \"7.25%\"\n",
    );
    let (got, status) = check_json(&uplift);
    assert_eq!(status, Some(1));
    assert_eq!(got["a misprint"][1], "inconsistent");
    assert!(
        got["a misprint"][2].contains("0.005 percentage points apart"),
        "{:?}",
        got
    );
    let npv = with(
        "scenarios/conventions/nhs-scotland-discounted-cash-flow.toml",
        "[[checks]]\nname = \"rows added\"\nfigure = \"present-value\"\nstated = \"£8,254\"\n\n[[checks]]\nname = \"EAC\"\nfigure = \"equivalent-annual-cost\"\nstated = \"£885.86\"\n",
    );
    let (got, status) = check_json(&npv);
    assert_eq!(status, Some(1));
    assert_eq!(got["rows added"][1], "inconsistent");
    assert!(got["rows added"][2].contains("£0.27 apart"), "{:?}", got);
    assert_eq!(got["EAC"][..2], ["885.86".to_string(), "consistent".into()]);
    let vat = with(
        "tests/conventions/vat.toml",
        "[[checks]]\nname = \"a sixth\"\nline = \"net-irrecoverable\"\nfigure = \"vat\"\nstated = \"£41,666.67\"\n",
    );
    let (got, status) = check_json(&vat);
    assert_eq!(status, Some(1));
    assert_eq!(got["a sixth"][1], "inconsistent");
    assert!(got["a sixth"][2].contains("£8,333.325 apart"), "{:?}", got);
}

/// Leadenham Parish Council's play area quote, "£13,944.24 exVAT, £16,733.09 incl VAT", and
/// "the PC can reclaim VAT": VAT at 20% on the net is £2,788.848 → £2,788.85, the gross
/// £16,733.09 as printed, and the parish bears the net (`tests/conventions/worked.py`, 11).
#[test]
fn vat_reproduces_leadenhams_net_and_gross_quote() {
    let path = "scenarios/conventions/leadenham-play-area-vat.toml";
    let got = checks(path);
    for (name, figure) in [
        ("Sutcliffe quote for swings, ex VAT", "13944.24"),
        ("Sutcliffe quote for swings, incl VAT", "16733.09"),
        (
            "VAT on the quote (not printed: £16,733.09 less £13,944.24)",
            "2788.85",
        ),
        ("cost to the parish council, the VAT reclaimed", "13944.24"),
    ] {
        assert_eq!(got[name], (figure.into(), "consistent".into()), "{name}");
    }
    let rows = view(path, "vat");
    let row = &rows[0];
    assert_eq!(
        [&row["net"], &row["vat"], &row["gross"]],
        ["13944.24", "2788.85", "16733.09"]
    );
    let text = explain(path, "line.swings.year.2022-23");
    assert!(
        text.contains("net £13,944.24 + VAT £2,788.85 = gross £16,733.09; the VAT is recoverable, so the budget bears the net £13,944.24"),
        "{text}"
    );
}

/// NHSScotland (SGHD) option appraisal guidance, A4.11: "£10,000 … every year from Year 1 to
/// Year 20", "annuity factor for 20 years, which is 14.2339", "The PV in this example is
/// £142,339". At 3.5% the factors for years 1 to 20 add to 14.2124 (as the page's own Table 1
/// does), so the present value is £142,124.03, £214.47 from the printed figure: the check is
/// acknowledged, never fudged. The equivalent annual cost over the years shown (year 0, with
/// no cash, included) is £9,342.64 (`tests/conventions/worked.py`, 11).
#[test]
fn a_printed_annuity_factor_that_is_not_three_and_a_half_percent_is_acknowledged() {
    let path = "scenarios/conventions/nhs-scotland-annuity-factor.toml";
    let (got, status) = check_json(path);
    assert_eq!(status, Some(0));
    let pv = &got["PV of £10,000 a year, Years 1 to 20"];
    assert_eq!(
        [pv[0].as_str(), pv[1].as_str()],
        ["142124.03", "acknowledged"]
    );
    assert!(
        pv[2].starts_with("no reading agrees: the figure is £142,124.03 but `£142,339` stands for £142,338.50 to £142,339.50, £214.47 apart"),
        "{}",
        pv[2]
    );
    let rows = analyse_section(path, "scenario,year,t");
    let last = rows.last().unwrap();
    assert_eq!(
        [last["factor"].as_str(), last["discounted"].as_str()],
        ["15.212403", "142124.03"]
    );
    assert_eq!(rows[20]["factor"], "0.5026");
    let o = outturn(&["analyse", path]);
    assert!(
        stdout(&o).contains("equivalent annual cost £9,342.64"),
        "{}",
        stdout(&o)
    );
}

/// Illinois Municipal Retirement Fund: "3% of your original pension amount" each 1 January on
/// $500.00 a month from 2015, printed 2016 $515.00, 2017 $530.00, 2018 $545.00, 2019 $560.00,
/// 2020 $575.00: simple uplift on twelve monthly payments a year, pro rata by months, gives
/// every printed monthly amount; compounded, 2017 would be $530.45
/// (`tests/conventions/worked.py`, 12).
#[test]
fn simple_uplift_reproduces_imrfs_printed_monthly_pensions() {
    let path = "scenarios/conventions/imrf-pension-simple-increase.toml";
    let months = |extra: &[&str]| -> Vec<(String, String)> {
        let mut args = vec!["run", path, "--by", "month", "--format", "csv"];
        args.extend_from_slice(extra);
        let o = outturn(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[6].to_string(), r[9].to_string())
            })
            .collect()
    };
    let rows = months(&[]);
    assert_eq!(rows.len(), 72);
    // Every month of a year pays the same amount: the printed monthly amount.
    for (year, printed) in [
        ("2015", "500.00"),
        ("2016", "515.00"),
        ("2017", "530.00"),
        ("2018", "545.00"),
        ("2019", "560.00"),
        ("2020", "575.00"),
    ] {
        let paid: Vec<&str> = rows
            .iter()
            .filter(|(start, _)| start.starts_with(year))
            .map(|(_, amount)| amount.as_str())
            .collect();
        assert_eq!(paid, [printed; 12], "{year}");
    }
    let (got, status) = check_json(path);
    assert_eq!(status, Some(0));
    assert!(got.values().all(|c| c[1] == "consistent"), "{got:?}");
    assert_eq!(got["2020: 12 x $575.00"][0], "6900");
    let text = explain(path, "line.pension.year.2017");
    assert!(
        text.contains("annual value £6,000.00 × simple uplift (the rates added, each on the base price) 1.06 = × 1.06 → £6,360 a full year"),
        "{text}"
    );
    // Compounded ("3% of your current pension payment", which the paper rules out), the
    // third year would part from the printed $530.00.
    let rows = months(&["--set", "lines.pension.compounding=compound"]);
    assert_eq!(rows[24], ("2017-01-01".into(), "530.45".into()));
    assert_eq!(rows[60], ("2020-01-01".into(), "579.64".into()));
}

/// NHSScotland (SGHD) option appraisal guidance, A4.10: boiler X, £2,000 with a life of 7
/// years, "EAC (£) = 327"; boiler Y, £2,500 with 10, "= 301". Annuitised over years 1 to the
/// end of the life (`annuity = "from-year-1"`) at 3.5%: £327.09 and £300.60; `analyse` with
/// both sets them side by side and, as their lives differ, names Y as the cheaper a year
/// (`tests/conventions/worked.py`, 12).
#[test]
fn equivalent_annual_costs_reproduce_nhs_scotlands_boiler_options() {
    let x = "scenarios/conventions/nhs-scotland-eac-boiler-x.toml";
    let y = "scenarios/conventions/nhs-scotland-eac-boiler-y.toml";
    for (path, name, eac) in [
        (x, "Option X EAC, 2,000 x 0.1635", "327.09"),
        (y, "Option Y EAC, 2,500 x 0.1203", "300.60"),
    ] {
        let (got, status) = check_json(path);
        assert_eq!(status, Some(0));
        assert_eq!(
            [got[name][0].as_str(), got[name][1].as_str()],
            [eac, "consistent"]
        );
    }
    let rows = analyse_section(x, "scenario,year,t");
    let last = rows.last().unwrap();
    assert_eq!(
        [last["factor"].as_str(), last["discounted"].as_str()],
        ["6.114544", "2000.00"]
    );
    let block = option_appraisal(&[x, y]);
    assert!(
        block.starts_with(
            "option,base year,cash,present value,equivalent annual cost,more than the least\n\
             nhs-scotland-eac-boiler-x,2025-26,2000.00,2000.00,327.09,0.00\n\
             nhs-scotland-eac-boiler-y,2025-26,2500.00,2500.00,300.60,500.00"
        ),
        "{block}"
    );
    let o = outturn(&["analyse", x, y]);
    assert!(
        stdout(&o).contains("the options run for different numbers of years, so compare their equivalent annual costs: nhs-scotland-eac-boiler-y costs least a year, £300.60"),
        "{}",
        stdout(&o)
    );
    // Over the years shown, year 0 included (the default), X would be £2,000 / 7.114544 =
    // £281.11: the paper's 327 needs its convention.
    let (got, status) = check_json_with(x, &["--set", "appraisal.annuity=years-shown"]);
    assert_eq!(status, Some(1));
    let eac = &got["Option X EAC, 2,000 x 0.1635"];
    assert_eq!(
        [eac[0].as_str(), eac[1].as_str()],
        ["281.11", "inconsistent"]
    );
}

/// NHSScotland (SGHD) option appraisal guidance, A4.6: equipment options A (£100k of capital,
/// then £35k a year for four years) and B (£75k, then £47k), "Present Value ... 228.6" and
/// "247.7" (£k). `analyse` with both discounts each at 3.5% and sets them side by side: A
/// £228,557.77 (228.6), B £247,634.72, £19,076.95 more, as the paper concludes. B's printed
/// 247.7 adds its rows rounded to £0.1k; exactly it is 247.6, so that check is acknowledged
/// (`tests/conventions/worked.py`, 12).
#[test]
fn option_appraisal_reproduces_the_guidances_equipment_options() {
    let a = "scenarios/conventions/nhs-scotland-npc-option-a.toml";
    let b = "scenarios/conventions/nhs-scotland-npc-option-b.toml";
    let block = option_appraisal(&[a, b]);
    assert!(
        block.starts_with(
            "option,base year,cash,present value,equivalent annual cost,more than the least\n\
             nhs-scotland-npc-option-a,2025-26,240000.00,228557.77,48909.46,0.00\n\
             nhs-scotland-npc-option-b,2025-26,263000.00,247634.72,52991.77,19076.95"
        ),
        "{block}"
    );
    // The discounted rows: 35,000 × 0.966184 = 33,816.43 (printed 33.8), then 32,672.87 (32.7).
    let rows = analyse_section(a, "scenario,year,t");
    let discounted: Vec<&str> = rows.iter().map(|r| r["discounted"].as_str()).collect();
    assert_eq!(
        discounted,
        [
            "100000.00",
            "33816.43",
            "32672.87",
            "31567.99",
            "30500.48",
            "228557.77"
        ]
    );
    let (got, status) = check_json(a);
    assert_eq!(status, Some(0));
    let npc = &got["Option A present value, 228.6 (£k)"];
    assert_eq!(
        [npc[0].as_str(), npc[1].as_str()],
        ["228557.77", "consistent"]
    );
    let (got, status) = check_json(b);
    assert_eq!(status, Some(0));
    let npc = &got["Option B present value, 247.7 (£k)"];
    assert_eq!(
        [npc[0].as_str(), npc[1].as_str()],
        ["247634.72", "acknowledged"]
    );
    assert!(npc[2].contains("£15.28 apart"), "{}", npc[2]);
}

/// NHSScotland (SGHD) option appraisal guidance, A4.9: "a stream of 10 annual costs of
/// £12.03" and "an EAC of £12.032" for £100 over 10 years; at 3.5% it is £12.02 (12.02414…),
/// so both checks are acknowledged with the reason, never fudged
/// (`tests/conventions/worked.py`, 12).
#[test]
fn a_printed_eac_from_a_rounded_factor_is_acknowledged() {
    let (got, status) = check_json("scenarios/conventions/nhs-scotland-eac-asset.toml");
    assert_eq!(status, Some(0));
    let stream = &got["10 annual costs from Year 1"];
    assert_eq!(
        [stream[0].as_str(), stream[1].as_str()],
        ["12.02", "acknowledged"]
    );
    assert!(stream[2].contains("£0.005 apart"), "{}", stream[2]);
    let eac = &got["EAC of an asset costing £100 with a life of 10 years"];
    assert_eq!(
        [eac[0].as_str(), eac[1].as_str()],
        ["12.02", "acknowledged"]
    );
    assert!(eac[2].contains("£0.0115 apart"), "{}", eac[2]);
    // An annuity other than the two conventions is refused, naming the field.
    let o = outturn(&[
        "check",
        "scenarios/conventions/nhs-scotland-eac-asset.toml",
        "--set",
        "appraisal.annuity=from-year-2",
    ]);
    refused(&o, "appraisal.annuity: expected \"years-shown\" (every year shown, year 0 included: the default) or \"from-year-1\" (years 1 to the last, as the Green Book's EAC factors), found the text `from-year-2`");
}

/// ACRE: "Small village hall charities are not VAT registered so they cannot reclaim the 20%
/// VAT on building work …, which means that a £200,000 refurbishment project incurs an extra
/// £40,000 in non-reclaimable VAT": net £200,000.00, VAT £40,000.00, and the hall bears the
/// gross, £240,000.00 (`tests/conventions/worked.py`, 12).
#[test]
fn vat_not_recoverable_reproduces_acres_village_hall_figures() {
    let path = "scenarios/conventions/acre-village-hall-vat.toml";
    let got = checks(path);
    for (name, figure) in [
        ("a £200,000 refurbishment project", "200000.00"),
        ("an extra £40,000 in non-reclaimable VAT", "40000.00"),
        (
            "gross (not printed: £200,000 and the extra £40,000)",
            "240000.00",
        ),
        (
            "cost to the village hall, the VAT not reclaimed",
            "240000.00",
        ),
    ] {
        assert_eq!(got[name], (figure.into(), "consistent".into()), "{name}");
    }
    let rows = view(path, "vat");
    assert_eq!(
        [
            &rows[0]["net"],
            &rows[0]["vat"],
            &rows[0]["gross"],
            &rows[0]["cost to budget"]
        ],
        ["200000.00", "40000.00", "240000.00", "240000.00"]
    );
    let text = explain(path, "line.building-work.year.2017-18");
    assert!(
        text.contains("net £200,000.00 + VAT £40,000.00 = gross £240,000.00; the VAT is not recoverable, so the budget bears the gross £240,000.00"),
        "{text}"
    );
}

/// The landfill tax escalator (Finance Act 2009, 2010 and 2012 Explanatory Notes): £40 a
/// tonne from 1 April 2009, "£48 per tonne" from 1 April 2010, "£8 per tonne on 1 April each
/// year" to 2014-15, when the rate is "£80 per tonne". The £8 is 20% of 2009-10's £40 added
/// each year, not compounded: on 1,000 tonnes a year, £40,000.00 … £80,000.00; compounded,
/// 2011-12 would be £57,600.00 and 2014-15 £99,532.80 (`tests/conventions/worked.py`, 14).
#[test]
fn simple_uplift_reproduces_the_landfill_tax_escalator() {
    let path = "scenarios/conventions/landfill-tax-escalator.toml";
    let rows = run_csv_at(path);
    let years: Vec<i64> = [
        "2009-10", "2010-11", "2011-12", "2012-13", "2013-14", "2014-15",
    ]
    .iter()
    .map(|y| sum(&rows, &[("financial_year", y)]))
    .collect();
    assert_eq!(
        years,
        [4_000_000, 4_800_000, 5_600_000, 6_400_000, 7_200_000, 8_000_000]
    );
    assert_eq!(sum(&rows, &[]), 36_000_000);
    let got = checks(path);
    assert_eq!(got.len(), 9);
    assert!(got.values().all(|(_, v)| v == "consistent"), "{got:?}");
    assert_eq!(
        got["2014-15: 1,000 tonnes at £80 (printed: the floor from 2014-15)"].0,
        "80000.00"
    );
    assert_eq!(got["2011-12 increase, 20% of the 2009-10 rate"].0, "20");
    let text = explain(path, "line.landfill-tax.year.2014-15");
    assert!(
        text.contains("annual value £40,000.00 × simple uplift (the rates added, each on the base price) 2 = × 2 → £80,000 a full year"),
        "{text}"
    );
    // Compounded ("20% of the rate paid"), the third year parts from £56 a tonne, and the
    // checks of 2011-12 to 2014-15 fail by £1,600.00, £5,120.00, £10,944.00 and £19,532.80.
    let compound = ["--set", "lines.landfill-tax.compounding=compound"];
    let rows = run_csv_with(path, &compound);
    assert_eq!(sum(&rows, &[("financial_year", "2011-12")]), 5_760_000);
    assert_eq!(sum(&rows, &[("financial_year", "2014-15")]), 9_953_280);
    let (got, status) = check_json_with(path, &compound);
    assert_ne!(status, Some(0));
    let off: Vec<(&str, &str)> = got
        .iter()
        .filter(|(_, c)| c[1] == "inconsistent")
        .map(|(name, c)| (name.as_str(), c[0].as_str()))
        .collect();
    assert_eq!(
        off,
        [
            ("2011-12: 1,000 tonnes at £56 (£48 and £8)", "57600.00"),
            ("2012-13: 1,000 tonnes at £64 (£56 and £8)", "69120.00"),
            ("2013-14: 1,000 tonnes at £72 (£64 and £8)", "82944.00"),
            (
                "2014-15: 1,000 tonnes at £80 (printed: the floor from 2014-15)",
                "99532.80"
            ),
        ]
    );
}

/// The Scottish Capital Investment Manual's Option Appraisal Guide, Annex A4, Table 1: its
/// factors past year 30 are the Green Book's declining schedule, chained across each step
/// (`tests/conventions/worked.py`, 15): year 40 0.2651 (1/1.035⁴⁰ would be 0.2526), 100
/// 0.0508, 250 0.0029, as printed; £10,000 in each year discounted to the penny gives each
/// factor to six places.
#[test]
fn green_book_factors_past_year_30_reproduce_the_option_appraisal_guides_table() {
    let rows = analyse_section(
        "scenarios/conventions/scim-discount-factors-declining.toml",
        "scenario,year,t",
    );
    let got: Vec<[&str; 3]> = rows
        .iter()
        .map(|r| {
            [
                r["t"].as_str(),
                r["factor"].as_str(),
                r["discounted"].as_str(),
            ]
        })
        .collect();
    assert_eq!(
        got,
        [
            ["30", "0.3563", "3562.78"],
            ["40", "0.2651", "2651.05"],
            ["50", "0.1973", "1972.63"],
            ["60", "0.1468", "1467.82"],
            ["75", "0.0942", "942.14"],
            ["80", "0.0833", "832.71"],
            ["90", "0.0651", "650.51"],
            ["100", "0.0508", "508.18"],
            ["125", "0.0274", "274.11"],
            ["150", "0.0167", "167.08"],
            ["200", "0.0062", "62.07"],
            ["250", "0.0029", "29.49"],
            ["", "1.312057", "13120.57"],
        ]
    );
    assert_eq!(rows[0]["year"], "1930-31");
    assert_eq!(rows[11]["year"], "2150-51");
}

const HMT_DEFLATOR: &str = "scenarios/conventions/hmt-gdp-deflator-real-terms.toml";

/// HM Treasury's GDP deflator annex: money GDP from 2006-07 in 2011-12 prices (`prices =
/// "2011-12"`, year 0 2006-07, no discounting): each year's cash × 100 / its deflator, as
/// printed to the £m (1,350,438 × 100 / 89.254 = 1,513,027.99 → 1,513,028) but 2013-14's,
/// 1,539,129.60 at the printed 103.630 against a printed 1,539,131
/// (`tests/conventions/worked.py`, 15).
#[test]
fn real_terms_in_a_later_years_prices_reproduce_hm_treasurys_deflator_example() {
    let rows = analyse_section(HMT_DEFLATOR, "scenario,year,t");
    let real: Vec<[&str; 2]> = rows
        .iter()
        .map(|r| [r["year"].as_str(), r["real, with bias"].as_str()])
        .collect();
    assert_eq!(
        real,
        [
            ["2006-07", "1513027987541.17"],
            ["2007-08", "1566373335665.41"],
            ["2008-09", "1513476988560.79"],
            ["2009-10", "1484085167052.80"],
            ["2010-11", "1511123925779.26"],
            ["2011-12", "1524550000000.00"],
            ["2012-13", "1526159921026.65"],
            ["2013-14", "1539129595676.93"],
            ["present value", ""],
        ]
    );
    assert_eq!(rows[8]["discounted"], "12177926921303.01");
    let o = outturn(&["analyse", HMT_DEFLATOR]);
    assert!(
        stdout(&o).contains("in real terms: each year × the deflator of 2011-12 ÷ the year's"),
        "{}",
        stdout(&o)
    );
    let got = checks(HMT_DEFLATOR);
    assert_eq!(
        got["increase in prices between 2006-07 and 2011-12"],
        ("12.039797".into(), "consistent".into())
    );
    assert_eq!(
        got["increase in prices between 2009-10 and 2010-11"],
        ("2.714149".into(), "consistent".into())
    );
}

/// `prices` names the year whose prices the real terms are in, so it needs a deflator with a
/// level for that year; each refusal says what to state.
#[test]
fn real_terms_prices_need_a_deflator_with_their_level() {
    let dir = temp_dir();
    let scenario = |appraisal: &str| {
        let path = dir.path().join("prices.toml");
        std::fs::write(
            &path,
            format!("title = \"t\"\npaper = \"p\"\n[[contracts]]\nname = \"c\"\nstart = 2024-04-01\nend = 2026-03-31\n[[lines]]\nname = \"care\"\nkind = \"service\"\nbudget = \"b\"\nannual = \"£100,000\"\n[appraisal]\nbase_year = \"2024-25\"\n{appraisal}"),
        )
        .unwrap();
        let o = outturn(&["check", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        stderr(&o)
    };
    let no_deflator = scenario("prices = \"2025-26\"\n");
    assert!(
        no_deflator.contains("appraisal.prices: names the year whose prices the deflator's real terms are in; state the deflator too"),
        "{no_deflator}"
    );
    let no_level = scenario(
        "deflator = { \"2024-25\" = \"100\", \"2025-26\" = \"102.5\" }\nprices = \"2026-27\"\n",
    );
    assert!(
        no_level.contains("appraisal.prices: the deflator gives no level for 2026-27, the year whose prices the real terms are in; give one"),
        "{no_level}"
    );
}
