//! Splitting a physical table line into cells, with the column where each cell starts: for the
//! cells comrak drops (beyond the header's columns), for a header line markdown did not read as
//! a table, and for `fmt`'s layout. Columns of values and the spaces around them.

/// One cell as written on the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCell {
    /// The cell text between the pipes, untrimmed, escapes kept.
    pub raw: String,
    /// Byte offset in the line where the cell text starts.
    pub start: usize,
}

/// Splits a table line (`| a | b |`, `a | b`, escaped `\|` kept inside a cell).
pub fn split_row(line: &str) -> Vec<RawCell> {
    let line = line.trim_end_matches(['\r', '\n']);
    let lead = line.len() - line.trim_start().len();
    let trimmed_end = line.trim_end().len();
    let body_start = if line[lead..].starts_with('|') {
        lead + 1
    } else {
        lead
    };
    // Find unescaped pipes.
    let bytes = line.as_bytes();
    let mut pipes = Vec::new();
    let mut i = body_start;
    while i < trimmed_end {
        match bytes[i] {
            b'\\' => i += 2,
            b'|' => {
                pipes.push(i);
                i += 1
            }
            _ => i += 1,
        }
    }
    let mut cells = Vec::new();
    let mut start = body_start;
    for &p in &pipes {
        cells.push(RawCell {
            raw: line[start..p].to_string(),
            start,
        });
        start = p + 1;
    }
    // Text after the last pipe is a cell unless the line ends with that pipe.
    let ends_with_pipe = pipes.last().is_some_and(|&p| p + 1 == trimmed_end);
    if !ends_with_pipe && start < trimmed_end.max(start) {
        cells.push(RawCell {
            raw: line[start..trimmed_end].to_string(),
            start,
        });
    } else if !ends_with_pipe && pipes.is_empty() {
        cells.push(RawCell {
            raw: String::new(),
            start,
        });
    }
    cells
}

/// Characters that surround a value without being part of it.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

/// Trims whitespace, no-break and zero-width spaces.
pub fn clean(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// 1-based character column of byte offset `byte` in `line`.
pub fn char_col(line: &str, byte: usize) -> usize {
    let byte = byte.min(line.len());
    if line.is_ascii() {
        return byte + 1;
    }
    let mut b = byte;
    while !line.is_char_boundary(b) {
        b -= 1;
    }
    line[..b].chars().count() + 1
}

/// Column of the first visible character of a cell (or of the cell itself when it is empty).
pub fn cell_col(line: &str, cell: &RawCell) -> usize {
    let lead = cell.raw.len() - cell.raw.trim_start_matches(is_space).len();
    if lead == cell.raw.len() {
        char_col(line, cell.start)
    } else {
        char_col(line, cell.start + lead)
    }
}

/// The value of a cell written outside comrak's view (extra cells): spaces and the usual
/// emphasis and link wrappers removed, escapes resolved.
pub fn strip_inline(raw: &str) -> String {
    let mut s = clean(raw).to_string();
    loop {
        let before = s.clone();
        for w in ["**", "__", "*", "_", "~~", "`"] {
            if s.len() >= 2 * w.len() && s.starts_with(w) && s.ends_with(w) {
                s = clean(&s[w.len()..s.len() - w.len()]).to_string();
            }
        }
        if s.starts_with('[')
            && let Some(close) = s.find("](")
            && s.ends_with(')')
        {
            s = clean(&s[1..close]).to_string();
        }
        if s == before {
            break;
        }
    }
    s.replace("\\|", "|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        split_row(line)
            .into_iter()
            .map(|c| c.raw.trim().to_string())
            .collect()
    }

    #[test]
    fn splits() {
        assert_eq!(texts("| a | b |"), ["a", "b"]);
        assert_eq!(texts("| a | b |  "), ["a", "b"]);
        assert_eq!(texts("a | b"), ["a", "b"]);
        assert_eq!(texts("| a | b"), ["a", "b"]);
        assert_eq!(texts(r"| a \| x | b |"), [r"a \| x", "b"]);
        assert_eq!(texts("| **Other?** |"), ["**Other?**"]);
        assert_eq!(texts("| ... | "), ["..."]);
        assert_eq!(texts("|Status| P |  |"), ["Status", "P", ""]);
    }

    #[test]
    fn columns() {
        let line = "| a |  bb|";
        let cells = split_row(line);
        assert_eq!(cell_col(line, &cells[0]), 3);
        assert_eq!(cell_col(line, &cells[1]), 8);
        let line = "|\u{a0}C | é | x |";
        let cells = split_row(line);
        assert_eq!(cell_col(line, &cells[0]), 3);
        assert_eq!(cell_col(line, &cells[2]), 11);
    }

    #[test]
    fn strips() {
        assert_eq!(strip_inline(" **C** "), "C");
        assert_eq!(strip_inline("[C](https://x)"), "C");
        assert_eq!(strip_inline("\u{200b}_PP_\u{a0}"), "PP");
    }
}
