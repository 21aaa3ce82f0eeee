//! Plain registers read fast: a run of lines with no quote character and no carriage return
//! except in Windows line ends is read a line at a time, each line a row, its fields split
//! at commas. That is exactly what the csv reader makes of such lines, so it can be read in
//! blocks of whole lines, in parallel, and anything else (a quoted value, a lone carriage
//! return) goes to the csv reader ([`super::Records`]) from that block on.
//!
//! The fields a row is costed by are read here too, in [`read_plain`], straight from bytes
//! into integers, for the rows written the way registers usually are (`2024-06-15`,
//! `1834421.07`, `2.35`); any other spelling goes to [`super::read_row`], which reads it or
//! says what is wrong with it.

use std::borrow::Cow;
use std::io::Read;

use outturn_model::register::civil::Civil;
use outturn_model::register::fast::{Contract, Uplift};

use super::{Positions, MAX_PENNIES};

/// A row's fields, however it was read.
pub trait Fields {
    fn count(&self) -> usize;
    /// Field `i`, empty if there is none.
    fn field(&self, i: usize) -> &[u8];
    /// Whether every field is UTF-8 text.
    fn is_utf8(&self) -> bool;
    /// The row as the csv reader gives it, for [`super::read_row`].
    fn record(&self) -> Cow<'_, csv::ByteRecord>;
}

impl Fields for csv::ByteRecord {
    fn count(&self) -> usize {
        self.len()
    }

    fn field(&self, i: usize) -> &[u8] {
        self.get(i).unwrap_or_default()
    }

    fn is_utf8(&self) -> bool {
        self.as_slice().is_ascii() || self.iter().all(|f| std::str::from_utf8(f).is_ok())
    }

    fn record(&self) -> Cow<'_, csv::ByteRecord> {
        Cow::Borrowed(self)
    }
}

/// A line of a plain block, split at its commas.
pub struct Line<'a> {
    bytes: &'a [u8],
    /// Where each field ends; the next starts one byte (the comma) later.
    ends: &'a [usize],
}

impl Fields for Line<'_> {
    fn count(&self) -> usize {
        self.ends.len()
    }

    fn field(&self, i: usize) -> &[u8] {
        let Some(&end) = self.ends.get(i) else {
            return &[];
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        &self.bytes[start..end]
    }

    fn is_utf8(&self) -> bool {
        // Commas are ASCII, so no character spans two fields.
        self.bytes.is_ascii() || std::str::from_utf8(self.bytes).is_ok()
    }

    fn record(&self) -> Cow<'_, csv::ByteRecord> {
        Cow::Owned((0..self.count()).map(|i| self.field(i)).collect())
    }
}

