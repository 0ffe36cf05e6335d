//! Which conformance tests exercise which feature, read from the Go sources of one commit,
//! without a Go toolchain.
//!
//! A test is declared in `conformance/tests/**/*.go` as a composite literal
//!
//! ```go
//! var HTTPRouteTimeoutRequest = confsuite.ConformanceTest{
//!     ShortName: "HTTPRouteTimeoutRequest",
//!     Features: []features.FeatureName{
//!         features.SupportGateway,
//!         features.SupportHTTPRouteRequestTimeout,
//!     },
//! ```
//!
//! and each `Support…` constant is declared with its feature name in `pkg/features/*.go`
//! (`SupportHTTPRouteRequestTimeout FeatureName = "HTTPRouteRequestTimeout"`), or before
//! April 2024 in `conformance/utils/suite/features.go` (`… SupportedFeature = "…"`). Reports
//! name skipped and failed tests by their short name; this map turns those into features.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The Go source folders the map is read from.
pub const SOURCE_DIRS: [&str; 3] = [
    "conformance/tests",
    "pkg/features",
    "conformance/utils/suite",
];

/// Whether `path` is a source file the map reads.
pub fn is_source(path: &str) -> bool {
    path.ends_with(".go")
        && !path.ends_with("_test.go")
        && SOURCE_DIRS
            .iter()
            .any(|d| path.strip_prefix(d).is_some_and(|r| r.starts_with('/')))
}

/// What one Go file declares: feature constants and tests (features still as constant names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileDecls {
    /// `SupportX` → `"X"`.
    pub constants: Vec<(String, String)>,
    /// Test short name → the constant names in its `Features:` list.
    pub tests: Vec<(String, Vec<String>)>,
}

/// The tests of each feature at one commit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestMap {
    /// Feature name, lower-cased → the short names of the tests that list it.
    by_feature: HashMap<String, BTreeSet<String>>,
    /// How many tests were read (0: the map could not be read at this commit).
    pub test_count: usize,
}

impl TestMap {
    /// Joins the declarations of every source file of a commit.
    pub fn build<'a>(files: impl IntoIterator<Item = &'a FileDecls>) -> TestMap {
        let files: Vec<&FileDecls> = files.into_iter().collect();
        let constants: HashMap<&str, &str> = files
            .iter()
            .flat_map(|f| f.constants.iter())
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut by_feature: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut names = BTreeSet::new();
        for (short, consts) in files.iter().flat_map(|f| f.tests.iter()) {
            names.insert(short.clone());
            for c in consts {
                // An undeclared constant still names its feature: `SupportX` is "X" by the
                // house convention of every layout so far.
                let feature = constants
                    .get(c.as_str())
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| c.trim_start_matches("Support").to_string());
                by_feature
                    .entry(feature.to_ascii_lowercase())
                    .or_default()
                    .insert(short.clone());
            }
        }
        TestMap {
            by_feature,
            test_count: names.len(),
        }
    }

    /// Whether the map was read (the commit declares tests with features).
    pub fn is_known(&self) -> bool {
        self.test_count > 0
    }

    /// The tests that list `feature` (any case), sorted.
    pub fn tests_of(&self, feature: &str) -> Vec<&str> {
        self.by_feature
            .get(&feature.to_ascii_lowercase())
            .map(|s| s.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }
}

/// Reads the declarations of one Go file.
pub fn parse_file(text: &str) -> FileDecls {
    let code = strip_comments(text);
    FileDecls {
        constants: constants(&code),
        tests: tests(&code),
    }
}

