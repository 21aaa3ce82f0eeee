//! The report page: one self-contained HTML file per run (inline CSS and inline SVG charts,
//! no scripts, no external references), ready to attach to a committee paper.
//!
//! Like every renderer it does no arithmetic: figures are the model's and the totals'
//! (`Money` shown with `Display`), and every text taken from a scenario file is escaped.

use outturn_engine::year_table::YearRow;
use outturn_model::check::Verdict;

use outturn_engine::grid::Cell;

use crate::present::assumptions::assumptions;
use crate::present::run::RunReport;
use crate::present::table::Shown;

/// Text for HTML: `&`, `<`, `>`, `"` and `'` escaped, so a title can never become markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

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

fn table(out: &mut String, header: &[(&str, bool)], rows: &[(Vec<(String, bool)>, bool)]) {
    out.push_str("<table>\n<thead><tr>");
    for (h, num) in header {
        let class = if *num { " class=\"num\"" } else { "" };
        out.push_str(&format!("<th{class}>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (cells, total) in rows {
        out.push_str(if *total {
            "<tr class=\"total\">"
        } else {
            "<tr>"
        });
        for (cell, num) in cells {
            let class = if *num { " class=\"num\"" } else { "" };
            // Cells arrive as HTML already (escaped text, or a verdict label).
            out.push_str(&format!("<td{class}>{cell}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn text(s: impl AsRef<str>) -> (String, bool) {
    (escape(s.as_ref()), false)
}

fn num(s: impl AsRef<str>) -> (String, bool) {
    (escape(s.as_ref()), true)
}

/// A verdict as a coloured label that also says it in words, with a sign for readers who
/// cannot tell the colours apart.
fn verdict_label(v: Verdict) -> String {
    let (class, mark) = match v {
        Verdict::Consistent => ("consistent", "✓"),
        Verdict::Inconsistent => ("inconsistent", "✗"),
        Verdict::Acknowledged => ("acknowledged", "!"),
    };
    format!(
        "<span class=\"verdict {class}\">{mark} {}</span>",
        escape(&v.to_string())
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
    let phases: Vec<(Vec<(String, bool)>, bool)> = rep
        .totals
        .by_phase
        .iter()
        .map(|(p, m)| (vec![text(p), num(m.to_string())], false))
        .chain(std::iter::once((
            vec![text("Total"), num(rep.totals.overall.to_string())],
            true,
        )))
        .collect();
    out.push_str("<h3>By phase</h3>\n");
    table(out, &[("Phase", false), ("Amount", true)], &phases);

    out.push_str("<h3>Assumptions</h3>\n");
    let inputs: Vec<(Vec<(String, bool)>, bool)> = assumptions(loaded)
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (vec![text(k), text(v)], false))
        .collect();
    table(out, &[("Input", false), ("Value", false)], &inputs);

    out.push_str(&format!(
        "<figure>\n{chart_svg}\n<figcaption>Spend by financial year for {}; shading marks the initial term and each extension taken.</figcaption>\n</figure>\n",
        escape(&s.title)
    ));

    out.push_str("<h3>Projection by financial year</h3>\n");
    let w = &rep.wide;
    let mut header: Vec<(&str, bool)> = vec![("Line", false), ("Budget", false)];
    header.extend(w.years.iter().map(|y| (y.as_str(), true)));
    header.push(("Total", true));
    let mut rows: Vec<(Vec<(String, bool)>, bool)> = w
        .rows
        .iter()
        .map(
            |YearRow {
                 key: (line, budget),
                 amounts,
                 total,
             }| {
                let mut cells = vec![text(line), text(budget)];
                cells.extend(amounts.iter().map(|m| num(m.to_string())));
                cells.push(num(total.to_string()));
                (cells, false)
            },
        )
        .collect();
    let mut total_row = vec![text("Total"), text("")];
    total_row.extend(w.year_totals.iter().map(|m| num(m.to_string())));
    total_row.push(num(w.total.to_string()));
    rows.push((total_row, true));
    table(out, &header, &rows);

    out.push_str("<h3>Checks against the paper</h3>\n");
    if rep.evaluated.outcomes.is_empty() {
        out.push_str("<p>The scenario states no figures to check.</p>\n");
    } else {
        let rows: Vec<(Vec<(String, bool)>, bool)> = rep
            .evaluated
            .outcomes
            .iter()
            .map(|o| {
                (
                    vec![
                        text(&o.check),
                        text(&o.text),
                        num(Cell::figure(o.computed, o.money).shown()),
                        num(Cell::Signed(Box::new(Cell::figure(o.difference, o.money))).shown()),
                        text(o.tolerance.to_string()),
                        (verdict_label(o.verdict), false),
                        text(o.reason.clone().unwrap_or_default()),
                    ],
                    false,
                )
            })
            .collect();
        table(
            out,
            &[
                ("Check", false),
                ("Printed", false),
                ("Computed", true),
                ("Difference", true),
                ("Tolerance", false),
                ("Verdict", false),
                ("Why accepted", false),
            ],
            &rows,
        );
    }
    out.push_str("</section>\n");
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
        let rows: Vec<(Vec<(String, bool)>, bool)> = reports
            .iter()
            .map(|r| {
                (
                    vec![
                        (
                            format!(
                                "<a href=\"#{}\">{}</a>",
                                escape(&r.evaluated.loaded.name),
                                escape(&r.evaluated.loaded.scenario.title)
                            ),
                            false,
                        ),
                        text(r.evaluated.loaded.label()),
                        num(r.wide.total.to_string()),
                    ],
                    false,
                )
            })
            .collect();
        table(
            &mut out,
            &[("Scenario", false), ("File", false), ("Total", true)],
            &rows,
        );
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
    use super::escape;

    #[test]
    fn text_from_a_scenario_cannot_become_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"more\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"
        );
    }
}
