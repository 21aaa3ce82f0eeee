//! What the commands write, read back as their readers would: the committed `outputs/`, CSV,
//! JSON and Markdown, workbooks (calamine), SVG charts, and the report page (in headless
//! Chromium, when the machine has it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;

/// `outputs/` is what `outturn export scenarios --output-dir outputs` (the command in the
/// README) writes now: text files byte for byte, workbooks by their values and formulas.
#[test]
fn committed_outputs_are_current() {
    let dir = temp_dir();
    let out = dir.path().to_str().unwrap();
    let o = outturn(&["export", "scenarios", "--output-dir", out]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Piped, as here, the progress bars stay quiet.
    assert_eq!(stderr(&o), "");
    let list = |d: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let names = list(dir.path());
    let committed = root().join("outputs");
    // `outputs/simulate/` holds what `simulate` writes; the test
    // simulate::committed_simulation_outputs_are_current keeps it current; `outputs/monitoring/`
    // what `monitor` writes, kept current by the monitor tests.
    let mut committed_names = list(&committed);
    committed_names.retain(|n| n != "simulate" && n != "monitoring");
    assert_eq!(
        names,
        committed_names,
        "outputs/ holds other files than the engine writes; regenerate with the command in README.md"
    );
    // Five files per scenario and the checks.
    // Scenario files only: `scenarios/monitoring/` and `scenarios/conventions/` hold examples
    // of their own.
    let n_scenarios = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "toml")
        })
        .count();
    assert_eq!(names.len(), 5 * n_scenarios + 1);
    for name in names {
        let (now, was) = (dir.path().join(&name), committed.join(&name));
        let same = if name.ends_with(".xlsx") {
            workbook_content(&now) == workbook_content(&was)
        } else {
            std::fs::read(&now).unwrap() == std::fs::read(&was).unwrap()
        };
        assert!(
            same,
            "outputs/{name} differs from what the engine now writes; regenerate with the command in README.md"
        );
    }
    // The export's CSVs are exactly what `run` and `check` write.
    let run_dir = dir.path().join("run");
    let o = outturn(&[
        "run",
        "scenarios",
        "--format",
        "csv",
        "--output-dir",
        run_dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in list(&run_dir) {
        assert_eq!(
            std::fs::read(run_dir.join(&name)).unwrap(),
            std::fs::read(dir.path().join(&name)).unwrap(),
            "{name}"
        );
    }
    let o = outturn(&["check", "scenarios", "--format", "csv"]);
    assert_eq!(
        o.stdout,
        std::fs::read(dir.path().join("checks.csv")).unwrap()
    );
}

#[test]
fn json_and_markdown_carry_the_same_figures() {
    let path = "scenarios/24-00051-direct-payment-support.toml";
    let o = outturn(&["run", path, "--format", "json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = &v[0];
    assert_eq!(s["scenario"], "24-00051-direct-payment-support");
    assert_eq!(s["totals"]["overall"], "2946471.00");
    assert_eq!(s["totals"]["by_phase"][0]["amount"], "1767882.60");
    assert_eq!(s["totals"]["by_phase"][1]["phase"], "extension-1");
    assert_eq!(s["totals"]["by_phase"][1]["amount"], "1178588.40");
    assert_eq!(s["rows"].as_array().unwrap().len(), 5);
    let o = outturn(&["run", path, "--format", "markdown"]);
    let md = stdout(&o);
    assert!(md.contains("| dpss | service | children-disability-0-18 | initial | 2025-26 | 2025-04-01 | 2026-03-31 | 365 | £589,294.20 |"), "{md}");
    assert!(md.contains("**Total: £2,946,471.00**"), "{md}");
    let o = outturn(&["check", path, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["verdict"], "consistent");
    assert_eq!(v[0]["computed"], "2946471.00");
}

#[test]
fn wide_csv_reads_back_as_numbers() {
    let dir = temp_dir();
    let path = dir.path().join("wide.csv");
    let o = outturn(&[
        "run",
        "scenarios/22-00034-community-opportunities.toml",
        "--format",
        "csv",
        "--layout",
        "wide",
        "--bom",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xef\xbb\xbf",
        "starts with a byte-order mark for Excel"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["scenario", "line", "budget", "2021-22", "2022-23", "total"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // The 26+ framework service: £7,392,400 in 2021-22 and 183/365 of it, 3,706,326.58, in
    // 2022-23. The total row: 12,509,300 in 2021-22 and the same less the £1m saving after.
    assert_eq!(
        &rows[0],
        vec![
            "22-00034-community-opportunities",
            "framework-service-26plus",
            "26+",
            "7392400.00",
            "3706326.58",
            "11098726.58"
        ]
    );
    assert_eq!(
        &rows[rows.len() - 1],
        vec![
            "22-00034-community-opportunities",
            "total",
            "",
            "12509300.00",
            "11509300.00",
            "24018600.00"
        ]
    );
    // Every amount reads as a plain number (as a spreadsheet or dataframe reads it), and
    // they add up down each column.
    let column = 4; // 2022-23
    let values: Vec<f64> = rows.iter().map(|r| r[column].parse().unwrap()).collect();
    let (lines, total) = values.split_at(values.len() - 1);
    approx::assert_relative_eq!(lines.iter().sum::<f64>(), total[0], epsilon = 0.005);
    approx::assert_relative_eq!(total[0], 11_509_300.0);
}

#[test]
fn the_workbook_has_inputs_a_projection_with_live_totals_and_checks() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = temp_dir();
    let path = dir.path().join("dpss.xlsx");
    let o = outturn(&[
        "run",
        DPSS,
        "--format",
        "xlsx",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Inputs", "Projection", "Checks"]);
    let inputs = book.worksheet_range("Inputs").unwrap();
    assert_eq!(
        inputs.get((3, 1)),
        Some(&Data::String(
            "KCC decision 24/00051, financial implications".into()
        ))
    );
    let projection = book.worksheet_range("Projection").unwrap();
    // Header, one line, a total row; five years (2025-26 … 2029-30) and a total column.
    assert_eq!(
        projection.get((0, 2)),
        Some(&Data::String("2025-26".into()))
    );
    assert_eq!(projection.get((0, 7)), Some(&Data::String("Total".into())));
    assert_eq!(projection.get((1, 2)), Some(&Data::Float(589_294.2)));
    // Totals are formulas, with the engine's exact total as their stored result.
    assert_eq!(projection.get((1, 7)), Some(&Data::Float(2_946_471.0)));
    let formulas = book.worksheet_formula("Projection").unwrap();
    let formula = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(formula(1, 7), "SUM(C2:G2)");
    assert_eq!(formula(2, 2), "SUM(C2:C2)");
    assert_eq!(formula(2, 7), "SUM(H2:H2)");
    let checks = book.worksheet_range("Checks").unwrap();
    assert_eq!(checks.get((1, 6)), Some(&Data::String("consistent".into())));
    assert_eq!(checks.get((1, 3)), Some(&Data::Float(2_946_471.0)));
    // Written to standard output, a workbook is refused.
    let o = outturn(&["run", DPSS, "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn several_scenarios_make_one_workbook_with_sheets_for_each() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = temp_dir();
    let path = dir.path().join("both.xlsx");
    let o = outturn(&[
        "run",
        "scenarios/24-00005-supported-living-advertised.toml",
        "scenarios/24-00005-supported-living-extension.toml",
        "--format",
        "xlsx",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "1 Inputs",
            "1 Projection",
            "1 Checks",
            "2 Inputs",
            "2 Projection",
            "2 Checks"
        ]
    );
    let inputs = book.worksheet_range("2 Inputs").unwrap();
    assert_eq!(
        inputs.get((1, 1)),
        Some(&Data::String("24-00005-supported-living-extension".into()))
    );
    // The extension from 15 June 2024: 290/365 of £138m in 2024-25 (worked in the README),
    // £414m in all; the advertised £68m a year gives £204m.
    let extension = book.worksheet_range("2 Projection").unwrap();
    assert_eq!(extension.get((1, 2)), Some(&Data::Float(109_643_835.62)));
    assert_eq!(extension.get((2, 6)), Some(&Data::Float(414_000_000.0)));
    let advertised = book.worksheet_range("1 Projection").unwrap();
    assert_eq!(advertised.get((2, 6)), Some(&Data::Float(204_000_000.0)));
}

const COMMUNITY: &str = "scenarios/22-00034-community-opportunities.toml";

/// Whether an SVG holds a text element that says exactly `text`.
fn svg_text(svg: &str, text: &str) -> bool {
    svg.contains(&format!(">\n{text}\n</text>"))
}

#[test]
fn the_chart_shows_the_years_the_phases_and_pounds() {
    let dir = temp_dir();
    let path = dir.path().join("dpss.svg");
    let o = outturn(&["chart", DPSS, "-o", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..100]);
    assert!(svg.contains("Direct payment support service for children and young people"));
    for year in ["2025-26", "2026-27", "2027-28", "2028-29", "2029-30"] {
        assert!(svg.contains(year), "{year}");
    }
    // The initial term (to 31 March 2028) and the 24-month extension are both marked.
    assert!(svg.contains("▸ initial") && svg.contains("▸ extension-1"));
    assert!(svg.contains("Total £2,946,471.00"));
    // The value axis is in pounds, short: £589,294.20 a year sits below £600k.
    assert!(svg_text(&svg, "£600k") && svg_text(&svg, "£100k"), "{svg}");
    // One bar a year in the line's colour, and its square in the legend.
    assert_eq!(svg.matches("fill=\"#0072B2\"").count(), 5 + 1, "{svg}");
    // The same projection draws the same bytes, so committed charts diff cleanly.
    let again = outturn(&["chart", DPSS]);
    assert_eq!(again.stdout, svg.as_bytes());
}

#[test]
fn charts_stack_by_budget_and_compare_scenarios() {
    let by_budget = stdout(&outturn(&["chart", COMMUNITY, "--stack", "budget"]));
    assert!(by_budget.contains("Stacked by budget"));
    assert!(svg_text(&by_budget, "26+") && svg_text(&by_budget, "18-25"));
    // Two contracts: each phase is labelled with its contract.
    assert!(by_budget.contains("framework:initial"), "{by_budget}");
    let o = outturn(&[
        "chart",
        "scenarios/24-00005-supported-living-advertised.toml",
        "scenarios/24-00005-supported-living-extension.toml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let compared = stdout(&o);
    assert!(compared.contains("Scenarios compared"));
    // Legend names are cut to fit their panel.
    assert!(compared.contains("24-00005-supported-living-adv…"));
    assert!(compared.contains("2: total £414,000,000.00"));
    assert!(compared.contains("1: total £204,000,000.00"));
    // Up to £138m in a year, on an axis in £m.
    assert!(svg_text(&compared, "£100m"), "{compared}");
}

/// Text from a scenario file is escaped on the page: a title cannot inject markup.
#[test]
fn the_report_escapes_scenario_text() {
    let dir = temp_dir();
    let text = std::fs::read_to_string(root().join(DPSS)).unwrap().replace(
        "title = \"Direct payment support service for children and young people\"",
        "title = \"Care & support <script>alert('x')</script>\"",
    );
    let scenario = dir.path().join("odd.toml");
    std::fs::write(&scenario, text).unwrap();
    let o = outturn(&["report", scenario.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(html.contains("Care &amp; support &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(!html.contains("<script"));
}

/// Where the browser test looks for Chromium: Debian's `chromium` package.
const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium, when the machine has it. A test never installs anything: `.ci/run` installs
/// Chromium and sets `OUTTURN_REQUIRE_CHROMIUM=1`, so there a missing browser fails the test
/// instead of skipping it.
fn chromium() -> Option<PathBuf> {
    let path = PathBuf::from(CHROMIUM);
    if path.exists() {
        return Some(path);
    }
    let advice = "install it with `apt-get install -y chromium` (as root) to run this test";
    assert!(
        std::env::var_os("OUTTURN_REQUIRE_CHROMIUM").is_none(),
        "no Chromium at {CHROMIUM}, and OUTTURN_REQUIRE_CHROMIUM is set: {advice}"
    );
    // Written to the process's standard error, not with `eprintln!`, which the test harness
    // captures and shows only for a failing test: a skip must be seen.
    use std::io::Write;
    writeln!(
        std::io::stderr(),
        "skipped: the report page's browser check: no Chromium at {CHROMIUM}; {advice}"
    )
    .expect("standard error is writable");
    None
}

/// Runs headless `chromium` on `page` with `extra` arguments, in a fresh profile.
fn headless(chromium: &Path, page: &Path, extra: &[&str]) -> Output {
    let profile = temp_dir();
    let o = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("Chromium runs");
    assert!(o.status.success(), "Chromium failed: {}", stderr(&o));
    o
}

/// The report page, opened in a real headless browser: it loads with no errors, needs
/// nothing from the network, shows the key figures, and renders to a non-blank screenshot.
/// Without Chromium only the page's own checks run, and the test says it skipped the rest.
#[test]
fn the_report_page_renders_in_a_browser() {
    let dir = temp_dir();
    let page = dir.path().join("report.html");
    let o = outturn(&[
        "report",
        DPSS,
        "scenarios/24-00005-supported-living-extension.toml",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).unwrap();
    // Self-contained: no scripts, no stylesheets or images fetched from anywhere.
    for banned in ["<script", "<link", "<img", "src=", "@import", "url("] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert_eq!(
        html.matches("<svg").count(),
        3,
        "two profiles and the comparison"
    );

    let Some(chromium) = chromium() else {
        return;
    };
    let o = headless(&chromium, &page, &["--dump-dom"]);
    let dom = stdout(&o);
    let log = stderr(&o);
    // A console message (a script error, a resource that failed to load) is logged as
    // `INFO:CONSOLE`; a self-contained page with no scripts has none.
    for error in ["CONSOLE", "Uncaught", "ERR_"] {
        assert!(!log.contains(error), "{error} in {log}");
    }
    // The figures worked in the README: £589,294.20 a year, £2,946,471.00 over five years;
    // the supported-living extension's £109,643,835.62 in 2024-25 and £414m in all.
    for figure in [
        "£589,294.20",
        "£2,946,471.00",
        "£109,643,835.62",
        "£414,000,000.00",
    ] {
        assert!(dom.contains(figure), "{figure} is not on the rendered page");
    }
    assert!(dom.contains("✓ consistent"));
    // Each verdict with why (the property count agrees once `approximately 700` is read at
    // its printed precision, so neither page has an acknowledged figure any more).
    assert!(dom.contains("agrees at the printed precision"));

    let shot = dir.path().join("report.png");
    headless(
        &chromium,
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
            "--hide-scrollbars",
        ],
    );
    let bytes = std::fs::read(&shot).expect("Chromium wrote the screenshot");
    assert!(
        bytes.len() > 20_000,
        "screenshot is only {} bytes",
        bytes.len()
    );
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (1280, 2000));
    // Not blank: many colours (text, table shading, the chart's bars), and plenty of pixels
    // that are not the white background.
    let step = info.color_type.samples();
    let colours: std::collections::HashSet<&[u8]> =
        pixels[..info.buffer_size()].chunks(step).collect();
    assert!(colours.len() > 50, "only {} colours", colours.len());
    let not_white = pixels[..info.buffer_size()]
        .chunks(step)
        .filter(|p| p[..3] != [255, 255, 255])
        .count();
    assert!(
        not_white > (1280 * 2000) / 50,
        "only {not_white} pixels are not white"
    );
}
