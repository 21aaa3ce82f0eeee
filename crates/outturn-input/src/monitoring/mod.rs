//! Budget monitoring inputs: the config naming a month's files and stating the council's
//! rules (`config`), the approved budget, virements and commitments (`tables`), ledger
//! extracts from the systems councils use, streamed and totalled (`ledger`), and a previous
//! month's saved forecast (`saved`). `csv_file` gives every CSV reader true line numbers and
//! errors that point at a field; `fields` reads amounts, periods and dates exactly.

pub mod config;
pub mod csv_file;
pub mod fields;
pub mod ledger;
pub mod saved;
pub mod tables;