impl Line<'_> {
    /// Whether the line is blank: nothing before its line end.
    pub fn is_blank(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// Calls `row(index, line)` for each line of a plain block in turn, counting from 0, each
/// split at its commas and without its line end: a last line without a line end is a line,
/// the empty rest after a final line end is not. `ends` is a buffer kept from call to call.
pub fn each_line(block: &[u8], ends: &mut Vec<usize>, mut row: impl FnMut(u64, Line<'_>)) {
    let mut from = 0;
    let mut index = 0;
    let mut line_end = |at: usize, from: &mut usize, ends: &mut Vec<usize>| {
        // In a plain block a `\r` comes only before a `\n`.
        let end = if at > *from && block[at - 1] == b'\r' {
            at - 1
        } else {
            at
        };
        ends.push(end - *from);
        row(
            index,
            Line {
                bytes: &block[*from..end],
                ends,
            },
        );
        ends.clear();
        index += 1;
        *from = at + 1;
    };
    ends.clear();
    for at in Delimiters::new(block) {
        if block[at] == b'\n' {
            line_end(at, &mut from, ends);
        } else {
            ends.push(at - from);
        }
    }
    if from < block.len() {
        line_end(block.len(), &mut from, ends);
    }
}

/// Where the commas and line ends of a block are, found eight bytes at a time: a line is
/// only some fifty bytes, too short for a search per delimiter to pay.
struct Delimiters<'a> {
    block: &'a [u8],
    /// Where the current word starts, and its delimiters not yet given, one bit per byte.
    word: usize,
    found: u64,
}

impl<'a> Delimiters<'a> {
    fn new(block: &'a [u8]) -> Delimiters<'a> {
        let mut d = Delimiters {
            block,
            word: 0,
            found: 0,
        };
        d.found = d.delimiters_at(0);
        d
    }

    /// The delimiters among the eight bytes from `at` (fewer at the end of the block), as
    /// the high bit of each byte that is one.
    fn delimiters_at(&self, at: usize) -> u64 {
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        let word = match self.block.get(at..at + 8) {
            Some(chunk) => u64::from_le_bytes(chunk.try_into().unwrap_or([0xff; 8])),
            None => {
                // The last few bytes, made up to eight with bytes that are not delimiters.
                let mut bytes = [0xffu8; 8];
                let tail = self.block.get(at..).unwrap_or_default();
                bytes[..tail.len()].copy_from_slice(tail);
                u64::from_le_bytes(bytes)
            }
        };
        // The high bit of each byte of `x` that is zero, exactly.
        let zero = |x: u64| !(((x & LOW7) + LOW7) | x | LOW7);
        zero(word ^ u64::from_le_bytes([b','; 8])) | zero(word ^ u64::from_le_bytes([b'\n'; 8]))
    }
}

impl Iterator for Delimiters<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.found == 0 {
            self.word += 8;
            if self.word >= self.block.len() {
                return None;
            }
            self.found = self.delimiters_at(self.word);
        }
        let at = self.word + self.found.trailing_zeros() as usize / 8;
        self.found &= self.found - 1;
        Some(at)
    }
}

/// Whether `block` can be read line by line: no `"`, and every `\r` in a `\r\n`.
pub fn is_plain(block: &[u8]) -> bool {
    if memchr::memchr(b'"', block).is_some() {
        return false;
    }
    memchr::memchr_iter(b'\r', block).all(|i| block.get(i + 1) == Some(&b'\n'))
}

/// A register read in blocks of whole lines.
pub struct Blocks<R> {
    input: R,
    /// The bytes read at a time, to cut into whole lines.
    size: usize,
    /// Bytes read past the end of the last block: the start of the next.
    carry: Vec<u8>,
    at_end: bool,
}

/// The size blocks are read in: some ten thousand rows, enough to share out.
pub const BLOCK: usize = 1 << 19;

impl<R: Read> Blocks<R> {
    /// Blocks of about `size` bytes.
    pub fn new(input: R, size: usize) -> Blocks<R> {
        Blocks {
            input,
            size: size.max(1),
            carry: Vec::new(),
            at_end: false,
        }
    }

    /// The next block into `buf`: the whole lines among the next block size of bytes (more
    /// if a line is longer), or at the end of the register all that is left, when its last
    /// line may have no line end; empty at the end.
    ///
    /// # Errors
    /// The register cannot be read.
    pub fn next_into(&mut self, buf: &mut Vec<u8>) -> Result<(), String> {
        buf.clear();
        buf.append(&mut self.carry);
        let mut searched = 0;
        loop {
            if !self.at_end && buf.len() < self.size {
                let want = (self.size - buf.len()) as u64;
                let read = (&mut self.input)
                    .take(want)
                    .read_to_end(buf)
                    .map_err(|e| format!("could not read the register: {e}"))?;
                self.at_end = (read as u64) < want;
            }
            if self.at_end {
                return Ok(());
            }
            if let Some(i) = memchr::memrchr(b'\n', &buf[searched..]) {
                self.carry.extend_from_slice(&buf[searched + i + 1..]);
                buf.truncate(searched + i + 1);
                return Ok(());
            }
            // A line longer than a block: read on until it ends.
            searched = buf.len();
            let read = (&mut self.input)
                .take(self.size as u64)
                .read_to_end(buf)
                .map_err(|e| format!("could not read the register: {e}"))?;
            self.at_end = read < self.size;
        }
    }

