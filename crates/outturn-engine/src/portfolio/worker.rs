//! A worker thread: takes blocks of lines (or batches of records the csv reader read) off a
//! queue, costs each row into its own totals, and reports what it could not read.
//!
//! A worker knows where a block is in the register only by its index, so it reports line
//! numbers from the block's start, and blank lines as runs that may go on into the next
//! block; [`Stitch`] puts the reports back in order and numbers the lines.

use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Mutex, PoisonError};

use outturn_input::register::{each_line, BadRow, Fields};
use outturn_model::projection::Granularity;

use super::groups::Groups;
use super::ids;
use super::row::Costing;
use super::totals::Totals;

pub enum Job {
    /// A block of whole lines of a plain register, the `index`-th.
    Lines { index: usize, bytes: Vec<u8> },
    /// Records the csv reader read, with their line numbers.
    Records(Vec<(u64, csv::ByteRecord)>),
}

pub enum Report {
    Lines(BlockReport),
    Records { bad: Vec<BadRow>, contracts: u64 },
}

/// A block's rows, counted from its first line (line 0).
pub struct BlockReport {
    pub index: usize,
    /// Lines in the block.
    pub lines: u64,
    pub contracts: u64,
    /// Rows that could not be read, numbered from the block's first line (0).
    pub bad: Vec<BadRow>,
    /// Runs of blank lines: first and last line, and whether a row follows in the block.
    pub blank: Vec<(u64, u64, bool)>,
    /// The block's buffer, to read another into.
    pub bytes: Vec<u8>,
}

/// What a worker has added up.
pub struct Sums {
    pub groups: Groups,
    pub totals: Totals,
    /// The fingerprint of each costed row's contract id ([`ids::fingerprint`]).
    pub ids: Vec<u64>,
}

impl Sums {
    pub fn new(by: Granularity) -> Sums {
        Sums {
            groups: Groups::default(),
            totals: Totals::new(by),
            ids: Vec::new(),
        }
    }
}

impl Costing<'_> {
    /// Costs a row into `sums` under its group, and notes its id's fingerprint.
    fn row_and_id(&self, row: &impl Fields, line: u64, sums: &mut Sums) -> Result<(), BadRow> {
        let group = sums.groups.number(row.field(self.positions.group));
        self.row(row, line, group, &mut sums.totals)?;
        sums.groups.count(group);
        sums.ids
            .extend(ids::fingerprint(row.field(self.positions.id)));
        Ok(())
    }
}

/// Takes jobs until the queue closes, then returns the totals.
pub fn work(jobs: &Mutex<Receiver<Job>>, reports: &Sender<Report>, costing: &Costing) -> Sums {
    let mut sums = Sums::new(costing.by);
    let mut ends = Vec::new();
    loop {
        // The queue is only locked to take a job; a poisoned lock (another worker panicked)
        // still holds a whole queue.
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let report = match job {
            Err(_) => return sums,
            Ok(Job::Lines { index, bytes }) => {
                Report::Lines(block(index, bytes, costing, &mut sums, &mut ends))
            }
            Ok(Job::Records(batch)) => records(&batch, costing, &mut sums),
        };
        // The reader has stopped listening only if it has given up.
        if reports.send(report).is_err() {
            return sums;
        }
    }
}

/// Costs the rows of the `index`-th block of lines.
pub fn block(
    index: usize,
    bytes: Vec<u8>,
    costing: &Costing,
    sums: &mut Sums,
    ends: &mut Vec<usize>,
) -> BlockReport {
    let mut report = BlockReport {
        index,
        lines: 0,
        contracts: 0,
        bad: Vec::new(),
        blank: Vec::new(),
        bytes: Vec::new(),
    };
    let mut blank_since = None;
    each_line(&bytes, ends, |i, line| {
        report.lines = i + 1;
        if line.is_blank() {
            blank_since.get_or_insert(i);
            return;
        }
        if let Some(first) = blank_since.take() {
            report.blank.push((first, i - 1, true));
        }
        report.contracts += 1;
        if let Err(bad) = costing.row_and_id(&line, i, sums) {
            report.bad.push(bad);
        }
    });
    if let Some(first) = blank_since {
        report.blank.push((first, report.lines - 1, false));
    }
    report.bytes = bytes;
    report
}

fn records(batch: &[(u64, csv::ByteRecord)], costing: &Costing, sums: &mut Sums) -> Report {
    let mut bad = Vec::new();
    for (line, record) in batch {
        if let Err(b) = costing.row_and_id(record, *line, sums) {
            bad.push(b);
        }
    }
    Report::Records {
        bad,
        contracts: batch.len() as u64,
    }
}

/// Puts block reports back in register order: numbers their lines, and joins runs of blank
/// lines that cross from block to block, reporting each run that a row follows.
pub struct Stitch {
    /// Line ends before the next block.
    pub lines_before: u64,
    /// A run of blank lines (first and last line) at the end of the blocks so far.
    pub open: Option<(u64, u64)>,
    pub bad: Vec<BadRow>,
    pub blank: Vec<BadRow>,
    pub contracts: u64,
}

impl Stitch {
    /// Stitching from a block after `lines_before` lines.
    pub fn new(lines_before: u64) -> Stitch {
        Stitch {
            lines_before,
            open: None,
            bad: Vec::new(),
            blank: Vec::new(),
            contracts: 0,
        }
    }

    /// Takes the next block's report, in order.
    pub fn add(&mut self, mut report: BlockReport) {
        let first_line = self.lines_before + 1;
        for mut b in report.bad.drain(..) {
            b.line += first_line;
            self.bad.push(b);
        }
        let mut runs: Vec<(u64, u64, bool)> = report
            .blank
            .iter()
            .map(|&(first, last, closed)| (first + first_line, last + first_line, closed))
            .collect();
        if let Some((first, last)) = self.open.take() {
            match runs.first_mut() {
                // The open run goes on into this block.
                Some(run) if run.0 == last + 1 => run.0 = first,
                // This block's first line is a row.
                _ if report.lines > 0 => self.blank.push(BadRow::blank(first, last)),
                _ => self.open = Some((first, last)),
            }
        }
        for (first, last, closed) in runs {
            if closed {
                self.blank.push(BadRow::blank(first, last));
            } else {
                self.open = Some((first, last));
            }
        }
        self.lines_before += report.lines;
        self.contracts += report.contracts;
    }
}
