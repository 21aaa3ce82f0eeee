//! What a row of a CSV export says when it cannot be read, in the words registers and ledgers
//! share: a field that is not UTF-8 (naming the byte, and how to save the file when it is
//! Excel's `£`), and a row with the wrong number of fields (naming the likely cause).

/// Why `bytes` is not UTF-8, naming the byte, or `None` if they are; `what` is the kind of
/// file, for the advice (`register`, `file`). 0xA3 is `£` in Windows-1252, which Excel's plain
/// "CSV" writes, so that case says how to save the file instead.
///
/// ```
/// # use outturn_input::csv_text::not_utf8;
/// assert_eq!(
///     not_utf8(b"\xa31,000", "register").unwrap(),
///     "byte 0xA3 is not UTF-8 text (it is `£` in Windows-1252, the encoding of Excel's plain CSV); save the register as \"CSV UTF-8\""
/// );
/// assert_eq!(not_utf8("£1,000".as_bytes(), "file"), None);
/// ```
pub fn not_utf8(bytes: &[u8], what: &str) -> Option<String> {
    let e = std::str::from_utf8(bytes).err()?;
    let byte = bytes.get(e.valid_up_to()).copied().unwrap_or_default();
    let hint = if byte == 0xA3 {
        " (it is `£` in Windows-1252, the encoding of Excel's plain CSV)"
    } else {
        ""
    };
    Some(format!(
        "byte 0x{byte:02X} is not UTF-8 text{hint}; save the {what} as \"CSV UTF-8\""
    ))
}

/// A row with `record.len()` fields where the header has `columns`, and the likely cause: a
/// quote never closed swallows the lines after it into one value (the rows it swallowed are
/// not read), otherwise a comma is missing or unquoted.
pub fn wrong_field_count(record: &csv::ByteRecord, columns: usize) -> String {
    let runs_on = record.iter().flatten().any(|&c| c == b'\n');
    let why = if runs_on {
        "a value in quotes runs on past the end of its line; is a closing quote missing?"
    } else {
        "is a comma missing, or a value with a comma not in quotes?"
    };
    format!(
        "expected {columns} fields as in the header, found {} ({why})",
        record.len()
    )
}
