//! Checks of the configuration that serde cannot make (placeholders in patterns, page paths,
//! vocabularies, theme names, URLs, limits), each reported at the value it is about; and the URL
//! vetting every link that reaches a page goes through.

use super::*;
use crate::diag::Rule;

impl Config {
    /// Checks values serde cannot; each error points at the value it is about, where serde-saphyr
    /// read it (1:1 when it is not written, i.e. a default is at fault).
    pub(super) fn validate(&self, pos: &Positions, file: &str, diags: &mut Diagnostics) {
        if let (at, Some(why)) = &pos.versions {
            diags.error(Rule::Config, file, at.0, at.1, why.clone());
        }
        let p = &self.items.pattern;
        if !p.contains("{number}") {
            let (line, col) = pos.pattern;
            diags.error(
                Rule::Config,
                file,
                line,
                col,
                format!(
                    "proposals.pattern \"{p}\" must contain {{number}} (and may contain {{title}})"
                ),
            );
        }
        if self.items.path.is_empty()
            || !self
                .items
                .path
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            let (line, col) = pos.path;
            diags.error(
                Rule::Config,
                file,
                line,
                col,
                "proposals.path must be one URL path segment of letters, digits, '-' or '_'",
            );
        }
        let path = self.items.path.as_str();
        let month_like = path.len() == 7
            && path.as_bytes()[4] == b'-'
            && path
                .bytes()
                .enumerate()
                .all(|(i, b)| i == 4 || b.is_ascii_digit());
        if RESERVED_PATHS.contains(&path.to_ascii_lowercase().as_str()) || month_like {
            let (line, col) = pos.path;
            diags.error(Rule::Config,
                file,
                line,
                col,
                format!(
                    "proposals.path \"{path}\" is taken by other pages ({} and months like 2024-03); choose another, like \"geps\"",
                    RESERVED_PATHS.join(", ")
                ),
            );
        }
        if self
            .codes
            .terms
            .first()
            .map(|t| !t.code.is_empty())
            .unwrap_or(true)
        {
            let (line, col) = pos.vocabularies[0]
                .1
                .first()
                .copied()
                .unwrap_or(pos.vocabularies[0].0);
            diags.error(Rule::Config, file, line, col, "codes must start with the blank code (code: \"\"), the lowest in the progress order");
        }
        // The blank code and the last one (complete) are the ends of the progress order.
        let last = self.codes.terms.len().saturating_sub(1);
        for (i, t) in self.codes.terms.iter().enumerate() {
            let apart = self
                .ranks
                .rank(&t.code)
                .map(|r| self.ranks.class(r.index()))
                == Some(super::RankClass::NotProgress);
            if apart && (i == 0 || i == last || t.code.is_empty()) {
                let (line, col) = pos.vocabularies[0]
                    .1
                    .get(i)
                    .copied()
                    .unwrap_or(pos.vocabularies[0].0);
                diags.error(Rule::Config,
                    file,
                    line,
                    col,
                    if t.code.is_empty() || i == 0 {
                        "codes: the blank code is the lowest step of the progress order; it cannot be `progress: false`".to_string()
                    } else {
                        format!(
                            "codes: \"{}\" is the last code, which counts as complete; it cannot be `progress: false` (list a code outside the progress order before the complete one)",
                            t.code
                        )
                    },
                );
            }
        }
        for ((name, v), (list_at, items)) in [
            ("codes", &self.codes),
            ("stages", &self.stages),
            ("compliance", &self.compliance),
        ]
        .into_iter()
        .zip(&pos.vocabularies)
        {
            let mut seen = std::collections::BTreeSet::new();
            for (i, t) in v.terms.iter().enumerate() {
                let (line, col) = items.get(i).copied().unwrap_or(*list_at);
                if !seen.insert(t.code.clone()) {
                    diags.error(
                        Rule::Config,
                        file,
                        line,
                        col,
                        format!(
                            "{name}: code \"{}\" is listed twice; each code once",
                            t.code
                        ),
                    );
                }
                if t.code.contains('|') || t.code.trim() != t.code {
                    diags.error(
                        Rule::Config,
                        file,
                        line,
                        col,
                        format!(
                            "{name}: code \"{}\" may not contain '|' or surrounding spaces",
                            t.code
                        ),
                    );
                }
            }
        }
        if !is_theme_name(&self.theme) {
            let (line, col) = pos.theme;
            diags.error(Rule::Config,
                file,
                line,
                col,
                format!(
                    "theme \"{}\" must be a name of letters, digits, '-' or '_' (a folder under themes/); paths are not allowed",
                    self.theme.escape_debug()
                ),
            );
        }
        if !self.id.is_empty()
            && !self
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            let (line, col) = pos.id;
            diags.error(
                Rule::Config,
                file,
                line,
                col,
                "id must be letters, digits and '-' (statusgen init writes one); it names the site in the feed's ids",
            );
        }
        if let Err(why) = vet_url(&self.base_url) {
            let (line, col) = pos.base_url;
            diags.error(Rule::Config, file, line, col, format!("base_url: {why}"));
        }
        if let Err(why) = vet_url(&self.items.url) {
            let (line, col) = pos.url;
            diags.error(
                Rule::Config,
                file,
                line,
                col,
                format!("proposals.url: {why}"),
            );
        }
        for (i, link) in self.links.iter().enumerate() {
            let (line, col) = pos.links.get(i).copied().unwrap_or((1, 1));
            if link.title.trim().is_empty() {
                diags.error(
                    Rule::Config,
                    file,
                    line,
                    col,
                    format!("links[{i}].title may not be empty"),
                );
            }
            let why = vet_url(&link.url).err().or_else(|| {
                link.url
                    .trim()
                    .is_empty()
                    .then(|| "may not be empty".to_string())
            });
            if let Some(why) = why {
                diags.error(
                    Rule::Config,
                    file,
                    line,
                    col,
                    format!("links[{i}].url: {why}"),
                );
            }
        }
        if let Some(r) = &self.related {
            let why = vet_url(&r.url)
                .err()
                .or_else(|| (!r.url.trim().ends_with('/')).then(|| "must end in \"/\"".to_string()))
                .or_else(|| {
                    (r.path.is_empty() || crate::slug::slugify(&r.path) != r.path)
                        .then(|| "path must be a lower-case slug such as `geps`".to_string())
                });
            if let Some(why) = why {
                diags.error(Rule::Config, file, 1, 1, format!("related: {why}"));
            }
        }
        if self.limits.snapshot_mb == 0 {
            let (line, col) = pos.snapshot_mb;
            diags.error(
                Rule::Config,
                file,
                line,
                col,
                "limits.snapshot_mb must be 1 or more",
            );
        }
        if self.graduation_threshold == Some(0) {
            let (line, col) = pos.graduation_threshold;
            diags.error(
                Rule::Config,
                file,
                line,
                col,
                "graduation_threshold must be 1 or more",
            );
        }
        for code in self
            .graduation
            .can_graduate
            .iter()
            .chain(&self.graduation.graduated)
        {
            if self.stages.rank(code).is_none() {
                let (line, col) = pos.graduation;
                diags.error(
                    Rule::Config,
                    file,
                    line,
                    col,
                    format!(
                        "graduation: stage \"{code}\" is not one of the stages ({})",
                        self.stages.allowed().trim_end_matches(", blank")
                    ),
                );
            }
        }
        for (i, code) in self.not_applicable.iter().enumerate() {
            let (line, col) = pos.not_applicable.get(i).copied().unwrap_or((1, 1));
            // "" is allowed: a blank cell does not apply (is never counted).
            let blank = code.is_empty();
            if (!blank && code.trim().is_empty()) || code.contains('|') || code.trim() != code {
                diags.error(Rule::Config,
                    file,
                    line,
                    col,
                    format!("not_applicable: \"{code}\" must be a code without '|' or surrounding spaces (or \"\": a blank cell does not apply)"),
                );
            } else if !blank && self.codes.lookup(code).is_some() {
                diags.error(Rule::Config,
                    file,
                    line,
                    col,
                    format!("not_applicable: \"{code}\" is also one of the codes; a code is either in the progress order or outside it"),
                );
            } else if self.not_applicable[..i].contains(code) {
                diags.error(
                    Rule::Config,
                    file,
                    line,
                    col,
                    format!("not_applicable: \"{code}\" is listed twice"),
                );
            }
        }
        let m = &self.matrix;
        for (i, a) in m.attribute_columns.iter().enumerate() {
            let a = a.name();
            if a.trim().is_empty()
                || m.attribute_columns[..i]
                    .iter()
                    .any(|b| b.name().trim().eq_ignore_ascii_case(a.trim()))
            {
                let (line, col) = pos.matrix;
                diags.error(
                    Rule::Config,
                    file,
                    line,
                    col,
                    format!("matrix.attribute_columns: \"{a}\" is empty or listed twice"),
                );
            }
        }
        for (i, a) in m.label_annotations.iter().enumerate() {
            let (line, col) = pos.matrix;
            let why = if a.trim().is_empty() {
                Some("is empty")
            } else if m.label_annotations[..i]
                .iter()
                .any(|b| b.trim().eq_ignore_ascii_case(a.trim()))
            {
                Some("is listed twice")
            } else {
                None
            };
            if let Some(why) = why {
                diags.error(
                    Rule::Config,
                    file,
                    line,
                    col,
                    format!("matrix.label_annotations: \"{a}\" {why}"),
                );
            }
        }
        if !m.label_annotations.is_empty() && m.is_attribute(super::ANNOTATION) {
            let (line, col) = pos.matrix;
            diags.error(
                Rule::Config,
                file,
                line,
                col,
                format!(
                    "matrix.attribute_columns: \"{}\" is the attribute that holds label annotations (matrix.label_annotations); name the column otherwise",
                    super::ANNOTATION
                ),
            );
        }
        // With implementors as rows an item attribute is a row under the header (like Status);
        // group rows need items as rows.
        if m.orientation == Orientation::Rows && m.group_rows {
            let (line, col) = pos.matrix;
            diags.error(
                Rule::Config,
                file,
                line,
                col,
                "matrix.group_rows needs `orientation: columns` (items as rows)",
            );
        }
        if self.codes.terms.len() + self.not_applicable.len() >= u16::MAX as usize {
            diags.error(Rule::Config, file, 1, 1, "too many codes");
        }
        self.implementors
            .validate(&pos.implementors, m.orientation, file, diags);
        if self.stale_after_months == 0 {
            let (line, col) = pos.stale_after_months;
            diags.error(
                Rule::Config,
                file,
                line,
                col,
                "stale_after_months must be 1 or more",
            );
        }
    }
}

