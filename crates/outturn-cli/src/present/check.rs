//! `check`'s layouts: a row per printed figure with the model's (or the paper's own) figure
//! beside it, a verdict and why, written by the one table writer
//! ([`crate::present::table`]) in text, CSV and Markdown, and as a JSON document.

use outturn_engine::evaluate::Evaluated;
use outturn_engine::grid::Cell;
use outturn_model::check::{Basis, Explanation, Outcome, Tolerance, Verdict};
use outturn_model::money::group_thousands;
use outturn_model::reading::{Kind, Side, Slip};
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::present::table::{json_document, Table};

/// The exact header of `check --format csv`.
pub const CHECK_CSV_HEADER: [&str; 8] = [
    "scenario",
    "check",
    "stated",
    "computed",
    "difference",
    "tolerance",
    "verdict",
    "why",
];

/// The computed figure and the difference align right.
const CHECK_RIGHT: [bool; 8] = [false, false, false, true, true, false, false, false];

/// A check's row: the printed figure is read as printed and written as its value; the
/// difference reads with its sign.
fn check_row(e: &Evaluated, o: &Outcome) -> Vec<Cell> {
    vec![
        Cell::Text(e.loaded.label()),
        Cell::Text(o.check.clone()),
        Cell::Printed {
            text: o.text.clone(),
            value: Box::new(Cell::figure(o.stated, o.money())),
        },
        Cell::figure(o.computed, o.money()),
        Cell::Signed(Box::new(Cell::figure(o.difference, o.money()))),
        Cell::Text(o.tolerance.to_string()),
        Cell::Verdict(o.verdict),
        Cell::Text(why(o)),
    ]
}

fn check_rows(evaluated: &[Evaluated]) -> Vec<Vec<Cell>> {
    evaluated
        .iter()
        .flat_map(|e| e.outcomes.iter().map(move |o| check_row(e, o)))
        .collect()
}

/// A figure of a check's kind in words: `£1,234.50`, `3.2258%`, `1,408`, `18 months`.
fn figure(kind: Kind, d: Decimal) -> String {
    let d = d.normalize();
    let text = d.abs().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    let whole = group_thousands(whole);
    match kind {
        Kind::Money => format!("{sign}£{whole}.{fraction:0<2}"),
        Kind::Percent => format!("{sign}{whole}{}{fraction}%", dot(fraction)),
        Kind::Count => format!("{sign}{whole}{}{fraction}", dot(fraction)),
        Kind::Months if d == Decimal::ONE => "1 month".into(),
        Kind::Months => format!("{sign}{whole}{}{fraction} months", dot(fraction)),
    }
}

fn dot(fraction: &str) -> &'static str {
    if fraction.is_empty() {
        ""
    } else {
        "."
    }
}

/// A range as words: `£3,850,000.00 to £3,950,000.00`, `at most 36 months`, one figure when
/// both ends are the same.
fn range(kind: Kind, (lo, hi): (Option<Decimal>, Option<Decimal>)) -> String {
    match (lo, hi) {
        (Some(l), Some(h)) if l == h => figure(kind, l),
        (Some(l), Some(h)) => format!("{} to {}", figure(kind, l), figure(kind, h)),
        (None, Some(h)) => format!("at most {}", figure(kind, h)),
        (Some(l), None) => format!("at least {}", figure(kind, l)),
        (None, None) => "anything".into(),
    }
}

/// Why the verdict is what it is, in words an officer can give a committee: which reading of
/// the printed figures made them agree, or how far apart they are on every reading.
pub fn why(o: &Outcome) -> String {
    let x = &o.explanation;
    let stated = range(o.kind, x.stated);
    let computed = range(o.kind, x.computed);
    let limit = match x.side {
        Side::Value => "",
        Side::AtMost => " (a limit: the figure may be anything up to it)",
        Side::AtLeast => " (a minimum: the figure may be anything above it)",
    };
    let mut out = match x.basis {
        Basis::Exact if x.side == Side::Value => "agrees exactly".to_string(),
        Basis::Exact => format!(
            "agrees: {} is within `{}`{limit}",
            figure(o.kind, o.computed),
            o.text
        ),
        Basis::Stated => format!("agrees {}: `{}` stands for {stated}{limit}", tolerance_words(o.tolerance), o.text),
        Basis::Operands => format!("agrees once the operands are read at their printed precision: they give {computed}, which meets {stated} (`{}`{limit})", o.text),
        Basis::Inputs => format!(
            "agrees once the inputs printed rounded are read as the amounts they stand for ({}): the model gives {computed}, which meets {stated} (`{}`{limit})",
            inputs(x),
            o.text
        ),
        Basis::Disagrees if !x.phases.is_empty() => phases(x),
        Basis::Disagrees => format!(
            "no reading agrees: the figure is {computed} but `{}` stands for {stated}{limit}, {} apart",
            o.text,
            x.gap.map_or_else(|| "some way".to_string(), |g| gap(o.kind, g))
        ),
    };
    if x.basis == Basis::Disagrees && !x.inputs.is_empty() {
        out += &format!(" (with {} read as ranges)", inputs(x));
    }
    // A rate, an uplift, a net, VAT or gross, a present value: what the model's figure is.
    if let Some(w) = &x.working {
        out += &format!("; {w}");
    }
    for slip in &x.slips {
        out += match slip {
            Slip::DoubledPound => "; `££` read as `£`",
            Slip::Footnote => "; the footnote mark read past",
        };
    }
    out
}

