//! The CSV export format, shared by the writer of the downloads (`present::data`) and the reader
//! that imports them back (`import::csv`): neither owns it, so neither reaches into the other.

/// The columns every CSV download starts with, in order (see the README's "Export format").
pub const CSV_HEADER: &str = "date,implementor,proposal,title,status,compliance,code\n";