/// The text with `//` and `/* */` comments blanked out (string literals kept).
pub(super) fn strip_comments(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' | b'`' => {
                let q = b[i];
                out.push(q);
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    if q == b'"' && b[i] == b'\\' && i + 1 < b.len() {
                        out.push(b[i]);
                        i += 1;
                    }
                    out.push(b[i]);
                    i += 1;
                }
                if i < b.len() {
                    out.push(b[i]);
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    if b[i] == b'\n' {
                        out.push(b'\n');
                    }
                    i += 1;
                }
                i += 2;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `SupportX [Type] = "X"` lines.
fn constants(code: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in code.lines() {
        let t = line.trim();
        if !t.starts_with("Support") {
            continue;
        }
        let name_end = t.find(|c: char| !is_ident(c)).unwrap_or(t.len());
        let (name, rest) = t.split_at(name_end);
        let Some((ty, value)) = rest.split_once('=') else {
            continue;
        };
        if !ty.trim().chars().all(is_ident) {
            continue;
        }
        let value = value.trim();
        if let Some(v) = value.strip_prefix('"').and_then(|v| v.split_once('"')) {
            out.push((name.to_string(), v.0.to_string()));
        }
    }
    out
}

/// Every `ShortName: "…"` with the `Support…` constants of the `Features:` list that follows
/// it in the same literal.
fn tests(code: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("ShortName:") {
        rest = &rest[at + "ShortName:".len()..];
        let t = rest.trim_start();
        let Some(name) = t
            .strip_prefix('"')
            .and_then(|v| v.split_once('"'))
            .map(|v| v.0)
        else {
            continue;
        };
        // The literal's fields run until the next ShortName (or the end of the file).
        let scope_end = rest.find("ShortName:").unwrap_or(rest.len());
        let scope = &rest[..scope_end];
        let mut features = Vec::new();
        if let Some(f) = scope.find("Features:") {
            let list = &scope[f..];
            if let Some(open) = list.find('{') {
                let body = &list[open + 1..];
                let close = matching_brace(body).unwrap_or(body.len());
                features = support_idents(&body[..close]);
            }
        }
        out.push((name.to_string(), features));
    }
    out
}

/// The offset of the `}` closing a block whose `{` was just before `body`.
fn matching_brace(body: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The `Support…` identifiers of a list (`features.SupportGateway` → `SupportGateway`).
fn support_idents(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in list.split(|c: char| !is_ident(c)) {
        if word.starts_with("Support")
            && word.len() > "Support".len()
            && !out.iter().any(|w| w == word)
        {
            out.push(word.to_string());
        }
    }
    out
}

/// Parses each distinct source blob once and builds the map of every commit from its files.
#[derive(Debug, Default)]
pub struct MapCache {
    decls: HashMap<String, FileDecls>,
    maps: BTreeMap<Vec<String>, std::sync::Arc<TestMap>>,
}

impl MapCache {
    /// The map of a commit whose source files are `oids`, with `text` giving a blob's bytes.
    pub fn map<'a>(
        &mut self,
        oids: &[String],
        text: impl Fn(&str) -> Option<&'a [u8]>,
    ) -> std::sync::Arc<TestMap> {
        let mut key: Vec<String> = oids.to_vec();
        key.sort();
        if let Some(m) = self.maps.get(&key) {
            return m.clone();
        }
        for oid in &key {
            if !self.decls.contains_key(oid) {
                let d = text(oid)
                    .map(|b| parse_file(&String::from_utf8_lossy(b)))
                    .unwrap_or_default();
                self.decls.insert(oid.clone(), d);
            }
        }
        let map = std::sync::Arc::new(TestMap::build(key.iter().filter_map(|o| self.decls.get(o))));
        self.maps.insert(key, map.clone());
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Shapes of conformance/tests/httproute-timeout-request.go and pkg/features/httproute.go at
    // kubernetes-sigs/gateway-api 4564255ac2c35d582249b3cdf261bdf51c8bca32, and of
    // conformance/utils/suite/features.go before April 2024.
    const TEST: &str = r#"
func init() {
	ConformanceTests = append(ConformanceTests, HTTPRouteTimeoutRequest)
}

var HTTPRouteTimeoutRequest = confsuite.ConformanceTest{
	ShortName:   "HTTPRouteTimeoutRequest",
	Description: "An HTTPRoute with request timeout {braces} // not a comment",
	Manifests:   []string{"tests/httproute-timeout-request.yaml"},
	Features: []features.FeatureName{
		features.SupportGateway,
		// features.SupportCommentedOut,
		features.SupportHTTPRoute,
		features.SupportHTTPRouteRequestTimeout, /* trailing */
	},
	Test: func(t *testing.T, suite *confsuite.ConformanceTestSuite) {
		x := map[string]string{"ShortName": "no"}
	},
}

var Second = suite.ConformanceTest{
	ShortName: "MeshOnly",
	Features: []suite.SupportedFeature{suite.SupportMesh},
}
"#;
    const FEATURES: &str = r#"
const (
	// This option indicates support for HTTPRoute request timeouts (extended conformance).
	SupportHTTPRouteRequestTimeout FeatureName = "HTTPRouteRequestTimeout"
	SupportHTTPRoute FeatureName = "HTTPRoute"
)
var HTTPRouteExtendedFeatures = sets.New(
	SupportHTTPRouteRequestTimeout,
)
const SupportMesh SupportedFeature = "Mesh"
"#;

    #[test]
    fn reads_tests_and_constants() {
        let t = parse_file(TEST);
        assert_eq!(
            t.tests,
            [
                (
                    "HTTPRouteTimeoutRequest".to_string(),
                    vec![
                        "SupportGateway".to_string(),
                        "SupportHTTPRoute".into(),
                        "SupportHTTPRouteRequestTimeout".into()
                    ]
                ),
                ("MeshOnly".to_string(), vec!["SupportMesh".to_string()]),
            ]
        );
        let f = parse_file(FEATURES);
        assert_eq!(
            f.constants,
            [
                (
                    "SupportHTTPRouteRequestTimeout".to_string(),
                    "HTTPRouteRequestTimeout".to_string()
                ),
                ("SupportHTTPRoute".into(), "HTTPRoute".into()),
            ]
        );
        let m = TestMap::build([&t, &f]);
        assert!(m.is_known());
        assert_eq!(m.test_count, 2);
        assert_eq!(
            m.tests_of("httproutereQuesttimeout"),
            ["HTTPRouteTimeoutRequest"]
        );
        // Undeclared constants fall back to the name after `Support`.
        assert_eq!(m.tests_of("Gateway"), ["HTTPRouteTimeoutRequest"]);
        assert_eq!(m.tests_of("Mesh"), ["MeshOnly"]);
        assert!(m.tests_of("CommentedOut").is_empty());
        assert!(!TestMap::default().is_known());
    }

    #[test]
    fn sources() {
        assert!(is_source("conformance/tests/mesh/mesh-split.go"));
        assert!(is_source("pkg/features/httproute.go"));
        assert!(!is_source("conformance/tests/main_test.go"));
        assert!(!is_source("conformance/tests/x.yaml"));
        assert!(!is_source("conformance/testsuite/x.go"));
    }
}
