//! The module graph of `src/`, read with `syn` (a Rust parser, not patterns over text): every
//! path one file names in another — `use` trees, paths in code and types, paths inside macro
//! calls — resolved through `use` aliases and `pub use` re-exports to the file that defines the
//! item. Items under `#[cfg(test)]` and `tests` modules are left out (a test may reach
//! anything). `main.rs` is the binary, a crate of its own on top.
//!
//! Two rules, both checked over the real tree and shown to fail on an injected breach:
//! - **no circle**: no group of files that reach each other — but for a file naming its own
//!   enclosing module (`super::…`): a module split over files is one module (see
//!   [`circle_edges`]);
//! - **every arrow points down**: each file sits in one layer of [`LAYERS`] and names only
//!   files of its own layer or the layers below it.
//!
//! Why `syn` rather than the compiler's own graph: rustc does not print a module-level
//! dependency graph on stable, and `syn` parses exactly what rustc parses (strings, comments,
//! raw strings and doc attributes can no longer hide or forge a path, which is how the old
//! regex script missed a six-file circle).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// The layers of the crate, lowest first. A module belongs to the first entry whose path is a
/// prefix of its own; each may name modules of its own layer or lower ones only.
const LAYERS: &[&[&str]] = &[
    // 0 leaves, naming nothing of the crate: bytes to text and digests, comrak configured once,
    // slugs, the CSV export format, diagnostics, error codes, path confinement, nouns and plurals
    &[
        "text",
        "markdown",
        "slug",
        "csv_format",
        "diag",
        "error",
        "confine",
        "nouns",
    ],
    // 1 the data (the model, the site configuration) and the one writer, which takes files and
    //   knows nothing of the model
    &["model", "config", "write"],
    // 2 read: files of content/ and their sources
    &["load"],
    // 3 parse: markdown tables into the model
    &["parse"],
    // 4 the read stage in one call
    &["site"],
    // 5 analyse: identity, diffs, histories, counts (data only)
    &["analyse"],
    // 6 present: wording, charts, pages
    &["present"],
    // 7 the pipeline façade: read → analyse → present → write
    &["pipeline"],
    // 8 authoring and importing (formatting, scaffolding, importers and their configuration)
    &["authoring", "import"],
    // 9 the whole schema of site.yaml: the site's keys and the importers' section
    &["schema"],
    // 10 the commands, thin
    &["commands"],
];

type Module = Vec<String>;

fn name(m: &Module) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

/// One source file: its module path and parsed syntax.
struct Source {
    module: Module,
    file: syn::File,
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| match &a.meta {
        syn::Meta::List(l) if l.path.is_ident("cfg") => {
            let t = l.tokens.to_string();
            t == "test" || t.starts_with("test ") || t.contains("test,") || t.ends_with(", test")
        }
        _ => false,
    })
}

/// Reads every module file reachable from `lib.rs` through `mod x;` items, skipping modules
/// declared under `#[cfg(test)]`.
fn read_tree(src: &Path) -> Vec<Source> {
    let mut out = Vec::new();
    let mut todo = vec![(Vec::new(), src.join("lib.rs"))];
    while let Some((module, path)) = todo.pop() {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let dir: PathBuf = if module.is_empty() || path.file_name().is_some_and(|n| n == "mod.rs") {
            path.parent().unwrap().to_path_buf()
        } else {
            path.with_extension("")
        };
        for item in &file.items {
            if let syn::Item::Mod(m) = item
                && m.content.is_none()
                && !is_cfg_test(&m.attrs)
            {
                let n = m.ident.to_string();
                let flat = dir.join(format!("{n}.rs"));
                let nested = dir.join(&n).join("mod.rs");
                let child = if flat.exists() { flat } else { nested };
                let mut cm = module.clone();
                cm.push(n);
                todo.push((cm, child));
            }
        }
        out.push(Source { module, file });
    }
    out.sort_by(|a, b| a.module.cmp(&b.module));
    out
}

/// What one file names: raw paths (as segments) in the scope they were written in, and the
/// names its `use` items bind.
#[derive(Default)]
struct Names {
    /// (scope, segments) of every path written.
    paths: Vec<(Module, Vec<String>)>,
    /// (scope, bound name, segments it stands for).
    binds: Vec<(Module, String, Vec<String>)>,
}

struct Collector {
    scope: Module,
    names: Names,
}

