//! The rule for one report: a feature from its tests, a set of features, a profile's core, and
//! a proposal from its alternatives (see [`super::cells`] for the whole rule in words).

use super::report::{Profile, Report, Section};
use super::testmap::TestMap;
use crate::import::settings::{Alternative, ItemMapping};

/// A cell value, in the order the best of several reports is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    Blank,
    /// Reported unsupported.
    U,
    /// Partial.
    P,
    /// Conformant.
    C,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Blank => "",
            Code::U => "U",
            Code::P => "P",
            Code::C => "C",
        }
    }
}

/// What decided a value, for the cell's note and the evidence list (data; worded in
/// [`super::snapshot`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Nothing worth saying (every test ran, or the value is blank or `U`).
    Plain,
    /// Some of the feature's tests were skipped (`skipped` of `of`), none failed.
    Skipped {
        feature: String,
        skipped: Vec<String>,
        of: usize,
    },
    /// Every one of the feature's tests was skipped.
    AllSkipped {
        feature: String,
        skipped: Vec<String>,
    },
    /// These tests of the feature failed.
    Failed { feature: String, tests: Vec<String> },
    /// A profile part listing the feature failed tests it does not name.
    UnnamedFailures { feature: String, profile: String },
    /// The feature has no known test at this commit (judged on its part's failures alone).
    NoTests { feature: String },
    /// The test map cannot be read at this commit: the part's result decided.
    NoMap { feature: String, result: String },
    /// A profile's core tests: passed with `skipped` skips, or failed.
    Core {
        profile: String,
        passed: bool,
        skipped: usize,
    },
    /// Features of the closest set that are not `C`, with their own values.
    Missing { features: Vec<(String, Code)> },
    /// Several reasons (features of one set).
    All(Vec<Why>),
}

/// Every part of a report's profiles, with the profile's name.
pub(super) fn parts(r: &Report) -> impl Iterator<Item = (&Profile, &Section)> {
    r.profiles
        .iter()
        .flat_map(|p| [(p, &p.core), (p, &p.extended)])
}

fn has(list: &[String], f: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(f))
}

/// One feature of one report.
pub fn judge_feature(feature: &str, r: &Report, map: &TestMap) -> (Code, Why) {
    let feature_name = || feature.to_string();
    let supported: Vec<(&Profile, &Section)> = parts(r)
        .filter(|(_, s)| has(&s.supported, feature))
        .collect();
    if supported.is_empty() {
        let listed = parts(r).any(|(_, s)| has(&s.unsupported, feature));
        return (if listed { Code::U } else { Code::Blank }, Why::Plain);
    }
    if !map.is_known() {
        let best = supported
            .iter()
            .map(|(_, s)| s.result.as_str())
            .max_by_key(|res| *res == "success")
            .unwrap_or("");
        let code = if best == "success" { Code::C } else { Code::P };
        return (
            code,
            Why::NoMap {
                feature: feature_name(),
                result: best.to_string(),
            },
        );
    }
    if let Some((p, _)) = supported.iter().find(|(_, s)| s.unnamed_failures()) {
        return (
            Code::P,
            Why::UnnamedFailures {
                feature: feature_name(),
                profile: p.name.clone(),
            },
        );
    }
    let tests = map.tests_of(feature);
    let failed_all: Vec<&String> = parts(r).flat_map(|(_, s)| &s.failed).collect();
    let skipped_all: Vec<&String> = parts(r).flat_map(|(_, s)| &s.skipped).collect();
    let named = |list: &[&String], t: &str| list.iter().any(|x| x.eq_ignore_ascii_case(t));
    let failed: Vec<String> = tests
        .iter()
        .filter(|t| named(&failed_all, t))
        .map(|t| t.to_string())
        .collect();
    if !failed.is_empty() {
        return (
            Code::P,
            Why::Failed {
                feature: feature_name(),
                tests: failed,
            },
        );
    }
    if tests.is_empty() {
        return (
            Code::C,
            Why::NoTests {
                feature: feature_name(),
            },
        );
    }
    let skipped: Vec<String> = tests
        .iter()
        .filter(|t| named(&skipped_all, t))
        .map(|t| t.to_string())
        .collect();
    if skipped.len() == tests.len() {
        (
            Code::P,
            Why::AllSkipped {
                feature: feature_name(),
                skipped,
            },
        )
    } else if skipped.is_empty() {
        (Code::C, Why::Plain)
    } else {
        (
            Code::C,
            Why::Skipped {
                feature: feature_name(),
                skipped,
                of: tests.len(),
            },
        )
    }
}

