//! Finding the scenario files a command line names.

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

/// The scenario files named by `paths`: files as given, folders for the `.toml` files in
/// them, in name order.
///
/// # Errors
/// A path that does not exist, a folder with no scenarios, or two scenarios with the same
/// file name (their outputs would collide).
pub fn scenario_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = match std::fs::read_dir(path) {
                Ok(entries) => entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                    .collect(),
                Err(e) => {
                    errors.push(Diagnostic::file(
                        path,
                        format!("could not read the folder: {e}"),
                    ));
                    continue;
                }
            };
            if found.is_empty() {
                errors.push(Diagnostic::file(
                    path,
                    "the folder has no scenario files (*.toml)",
                ));
            }
            found.sort();
            files.extend(found);
        } else if path.is_file() {
            files.push(path.clone());
        } else if path.exists() {
            errors.push(Diagnostic::file(
                path,
                "is not a file or a folder (a pipe or a device); name a scenario file",
            ));
        } else {
            errors.push(Diagnostic::file(path, "no such file or folder"));
        }
    }
    let mut stems: Vec<(String, &PathBuf)> = files
        .iter()
        .map(|f| {
            (
                f.file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                f,
            )
        })
        .collect();
    stems.sort();
    for pair in stems.windows(2) {
        if pair[0].0 == pair[1].0 && pair[0].1 != pair[1].1 {
            errors.push(Diagnostic::file(
                pair[1].1,
                format!(
                    "has the same name as {}; scenarios are named after their file, so rename one",
                    pair[0].1.display()
                ),
            ));
        }
    }
    // The same file named twice (`scenarios scenarios/x.toml`) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}
