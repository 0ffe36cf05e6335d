//! Which of many names is nearest a given name (issue 23): the near-name check of
//! [`super::identity`] without comparing every new name with every earlier one.
//!
//! Two names are near when the Levenshtein distance of their lower-cased characters is at most
//! a limit that depends on both: the configured distance, but at most a quarter of the shorter
//! name's length and at least 1 ([`limit`], the rule of [`super::identity::near`]). The nearest
//! name is the one at the smallest distance, the first in byte order on ties.
//!
//! Two filters find candidates, then a bounded Levenshtein ([`bounded_distance`], a band of
//! width 2t+1 that stops as soon as a whole row exceeds t) measures each:
//!
//! - **Deletion neighbourhoods** (the SymSpell idea) for names of at most
//!   [`NearNames::deletion_max`] characters: two strings within distance t share a string made
//!   by deleting at most t characters from each (a substitution is a deletion on both sides).
//!   Each indexed name's deletions, up to its own limit, are hashed into a table; a
//!   query looks up its own. A name of n characters has Σ_{i ≤ t} C(n, i) of them (254 for 22
//!   characters at t = 2), which is why longer names use the second filter.
//! - **Positional q-gram prefixes** (Ed-Join) for longer names: a name of n characters has n − 2
//!   trigrams, each with its position, and one edit spoils at most three, on either side. Order
//!   every name's trigrams by how rare they are among the indexed names; within distance t the
//!   first 3t + 1 of each share a trigram at positions at most t apart (the rarest trigram they
//!   share unspoilt comes before all but at most 3t others on both sides). Only these prefixes
//!   are indexed, so common words ("Gateway", a shared "Vendor " prefix) are rarely looked up.
//!   The bound needs at least 3t + 1 trigrams on one side, which every name past
//!   `deletion_max` has.
//!
//! Both are searched by increasing distance t = 0, 1, … up to the query's limit, and the search
//! stops at the first t with a near name: every name within t has been measured by then. So a
//! name with a neighbour one edit away does not look at the many names two edits away.
//!
//! Why these two and not a partition (pigeonhole) index alone: implementor names share long
//! parts ("Name 1234" and "Name 5678", "Vendor …", "… Gateway"), and a partition of a name into
//! t + 1 pieces puts that shared part in a piece every other name also has, which brings back
//! the comparison of every pair. Deletion neighbourhoods of short names and rare trigrams of
//! long ones do not depend on a shared part.
//!
//! Memory: at most [`ENTRY_BUDGET`] deletion entries of 8 bytes (the length limit of the first
//! filter drops when more names would need more), plus at most 3t + 1 trigram entries a name.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

/// Trigrams.
const Q: usize = 3;
/// Most deletion strings a name may have to be indexed by its deletion neighbourhood.
const NEIGHBOURHOOD_BUDGET: usize = 320;
/// Most deletion entries in one index (64 MB); past it, shorter names only.
pub const ENTRY_BUDGET: usize = 1 << 23;

/// The largest distance at which a name of `chars` characters can be near another.
pub fn cap(chars: usize, max: usize) -> usize {
    max.min((chars / 4).max(1))
}

/// The largest distance at which names of `a` and `b` characters are near.
pub fn limit(a: usize, b: usize, max: usize) -> usize {
    cap(a.min(b), max)
}

