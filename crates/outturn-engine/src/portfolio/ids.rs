//! Contract ids seen on more than one row: each row is costed as a contract, so a repeated id
//! usually means a contract counted twice.
//!
//! Keeping every id while a register of ten million rows streams by would cost hundreds of
//! megabytes, so each costed row leaves only a 64-bit fingerprint of its id (8 bytes a row),
//! and the fingerprints are sorted once the register is read. Fingerprints seen twice are
//! only clashes: two different ids can share one. [`confirm`] reads the register again and
//! compares the real ids of the rows with those fingerprints, so only ids that are really
//! the same are ever reported. A register without repeats (almost every one) is read once.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::hash::Hasher;
use std::io::Read;

use outturn_input::diagnostic::and_list;
use outturn_input::register::{Entry, Fields, Mapping, Records};
use outturn_model::calendar::FyCalendar;
use outturn_model::money::group_thousands;
use outturn_model::projection::Granularity;
use rustc_hash::FxHasher;

use super::groups::trimmed;
use super::row::Costing;
use super::totals::Totals;

/// The fingerprint of a contract id, trimmed of the spaces around it; `None` for a blank id,
/// which names no contract and so repeats none.
pub fn fingerprint(id: &[u8]) -> Option<u64> {
    let id = trimmed(id);
    if id.is_empty() {
        return None;
    }
    let mut h = FxHasher::default();
    h.write(id);
    Some(h.finish())
}

/// The fingerprints that occur more than once, in order, among `lists` (each worker's).
/// Each list is sorted where it is and the sorted lists merged, so nothing is copied.
pub fn clashes(mut lists: Vec<Vec<u64>>) -> Vec<u64> {
    for list in &mut lists {
        list.sort_unstable();
    }
    let mut heads: BinaryHeap<Reverse<(u64, usize)>> = BinaryHeap::new();
    let mut next = vec![0usize; lists.len()];
    for (i, list) in lists.iter().enumerate() {
        if let Some(&f) = list.first() {
            heads.push(Reverse((f, i)));
            next[i] = 1;
        }
    }
    let (mut out, mut last) = (Vec::new(), None);
    while let Some(Reverse((f, i))) = heads.pop() {
        if last == Some(f) && out.last() != Some(&f) {
            out.push(f);
        }
        last = Some(f);
        if let Some(&g) = lists[i].get(next[i]) {
            heads.push(Reverse((g, i)));
            next[i] += 1;
        }
    }
    out
}

/// A contract id on more than one costed row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateId {
    pub id: String,
    /// The first few lines it is on ([`LINES_KEPT`]), in order.
    pub lines: Vec<u64>,
    /// The rows it is on.
    pub rows: u64,
}

impl DuplicateId {
    /// What is wrong, for a message: `id 1 is on 2 rows (lines 2 and 4): each row is costed
    /// as a contract, so it would be counted twice`.
    pub fn describe(&self) -> String {
        let mut lines: Vec<String> = self.lines.iter().map(ToString::to_string).collect();
        let more = self.rows - self.lines.len() as u64;
        if more > 0 {
            lines.push(format!("{} more", group_thousands(&more.to_string())));
        }
        let rows = group_thousands(&self.rows.to_string());
        let times = if self.rows == 2 {
            "twice".to_string()
        } else {
            format!("{rows} times")
        };
        format!(
            "id {} is on {rows} rows (lines {}): each row is costed as a contract, so it would be counted {times}",
            self.id,
            and_list(&lines)
        )
    }
}

/// Lines kept for each repeated id, for its message.
pub const LINES_KEPT: usize = 5;

/// Reads the register again and returns the ids really repeated among the costed rows whose
/// fingerprints are in `clashes` (sorted), in order of their first line.
///
/// # Errors
/// The register cannot be read again.
pub fn confirm<R: Read>(
    input: R,
    mapping: &Mapping,
    clashes: &[u64],
    cal: FyCalendar,
) -> Result<Vec<DuplicateId>, String> {
    let (records, p) = Records::new(input, mapping)?;
    let costing = Costing {
        positions: &p,
        by: Granularity::Year,
        cal,
    };
    let mut scratch = Totals::new(Granularity::Year);
    let mut found: BTreeMap<Vec<u8>, DuplicateId> = BTreeMap::new();
    for entry in records {
        let Entry::Record(line, record) = entry? else {
            continue;
        };
        let id = record.field(p.id);
        let clash = fingerprint(id).is_some_and(|f| clashes.binary_search(&f).is_ok());
        if !clash || costing.row(&record, line, 0, &mut scratch).is_err() {
            continue;
        }
        let id = trimmed(id);
        let d = found.entry(id.to_vec()).or_insert_with(|| DuplicateId {
            id: String::from_utf8_lossy(id).into_owned(),
            lines: Vec::new(),
            rows: 0,
        });
        d.rows += 1;
        if d.lines.len() < LINES_KEPT {
            d.lines.push(line);
        }
    }
    let mut repeated: Vec<DuplicateId> = found.into_values().filter(|d| d.rows > 1).collect();
    repeated.sort_by_key(|d| d.lines[0]);
    Ok(repeated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_seen_twice_are_clashes() {
        let f = |id: &str| fingerprint(id.as_bytes()).unwrap();
        assert_eq!(f("A1"), f(" A1 "));
        assert_ne!(f("A1"), f("a1"));
        assert_eq!(fingerprint(b"  "), None);
        let mut expected = vec![f("7"), f("9")];
        expected.sort_unstable();
        let lists = vec![
            vec![f("9"), f("7"), f("8")],
            vec![],
            vec![f("7"), f("9"), f("9")],
        ];
        assert_eq!(clashes(lists), expected);
        assert_eq!(clashes(vec![vec![f("1"), f("1"), f("1")]]), [f("1")]);
        assert!(clashes(vec![vec![f("1")], vec![f("2")]]).is_empty());
    }

    const HEADER: &str = "id,directorate,start,term_years,extension_months,annual_value,uplift_pct";

    #[test]
    fn a_clash_of_different_ids_is_not_a_duplicate() {
        let text = format!(
            "{HEADER}\n7,E,2024-04-01,1,0,1.00,0\n8,E,2024-04-01,1,0,1.00,0\n\n7 ,E,2024-04-01,1,0,1.00,0\n7,E,2024-04-01,1,0,x,0\n"
        );
        let clashes = |ids: &[&str]| {
            let mut f: Vec<u64> = ids
                .iter()
                .map(|i| fingerprint(i.as_bytes()).unwrap())
                .collect();
            f.sort_unstable();
            f
        };
        let found = confirm(
            text.as_bytes(),
            &Mapping::default(),
            &clashes(&["7", "8"]),
            FyCalendar::UK,
        )
        .unwrap();
        // Id 8 is on one row: a clash (as if its fingerprint were 7's) but no duplicate. The
        // row on line 6 is not costed, so it repeats nothing.
        assert_eq!(
            found,
            [DuplicateId {
                id: "7".into(),
                lines: vec![2, 5],
                rows: 2
            }]
        );
    }
}
