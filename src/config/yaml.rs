//! YAML errors as diagnostics: where, and what is allowed instead of serde's wording.

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
    let message = match key {
        Some(k) if !message.contains('`') => format!("{k}: {message}"),
        _ => message,
    };
    (line, col, message)
}
