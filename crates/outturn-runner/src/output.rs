//! Writing outputs: every file is written whole to a temporary file beside it and then
//! renamed over the target, so a failed or interrupted run never leaves a half-written file
//! and an existing output is replaced only by a complete one.

use std::io::Write;
use std::path::Path;

use crate::diagnostic::Diagnostic;

pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Diagnostic> {
    let fail = |what: &str, e: std::io::Error| {
        Diagnostic::file(
            path,
            format!("could not {what}: {e}; check the folder exists and can be written"),
        )
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| fail("create a file here", e))?;
    tmp.write_all(contents)
        .map_err(|e| fail("write the output", e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| fail("write the output", e))?;
    tmp.persist(path)
        .map_err(|e| fail("replace the output", e.error))?;
    Ok(())
}