    /// Whether every block has been read.
    pub fn is_finished(&self) -> bool {
        self.at_end && self.carry.is_empty()
    }

    /// What is left to read: the bytes read past the last block, then the rest.
    pub fn into_rest(self) -> (Vec<u8>, R) {
        (self.carry, self.input)
    }
}

/// The contract on a row written the usual way, read straight into integers; `None` for
/// anything else, which [`super::read_row`] then reads, or refuses with its message.
///
/// It accepts only what `read_row` reads to the same values: every field UTF-8, the mapped
/// columns a term in years and extension months and an annual value with an uplift, a start
/// `YYYY-MM-DD`, whole numbers of digits only, an amount of digits with at most two
/// decimals, an uplift of digits with at most six decimals, optionally negative; no spaces.
pub fn read_plain(row: &impl Fields, p: &Positions) -> Option<Contract> {
    let ((years, Some(extension)), (annual, Some(uplift)), None) = (p.term, p.value, p.extended_to)
    else {
        return None;
    };
    if row.count() != p.names.len() || !row.is_utf8() {
        return None;
    }
    let start = date(row.field(p.start))?;
    let years = whole(row.field(years), 3).filter(|y| *y <= 100)?;
    let extension = whole(row.field(extension), 4).filter(|e| *e <= 1200)?;
    let annual = pennies(row.field(annual))?;
    let uplift = percent(row.field(uplift))?;
    Some(Contract {
        start,
        months: years * 12 + extension,
        annual_pennies: annual,
        uplift,
    })
    .filter(|c| c.months > 0)
}

/// `YYYY-MM-DD`, a real date in the supported years, as `calendar::parse_date` reads it.
fn date(b: &[u8]) -> Option<Civil> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
        return None;
    };
    let year = digits(&[y0, y1, y2, y3])?;
    Civil::new(year as i32, digits(&[m0, m1])?, digits(&[d0, d1])?)
}

/// The value of ASCII digits; `None` if there are none or anything else is there.
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() {
        return None;
    }
    b.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// One to `most` digits.
fn whole(b: &[u8], most: usize) -> Option<u32> {
    (b.len() <= most).then(|| digits(b)).flatten()
}

/// Up to 16 digits (the largest amount a register may state has 16, and so there is no
/// overflow), then optionally `.` and one or two digits, as pennies up to that amount.
fn pennies(b: &[u8]) -> Option<i64> {
    let (int, frac) = match b.iter().position(|&c| c == b'.') {
        Some(i) => (&b[..i], &b[i + 1..]),
        None => (b, &b"00"[..]),
    };
    if int.is_empty() || int.len() > 16 || frac.is_empty() || frac.len() > 2 {
        return None;
    }
    let int = int.iter().try_fold(0i64, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
    })?;
    let frac = i64::from(digits(frac)?) * if frac.len() == 1 { 10 } else { 1 };
    Some(int * 100 + frac).filter(|p| *p <= MAX_PENNIES)
}

/// Optionally `-`, one to four digits, then optionally `.` and one to six digits: a percentage
/// above -100 and at most 1000, as `read_row` requires.
fn percent(b: &[u8]) -> Option<Uplift> {
    let (negative, b) = match b.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, b),
    };
    let (int, frac) = match b.iter().position(|&c| c == b'.') {
        Some(i) => (&b[..i], &b[i + 1..]),
        None => (b, &b""[..]),
    };
    if int.len() > 4 || frac.len() > 6 || (frac.is_empty() && b.len() != int.len()) {
        return None;
    }
    let scale = frac.len() as u32;
    let unit = 10i64.pow(scale);
    let frac = if frac.is_empty() { 0 } else { digits(frac)? };
    let magnitude = i64::from(digits(int)?) * unit + i64::from(frac);
    let mantissa = if negative { -magnitude } else { magnitude };
    (mantissa > -100 * unit && mantissa <= 1000 * unit).then_some(Uplift { mantissa, scale })
}

