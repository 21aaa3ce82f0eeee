//! The report page: one self-contained HTML file per run (inline CSS and inline SVG charts,
//! no scripts, no external references), ready to attach to a committee paper.
//!
//! Like every presenter it does no arithmetic: figures are the model's and the totals'
//! ([`outturn_engine::year_table`]); its tables are written by the one table writer
//! ([`crate::present::table`]), which escapes every text taken from a scenario file.

use outturn_engine::grid::{year_rows, Cell};

use crate::present::assumptions::assumptions;
use crate::present::run::RunReport;
use crate::present::table::{escape_html as escape, Table};

const STYLE: &str = "
body { font-family: system-ui, 'Segoe UI', Arial, sans-serif; color: #1b1b1b; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.4rem; margin-top: 2.5rem; border-bottom: 2px solid #0072b2; padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
p.paper { color: #444; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.92rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.3rem 0.6rem; vertical-align: top; }
th { background: #eef2f7; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; background: #f6f6f6; }
.summary { font-size: 1.15rem; }
.verdict { display: inline-block; padding: 0.1rem 0.5rem; border-radius: 0.3rem; font-weight: bold; white-space: nowrap; }
.verdict.consistent { background: #dcefe4; color: #0b5a2f; border: 1px solid #0b5a2f; }
.verdict.inconsistent { background: #fbe0dc; color: #8a1c0c; border: 1px solid #8a1c0c; }
.verdict.acknowledged { background: #fff1cc; color: #6b4a00; border: 1px solid #6b4a00; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 0.9rem; }
footer { margin-top: 3rem; color: #666; font-size: 0.85rem; }
";

/// A scenario's total by phase, with the overall total.
fn phases_table(rep: &RunReport) -> Table {
    let mut rows: Vec<Vec<Cell>> = rep
        .totals
        .by_phase
        .iter()
        .map(|(p, m)| vec![Cell::Text(p.clone()), Cell::Money(*m)])
        .collect();
    rows.push(vec![
        Cell::Text("Total".into()),
        Cell::Money(rep.totals.overall),
    ]);
    Table::aligned(["Phase", "Amount"], &[false, true], rows).with_total_row()
}

/// The assumptions that have a value.
fn assumptions_table(rep: &RunReport) -> Table {
    let rows = assumptions(&rep.evaluated.loaded)
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| vec![Cell::Text(k), Cell::Text(v)])
        .collect();
    Table::aligned(["Input", "Value"], &[false, false], rows)
}

/// The papers' layout: a row per line and budget, a column per financial year, and totals.
fn projection_table(rep: &RunReport) -> Table {
    let w = &rep.wide;
    let mut header = vec!["Line", "Budget"];
    header.extend(w.years.iter().map(String::as_str));
    header.push("Total");
    let mut right = vec![false, false];
    right.extend(w.years.iter().map(|_| true));
    right.push(true);
    let rows = year_rows(
        w,
        |(line, budget)| vec![Cell::Text(line.clone()), Cell::Text(budget.clone())],
        vec![Cell::Text("Total".into()), Cell::Empty],
    );
    Table::aligned(header, &right, rows).with_total_row()
}

/// Each check with its verdict and, where an inconsistency is accepted, why.
fn checks_table(rep: &RunReport) -> Table {
    let rows = rep
        .evaluated
        .outcomes
        .iter()
        .map(|o| {
            vec![
                Cell::Text(o.check.clone()),
                Cell::Text(o.text.clone()),
                Cell::figure(o.computed, o.money()),
                Cell::Signed(Box::new(Cell::figure(o.difference, o.money()))),
                Cell::Text(o.tolerance.to_string()),
                Cell::Verdict(o.verdict),
                Cell::Text(crate::present::check::why(o)),
                Cell::Text(o.reason.clone().unwrap_or_default()),
            ]
        })
        .collect();
    let header = [
        "Check",
        "Printed",
        "Computed",
        "Difference",
        "Tolerance",
        "Verdict",
        "Why",
        "Why accepted",
    ];
    Table::aligned(
        header,
        &[false, false, true, true, false, false, false, false],
        rows,
    )
}

/// One scenario's section: summary, assumptions, chart, projection table and checks.
fn section(out: &mut String, rep: &RunReport, chart_svg: &str, heading: &str) {
    let loaded = &rep.evaluated.loaded;
    let s = &loaded.scenario;
    out.push_str(&format!(
        "<section id=\"{}\">\n<{heading}>{}</{heading}>\n<p class=\"paper\">{} · scenario <code>{}</code></p>\n",
        escape(&loaded.name),
        escape(&s.title),
        escape(&s.paper),
        escape(&loaded.label())
    ));
    out.push_str(&format!(
        "<p class=\"summary\">Total over the term: <strong>{}</strong></p>\n",
        escape(&rep.wide.total.to_string())
    ));
    out.push_str("<h3>By phase</h3>\n");
    out.push_str(&phases_table(rep).html());
    out.push_str("<h3>Assumptions</h3>\n");
    out.push_str(&assumptions_table(rep).html());
    out.push_str(&format!(
        "<figure>\n{chart_svg}\n<figcaption>Spend by financial year for {}; shading marks the initial term and each extension taken.</figcaption>\n</figure>\n",
        escape(&s.title)
    ));
    out.push_str("<h3>Projection by financial year</h3>\n");
    out.push_str(&projection_table(rep).html());
    out.push_str("<h3>Checks against the paper</h3>\n");
    if rep.evaluated.outcomes.is_empty() {
        out.push_str("<p>The scenario states no figures to check.</p>\n");
    } else {
        out.push_str(&checks_table(rep).html());
    }
    out.push_str("</section>\n");
}

/// The scenarios on the page, each linked to its section, with its total.
fn index_table(reports: &[RunReport]) -> Table {
    let rows = reports
        .iter()
        .map(|r| {
            let loaded = &r.evaluated.loaded;
            vec![
                Cell::Link {
                    text: loaded.scenario.title.clone(),
                    target: loaded.name.clone(),
                },
                Cell::Text(loaded.label()),
                Cell::Money(r.wide.total),
            ]
        })
        .collect();
    Table::aligned(["Scenario", "File", "Total"], &[false, false, true], rows)
}

/// The page for `reports`, with each scenario's chart (`charts[i]` for `reports[i]`) and,
/// for several scenarios, the comparison chart first.
pub fn page(reports: &[RunReport], charts: &[String], comparison: Option<&str>) -> String {
    let title = match reports {
        [one] => one.evaluated.loaded.scenario.title.clone(),
        _ => "Outturn: projected spend and checks".to_string(),
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&title)
    );
    let heading = if reports.len() == 1 {
        "h1"
    } else {
        out.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
        out.push_str(&index_table(reports).html());
        if let Some(svg) = comparison {
            out.push_str(&format!(
                "<figure>\n{svg}\n<figcaption>Each scenario's spend by financial year, side by side.</figcaption>\n</figure>\n"
            ));
        }
        "h2"
    };
    for (rep, chart) in reports.iter().zip(charts) {
        section(&mut out, rep, chart, heading);
    }
    out.push_str("</main>\n<footer>Written by outturn from the scenario files named above; every figure is the engine's, to the penny.</footer>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing;

    #[test]
    fn text_from_a_scenario_cannot_become_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"more\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"
        );
    }

    #[test]
    fn the_page_escapes_the_scenario_and_shows_its_figures() {
        let e = testing::evaluated();
        let page = page(&[testing::report(&e)], &["<svg/>".to_string()], None);
        // The title is `Care & <transport> | test`, the paper `Paper 'A'`.
        assert!(page.contains("<title>Care &amp; &lt;transport&gt; | test</title>"));
        assert!(page.contains("<h1>Care &amp; &lt;transport&gt; | test</h1>"));
        assert!(page.contains("<p class=\"paper\">Paper &#39;A&#39; · scenario <code>t</code></p>"));
        assert!(!page.contains("<transport>"));
        assert!(page.contains("Total over the term: <strong>£1,556,169.86</strong>"));
        assert!(page.contains(
            "<tr class=\"total\"><td>Total</td><td></td><td class=\"num\">£1,036,500.00</td><td class=\"num\">£519,669.86</td><td class=\"num\">£1,556,169.86</td></tr>"
        ));
        assert!(page.contains(
            "<td class=\"num\">-£100.00</td><td>nearest 100</td><td><span class=\"verdict inconsistent\">✗ inconsistent</span></td>"
        ));
    }
}
