//! The one table writer: a [`Table`] (or a titled [`Grid`]) as aligned text, CSV, JSON or
//! Markdown, and as HTML for the report page. Every tabular output of the command line goes through it: run and check
//! layouts, the what-if grids, analyses, simulations and portfolio totals.
//!
//! Every figure arrives as a typed [`Cell`]; the writer only chooses how to show it. It does
//! no arithmetic.

use outturn_engine::grid::{Cell, Grid};
use outturn_model::check::Verdict;
use outturn_model::money::group_thousands;
use outturn_model::Money;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

/// How a cell is shown in each format: `shown` for reading (tables, Markdown), `plain` for
/// data (CSV, JSON), where a spreadsheet must see a number.
pub trait Shown {
    fn shown(&self) -> String;
    fn plain(&self) -> String;
    /// As a JSON value: the plain text, or null for an empty cell.
    fn json(&self) -> Value;
    /// As a Markdown cell: escaped, an inconsistent verdict in bold.
    fn markdown(&self) -> String;
    /// Whether the cell holds a figure, aligned right.
    fn right_aligned(&self) -> bool;
}

impl Shown for Cell {
    fn shown(&self) -> String {
        match self {
            Cell::Text(t) | Cell::Printed { text: t, .. } | Cell::Link { text: t, .. } => t.clone(),
            Cell::Money(m) => m.to_string(),
            Cell::Short(m) => m.short(),
            // A check's figure is a sum of pennies or a printed amount: shown whole.
            Cell::Pounds(d) => Money::round_half_away(*d).to_string(),
            Cell::Percent(p) => format!("{}%", plus(*p, p.to_string())),
            Cell::Number(n) => grouped(*n),
            Cell::Signed(inner) => plus(inner.value().unwrap_or_default(), inner.shown()),
            Cell::Verdict(v) => v.to_string(),
            Cell::Empty => String::new(),
        }
    }

