//! Slugs: the file-name part of an implementor's pages (`implementors/<slug>/`). Two identities
//! never share a slug, by construction, and every slug is a valid file name on Linux, macOS and
//! Windows: at most [`MAX_LEN`] bytes of lower-case ASCII letters, digits and `-`, never a name
//! Windows reserves. A slug depends only on the identity and on which other identities share its
//! base, never on the order names appear in, so it is the same in every build.

use std::collections::{BTreeMap, BTreeSet};

/// Longest slug in bytes, disambiguation included (file systems allow 255).
pub const MAX_LEN: usize = 64;
/// Longest readable part kept before a disambiguating suffix is added.
const BASE_LEN: usize = MAX_LEN - 1 - 16;

/// URL-safe base: ASCII letters and digits, runs of anything else become one '-'.
pub fn slugify(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    s
}

/// Whether Windows reserves `name` as a file name (`con`, `nul`, `com1`, …).
fn reserved(name: &str) -> bool {
    matches!(name, "con" | "prn" | "aux" | "nul")
        || ((name.starts_with("com") || name.starts_with("lpt"))
            && name.len() == 4
            && name.as_bytes()[3].is_ascii_digit())
}

/// FNV-1a, 64 bits: a hash that is the same in every build and on every platform.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The readable base of a slug and whether it alone is a usable file name.
fn base(name: &str) -> (String, bool) {
    let mut b = slugify(name);
    let mut plain = !b.is_empty() && !reserved(&b);
    if b.len() > MAX_LEN {
        b.truncate(BASE_LEN);
        while b.ends_with('-') {
            b.pop();
        }
        plain = false;
    }
    if b.is_empty() {
        b = "implementor".into();
    }
    (b, plain)
}

/// One slug per identity, unique among `names`. A name whose base is unique, short enough and
/// not reserved keeps it (`Istio` → `istio`); otherwise the base gets a suffix derived from the
/// identity itself (`kong-3f1c9a0e`), so colliding names never depend on each other's order.
pub fn unique<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<&'a str, String> {
    let names: BTreeSet<&str> = names.into_iter().collect();
    let bases: BTreeMap<&str, (String, bool)> = names.iter().map(|n| (*n, base(n))).collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (b, _) in bases.values() {
        *count.entry(b.as_str()).or_default() += 1;
    }
    let mut out = BTreeMap::new();
    let mut taken = BTreeSet::new();
    // Plain slugs first, so a suffixed slug can never take one.
    for (name, (b, plain)) in &bases {
        if *plain && count[b.as_str()] == 1 {
            taken.insert(b.clone());
            out.insert(*name, b.clone());
        }
    }
    for (name, (b, _)) in &bases {
        if out.contains_key(name) {
            continue;
        }
        let h = format!("{:016x}", fnv1a(name));
        let mut slug = format!("{b}-{}", &h[..8]);
        if taken.contains(&slug) {
            slug = format!("{b}-{h}");
        }
        let mut n = 2;
        while taken.contains(&slug) {
            slug = format!("{b}-{h}-{n}");
            n += 1;
        }
        taken.insert(slug.clone());
        out.insert(*name, slug);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases() {
        assert_eq!(
            slugify("Emissary-Ingress (Ambassador)"),
            "emissary-ingress-ambassador"
        );
        assert_eq!(
            slugify("<script>alert(1)</script>"),
            "script-alert-1-script"
        );
        assert_eq!(slugify("Istio"), "istio");
        assert_eq!(slugify("---"), "");
    }

    #[test]
    fn collisions_get_a_suffix_from_the_identity_in_any_order() {
        let a = unique(["Kong", "Kong!", "Kong 2", "Istio"]);
        let b = unique(["Istio", "Kong 2", "Kong!", "Kong"]);
        assert_eq!(a, b);
        assert_eq!(a["Istio"], "istio");
        assert_eq!(a["Kong 2"], "kong-2");
        assert!(
            a["Kong"].starts_with("kong-") && a["Kong"].len() == 13,
            "{a:?}"
        );
        assert!(a["Kong!"].starts_with("kong-") && a["Kong!"].len() == 13);
        assert_ne!(a["Kong"], a["Kong!"]);
        let all: BTreeSet<&String> = a.values().collect();
        assert_eq!(all.len(), a.len());
    }

    #[test]
    fn long_reserved_and_empty_names_become_file_names() {
        let long = "A".repeat(320);
        let longer = format!("{long}B");
        let s = unique([long.as_str(), longer.as_str(), "CON", "com1", "???", "¿¡"]);
        for slug in s.values() {
            assert!(slug.len() <= MAX_LEN, "{slug}");
            assert!(!reserved(slug), "{slug}");
            assert!(
                slug.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            );
        }
        assert_ne!(s[long.as_str()], s[longer.as_str()]);
        assert!(s["CON"].starts_with("con-"));
        assert!(s["???"].starts_with("implementor-"));
        assert_ne!(s["???"], s["¿¡"]);
    }

    #[test]
    fn a_suffixed_slug_never_takes_a_plain_one() {
        let h = format!("{:016x}", fnv1a("Kong"));
        let trap = format!("Kong {}", &h[..8]);
        let s = unique(["Kong", "Kong!", trap.as_str()]);
        let all: BTreeSet<&String> = s.values().collect();
        assert_eq!(all.len(), 3, "{s:?}");
        assert_eq!(s[trap.as_str()], format!("kong-{}", &h[..8]));
    }
}
