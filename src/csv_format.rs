//! The CSV export format, shared by the writer of the downloads (`present::data`) and the reader
//! that imports them back (`import::csv`): the header, RFC 4180 quoting, and the mark that keeps
//! a spreadsheet from reading a value as a formula. Neither side owns it, so neither reaches into
//! the other.

/// The columns every CSV download starts with, in order (see the README's "Export format").
pub const CSV_HEADER: &str = "date,implementor,proposal,title,status,compliance,code\n";

/// Whether a spreadsheet could read `s` as a formula (OWASP's CSV injection rule): its first
/// character is a tab or a carriage return, or its first character other than a space is `=`,
/// `+`, `-` or `@`. A lone `+` or `-` (a code) is not.
fn is_formula_like(s: &str) -> bool {
    if s == "+" || s == "-" {
        return false;
    }
    s.starts_with(['\t', '\r']) || s.trim_start_matches(' ').starts_with(['=', '+', '-', '@'])
}

/// Whether the CSV writes `s` with a `'` in front: its text after any leading `'`s is
/// [formula-like](is_formula_like). Counting the `'`s already there makes the mark reversible:
/// [`csv_unmark`] takes one away exactly when this puts one on.
pub fn csv_needs_mark(s: &str) -> bool {
    is_formula_like(s.trim_start_matches('\''))
}

/// The value of a CSV field as [`push_csv_field`] wrote it: one leading `'` removed when the
/// rest is a value the writer marks (`statusgen import csv` reads fields through this).
pub fn csv_unmark(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if csv_needs_mark(rest) => rest,
        _ => field,
    }
}

/// Appends a CSV field, quoted when it needs it (RFC 4180). A value a spreadsheet could take
/// for a formula ([`csv_needs_mark`]) is quoted with a `'` in front, so it is shown as text.
pub fn push_csv_field(out: &mut String, s: &str) {
    if s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // Most fields (codes, months, slugs without dashes): nothing to quote or mark.
        out.push_str(s);
    } else if csv_needs_mark(s) {
        out.push_str("\"'");
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// Quotes a CSV field when it needs it.
pub fn csv_field(s: &str) -> String {
    let mut out = String::new();
    push_csv_field(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("a"), "a");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn formula_like_fields_are_marked() {
        for (value, written) in [
            ("=1+2", "\"'=1+2\""),
            ("+1", "\"'+1\""),
            ("-1", "\"'-1\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("  =cmd|' /C calc'!A0", "\"'  =cmd|' /C calc'!A0\""),
            ("\t=1", "\"'\t=1\""),
            ("\rx", "\"'\rx\""),
            ("=a,\"b\"", "\"'=a,\"\"b\"\"\""),
            // Already marked by hand: one more, so reading it back gives it unchanged.
            ("'=1", "\"''=1\""),
            ("''@x", "\"'''@x\""),
            // Codes and ordinary text are left alone.
            ("+", "+"),
            ("-", "-"),
            ("'+", "'+"),
            ("'", "'"),
            ("a=b", "a=b"),
            ("it's", "it's"),
            ("", ""),
        ] {
            assert_eq!(csv_field(value), written, "{value:?}");
            let unquoted = written
                .strip_prefix('"')
                .and_then(|w| w.strip_suffix('"'))
                .map_or_else(|| written.to_string(), |w| w.replace("\"\"", "\""));
            assert_eq!(csv_unmark(&unquoted), value, "{written:?}");
        }
    }
}