/// How a register's rows are read once its header is.
pub enum Start<'a, R> {
    /// In blocks of whole lines: `first` (the rest of the first block after the header),
    /// then `blocks`; there are `lines_before` line ends before `first`.
    Blocks {
        first: Vec<u8>,
        blocks: Blocks<R>,
        lines_before: u64,
    },
    /// By the csv reader throughout: the header runs past the first block, or ends in a lone
    /// carriage return.
    Records(super::Records<super::Rest<'a>>),
}

/// Reads a register's header, and says how to read its rows, in blocks of about `block`
/// bytes ([`BLOCK`] unless testing how blocks join).
///
/// # Errors
/// The header cannot be read, or lacks a mapped column; as [`super::Records::new`].
pub fn start<'a, R: Read + Send + 'a>(
    input: R,
    mapping: &super::Mapping,
    block: usize,
) -> Result<(Start<'a, R>, Positions), String> {
    let mut blocks = Blocks::new(input, block);
    let mut first = Vec::new();
    blocks.next_into(&mut first)?;
    let whole = blocks.is_finished();
    match super::Records::new(&first[..], mapping) {
        Ok((header, positions)) => {
            // The header ends with the csv reader's record: at a `\n`, or at the `\r` of a
            // Windows line end, whose `\n` then comes first; or at the end of the file.
            let end = header.end as usize;
            let rows = match (header.after_cr, first.get(end)) {
                _ if end == first.len() && !whole => None,
                (true, Some(b'\n')) => Some(end + 1),
                (true, Some(_)) => None,
                _ => Some(end),
            };
            if let Some(rows) = rows {
                let lines_before = header.newlines + u64::from(rows > end);
                first.drain(..rows);
                let start = Start::Blocks {
                    first,
                    blocks,
                    lines_before,
                };
                return Ok((start, positions));
            }
        }
        Err(e) if whole => return Err(e),
        Err(_) => {}
    }
    let (carry, input) = blocks.into_rest();
    let all: super::Rest<'a> = Box::new(
        std::io::Cursor::new(first)
            .chain(std::io::Cursor::new(carry))
            .chain(input),
    );
    let (records, positions) = super::Records::new(all, mapping)?;
    Ok((Start::Records(records), positions))
}

#[cfg(test)]
mod tests {
    use super::super::{positions, read_row, Amounts, DateOrder, Mapping, RowValue, Spelling};
    use super::*;
    use outturn_model::term::Term;
    use outturn_model::Money;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    const HEADER: &str = "id,directorate,start,term_years,extension_months,annual_value,uplift_pct";

    fn default_positions() -> Positions {
        spelled_positions(Spelling::default())
    }

    fn spelled_positions(spelling: Spelling) -> Positions {
        let names: Vec<String> = HEADER.split(',').map(String::from).collect();
        let mapping = Mapping {
            spelling,
            ..Mapping::default()
        };
        positions(&names, &mapping).unwrap()
    }

    fn record(fields: &[&str]) -> csv::ByteRecord {
        fields.iter().copied().collect()
    }

