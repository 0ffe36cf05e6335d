//! One conformance report file → [`Report`]: only what the cell rule needs, read leniently
//! because the files were written by many hands over the years. Handled here: `profileReports`
//! (the oldest key) as well as `profiles`; scalars kept as written (`version: 1.20` stays
//! "1.20", never the number 1.2); `date` ignored (the month comes from the merge commit) and
//! `gatewayAPIVersion` used only outside a version directory (the version comes from the
//! directory); unknown keys such as a first key
//! written `<Right>apiVersion:` ignored; a profile `name:` nested in `core:` or `extended:`
//! instead of beside them.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// A report as the cell rule sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub organization: String,
    pub project: String,
    /// The implementation's version as written.
    pub version: String,
    /// `mode:` as written (informational: every mode counts).
    pub mode: String,
    /// `gatewayAPIChannel:` as written (informational: every channel counts).
    pub channel: String,
    /// `gatewayAPIVersion:` as written (the release of a report outside a version folder).
    pub api_version: String,
    pub profiles: Vec<Profile>,
    /// Whether the organization or project held control or invisible characters (dropped:
    /// the report merges with any other spelled the same without them).
    pub name_normalised: bool,
}

/// One conformance profile's results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// `GATEWAY-HTTP`, …; upper-cased.
    pub name: String,
    pub core: Section,
    pub extended: Section,
}

/// The core or extended part of a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// `success`, `partial` (some tests skipped, none failed), `failure` (lower-cased); empty
    /// when absent.
    pub result: String,
    pub supported: Vec<String>,
    pub unsupported: Vec<String>,
    /// `skippedTests:`, test short names as written.
    pub skipped: Vec<String>,
    /// `failedTests:`, test short names as written.
    pub failed: Vec<String>,
    /// `statistics: Failed:` (any case), when written.
    pub failed_count: Option<u32>,
}

impl Section {
    /// Whether tests of this part failed: `result: failure`, or a failed count or name.
    pub fn has_failures(&self) -> bool {
        self.result == "failure"
            || self.failed_count.is_some_and(|n| n > 0)
            || !self.failed.is_empty()
    }

    /// Whether tests failed that the report does not name (so no feature can be cleared).
    pub fn unnamed_failures(&self) -> bool {
        self.has_failures()
            && match self.failed_count {
                Some(n) => (n as usize) > self.failed.len(),
                None => self.failed.is_empty(),
            }
    }
}

/// Why a file is not a readable report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportError(pub String);

