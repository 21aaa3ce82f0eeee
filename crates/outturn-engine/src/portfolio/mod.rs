//! The portfolio engine: a contract register projected as a stream into totals by group
//! and financial year (or month), on every core, in memory that stays flat however long the
//! register is.
//!
//! The reader (this thread) cuts the register into blocks of whole lines and hands them to
//! worker threads, one per core, which split each line at its commas, cost the row
//! ([`row`]) and add it into their own totals ([`totals`]); the totals, integers, are added
//! together at the end, so they do not depend on which worker costed what. A register with
//! quoted values, from the first block that has one, is read by the csv reader instead and
//! its records handed out in batches: what the csv reader makes of a block without quotes
//! is the same lines split at commas, so either way gives the same rows on the same lines.

mod groups;
pub mod ids;
mod row;
mod totals;
mod worker;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Mutex;

use chrono::NaiveDate;
use outturn_input::register::file::open;
use outturn_input::register::{
    is_plain, start, BadRow, Blocks, Entry, Mapping, Records, Start, BLOCK,
};
use outturn_model::calendar::{FinancialYear, FyCalendar};
use outturn_model::projection::Granularity;

use crate::limit::size_within_limit;
use row::Costing;
use totals::Period;
use worker::{work, BlockReport, Job, Report, Stitch, Sums};

/// Pennies by group, financial year and (by month) the month's first day.
pub type GroupTotals = BTreeMap<(String, FinancialYear, Option<NaiveDate>), i64>;

/// What a register came to: pennies by (group, financial year or month start), and any bad rows.
#[derive(Debug, Default)]
pub struct Portfolio {
    pub totals: GroupTotals,
    pub bad_rows: Vec<BadRow>,
    /// Runs of blank lines between rows, each reported at its first line.
    pub blank_lines: Vec<BadRow>,
    /// Rows read, good and bad.
    pub contracts: u64,
    /// Rows by group name (trimmed), good and bad.
    pub group_rows: BTreeMap<String, u64>,
    /// Fingerprints of contract ids on more than one costed row, in order: ids perhaps
    /// repeated, for [`ids::confirm`] to confirm.
    pub id_clashes: Vec<u64>,
}

impl Portfolio {
    /// Groups whose names differ only in capitals or spaces, each with its rows.
    pub fn groups_alike(&self) -> Vec<Vec<(String, u64)>> {
        groups::alike(&self.group_rows)
    }
}

/// Records the csv reader hands out at a time.
const RECORDS: usize = 10_000;

/// Reads and projects the register at `path`; see [`project_reader`].
///
/// # Errors
/// The file is a folder or a device or cannot be opened, a line is too long, or its header
/// or CSV cannot be read.
pub fn project_register(
    path: &Path,
    mapping: &Mapping,
    by_month: bool,
    cal: FyCalendar,
) -> Result<Portfolio, String> {
    let (file, lines) = open(path).map_err(|d| d.message)?;
    project_reader(file, mapping, by_month, cal)
        .map_err(|e| lines.too_long(path).map_or(e, |d| d.message))
}

/// Reads and projects a register. Rows that cannot be read are returned as bad rows, not
/// dropped.
///
/// # Errors
/// The header or the CSV itself cannot be read (a quote never closed, say).
pub fn project_reader<R: Read + Send>(
    input: R,
    mapping: &Mapping,
    by_month: bool,
    cal: FyCalendar,
) -> Result<Portfolio, String> {
    project(input, mapping, by_month, cal, BLOCK)
}