    #[test]
    fn usual_rows_are_read_straight_into_integers() {
        let p = default_positions();
        let row = record(&[
            "1",
            "Highways",
            "2022-11-07",
            "3",
            "24",
            "1834421.07",
            "2.35",
        ]);
        let c = read_plain(&row, &p).unwrap();
        assert_eq!(
            (c.start.year(), c.start.month(), c.start.day()),
            (2022, 11, 7)
        );
        assert_eq!(c.months, 60);
        assert_eq!(c.annual_pennies, 183_442_107);
        assert_eq!((c.uplift.mantissa, c.uplift.scale), (235, 2));
        let row = record(&["2", "Education", "2024-02-29", "0", "7", "5", "-0.5"]);
        let c = read_plain(&row, &p).unwrap();
        assert_eq!(
            (
                c.months,
                c.annual_pennies,
                c.uplift.mantissa,
                c.uplift.scale
            ),
            (7, 500, -5, 1)
        );
        // Spellings left to `read_row`: spaces, signs, more decimals, no term, bad dates.
        for fields in [
            ["3", "E", " 2024-04-01", "1", "0", "1.00", "0"],
            ["3", "E", "2024-04-01", "+1", "0", "1.00", "0"],
            ["3", "E", "2024-04-01", "1", "0", "1.000", "0"],
            ["3", "E", "2024-04-01", "0", "0", "1.00", "0"],
            ["3", "E", "2023-02-29", "1", "0", "1.00", "0"],
            ["3", "E", "2024-04-01", "1", "0", "1.00", "2.3500001"],
            ["3", "E", "2024-04-01", "1", "0", "1.00", "-100"],
        ] {
            assert!(read_plain(&record(&fields), &p).is_none(), "{fields:?}");
        }
    }

