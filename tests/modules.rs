//! The crate's top-level modules depend on each other one way: no cycles.
//!
//! Reads `src/**/*.rs`, takes every `crate::NAME` path outside comments
//! (including `crate::{a, b}` groups), and counts one edge from the
//! top-level module of the file to the top-level module `NAME` when they
//! differ. `src/lib.rs` (the root, which re-exports) is not counted.
//! Across modules the crate writes `crate::` paths; `super::` stays
//! inside a top-level module, which the test also checks.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Where an edge was first seen: a file and a line.
type Site = (PathBuf, usize);

/// The `.rs` files under `dir`, recursively, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The top-level module a file belongs to: `src/plan/spec.rs` → `plan`,
/// `src/exact.rs` → `exact`; `None` for `src/lib.rs`.
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?;
    match first.strip_suffix(".rs") {
        Some("lib") => None,
        Some(stem) => Some(stem.to_owned()),
        None => Some(first.to_owned()),
    }
}

/// The line without its `//` comment (doc comments included). A `//`
/// inside a string literal cuts the line short, which can only hide a
/// path, never invent one.
fn code(line: &str) -> &str {
    line.find("//").map_or(line, |i| &line[..i])
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The module names a `crate::` path at the start of `rest` names: one
/// for `crate::name`, each group member's first segment for
/// `crate::{a::x, b}`.
fn named(rest: &str) -> Vec<String> {
    if let Some(group) = rest.strip_prefix('{') {
        let mut names = Vec::new();
        let mut depth = 0;
        let mut item_start = true;
        let mut current = String::new();
        for c in group.chars() {
            if depth == 0 && item_start {
                if is_ident(c) {
                    current.push(c);
                    continue;
                }
                if !current.is_empty() {
                    names.push(std::mem::take(&mut current));
                    item_start = false;
                }
            }
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => item_start = true,
                _ => {}
            }
        }
        if !current.is_empty() {
            names.push(current);
        }
        names
    } else {
        let name: String = rest.chars().take_while(|&c| is_ident(c)).collect();
        vec![name]
    }
}

/// Top-level module → the modules it names, each with where it was first
/// named.
fn dependencies(src: &Path) -> BTreeMap<String, BTreeMap<String, Site>> {
    let files = rust_files(src);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| top_module(src, f)).collect();
    let mut deps: BTreeMap<String, BTreeMap<String, Site>> = modules
        .iter()
        .map(|m| (m.clone(), BTreeMap::new()))
        .collect();
    for file in &files {
        let Some(from) = top_module(src, file) else {
            continue;
        };
        // Code only, joined so that a `use crate::{…}` group may span lines;
        // each character remembers its line.
        let text = fs::read_to_string(file).unwrap();
        let mut joined = String::new();
        let mut line_of = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let c = code(line);
            assert!(
                !c.contains("super::super::"),
                "{}:{}: `super::super::` may leave the module; write a `crate::` path",
                file.display(),
                n + 1
            );
            for _ in c.chars() {
                line_of.push(n + 1);
            }
            joined.push_str(c);
            joined.push(' ');
            line_of.push(n + 1);
        }
        let chars: Vec<(usize, char)> = joined.char_indices().collect();
        for (k, (i, _)) in chars.iter().enumerate() {
            let rest = &joined[*i..];
            let Some(path) = rest.strip_prefix("crate::") else {
                continue;
            };
            let preceded_by_ident = k > 0 && is_ident(chars[k - 1].1);
            if preceded_by_ident {
                continue; // `foo_crate::`, not the crate root
            }
            for name in named(path) {
                if name != from && modules.contains(&name) {
                    deps.get_mut(&from)
                        .unwrap()
                        .entry(name)
                        .or_insert_with(|| (file.clone(), line_of[k]));
                }
            }
        }
    }
    deps
}

/// A cycle, as the modules on it with the first module repeated last.
fn find_cycle(deps: &BTreeMap<String, BTreeMap<String, Site>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        m: &str,
        deps: &BTreeMap<String, BTreeMap<String, Site>>,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(m.to_owned(), Mark::Open);
        stack.push(m.to_owned());
        for next in deps[m].keys() {
            match marks.get(next) {
                Some(Mark::Open) => {
                    let at = stack.iter().position(|s| s == next).unwrap();
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(Mark::Done) => {}
                None => {
                    if let Some(c) = visit(next, deps, marks, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        marks.insert(m.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for m in deps.keys() {
        if !marks.contains_key(m) {
            if let Some(c) = visit(m, deps, &mut marks, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

/// The dependency table, one module a line: `plan -> error money …`.
fn table(deps: &BTreeMap<String, BTreeMap<String, Site>>) -> String {
    deps.iter()
        .map(|(m, to)| {
            let names: Vec<&str> = to.keys().map(String::as_str).collect();
            format!("{m} -> {}\n", names.join(" "))
        })
        .collect()
}

#[test]
fn module_dependencies_have_no_cycle() {
    let src = crate::root("src");
    let deps = dependencies(&src);
    if let Some(cycle) = find_cycle(&deps) {
        let sites: Vec<String> = cycle
            .windows(2)
            .map(|w| {
                let (file, line) = &deps[&w[0]][&w[1]];
                let file = file.strip_prefix(&src).unwrap_or(file);
                format!("  {} -> {}: src/{}:{line}", w[0], w[1], file.display())
            })
            .collect();
        panic!(
            "module dependency cycle: {}\n{}\n\nall dependencies:\n{}",
            cycle.join(" -> "),
            sites.join("\n"),
            table(&deps)
        );
    }
}

#[test]
fn the_check_sees_paths_and_groups() {
    assert_eq!(named("plan::Plan;"), ["plan"]);
    assert_eq!(
        named("{error::{Error, Result}, money::Currency};"),
        ["error", "money"]
    );
    assert_eq!(named("{self, x}"), ["self", "x"]);
    let deps = dependencies(&crate::root("src"));
    // Known edges of the layering: the program reads the plan and writes
    // statements; nothing below the program names it.
    assert!(deps["program"].contains_key("plan"));
    assert!(deps["program"].contains_key("statement"));
    assert!(!deps["plan"].contains_key("program"));
    assert!(!deps["statement"].contains_key("program"));
    let looped = BTreeMap::from([
        (
            "a".to_owned(),
            BTreeMap::from([("b".to_owned(), (PathBuf::new(), 1))]),
        ),
        (
            "b".to_owned(),
            BTreeMap::from([("a".to_owned(), (PathBuf::new(), 1))]),
        ),
    ]);
    assert_eq!(find_cycle(&looped).unwrap(), ["a", "b", "a"]);
}
