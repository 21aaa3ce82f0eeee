//! End-to-end tests of `outturn simulate`: figures worked by hand (or in Python, as the
//! comments show), never copied from the output.

use std::collections::BTreeMap;
use std::path::PathBuf;

use approx::assert_abs_diff_eq;

use crate::common::{outturn, outturn_on_threads, refused, root, stderr, stdout, temp_dir};

const UNCERTAIN: &str = "scenarios/24-00005-supported-living-uncertain.toml";

/// A scenario in a fresh folder that extends a bundled one and states its own uncertainty.
fn scenario(dir: &tempfile::TempDir, base: &str, body: &str) -> PathBuf {
    let path = dir.path().join("s.toml");
    let base = root().join("scenarios").join(base);
    std::fs::write(
        &path,
        format!("extends = {:?}\n{body}", base.to_str().unwrap()),
    )
    .unwrap();
    path
}

/// The summary grid of `simulate --format csv`, as rows keyed by figure then column.
pub(crate) fn summary(args: &[&str]) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut all = vec!["simulate"];
    all.extend(args);
    all.extend(["--format", "csv"]);
    let o = outturn(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let first = out.split("\n\n").next().unwrap();
    let mut reader = csv::Reader::from_reader(first.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let row: BTreeMap<String, String> = header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect();
            (row["figure"].clone(), row)
        })
        .collect()
}

fn pounds(text: &str) -> f64 {
    text.parse().unwrap()
}

#[test]
fn all_fixed_reproduces_the_central_run_to_the_penny() {
    let dir = temp_dir();
    let s = scenario(
        &dir,
        "24-00005-supported-living-uncertain.toml",
        "[[uncertainty]]\nfield = \"lines.supported-living.uplift\"\nfixed = \"6%\"\n[[uncertainty]]\nfield = \"lines.supported-living.growth\"\nfixed = \"3%\"\n",
    );
    let rows = summary(&[s.to_str().unwrap(), "--draws", "200"]);
    // Worked by hand in the scenario's comment: 138,000,000 + 150,668,400.00 (× 1.06 × 1.03)
    // + 164,499,759.12 (× (1.06 × 1.03)²) = 453,168,159.12; 2025-26 is 75 days of year 1
    // (£28,356,164.38) and 290 of year 2 (150,668,400 × 290/365 = £119,709,139.73).
    let expected = [
        ("total.all", "453168159.12"),
        ("total.phase.initial", "453168159.12"),
        ("total.year.2024-25", "109643835.62"),
        ("total.year.2025-26", "148065304.11"),
        ("total.year.2026-27", "161657699.02"),
        ("total.year.2027-28", "33801320.37"),
        // The paper's £138m for 2025-26, a check: the year's figure again.
        ("check.2022/23 spend as the annual run rate", "148065304.11"),
    ];
    assert_eq!(rows.len(), expected.len());
    for (figure, amount) in expected {
        let row = &rows[figure];
        for column in ["central", "mean", "P5", "P10", "P50", "P90", "P95"] {
            assert_eq!(row[column], amount, "{figure} {column}");
        }
        assert_eq!(row["P(> central) %"], "0.00");
        assert_eq!(row["draws"], "200");
        assert_eq!(row["seed"], "42");
    }
}

