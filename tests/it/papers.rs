//! The paper corpus (`tests/papers/`): 40 real cases of figures printed in public papers,
//! each run through `outturn check` and its verdicts compared with the ones the case expects
//! (worked by hand with Python's `decimal`; see tests/papers/README.md).
//!
//! A check's expected verdict is its own `expected`, or `consistent` when it has none; a
//! case is inconsistent when any of its checks is. A **false alarm** is a consistent case (or
//! check) that Outturn flags; a **catch** is an inconsistent one it flags. Done means no false
//! alarms and every inconsistency caught.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::common::*;

/// Each case file, with the verdict it expects of each check (by name) and of the whole.
struct Case {
    path: PathBuf,
    expected: String,
    checks: BTreeMap<String, String>,
}

fn cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("tests/papers"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let doc: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
            let checks = doc["checks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    let name = c["name"].as_str().unwrap().to_string();
                    let expected = c
                        .get("expected")
                        .and_then(|e| e.as_str())
                        .unwrap_or("consistent");
                    (name, expected.to_string())
                })
                .collect();
            Case {
                expected: doc["expected"].as_str().unwrap().to_string(),
                path,
                checks,
            }
        })
        .collect()
}

/// Rates as "flagged of total (percent)".
fn rate(flagged: usize, total: usize) -> String {
    format!("{flagged} of {total} ({}%)", flagged * 100 / total.max(1))
}

#[test]
fn the_paper_corpus_has_no_false_alarms_and_catches_every_inconsistency() {
    let cases = cases();
    assert_eq!(cases.len(), 40, "tests/papers holds 40 cases");
    let mut problems = Vec::new();
    // (consistent flagged, consistent, inconsistent flagged, inconsistent) for cases, checks.
    let (mut case_counts, mut check_counts) = ([0usize; 4], [0usize; 4]);
    for case in &cases {
        let rel = case
            .path
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let o = outturn(&["check", &rel, "--format", "json"]);
        if o.status.code() == Some(2) {
            problems.push(format!("{rel}: not read:\n{}", stderr(&o)));
            continue;
        }
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let got: BTreeMap<String, String> = doc
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let verdict = c["verdict"].as_str().unwrap();
                let flagged = if verdict == "consistent" {
                    "consistent"
                } else {
                    "inconsistent"
                };
                (
                    c["check"].as_str().unwrap().to_string(),
                    flagged.to_string(),
                )
            })
            .collect();
        assert_eq!(got.len(), case.checks.len(), "{rel}: one verdict per check");
        for (name, expected) in &case.checks {
            let verdict = &got[name];
            let k = if expected == "consistent" { 0 } else { 2 };
            check_counts[k + 1] += 1;
            check_counts[k] += usize::from(verdict == "inconsistent");
            if verdict != expected {
                let why = doc
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["check"] == name.as_str());
                problems.push(format!(
                    "{rel} / {name}: expected {expected}, got {verdict}: {}",
                    why.map_or(String::new(), |c| c["why"].to_string())
                ));
            }
        }
        let flagged = got.values().any(|v| v == "inconsistent");
        let k = if case.expected == "consistent" { 0 } else { 2 };
        case_counts[k + 1] += 1;
        case_counts[k] += usize::from(flagged);
        let status = o.status.code();
        if status != Some(u8::from(flagged).into()) {
            problems.push(format!("{rel}: exit status {status:?}"));
        }
    }
    println!(
        "paper corpus: false alarms {} cases, {} checks; caught {} cases, {} checks",
        rate(case_counts[0], case_counts[1]),
        rate(check_counts[0], check_counts[1]),
        rate(case_counts[2], case_counts[3]),
        rate(check_counts[2], check_counts[3]),
    );
    assert_eq!(
        (case_counts[1], case_counts[3]),
        (30, 10),
        "30 consistent and 10 inconsistent cases"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(case_counts[0], 0, "false alarms");
    assert_eq!(case_counts[2], case_counts[3], "catch rate");
}