    fn field(choices: &'static [&'static str]) -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(choices).prop_map(String::from),
            "[-+ .0-9]{0,12}",
        ]
    }

    proptest! {
        /// Whatever `read_plain` reads, `read_row` reads to the same term and values.
        #[test]
        fn read_plain_agrees_with_read_row(
            start in field(&["2024-04-01", "2024-02-29", "2023-02-29", "1899-12-31", "2200-12-31", "2024-4-01", "2024-06-15 ", "01/04/2024", "1-4-2024"]),
            years in field(&["0", "1", "100", "101", "007", "+1", " 1", "1e1"]),
            extension in field(&["0", "12", "1200", "1201", "0012"]),
            annual in field(&["1834421.07", "1.5", "1.", ".5", "0", "1_000.00", "100000000000000000.00", "100000000000000000.01", "0.001", "-5.00", "1,000.00", "\u{a3}1.00", "1.23457E+11"]),
            uplift in field(&["2.35", "-99.99", "-100", "1000", "1000.000001", "0", "-0", "2.", ".5", "1e1", "2.1234567", "2.5%"]),
            gbp in any::<bool>(),
            dmy in any::<bool>(),
        ) {
            let p = spelled_positions(Spelling {
                amounts: if gbp { Amounts::Gbp } else { Amounts::Plain },
                dates: if dmy { DateOrder::DayMonthYear } else { DateOrder::Iso },
            });
            let row = record(&["1", "Education", &start, &years, &extension, &annual, &uplift]);
            if let Some(c) = read_plain(&row, &p) {
                let read = read_row(&row, 2, &p);
                prop_assert!(read.is_ok(), "{:?}", read.err());
                let read = read.unwrap();
                prop_assert_eq!(read.term, Term::from_months(c.start.to_date(), c.months).unwrap());
                match read.value {
                    RowValue::Annual { amount, uplift_pct } => {
                        prop_assert_eq!(amount, Money::from_pennies(c.annual_pennies));
                        prop_assert_eq!(uplift_pct, Decimal::new(c.uplift.mantissa, c.uplift.scale));
                    }
                    RowValue::Total(_) => prop_assert!(false, "an annual value was read as a total"),
                }
            }
        }

        /// A plain block's lines are the csv reader's records, split at the same commas, with
        /// blank lines (which the csv reader passes over) besides.
        #[test]
        fn lines_split_as_the_csv_reader_splits(
            tokens in prop::collection::vec(prop::sample::select(&["a", "1", ",", "\n", "\r\n", " ", "\u{a3}"][..]), 0..60),
        ) {
            let block = tokens.concat().into_bytes();
            prop_assume!(is_plain(&block));
            let mut lines = Vec::new();
            each_line(&block, &mut Vec::new(), |i, line| {
                lines.push((i, line.is_blank(), line.record().into_owned()));
            });
            prop_assert!(lines.iter().enumerate().all(|(n, (i, _, _))| *i == n as u64));
            let expected_lines = block.split(|&b| b == b'\n').count()
                - usize::from(block.last() == Some(&b'\n'))
                - usize::from(block.is_empty());
            prop_assert_eq!(lines.len(), expected_lines);
            let rows: Vec<csv::ByteRecord> =
                lines.into_iter().filter(|l| !l.1).map(|l| l.2).collect();
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .from_reader(&block[..]);
            let expected: Vec<csv::ByteRecord> =
                reader.byte_records().map(Result::unwrap).collect();
            prop_assert_eq!(rows, expected);
        }

        /// Blocks are whole lines, of at most the block size unless a line is longer, and
        /// together the whole register.
        #[test]
        fn blocks_are_whole_lines(
            lines in prop::collection::vec("[a,]{0,30}", 0..50),
            last_end in any::<bool>(),
            size in 1usize..100,
        ) {
            let mut text = lines.join("\n");
            if last_end && !text.is_empty() {
                text.push('\n');
            }
            let mut blocks = Blocks::new(text.as_bytes(), size);
            let (mut all, mut block) = (Vec::new(), Vec::new());
            loop {
                blocks.next_into(&mut block).unwrap();
                if block.is_empty() {
                    break;
                }
                all.extend_from_slice(&block);
                if all.len() < text.len() {
                    prop_assert_eq!(block.last(), Some(&b'\n'));
                    let first_line = block.iter().position(|&b| b == b'\n').unwrap_or(0) + 1;
                    prop_assert!(block.len() <= size || first_line > size);
                }
            }
            prop_assert_eq!(all, text.into_bytes());
        }
    }

    fn started(bytes: &[u8], block: usize) -> Result<String, String> {
        let (start, _) = start(bytes, &Mapping::default(), block)?;
        Ok(match start {
            Start::Blocks {
                first,
                lines_before,
                ..
            } => {
                format!(
                    "blocks after {lines_before} lines: {:?}",
                    String::from_utf8_lossy(&first)
                )
            }
            Start::Records(_) => "records".into(),
        })
    }

    #[test]
    fn rows_start_on_the_line_after_the_header() {
        let row = "1,Education,2024-04-01,1,0,365.00,0";
        assert_eq!(
            started(format!("{HEADER}\n{row}\n").as_bytes(), BLOCK).unwrap(),
            format!("blocks after 1 lines: {:?}", format!("{row}\n"))
        );
        // Windows line ends: the header's record ends at its `\r`, the `\n` is its line's.
        assert_eq!(
            started(format!("{HEADER}\r\n{row}\r\n").as_bytes(), BLOCK).unwrap(),
            format!("blocks after 1 lines: {:?}", format!("{row}\r\n"))
        );
        // Blank lines before the header, a byte order mark, a header with no rows.
        assert_eq!(
            started(format!("\n\n{HEADER}\n").as_bytes(), BLOCK).unwrap(),
            "blocks after 3 lines: \"\""
        );
        assert_eq!(
            started(format!("\u{feff}{HEADER}\n{row}").as_bytes(), BLOCK).unwrap(),
            format!("blocks after 1 lines: {row:?}")
        );
        assert_eq!(
            started(HEADER.as_bytes(), BLOCK).unwrap(),
            "blocks after 0 lines: \"\""
        );
        // A header ending in a lone carriage return, or longer than a block, goes to the
        // csv reader from the start.
        assert_eq!(
            started(format!("{HEADER}\r{row}\n").as_bytes(), BLOCK).unwrap(),
            "records"
        );
        assert_eq!(
            started(format!("{HEADER}\n{row}\n").as_bytes(), 10).unwrap(),
            "records"
        );
        // Errors are the csv reader's own, whichever way the header was read.
        for block in [BLOCK, 5] {
            assert!(started(b"", block)
                .unwrap_err()
                .starts_with("the register is empty"));
            assert!(started(b"id,start\n1,2024-04-01\n", block)
                .unwrap_err()
                .starts_with("has no column `directorate`"));
        }
    }
}