#[test]
fn a_fixed_value_is_the_same_as_set() {
    let dir = temp_dir();
    let s = scenario(
        &dir,
        "24-00005-supported-living-uncertain.toml",
        "[[uncertainty]]\nfield = \"lines.supported-living.uplift\"\nfixed = \"4.5%\"\n",
    );
    let rows = summary(&[s.to_str().unwrap(), "--draws", "10"]);
    // Python: 138e6 × (1.045 × 1.03) = 148,536,300.00; × (1.045 × 1.03)² = 159,877,046.51
    // (rounded once); 138,000,000 + both = 446,413,346.51.
    assert_eq!(rows["total.all"]["P50"], "446413346.51");
    assert_eq!(rows["total.all"]["mean"], "446413346.51");
    // The central run is the scenario as written (6%), shown beside the draws.
    assert_eq!(rows["total.all"]["central"], "453168159.12");
    let o = outturn(&[
        "run",
        UNCERTAIN,
        "--set",
        "lines.supported-living.uplift=4.5%",
    ]);
    assert!(
        stdout(&o).contains("total  £446,413,346.51"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_uniform_uplift_has_its_median_at_the_central_case() {
    let dir = temp_dir();
    let s = scenario(
        &dir,
        "24-00005-supported-living-uncertain.toml",
        "[[uncertainty]]\nfield = \"lines.supported-living.uplift\"\nuniform = [\"0%\", \"12%\"]\n",
    );
    let rows = summary(&[s.to_str().unwrap(), "--draws", "100000", "--seed", "7"]);
    // The total rises with the uplift, so its P50 is the total at the uplift's P50, 6%: the
    // central £453,168,159.12. The median of 100,000 uniform draws on 0–12% is within
    // 3 × 12 / (2 √100,000) = 0.057 points of 6%, and a point of uplift moves the total by
    // about £4.5m (year 2 by 1/106 of £150.7m, year 3 by 2/106 of £164.5m): so within
    // £0.26m; the tolerance is £0.5m (0.11%).
    assert_abs_diff_eq!(
        pounds(&rows["total.all"]["P50"]),
        453_168_159.12,
        epsilon = 500_000.0
    );
    // About half the draws are above the central case.
    assert_abs_diff_eq!(
        pounds(&rows["total.all"]["P(> central) %"]),
        50.0,
        epsilon = 1.0
    );
}

#[test]
fn a_triangular_run_rate_has_the_mean_of_its_points() {
    let dir = temp_dir();
    // The extension has no uplift: three full contract years, so the total is exactly three
    // times the sampled annual value (each year's pieces add back to it).
    let s = scenario(
        &dir,
        "24-00005-supported-living-extension.toml",
        "[[uncertainty]]\nfield = \"lines.supported-living.annual\"\ntriangular = [\"£120m\", \"£138m\", \"£162m\"]\n",
    );
    let rows = summary(&[s.to_str().unwrap(), "--draws", "100000"]);
    // Mean (120 + 138 + 162) / 3 = £140m a year, £420m in all; the triangular sd is
    // √((120² + 138² + 162² − 120·138 − 120·162 − 138·162) / 18) = £8.60m, so the mean of
    // 100,000 totals has a standard error of 3 × 8.60 / √100,000 = £0.082m: tolerance £0.4m.
    assert_abs_diff_eq!(
        pounds(&rows["total.all"]["mean"]),
        420_000_000.0,
        epsilon = 400_000.0
    );
    assert_eq!(rows["total.all"]["central"], "414000000.00");
    // Every draw is three equal years: the total's pennies divide by three.
    for column in ["P5", "P10", "P50", "P90", "P95"] {
        let pennies = (pounds(&rows["total.all"][column]) * 100.0).round() as i64;
        assert_eq!(pennies % 3, 0, "{column}");
        assert!((360_000_000.0..=486_000_000.0).contains(&pounds(&rows["total.all"][column])));
    }
}

#[test]
fn a_discrete_break_date_and_the_chance_of_exceeding() {
    let dir = temp_dir();
    let s = scenario(
        &dir,
        "24-00005-supported-living-uncertain.toml",
        "[[contracts]]\nname = \"supported-living-extension\"\nbreak = { on = 2027-06-14, notice_months = 6 }\n[[uncertainty]]\nfield = \"contracts.supported-living-extension.break.on\"\ndiscrete = [{ value = 2026-03-31, p = \"25%\" }, { value = 2027-06-14, p = \"75%\" }]\n",
    );
    let rows = summary(&[
        s.to_str().unwrap(),
        "--draws",
        "4000",
        "--exceed",
        "total.all=£300m",
    ]);
    // Broken on 31 March 2026: 2024-25 £109,643,835.62, 2025-26 £28,356,164.38 plus year 2
    // cut to 290 of 365 days (150,668,400 × 290/365 = £119,709,139.73): £257,709,139.73.
    // Unbroken (a break on the last day): £453,168,159.12. With a 25% chance of the break,
    // P5 and P10 are the broken total and P50 up the full one.
    let all = &rows["total.all"];
    assert_eq!(all["P5"], "257709139.73");
    assert_eq!(all["P10"], "257709139.73");
    assert_eq!(all["P50"], "453168159.12");
    assert_eq!(all["P95"], "453168159.12");
    assert_eq!(all["stated"], "300000000.00");
    assert_abs_diff_eq!(pounds(&all["P(> stated) %"]), 75.0, epsilon = 2.0);
    // The last two years are spent only when there is no break.
    assert_eq!(rows["total.year.2026-27"]["P10"], "0.00");
    assert_eq!(rows["total.year.2026-27"]["P50"], "161657699.02");
}

#[test]
fn the_same_seed_gives_the_same_output_on_any_number_of_threads() {
    let run = |seed: &str, threads: &str| {
        let o = outturn_on_threads(
            &[
                "simulate", UNCERTAIN, "--draws", "2000", "--seed", seed, "--format", "csv",
            ],
            threads,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let one = run("42", "1");
    assert_eq!(one, run("42", "2"));
    assert_eq!(one, run("42", "7"));
    assert_ne!(one, run("43", "2"));
}

#[test]
fn fee_uplift_and_demand_drive_the_bundled_scenario() {
    let o = outturn(&["simulate", UNCERTAIN, "--draws", "5000", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let sensitivity = out.split("\n\n").nth(1).unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(sensitivity.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let fields: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    // The uplift (2–12%, sd 2.1 points) moves years 2 and 3 by about 2 and 4 per cent a
    // point; growth (1–6%, sd 1.0 point) by as much a point but half the spread; the run
    // rate's sd of £2m is 1.4% of every year. So the uplift drives the spread, then growth,
    // and all three push the total up.
    assert_eq!(
        fields,
        [
            "lines.supported-living.uplift",
            "lines.supported-living.growth",
            "lines.supported-living.annual"
        ]
    );
    for r in &rows {
        let rho: f64 = r[2].parse().unwrap();
        assert!(rho > 0.2, "{r:?}");
    }
}

#[test]
fn fan_chart_data_by_financial_year() {
    let dir = temp_dir();
    let fan = dir.path().join("fan.csv");
    let o = outturn(&[
        "simulate",
        UNCERTAIN,
        "--draws",
        "1000",
        "--fan",
        fan.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&fan).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "financial_year,central,mean,p5,p10,p50,p90,p95,draws,seed"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let years: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(years, ["2024-25", "2025-26", "2026-27", "2027-28"]);
    for r in &rows {
        let p: Vec<f64> = r[3..8].iter().map(|x| pounds(x)).collect();
        assert!(p.windows(2).all(|w| w[0] <= w[1]), "{r:?}");
        assert_eq!(&r[8..], ["1000", "42"]);
    }
    // Year 1 has no uplift or growth: only the run rate moves it (290/365 of it).
    assert_eq!(rows[0][1], "109643835.62");
}

fn simulate_error(body: &str) -> String {
    let dir = temp_dir();
    let s = scenario(&dir, "24-00005-supported-living-uncertain.toml", body);
    let o = outturn(&["simulate", s.to_str().unwrap(), "--draws", "10"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    stderr(&o)
}

#[test]
fn bad_distributions_are_refused_with_their_place() {
    let e = simulate_error("[[uncertainty]]\nfield = \"uplift\"\nuniform = [\"5%\", \"2%\"]\n");
    assert!(
        e.contains("s.toml:4:11: uplift: uniform = [low, high]: the low value 5% is above the high value 2%"),
        "{e}"
    );
    let e = simulate_error(
        "[[uncertainty]]\nfield = \"uplift\"\nnormal = { mean = \"4%\", sd = \"-1.5%\" }\n",
    );
    assert!(
        e.contains("normal: the standard deviation may not be negative, found -1.5%"),
        "{e}"
    );
    let e = simulate_error("[[uncertainty]]\nfield = \"uplift\"\ndiscrete = [{ value = \"2%\", p = \"40%\" }, { value = \"5%\", p = \"40%\" }]\n");
    assert!(
        e.contains("discrete: the probabilities add to 80%, not 100%"),
        "{e}"
    );
    let e = simulate_error(
        "[[uncertainty]]\nfield = \"lines.nursing.uplift\"\nuniform = [\"2%\", \"5%\"]\n",
    );
    assert!(
        e.contains("`lines` has no entry `nursing`; it has supported-living"),
        "{e}"
    );
    // A value the field itself refuses, as the reader says it.
    let e = simulate_error(
        "[[uncertainty]]\nfield = \"lines.supported-living.annual\"\nuniform = [\"2%\", \"5%\"]\n",
    );
    assert!(e.contains("the scenario refuses 2.0000%"), "{e}");
    let e = simulate_error("title = \"no uncertainty\"\n");
    assert!(e.contains("the scenario has no [[uncertainty]]"), "{e}");
}

#[test]
fn committed_simulation_outputs_are_current() {
    let dir = temp_dir();
    let out = dir.path().join("out.csv");
    let fan = dir.path().join("fan.csv");
    let fan_chart = dir.path().join("fan.svg");
    let tornado = dir.path().join("tornado.svg");
    // The command in README.md.
    let o = outturn(&[
        "simulate",
        UNCERTAIN,
        "--draws",
        "10000",
        "--seed",
        "42",
        "--exceed",
        "total.all=£460m",
        "--format",
        "csv",
        "--output",
        out.to_str().unwrap(),
        "--fan",
        fan.to_str().unwrap(),
        "--fan-chart",
        fan_chart.to_str().unwrap(),
        "--tornado",
        tornado.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The charts name what they show, and the draws and seed they came from.
    let fan_svg = std::fs::read_to_string(&fan_chart).unwrap();
    for text in [
        "P5 to P95",
        "P10 to P90",
        "central run",
        "2025-26",
        "10,000 draws, seed 42",
    ] {
        assert!(fan_svg.contains(text), "the fan chart lacks `{text}`");
    }
    let tornado_svg = std::fs::read_to_string(&tornado).unwrap();
    for text in [
        "lines.supported-living.uplift",
        "lines.supported-living.growth",
        "lines.supported-living.annual",
        "rank correlation with the whole-life total",
    ] {
        assert!(tornado_svg.contains(text), "the tornado lacks `{text}`");
    }
    for (now, committed) in [
        (
            &fan_chart,
            "outputs/simulate/24-00005-supported-living-uncertain.fan.svg",
        ),
        (
            &tornado,
            "outputs/simulate/24-00005-supported-living-uncertain.tornado.svg",
        ),
        (
            &out,
            "outputs/simulate/24-00005-supported-living-uncertain.csv",
        ),
        (
            &fan,
            "outputs/simulate/24-00005-supported-living-uncertain.fan.csv",
        ),
    ] {
        assert!(
            std::fs::read(now).unwrap() == std::fs::read(root().join(committed)).unwrap(),
            "{committed} differs from what the engine now writes; regenerate with the command in README.md"
        );
    }
}

/// The whole-register total `outturn portfolio` gives (matched byte for byte to
/// ../shared/bench/ref_decimal.py by the portfolio tests), in pennies.
fn portfolio_total(register: &str) -> i64 {
    let o = outturn(&["portfolio", register, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
        .lines()
        .skip(1)
        .map(|l| {
            let amount = l.rsplit(',').next().unwrap();
            (amount.parse::<f64>().unwrap() * 100.0).round() as i64
        })
        .sum()
}

/// Register-wide shocks fixed at nothing: no uplift shift, every annual value at 100%.
pub(crate) const FIXED_SHOCKS: &str = "[[uncertainty]]\nfield = \"uplift_shift\"\nfixed = \"0%\"\n[[uncertainty]]\nfield = \"annual_factor\"\nfixed = \"100%\"\n";

fn register_uncertainty(dir: &tempfile::TempDir, body: &str) -> String {
    let path = dir.path().join("u.toml");
    std::fs::write(&path, body).unwrap();
    path.to_str().unwrap().to_string()
}

fn pennies(text: &str) -> i64 {
    let (pounds, pence) = text.split_once('.').unwrap();
    pounds.parse::<i64>().unwrap() * 100 + pence.parse::<i64>().unwrap()
}

#[test]
fn a_register_with_fixed_shocks_is_the_portfolio_total() {
    let dir = temp_dir();
    let u = register_uncertainty(&dir, FIXED_SHOCKS);
    let register = "tests/portfolio/register.csv";
    let rows = summary(&["--register", register, "--uncertainty", &u, "--draws", "20"]);
    let expected = portfolio_total(register);
    let all = &rows["total.all"];
    for column in ["central", "mean", "P5", "P50", "P95"] {
        assert_eq!(pennies(&all[column]), expected, "{column}");
    }
}

#[test]
fn a_register_uplift_shift_is_every_uplift_moved() {
    let dir = temp_dir();
    let u = register_uncertainty(
        &dir,
        "[[uncertainty]]\nfield = \"uplift_shift\"\nfixed = \"1.5%\"\n",
    );
    // The same register with 1.5 added to every uplift_pct (the last column), by
    // `outturn portfolio`.
    let text = std::fs::read_to_string(root().join("tests/portfolio/register.csv")).unwrap();
    let mut lines = text.lines();
    let mut shifted = format!("{}\n", lines.next().unwrap());
    for l in lines {
        let (rest, uplift) = l.rsplit_once(',').unwrap();
        let u: f64 = uplift.parse().unwrap();
        shifted += &format!("{rest},{:.2}\n", u + 1.5);
    }
    let shifted_path = dir.path().join("shifted.csv");
    std::fs::write(&shifted_path, shifted).unwrap();
    let rows = summary(&[
        "--register",
        "tests/portfolio/register.csv",
        "--uncertainty",
        &u,
        "--draws",
        "5",
    ]);
    assert_eq!(
        pennies(&rows["total.all"]["P50"]),
        portfolio_total(shifted_path.to_str().unwrap())
    );
}

#[test]
fn a_register_simulation_is_reproducible_and_checks_its_fields() {
    let dir = temp_dir();
    let u = register_uncertainty(
        &dir,
        "[[uncertainty]]\nfield = \"annual_factor\"\ntriangular = [\"95%\", \"100%\", \"110%\"]\n",
    );
    let run = |threads: &str| {
        let o = outturn_on_threads(
            &[
                "simulate",
                "--register",
                "tests/portfolio/register.csv",
                "--uncertainty",
                &u,
                "--draws",
                "300",
                "--format",
                "csv",
            ],
            threads,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    assert_eq!(run("1"), run("3"));
    let bad = register_uncertainty(
        &dir,
        "[[uncertainty]]\nfield = \"inflation\"\nuniform = [\"1%\", \"2%\"]\n",
    );
    let o = outturn(&[
        "simulate",
        "--register",
        "tests/portfolio/register.csv",
        "--uncertainty",
        &bad,
    ]);
    refused(&o, "a register simulation has the fields uplift_shift");
}

#[test]
fn the_chance_a_printed_figure_is_exceeded() {
    let dir = temp_dir();
    let s = scenario(
        &dir,
        "24-00051-direct-payment-support.toml",
        "[[uncertainty]]\nfield = \"uplift\"\nuniform = [\"-1%\", \"1%\"]\n",
    );
    let rows = summary(&[s.to_str().unwrap(), "--draws", "10000"]);
    // The paper's five-year cost, £2,946,471, is the scenario with no uplift (£589,294.20 ×
    // 5 = £2,946,471.00). The total rises with the uplift, so it exceeds the paper's figure
    // exactly when the draw's uplift is above 0%: half of a uniform −1%…1%, within 1.5
    // points at 10,000 draws (3 standard errors of 0.5).
    let check = &rows["check.five-year cost, 1 April 2025 to 31 March 2030"];
    assert_eq!(check["stated"], "2946471.00");
    assert_eq!(check["central"], "2946471.00");
    assert_abs_diff_eq!(pounds(&check["P(> stated) %"]), 50.0, epsilon = 1.5);
    assert_eq!(check["P50"], rows["total.all"]["P50"]);
}

/// A register simulation refuses what `portfolio` refuses of a register: a repeated id (each
/// row would be costed as a contract), unless `--duplicate-ids add` says each row is one; and
/// it reads `£` amounts and UK dates with the same options. The register is
/// `tests/errors/register-duplicate-ids.csv`: id 1 on lines 2 and 4, £100,000.00 a year for
/// three years from 1 April 2024 with 2.5% uplifts (£100,000.00, £102,500.00, £105,062.50),
/// and id 2 £5,000.00 (£5,000.00, £5,125.00, £5,253.13, the last 5,253.125 rounded half away
/// from zero): 2 × £307,562.50 + £15,378.13 = £630,503.13 with both rows of id 1 added.
#[test]
fn a_register_simulation_refuses_repeated_ids_as_portfolio_does() {
    let dir = temp_dir();
    let u = register_uncertainty(
        &dir,
        "[[uncertainty]]\nfield = \"uplift_shift\"\nfixed = \"0%\"\n",
    );
    let register = "tests/errors/register-duplicate-ids.csv";
    let o = outturn(&[
        "simulate",
        "--register",
        register,
        "--uncertainty",
        &u,
        "--draws",
        "5",
    ]);
    refused(&o, "id 1 is on 2 rows (lines 2 and 4)");
    let rows = summary(&[
        "--register",
        register,
        "--uncertainty",
        &u,
        "--draws",
        "5",
        "--duplicate-ids",
        "add",
    ]);
    assert_eq!(pennies(&rows["total.all"]["central"]), 63_050_313);
    // The same register written as an officer's export: £ amounts and UK dates.
    let text = std::fs::read_to_string(root().join(register))
        .unwrap()
        .replace("2024-04-01", "01/04/2024")
        .replace("100000.00", "\"£100,000.00\"")
        .replace("5000.00", "\"£5,000.00\"");
    let uk = dir.path().join("uk.csv");
    std::fs::write(&uk, text).unwrap();
    let rows = summary(&[
        "--register",
        uk.to_str().unwrap(),
        "--uncertainty",
        &u,
        "--draws",
        "5",
        "--duplicate-ids",
        "add",
        "--amounts",
        "gbp",
        "--date-format",
        "dmy",
    ]);
    assert_eq!(pennies(&rows["total.all"]["central"]), 63_050_313);
    // Group names spelled two ways split no total of a simulation, which totals the whole
    // register: £1,000.00 and £2,000.00 for a year from 1 April 2024, no uplift, £3,000.00.
    let alike = dir.path().join("alike.csv");
    std::fs::write(
        &alike,
        "id,directorate,start,term_years,extension_months,annual_value,uplift_pct\n\
         1,Adults,2024-04-01,1,0,1000.00,0\n2,adults ,2024-04-01,1,0,2000.00,0\n",
    )
    .unwrap();
    let rows = summary(&[
        "--register",
        alike.to_str().unwrap(),
        "--uncertainty",
        &u,
        "--draws",
        "5",
    ]);
    assert_eq!(pennies(&rows["total.all"]["central"]), 300_000);
}
