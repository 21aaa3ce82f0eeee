//! Contract mechanics: break clauses, funding split between budget holders, and savings plans
//! (the scenarios in `tests/mechanics/` and the bundled break scenario), each projected,
//! analysed (`outturn analyse`) and explained.

use std::collections::BTreeMap;

use crate::common::*;

/// `analyse --format csv`: every section's rows as records keyed by their own header (the
/// sections follow one another, each with its header, separated by a blank line).
fn analyse_csv(args: &[&str]) -> Vec<BTreeMap<String, String>> {
    let mut all = vec!["analyse"];
    all.extend(args);
    all.extend(["--format", "csv"]);
    let o = outturn(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let mut out = Vec::new();
    for section in text.split("\n\n") {
        let mut reader = csv::Reader::from_reader(section.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        for r in reader.records() {
            out.push(
                header
                    .iter()
                    .cloned()
                    .zip(r.unwrap().iter().map(String::from))
                    .collect(),
            );
        }
    }
    out
}

#[test]
fn supported_living_extension_broken_on_31_march_2025() {
    // 15 June 2024 to 31 March 2025: 290 of 365 days of £138m = 109,643,835.616… →
    // £109,643,835.62, all in 2024-25; nothing after.
    let rows = run_csv("24-00005-supported-living-break");
    assert_eq!(sum(&rows, &[]), 10_964_383_562);
    assert_eq!(sum(&rows, &[("financial_year", "2024-25")]), 10_964_383_562);
    assert!(rows.iter().all(|r| r["financial_year"] == "2024-25"));
    assert_eq!(rows[0]["end"], "2025-03-31");
    assert_eq!(rows[0]["days"], "290");
    // Full term £414,000,000.00; avoided 414,000,000 − 109,643,835.62 = £304,356,164.38;
    // 2027-28 (15 June to 14 June 2027's 75 days) avoids £28,356,164.38.
    let a = analyse_csv(&["scenarios/24-00005-supported-living-break.toml"]);
    let total = a.iter().find(|r| r["financial year"] == "total").unwrap();
    assert_eq!(total["full term"], "414000000.00");
    assert_eq!(total["with break"], "109643835.62");
    assert_eq!(total["avoided"], "304356164.38");
    let y = |fy: &str| a.iter().find(|r| r["financial year"] == fy).unwrap();
    assert_eq!(y("2024-25")["avoided"], "0.00");
    assert_eq!(y("2025-26")["avoided"], "138000000.00");
    assert_eq!(y("2027-28")["full term"], "28356164.38");
    assert_eq!(y("2027-28")["with break"], "0.00");
    // Notice: 1 April 2025 less 3 months = 1 January 2025.
    let o = outturn(&["analyse", "scenarios/24-00005-supported-living-break.toml"]);
    assert!(
        stdout(&o).contains("3 months' notice, to be served by 2025-01-01"),
        "{}",
        stdout(&o)
    );
    // The short year explains as 290 of 365 days.
    let o = outturn(&[
        "explain",
        "scenarios/24-00005-supported-living-break.toml",
        "total.year.2024-25",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "from contract year 1 (2024-06-15 to 2025-03-31), whose full year has 365 days"
        ),
        "{out}"
    );
    assert!(out.contains("× 290/365 days = £109,643,835.616438… → rounded to the penny, half away from zero: £109,643,835.62"), "{out}");
    // A break can be moved with --set: on 30 June 2025, 381 days in all: the first
    // contract year in full (£138m) and 16 of 365 days of the second: 6,049,315.068… →
    // £6,049,315.07. Total £144,049,315.07.
    let o = outturn(&[
        "run",
        "scenarios/24-00005-supported-living-break.toml",
        "--set",
        "contracts.supported-living-extension.break.on=2025-06-30",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let total: i64 = text
        .lines()
        .skip(1)
        .map(|l| {
            let amount = l.rsplit(',').next().unwrap();
            amount.replace('.', "").parse::<i64>().unwrap()
        })
        .sum();
    assert_eq!(total, 14_404_931_507);
}

#[test]
fn funding_split_between_budget_holders() {
    // care £1,000,000 a year from 1 April 2024 to 30 September 2025; transport £50,000.
    // 2024-25: send £100,000 fixed, asc 60% = £600,000, nhs the rest £300,000; transport
    // £50,000 to asc. 2025-26: 183 of 365 days: care 501,369.863… → £501,369.86 =
    // 50,136,986p; × 0.6 = 30,082,191.6 and × 0.4 = 20,054,794.4, the penny to the larger
    // remainder (0.6): asc £300,821.92, then send £100,000 and nhs 200,547.94 − 100,000 =
    // £100,547.94; transport 50,000 × 183/365 = 25,068.493… → £25,068.49.
    let rows = run_csv_at("tests/mechanics/funding.toml");
    let by = |budget: &str, year: &str| sum(&rows, &[("budget", budget), ("financial_year", year)]);
    assert_eq!(by("send", "2024-25"), 10_000_000);
    assert_eq!(by("adult-social-care", "2024-25"), 65_000_000);
    assert_eq!(by("nhs-icb", "2024-25"), 30_000_000);
    assert_eq!(by("send", "2025-26"), 10_000_000);
    assert_eq!(by("adult-social-care", "2025-26"), 30_082_192 + 2_506_849);
    assert_eq!(by("nhs-icb", "2025-26"), 10_054_794);
    assert_eq!(sum(&rows, &[("line", "care")]), 150_136_986);
    // The Funding section: totals by budget and in all. asc 650,000 + 325,890.41 =
    // 975,890.41; nhs 400,547.94; send 200,000; all 1,576,438.35.
    let a = analyse_csv(&["tests/mechanics/funding.toml"]);
    let total = |b: &str| a.iter().find(|r| r["budget"] == b).unwrap()["total"].clone();
    assert_eq!(total("adult-social-care"), "975890.41");
    assert_eq!(total("nhs-icb"), "400547.94");
    assert_eq!(total("send"), "200000.00");
    assert_eq!(total("total"), "1576438.35");
    // Volume, mix and price by budget start from each budget's own spend, not the line's:
    // asc £650,000.00 → £325,890.41, nhs £300,000.00 → £100,547.94, send £100,000.00 both
    // years. Each budget holds a share of the line's service years (nhs 0.3 in 2024-25;
    // 183/365 × 100,547.94/501,369.86 in 2025-26), so its change is all volume: nhs
    // (0.100547… − 0.3) × £1,000,000 = −£199,452.06; send's share is 0.1 in both years: none.
    let change = |b: &str| {
        let r = a
            .iter()
            .find(|r| r.get("budget").map(String::as_str) == Some(b) && r.contains_key("volume"))
            .unwrap();
        [&r["from"], &r["to"], &r["volume"], &r["other"]].map(String::clone)
    };
    assert_eq!(
        change("adult-social-care"),
        ["650000.00", "325890.41", "-324109.59", "0.00"]
    );
    assert_eq!(
        change("nhs-icb"),
        ["300000.00", "100547.94", "-199452.06", "0.00"]
    );
    assert_eq!(change("send"), ["100000.00", "100000.00", "0.00", "0.00"]);
    // Monthly rows add to the same yearly amounts per budget.
    let o = outturn(&[
        "run",
        "tests/mechanics/funding.toml",
        "--by",
        "month",
        "--format",
        "csv",
    ]);
    assert!(o.status.success());
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let send_2025: i64 = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[3] == "send" && &r[5] == "2025-26")
        .map(|r| r[9].replace('.', "").parse::<i64>().unwrap())
        .sum();
    assert_eq!(send_2025, 10_000_000);
    // Explain shows the funding step.
    let o = outturn(&[
        "explain",
        "tests/mechanics/funding.toml",
        "budget.nhs-icb.year.2025-26",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "funded by nhs-icb (the remainder): £100,547.94 of the line's £501,369.86 in 2025-26"
        ),
        "{out}"
    );
    assert!(
        out.contains("budget.nhs-icb.year.2025-26 = £100,547.94"),
        "{out}"
    );
}

#[test]
fn savings_plans_target_and_achieved() {
    // remodel: £1,000,000 from 1 October 2022, phased 50% then 100%, 80% delivered.
    // 2022-23: 500,000 × 182/365 = 249,315.068… → £249,315.07 target; × 0.8 = 199,452.056 →
    // £199,452.06 achieved. Then £1,000,000 target, £800,000 achieved, each year.
    // five-per-cent: 5% of £2,000,000 = £100,000; 25% in 2023-24 = £25,000, 60% in 2024-25
    // = £60,000. flat: £10,000 in 2024-25.
    let rows = run_csv_at("tests/mechanics/savings.toml");
    let s = |line: &str, year: &str| sum(&rows, &[("line", line), ("financial_year", year)]);
    assert_eq!(s("remodel", "2022-23"), -19_945_206);
    assert_eq!(s("remodel", "2023-24"), -80_000_000);
    assert_eq!(s("remodel", "2024-25"), -80_000_000);
    assert_eq!(s("five-per-cent", "2022-23"), 0);
    assert_eq!(s("five-per-cent", "2023-24"), -2_500_000);
    assert_eq!(s("five-per-cent", "2024-25"), -6_000_000);
    assert_eq!(s("flat", "2024-25"), -1_000_000);
    let first = rows.iter().find(|r| r["line"] == "remodel").unwrap();
    assert_eq!(first["start"], "2022-10-01");
    let a = analyse_csv(&["tests/mechanics/savings.toml"]);
    let row = |saving: &str, year: &str| {
        a.iter()
            .find(|r| r["saving"] == saving && r["financial year"] == year)
            .unwrap()
            .clone()
    };
    assert_eq!(row("remodel", "2022-23")["target"], "249315.07");
    assert_eq!(row("remodel", "2022-23")["achieved"], "199452.06");
    // Totals: target 249,315.07 + 2 × 1,000,000 = 2,249,315.07; achieved 199,452.06 +
    // 1,600,000 = 1,799,452.06; not achieved 449,863.01.
    assert_eq!(row("remodel", "total")["target"], "2249315.07");
    assert_eq!(row("remodel", "total")["achieved"], "1799452.06");
    assert_eq!(row("remodel", "total")["not achieved"], "449863.01");
    assert_eq!(row("five-per-cent", "2024-25")["gross spend"], "2000000.00");
    // Explain walks the plan's steps for the first year.
    let o = outturn(&[
        "explain",
        "tests/mechanics/savings.toml",
        "line.remodel.year.2022-23",
    ]);
    let out = stdout(&o);
    for step in [
        "full-year target: £1,000,000.00",
        "phased: 50% of it = £500,000.00",
        "from 2022-10-01: 182 of 365 days of £500,000.00 = £249,315.07",
        "target £249,315.07, 80% delivered = £199,452.06 achieved",
        "line.remodel.year.2022-23 = -£199,452.06",
    ] {
        assert!(out.contains(step), "{step}\n{out}");
    }
    let o = outturn(&[
        "explain",
        "tests/mechanics/savings.toml",
        "line.five-per-cent.year.2024-25",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("full-year target: 5% of gross spend £2,000,000.00 = £100,000.00"),
        "{out}"
    );
    assert!(out.contains("phased: 60% of it = £60,000.00"), "{out}");
    assert_eq!(row("flat", "2024-25")["achieved"], "10000.00");
}

#[test]
fn analyse_without_mechanics_says_so() {
    // One year of a flat annual value: nothing to count and no second year to compare.
    let o = outturn(&[
        "analyse",
        DPSS,
        "--set",
        "end=2026-03-31",
        "--set",
        "extensions.1.taken=false",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("no break clause, savings plan, funding split"));
    // Five flat years: only the year-to-year variance, with no change in any year.
    let o = outturn(&["analyse", DPSS]);
    let out = stdout(&o);
    assert!(out.contains("Volume, mix and price"), "{out}");
    assert!(!out.contains("Savings") && !out.contains("Break"), "{out}");
    // A scenario with a saving but no break has a Savings section and no Break section.
    let o = outturn(&["analyse", "scenarios/22-00034-community-opportunities.toml"]);
    let out = stdout(&o);
    assert!(
        out.contains("Savings: 22-00034-community-opportunities"),
        "{out}"
    );
    assert!(!out.contains("Break clauses"), "{out}");
}