/// A profile's core in one report: `None` when the report has no such profile.
pub(super) fn judge_profile(name: &str, r: &Report) -> Option<(Code, Why)> {
    let p = r
        .profiles
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))?;
    let passed = !p.core.has_failures();
    Some((
        if passed { Code::C } else { Code::P },
        Why::Core {
            profile: p.name.clone(),
            passed,
            skipped: p.core.skipped.len(),
        },
    ))
}

/// A set of features in one report: `C` when every one is `C`.
fn judge_set(set: &[String], r: &Report, map: &TestMap) -> (Code, Why) {
    let judged: Vec<(String, Code, Why)> = set
        .iter()
        .map(|f| {
            let (c, w) = judge_feature(f, r, map);
            (f.clone(), c, w)
        })
        .collect();
    let reasons = |j: &[(String, Code, Why)]| {
        let w: Vec<Why> = j
            .iter()
            .map(|(_, _, w)| w.clone())
            .filter(|w| *w != Why::Plain)
            .collect();
        match w.len() {
            0 => Why::Plain,
            1 => w.into_iter().next().unwrap_or(Why::Plain),
            _ => Why::All(w),
        }
    };
    if judged.iter().all(|(_, c, _)| *c == Code::C) {
        return (Code::C, reasons(&judged));
    }
    if judged
        .iter()
        .any(|(_, c, _)| matches!(c, Code::C | Code::P))
    {
        let missing: Vec<(String, Code)> = judged
            .iter()
            .filter(|(_, c, _)| *c != Code::C)
            .map(|(f, c, _)| (f.clone(), *c))
            .collect();
        // The reasons of the features that fall short (those met say nothing more here).
        let short: Vec<(String, Code, Why)> = judged
            .iter()
            .filter(|(_, c, _)| *c != Code::C)
            .cloned()
            .collect();
        let mut why = vec![Why::Missing { features: missing }];
        match reasons(&short) {
            Why::Plain => {}
            Why::All(w) => why.extend(w),
            w => why.push(w),
        }
        return (
            Code::P,
            if why.len() == 1 {
                why.remove(0)
            } else {
                Why::All(why)
            },
        );
    }
    if judged.iter().any(|(_, c, _)| *c == Code::U) {
        return (Code::U, Why::Plain);
    }
    (Code::Blank, Why::Plain)
}