    fn plain(&self) -> String {
        match self {
            Cell::Text(t) | Cell::Link { text: t, .. } => t.clone(),
            Cell::Money(m) | Cell::Short(m) => m.plain(),
            Cell::Pounds(d) => format!("{d:.2}"),
            Cell::Percent(p) | Cell::Number(p) => p.to_string(),
            Cell::Signed(inner) | Cell::Printed { value: inner, .. } => inner.plain(),
            Cell::Verdict(v) => v.to_string(),
            Cell::Empty => String::new(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Empty => Value::Null,
            other => Value::String(other.plain()),
        }
    }

    fn markdown(&self) -> String {
        match self {
            Cell::Verdict(v) if *v != Verdict::Consistent => format!("**{v}**"),
            other => escape_markdown(&other.shown()),
        }
    }

    fn right_aligned(&self) -> bool {
        match self {
            Cell::Money(_)
            | Cell::Short(_)
            | Cell::Pounds(_)
            | Cell::Percent(_)
            | Cell::Number(_)
            | Cell::Signed(_) => true,
            Cell::Text(_)
            | Cell::Printed { .. }
            | Cell::Verdict(_)
            | Cell::Link { .. }
            | Cell::Empty => false,
        }
    }
}

/// `text` with a `+` before it when `value` is above zero: a change.
fn plus(value: Decimal, text: String) -> String {
    if value > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

/// A number with its thousands grouped: `-1,234.5`.
fn grouped(n: Decimal) -> String {
    let text = n.abs().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if n.is_sign_negative() { "-" } else { "" };
    let point = if fraction.is_empty() { "" } else { "." };
    format!("{sign}{}{point}{fraction}", group_thousands(whole))
}

/// Text for HTML: `&`, `<`, `>`, `"` and `'` escaped, so a title can never become markup.
pub fn escape_html(text: &str) -> String {
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

/// A cell as HTML: escaped text; a verdict as a coloured label with a sign for readers who
/// cannot tell the colours apart; a link to its part of the page.
fn html_cell(cell: &Cell) -> String {
    match cell {
        Cell::Verdict(v) => {
            let (class, mark) = match v {
                Verdict::Consistent => ("consistent", "✓"),
                Verdict::Inconsistent => ("inconsistent", "✗"),
                Verdict::Acknowledged => ("acknowledged", "!"),
            };
            format!(
                "<span class=\"verdict {class}\">{mark} {}</span>",
                escape_html(&v.to_string())
            )
        }
        Cell::Link { text, target } => format!(
            "<a href=\"#{}\">{}</a>",
            escape_html(target),
            escape_html(text)
        ),
        other => escape_html(&other.shown()),
    }
}

fn escape_markdown(s: &str) -> String {
    s.replace('|', "\\|")
}

/// A table ready to write: a header, which columns align right (figures), and rows of
/// cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub right: Vec<bool>,
    pub rows: Vec<Vec<Cell>>,
    /// How many of the last rows are totals (shown in bold where a format can).
    pub total_rows: usize,
}

impl Table {
    /// Columns aligned by what they hold: right where any cell is a figure.
    pub fn new<S: Into<String>>(
        header: impl IntoIterator<Item = S>,
        rows: Vec<Vec<Cell>>,
    ) -> Table {
        let header: Vec<String> = header.into_iter().map(Into::into).collect();
        let right = alignment(header.len(), &rows);
        Table {
            header,
            right,
            rows,
            total_rows: 0,
        }
    }

    /// Columns aligned as given, so a table without rows still aligns its figures' columns.
    pub fn aligned<S: Into<String>>(
        header: impl IntoIterator<Item = S>,
        right: &[bool],
        rows: Vec<Vec<Cell>>,
    ) -> Table {
        Table {
            header: header.into_iter().map(Into::into).collect(),
            right: right.to_vec(),
            rows,
            total_rows: 0,
        }
    }

    /// The same table with its last row marked as a total.
    pub fn with_total_row(self) -> Table {
        Table {
            total_rows: 1,
            ..self
        }
    }

    pub fn text(&self) -> String {
        text(&self.header, &self.right, &self.rows)
    }

    pub fn csv(&self) -> Vec<u8> {
        csv(&self.header, &self.rows)
    }

    pub fn markdown(&self) -> String {
        markdown(&self.header, &self.right, &self.rows)
    }

    /// An HTML `<table>`: every text escaped, figures' columns of class `num`, total rows of
    /// class `total`, verdicts as coloured labels that also say it in words.
    pub fn html(&self) -> String {
        let class = |right: bool| if right { " class=\"num\"" } else { "" };
        let mut out = String::from("<table>\n<thead><tr>");
        for (h, right) in self.header.iter().zip(&self.right) {
            out += &format!("<th{}>{}</th>", class(*right), escape_html(h));
        }
        out += "</tr></thead>\n<tbody>\n";
        let first_total = self.rows.len() - self.total_rows.min(self.rows.len());
        for (i, row) in self.rows.iter().enumerate() {
            out += if i >= first_total {
                "<tr class=\"total\">"
            } else {
                "<tr>"
            };
            for (cell, right) in row.iter().zip(&self.right) {
                out += &format!("<td{}>{}</td>", class(*right), html_cell(cell));
            }
            out += "</tr>\n";
        }
        out + "</tbody>\n</table>\n"
    }

    /// Each row as a JSON object keyed by the header.
    pub fn json_rows(&self) -> Vec<Value> {
        json_rows(&self.header, &self.rows)
    }
}

/// Right alignment for each of `n` columns: where any row holds a figure.
fn alignment(n: usize, rows: &[Vec<Cell>]) -> Vec<bool> {
    (0..n)
        .map(|i| rows.iter().any(|r| r[i].right_aligned()))
        .collect()
}

/// Rows in columns two spaces apart, figures aligned right; trailing spaces trimmed.
fn text(header: &[String], right: &[bool], rows: &[Vec<Cell>]) -> String {
    let shown: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(Cell::shown).collect())
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            shown
                .iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if right[i] {
                    format!("{c:>w$}", w = widths[i])
                } else {
                    format!("{c:<w$}", w = widths[i])
                }
            })
            .collect();
        parts.join("  ").trim_end().to_string() + "\n"
    };
    let mut out = line(header);
    for r in &shown {
        out += &line(r);
    }
    out
}

fn csv(header: &[String], rows: &[Vec<Cell>]) -> Vec<u8> {
    csv_rows(header, rows)
}

