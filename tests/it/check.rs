//! `outturn check`: the figures the papers printed against the projection, each with its
//! verdict, and the exit status an inconsistent figure gives.

use crate::common::*;

#[test]
fn checks_on_the_bundled_scenarios() {
    let o = outturn(&["check", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    assert_eq!(
        reader
            .headers()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
            .join(","),
        "scenario,check,stated,computed,difference,tolerance,verdict"
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let find = |scenario: &str, check: &str| {
        rows.iter()
            .find(|r| r[0] == scenario && r[1] == check)
            .unwrap_or_else(|| panic!("no check {scenario} / {check}"))
            .clone()
    };
    let cs = "20-00102-childrens-community-support";
    assert_eq!(
        find(cs, "initial term to 31 March 2024")[2..],
        [
            "3900000.00",
            "3900000.00",
            "0.00",
            "circa 100000",
            "consistent"
        ]
    );
    assert_eq!(find(cs, "36-month extension")[6], "consistent");
    let dp = find(
        "24-00051-direct-payment-support",
        "five-year cost, 1 April 2025 to 31 March 2030",
    );
    assert_eq!(
        dp[2..],
        ["2946471.00", "2946471.00", "0.00", "exact", "consistent"]
    );
    let co = "22-00034-community-opportunities";
    assert_eq!(find(co, "2021-22 services total")[3], "10065200.00");
    assert_eq!(
        find(co, "printed cohorts add to the printed total")[6],
        "consistent"
    );
    let props = find(
        "24-00005-supported-living-extension",
        "properties: 500 at go-live plus about 250 added",
    );
    // 500 + 250 = 750, 50 more than 700, and 750 rounds to 800 at the hundreds printed.
    assert_eq!(
        props[2..],
        ["700", "750", "50", "circa 100", "acknowledged"]
    );
    assert!(rows.iter().all(|r| r[6] != "inconsistent"));
}

#[test]
fn an_inconsistent_check_exits_1() {
    let dir = temp_dir();
    let path = dir.path().join("wrong.toml");
    std::fs::write(
        &path,
        "title = \"t\"\npaper = \"p\"\n[[contracts]]\nname = \"c\"\nstart = 2021-04-01\nend = 2022-03-31\n\
         [[lines]]\nname = \"l\"\nkind = \"service\"\nbudget = \"b\"\nannual = \"£1.3m\"\n\
         [[checks]]\nname = \"too high\"\nstated = \"circa £1.4m\"\n",
    )
    .unwrap();
    let o = outturn(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("too high"), "{out}");
    assert!(out.contains("-£100,000.00"), "{out}");
    assert!(out.contains("inconsistent"), "{out}");
}

#[test]
fn checks_as_markdown() {
    let o = outturn(&[
        "check",
        "scenarios/24-00005-supported-living-extension.toml",
        "--format",
        "markdown",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let md = stdout(&o);
    // 500 + 250 = 750 against "approximately 700": 50 more, acknowledged.
    assert!(
        md.contains("| approximately 700 | 750 | +50 | circa 100 | **acknowledged** |"),
        "{md}"
    );
    assert!(
        md.contains("| £138,000,000 | £138,000,000.00 | £0.00 | exact | consistent |"),
        "{md}"
    );
}
