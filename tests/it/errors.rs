//! Bad inputs: the error catalogue in `tests/errors/` (each case beside the exit status and
//! messages it must give), paths that hold nothing, and nothing written when any input is bad.

use std::path::PathBuf;

use crate::common::*;

/// docs/errors.md lists every case of the catalogue in its table, and says how many there are.
#[test]
fn the_catalogue_is_listed_in_the_docs() {
    let docs = std::fs::read_to_string(root().join("docs/errors.md")).unwrap();
    let mut cases: Vec<String> = std::fs::read_dir(root().join("tests/errors"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".stderr").map(String::from)
        })
        .collect();
    cases.sort();
    let unlisted: Vec<&String> = cases
        .iter()
        .filter(|c| !docs.contains(&format!("`{c}`")))
        .collect();
    assert!(unlisted.is_empty(), "not in docs/errors.md: {unlisted:?}");
    assert!(
        docs.contains(&format!("The {} cases today", cases.len())),
        "docs/errors.md should say there are {} cases",
        cases.len()
    );
}

/// The error catalogue: every bad input in `tests/errors`, each beside the exit status and
/// messages it must give (`NAME.stderr`). A `NAME.toml` is a scenario, run through `outturn
/// check`; a `NAME.csv` a register, through `outturn portfolio`; a `NAME.args` a whole
/// command line, one argument a line, for bad paths. No case may write to standard output.
/// `OUTTURN_BLESS=1` rewrites the `.stderr` files: read each one before committing it.
#[test]
fn error_catalogue() {
    let dir = root().join("tests/errors");
    let bless = std::env::var_os("OUTTURN_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x != "stderr"))
        .filter(|p| p.is_file())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 30,
        "the catalogue holds {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in cases {
        let rel = case
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let args: Vec<String> = match case.extension().and_then(|x| x.to_str()) {
            Some("toml") => vec!["check".into(), rel.clone()],
            Some("csv") => vec![
                "portfolio".into(),
                rel.clone(),
                "--format".into(),
                "csv".into(),
            ],
            Some("args") => std::fs::read_to_string(&case)
                .unwrap()
                .lines()
                .map(String::from)
                .collect(),
            _ => panic!("{rel}: a case is NAME.toml, NAME.csv or NAME.args"),
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = outturn(&args);
        let got = format!(
            "exit status {}\n{}",
            o.status.code().unwrap_or(-1),
            stderr(&o)
        );
        let expected_path = case.with_extension("stderr");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!("{rel}\n--- expected\n{expected}--- got\n{got}"));
        }
        if !o.stdout.is_empty() {
            failures.push(format!("{rel}: wrote to standard output:\n{}", stdout(&o)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn paths_that_do_not_exist_or_hold_nothing() {
    let o = outturn(&["run", "no/such/scenario.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: no/such/scenario.toml: no such file or folder\n1 error; nothing was written\n"
    );
    let empty = temp_dir();
    let o = outturn(&["run", empty.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the folder has no scenario files (*.toml)"));
}

#[test]
fn nothing_is_written_when_an_input_is_bad() {
    let dir = temp_dir();
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "previous output\n").unwrap();
    let o = outturn(&[
        "run",
        "scenarios",
        "tests/errors/impossible-date.toml",
        "--format",
        "csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous output\n");
    let o = outturn(&[
        "run",
        "tests/errors/impossible-date.toml",
        "--output-dir",
        dir.path().join("new").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("new").exists());
}

#[test]
fn export_writes_nothing_when_a_scenario_is_bad() {
    let dir = temp_dir();
    let old = dir.path().join("24-00051-direct-payment-support.csv");
    std::fs::write(&old, "previous output\n").unwrap();
    let o = outturn(&[
        "export",
        "scenarios",
        "tests/errors/impossible-date.toml",
        "--output-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nothing was written"));
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "previous output\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
