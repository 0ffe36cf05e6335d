//! The feature-level matrix (`items: features`): every conformance feature a month's reports
//! or its `pkg/features` name is an item, in the table of its profile
//! ([`GatewayConformanceConfig::feature_section`]), with its conformance level (Core or
//! Extended) as an item attribute; the implementations are the rows of the GEP-level matrix
//! (the same reports chosen, the same Release and Core columns).
//!
//! **A cell** is the feature judged as the GEP-level matrix judges each feature of a set
//! ([`judge_feature`]: C when listed as supported, none of its tests failed and at least one
//! ran; P when one failed or all were skipped; U when listed only as unsupported), the best of
//! the row's reports. A core feature no report lists (reports list extended features only) is
//! its profile's core: C when the core tests of one of the table's `profiles` passed, P when
//! they failed. Old names are read as their current one (`feature_aliases`).
//!
//! **The level** is the part of a report listing the feature (`core:` or `extended:`), else the
//! kind of `pkg/features` set declaring it (`…CoreFeatures`, `…ExtendedFeatures`), else blank.

use super::cells::{self, Cell, Code, Row};
use super::judge::{judge_feature, judge_profile, parts};
use super::report::Report;
use super::testmap::{self, TestMap};
use super::walk::ReportFile;
use crate::import::git::Oid;
use crate::import::settings::GatewayConformanceConfig;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The header of the item attribute row naming each feature's conformance level.
pub const LEVEL: &str = "Conformance";

/// A feature's conformance level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Core,
    Extended,
    /// Neither a report nor a `pkg/features` set says.
    Unknown,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Core => "Core",
            Level::Extended => "Extended",
            Level::Unknown => "",
        }
    }
}

/// What one commit's `pkg/features` declares: feature names, and the level of those in a
/// `…CoreFeatures` or `…ExtendedFeatures` set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    /// Feature name → level (`Unknown` when in no such set), in name order.
    pub features: BTreeMap<String, Level>,
}

/// Reads the declarations of a commit's feature files.
pub fn declared<'a>(texts: impl IntoIterator<Item = &'a str>) -> Declared {
    let mut constants: HashMap<String, String> = HashMap::new();
    let mut vars: HashMap<String, String> = HashMap::new();
    let mut members: Vec<(String, Level)> = Vec::new();
    for text in texts {
        let decls = testmap::parse_file(text);
        constants.extend(decls.constants);
        let code = testmap::strip_comments(text);
        vars.extend(feature_vars(&code));
        members.extend(set_members(&code));
    }
    let mut features: BTreeMap<String, Level> = constants
        .values()
        .map(|v| (v.clone(), Level::Unknown))
        .collect();
    for (ident, level) in members {
        let constant = vars.get(&ident).unwrap_or(&ident);
        if let Some(name) = constants.get(constant)
            && let Some(l) = features.get_mut(name)
        {
            // Core wins: a feature core in one set is core (BackendTLSPolicy is both).
            *l = (*l).min(level);
        }
    }
    Declared { features }
}

/// `XFeature = Feature{ Name: SupportX, … }`: variable → constant.
fn feature_vars(code: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("= Feature{") {
        let before = rest[..at].trim_end();
        let var: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        rest = &rest[at + "= Feature{".len()..];
        let body = &rest[..rest.find('}').unwrap_or(rest.len())];
        if let Some(n) = body.find("Name:") {
            let ident: String = body[n + "Name:".len()..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            let ident = ident.rsplit('.').next().unwrap_or("").to_string();
            if !var.is_empty() && !ident.is_empty() {
                out.push((var, ident));
            }
        }
    }
    out
}

/// The identifiers listed in `…CoreFeatures = sets.New(…)` and `…ExtendedFeatures = sets.New(…)`.
fn set_members(code: &str) -> Vec<(String, Level)> {
    let mut out = Vec::new();
    for (suffix, level) in [
        ("CoreFeatures", Level::Core),
        ("ExtendedFeatures", Level::Extended),
    ] {
        let mut rest = code;
        while let Some(at) = rest.find(suffix) {
            rest = &rest[at + suffix.len()..];
            let t = rest.trim_start();
            let Some(t) = t.strip_prefix('=') else {
                continue;
            };
            let t = t.trim_start();
            if !t.starts_with("sets.New") {
                continue;
            }
            let Some(open) = t.find('(') else { continue };
            let body = &t[open + 1..];
            let mut depth = 0usize;
            let mut end = body.len();
            for (i, c) in body.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' if depth == 0 => {
                        end = i;
                        break;
                    }
                    ')' => depth -= 1,
                    _ => {}
                }
            }
            for word in body[..end].split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                if !word.is_empty() && word.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                    out.push((word.to_string(), level));
                }
            }
        }
    }
    out
}