/// Whether `name` can name a theme: one folder name of ASCII letters, digits, `-` or `_`.
pub fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Vets a URL that will be put into pages: only `http:`, `https:` or relative URLs pass. Control
/// characters, white space, backslashes and character references (`&#58;`, `&colon;`) are
/// refused outright, so no spelling can smuggle another scheme past a browser. The empty string
/// passes (it means "no link"). The error says what is allowed instead.
pub fn vet_url(url: &str) -> Result<(), String> {
    if url.is_empty() {
        return Ok(());
    }
    if let Some(c) = url
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || *c == '\\')
    {
        return Err(format!(
            "{} may not contain {}; write an http(s) or relative URL",
            quote(url),
            match c {
                '\\' => "a backslash".to_string(),
                ' ' => "spaces".to_string(),
                c => format!("the character U+{:04X}", c as u32),
            }
        ));
    }
    if has_char_reference(url) {
        return Err(format!(
            "{} may not contain character references like &#58; or &colon;; write the characters themselves",
            quote(url)
        ));
    }
    // A scheme is everything before the first ':' that comes before any '/', '?' or '#'.
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    if let Some(colon) = url[..end].find(':') {
        let scheme = url[..colon].to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "{} uses the scheme \"{}:\"; only http:, https: or relative URLs are allowed",
                quote(url),
                &url[..colon]
            ));
        }
    }
    Ok(())
}

/// Whether `s` holds something a browser would decode as an HTML character reference.
fn has_char_reference(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c == b'&'
            && match b.get(i + 1) {
                Some(b'#') => true,
                Some(n) if n.is_ascii_alphabetic() => {
                    let rest = &b[i + 1..];
                    let run = rest
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .count();
                    rest.get(run) == Some(&b';')
                }
                _ => false,
            }
    })
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.escape_debug())
}
