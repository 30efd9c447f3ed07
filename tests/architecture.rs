//! The library's layers, checked from its source: no module imports from a layer above
//! its own, and no folder's files import each other in a cycle. Reads `src/**/*.rs`
//! (the library only: `main.rs`, `cli/` and `bin/` use the public API) and follows every
//! `crate::X` and `super::X` path outside `#[cfg(test)]` code.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's top-level modules, lowest layer first: each may import only from its
/// own layer and those before it. The data flows input -> model -> store -> build ->
/// checks -> report -> render; the imports go the other way round the vocabulary:
/// `report` holds the Finding/Code/Role types and the report builder, below everything
/// that produces findings. `build` proposes paths and asks an abstract judge
/// (`PathJudge`) about them, so it imports no rule; `checks` (the evaluator) implements
/// the judge, and `verifier` wires the two together.
const LAYERS: &[&str] = &[
    "wording", "cache", "names", "model", "input", "policy", "store", "crypto", "report", "build",
    "checks", "verifier", "batch", "inspect", "online", "render", "connect", "serve",
];

/// Facades that only re-export: they may name any module.
const FACADES: &[&str] = &["lib", "limits"];

/// Not part of the library: they use `certchain::` like any user.
const OUTSIDE: &[&str] = &["main", "cli", "bin"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without its test modules (everything from the first `#[cfg(test)] mod`
/// on: certchain keeps them at the end) and without comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    text.lines()
        .map(|l| match l.trim_start() {
            t if t.starts_with("//") => "",
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Identifiers that follow `prefix` (`crate::` or `super::`), including each name of a
/// `prefix{a, b::c}` group.
fn targets(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        // skip `crate::` inside a longer identifier, e.g. `mycrate::`
        let before = rest[..i].chars().next_back();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// The top-level module of a file under `src/`: `checks` for `src/checks/ca.rs`,
/// `verifier` for `src/verifier.rs`.
fn top_level(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn library_files() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let rel = f.strip_prefix(&src).unwrap().to_path_buf();
            let top = top_level(&rel);
            (rel, top)
        })
        .filter(|(_, top)| !OUTSIDE.contains(&top.as_str()))
        .collect()
}

#[test]
fn every_module_is_in_a_layer() {
    for (rel, top) in library_files() {
        assert!(
            LAYERS.contains(&top.as_str()) || FACADES.contains(&top.as_str()),
            "src/{}: module `{top}` is in no layer of tests/architecture.rs",
            rel.display()
        );
    }
}

#[test]
fn no_module_imports_from_a_later_layer() {
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut wrong = Vec::new();
    for (rel, top) in library_files() {
        let Some(own) = rank(&top) else { continue };
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(&rel);
        for target in targets(&code(&src), "crate::") {
            match rank(&target) {
                Some(r) if r > own => wrong.push(format!(
                    "src/{} ({top}) imports crate::{target}, a later layer",
                    rel.display()
                )),
                None if FACADES.contains(&target.as_str()) => wrong.push(format!(
                    "src/{} ({top}) imports the facade crate::{target}; import the module itself",
                    rel.display()
                )),
                _ => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the flow:\n{}",
        wrong.join("\n")
    );
}

/// Within each folder, the files (siblings reached with `super::X`) import each other
/// without a cycle.
#[test]
fn no_cycle_between_the_files_of_a_folder() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // folder -> file stem -> the sibling stems it names
    let mut graphs: BTreeMap<PathBuf, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (rel, _) in library_files() {
        let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) else {
            continue;
        };
        let stem = rel.file_stem().unwrap().to_string_lossy().to_string();
        if stem == "mod" {
            continue; // the folder's root declares and re-exports its files
        }
        let used = targets(&code(&src.join(&rel)), "super::");
        graphs
            .entry(parent.to_path_buf())
            .or_default()
            .insert(stem, used);
    }
    for (folder, graph) in graphs {
        // depth-first search for a back edge
        fn visit(
            n: &str,
            g: &BTreeMap<String, BTreeSet<String>>,
            stack: &mut Vec<String>,
            done: &mut BTreeSet<String>,
        ) -> Option<Vec<String>> {
            if let Some(i) = stack.iter().position(|s| s == n) {
                let mut cycle = stack[i..].to_vec();
                cycle.push(n.to_string());
                return Some(cycle);
            }
            if !done.insert(n.to_string()) {
                return None;
            }
            stack.push(n.to_string());
            for m in g
                .get(n)
                .into_iter()
                .flatten()
                .filter(|m| g.contains_key(*m))
            {
                if let Some(c) = visit(m, g, stack, done) {
                    return Some(c);
                }
            }
            stack.pop();
            None
        }
        let mut done = BTreeSet::new();
        for n in graph.keys() {
            let mut stack = Vec::new();
            if let Some(cycle) = visit(n, &graph, &mut stack, &mut done) {
                panic!(
                    "src/{}: the files import each other in a cycle: {}",
                    folder.display(),
                    cycle.join(" -> ")
                );
            }
        }
    }
}

#[test]
fn the_parser_of_this_test_sees_imports() {
    let t = targets(
        "use crate::model::{Certificate};\nuse crate::{input, report::Role};\nmycrate::x; crate::store::TrustStore",
        "crate::",
    );
    let want: BTreeSet<String> = ["model", "input", "report", "store"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(t, want);
}