/// The value one report gives a proposal (the best alternative, the first of equals), and
/// whether the report lists the mapping at all.
pub fn report_value(m: &ItemMapping, r: &Report, map: &TestMap) -> (Code, Why, bool) {
    if m.all_reports {
        return (Code::C, Why::Plain, true);
    }
    let mut best = (Code::Blank, Why::Plain);
    let mut listed = false;
    for alt in m.alternatives() {
        let (code, why) = match alt {
            Alternative::Profile(p) => match judge_profile(p, r) {
                Some(v) => {
                    listed = true;
                    v
                }
                None => continue,
            },
            Alternative::Features(set) => {
                if set
                    .iter()
                    .any(|f| parts(r).any(|(_, s)| has(&s.supported, f) || has(&s.unsupported, f)))
                {
                    listed = true;
                }
                judge_set(set, r, map)
            }
        };
        if code > best.0 {
            best = (code, why);
        }
    }
    (best.0, best.1, listed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::gateway::testmap::{FileDecls, TestMap};

    fn section(result: &str, supported: &[&str], unsupported: &[&str]) -> Section {
        Section {
            result: result.into(),
            supported: supported.iter().map(|s| s.to_string()).collect(),
            unsupported: unsupported.iter().map(|s| s.to_string()).collect(),
            failed_count: Some(0),
            ..Section::default()
        }
    }

    fn with_tests(mut s: Section, skipped: &[&str], failed: &[&str]) -> Section {
        s.skipped = skipped.iter().map(|t| t.to_string()).collect();
        s.failed = failed.iter().map(|t| t.to_string()).collect();
        s.failed_count = Some(failed.len() as u32);
        s
    }

    fn report(profiles: Vec<Profile>) -> Report {
        Report {
            organization: "acme".into(),
            project: "gw".into(),
            profiles,
            ..Report::default()
        }
    }

    fn profile(name: &str, core: Section, extended: Section) -> Profile {
        Profile {
            name: name.into(),
            core,
            extended,
        }
    }

    /// Tests: Timeout1 and Timeout2 exercise RequestTimeout; Backend1 BackendTimeout; Static
    /// only GatewayStaticAddresses.
    fn map() -> TestMap {
        let decl = |short: &str, f: &[&str]| {
            (
                short.to_string(),
                f.iter().map(|f| format!("Support{f}")).collect::<Vec<_>>(),
            )
        };
        TestMap::build([&FileDecls {
            constants: Vec::new(),
            tests: vec![
                decl("Timeout1", &["Gateway", "RequestTimeout"]),
                decl("Timeout2", &["Gateway", "RequestTimeout"]),
                decl("Backend1", &["Gateway", "BackendTimeout"]),
                decl("Static", &["Gateway", "GatewayStaticAddresses"]),
                decl("MeshCore", &["Mesh"]),
            ],
        }])
    }

    fn set(f: &[&str]) -> ItemMapping {
        ItemMapping {
            number: 1742,
            features: f.iter().map(|s| s.to_string()).collect(),
            ..ItemMapping::default()
        }
    }

    const BOTH: &[&str] = &["RequestTimeout", "BackendTimeout", "GatewayStaticAddresses"];

    #[test]
    fn a_skipped_test_of_another_feature_is_no_partial() {
        // Cilium and Contour in 2024-08: the profile part is "partial" because
        // GatewayStaticAddresses was skipped; the timeout features' own tests all ran.
        let r = report(vec![profile(
            "GATEWAY-HTTP",
            section("success", &[], &[]),
            with_tests(section("partial", BOTH, &[]), &["Static"], &[]),
        )]);
        let m = map();
        assert_eq!(
            judge_feature("RequestTimeout", &r, &m),
            (Code::C, Why::Plain)
        );
        let (code, why, listed) = report_value(&set(&["RequestTimeout", "BackendTimeout"]), &r, &m);
        assert_eq!((code, why, listed), (Code::C, Why::Plain, true));
        // The skipped feature itself: all of its tests skipped → P.
        assert_eq!(judge_feature("GatewayStaticAddresses", &r, &m).0, Code::P);
    }

    #[test]
    fn some_tests_skipped_is_complete_with_a_note_all_skipped_is_partial() {
        let m = map();
        let r = report(vec![profile(
            "GATEWAY-HTTP",
            section("success", &[], &[]),
            with_tests(section("partial", BOTH, &[]), &["Timeout1"], &[]),
        )]);
        assert_eq!(
            judge_feature("RequestTimeout", &r, &m),
            (
                Code::C,
                Why::Skipped {
                    feature: "RequestTimeout".into(),
                    skipped: vec!["Timeout1".into()],
                    of: 2
                }
            )
        );
        let r = report(vec![profile(
            "GATEWAY-HTTP",
            section("success", &[], &[]),
            with_tests(
                section("partial", BOTH, &[]),
                &["Timeout1", "Timeout2"],
                &[],
            ),
        )]);
        assert_eq!(judge_feature("requesttimeout", &r, &m).0, Code::P);
    }

    #[test]
    fn failures() {
        let m = map();
        // A named failure of the feature's test.
        let r = report(vec![profile(
            "GATEWAY-HTTP",
            section("success", &[], &[]),
            with_tests(section("failure", BOTH, &[]), &[], &["Backend1"]),
        )]);
        assert_eq!(judge_feature("BackendTimeout", &r, &m).0, Code::P);
        assert_eq!(judge_feature("RequestTimeout", &r, &m).0, Code::C);
        // Failures the report does not name clear no feature of that part.
        let mut s = section("failure", BOTH, &[]);
        s.failed_count = Some(2);
        let r = report(vec![profile(
            "GATEWAY-HTTP",
            section("success", &[], &[]),
            s,
        )]);
        assert!(matches!(
            judge_feature("RequestTimeout", &r, &m),
            (Code::P, Why::UnnamedFailures { .. })
        ));
    }

    #[test]
    fn a_item_needs_every_feature_of_one_set() {
        let m = map();
        let r = report(vec![profile(
            "GATEWAY-HTTP",
            section("success", &[], &[]),
            section("success", &["RequestTimeout"], &["BackendTimeout"]),
        )]);
        let (code, why, _) = report_value(&set(&["RequestTimeout", "BackendTimeout"]), &r, &m);
        assert_eq!(code, Code::P);
        assert_eq!(
            why,
            Why::Missing {
                features: vec![("BackendTimeout".into(), Code::U)]
            }
        );
        // Only unsupported: U; not listed at all: blank and not listed.
        assert_eq!(report_value(&set(&["BackendTimeout"]), &r, &m).0, Code::U);
        assert_eq!(
            report_value(&set(&["Nope"]), &r, &m),
            (Code::Blank, Why::Plain, false)
        );
        // Alternative sets: the Mesh set met is enough.
        let alt = ItemMapping {
            number: 726,
            sets: vec![
                vec!["RequestTimeout".into(), "BackendTimeout".into()],
                vec!["RequestTimeout".into()],
            ],
            ..ItemMapping::default()
        };
        assert_eq!(report_value(&alt, &r, &m).0, Code::C);
    }

    #[test]
    fn a_profile_is_its_core_and_skips_alone_do_not_fail_it() {
        let m = map();
        let profiles = ItemMapping {
            number: 1294,
            profiles: vec!["MESH-HTTP".into()],
            ..ItemMapping::default()
        };
        let r = report(vec![profile(
            "MESH-HTTP",
            with_tests(section("partial", &[], &[]), &["MeshCore"], &[]),
            section("", &[], &[]),
        )]);
        assert_eq!(report_value(&profiles, &r, &m).0, Code::C);
        let r = report(vec![profile(
            "mesh-http",
            with_tests(section("failure", &[], &[]), &[], &["MeshCore"]),
            section("", &[], &[]),
        )]);
        assert_eq!(report_value(&profiles, &r, &m).0, Code::P);
        let r = report(vec![profile(
            "GATEWAY-HTTP",
            section("success", &[], &[]),
            section("", &[], &[]),
        )]);
        assert_eq!(
            report_value(&profiles, &r, &m),
            (Code::Blank, Why::Plain, false)
        );
    }

    #[test]
    fn without_a_test_map_the_part_result_decides() {
        let r = report(vec![profile(
            "GATEWAY-HTTP",
            section("success", &[], &[]),
            with_tests(section("partial", BOTH, &[]), &["Static"], &[]),
        )]);
        let unknown = TestMap::default();
        assert!(matches!(
            judge_feature("RequestTimeout", &r, &unknown),
            (Code::P, Why::NoMap { .. })
        ));
        let all = ItemMapping {
            number: 1709,
            all_reports: true,
            ..ItemMapping::default()
        };
        assert_eq!(report_value(&all, &report(vec![]), &unknown).0, Code::C);
    }
}