/// As [`project_reader`], reading plain lines in blocks of about `block` bytes.
fn project<R: Read + Send>(
    input: R,
    mapping: &Mapping,
    by_month: bool,
    cal: FyCalendar,
    block: usize,
) -> Result<Portfolio, String> {
    let (start, positions) = start(input, mapping, block)?;
    let costing = Costing {
        positions: &positions,
        by: if by_month {
            Granularity::Month
        } else {
            Granularity::Year
        },
        cal,
    };
    let start = match start {
        Start::Blocks {
            first,
            blocks,
            lines_before,
        } if blocks.is_finished() && is_plain(&first) => {
            return in_one_block(first, lines_before, &costing);
        }
        start => start,
    };
    // As many as rayon would use, so RAYON_NUM_THREADS limits this too.
    let threads = rayon::current_num_threads().max(1);
    let (jobs, queue) = mpsc::sync_channel(2 * threads);
    let queue = Mutex::new(queue);
    let (report, reports) = mpsc::channel();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (report, queue, costing) = (report.clone(), &queue, &costing);
                scope.spawn(move || work(queue, &report, costing))
            })
            .collect();
        drop(report);
        let mut feed = Feed::new(jobs, reports);
        let read = feed.read(start);
        let mut portfolio = feed.finish();
        let sums = workers.into_iter().map(|w| match w.join() {
            Ok(sums) => sums,
            Err(panic) => std::panic::resume_unwind(panic),
        });
        read?;
        gather(sums, cal, &mut portfolio)?;
        Ok(portfolio)
    })
}

/// A register that is all in one block, costed on this thread: starting threads would take
/// longer than the work (a council's register of a few hundred rows, say).
fn in_one_block(bytes: Vec<u8>, lines_before: u64, costing: &Costing) -> Result<Portfolio, String> {
    let mut sums = Sums::new(costing.by);
    let report = worker::block(0, bytes, costing, &mut sums, &mut Vec::new());
    let mut stitch = Stitch::new(lines_before);
    stitch.add(report);
    let mut portfolio = Portfolio {
        bad_rows: stitch.bad,
        blank_lines: stitch.blank,
        contracts: stitch.contracts,
        ..Portfolio::default()
    };
    gather(std::iter::once(sums), costing.cal, &mut portfolio)?;
    Ok(portfolio)
}

/// Adds up the workers' totals by group name and period, their rows by group, and their
/// ids' fingerprints into those seen more than once.
///
/// # Errors
/// The register's amounts add up, in size, to more than the largest total.
fn gather(
    sums: impl Iterator<Item = Sums>,
    cal: FyCalendar,
    portfolio: &mut Portfolio,
) -> Result<(), String> {
    let sums: Vec<Sums> = sums.collect();
    size_within_limit(sums.iter().map(|s| s.totals.size()).sum()).map_err(|e| e.to_string())?;
    let first = |year, month| {
        NaiveDate::from_ymd_opt(year, month, 1).expect("periods are within chrono's years")
    };
    let mut ids = Vec::with_capacity(sums.len());
    for mut s in sums {
        ids.push(std::mem::take(&mut s.ids));
        for (name, rows) in s.groups.names.iter().zip(&s.groups.rows) {
            *portfolio.group_rows.entry(name.clone()).or_insert(0) += rows;
        }
        for (group, period, pennies) in s.totals.into_entries() {
            let (fy, month) = match period {
                Period::Year(year) => (cal.year_of(first(year, cal.start_month())), None),
                Period::Month(year, month) => {
                    let date = first(year, month);
                    (cal.year_of(date), Some(date))
                }
            };
            let name = s.groups.names[group as usize].clone();
            *portfolio.totals.entry((name, fy, month)).or_insert(0) += pennies;
        }
    }
    portfolio.id_clashes = ids::clashes(ids);
    Ok(())
}

/// The reader's side: hands out work and gathers the reports.
struct Feed {
    /// The queue of work, until it is closed.
    jobs: Option<SyncSender<Job>>,
    reports: Receiver<Report>,
    /// Blocks handed out, and reports of blocks after the next to stitch, by index.
    sent: usize,
    waiting: BTreeMap<usize, BlockReport>,
    stitched: usize,
    stitch: Stitch,
    /// From the csv reader: rows not read, blank lines, rows.
    bad: Vec<BadRow>,
    blank: Vec<BadRow>,
    contracts: u64,
    /// Buffers of blocks costed, to read the next into.
    spare: Vec<Vec<u8>>,
}

