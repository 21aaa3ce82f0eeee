//! The monitoring report as one self-contained HTML page (inline CSS and SVG, no scripts, no
//! external references): a summary, the cumulative budget / actual / forecast chart, the
//! report with RAG labels that say their rating in words as well as colour, the movement by
//! cause, savings delivery and the notes. Every figure is the engine's; every text from an
//! input is escaped.

use crate::present::table::{escape_html as escape, Shown};
use outturn_engine::grid::{Cell, Grid};
use outturn_engine::monitoring::Monitoring;

use crate::present::monitor_chart::cumulative_chart;
use crate::present::monitor_grid::{grids, heading};

const STYLE: &str = "
body { font-family: system-ui, 'Segoe UI', Arial, sans-serif; color: #1b1b1b; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid #0072b2; padding-bottom: 0.2rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.88rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.25rem 0.5rem; vertical-align: top; }
th { background: #eef2f7; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; background: #f6f6f6; }
.summary { font-size: 1.1rem; }
.rag { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 0.3rem; font-weight: bold; white-space: nowrap; }
.rag.red { background: #f8d7da; color: #842029; border: 1px solid #842029; }
.rag.amber { background: #ffe8b3; color: #6b4a00; border: 1px solid #6b4a00; }
.rag.green { background: #d1e7dd; color: #0f5132; border: 1px solid #0f5132; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption, .note { color: #444; font-size: 0.9rem; }
footer { margin-top: 3rem; color: #666; font-size: 0.85rem; }
";

/// A RAG rating as a label with its word and a sign, for readers who cannot tell the colours.
fn rag_label(word: &str) -> String {
    let mark = match word {
        "red" => "▲",
        "amber" => "●",
        "green" => "✓",
        _ => return String::new(),
    };
    format!("<span class=\"rag {word}\">{mark} {word}</span>")
}

fn cell(c: &Cell, rag_column: bool) -> String {
    match c {
        Cell::Text(t) if rag_column => format!("<td>{}</td>", rag_label(t)),
        Cell::Text(t) => format!("<td>{}</td>", escape(t)),
        Cell::Money(m) => format!("<td class=\"num\">{}</td>", escape(&m.to_string())),
        Cell::Percent(p) => {
            let sign = if p.is_sign_positive() && !p.is_zero() {
                "+"
            } else {
                ""
            };
            format!("<td class=\"num\">{sign}{p}%</td>")
        }
        Cell::Number(n) => format!("<td class=\"num\">{n}</td>"),
        Cell::Empty => "<td></td>".into(),
        other => format!("<td class=\"num\">{}</td>", escape(&other.shown())),
    }
}

/// A grid as a table, its total rows (labelled `Total …`) in bold.
fn table(out: &mut String, g: &Grid) {
    out.push_str("<div class=\"scroll\">\n<table>\n<thead><tr>");
    for h in &g.header {
        out.push_str(&format!("<th>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let rag = g.header.iter().position(|h| h == "RAG");
    for row in &g.rows {
        let total = matches!(row.first(), Some(Cell::Text(t)) if t.starts_with("Total "));
        out.push_str(if total {
            "<tr class=\"total\">"
        } else {
            "<tr>"
        });
        for (i, c) in row.iter().enumerate() {
            out.push_str(&cell(c, Some(i) == rag));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    for note in &g.notes {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(note)));
    }
}

/// The page.
pub fn page(m: &Monitoring) -> Result<String, String> {
    let council = m.rows.last().ok_or("the report has no rows")?;
    let f = &council.figures;
    let chart = cumulative_chart(
        &format!("{}: cumulative budget, actual and forecast", m.title),
        f,
        m.period,
    )?;
    let title = heading(m);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{t}</h1>\n",
        t = escape(&title)
    );
    let percent = f
        .variance_percent
        .map(|p| format!(" ({p}%)"))
        .unwrap_or_default();
    out.push_str(&format!(
        "<p class=\"summary\">Forecast outturn <strong>{}</strong> against a latest budget of {}: a variance of <strong>{}</strong>{percent} {}.</p>\n",
        escape(&f.outturn.to_string()),
        escape(&f.latest.to_string()),
        escape(&f.variance.to_string()),
        f.rag.map(|r| rag_label(&r.to_string())).unwrap_or_default()
    ));
    out.push_str(&format!(
        "<figure>\n{chart}\n<figcaption>The whole council by period: the latest budget's profile, the actuals to P{} and the forecast to the year end, each added up month by month.</figcaption>\n</figure>\n",
        m.period
    ));
    for g in grids(m) {
        let heading = if g.title == title {
            "By budget holder".to_string()
        } else {
            g.title.clone()
        };
        out.push_str(&format!("<h2>{}</h2>\n", escape(&heading)));
        table(&mut out, &g);
    }
    out.push_str("</main>\n<footer>Written by outturn monitor from the config and files named above; every figure is the engine's, to the penny.</footer>\n</body>\n</html>\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{escape, rag_label};

    #[test]
    fn input_text_cannot_become_markup() {
        assert_eq!(
            escape("<b>'x' & \"y\"</b>"),
            "&lt;b&gt;&#39;x&#39; &amp; &quot;y&quot;&lt;/b&gt;"
        );
        assert_eq!(rag_label("<script>"), "");
        assert_eq!(rag_label("red"), "<span class=\"rag red\">▲ red</span>");
    }
}
