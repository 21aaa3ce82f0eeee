//! End-to-end tests of driver-based costing and the analyses built on it, through the
//! `outturn` binary. Expected figures are the papers' or were worked independently with
//! Python's `decimal` by the same written rules (contract years rounded half away from zero,
//! splits by largest remainder), as the comments show; none is copied from the output.

use crate::common::*;

const DRIVERS: &str = "scenarios/22-00034-community-opportunities-drivers.toml";

/// The CSV tables `analyse --format csv` prints, one after another with a blank line.
fn analyse_csv(args: &[&str]) -> Vec<Vec<Vec<String>>> {
    let mut all = vec!["analyse"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "csv"]);
    let o = outturn(&all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
        .split("\n\n")
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(t.as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect()
        })
        .collect()
}

/// The table whose header row contains `column`.
fn table<'a>(tables: &'a [Vec<Vec<String>>], column: &str) -> &'a [Vec<String>] {
    tables
        .iter()
        .find(|t| t[0].iter().any(|h| h == column))
        .unwrap_or_else(|| panic!("no table with a `{column}` column"))
}

#[test]
fn drivers_reproduce_the_printed_2021_22_figures() {
    // Paper: £7,392,400 (26+) and £2,672,800 (18-25), £10,065,200 in all; transport
    // £1,593,900 and £850,200. The scenario's drivers give, by hand:
    //   26+   795 × 100 days × £70.00 + 200 × 100 × £91.37 = 5,565,000 + 1,827,400
    //   18-25 320 × 100 × £57.02 + 93 × 100 × £91.20 = 1,824,640 + 848,160
    //   transport 693 × 200 trips × £11.50 = 1,593,900; 327 × 200 × £13.00 = 850,200
    let rows = run_csv("22-00034-community-opportunities-drivers");
    let year = ("financial_year", "2021-22");
    let service = ("kind", "service");
    assert_eq!(sum(&rows, &[year, service, ("budget", "26+")]), 739_240_000);
    assert_eq!(
        sum(&rows, &[year, service, ("budget", "18-25")]),
        267_280_000
    );
    assert_eq!(sum(&rows, &[year, service]), 1_006_520_000);
    let transport = ("kind", "transport");
    assert_eq!(
        sum(&rows, &[year, transport, ("budget", "26+")]),
        159_390_000
    );
    assert_eq!(
        sum(&rows, &[year, transport, ("budget", "18-25")]),
        85_020_000
    );
    let o = outturn(&["check", DRIVERS]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn the_dps_from_1_october_2022_with_tiers_growth_and_uplift() {
    // Python reference (see the module comment): the DPS 26+ line costs 795 × 100 × £66.94 =
    // £5,321,730.00 for its first contract year (1 October 2022 to 30 September 2023),
    // 182 days of it in 2022-23: £2,653,574.96. Its second year is × 1.03 (uplift) × 1.02
    // (growth) = £5,591,093.55…; 2023-24 holds 183 of 365 days of the first and 183 of 366
    // of the second: £5,463,659.81. 18-25 (£72.35 a session, 3% growth): £1,154,428.49 and
    // £2,388,869.35. Transport follows its counts: 26+ 2023-24 is 707 × 200 × £11.50 × 1.03²
    // = £1,725,129.49.
    let rows = run_csv("22-00034-community-opportunities-drivers");
    let line_year =
        |line: &str, year: &str| sum(&rows, &[("line", line), ("financial_year", year)]);
    assert_eq!(line_year("dps-26plus", "2022-23"), 265_357_496);
    assert_eq!(line_year("dps-26plus", "2023-24"), 546_365_981);
    assert_eq!(line_year("dps-26plus", "2024-25"), 572_441_562);
    assert_eq!(line_year("dps-18-25", "2022-23"), 115_442_849);
    assert_eq!(line_year("dps-18-25", "2023-24"), 238_886_935);
    // The framework's last half year: 183 of 365 days of £5,565,000 = £2,790,123.29.
    assert_eq!(line_year("framework-26plus", "2022-23"), 279_012_329);
    assert_eq!(line_year("transport-26plus", "2023-24"), 172_512_949);
    assert_eq!(line_year("transport-18-25", "2026-27"), 55_611_616);
    assert_eq!(line_year("individual-26plus", "2025-26"), 205_675_480);
}

#[test]
fn unit_costs_give_the_cost_per_person() {
    // £10,065,200 for 1,408 people in 2021-22: 7,148.5795… → £7,148.58.
    let tables = analyse_csv(&[DRIVERS]);
    let costs = table(&tables, "per unit");
    let header = &costs[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let all_services = costs
        .iter()
        .find(|r| {
            r[col("budget")] == "all" && r[col("kind")] == "service" && r[col("year")] == "2021-22"
        })
        .expect("a row for all services in 2021-22");
    assert_eq!(all_services[col("spend")], "10065200.00");
    assert_eq!(all_services[col("units")], "1408.00");
    assert_eq!(all_services[col("per unit")], "7148.58");
}

#[test]
fn variance_splits_the_change_into_volume_mix_and_price() {
    // Budget 26+, 2021-22 to 2022-23, worked in Python from the same pieces:
    // services: the same 995 people (volume 0), moved to the DPS's cheaper mix for half the
    // year (mix −£121,301.75), individual arrangements up 3% (price £54,822.00); transport:
    // the same 693 people, 3% dearer (price £47,817.00); and the phased saving, −£500,000
    // (other). Change: −66,479.75 + 47,817.00 − 500,000 = −£518,662.75.
    let tables = analyse_csv(&[DRIVERS]);
    let v = table(&tables, "mix");
    let header = &v[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = v
        .iter()
        .find(|r| r[col("budget")] == "26+" && r[col("years")] == "2021-22 → 2022-23")
        .expect("26+ from 2021-22");
    let got: Vec<&str> = ["change", "volume", "mix", "price", "other"]
        .iter()
        .map(|c| row[col(c)].as_str())
        .collect();
    assert_eq!(
        got,
        [
            "-518662.75",
            "0.00",
            "-121301.75",
            "102639.00",
            "-500000.00"
        ]
    );
    // 2023-24 to 2024-25, services: volume £102,013.67 (2% more DPS people), mix −£6,913.51
    // (the DPS's cheaper people are a larger share), price £223,816.31; transport volume
    // £34,160.98 (721 against 707 people), price £52,778.71.
    let row = v
        .iter()
        .find(|r| r[col("budget")] == "26+" && r[col("years")] == "2023-24 → 2024-25")
        .expect("26+ from 2023-24");
    assert_eq!(row[col("volume")], "136174.65");
    assert_eq!(row[col("mix")], "-6913.51");
    assert_eq!(row[col("price")], "276595.02");
    assert_eq!(row[col("other")], "0.00");
}

#[test]
fn explain_shows_drivers_tiers_and_growth() {
    let o = outturn(&[
        "explain",
        DRIVERS,
        "total.line.dps-26plus",
        "--set",
        "lines.dps-26plus.uplift=0%",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    for expected in [
        "rate card `dps-2022`, 20% half days:",
        "15% of sessions in tier `1:1` at £110.00 a day, £60.00 a half day",
        "= £66.94 a session, weighted by the mix",
        "795 people × 2 sessions a week × 50 weeks a year × £66.94 a session = £5,321,730 a year",
        "× demand growth 1.02 = × 1.02 → £5,428,164.6 a full year",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn a_share_of_a_service_grows_with_its_people() {
    // Transport at 25% of the DPS 26+ service: £5,321,730 × 25% = £1,330,432.50 a year
    // before the service's growth; 2022-23 holds 182 of 365 days: 663,393.74 (exact
    // 663,393.739…, the larger remainder takes the penny against 667,038.76).
    let o = outturn(&[
        "run",
        DRIVERS,
        "--format",
        "csv",
        "--set",
        "lines.transport-26plus.drivers.rate=£1",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = temp_dir();
    let path = dir.path().join("share.toml");
    std::fs::write(
        &path,
        "extends = \"".to_string()
            + root().join(DRIVERS).to_str().unwrap()
            + "\"\n[[lines]]\nname = \"dps-transport-26plus\"\ncontract = \"dps\"\nkind = \"transport\"\nbudget = \"26+\"\nshare_of = \"dps-26plus\"\nshare = \"25%\"\n",
    )
    .unwrap();
    let o = outturn(&["run", path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let amounts: Vec<(String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[1] == "dps-transport-26plus")
        .map(|r| (r[5].to_string(), r[9].to_string()))
        .collect();
    assert_eq!(amounts[0], ("2022-23".to_string(), "663393.74".to_string()));
}

const PRESSURES: &str = "scenarios/24-00005-supported-living-pressures.toml";

#[test]
fn supported_living_with_growth_fees_above_funding_and_a_break() {
    // Worked in the scenario's comment: 2024-25 £109,643,835.62; 2025-26 £28,356,164.38 +
    // 138,000,000 × 1.06 × 1.04 × 290/365 (£120,871,364.38) = £149,227,528.76; nothing after
    // the break on 31 March 2026.
    let rows = run_csv("24-00005-supported-living-pressures");
    let year = |y: &str| sum(&rows, &[("financial_year", y)]);
    assert_eq!(year("2024-25"), 10_964_383_562);
    assert_eq!(year("2025-26"), 14_922_752_876);
    assert_eq!(year("2026-27"), 0);
    assert_eq!(sum(&rows, &[]), 25_887_136_438);
    // The paper's £138m run rate is now inconsistent for 2025-26, and acknowledged.
    let o = outturn(&["check", PRESSURES]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("acknowledged"), "{}", stdout(&o));
}

#[test]
fn the_pressure_of_fees_above_funded_inflation_and_the_implied_growth() {
    // At the funded 3%: 138,000,000 × 1.03 × 1.04 × 290/365 = 117,450,476.712… →
    // £117,450,476.71, plus the first year's £28,356,164.38 = £145,806,641.09 in 2025-26,
    // against £149,227,528.76 paid: £3,420,887.67.
    let tables = analyse_csv(&[PRESSURES]);
    let p = table(&tables, "pressure");
    let header = &p[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = p.iter().find(|r| r[col("year")] == "2025-26").unwrap();
    assert_eq!(row[col("at funded uplift")], "145806641.09");
    assert_eq!(row[col("at fee uplift")], "149227528.76");
    assert_eq!(row[col("pressure")], "3420887.67");
    let first = p.iter().find(|r| r[col("year")] == "2024-25").unwrap();
    assert_eq!(first[col("pressure")], "0.00");
    // (138 / 68)^(1/3) − 1 = 0.266067103… (Python decimal): 26.6067% to 26.6068%.
    let g = table(&tables, "passes it");
    let header = &g[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(g[1][col("a year, at most")], "26.6067");
    assert_eq!(g[1][col("passes it")], "26.6068");
    assert_eq!(g[1][col("years")], "3");
}

#[test]
fn a_transition_reports_each_contract_apart_and_together() {
    // The flat 22/00034 scenario: the framework runs 2021-22 in full (£12,509,300.00: the four
    // printed lines) and 183 days of 2022-23 (£3,706,326.58 + £1,340,061.37 + £799,133.42 +
    // £426,264.66 = £6,271,786.03), £18,781,086.03 in all; the new contract its 182 days
    // (£3,686,073.42 + £1,332,738.63 + £794,766.58 + £423,935.34 = £6,237,513.97) less the
    // £1,000,000 saving, £5,237,513.97. Together: 2 × £12,509,300 − £1,000,000 = £24,018,600.
    let o = outturn(&[
        "run",
        "scenarios/22-00034-community-opportunities.toml",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let totals = &json[0]["totals"];
    let by_contract: Vec<(String, String)> = totals["by_contract"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["contract"].as_str().unwrap().to_string(),
                p["amount"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        by_contract,
        [
            ("framework".to_string(), "18781086.03".to_string()),
            ("new-contract".to_string(), "5237513.97".to_string()),
        ]
    );
    assert_eq!(totals["overall"], "24018600.00");
    let o = outturn(&["run", "scenarios/22-00034-community-opportunities.toml"]);
    assert!(stdout(&o).contains("total by contract"), "{}", stdout(&o));
    let o = outturn(&["run", "scenarios/24-00051-direct-payment-support.toml"]);
    assert!(!stdout(&o).contains("total by contract"), "{}", stdout(&o));
}

#[test]
fn solve_calibrates_a_drivers_rate_and_volume() {
    // 2021-22 26+ services are £7,392,400 when the framework pays £70.00 a day for 795 people
    // (£5,565,000) beside the individual arrangements' £1,827,400: solve finds both exactly.
    for (field, expected) in [
        ("lines.framework-26plus.drivers.rate", "£70"),
        ("lines.framework-26plus.drivers.volume", "795"),
    ] {
        let o = outturn(&[
            "solve",
            DRIVERS,
            "--target",
            "total.year.2021-22=£12,509,300",
            "--for",
            field,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            stdout(&o).contains(&format!("{field} = {expected} gives")),
            "{}",
            stdout(&o)
        );
    }
}