/// Levenshtein distance of `a` and `b` if it is at most `k`. Time O(min(|a|, |b|) · k).
pub fn bounded_distance(a: &[char], b: &[char], k: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    let k = k.min(n.max(m));
    if n.abs_diff(m) > k {
        return None;
    }
    let big = k + 1;
    // Cells outside the band |i - j| <= k hold `big`.
    let mut prev: Vec<usize> = (0..=m).map(|j| if j <= k { j } else { big }).collect();
    let mut cur = vec![big; m + 1];
    for i in 1..=n {
        let lo = i.saturating_sub(k);
        let hi = (i + k).min(m);
        let mut row_min = big;
        if lo == 0 {
            cur[0] = i;
            row_min = i;
        } else {
            cur[lo - 1] = big;
        }
        for j in lo.max(1)..=hi {
            let v = (prev[j - 1] + usize::from(a[i - 1] != b[j - 1]))
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(big);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if hi < m {
            cur[hi + 1] = big;
        }
        if row_min > k {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[m] <= k).then_some(prev[m])
}

/// Σ_{i ≤ t} C(n, i), saturating.
fn neighbourhood(n: usize, t: usize) -> usize {
    let mut total: usize = 0;
    let mut c: usize = 1; // C(n, i)
    for i in 0..=t.min(n) {
        total = total.saturating_add(c);
        c = c.saturating_mul(n - i) / (i + 1);
    }
    total
}

/// One indexed name.
struct Entry<'a> {
    name: &'a str,
    lower: Vec<char>,
    /// Characters of `name` as written (the limit counts these).
    chars: usize,
}

/// One trigram of an indexed name's prefix.
#[derive(Clone, Copy)]
struct GramEntry {
    gram: u64,
    len: u32,
    pos: u32,
    /// Its place in the name's trigrams ordered by rarity.
    rank: u32,
    id: u32,
}

/// A set of names to search for the nearest of a name. Built once; searched many times.
pub struct NearNames<'a> {
    max: usize,
    names: Vec<Entry<'a>>,
    /// Names of at most this many lower-case characters are found by their deletions.
    deletion_max: usize,
    /// Lower-case characters of the longest name.
    longest: usize,
    /// (hash of a deletion string, name id).
    deletions: Table,
    /// Trigram prefixes of the names that can be near a name longer than `deletion_max`,
    /// sorted by (gram, len).
    grams: Vec<GramEntry>,
    /// How many indexed names have each trigram.
    gram_count: HashMap<u64, u32>,
    hash: Poly,
}

impl<'a> NearNames<'a> {
    /// Indexes `names` (distinct) for near names at most `max` edits apart.
    pub fn new<I: IntoIterator<Item = &'a str>>(names: I, max: usize) -> NearNames<'a> {
        NearNames::with_budgets(names, max, NEIGHBOURHOOD_BUDGET, ENTRY_BUDGET)
    }