impl Feed {
    fn new(jobs: SyncSender<Job>, reports: Receiver<Report>) -> Feed {
        Feed {
            jobs: Some(jobs),
            reports,
            sent: 0,
            waiting: BTreeMap::new(),
            stitched: 0,
            stitch: Stitch::new(0),
            bad: Vec::new(),
            blank: Vec::new(),
            contracts: 0,
            spare: Vec::new(),
        }
    }

    fn read<R: Read + Send>(&mut self, start: Start<'_, R>) -> Result<(), String> {
        match start {
            Start::Records(records) => self.records(records),
            Start::Blocks {
                first,
                blocks,
                lines_before,
            } => {
                self.stitch.lines_before = lines_before;
                self.blocks(first, blocks)
            }
        }
    }

    /// Hands out blocks of lines, until the end or a block the csv reader must read.
    fn blocks<R: Read + Send>(
        &mut self,
        first: Vec<u8>,
        mut blocks: Blocks<R>,
    ) -> Result<(), String> {
        let mut block = first;
        loop {
            if !block.is_empty() {
                if !is_plain(&block) {
                    return self.switch(block, blocks);
                }
                let index = self.sent;
                self.send(Job::Lines {
                    index,
                    bytes: block,
                })?;
                self.sent += 1;
            }
            block = self.spare.pop().unwrap_or_default();
            blocks.next_into(&mut block)?;
            if block.is_empty() {
                return Ok(());
            }
        }
    }

    /// Reads the rest of the register, from `block` on, with the csv reader.
    fn switch<R: Read + Send>(&mut self, block: Vec<u8>, blocks: Blocks<R>) -> Result<(), String> {
        // Where the csv reader starts depends on every line before: wait for the blocks.
        while self.stitched < self.sent {
            let report = self.reports.recv().map_err(|_| stopped())?;
            self.take(report);
        }
        let blank_before = self
            .stitch
            .open
            .take()
            .map_or(0, |(first, last)| last - first + 1);
        let (carry, input) = blocks.into_rest();
        let rest = Cursor::new(block).chain(Cursor::new(carry)).chain(input);
        self.records(Records::resume(
            rest,
            self.stitch.lines_before,
            blank_before,
        ))
    }

    fn records<R: Read>(&mut self, records: Records<R>) -> Result<(), String> {
        let mut batch = Vec::with_capacity(RECORDS);
        for entry in records {
            match entry? {
                Entry::Blank(b) => self.blank.push(b),
                Entry::Record(line, record) => {
                    batch.push((line, record));
                    if batch.len() == RECORDS {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(RECORDS));
                        self.send(Job::Records(full))?;
                    }
                }
            }
        }
        if batch.is_empty() {
            Ok(())
        } else {
            self.send(Job::Records(batch))
        }
    }

    fn send(&mut self, job: Job) -> Result<(), String> {
        while let Ok(report) = self.reports.try_recv() {
            self.take(report);
        }
        let jobs = self.jobs.as_ref().ok_or_else(stopped)?;
        jobs.send(job).map_err(|_| stopped())
    }

    fn take(&mut self, report: Report) {
        match report {
            Report::Lines(block) => {
                self.waiting.insert(block.index, block);
                while let Some(mut block) = self.waiting.remove(&self.stitched) {
                    self.spare.push(std::mem::take(&mut block.bytes));
                    self.stitch.add(block);
                    self.stitched += 1;
                }
            }
            Report::Records { mut bad, contracts } => {
                self.bad.append(&mut bad);
                self.contracts += contracts;
            }
        }
    }

    /// Closes the queue, so the workers stop once it is empty, and gathers the last reports.
    fn finish(mut self) -> Portfolio {
        self.jobs = None;
        while let Ok(report) = self.reports.recv() {
            self.take(report);
        }
        let mut bad_rows = self.stitch.bad;
        bad_rows.append(&mut self.bad);
        bad_rows.sort_by_key(|b| b.line);
        let mut blank_lines = self.stitch.blank;
        blank_lines.append(&mut self.blank);
        Portfolio {
            bad_rows,
            blank_lines,
            contracts: self.stitch.contracts + self.contracts,
            ..Portfolio::default()
        }
    }
}