/// The rounded inputs a range comes from: `lines.care.annual = approximately £12.7m`.
fn inputs(x: &Explanation) -> String {
    x.inputs
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How far apart: percentages are apart by percentage points.
fn gap(kind: Kind, g: Decimal) -> String {
    match kind {
        Kind::Percent => format!("{} percentage points", figure(Kind::Count, g)),
        _ => figure(kind, g),
    }
}

fn tolerance_words(t: Tolerance) -> &'static str {
    match t {
        Tolerance::Exact => "exactly",
        Tolerance::Printed(_) | Tolerance::Circa(_) => "at the printed precision",
        Tolerance::Absolute(_) | Tolerance::Percent(_) => "within the tolerance stated",
    }
}

/// A duration printed as a sum whose parts the contract's phases do not match.
fn phases(x: &Explanation) -> String {
    let pairs: Vec<String> = x
        .phases
        .iter()
        .map(|(printed, found)| {
            format!(
                "{} printed where the phase is {}",
                figure(Kind::Months, *printed),
                figure(Kind::Months, *found)
            )
        })
        .collect();
    format!("no reading agrees: {}", pairs.join("; "))
}

/// The reasons given for acknowledged inconsistencies: `- scenario / check: reason`, each
/// scenario named by `name`.
fn reasons(evaluated: &[Evaluated], name: impl Fn(&Evaluated) -> String) -> String {
    let mut out = String::new();
    for e in evaluated {
        for o in &e.outcomes {
            if let (Verdict::Acknowledged, Some(r)) = (o.verdict, &o.reason) {
                out += &format!("- {} / {}: {}\n", name(e), o.check, r);
            }
        }
    }
    out
}

/// The text table: every column but `why`, the count of each verdict, why each verdict is
/// what it is, and the reasons given for acknowledged inconsistencies.
pub fn check_table(evaluated: &[Evaluated]) -> String {
    let rows: Vec<Vec<Cell>> = check_rows(evaluated)
        .into_iter()
        .map(|mut r| {
            r.pop();
            r
        })
        .collect();
    let mut out = Table::aligned(
        CHECK_CSV_HEADER[..7].iter().copied(),
        &CHECK_RIGHT[..7],
        rows,
    )
    .text();
    let count = |v: Verdict| {
        evaluated
            .iter()
            .flat_map(|e| &e.outcomes)
            .filter(|o| o.verdict == v)
            .count()
    };
    out += &format!(
        "\n{} consistent, {} inconsistent, {} acknowledged\n",
        count(Verdict::Consistent),
        count(Verdict::Inconsistent),
        count(Verdict::Acknowledged)
    );
    let mut whys = String::new();
    for e in evaluated {
        for o in &e.outcomes {
            whys += &format!("- {} / {}: {}\n", e.loaded.name, o.check, why(o));
        }
    }
    if !whys.is_empty() {
        out += &format!("\nwhy:\n{whys}");
    }
    let reasons = reasons(evaluated, |e| e.loaded.name.clone());
    if !reasons.is_empty() {
        out += &format!("\nacknowledged:\n{reasons}");
    }
    out
}

/// The checks as a Markdown table, verdicts in bold where a paper is inconsistent, then the
/// reasons given for acknowledged inconsistencies.
pub fn check_markdown(evaluated: &[Evaluated]) -> String {
    let header = [
        "Scenario",
        "Check",
        "Printed",
        "Computed",
        "Difference",
        "Tolerance",
        "Verdict",
        "Why",
    ];
    let mut out = Table::aligned(header, &CHECK_RIGHT, check_rows(evaluated)).markdown();
    let reasons = reasons(evaluated, |e| e.loaded.label());
    if !reasons.is_empty() {
        out += &format!("\nAcknowledged:\n\n{reasons}");
    }
    out
}

pub fn check_csv(evaluated: &[Evaluated]) -> Vec<u8> {
    Table::aligned(CHECK_CSV_HEADER, &CHECK_RIGHT, check_rows(evaluated)).csv()
}