    /// [`NearNames::new`] with other budgets for the deletion filter: the most deletion strings
    /// of one name, the most entries in all (tests use 0 to send every name the trigram filter
    /// covers there; the answers are the same).
    pub fn with_budgets<I: IntoIterator<Item = &'a str>>(
        names: I,
        max: usize,
        neighbourhood_budget: usize,
        entry_budget: usize,
    ) -> NearNames<'a> {
        let names: Vec<Entry<'a>> = names
            .into_iter()
            .map(|name| Entry {
                name,
                lower: name.to_lowercase().chars().collect(),
                chars: name.chars().count(),
            })
            .collect();
        let hash = Poly::new();
        // A lower-cased name has at least as many characters as the name, so its limit is at
        // most `cap(lower length)`: the classes below depend on the lower-cased length only.
        let upper = |n: usize| cap(n, max);
        // Names no trigram bound covers (fewer than 3t + 3 characters) are always in the first
        // filter; longer ones while their neighbourhood is small and the entries fit.
        let forced = (0..16)
            .filter(|&n| n < Q * (upper(n) + 1))
            .max()
            .unwrap_or(0);
        let mut per_len: Vec<usize> = Vec::new();
        for e in &names {
            if e.lower.len() >= per_len.len() {
                per_len.resize(e.lower.len() + 1, 0);
            }
            per_len[e.lower.len()] += 1;
        }
        // Past the longest name nothing more is indexed: then every length is in the first
        // filter (a query too long to be near any name is answered at once).
        let mut deletion_max = usize::MAX;
        let mut total: usize = 0;
        for (n, &count) in per_len.iter().enumerate() {
            let v = neighbourhood(n, upper(n));
            total = total.saturating_add(count.saturating_mul(v));
            if n > forced && (v > neighbourhood_budget || total > entry_budget) {
                deletion_max = n - 1;
                break;
            }
        }
        let mut deletions: Vec<(u32, u32)> = Vec::new();
        let mut scratch = Vec::new();
        for (id, e) in names.iter().enumerate() {
            if e.lower.len() <= deletion_max {
                scratch.clear();
                hash.deletions(&e.lower, cap(e.chars, max), &mut scratch);
                scratch.sort_unstable();
                scratch.dedup_by_key(|(k, _)| *k);
                deletions.extend(scratch.iter().map(|&(k, _)| (k, id as u32)));
            }
        }
        let deletions = Table::new(deletions);

        // A name of at most `deletion_max` characters can be near a longer one only when its
        // length plus its limit passes `deletion_max`.
        let in_grams =
            |e: &Entry| e.lower.len() >= Q && e.lower.len() + cap(e.chars, max) > deletion_max;
        let mut gram_count: HashMap<u64, u32> = HashMap::new();
        for e in names.iter().filter(|e| in_grams(e)) {
            let mut gs: Vec<u64> = e.lower.windows(Q).map(pack).collect();
            gs.sort_unstable();
            gs.dedup();
            for g in gs {
                *gram_count.entry(g).or_default() += 1;
            }
        }
        let mut grams = Vec::new();
        for (id, e) in names.iter().enumerate().filter(|(_, e)| in_grams(e)) {
            let t = cap(e.chars, max);
            for (rank, (gram, pos)) in prefix(&e.lower, t, &gram_count).into_iter().enumerate() {
                grams.push(GramEntry {
                    gram,
                    len: e.lower.len() as u32,
                    pos: pos as u32,
                    rank: rank as u32,
                    id: id as u32,
                });
            }
        }
        grams.sort_unstable_by_key(|g| (g.gram, g.len));
        NearNames {
            max,
            longest: per_len.len().saturating_sub(1),
            names,
            deletion_max,
            deletions,
            grams,
            gram_count,
            hash,
        }
    }

    /// Names of at most this many lower-case characters are found through deletions, longer
    /// ones through trigrams (`usize::MAX`: every name).
    pub fn deletion_max(&self) -> usize {
        self.deletion_max
    }

    /// The indexed name nearest `query` among those `allowed` accepts (and other than `query`
    /// itself), with its distance: the smallest distance within the limit, the first name in
    /// byte order on ties. `allowed` is asked at most once a name.
    pub fn nearest(
        &self,
        query: &str,
        mut allowed: impl FnMut(&'a str) -> bool,
    ) -> Option<(&'a str, usize)> {
        let lower: Vec<char> = query.to_lowercase().chars().collect();
        let chars = query.chars().count();
        let qcap = cap(chars, self.max);
        let n = lower.len();
        if n > self.longest + qcap {
            return None;
        }
        let by_deletion = n <= self.deletion_max;
        let mut variants = Vec::new();
        if by_deletion {
            // Repeats of one (hash, deletions) are looked up once; a hash with two deletion
            // counts (a collision) is looked up with each.
            self.hash.deletions(&lower, qcap, &mut variants);
            variants.sort_unstable();
            variants.dedup();
        }
        // Each deletion string's entries, looked up once for all rounds.
        let hits: Vec<(u8, &[(u32, u32)])> = variants
            .iter()
            .map(|&(key, a)| (a, self.deletions.get(key)))
            .filter(|(_, found)| !found.is_empty())
            .collect();
        let by_gram = n >= Q && n + qcap > self.deletion_max;
        let tokens = if by_gram {
            prefix(&lower, qcap, &self.gram_count)
        } else {
            Vec::new()
        };

        let mut seen: HashSet<u32> = HashSet::new();
        let mut best: Option<(usize, &'a str)> = None;
        let mut measure = |id: u32, best: &mut Option<(usize, &'a str)>| {
            if !seen.insert(id) {
                return;
            }
            let e = &self.names[id as usize];
            if e.name == query || !allowed(e.name) {
                return;
            }
            let k = limit(chars, e.chars, self.max);
            if let Some(d) = bounded_distance(&lower, &e.lower, k)
                && best.is_none_or(|b| (d, e.name) < b)
            {
                *best = Some((d, e.name));
            }
        };
        for t in 0..=qcap {
            // Deletions: a string both reach with at most t deletions each.
            for &(a, found) in &hits {
                if usize::from(a) > t {
                    continue;
                }
                for &(_, id) in found {
                    // The deletions on the other side (the lengths differ by them); a hash
                    // collision can give anything, and is measured like any candidate.
                    let other = self.names[id as usize].lower.len();
                    let b = (other + usize::from(a)).checked_sub(n);
                    if b.is_some_and(|b| b <= t) {
                        measure(id, &mut best);
                    }
                }
            }
            // Trigrams: one of the first 3t + 1 of each, at positions at most t apart.
            for &(gram, pos) in tokens.iter().take(Q * t + 1) {
                for len in n.saturating_sub(t)..=n + t {
                    // Names the deletions found are not looked up again.
                    if by_deletion && len <= self.deletion_max {
                        continue;
                    }
                    let key = (gram, len as u32);
                    let from = self.grams.partition_point(|g| (g.gram, g.len) < key);
                    for g in &self.grams[from..] {
                        if (g.gram, g.len) != key {
                            break;
                        }
                        if g.rank as usize <= Q * t && (g.pos as usize).abs_diff(pos) <= t {
                            measure(g.id, &mut best);
                        }
                    }
                }
            }
            if let Some((d, _)) = best
                && d <= t
            {
                break;
            }
        }
        best.map(|(d, name)| (name, d))
    }
}

/// (key, value) pairs grouped by key: a counting sort on the key's top bits, so a lookup is one
/// index into `start` and a scan of a bucket of a few entries.
struct Table {
    bits: u32,
    /// `start[b]..start[b + 1]`: the entries of bucket b, sorted.
    start: Vec<u32>,
    entries: Vec<(u32, u32)>,
}

impl Table {
    fn new(pairs: Vec<(u32, u32)>) -> Table {
        // About four entries a bucket.
        let bits = (usize::BITS - (pairs.len() / 4).leading_zeros()).min(24);
        let buckets = 1usize << bits;
        let bucket = |k: u32| {
            if bits == 0 {
                0
            } else {
                (k >> (32 - bits)) as usize
            }
        };
        let mut start = vec![0u32; buckets + 1];
        for &(k, _) in &pairs {
            start[bucket(k) + 1] += 1;
        }
        for b in 0..buckets {
            start[b + 1] += start[b];
        }
        let mut next: Vec<u32> = start[..buckets].to_vec();
        let mut entries = vec![(0, 0); pairs.len()];
        for pair in pairs {
            let b = bucket(pair.0);
            entries[next[b] as usize] = pair;
            next[b] += 1;
        }
        for b in 0..buckets {
            entries[start[b] as usize..start[b + 1] as usize].sort_unstable();
        }
        Table {
            bits,
            start,
            entries,
        }
    }

    /// The entries with key `k`.
    fn get(&self, k: u32) -> &[(u32, u32)] {
        let b = if self.bits == 0 {
            0
        } else {
            (k >> (32 - self.bits)) as usize
        };
        let bucket = &self.entries[self.start[b] as usize..self.start[b + 1] as usize];
        let from = bucket.partition_point(|&(x, _)| x < k);
        let to = from + bucket[from..].partition_point(|&(x, _)| x == k);
        &bucket[from..to]
    }
}

/// Three characters as one number (21 bits each).
fn pack(w: &[char]) -> u64 {
    w.iter().fold(0, |acc, &c| (acc << 21) | u64::from(c))
}

/// The first 3t + 1 positional trigrams of `s`, rarest first (then by trigram and position).
fn prefix(s: &[char], t: usize, count: &HashMap<u64, u32>) -> Vec<(u64, usize)> {
    let mut tokens: Vec<(u32, u64, usize)> = s
        .windows(Q)
        .enumerate()
        .map(|(pos, w)| {
            let g = pack(w);
            (count.get(&g).copied().unwrap_or(0), g, pos)
        })
        .collect();
    tokens.sort_unstable();
    tokens.truncate(Q * t + 1);
    tokens.into_iter().map(|(_, g, pos)| (g, pos)).collect()
}

/// Polynomial hashing modulo 2^61 − 1 with a base drawn per process (so that no list of names
/// can be made to collide on purpose; a collision only adds a candidate to measure).
struct Poly {
    base: u64,
}

const P: u64 = (1 << 61) - 1;

fn mul(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    let s = (r as u64 & P) + (r >> 61) as u64;
    let s = (s & P) + (s >> 61);
    if s >= P { s - P } else { s }
}

fn add(a: u64, b: u64) -> u64 {
    let s = a + b;
    if s >= P { s - P } else { s }
}

impl Poly {
    fn new() -> Poly {
        let seed = std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64);
        Poly {
            base: (seed % (P - (1 << 32))) + (1 << 32),
        }
    }

    /// Pushes (hash, deletions) of every string made by deleting at most `t` characters of
    /// `s` (repeats included).
    fn deletions(&self, s: &[char], t: usize, out: &mut Vec<(u32, u8)>) {
        let n = s.len();
        let mut pre = Vec::with_capacity(n + 1);
        let mut pow = Vec::with_capacity(n + 1);
        pre.push(0);
        pow.push(1);
        for &c in s {
            pre.push(add(
                mul(*pre.last().expect("one"), self.base),
                u64::from(c) + 1,
            ));
            pow.push(mul(*pow.last().expect("one"), self.base));
        }
        let ctx = Ctx {
            pre: &pre,
            pow: &pow,
            n,
            t: t.min(n).min(u8::MAX as usize),
        };
        ctx.walk(0, 0, 0, 0, out);
    }
}

