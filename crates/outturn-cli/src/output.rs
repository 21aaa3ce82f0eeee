//! Writing outputs, all or nothing.
//!
//! A command's files are written as one batch ([`write_all`]): each is written whole to a
//! temporary file beside it first, and only when every one of them is complete are they
//! renamed over their targets, so a failed run (a full disk, a file-size limit, a folder that
//! cannot be written) replaces none of them. Should a rename still fail part way, the files
//! already replaced are put back from hard links made just before. A run killed between the
//! writes and the renames can leave hidden `.tmpXXXXXX` files beside the outputs, never a
//! damaged one.
//!
//! A name that is not a regular file is written into rather than replaced: a FIFO, a device
//! (`/dev/null`), or the process's own streams (`/dev/stdout`); renaming over those would
//! destroy them. A symbolic link is followed and its target replaced; a folder is refused.
//!
//! Every output put in place is recorded ([`written`]), so the line after any errors can say
//! exactly what was written.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use outturn_input::diagnostic::Diagnostic;
use tempfile::{NamedTempFile, TempPath};

/// What this run has written, as the user named it. Failures can come from anywhere in a
/// command and every write passes through here, so this is where it is known.
static WRITTEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn record(what: String) {
    // A poisoned lock only means another thread panicked while recording; the list is
    // still a list.
    let mut list = WRITTEN.lock().unwrap_or_else(|e| e.into_inner());
    list.push(what);
}

/// Everything written so far (`out/a.csv`, `part of /dev/full`), in order.
pub fn written() -> Vec<String> {
    WRITTEN.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// The operating system's words for `e`. tempfile's errors name the temporary file, whose
/// random name means nothing to the reader, so only the kind of failure is kept.
/// The system's own number for it (`(os error 28)`) is left off too.
fn plain(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(code) => {
            let words = std::io::Error::from_raw_os_error(code).to_string();
            match words.rfind(" (os error") {
                Some(i) => words[..i].to_string(),
                None => words,
            }
        }
        None => std::io::Error::from(e.kind()).to_string(),
    }
}

fn failed(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::file(
        path,
        format!(
            "could not {what}: {}; check the folder can be written and has space",
            plain(e)
        ),
    )
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

/// Where a named output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A regular file, or none yet: replaced whole. `at` is the file itself, past any
    /// symbolic links, in its folder's canonical name (so two names for one file are seen
    /// to be one).
    File { at: PathBuf },
    /// A FIFO, a device or an open stream of this process: written into.
    Stream,
}

/// How many symbolic links are followed before giving up, as the kernel does (`ELOOP`).
const MAX_LINKS: usize = 40;

/// The path `link` points to, relative to the folder holding the link.
fn follow(link: &Path) -> std::io::Result<PathBuf> {
    let next = std::fs::read_link(link)?;
    Ok(link.parent().unwrap_or(Path::new("")).join(next))
}

/// Whether `path`, or a link on the way from it, lies under `/proc`: `/dev/stdout` and
/// `/dev/fd/1` are names for a stream this process already has open, whatever it leads to
/// (a terminal, a pipe, or a file the shell opened, perhaps to append to).
fn names_an_open_stream(path: &Path) -> bool {
    let mut cur = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let dir = cur.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(dir) = dir.and_then(|d| std::fs::canonicalize(d).ok()) {
            if dir.starts_with("/proc") {
                return true;
            }
        }
        match follow(&cur) {
            Ok(next) => cur = next,
            Err(_) => return false,
        }
    }
    false
}

/// The file `named` leads to past its symbolic links (itself when it is none), which need
/// not exist yet: a link to a file not yet made makes it.
fn past_links(named: &Path) -> Result<PathBuf, Diagnostic> {
    let mut cur = named.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&cur) {
            Ok(m) if m.file_type().is_symlink() => {
                cur = follow(&cur).map_err(|e| failed(named, "follow the link", &e))?;
            }
            _ => return Ok(cur),
        }
    }
    Err(Diagnostic::file(
        named,
        "the symbolic links go round in a loop; name the file itself",
    ))
}