impl Collector {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.clone();
                let bound = n.ident.to_string();
                let bound = if bound == "self" {
                    full.last().cloned().unwrap_or_default()
                } else {
                    full.push(bound.clone());
                    bound
                };
                self.names.paths.push((self.scope.clone(), full.clone()));
                self.names.binds.push((self.scope.clone(), bound, full));
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                if r.ident != "self" {
                    full.push(r.ident.to_string());
                }
                self.names.paths.push((self.scope.clone(), full.clone()));
                self.names
                    .binds
                    .push((self.scope.clone(), r.rename.to_string(), full));
            }
            syn::UseTree::Glob(_) => {
                self.names.paths.push((self.scope.clone(), prefix.clone()));
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }

    /// Paths inside a macro's tokens (`format!("{}", crate::x::y())`, `matches!(v, super::A)`):
    /// every run of `ident :: ident …`.
    fn tokens(&mut self, tokens: proc_macro2::TokenStream) {
        let mut run: Vec<String> = Vec::new();
        let mut colons = 0;
        let flush = |run: &mut Vec<String>, names: &mut Names, scope: &Module| {
            if run.len() > 1 {
                names.paths.push((scope.clone(), std::mem::take(run)));
            }
            run.clear();
        };
        for tt in tokens {
            match tt {
                proc_macro2::TokenTree::Ident(i) => {
                    if colons == 2 || run.is_empty() {
                        run.push(i.to_string());
                    } else {
                        flush(&mut run, &mut self.names, &self.scope);
                        run.push(i.to_string());
                    }
                    colons = 0;
                }
                proc_macro2::TokenTree::Punct(p) if p.as_char() == ':' => colons += 1,
                proc_macro2::TokenTree::Group(g) => {
                    flush(&mut run, &mut self.names, &self.scope);
                    colons = 0;
                    self.tokens(g.stream());
                }
                _ => {
                    flush(&mut run, &mut self.names, &self.scope);
                    colons = 0;
                }
            }
        }
        flush(&mut run, &mut self.names, &self.scope);
    }
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match i {
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Impl(m) => &m.attrs,
            syn::Item::Use(m) => &m.attrs,
            syn::Item::Struct(m) => &m.attrs,
            syn::Item::Enum(m) => &m.attrs,
            syn::Item::Const(m) => &m.attrs,
            syn::Item::Static(m) => &m.attrs,
            syn::Item::Trait(m) => &m.attrs,
            syn::Item::Type(m) => &m.attrs,
            syn::Item::Macro(m) => &m.attrs,
            _ => &[],
        };
        if is_cfg_test(attrs) {
            return;
        }
        syn::visit::visit_item(self, i);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if m.content.is_some() {
            self.scope.push(m.ident.to_string());
            syn::visit::visit_item_mod(self, m);
            self.scope.pop();
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let mut prefix = Vec::new();
        self.use_tree(&mut prefix, &u.tree);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segs: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        self.names.paths.push((self.scope.clone(), segs));
        syn::visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.visit_path(&m.path);
        self.tokens(m.tokens.clone());
    }
}

/// The crate's module graph: an edge A → B for each file A that names an item of file B.
struct Graph {
    modules: BTreeSet<Module>,
    edges: BTreeMap<Module, BTreeSet<Module>>,
}

fn graph(src: &Path) -> Graph {
    let sources = read_tree(src);
    let modules: BTreeSet<Module> = sources.iter().map(|s| s.module.clone()).collect();
    let mut collected: BTreeMap<Module, Names> = BTreeMap::new();
    for s in &sources {
        let mut c = Collector {
            scope: s.module.clone(),
            names: Names::default(),
        };
        c.visit_file(&s.file);
        collected.insert(s.module.clone(), c.names);
    }
    // (scope, bound name) → the path the `use` wrote
    let mut binds: HashMap<(Module, String), Vec<String>> = HashMap::new();
    for names in collected.values() {
        for (scope, bound, full) in &names.binds {
            binds.insert((scope.clone(), bound.clone()), full.clone());
        }
    }
    let r = Resolver {
        modules: &modules,
        binds: &binds,
    };
    let file_of = |scope: &Module| -> Module {
        let mut m = scope.clone();
        while !modules.contains(&m) {
            m.pop();
        }
        m
    };
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, names) in &collected {
        let out = edges.entry(module.clone()).or_default();
        for (scope, segs) in &names.paths {
            if let Some(target) = r.resolve(scope, segs, 0) {
                let target = file_of(&target);
                if &target != module && !target.is_empty() {
                    out.insert(target);
                }
            }
        }
    }
    Graph { modules, edges }
}

