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
        "scenario,check,stated,computed,difference,tolerance,verdict,why"
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
            "consistent",
            "agrees exactly"
        ]
    );
    assert_eq!(find(cs, "36-month extension")[6], "consistent");
    let dp = find(
        "24-00051-direct-payment-support",
        "five-year cost, 1 April 2025 to 31 March 2030",
    );
    assert_eq!(
        dp[2..],
        [
            "2946471.00",
            "2946471.00",
            "0.00",
            "nearest 1",
            "consistent",
            "agrees exactly"
        ]
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
    // 500 + 250 = 750, 50 more than 700: at the hundreds printed, `approximately 700` stands
    // for 650 to 750, and 750 is its top end (as "about 250" could be 245 to 255).
    assert_eq!(
        props[2..],
        [
            "700",
            "750",
            "50",
            "circa 100",
            "consistent",
            "agrees at the printed precision: `approximately 700` stands for 650 to 750"
        ]
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
    // 500 + 250 = 750 against "approximately 700", which stands for 650 to 750.
    assert!(
        md.contains("| approximately 700 | 750 | +50 | circa 100 | consistent | agrees at the printed precision: `approximately 700` stands for 650 to 750 |"),
        "{md}"
    );
    assert!(
        md.contains("| £138,000,000 | £138,000,000.00 | £0.00 | nearest 1000000 | consistent | agrees exactly |"),
        "{md}"
    );
}

/// Two contracts: care, £1.3m a year for three years (then 24 months taken), and a bus
/// contract, £100,000 a year for two years. `phase = "initial"` is both contracts' initial
/// phases: 3 × £1,300,000 + 2 × £100,000 = £4,100,000.
const TWO_CONTRACTS: &str = "title = \"t\"\npaper = \"p\"\n\
[[contracts]]\nname = \"care\"\nstart = 2021-04-01\nend = 2024-03-31\nextensions = [{ months = 24, taken = true }]\n\
[[contracts]]\nname = \"bus\"\nstart = 2021-04-01\nend = 2023-03-31\n\
[[lines]]\nname = \"care\"\nkind = \"service\"\nbudget = \"b\"\ncontract = \"care\"\nannual = \"£1.3m\"\n\
[[lines]]\nname = \"bus\"\nkind = \"transport\"\nbudget = \"b\"\ncontract = \"bus\"\nannual = \"£100,000\"\n\
[[checks]]\nname = \"both initial terms\"\nphase = \"initial\"\nstated = \"£4,100,000\"\n\
[[checks]]\nname = \"care's initial term\"\nphase = \"care:initial\"\nstated = \"three years\"\n\
[[checks]]\nname = \"care's extension\"\nphase = \"care:extension-1\"\nstated = \"£2.6m\"\n";

/// Reads `check --format json` of one scenario text: each check's verdict and why, by name.
fn verdicts(
    text: &str,
) -> (
    Option<i32>,
    std::collections::BTreeMap<String, (String, String)>,
) {
    let dir = temp_dir();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, text).unwrap();
    let o = outturn(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let by_name = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_string();
            (s("check"), (s("verdict"), s("why")))
        })
        .collect();
    (o.status.code(), by_name)
}

#[test]
fn a_bare_phase_is_that_phase_of_every_contract() {
    let (status, v) = verdicts(TWO_CONTRACTS);
    assert_eq!(status, Some(0));
    assert_eq!(
        v["both initial terms"],
        ("consistent".into(), "agrees exactly".into())
    );
    // 1 April 2021 to 31 March 2024: 36 months.
    assert_eq!(
        v["care's initial term"],
        ("consistent".into(), "agrees exactly".into())
    );
    assert_eq!(
        v["care's extension"],
        ("consistent".into(), "agrees exactly".into())
    );
}

/// One contract, £1m a year: three years, then 24 months taken and 12 not. Its taken term
/// costs 5 × £1,000,000 = £5,000,000; its phases are 36, 24 and 12 months.
const ONE_CONTRACT: &str = "title = \"t\"\npaper = \"p\"\n\
[[contracts]]\nname = \"c\"\nstart = 2021-04-01\nend = 2024-03-31\n\
extensions = [{ months = 24, taken = true }, { months = 12, taken = false }]\n\
[[lines]]\nname = \"l\"\nkind = \"service\"\nbudget = \"b\"\nannual = \"£1m\"\n";

#[test]
fn durations_are_checked_against_the_contract_dates() {
    let text = format!(
        "{ONE_CONTRACT}\
         [[checks]]\nname = \"initial\"\nphase = \"initial\"\nstated = \"a 36-month term\"\n\
         [[checks]]\nname = \"whole term\"\nstated = \"3 + 2 + 1 years\"\n\
         [[checks]]\nname = \"misprinted\"\nstated = \"3 + 1 + 2 years\"\n\
         [[checks]]\nname = \"short\"\nphase = \"extension-1\"\nstated = \"18 months\"\n"
    );
    let (status, v) = verdicts(&text);
    assert_eq!(status, Some(1));
    assert_eq!(v["initial"].0, "consistent");
    assert_eq!(
        v["whole term"],
        ("consistent".into(), "agrees exactly".into())
    );
    // 72 months in all either way, but the second and third phases are 24 and 12 months.
    assert_eq!(
        v["misprinted"],
        (
            "inconsistent".into(),
            "no reading agrees: 12 months printed where the phase is 24 months; 24 months printed where the phase is 12 months".into()
        )
    );
    assert_eq!(
        v["short"],
        (
            "inconsistent".into(),
            "no reading agrees: the figure is 24 months but `18 months` stands for 18 months, 6 months apart".into()
        )
    );
}