/// Parses each distinct set of feature files once.
#[derive(Debug, Default)]
pub struct DeclaredCache {
    by_files: BTreeMap<Vec<Oid>, std::sync::Arc<Declared>>,
}

impl DeclaredCache {
    pub fn declared<'a>(
        &mut self,
        oids: &[Oid],
        bytes: impl Fn(&str) -> Option<&'a [u8]>,
    ) -> std::sync::Arc<Declared> {
        let mut key = oids.to_vec();
        key.sort();
        if let Some(d) = self.by_files.get(&key) {
            return d.clone();
        }
        let texts: Vec<String> = key
            .iter()
            .filter_map(|o| bytes(o))
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        let d = std::sync::Arc::new(declared(texts.iter().map(String::as_str)));
        self.by_files.insert(key, d.clone());
        d
    }
}

/// One feature item of a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// Its current name (aliases followed), spelled as `pkg/features` or the first report does.
    pub name: String,
    /// Index into `feature_sections`.
    pub section: usize,
    pub level: Level,
}

/// A month's feature matrix as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureMonth {
    /// By section, then core before extended, then name (any case).
    pub features: Vec<Feature>,
    /// Sorted by display name; `cells` parallel to `features`.
    pub rows: Vec<Row>,
    pub report_count: usize,
    pub current_releases: Vec<String>,
    pub test_count: usize,
}

/// The features of a month: every feature its reports name (any part, any version, supported
/// or not) and every feature `pkg/features` declares.
pub fn features_of(
    gc: &GatewayConformanceConfig,
    reports: &[(&ReportFile, &Report)],
    declared: &Declared,
) -> Vec<Feature> {
    // lower-cased current name → (spelling, level)
    let mut found: BTreeMap<String, (String, Level)> = BTreeMap::new();
    for (name, level) in &declared.features {
        let current = gc.feature_name(name);
        let e = found
            .entry(current.to_ascii_lowercase())
            .or_insert_with(|| (current.to_string(), *level));
        e.1 = e.1.min(*level);
        if name.eq_ignore_ascii_case(current) {
            e.0 = name.clone();
        }
    }
    for (_, r) in reports {
        for p in &r.profiles {
            for (part, level) in [(&p.core, Level::Core), (&p.extended, Level::Extended)] {
                for f in part.supported.iter().chain(&part.unsupported) {
                    let current = gc.feature_name(f);
                    if current.is_empty() {
                        continue;
                    }
                    let e = found
                        .entry(current.to_ascii_lowercase())
                        .or_insert_with(|| (current.to_string(), level));
                    // A report's part says more than a set: it is what implementations test.
                    if e.1 == Level::Unknown || (level == Level::Core && e.1 == Level::Extended) {
                        e.1 = level;
                    }
                }
            }
        }
    }
    let mut out: Vec<Feature> = found
        .into_values()
        .map(|(name, level)| Feature {
            section: gc.feature_section(&name),
            name,
            level,
        })
        .collect();
    out.sort_by(|a, b| {
        (a.section, a.level, a.name.to_ascii_lowercase()).cmp(&(
            b.section,
            b.level,
            b.name.to_ascii_lowercase(),
        ))
    });
    out
}

/// One feature in one report (see the module's rule).
pub fn judge(
    gc: &GatewayConformanceConfig,
    feature: &Feature,
    r: &Report,
    map: &TestMap,
) -> (Code, super::judge::Why) {
    // The spelling this report uses (an old name reads as the feature it became).
    let spelled = parts(r)
        .flat_map(|(_, s)| s.supported.iter().chain(&s.unsupported))
        .find(|f| gc.feature_name(f).eq_ignore_ascii_case(&feature.name))
        .map_or(feature.name.as_str(), String::as_str);
    let (code, why) = judge_feature(spelled, r, map);
    if code != Code::Blank || feature.level != Level::Core {
        return (code, why);
    }
    let mut best = (Code::Blank, super::judge::Why::Plain);
    if let Some(section) = gc.feature_sections.get(feature.section) {
        for p in &section.profiles {
            if let Some(v) = judge_profile(p, r)
                && v.0 > best.0
            {
                best = v;
            }
        }
    }
    best
}

/// The month's feature matrix.
pub fn month(
    gc: &GatewayConformanceConfig,
    reports: &[(&ReportFile, &Report)],
    declared: &Declared,
    map: &TestMap,
) -> FeatureMonth {
    let features = features_of(gc, reports, declared);
    let (current, current_releases) = cells::current_releases(gc, reports);
    let rows = cells::rows(gc, reports, &current, |chosen| {
        features
            .iter()
            .map(|f| cells::best_of(chosen, |r| judge(gc, f, r, map)))
            .collect::<Vec<Cell>>()
    });
    FeatureMonth {
        features,
        rows,
        report_count: reports.len(),
        current_releases,
        test_count: map.test_count,
    }
}

