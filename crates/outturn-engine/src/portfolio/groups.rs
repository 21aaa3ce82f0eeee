//! Group names: numbered as they are first seen, so totals are kept by number; trimmed of
//! the spaces around them (`Adults ` is `Adults`); and, once the register is read, names that
//! differ only in capitals or spaces (`Adult Social Care`, `adult social care`,
//! `Adult  Social Care`) found, as their totals would be split between spellings of one group.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

/// Group names, each with a number, and the rows naming each.
#[derive(Default)]
pub struct Groups {
    numbers: FxHashMap<Vec<u8>, u32>,
    pub names: Vec<String>,
    pub rows: Vec<u64>,
}

impl Groups {
    /// The number of the group named `name` (as the register writes it, spaces around it
    /// and all); a row is counted for it only once it is costed ([`Groups::count`]).
    pub fn number(&mut self, name: &[u8]) -> u32 {
        let name = trimmed(name);
        let n = match self.numbers.get(name) {
            Some(&n) => n,
            None => {
                let n = self.names.len() as u32;
                self.numbers.insert(name.to_vec(), n);
                self.names.push(String::from_utf8_lossy(name).into_owned());
                self.rows.push(0);
                n
            }
        };
        n
    }

    /// Counts a costed row for group `n`: a row that cannot be read adds nothing to a total,
    /// so it cannot split one.
    pub fn count(&mut self, n: u32) {
        self.rows[n as usize] += 1;
    }
}

/// `name` without the spaces around it: ASCII white space, and (in UTF-8) any Unicode white
/// space such as the no-break space spreadsheets leave.
pub fn trimmed(name: &[u8]) -> &[u8] {
    let plain = |c: &u8| !c.is_ascii_whitespace() && c.is_ascii();
    match (name.first(), name.last()) {
        // The usual name, looked at in two bytes.
        (Some(first), Some(last)) if plain(first) && plain(last) => name,
        _ => match std::str::from_utf8(name) {
            Ok(text) => text.trim().as_bytes(),
            Err(_) => name.trim_ascii(),
        },
    }
}

/// Names of costed rows that differ only in capitals or spaces, each set with the rows naming
/// each spelling, in order of name.
pub fn alike(rows: &BTreeMap<String, u64>) -> Vec<Vec<(String, u64)>> {
    let mut by_key: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
    for (name, &n) in rows.iter().filter(|(_, &n)| n > 0) {
        let key: String = name
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        by_key.entry(key).or_default().push((name.clone(), n));
    }
    by_key
        .into_values()
        .filter(|names| names.len() > 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_counted() {
        let mut g = Groups::default();
        for name in [
            "Adults",
            " Adults ",
            "Adults\u{a0}",
            "\tAdults",
            "adults",
            " ",
        ] {
            let n = g.number(name.as_bytes());
            g.count(n);
        }
        // A row that is not costed names its group but is not counted.
        g.number(b"Children");
        assert_eq!(g.names, ["Adults", "adults", "", "Children"]);
        assert_eq!(g.rows, [4, 1, 1, 0]);
        // Not UTF-8: trimmed of ASCII spaces only.
        assert_eq!(trimmed(b" \xA3x "), b"\xA3x");
    }

    #[test]
    fn names_alike_but_for_capitals_and_spaces_are_found() {
        let rows: BTreeMap<String, u64> = [
            ("Adult Social Care", 1204),
            ("adult social care", 3),
            ("Adult  Social Care", 1),
            ("Adults", 7),
            ("Education", 5),
            ("EDUCATION", 2),
            // Named only by rows that were not costed: it splits nothing.
            ("education", 0),
        ]
        .into_iter()
        .map(|(n, r)| (n.to_string(), r))
        .collect();
        assert_eq!(
            alike(&rows),
            [
                vec![
                    ("Adult  Social Care".to_string(), 1),
                    ("Adult Social Care".to_string(), 1204),
                    ("adult social care".to_string(), 3),
                ],
                vec![("EDUCATION".to_string(), 2), ("Education".to_string(), 5)],
            ]
        );
    }
}