struct Ctx<'h> {
    pre: &'h [u64],
    pow: &'h [u64],
    n: usize,
    t: usize,
}

impl Ctx<'_> {
    /// Hash of s[i..j].
    fn sub(&self, i: usize, j: usize) -> u64 {
        add(self.pre[j], P - mul(self.pre[i], self.pow[j - i]))
    }

    /// `acc` hashes the `len` characters kept before `start`, `a` deletions made so far.
    fn walk(&self, start: usize, acc: u64, len: usize, a: usize, out: &mut Vec<(u32, u8)>) {
        let whole = add(mul(acc, self.pow[self.n - start]), self.sub(start, self.n));
        out.push((key(whole, len + self.n - start), a as u8));
        if a == self.t {
            return;
        }
        for p in start..self.n {
            let acc = add(mul(acc, self.pow[p - start]), self.sub(start, p));
            self.walk(p + 1, acc, len + p - start, a + 1, out);
        }
    }
}

/// A 32-bit key of a string from its hash and length.
fn key(hash: u64, len: usize) -> u32 {
    let x = (hash ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
        .wrapping_mul(0xd6e8_feb8_6659_fd93);
    (x >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn bounded() {
        let d = |a: &str, b: &str, k| bounded_distance(&chars(a), &chars(b), k);
        assert_eq!(d("kitten", "sitting", 3), Some(3));
        assert_eq!(d("kitten", "sitting", 2), None);
        assert_eq!(d("", "ab", 2), Some(2));
        assert_eq!(d("abc", "abc", 0), Some(0));
        assert_eq!(d("abc", "abd", 0), None);
        assert_eq!(d("ab", "ba", 5), Some(2));
    }

    #[test]
    fn neighbourhoods() {
        assert_eq!(neighbourhood(22, 2), 254);
        assert_eq!(neighbourhood(3, 5), 8);
        let mut out = Vec::new();
        Poly::new().deletions(&chars("abcd"), 2, &mut out);
        assert_eq!(out.len(), neighbourhood(4, 2));
    }

    #[test]
    fn nearest_by_distance_then_name() {
        let idx = NearNames::new(["Envoy Gateway", "Envoy Gatewax", "Kong", "Kuma"], 2);
        assert_eq!(
            idx.nearest("Envoy Gatway", |_| true),
            Some(("Envoy Gateway", 1))
        );
        assert_eq!(
            idx.nearest("Envoy Gatewaz", |_| true),
            Some(("Envoy Gatewax", 1))
        );
        assert_eq!(idx.nearest("Kong", |_| true), None);
        assert_eq!(
            idx.nearest("Envoy Gatewaz", |n| n != "Envoy Gatewax"),
            Some(("Envoy Gateway", 1))
        );
    }
}