#[test]
fn one_sided_figures_of_the_model() {
    let text = format!(
        "{ONE_CONTRACT}\
         [[checks]]\nname = \"cap\"\nstated = \"up to £5.5m\"\n\
         [[checks]]\nname = \"floor\"\nstated = \"at least £5.5m\"\n"
    );
    let (status, v) = verdicts(&text);
    assert_eq!(status, Some(1));
    assert_eq!(
        v["cap"],
        (
            "consistent".into(),
            "agrees: £5,000,000.00 is within `up to £5.5m` (a limit: the figure may be anything up to it)".into()
        )
    );
    // At least £5.5m printed to £0.1m is at least £5,450,000: £450,000 more than £5m.
    assert_eq!(
        v["floor"],
        (
            "inconsistent".into(),
            "no reading agrees: the figure is £5,000,000.00 but `at least £5.5m` stands for at least £5,450,000.00 (a minimum: the figure may be anything above it), £450,000.00 apart".into()
        )
    );
}

#[test]
fn a_folder_with_a_bad_file_still_gives_the_others_verdicts() {
    let dir = temp_dir();
    std::fs::write(dir.path().join("a-good.toml"), TWO_CONTRACTS).unwrap();
    std::fs::copy(
        root().join("tests/papers/01-shropshire-q3-2017-underspend-share.toml"),
        dir.path().join("b-inconsistent.toml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("c-bad.toml"), "title = \"t\"\n").unwrap();
    let o = outturn(&["check", dir.path().to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(out.contains("a-good,both initial terms"), "{out}");
    assert!(
        out.contains("b-inconsistent,underspend as a share of the gross budget"),
        "{out}"
    );
    let err = stderr(&o);
    assert!(err.contains("c-bad.toml"), "{err}");
    assert!(
        err.ends_with(
            "1 error in 1 file: not checked; the verdicts of the other 2 files are given\n"
        ),
        "{err}"
    );
    // Without the bad file: exit status 1 for the inconsistent paper.
    std::fs::remove_file(dir.path().join("c-bad.toml")).unwrap();
    let o = outturn(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
}

/// Rounded inputs: care printed as `approximately £12.7m` a year (£12.65m to £12.75m) and bus
/// as £1,000,000 to the nearest £100,000 (£950,000 to £1,050,000), for three years. Care as
/// printed is £38,100,000; from 3 × £12.65m = £37,950,000 to 3 × £12.75m = £38,250,000.
const ROUNDED: &str = "title = \"t\"\npaper = \"p\"\n\
[[contracts]]\nname = \"c\"\nstart = 2024-04-01\nend = 2027-03-31\n\
[[lines]]\nname = \"care\"\nkind = \"service\"\nbudget = \"b\"\nannual = \"approximately £12.7m\"\n\
[[lines]]\nname = \"bus\"\nkind = \"transport\"\nbudget = \"b\"\nannual = \"£1,000,000\"\nprecision = \"£100,000\"\n\
[[checks]]\nname = \"care\"\nline = \"care\"\nstated = \"£38.2m\"\n\
[[checks]]\nname = \"care, too high\"\nline = \"care\"\nstated = \"£38.4m\"\n\
[[checks]]\nname = \"all\"\nstated = \"£41.3m\"\n\
[[checks]]\nname = \"all, needing both\"\nstated = \"£41.4m\"\n";

#[test]
fn rounded_inputs_carry_their_rounding_into_the_checks() {
    let (status, v) = verdicts(ROUNDED);
    assert_eq!(status, Some(1));
    let care = "`lines.care.annual = approximately £12.7m`";
    assert_eq!(
        v["care"],
        (
            "consistent".into(),
            format!("agrees once the inputs printed rounded are read as the amounts they stand for ({care}): the model gives £37,950,000.00 to £38,250,000.00, which meets £38,150,000.00 to £38,250,000.00 (`£38.2m`)")
        )
    );
    assert_eq!(
        v["care, too high"],
        (
            "inconsistent".into(),
            format!("no reading agrees: the figure is £37,950,000.00 to £38,250,000.00 but `£38.4m` stands for £38,350,000.00 to £38,450,000.00, £100,000.00 apart (with {care} read as ranges)")
        )
    );
    // All as printed: £41,100,000; `£41.3m` is £41.25m to £41.35m: care alone reaches
    // £41,250,000 (its £150,000 more), so only its rounding is needed. `£41.4m` (from
    // £41.35m) needs bus's £150,000 too: £40,800,000 to £41,400,000 in all.
    assert!(v["all"].1.contains(&format!("({care}):")), "{:?}", v["all"]);
    let both = "`lines.care.annual = approximately £12.7m`, `lines.bus.annual = £1,000,000 (to the nearest 100000)`";
    assert_eq!(
        v["all, needing both"],
        (
            "consistent".into(),
            format!("agrees once the inputs printed rounded are read as the amounts they stand for ({both}): the model gives £40,800,000.00 to £41,400,000.00, which meets £41,350,000.00 to £41,450,000.00 (`£41.4m`)")
        )
    );
    // The projection itself uses the figures as printed.
    let rows = {
        let dir = temp_dir();
        let path = dir.path().join("s.toml");
        std::fs::write(&path, ROUNDED).unwrap();
        run_csv_at(path.to_str().unwrap())
    };
    assert_eq!(sum(&rows, &[]), 4_110_000_000);
}
