//! Opening a register for reading, with limits a hostile file cannot get past: a device
//! (`/dev/zero`, which never ends) or a folder is refused before reading, and a line longer
//! than [`MAX_LINE`] stops the read, so memory stays bounded however the file is made.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;

/// The longest line a register may have, in bytes: far past any real register's row (a
/// thousand columns of a thousand characters), small enough to hold in memory.
pub const MAX_LINE: usize = 1 << 20;

/// Refuses a register that is a folder or a device; a file, a FIFO (`<(…)`) or standard
/// input redirected from one is read.
///
/// # Errors
/// `path` is a folder or a device.
pub fn readable(path: &Path) -> Result<(), Diagnostic> {
    let Ok(m) = std::fs::metadata(path) else {
        // Missing or unreadable: opening it says which.
        return Ok(());
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_char_device() || t.is_block_device() {
            return Err(Diagnostic::file(
                path,
                "is a device, not a register; name a CSV file",
            ));
        }
    }
    if m.is_dir() {
        return Err(Diagnostic::file(
            path,
            "is a folder, not a register; name a CSV file",
        ));
    }
    Ok(())
}

/// A register's bytes, stopped at the first line longer than [`MAX_LINE`].
pub struct LineLimited<R> {
    inner: R,
    /// Bytes since the last line end.
    run: usize,
    /// Line ends passed.
    lines: u64,
    /// The line (from 1) found too long; 0 while none is.
    too_long: Arc<AtomicU64>,
}

impl<R: Read> LineLimited<R> {
    /// Counts `run` more bytes on the current line, stopping past the limit.
    fn extend_line(&mut self, run: usize) -> std::io::Result<()> {
        self.run += run;
        if self.run > MAX_LINE {
            self.too_long.store(self.lines + 1, Ordering::Relaxed);
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "a line is too long",
            ));
        }
        Ok(())
    }
}

impl<R: Read> Read for LineLimited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut rest = &buf[..n];
        // A carriage return ends a line too (old Mac exports end lines with it alone);
        // lines are counted at line feeds, as the register's messages count them.
        while let Some(end) = memchr::memchr2(b'\n', b'\r', rest) {
            self.extend_line(end)?;
            self.lines += u64::from(rest[end] == b'\n');
            self.run = 0;
            rest = &rest[end + 1..];
        }
        self.extend_line(rest.len())?;
        Ok(n)
    }
}

/// What reading a register found about its lines.
#[derive(Clone)]
pub struct Lines(Arc<AtomicU64>);

impl Lines {
    /// Why the read stopped, when it stopped at a line too long.
    pub fn too_long(&self, path: &Path) -> Option<Diagnostic> {
        match self.0.load(Ordering::Relaxed) {
            0 => None,
            line => Some(Diagnostic::file(
                path,
                format!(
                    "line {line} is longer than {} bytes, the longest a register line may be; is this a CSV file?",
                    outturn_model::money::group_thousands(&MAX_LINE.to_string())
                ),
            )),
        }
    }
}

/// Opens the register at `path`, refusing folders and devices, with its lines limited.
///
/// # Errors
/// `path` is a folder or a device, or cannot be opened.
pub fn open(path: &Path) -> Result<(LineLimited<std::fs::File>, Lines), Diagnostic> {
    readable(path)?;
    let file = std::fs::File::open(path)
        .map_err(|e| Diagnostic::file(path, format!("could not read the register: {e}")))?;
    let too_long = Arc::new(AtomicU64::new(0));
    Ok((
        LineLimited {
            inner: file,
            run: 0,
            lines: 0,
            too_long: Arc::clone(&too_long),
        },
        Lines(too_long),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_past_the_limit_stops_the_read_and_is_named() {
        let mut text = b"id,directorate\na,b\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', MAX_LINE + 1));
        let too_long = Arc::new(AtomicU64::new(0));
        let mut r = LineLimited {
            inner: text.as_slice(),
            run: 0,
            lines: 0,
            too_long: Arc::clone(&too_long),
        };
        let mut sink = Vec::new();
        assert!(r.read_to_end(&mut sink).is_err());
        assert_eq!(too_long.load(Ordering::Relaxed), 3);
        // A line of exactly the limit is read.
        let mut text = vec![b'x'; MAX_LINE];
        text.push(b'\n');
        let mut r = LineLimited {
            inner: text.as_slice(),
            run: 0,
            lines: 0,
            too_long: Arc::new(AtomicU64::new(0)),
        };
        assert_eq!(r.read_to_end(&mut Vec::new()).unwrap(), MAX_LINE + 1);
    }
}