/// The sections that hold features, in configured order, with the indexes of their features.
pub fn by_section(data: &FeatureMonth) -> Vec<(usize, Vec<usize>)> {
    let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, f) in data.features.iter().enumerate() {
        out.entry(f.section).or_default().push(i);
    }
    out.into_iter().collect()
}

/// The GEPs whose mapping names a feature (after aliases), by feature name (lower-cased).
pub fn geps_by_feature(gc: &GatewayConformanceConfig) -> HashMap<String, BTreeSet<u32>> {
    let mut out: HashMap<String, BTreeSet<u32>> = HashMap::new();
    for m in &gc.item_mappings {
        for f in m.all_features() {
            out.entry(gc.feature_name(f).to_ascii_lowercase())
                .or_default()
                .insert(m.number);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Shapes of pkg/features/httproute.go and mesh.go at kubernetes-sigs/gateway-api
    // 4564255ac2c35d582249b3cdf261bdf51c8bca32, and conformance/utils/suite/features.go of 2023.
    const NEW: &str = r#"
const (
	SupportHTTPRoute FeatureName = "HTTPRoute"
)
var HTTPRouteFeature = Feature{
	Name:    SupportHTTPRoute,
	Channel: FeatureChannelStandard,
}
var HTTPRouteCoreFeatures = sets.New(
	HTTPRouteFeature,
)
const (
	// SupportHTTPRouteCORS is in ExtendedFeatures = sets.New(nothing)
	SupportHTTPRouteCORS FeatureName = "HTTPRouteCORS"
	SupportHTTPRouteNew FeatureName = "HTTPRouteNew"
)
var (
	HTTPRouteCORSFeature = Feature{
		Name:    SupportHTTPRouteCORS,
		Channel: FeatureChannelExperimental,
	}
)
var HTTPRouteExtendedFeatures = sets.New(
	HTTPRouteCORSFeature,
)
"#;
    const OLD: &str = r#"
const (
	SupportGateway SupportedFeature = "Gateway"
	SupportHTTPResponseHeaderModification SupportedFeature = "HTTPResponseHeaderModification"
)
var StandardCoreFeatures = sets.New[SupportedFeature](
	SupportGateway,
)
var StandardExtendedFeatures = sets.New(SupportHTTPResponseHeaderModification).Insert()
"#;

    #[test]
    fn levels_from_sets_of_either_layout() {
        let d = declared([NEW]);
        assert_eq!(
            d.features.iter().collect::<Vec<_>>(),
            [
                (&"HTTPRoute".to_string(), &Level::Core),
                (&"HTTPRouteCORS".to_string(), &Level::Extended),
                (&"HTTPRouteNew".to_string(), &Level::Unknown),
            ]
        );
        let d = declared([OLD]);
        assert_eq!(d.features["Gateway"], Level::Core);
        assert_eq!(
            d.features["HTTPResponseHeaderModification"],
            Level::Extended
        );
    }

    #[test]
    fn renamed_features_are_one_item_in_their_profile() {
        let mut gc = GatewayConformanceConfig::default();
        gc.feature_aliases.insert(
            "HTTPResponseHeaderModification".into(),
            "HTTPRouteResponseHeaderModification".into(),
        );
        let d = declared([OLD]);
        let r = Report {
            profiles: vec![super::super::report::Profile {
                name: "MESH-HTTP".into(),
                extended: super::super::report::Section {
                    supported: vec![
                        "httprouteresponseheadermodification".into(),
                        "MeshClusterIPMatching".into(),
                    ],
                    ..Default::default()
                },
                ..Default::default()
            }],
            ..Report::default()
        };
        let file = ReportFile {
            path: "conformance/reports/v1.0.0/x.yaml".into(),
            oid: "a".into(),
            version: super::super::walk::DirVersion::parse("v1.0.0").unwrap(),
        };
        let f = features_of(&gc, &[(&file, &r)], &d);
        let names: Vec<(&str, &str, Level)> = f
            .iter()
            .map(|f| {
                (
                    f.name.as_str(),
                    gc.feature_sections[f.section].name.as_str(),
                    f.level,
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("Gateway", "GATEWAY-HTTP", Level::Core),
                (
                    "HTTPRouteResponseHeaderModification",
                    "GATEWAY-HTTP",
                    Level::Extended
                ),
                ("MeshClusterIPMatching", "MESH-HTTP", Level::Extended),
            ]
        );
        // The report's old spelling judges the current name; an unlisted core feature is its
        // profile's core (no GATEWAY-HTTP profile here: blank).
        let map = TestMap::default();
        assert_eq!(judge(&gc, &f[1], &r, &map).0, Code::P);
        assert_eq!(judge(&gc, &f[0], &r, &map).0, Code::Blank);
    }
}