/// `check`'s JSON: an object per check, with the scenario's overrides as a list.
pub fn check_json(evaluated: &[Evaluated]) -> String {
    let header = [
        "scenario",
        "check",
        "printed",
        "stated",
        "computed",
        "difference",
        "tolerance",
        "verdict",
        "why",
        "reason",
    ];
    let mut checks = Vec::new();
    for e in evaluated {
        let rows = e
            .outcomes
            .iter()
            .map(|o| {
                vec![
                    Cell::Text(e.loaded.name.clone()),
                    Cell::Text(o.check.clone()),
                    Cell::Text(o.text.clone()),
                    Cell::figure(o.stated, o.money()),
                    Cell::figure(o.computed, o.money()),
                    Cell::figure(o.difference, o.money()),
                    Cell::Text(o.tolerance.to_string()),
                    Cell::Verdict(o.verdict),
                    Cell::Text(why(o)),
                    o.reason.clone().map_or(Cell::Empty, Cell::Text),
                ]
            })
            .collect();
        for mut row in Table::new(header, rows).json_rows() {
            row["overrides"] = json!(e.loaded.overrides);
            checks.push(row);
        }
    }
    json_document(&Value::Array(checks))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing;

    // Worked by hand from test-scenario.toml: `£1,000,100` is printed to the nearest £100, so
    // it stands for £1,000,050 to £1,000,150, £50 above the computed £1,000,000; `£54,000` to
    // the nearest £1,000, £53,500 to £54,500, £300 below the computed £54,800.
    const CARE_WHY: &str = "no reading agrees: the figure is £1,000,000.00 but `£1,000,100` stands for £1,000,050.00 to £1,000,150.00, £50.00 apart";
    const BUS_WHY: &str = "no reading agrees: the figure is £54,800.00 but `£54,000` stands for £53,500.00 to £54,500.00, £300.00 apart";

    #[test]
    fn csv_writes_each_figure_in_full() {
        let e = testing::evaluated();
        assert_eq!(
            String::from_utf8(check_csv(&[e])).unwrap(),
            format!(
                "scenario,check,stated,computed,difference,tolerance,verdict,why\n\
                 t,whole term,1556169.86,1556169.86,0.00,nearest 0.01,consistent,agrees exactly\n\
                 t,2024-25 | care,1000100.00,1000000.00,-100.00,nearest 100,inconsistent,\"{CARE_WHY}\"\n\
                 t,\"bus, acknowledged\",54000.00,54800.00,800.00,nearest 1000,acknowledged,\"{BUS_WHY}\"\n"
            )
        );
    }

    #[test]
    fn the_table_reads_figures_as_printed_and_counts_verdicts() {
        let e = testing::evaluated();
        assert_eq!(
            check_table(&[e]),
            format!(
                "scenario  check              stated              computed  difference  tolerance     verdict\n\
                 t         whole term         £1,556,169.86  £1,556,169.86       £0.00  nearest 0.01  consistent\n\
                 t         2024-25 | care     £1,000,100     £1,000,000.00    -£100.00  nearest 100   inconsistent\n\
                 t         bus, acknowledged  £54,000           £54,800.00    +£800.00  nearest 1000  acknowledged\n\
                 \n1 consistent, 1 inconsistent, 1 acknowledged\n\
                 \nwhy:\n- t / whole term: agrees exactly\n- t / 2024-25 | care: {CARE_WHY}\n\
                 - t / bus, acknowledged: {BUS_WHY}\n\
                 \nacknowledged:\n- t / bus, acknowledged: the paper rounds down\n"
            )
        );
    }

    #[test]
    fn markdown_bolds_what_is_not_consistent() {
        let e = testing::evaluated();
        let out = check_markdown(&[e]);
        assert!(out.contains(&format!(
            "| t | 2024-25 \\| care | £1,000,100 | £1,000,000.00 | -£100.00 | nearest 100 | **inconsistent** | {CARE_WHY} |\n"
        )), "{out}");
        assert!(
            out.ends_with("\nAcknowledged:\n\n- t / bus, acknowledged: the paper rounds down\n")
        );
    }

    #[test]
    fn json_has_the_overrides_why_and_a_null_reason() {
        let e = testing::evaluated();
        let doc: Value = serde_json::from_str(&check_json(&[e])).unwrap();
        assert_eq!(doc[0]["overrides"], json!([]));
        assert_eq!(doc[0]["reason"], Value::Null);
        assert_eq!(doc[0]["why"], json!("agrees exactly"));
        assert_eq!(doc[1]["difference"], json!("-100.00"));
        assert_eq!(doc[2]["reason"], json!("the paper rounds down"));
    }

    #[test]
    fn figures_in_words_by_kind() {
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(figure(Kind::Money, dec("-1234.5")), "-£1,234.50");
        assert_eq!(figure(Kind::Money, dec("0.005")), "£0.005");
        assert_eq!(figure(Kind::Percent, dec("3.2258")), "3.2258%");
        assert_eq!(figure(Kind::Count, dec("1408")), "1,408");
        assert_eq!(figure(Kind::Months, dec("36")), "36 months");
        assert_eq!(
            range(Kind::Months, (None, Some(dec("36")))),
            "at most 36 months"
        );
        assert_eq!(
            range(Kind::Percent, (Some(dec("85.5")), None)),
            "at least 85.5%"
        );
    }
}
