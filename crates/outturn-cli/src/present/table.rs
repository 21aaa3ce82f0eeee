//! The one table writer: a [`Grid`] as aligned text, CSV, JSON or Markdown.
//!
//! Every figure arrives as a typed [`Cell`]; the writer only chooses how to show it. It does
//! no arithmetic.

use outturn_engine::grid::{Cell, Grid};
use outturn_model::money::group_thousands;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

/// How a cell is shown in each format.
trait Shown {
    fn shown(&self) -> String;
    fn plain(&self) -> String;
    fn json(&self) -> Value;
    fn right_aligned(&self) -> bool;
}

impl Shown for Cell {
    fn shown(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Money(m) => m.to_string(),
            Cell::Percent(p) => format!("{}%", signed(*p)),
            Cell::Number(n) => {
                let text = n.abs().to_string();
                let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
                let sign = if n.is_sign_negative() { "-" } else { "" };
                let point = if fraction.is_empty() { "" } else { "." };
                format!("{sign}{}{point}{fraction}", group_thousands(whole))
            }
            Cell::Empty => String::new(),
        }
    }

    fn plain(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Money(m) => m.plain(),
            Cell::Percent(p) | Cell::Number(p) => p.to_string(),
            Cell::Empty => String::new(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Empty => Value::Null,
            other => Value::String(other.plain()),
        }
    }

    fn right_aligned(&self) -> bool {
        matches!(self, Cell::Money(_) | Cell::Percent(_) | Cell::Number(_))
    }
}

fn signed(p: Decimal) -> String {
    if p > Decimal::ZERO {
        format!("+{p}")
    } else {
        p.to_string()
    }
}

/// Lays out rows in columns two spaces apart; `right` marks the columns aligned right
/// (amounts). Trailing spaces are trimmed.
pub fn columns(header: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| {
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
    let mut out = line(header.to_vec());
    for r in rows {
        out += &line(r.iter().map(String::as_str).collect());
    }
    out
}

/// Writes a grid in each format.
pub trait Write {
    fn table(&self) -> String;
    fn csv(&self) -> Vec<u8>;
    fn json(&self) -> String;
    fn markdown(&self) -> String;
}

impl Write for Grid {
    fn table(&self) -> String {
        let n = self.header.len();
        let shown: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::shown).collect())
            .collect();
        let right: Vec<bool> = (0..n)
            .map(|i| self.rows.iter().any(|r| r[i].right_aligned()))
            .collect();
        let header: Vec<&str> = self.header.iter().map(String::as_str).collect();
        let mut out = format!("{}\n\n", self.title);
        out += &columns(&header, &shown, &right);
        for note in &self.notes {
            out += &format!("\n{note}");
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
        out
    }

    fn csv(&self) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Writing to memory cannot fail; the csv crate only reports I/O errors.
        w.write_record(&self.header).expect("writing to memory");
        for r in &self.rows {
            w.write_record(r.iter().map(Cell::plain))
                .expect("writing to memory");
        }
        w.into_inner().expect("writing to memory")
    }

    fn json(&self) -> String {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                Value::Object(
                    self.header
                        .iter()
                        .cloned()
                        .zip(r.iter().map(Cell::json))
                        .collect::<Map<_, _>>(),
                )
            })
            .collect();
        serde_json::to_string_pretty(
            &json!({ "title": self.title, "rows": rows, "notes": self.notes }),
        )
        .expect("JSON values always serialise")
            + "\n"
    }

    fn markdown(&self) -> String {
        let escape = |s: &str| s.replace('|', "\\|");
        let mut out = format!(
            "### {}\n\n| {} |\n|",
            escape(&self.title),
            self.header
                .iter()
                .map(|h| escape(h))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        for i in 0..self.header.len() {
            out += if self.rows.iter().any(|r| r[i].right_aligned()) {
                " ---: |"
            } else {
                " --- |"
            };
        }
        out.push('\n');
        for r in &self.rows {
            out += &format!(
                "| {} |\n",
                r.iter()
                    .map(|c| escape(&c.shown()))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
        for note in &self.notes {
            out += &format!("\n{}\n", escape(note));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use outturn_model::Money;

    #[test]
    fn renders_each_format() {
        let g = Grid {
            title: "t".into(),
            header: vec!["item".into(), "amount".into(), "change".into()],
            rows: vec![vec![
                Cell::Text("a|b".into()),
                Cell::Money(Money::from_pennies(123_450)),
                Cell::Percent(Decimal::new(125, 2)),
            ]],
            notes: vec![],
        };
        assert_eq!(
            g.table(),
            "t\n\nitem     amount  change\na|b   £1,234.50  +1.25%\n"
        );
        assert_eq!(
            String::from_utf8(g.csv()).unwrap(),
            "item,amount,change\na|b,1234.50,1.25\n"
        );
        assert!(g.markdown().contains("| a\\|b | £1,234.50 | +1.25% |"));
        assert!(g.json().contains("\"amount\": \"1234.50\""));
    }
}