struct Resolver<'a> {
    modules: &'a BTreeSet<Module>,
    binds: &'a HashMap<(Module, String), Vec<String>>,
}

impl Resolver<'_> {
    /// The module (possibly an inline one) that defines what `segs`, written in `scope`, names;
    /// `None` for paths outside the crate (std, dependencies, local variables).
    fn resolve(&self, scope: &Module, segs: &[String], depth: usize) -> Option<Module> {
        if depth > 8 || segs.is_empty() {
            return None;
        }
        let (mut cur, rest): (Module, &[String]) = match segs[0].as_str() {
            "crate" => (Vec::new(), &segs[1..]),
            "self" => (scope.clone(), &segs[1..]),
            "super" => {
                let mut cur = scope.clone();
                let mut i = 0;
                while segs.get(i).is_some_and(|s| s == "super") {
                    cur.pop();
                    i += 1;
                }
                (cur, &segs[i..])
            }
            first => {
                // a child module of this scope, or a name a `use` in this scope binds
                let mut child = scope.clone();
                child.push(first.to_string());
                if self.modules.contains(&child) {
                    (child, &segs[1..])
                } else if let Some(full) = self.binds.get(&(scope.clone(), first.to_string())) {
                    let mut joined = full.clone();
                    joined.extend(segs[1..].iter().cloned());
                    // `use` paths are relative to the scope that wrote them
                    return self.resolve(scope, &joined, depth + 1);
                } else {
                    return None;
                }
            }
        };
        // walk down through modules; the first segment that is not a module is an item of `cur`,
        // which may itself be a re-export (`pub use`) of another module's item
        for (i, seg) in rest.iter().enumerate() {
            let mut next = cur.clone();
            next.push(seg.clone());
            if self.modules.contains(&next) {
                cur = next;
                continue;
            }
            if let Some(full) = self.binds.get(&(cur.clone(), seg.clone()))
                && &cur != scope
            {
                let mut joined = full.clone();
                joined.extend(rest[i + 1..].iter().cloned());
                return self.resolve(&cur, &joined, depth + 1).or(Some(cur));
            }
            return Some(cur);
        }
        Some(cur)
    }
}

fn layer_of(m: &Module) -> Option<usize> {
    let n = name(m);
    LAYERS.iter().position(|layer| {
        layer
            .iter()
            .any(|p| n == *p || n.starts_with(&format!("{p}::")))
    })
}

/// Whether `a` is one of `m`'s enclosing modules (`parse` for `parse::shape`).
fn encloses(a: &Module, m: &Module) -> bool {
    a.len() < m.len() && m[..a.len()] == a[..]
}

/// The arrows the circle rule reads: every arrow but a file's to its own enclosing module. A
/// part of a module split over files (`parse/shape.rs`) uses what the module shares
/// (`super::…`), as the parent declares and uses its parts; that pair is one module, not two in
/// a circle. Circles among the parts of one module, and between modules, are all read.
fn circle_edges<'a>(g: &'a Graph, m: &'a Module) -> impl Iterator<Item = &'a Module> {
    g.edges
        .get(m)
        .into_iter()
        .flatten()
        .filter(move |t| !encloses(t, m))
}