fn stopped() -> String {
    "a worker thread stopped before the register was read".into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;

    const HEADER: &str = "id,directorate,start,term_years,extension_months,annual_value,uplift_pct";

    fn read(bytes: &[u8]) -> Result<Portfolio, String> {
        project_reader(bytes, &Mapping::default(), false, FyCalendar::UK)
    }

    /// Bad rows and blank lines, in line order.
    fn bad_rows(bytes: &[u8]) -> Vec<String> {
        let p = read(bytes).unwrap();
        let mut all: Vec<&BadRow> = p.bad_rows.iter().chain(&p.blank_lines).collect();
        all.sort_by_key(|b| b.line);
        all.iter().map(ToString::to_string).collect()
    }

    /// One financial year's contract: £365 a year from 1 April 2024 is £365.00 in 2024-25.
    const ROW: &str = "1,Education,2024-04-01,1,0,365.00,0";

    fn total(p: &Portfolio) -> i64 {
        p.totals.values().sum()
    }

    #[test]
    fn blank_lines_between_rows_are_bad_rows_but_not_at_the_end() {
        let text = format!("{HEADER}\n{ROW}\n\n{ROW}\n\n\n\n{ROW}\n\n\n");
        let p = read(text.as_bytes()).unwrap();
        assert_eq!(p.contracts, 3);
        assert_eq!(total(&p), 3 * 36_500);
        assert_eq!(
            bad_rows(text.as_bytes()),
            [
                "line 3: the line is blank; every line after the header must be a contract (delete blank lines if nothing is missing there)",
                "line 5: lines 5 to 7 are blank; every line after the header must be a contract (delete blank lines if nothing is missing there)",
            ]
        );
        // Windows line ends: the same lines.
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(bad_rows(crlf.as_bytes()), bad_rows(text.as_bytes()));
        // A bad row's line is its line in the file, after blank lines and with Windows line
        // ends (the csv reader alone counts one short there).
        let text = format!("{HEADER}\r\n{ROW}\r\n\r\n2,Education,2024-02-30,1,0,1.00,0\r\n");
        assert_eq!(
            bad_rows(text.as_bytes())[1],
            "line 4: id 2: start: expected a date as YEAR-MONTH-DAY between 1900 and 2200, found `2024-02-30`"
        );
        // A blank line straight after the header.
        let text = format!("{HEADER}\n\n{ROW}\n");
        assert_eq!(bad_rows(text.as_bytes()).len(), 1);
        assert!(bad_rows(text.as_bytes())[0].starts_with("line 2: the line is blank"));
    }

    #[test]
    fn lines_are_counted_through_a_long_register() {
        // Long enough that the bytes kept for counting are trimmed several times.
        let mut text = format!("{HEADER}\r\n");
        for i in 2..=5000 {
            match i {
                3000 => text.push_str("\r\n"),
                4000 => text.push_str("4000,Education,2024-04-01,1,0,£1.00,0\r\n"),
                _ => text.push_str(&format!("{i},Education,2024-04-01,1,0,365.00,0\r\n")),
            }
        }
        assert_eq!(
            bad_rows(text.as_bytes()),
            [
                "line 3000: the line is blank; every line after the header must be a contract (delete blank lines if nothing is missing there)",
                "line 4000: id 4000: annual_value: `£1.00` is written with a £ sign or thousands commas; add --amounts gbp to read amounts written so",
            ]
        );
        let p = read(text.as_bytes()).unwrap();
        assert_eq!(p.contracts, 4998);
        assert_eq!(total(&p), 4997 * 36_500);
    }

    #[test]
    fn quoted_values_over_several_lines_are_not_blank_lines() {
        let text = format!("{HEADER}\n1,\"Adult\n\nSocial Care\",2024-04-01,1,0,365.00,0\n{ROW}\n");
        let p = read(text.as_bytes()).unwrap();
        assert!(p.bad_rows.is_empty(), "{:?}", p.bad_rows);
        assert_eq!(total(&p), 73_000);
    }

    #[test]
    fn a_row_with_too_few_columns_says_how_many() {
        let text = format!("{HEADER}\n1,Education,2024-04-01,1\n");
        assert_eq!(
            bad_rows(text.as_bytes()),
            ["line 2: id 1: expected 7 fields as in the header, found 4 (is a comma missing, or a value with a comma not in quotes?)"]
        );
    }

    #[test]
    fn encodings_other_than_utf8_are_named() {
        // `£` in Windows-1252 is the byte 0xA3.
        let mut bytes = format!("{HEADER}\n").into_bytes();
        bytes.extend_from_slice(b"1,Education \xA3,2024-04-01,1,0,365.00,0\n");
        assert_eq!(
            bad_rows(&bytes),
            ["line 2: id 1: directorate: byte 0xA3 is not UTF-8 text (it is `£` in Windows-1252, the encoding of Excel's plain CSV); save the register as \"CSV UTF-8\""]
        );
        // UTF-16, as Excel's "Unicode Text" writes it, starts with the bytes FF FE.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(HEADER.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            read(&utf16).unwrap_err(),
            "the register is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\""
        );
        // An empty file, or blank lines only.
        for empty in [&b""[..], b"\n\n"] {
            assert!(read(empty)
                .unwrap_err()
                .starts_with("the register is empty"));
        }
        // Excel's "CSV UTF-8" starts with a byte order mark, which is read as such.
        let with_bom = format!("\u{feff}{HEADER}\n{ROW}\n");
        assert_eq!(total(&read(with_bom.as_bytes()).unwrap()), 36_500);
    }

    /// The register read by the csv reader alone, row by row, and costed by the exact path
    /// only: the engine as it was before blocks of lines and integer arithmetic.
    fn reference(bytes: &[u8], by_month: bool) -> Result<Portfolio, String> {
        use outturn_input::register::{read_row, RowValue};
        use outturn_model::register::{cost_contract, spread_total};
        use outturn_model::split::split;
        let (records, p) = Records::new(bytes, &Mapping::default())?;
        let mut out = Portfolio::default();
        // The pieces' sizes, held to the largest total as the engine holds them.
        let mut size: u128 = 0;
        let mut ids = Vec::new();
        for entry in records {
            let (line, record) = match entry? {
                Entry::Blank(b) => {
                    out.blank_lines.push(b);
                    continue;
                }
                Entry::Record(line, record) => (line, record),
            };
            out.contracts += 1;
            let group = String::from_utf8_lossy(record.get(p.group).unwrap_or_default());
            let group = group.trim();
            // Counted once costed; a group only bad rows name is still listed, with none.
            out.group_rows.entry(group.to_string()).or_insert(0);
            let row = match read_row(&record, line, &p) {
                Ok(row) => row,
                Err(b) => {
                    out.bad_rows.push(b);
                    continue;
                }
            };
            let mut pieces = Vec::new();
            let add = |fy, period, m| pieces.push((fy, period, m));
            let costed = match row.value {
                RowValue::Annual { amount, uplift_pct } => {
                    cost_contract(&row.term, amount, uplift_pct, FyCalendar::UK, add)
                }
                RowValue::Total(amount) => spread_total(&row.term, amount, FyCalendar::UK, add),
            };
            if let Err(e) = costed {
                out.bad_rows.push(BadRow::new(
                    &record,
                    line,
                    &p,
                    Some(p.value.0),
                    e.to_string(),
                ));
                continue;
            }
            *out.group_rows.get_mut(group).expect("entered above") += 1;
            ids.extend(ids::fingerprint(record.get(p.id).unwrap_or_default()));
            for (fy, period, m) in pieces {
                size += u128::from(m.pennies().unsigned_abs());
                if !by_month {
                    let total = out.totals.entry((group.to_string(), fy, None)).or_insert(0);
                    *total = total.wrapping_add(m.pennies());
                    continue;
                }
                let months = period.by_month();
                let days: Vec<u64> = months.iter().map(|m| u64::from(m.days())).collect();
                for (month, s) in months.iter().zip(split(m, &days).unwrap()) {
                    let first = month.start.with_day(1).unwrap();
                    let total = out
                        .totals
                        .entry((group.to_string(), fy, Some(first)))
                        .or_insert(0);
                    *total = total.wrapping_add(s.pennies());
                }
            }
        }
        size_within_limit(size).map_err(|e| e.to_string())?;
        out.bad_rows.sort_by_key(|b| b.line);
        out.id_clashes = ids::clashes(vec![ids]);
        Ok(out)
    }

    fn same(
        a: Result<Portfolio, String>,
        b: Result<Portfolio, String>,
    ) -> Result<(), TestCaseError> {
        match (a, b) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.totals, b.totals);
                prop_assert_eq!(a.bad_rows, b.bad_rows);
                prop_assert_eq!(a.blank_lines, b.blank_lines);
                prop_assert_eq!(a.contracts, b.contracts);
                prop_assert_eq!(a.group_rows, b.group_rows);
                prop_assert_eq!(a.id_clashes, b.id_clashes);
            }
            (a, b) => prop_assert_eq!(a.err(), b.err()),
        }
        Ok(())
    }

    /// Lines of all kinds: rows written the usual way, rows that need the exact path, bad
    /// rows, blank lines, quoted values, lone carriage returns.
    fn line() -> impl Strategy<Value = Vec<u8>> {
        let date = prop_oneof![
            (1995i32..2030, 1u32..=12, 1u32..=28)
                .prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
            Just("2024-02-29".to_string()),
            Just("2023-01-31".to_string()),
            Just("2023-02-29".to_string()),
            Just(" 2024-04-01".to_string()),
        ];
        let amount = prop_oneof![
            (0u64..500_000_000).prop_map(|p| format!("{}.{:02}", p / 100, p % 100)),
            Just("1.5".to_string()),
            Just("1.500".to_string()),
            Just("+1.00".to_string()),
            Just("1000000000000000.00".to_string()),
            Just("-5.00".to_string()),
            Just("\u{a3}1.00".to_string()),
        ];
        let uplift = prop_oneof![
            (0u32..=600).prop_map(|u| format!("{}.{:02}", u / 100, u % 100)),
            Just("-99.99".to_string()),
            Just("1000".to_string()),
            Just("2.3500000001".to_string()),
            Just("+2".to_string()),
            Just("1001".to_string()),
        ];
        let group = prop_oneof![
            Just("Education"),
            Just("Highways"),
            Just("Adult Social Care"),
            Just(" Highways "),
            Just("\"Adult, Social\""),
            Just("\"Multi\nline\""),
        ];
        let row = (
            0u32..60,
            group,
            date,
            0u32..=6,
            prop_oneof![0u32..=36, Just(1200)],
            amount,
            uplift,
        )
            .prop_map(|(id, g, d, y, e, a, u)| {
                format!("{id},{g},{d},{y},{e},{a},{u}").into_bytes()
            });
        prop_oneof![
            8 => row,
            2 => Just(Vec::new()),
            1 => Just(b"7,Education,2024-04-01,1".to_vec()),
            1 => Just(b"8,Education \xA3,2024-04-01,1,0,365.00,0".to_vec()),
            1 => Just(b"9,Education,2024-04-01,1,0,365.00,0\r".to_vec()),
            1 => Just(b" ".to_vec()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Read in blocks of lines of any size, in parallel, and costed in integers where
        /// possible: the same totals, bad rows, blank lines and count as the csv reader and
        /// exact path alone.
        #[test]
        fn same_as_the_csv_reader_and_exact_path(
            lines in prop::collection::vec(line(), 0..40),
            crlf in any::<bool>(),
            last_end in any::<bool>(),
            block in 1usize..400,
            by_month in any::<bool>(),
        ) {
            let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
            let mut bytes = HEADER.as_bytes().to_vec();
            for line in &lines {
                bytes.extend_from_slice(end);
                bytes.extend_from_slice(line);
            }
            if last_end {
                bytes.extend_from_slice(end);
            }
            let got = project(&bytes[..], &Mapping::default(), by_month, FyCalendar::UK, block);
            same(got, reference(&bytes, by_month))?;
        }
    }
}