/// A scalar of any kind, kept as text (numbers and booleans as written).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a scalar")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(String::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(String::new()))
            }
        }
        // Ask for a string: a YAML reader then hands over the scalar as written.
        d.deserialize_string(V)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawReport {
    implementation: Option<RawImplementation>,
    mode: Option<Text>,
    #[serde(rename = "gatewayAPIChannel")]
    channel: Option<Text>,
    #[serde(rename = "gatewayAPIVersion")]
    api_version: Option<Text>,
    profiles: Option<Vec<RawProfile>>,
    #[serde(rename = "profileReports")]
    profile_reports: Option<Vec<RawProfile>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawImplementation {
    organization: Option<Text>,
    project: Option<Text>,
    version: Option<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawProfile {
    name: Option<Text>,
    core: Option<RawSection>,
    extended: Option<RawSection>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawSection {
    name: Option<Text>,
    result: Option<Text>,
    #[serde(rename = "supportedFeatures")]
    supported: Option<Vec<Text>>,
    #[serde(rename = "unsupportedFeatures")]
    unsupported: Option<Vec<Text>>,
    #[serde(rename = "skippedTests")]
    skipped: Option<Vec<Text>>,
    #[serde(rename = "failedTests")]
    failed: Option<Vec<Text>>,
    statistics: Option<RawStatistics>,
    /// One report (Azure, v1.1.0) nests result, statistics and test lists under `status:`.
    status: Option<Box<RawSection>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawStatistics {
    #[serde(rename = "Failed", alias = "failed")]
    failed: Option<Text>,
}

fn text(t: Option<Text>) -> String {
    t.map(|t| normalise(&t.0)).unwrap_or_default()
}

/// Upstream text as one plain line: control characters (newlines and tabs included) become
/// spaces, invisible characters (zero-width spaces and joiners, word joiners, soft hyphens,
/// byte-order marks, bidirectional controls) are dropped, runs of spaces become one, and the
/// ends are trimmed. Every name, version and list entry of a report goes through it before it
/// is compared or written, so two spellings that look the same are the same.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_control() || c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Characters that show nothing.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{E0000}'..='\u{E0FFF}')
}

fn section(s: Option<RawSection>) -> (Section, String) {
    let mut s = s.unwrap_or_default();
    if let Some(status) = s.status.take() {
        let status = *status;
        s.result = s.result.or(status.result);
        s.statistics = s.statistics.or(status.statistics);
        s.skipped = s.skipped.or(status.skipped);
        s.failed = s.failed.or(status.failed);
    }
    let list = |l: Option<Vec<Text>>| -> Vec<String> {
        l.unwrap_or_default()
            .into_iter()
            .map(|t| normalise(&t.0))
            .filter(|t| !t.is_empty())
            .collect()
    };
    let failed_count = s
        .statistics
        .and_then(|st| st.failed)
        .and_then(|t| t.0.trim().parse::<u32>().ok());
    (
        Section {
            result: text(s.result).to_lowercase(),
            supported: list(s.supported),
            unsupported: list(s.unsupported),
            skipped: list(s.skipped),
            failed: list(s.failed),
            failed_count,
        },
        text(s.name),
    )
}

/// Reads a report. A file that is not YAML, or has no `implementation` organization and
/// project, is an error (the importer names it and goes on).
pub fn parse_report(bytes: &[u8]) -> Result<Report, ReportError> {
    let text_in = String::from_utf8_lossy(bytes);
    let text_in = crate::text::strip_bom(&text_in);
    let raw: RawReport = serde_saphyr::from_str(text_in).map_err(|e| {
        let (line, col, msg) = crate::text::yaml_error(&e, text_in);
        ReportError(format!("{line}:{col}: not a readable report: {msg}"))
    })?;
    let imp = raw.implementation.unwrap_or_default();
    let as_written = |t: &Option<Text>| {
        t.as_ref()
            .map(|t| t.0.trim().to_string())
            .unwrap_or_default()
    };
    let written = (as_written(&imp.organization), as_written(&imp.project));
    let organization = text(imp.organization);
    let project = text(imp.project);
    let name_normalised = written != (organization.clone(), project.clone());
    if organization.is_empty() || project.is_empty() {
        return Err(ReportError(
            "no implementation.organization and implementation.project".into(),
        ));
    }
    let profiles = raw
        .profiles
        .or(raw.profile_reports)
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let (core, core_name) = section(p.core);
            let (extended, ext_name) = section(p.extended);
            let name = [text(p.name), core_name, ext_name]
                .into_iter()
                .find(|n| !n.is_empty())
                .unwrap_or_default()
                .to_uppercase();
            Profile {
                name,
                core,
                extended,
            }
        })
        .collect();
    Ok(Report {
        organization,
        project,
        version: text(imp.version),
        mode: text(raw.mode),
        channel: text(raw.channel),
        api_version: text(raw.api_version),
        profiles,
        name_normalised,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_reading() {
        let r = parse_report(
            b"<Right>apiVersion: v1\ndate: '-'\nimplementation:\n  organization: Istio.io\n  project: istio\n  version: 1.20\nprofileReports:\n- core:\n    result: success\n  extended:\n    name: HTTP\n    result: partial\n    supportedFeatures: [A, B]\n",
        )
        .unwrap();
        assert_eq!(r.version, "1.20");
        assert_eq!(r.organization, "Istio.io");
        assert_eq!(r.profiles[0].name, "HTTP");
        assert_eq!(r.profiles[0].extended.result, "partial");
        assert_eq!(r.profiles[0].extended.supported, ["A", "B"]);
        assert!(parse_report(b"kind: x\n").is_err());
        // Names are one plain line: invisible characters dropped, control characters spaces.
        let r = parse_report(
            "implementation:\n  organization: \"ac\\u200Bme\\ufeff\"\n  project: \"gw\\n\\n| x |\\t y\"\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(
            (r.organization.as_str(), r.project.as_str()),
            ("acme", "gw | x | y")
        );
        assert!(parse_report(b"a: [\n").is_err());
    }
}
