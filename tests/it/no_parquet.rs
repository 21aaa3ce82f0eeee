//! A build without the `parquet` feature (the default): Parquet is not offered in `--help`,
//! and asking for it says how to build it in, exit status 2, nothing written.

use crate::common::*;

const NO_PARQUET: &str =
    "this build has no Parquet support: build with `cargo build --release --features parquet`";

#[test]
fn parquet_output_says_how_to_build_it_in() {
    let dir = temp_dir();
    let file = dir.path().join("dpss.parquet");
    for args in [
        vec![
            "run",
            DPSS,
            "--format",
            "parquet",
            "-o",
            file.to_str().unwrap(),
        ],
        vec![
            "portfolio",
            "tests/portfolio/register.csv",
            "--format",
            "parquet",
        ],
    ] {
        let o = outturn(&args);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).starts_with(&format!(
                "error: invalid value 'parquet' for '--format <FORMAT>': {NO_PARQUET}\n"
            )),
            "{}",
            stderr(&o)
        );
    }
    assert!(!file.exists());
    let help = stdout(&outturn(&["run", "--help"]));
    assert!(help.contains("xlsx") && !help.contains("parquet"), "{help}");
}

#[test]
fn a_parquet_register_says_how_to_build_it_in() {
    // A Parquet file starts with the bytes `PAR1`.
    let dir = temp_dir();
    let register = dir.path().join("register.parquet");
    std::fs::write(&register, b"PAR1\x15\x04").unwrap();
    let o = outturn(&["portfolio", register.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {}: the register is a Parquet file, and {NO_PARQUET}\n1 error; nothing was written\n",
            register.display()
        )
    );
}