/// Where `named` goes, or why nothing can be written there.
fn target(named: &Path) -> Result<Target, Diagnostic> {
    if names_an_open_stream(named) {
        return Ok(Target::Stream);
    }
    match std::fs::metadata(named) {
        Ok(m) if m.is_dir() => {
            return Err(Diagnostic::file(
                named,
                "is a folder; name a file to write the output to",
            ))
        }
        Ok(m) if !m.is_file() => return Ok(Target::Stream),
        Ok(_) => {}
        // Not there yet, or a folder on the way is a file: said plainly below.
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {}
        Err(e) => return Err(failed(named, "open the output", &e)),
    }
    let file = past_links(named)?;
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Some(why) = not_a_folder(dir) {
        return Err(Diagnostic::file(named, why));
    }
    let name = file.file_name().ok_or_else(|| {
        Diagnostic::file(named, "names a folder; name a file to write the output to")
    })?;
    let dir = std::fs::canonicalize(dir).map_err(|e| failed(named, "open the folder", &e))?;
    Ok(Target::File { at: dir.join(name) })
}

/// A temporary file in `dir`, made as a file of the user's own would be. tempfile makes its
/// files readable by their owner alone (0600), and the rename would carry that over to the
/// output; asking for 0666 lets the umask decide, as for any file the user writes (0644
/// usually), so colleagues on a shared drive can open the outputs.
fn temporary_beside(dir: &Path) -> std::io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// One output written whole beside its target, waiting to be renamed over it.
struct Staged {
    named: PathBuf,
    at: PathBuf,
    file: NamedTempFile,
}

fn stage(named: &Path, at: &Path, contents: &[u8]) -> Result<Staged, Diagnostic> {
    let dir = at.parent().unwrap_or(Path::new("."));
    let mut file = temporary_beside(dir).map_err(|e| failed(named, "create a file here", &e))?;
    file.write_all(contents)
        .map_err(|e| failed(named, "write the output", &e))?;
    file.as_file()
        .sync_all()
        .map_err(|e| failed(named, "write the output", &e))?;
    Ok(Staged {
        named: named.to_path_buf(),
        at: at.to_path_buf(),
        file,
    })
}

