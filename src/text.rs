//! Bytes to text, the leaf every reader shares: UTF-8 checked, the byte order mark, line endings,
//! where a YAML error is, and the digest of a generated body. It imports nothing of the crate, so
//! the read, parse, config and import stages can all use it without reaching into each other.

/// The byte order mark some editors write at the start of a UTF-8 file.
pub const BOM: &str = "\u{feff}";

/// `text` without a leading byte-order mark: the one place a BOM is dropped, for the readers
/// that keep every other byte (the importers, which write what they read).
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// A text file as every reader sees it (see [`decode`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Whether a BOM was removed.
    pub bom: bool,
}

/// Where a file stops being UTF-8 (1-based line and column of the first bad byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotUtf8 {
    pub line: usize,
    pub col: usize,
}

/// The one reader of text files (snapshots and site.yaml): UTF-8 checked, a BOM removed and
/// reported, lone CRs read as LF (CRLF kept; byte offsets unchanged).
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, NotUtf8> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid
            .iter()
            .rposition(|&b| b == b'\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        let col = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        NotUtf8 { line, col }
    })?;
    let (text, bom) = match text.strip_prefix(BOM) {
        Some(t) => (t.to_string(), true),
        None => (text, false),
    };
    Ok(Decoded {
        text: lone_cr_to_lf(text),
        bom,
    })
}

/// [`decode`] for text already in memory.
pub fn decode_str(text: &str) -> String {
    lone_cr_to_lf(strip_bom(text).to_string())
}

/// Turns each CR not followed by LF into LF, so that every reader of the text (comrak treats a
/// lone CR as a line end) agrees on line numbers. Byte offsets do not change; CRLF is kept.
fn lone_cr_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Replacing one ASCII byte by another keeps the text UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A small non-cryptographic digest of a body (64-bit FNV-1a, 16 hex digits): enough to notice
/// an edit, not a security measure.
pub fn digest(body: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Where a YAML error is and what it says, for a diagnostic: `(line, col, message)` with the
/// location taken out of the message, serde's type names ("invalid u64") replaced by what is
/// allowed, and the key of the offending line named. `text` is the YAML that was parsed.
pub fn yaml_error(e: &serde_saphyr::Error, text: &str) -> (usize, usize, String) {
    let (line, col) = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .filter(|&(l, c)| l > 0 && c > 0)
        .unwrap_or((1, 1));
    let options = serde_saphyr::render_options! {
        formatter: &serde_saphyr::UserMessageFormatter,
        snippets: serde_saphyr::SnippetMode::Off,
    };
    let rendered = e.render_with_options(options);
    let first = rendered.lines().next().unwrap_or("").trim();
    let text_only = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    let message = match text_only {
        m if m.starts_with("invalid u") || m.starts_with("invalid i") => {
            "expected a whole number, like 3".to_string()
        }
        "expected string scalar" => {
            "expected text; write one value, in quotes if it starts with '[' or '{' or contains \": \""
                .to_string()
        }
        "expected mapping start" => "expected `key: value` lines".to_string(),
        "" => "cannot be read as YAML".to_string(),
        m => m.to_string(),
    };
    // Name the key of the offending line, unless the message already does.
    let key = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.split_once(':'))
        .map(|(k, _)| {
            k.trim()
                .trim_start_matches("- ")
                .trim()
                .trim_matches(['"', '\''])
        })
        .filter(|k| !k.is_empty() && !k.contains(['[', '{', ' ']));
    let mut message = match key {
        Some(k) if !message.contains('`') => format!("{k}: {message}"),
        _ => message,
    };
    if let Some((field, allowed)) = unknown_field(&message)
        && let Some(near) = did_you_mean(field, allowed.iter().copied())
    {
        message = format!("{message}; did you mean `{near}`?");
    }
    (line, col, message)
}

/// The candidate closest to `word` by edit distance (insertions, deletions, substitutions and
/// swaps of neighbours, ignoring case), if one is close enough to be a likely typo: at most one
/// edit for words up to four characters, two up to eight, three beyond. Ties go to the first.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    let max = match w.len() {
        // One character is too little to tell a typo from another word.
        0 | 1 => return None,
        2..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let cand: Vec<char> = c.to_lowercase().chars().collect();
        if cand == w || cand.is_empty() {
            continue;
        }
        let d = edit_distance(&w, &cand);
        if d <= max && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance between `a` and `b`.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// "unknown field `x`, expected one of `a`, `b`" (serde's words for a key no setting has): the
/// unknown key and the keys allowed there.
pub fn unknown_field(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.split("unknown field `").nth(1)?;
    let (field, rest) = rest.split_once('`')?;
    let list = rest
        .split_once("expected one of ")
        .or_else(|| rest.split_once("expected "))
        .map_or("", |(_, l)| l);
    let allowed = list
        .split(", ")
        .map(|k| k.trim().trim_matches('`'))
        .filter(|k| !k.is_empty())
        .collect();
    Some((field, allowed))
}

#[cfg(test)]
mod did_you_mean_tests {
    use super::*;

    #[test]
    fn close_words_are_suggested_and_far_ones_not() {
        let keys = [
            "title",
            "base_url",
            "codes",
            "proposals",
            "stale_after_months",
        ];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("baseurl", keys), Some("base_url"));
        assert_eq!(
            did_you_mean("stale_after_month", keys),
            Some("stale_after_months")
        );
        assert_eq!(did_you_mean("colour", keys), None);
        assert_eq!(did_you_mean("RC", ["PP", "RR", "C"]), Some("RR"));
        assert_eq!(did_you_mean("Xq", ["PP", "RR", "C"]), None);
        assert_eq!(did_you_mean("X", ["PP", "RR", "C"]), None);
        assert_eq!(
            did_you_mean("c", ["PP", "RR", "C"]),
            None,
            "the same code is not a typo"
        );
    }

    #[test]
    fn serde_unknown_field_is_read() {
        assert_eq!(
            unknown_field("unknown field `titel`, expected one of `title`, `base_url`"),
            Some(("titel", vec!["title", "base_url"]))
        );
        assert_eq!(
            unknown_field("unknown field `x`, expected `title`"),
            Some(("x", vec!["title"]))
        );
        assert_eq!(
            unknown_field("unknown field `titel`, expected one of title, description"),
            Some(("titel", vec!["title", "description"]))
        );
        assert_eq!(unknown_field("expected a whole number"), None);
    }
}
