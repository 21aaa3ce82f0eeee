//! Writing outputs: every file is written whole to a temporary file beside it and then
//! renamed over the target, so a failed or interrupted run never leaves a half-written file
//! and an existing output is replaced only by a complete one. A run killed between the write
//! and the rename can leave a hidden `.tmpXXXXXX` file beside the output, never a damaged one.

use std::io::Write;
use std::path::Path;

use outturn_input::diagnostic::Diagnostic;

/// The operating system's words for `e`. tempfile's errors name the temporary file, whose
/// random name means nothing to the reader, so only the kind of failure is kept.
fn plain(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
        None => std::io::Error::from(e.kind()).to_string(),
    }
}

/// Why `dir` cannot hold output, when that can be said before trying: it is missing or a file.
fn not_a_folder(dir: &Path) -> Option<String> {
    if dir.is_dir() {
        None
    } else if dir.exists() {
        Some(format!(
            "`{}` is a file, not a folder; name a folder for the output",
            dir.display()
        ))
    } else {
        Some(format!(
            "the folder `{}` does not exist; create it or name another",
            dir.display()
        ))
    }
}

/// A temporary file in `dir`, made as a file of the user's own would be. tempfile makes its
/// files readable by their owner alone (0600), and the rename would carry that over to the
/// output; asking for 0666 lets the umask decide, as for any file the user writes (0644
/// usually), so colleagues on a shared drive can open the outputs.
fn temporary_beside(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Writes `contents` to `path` atomically.
///
/// # Errors
/// The folder is missing or is a file, or the file cannot be created, written (a full disk)
/// or renamed into place; `path` is then as it was.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Diagnostic> {
    let fail = |what: &str, e: std::io::Error| {
        Diagnostic::file(
            path,
            format!(
                "could not {what}: {}; check the folder can be written and has space",
                plain(&e)
            ),
        )
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Some(why) = not_a_folder(dir) {
        return Err(Diagnostic::file(path, why));
    }
    let mut tmp = temporary_beside(dir).map_err(|e| fail("create a file here", e))?;
    tmp.write_all(contents)
        .map_err(|e| fail("write the output", e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| fail("write the output", e))?;
    tmp.persist(path)
        .map_err(|e| fail("replace the output", e.error))?;
    Ok(())
}

/// Creates the folder `dir` (and any folders above it) for outputs.
///
/// # Errors
/// `dir` is a file, or cannot be created.
pub fn create_folder(dir: &Path) -> Result<(), Diagnostic> {
    if dir.exists() && !dir.is_dir() {
        return Err(Diagnostic::file(
            dir,
            "is a file, not a folder; name a folder for the output",
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::file(
            dir,
            format!("could not create the output folder: {}", plain(&e)),
        )
    })
}