/// Writes `contents` into a stream, counting what got through: the error, if any, says
/// whether part of the output reached it.
fn write_stream(named: &Path, contents: &[u8]) -> Result<(), Diagnostic> {
    let mut sent = 0;
    let result = std::fs::OpenOptions::new()
        .append(true)
        .open(named)
        .and_then(|mut f| {
            while sent < contents.len() {
                match f.write(&contents[sent..]) {
                    Ok(0) => return Err(ErrorKind::WriteZero.into()),
                    Ok(n) => sent += n,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            f.flush()
        });
    match result {
        Ok(()) => {
            record(named.display().to_string());
            Ok(())
        }
        Err(e) => {
            if sent > 0 {
                record(format!("part of {}", named.display()));
            }
            Err(Diagnostic::file(
                named,
                format!("could not write the output: {}", plain(&e)),
            ))
        }
    }
}

/// A file replaced by a rename, and the hard link to its previous contents (none when it is
/// new, or when the file system cannot link), kept until every rename has succeeded.
struct Replaced {
    named: PathBuf,
    at: PathBuf,
    previous: Option<TempPath>,
}

/// Renames every staged file over its target. If one fails, the ones already renamed are
/// put back as they were (a new file removed, an old one restored from its hard link).
fn commit(staged: Vec<Staged>) -> Result<(), Diagnostic> {
    let mut done: Vec<Replaced> = Vec::new();
    for s in staged {
        let dir = s.at.parent().unwrap_or(Path::new("."));
        let previous = if s.at.exists() {
            tempfile::Builder::new()
                .prefix(".outturn-previous")
                .make_in(dir, |p| std::fs::hard_link(&s.at, p))
                .ok()
                .map(NamedTempFile::into_temp_path)
        } else {
            None
        };
        if let Err(e) = s.file.persist(&s.at) {
            let error = failed(&s.named, "replace the output", &e.error);
            undo(done);
            return Err(error);
        }
        done.push(Replaced {
            named: s.named,
            at: s.at,
            previous,
        });
    }
    for r in done {
        record(r.named.display().to_string());
    }
    Ok(())
}

/// Puts back what [`commit`] replaced; a file that cannot be put back is recorded as written.
fn undo(done: Vec<Replaced>) {
    for r in done.into_iter().rev() {
        let restored = match r.previous {
            Some(previous) => previous.persist(&r.at).is_ok(),
            None => std::fs::remove_file(&r.at).is_ok(),
        };
        if !restored {
            record(r.named.display().to_string());
        }
    }
}

/// Writes every output, each `(path, contents)`, all or nothing: every file is written in
/// full beside its target before any is renamed into place (streams are written between the
/// two), so a failure leaves every file as it was.
///
/// # Errors
/// A name that is a folder, in a folder that does not exist, or given twice; a file that
/// cannot be created, written (a full disk) or renamed into place; a stream that cannot be
/// written. Every file is then as it was.
pub fn write_all(outputs: &[(PathBuf, Vec<u8>)]) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut files: Vec<(&Path, PathBuf, &[u8])> = Vec::new();
    let mut streams: Vec<(&Path, &[u8])> = Vec::new();
    for (named, contents) in outputs {
        match target(named) {
            Ok(Target::File { at }) => {
                if files.iter().any(|(_, other, _)| *other == at) {
                    errors.push(twice(named));
                }
                files.push((named, at, contents));
            }
            Ok(Target::Stream) => {
                if streams.iter().any(|(other, _)| *other == named.as_path()) {
                    errors.push(twice(named));
                }
                streams.push((named, contents));
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let staged = files
        .iter()
        .map(|(named, at, contents)| stage(named, at, contents))
        .collect::<Result<Vec<Staged>, Diagnostic>>()
        .map_err(|d| vec![d])?;
    for (named, contents) in streams {
        write_stream(named, contents).map_err(|d| vec![d])?;
    }
    commit(staged).map_err(|d| vec![d])
}

fn twice(named: &Path) -> Diagnostic {
    Diagnostic::file(
        named,
        "is named for two outputs; name a different file for each",
    )
}

/// Writes `bytes` to standard output. A reader that has gone (`outturn run | head`) ends the
/// run quietly with the status a shell gives a command killed by a broken pipe, 141, as for
/// other tools in a pipeline; any other failure (a full disk, a file-size limit) is an error.
///
/// # Errors
/// Standard output cannot be written.
pub fn to_stdout(bytes: &[u8]) -> Result<(), Vec<Diagnostic>> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => std::process::exit(BROKEN_PIPE),
        Err(e) => Err(vec![Diagnostic::flag(
            "standard output",
            format!("could not write the output: {}; it is cut short", plain(&e)),
        )]),
    }
}

/// The status of a command killed by SIGPIPE, as a shell reports it (128 + 13).
pub const BROKEN_PIPE: i32 = 141;

/// Writes a line to standard error.
///
/// # Errors
/// Standard error cannot be written: the run must then stop, since what it had to say
/// (rows skipped) would be lost; the status is still 2, though the message cannot be shown.
pub fn to_stderr(line: &str) -> Result<(), Vec<Diagnostic>> {
    let mut err = std::io::stderr().lock();
    writeln!(err, "{line}").map_err(|e| {
        vec![Diagnostic::flag(
            "standard error",
            format!("could not write: {}", plain(&e)),
        )]
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(p: &Path) -> String {
        std::fs::read_to_string(p).unwrap()
    }

    /// A rename that fails part way puts back the files already replaced: the second target
    /// turns into a folder after both files were staged.
    #[test]
    fn a_failed_rename_puts_back_what_was_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            dir.path().join("a.csv"),
            dir.path().join("b.csv"),
            dir.path().join("c.csv"),
        );
        std::fs::write(&a, "old a").unwrap();
        let staged = vec![
            stage(&a, &a, b"new a").unwrap(),
            stage(&c, &c, b"new c").unwrap(),
            stage(&b, &b, b"new b").unwrap(),
        ];
        std::fs::create_dir(&b).unwrap();
        std::fs::write(b.join("inside"), "x").unwrap();
        let e = commit(staged).unwrap_err();
        assert!(
            e.to_string().contains("could not replace the output"),
            "{e}"
        );
        assert_eq!(read(&a), "old a");
        assert!(!c.exists());
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left.len(), 2, "only a.csv and the folder b.csv: {left:?}");
    }

    #[test]
    fn targets_past_links_and_streams() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        std::fs::write(&real, "x").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        let canonical = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(
            target(&link).unwrap(),
            Target::File {
                at: canonical.join("real.csv")
            }
        );
        // A link to a file not yet made makes it.
        let dangling = dir.path().join("dangling.csv");
        std::os::unix::fs::symlink("later.csv", &dangling).unwrap();
        assert_eq!(
            target(&dangling).unwrap(),
            Target::File {
                at: canonical.join("later.csv")
            }
        );
        let looped = dir.path().join("loop.csv");
        std::os::unix::fs::symlink("loop.csv", &looped).unwrap();
        assert!(target(&looped).is_err());
        assert_eq!(target(Path::new("/dev/stdout")).unwrap(), Target::Stream);
        assert_eq!(target(Path::new("/dev/fd/1")).unwrap(), Target::Stream);
        assert_eq!(target(Path::new("/dev/null")).unwrap(), Target::Stream);
        assert!(target(dir.path())
            .unwrap_err()
            .to_string()
            .contains("is a folder"));
    }
}