/// CSV of rows as they come, none kept once written: for layouts too long to hold (a
/// register's totals by a fine-grained column).
pub fn csv_rows<R: AsRef<[Cell]>>(header: &[String], rows: impl IntoIterator<Item = R>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to memory cannot fail; the csv crate only reports I/O errors.
    w.write_record(header.iter().map(|h| inert(h.clone())))
        .expect("writing to memory");
    for r in rows {
        w.write_record(r.as_ref().iter().map(csv_cell))
            .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// A cell as CSV: figures plain; text made inert.
fn csv_cell(cell: &Cell) -> String {
    match cell {
        Cell::Text(_) | Cell::Link { .. } => inert(cell.plain()),
        other => other.plain(),
    }
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
/// first: CSV formula injection, from a register's group names, say) starts with `'`, which
/// Excel and LibreOffice show as text and do not store. A signed number (`-5%`, `+£1,000`) is
/// a value, not a formula, and stays as it is.
///
/// ```text
/// =HYPERLINK("http://x")  →  '=HYPERLINK("http://x")
/// -1+2                    →  '-1+2
/// -5%                     →  -5%
/// ```
fn inert(text: String) -> String {
    let risky = match text.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !signed_number(&text[1..]),
        _ => false,
    };
    if risky {
        format!("'{text}")
    } else {
        text
    }
}

/// `5`, `1,234.50`, `£1,000`, `2.5%`: a number as a user would write one after its sign.
fn signed_number(rest: &str) -> bool {
    let rest = rest.strip_prefix('£').unwrap_or(rest);
    let rest = rest.strip_suffix('%').unwrap_or(rest);
    let (whole, fraction) = rest.split_once('.').unwrap_or((rest, "0"));
    whole.starts_with(|c: char| c.is_ascii_digit())
        && whole.chars().all(|c| c.is_ascii_digit() || c == ',')
        && !fraction.is_empty()
        && fraction.chars().all(|c| c.is_ascii_digit())
}

fn markdown(header: &[String], right: &[bool], rows: &[Vec<Cell>]) -> String {
    let header: Vec<String> = header.iter().map(|h| escape_markdown(h)).collect();
    let mut out = format!("| {} |\n|", header.join(" | "));
    for r in right {
        out += if *r { " ---: |" } else { " --- |" };
    }
    out.push('\n');
    for r in rows {
        let cells: Vec<String> = r.iter().map(Cell::markdown).collect();
        out += &format!("| {} |\n", cells.join(" | "));
    }
    out
}

fn json_rows(header: &[String], rows: &[Vec<Cell>]) -> Vec<Value> {
    rows.iter()
        .map(|r| {
            Value::Object(
                header
                    .iter()
                    .cloned()
                    .zip(r.iter().map(Cell::json))
                    .collect::<Map<_, _>>(),
            )
        })
        .collect()
}

/// A JSON document, pretty-printed with a final line end.
pub fn json_document(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("JSON values always serialise") + "\n"
}

/// Writes a grid in each format: its title, its table, then its notes.
pub trait Write {
    fn table(&self) -> String;
    fn csv(&self) -> Vec<u8>;
    fn json(&self) -> String;
    fn markdown(&self) -> String;
}

impl Write for Grid {
    fn table(&self) -> String {
        let right = alignment(self.header.len(), &self.rows);
        let mut out = format!("{}\n\n", self.title);
        out += &text(&self.header, &right, &self.rows);
        for note in &self.notes {
            out += &format!("\n{note}");
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
        out
    }

    fn csv(&self) -> Vec<u8> {
        csv(&self.header, &self.rows)
    }

    fn json(&self) -> String {
        let rows = json_rows(&self.header, &self.rows);
        json_document(&json!({ "title": self.title, "rows": rows, "notes": self.notes }))
    }

    fn markdown(&self) -> String {
        let right = alignment(self.header.len(), &self.rows);
        let mut out = format!("### {}\n\n", escape_markdown(&self.title));
        out += &markdown(&self.header, &right, &self.rows);
        for note in &self.notes {
            out += &format!("\n{}\n", escape_markdown(note));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        // Money £1,234.50 (plain 1234.50), a rise of 1.25%, a fall of 12,345.5 units, a text
        // with a pipe and a comma, an empty cell, a verdict.
        Table::new(
            ["item", "amount", "change", "units", "verdict"],
            vec![
                vec![
                    Cell::Text("a|b, c".into()),
                    Cell::Money(Money::from_pennies(123_450)),
                    Cell::Percent(Decimal::new(125, 2)),
                    Cell::Number(Decimal::new(-123_455, 1)),
                    Cell::Verdict(Verdict::Inconsistent),
                ],
                vec![
                    Cell::Text("d".into()),
                    Cell::Money(Money::from_pennies(-5)),
                    Cell::Empty,
                    Cell::Number(Decimal::from(7)),
                    Cell::Verdict(Verdict::Consistent),
                ],
            ],
        )
    }

    #[test]
    fn text_aligns_figures_right_and_trims() {
        assert_eq!(
            sample().text(),
            "item       amount  change      units  verdict\n\
             a|b, c  £1,234.50  +1.25%  -12,345.5  inconsistent\n\
             d          -£0.05                  7  consistent\n"
        );
    }

    #[test]
    fn csv_writes_plain_numbers_and_quotes_what_needs_it() {
        assert_eq!(
            String::from_utf8(sample().csv()).unwrap(),
            "item,amount,change,units,verdict\n\
             \"a|b, c\",1234.50,1.25,-12345.5,inconsistent\n\
             d,-0.05,,7,consistent\n"
        );
    }

    #[test]
    fn csv_makes_formulas_inert_and_keeps_signed_numbers() {
        let t = Table::new(
            ["name", "value"].map(String::from).to_vec(),
            vec![
                vec![
                    Cell::Text("=HYPERLINK(\"http://x\")".into()),
                    Cell::Money(Money::from_pennies(-5)),
                ],
                vec![Cell::Text("@SUM(A1)".into()), Cell::Text("-5%".into())],
                vec![Cell::Text("-1+2".into()), Cell::Text("+£1,000.50".into())],
                vec![Cell::Text("\tx".into()), Cell::Text("-".into())],
            ],
        );
        assert_eq!(
            String::from_utf8(t.csv()).unwrap(),
            "name,value\n\
             \"'=HYPERLINK(\"\"http://x\"\")\",-0.05\n\
             '@SUM(A1),-5%\n\
             '-1+2,\"+£1,000.50\"\n\
             '\tx,'-\n"
        );
    }

    #[test]
    fn markdown_escapes_pipes_and_bolds_inconsistent_verdicts() {
        assert_eq!(
            sample().markdown(),
            "| item | amount | change | units | verdict |\n\
             | --- | ---: | ---: | ---: | --- |\n\
             | a\\|b, c | £1,234.50 | +1.25% | -12,345.5 | **inconsistent** |\n\
             | d | -£0.05 |  | 7 | consistent |\n"
        );
    }

    #[test]
    fn json_rows_hold_plain_text_and_null_for_empty() {
        let rows = sample().json_rows();
        assert_eq!(
            rows[1],
            json!({ "item": "d", "amount": "-0.05", "change": null, "units": "7", "verdict": "consistent" })
        );
        assert_eq!(rows[0]["units"], json!("-12345.5"));
    }

    #[test]
    fn html_escapes_every_text_and_marks_totals() {
        let t = Table::aligned(
            ["<b>", "amount"],
            &[false, true],
            vec![
                vec![
                    Cell::Link {
                        text: "A & B".into(),
                        target: "x\"y".into(),
                    },
                    Cell::Money(Money::from_pennies(100)),
                ],
                vec![
                    Cell::Text("'total'".into()),
                    Cell::Money(Money::from_pennies(100)),
                ],
            ],
        )
        .with_total_row();
        assert_eq!(
            t.html(),
            "<table>\n<thead><tr><th>&lt;b&gt;</th><th class=\"num\">amount</th></tr></thead>\n<tbody>\n\
             <tr><td><a href=\"#x&quot;y\">A &amp; B</a></td><td class=\"num\">£1.00</td></tr>\n\
             <tr class=\"total\"><td>&#39;total&#39;</td><td class=\"num\">£1.00</td></tr>\n\
             </tbody>\n</table>\n"
        );
    }

    #[test]
    fn check_figures_read_to_the_penny_with_a_sign_and_write_in_full() {
        // A difference of +£0.004 reads as +£0.00 (above zero, rounded to the penny) and is
        // written as 0.00; a printed £3.9m reads as printed and is written as 3900000.00.
        let diff = Cell::Signed(Box::new(Cell::Pounds(Decimal::new(4, 3))));
        assert_eq!(
            (diff.shown(), diff.plain()),
            ("+£0.00".into(), "0.00".into())
        );
        let printed = Cell::Printed {
            text: "£3.9m".into(),
            value: Box::new(Cell::Pounds(Decimal::from(3_900_000))),
        };
        assert_eq!(printed.shown(), "£3.9m");
        assert_eq!(printed.plain(), "3900000.00");
        let short = Cell::Short(Money::from_pennies(155_616_986));
        assert_eq!(
            (short.shown(), short.plain()),
            ("£1.6m".into(), "1556169.86".into())
        );
    }

    #[test]
    fn a_grid_has_its_title_and_notes() {
        let g = Grid {
            title: "t".into(),
            header: vec!["item".into(), "amount".into()],
            rows: vec![vec![
                Cell::Text("a".into()),
                Cell::Money(Money::from_pennies(100)),
            ]],
            notes: vec!["n|1".into()],
        };
        assert_eq!(g.table(), "t\n\nitem  amount\na      £1.00\n\nn|1\n");
        assert_eq!(
            g.markdown(),
            "### t\n\n| item | amount |\n| --- | ---: |\n| a | £1.00 |\n\nn\\|1\n"
        );
        assert_eq!(
            g.json(),
            "{\n  \"notes\": [\n    \"n|1\"\n  ],\n  \"rows\": [\n    {\n      \"amount\": \"1.00\",\n      \"item\": \"a\"\n    }\n  ],\n  \"title\": \"t\"\n}\n"
        );
    }
}