/// Groups of more than one module that reach each other (Tarjan), over [`circle_edges`].
fn circles(g: &Graph) -> Vec<Vec<Module>> {
    struct T<'a> {
        g: &'a Graph,
        index: HashMap<&'a Module, usize>,
        low: HashMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on: BTreeSet<&'a Module>,
        out: Vec<Vec<Module>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a Module) {
        let i = t.index.len();
        t.index.insert(v, i);
        t.low.insert(v, i);
        t.stack.push(v);
        t.on.insert(v);
        let g = t.g;
        for w in circle_edges(g, v) {
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g,
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for m in &g.modules {
        if !t.index.contains_key(m) {
            visit(&mut t, m);
        }
    }
    t.out
}

/// Every breach of the two rules, as lines a reader can act on.
fn breaches(g: &Graph) -> Vec<String> {
    let mut out = Vec::new();
    for comp in circles(g) {
        let mut line = format!(
            "circle: {}",
            comp.iter().map(name).collect::<Vec<_>>().join(", ")
        );
        for a in &comp {
            for b in circle_edges(g, a) {
                if comp.contains(b) {
                    line.push_str(&format!("\n  {} -> {}", name(a), name(b)));
                }
            }
        }
        out.push(line);
    }
    for m in &g.modules {
        if m.is_empty() {
            continue;
        }
        let Some(from) = layer_of(m) else {
            out.push(format!("{} is in no layer of LAYERS", name(m)));
            continue;
        };
        for t in g.edges.get(m).into_iter().flatten() {
            if let Some(to) = layer_of(t)
                && to > from
            {
                out.push(format!(
                    "arrow up: {} (layer {from}) -> {} (layer {to})",
                    name(m),
                    name(t)
                ));
            }
        }
    }
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_circle_and_every_arrow_points_down() {
    let g = graph(&src());
    assert!(g.modules.len() > 50, "read {} modules", g.modules.len());
    let b = breaches(&g);
    assert!(b.is_empty(), "{}", b.join("\n"));
}

/// A copy of `src/` with `extra` appended to the file `file`.
fn tree_with(file: &str, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir(&src()) {
        let rel = entry.strip_prefix(src()).unwrap();
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &to).unwrap();
    }
    let p = dir.path().join(file);
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str(extra);
    std::fs::write(&p, text).unwrap();
    dir
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn an_injected_circle_is_caught() {
    // `import::generated` names the model; the model naming `import::generated` closes a circle (and
    // runs up from layer 1 to layer 8).
    let dir = tree_with(
        "model.rs",
        "\npub fn injected() -> usize { crate::import::generated::refuse_links as usize }\n",
    );
    let b = breaches(&graph(dir.path()));
    assert!(
        b.iter().any(|l| l.starts_with("circle:")
            && l.contains("import::generated")
            && l.contains("model")),
        "{b:#?}"
    );
}

#[test]
fn a_path_hidden_from_text_patterns_is_still_read() {
    // The old script stripped `//…` before strings, so a URL in a string hid the rest of the
    // file; a `use` after one, and a path inside a macro call, are both edges.
    let dir = tree_with(
        "config/vocab.rs",
        "\nconst _URL: &str = \"https://example.com/\";\nuse crate::present::urls as _u;\n\
         fn _m() -> String { format!(\"{}\", crate::pipeline::render as usize) }\n",
    );
    let b = breaches(&graph(dir.path()));
    assert!(
        b.iter()
            .any(|l| l == "arrow up: config::vocab (layer 1) -> present::urls (layer 6)"),
        "{b:#?}"
    );
    assert!(
        b.iter()
            .any(|l| l == "arrow up: config::vocab (layer 1) -> pipeline (layer 7)"),
        "{b:#?}"
    );
}

#[test]
fn aliases_and_reexports_are_followed() {
    // `use crate::import::generated;` then `write::digest(…)` names import::generated, not import.
    let dir = tree_with(
        "load.rs",
        "\nuse crate::analyse::stats as st;\nfn _s() -> usize { st::counts_as_complete as usize }\n",
    );
    let b = breaches(&graph(dir.path()));
    assert!(
        b.iter()
            .any(|l| l == "arrow up: load (layer 2) -> analyse::stats (layer 5)"),
        "{b:#?}"
    );
}

#[test]
fn a_circle_among_the_parts_of_one_module_is_caught() {
    // `parse/attributes.rs` names `parse/table.rs`; the table naming the attributes back is a
    // circle inside `parse/`, which the enclosing-module allowance does not cover.
    let dir = tree_with(
        "parse/table.rs",
        "\nfn _injected() -> usize { super::attributes::is_attribute as usize }\n",
    );
    let b = breaches(&graph(dir.path()));
    assert!(
        b.iter()
            .any(|l| l.starts_with("circle: parse::attributes, parse::table")),
        "{b:#?}"
    );
}

#[test]
fn a_part_naming_its_own_module_is_no_circle() {
    // `parse/mod.rs` naming its part `attributes` and the part naming `super::…` is one module
    // split over files: both arrows are read, and neither is a circle.
    let dir = tree_with(
        "parse/mod.rs",
        "\nfn _whole() -> usize { attributes::columns as usize }\n",
    );
    let p = dir.path().join("parse/attributes.rs");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str("\nfn _part() -> usize { super::snapshot as usize }\n");
    std::fs::write(&p, text).unwrap();
    let g = graph(dir.path());
    let part = vec!["parse".to_string(), "attributes".to_string()];
    let whole = vec!["parse".to_string()];
    assert!(g.edges.get(&part).is_some_and(|e| e.contains(&whole)));
    assert!(g.edges.get(&whole).is_some_and(|e| e.contains(&part)));
    let b = breaches(&g);
    assert!(b.iter().all(|l| !l.starts_with("circle:")), "{b:#?}");
}
