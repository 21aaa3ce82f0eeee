//! What if: `--set` overrides and `extends` variants, then the commands built on them:
//! `compare`, `sweep` (and its tornado), `solve` and `explain`. Figures are worked by hand or
//! with Python's `decimal`, as the comments show.

use crate::common::*;

#[test]
fn overrides_are_validated_like_the_file_and_change_no_file() {
    let before = std::fs::read(root().join(DPSS)).unwrap();
    let o = outturn(&["run", DPSS, "--set", "lines.dpss.annual=-£5"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("lines.dpss.annual: expected an amount of zero or more, found `-£5`"),
        "{err}"
    );
    assert!(
        err.starts_with("error: --set lines.dpss.annual=-£5: ")
            && err.contains(
                "note: set for the scenario scenarios/24-00051-direct-payment-support.toml"
            ),
        "{err}"
    );
    let o = outturn(&["run", DPSS, "--set", "lines.nope.annual=1"]);
    refused(
        &o,
        "--set lines.nope.annual=1: `lines` has no entry `nope`; it has dpss",
    );
    let o = outturn(&[
        "run",
        DPSS,
        "--set",
        "extensions.1.taken=false",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o).lines().count(),
        4,
        "three years without the extension"
    );
    assert_eq!(std::fs::read(root().join(DPSS)).unwrap(), before);
}

#[test]
fn the_uplift_variant_inherits_and_changes_its_base() {
    // Worked in the variant's comments: 1,300,000; 1,339,000; 1,379,170 (initial
    // 4,018,170.00) and 1,420,545.10; 1,463,161.45; 1,507,056.30 (extension 4,390,762.85).
    let rows = run_csv("20-00102-childrens-community-support-uplift-3pc");
    assert_eq!(sum(&rows, &[("phase", "initial")]), 401_817_000);
    assert_eq!(sum(&rows, &[("phase", "extension-1")]), 439_076_285);
    assert_eq!(sum(&rows, &[("financial_year", "2026-27")]), 150_705_630);
}

#[test]
fn variants_that_loop_or_lose_their_base_are_refused() {
    let dir = temp_dir();
    std::fs::write(dir.path().join("a.toml"), "extends = \"b.toml\"\n").unwrap();
    std::fs::write(dir.path().join("b.toml"), "extends = \"a.toml\"\n").unwrap();
    std::fs::write(dir.path().join("c.toml"), "extends = \"missing.toml\"\n").unwrap();
    let o = outturn(&["run", dir.path().join("a.toml").to_str().unwrap()]);
    refused(&o, "extends: the scenarios extend each other in a circle");
    let o = outturn(&["run", dir.path().join("c.toml").to_str().unwrap()]);
    refused(&o, "missing.toml does not exist");
}

#[test]
fn compare_advertised_and_actual_supported_living() {
    let o = outturn(&[
        "compare",
        "scenarios/24-00005-supported-living-advertised.toml",
        "scenarios/24-00005-supported-living-extension.toml",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // 3 x £68m = £204m against 3 x £138m = £414m: £210m more, 210/204 = +102.94%.
    assert!(
        out.contains("\ntotal,all,204000000.00,414000000.00,210000000.00,102.94\n"),
        "{out}"
    );
    assert!(
        out.contains("\nfinancial year,2024-25,54027397.26,109643835.62,55616438.36,102.94\n"),
        "{out}"
    );
}

#[test]
fn compare_one_file_with_different_settings() {
    let o = outturn(&[
        "compare",
        DPSS,
        DPSS,
        "--set",
        "2:uplift=2%",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("24-00051-direct-payment-support [uplift=2%]"),
        "{out}"
    );
    // At 2% the five years cost £3,066,710.68 (Python's decimal): £120,239.68 more, +4.08%.
    assert!(
        out.contains("\ntotal,all,2946471.00,3066710.68,120239.68,4.08\n"),
        "{out}"
    );
    let o = outturn(&["compare", DPSS, DPSS, "--set", "3:uplift=2%"]);
    assert_eq!(o.status.code(), Some(2));
    let o = outturn(&["run", DPSS, "--set", "2:uplift=2%"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("only for `outturn compare`"));
}

#[test]
fn sweep_one_and_two_fields() {
    let o = outturn(&[
        "sweep",
        DPSS,
        "--vary",
        "uplift=0%..2%/1%",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Worked with Python's decimal: 1% → £3,005,992.66, 2% → £3,066,710.68.
    assert_eq!(
        stdout(&o),
        "uplift,total.all,change,change %\n0%,2946471.00,0.00,0\n1%,3005992.66,59521.66,2.02\n2%,3066710.68,120239.68,4.08\n"
    );
    let o = outturn(&[
        "sweep",
        DPSS,
        "--vary",
        "uplift=0%..2%/2%",
        "--vary",
        "extensions.1.months=12,24",
        "--format",
        "csv",
    ]);
    // Four years at 2% (a 12-month extension) cost £2,428,839.69; 4 x 589,294.20 = 2,357,176.80.
    assert_eq!(
        stdout(&o),
        "uplift \\ extensions.1.months,12,24\n0%,2357176.80,2946471.00\n2%,2428839.69,3066710.68\n"
    );
}

#[test]
fn tornado_ranks_fields_by_swing() {
    let o = outturn(&[
        "sweep",
        DPSS,
        "--tornado",
        "--format",
        "csv",
        "--vary",
        "uplift=0%..6%/1%",
        "--vary",
        "lines.dpss.annual=500000..700000/100000",
        "--vary",
        "extensions.1.taken=true,false",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Annual value: 5 x 500,000 to 5 x 700,000, a swing of £1,000,000. Extension taken or
    // not: 5 or 3 years of 589,294.20, a swing of £1,178,588.40. Uplift 0% to 6%:
    // £2,946,471.00 to £3,321,906.18 (Python's decimal), a swing of £375,435.18.
    assert_eq!(
        stdout(&o),
        "field,low,high,figure at low,figure at high,swing\n\
         extensions.1.taken,true,false,2946471.00,1767882.60,1178588.40\n\
         lines.dpss.annual,500000,700000,2500000.00,3500000.00,1000000.00\n\
         uplift,0%,6%,2946471.00,3321906.18,375435.18\n"
    );
}

#[test]
fn solve_finds_the_flat_annual_value_of_the_five_year_total() {
    // £2,946,471 over five flat years is £589,294.20 a year exactly.
    let o = outturn(&[
        "solve",
        DPSS,
        "--target",
        "total.all=£2,946,471",
        "--for",
        "lines.dpss.annual",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "lines.dpss.annual,total.all,difference from target\n589294.20,2946471.00,0.00\n"
    );
}

#[test]
fn solve_says_when_rounding_steps_over_the_target() {
    // At 3% a year the five rounded yearly costs of £554,981.28 add to £2,946,470.99 and of
    // £554,981.29 to £2,946,471.04 (worked with Python's decimal): no penny value hits it.
    let o = outturn(&[
        "solve",
        DPSS,
        "--set",
        "uplift=3%",
        "--target",
        "total.all=£2,946,471",
        "--for",
        "lines.dpss.annual",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("£554,981.28  £2,946,470.99"), "{out}");
    assert!(out.contains("£554,981.29  £2,946,471.04"), "{out}");
    assert!(
        out.contains("no value of lines.dpss.annual to the penny gives exactly £2,946,471.00"),
        "{out}"
    );
}

#[test]
fn solve_says_when_no_value_in_range_reaches_the_target() {
    let o = outturn(&[
        "solve",
        DPSS,
        "--target",
        "total.all=£3m",
        "--for",
        "lines.dpss.annual",
        "--between",
        "£0..£500000",
    ]);
    assert_eq!(o.status.code(), Some(1));
    // At most 5 x £500,000 = £2,500,000.
    assert!(stdout(&o).contains("no value of lines.dpss.annual from £0 to £500000 reaches £3,000,000.00: the figure only runs from £0.00 to £2,500,000.00"), "{}", stdout(&o));
}

#[test]
fn solve_the_uplift_from_advertised_to_actual_supported_living_spend() {
    // Assume the contract ran from 15 June 2019 (it "went live in 2019" and ends 14 June 2024)
    // at the advertised £68m. 2022-23 holds 75 days of contract year 3 and 290 of year 4:
    // 68m x g^2 split 290:75 (the 75) plus 68m x g^3 split 290:75 (the 290). Worked with
    // Python's decimal: at 28.5959% that is £137,999,848.79, at 28.5960% £138,000,152.75.
    let o = outturn(&[
        "solve",
        "scenarios/24-00005-supported-living-advertised.toml",
        "--set",
        "start=2019-06-15",
        "--set",
        "end=2024-06-14",
        "--target",
        "total.year.2022-23=£138m",
        "--for",
        "uplift",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "uplift,total.year.2022-23,difference from target\n28.5959%,137999848.79,-151.21\n28.596%,138000152.75,152.75\n"
    );
}

#[test]
fn explain_shows_every_step_of_a_figure() {
    let o = outturn(&[
        "explain",
        "scenarios/24-00005-supported-living-extension.toml",
        "total.year.2024-25",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // 138,000,000 x 290/365 = 109,643,835.616438…, which takes the spare penny.
    assert!(
        out.contains(
            "from contract year 1 (2024-06-15 to 2025-06-14), whose full year has 365 days"
        ),
        "{out}"
    );
    assert!(out.contains("split by days: 290 of 365 days of £138,000,000.00 = £109,643,835.616438… → rounded toward zero, plus a spare penny (largest remainder): £109,643,835.62"), "{out}");
    assert!(
        out.contains("total.year.2024-25 = £109,643,835.62 (1 row added)"),
        "{out}"
    );
    // The new contract's short year: 7,392,400 x 182/365 = 3,686,073.424657…
    let o = outturn(&[
        "explain",
        "scenarios/22-00034-community-opportunities.toml",
        "line.new-service-26plus.year.2022-23",
    ]);
    let out = stdout(&o);
    assert!(out.contains("× 182/365 days = £3,686,073.424657… → rounded to the penny, half away from zero: £3,686,073.42"), "{out}");
    // Uplift: 589,294.20 x 1.03^4 = 589,294.20 x 1.12550881 = 663,255.8137…
    let o = outturn(&[
        "explain",
        DPSS,
        "line.dpss.year.2029-30",
        "--set",
        "uplift=3%",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("× uplift 1.03 × 1.03 × 1.03 × 1.03 = × 1.12550881"),
        "{out}"
    );
    assert!(out.contains("£663,255.81"), "{out}");
    let o = outturn(&["explain", DPSS, "total.colour.red"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn explain_a_whole_life_total() {
    // 2021-22: 7,392,400 + 2,672,800 + 1,593,900 + 850,200 = 12,509,300; 2022-23 the same
    // again less the £1,000,000 saving: 11,509,300; together 24,018,600 over 13 rows.
    let o = outturn(&[
        "explain",
        "scenarios/22-00034-community-opportunities.toml",
        "total.all",
    ]);
    assert!(
        stdout(&o).contains("total.all = £24,018,600.00 (13 rows added)"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("from the amount stated for 2022-23: -£1,000,000.00"),
        "{}",
        stdout(&o)
    );
}
