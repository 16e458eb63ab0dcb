//! The server's shape, checked: the services import each other without a cycle (shared pieces
//! live in leaf modules, use cases on top), no function runs over 80 lines and no file over 600
//! lines of non-test code anywhere in `crates/*/src`.
//!
//! The source is read as `cargo fmt` leaves it (which the test command checks first): a
//! function ends at the first line that closes its brace at its own indentation, and a file's
//! tests begin at its top-level `#[cfg(test)]`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FN_LINES: usize = 80;
const MAX_FILE_LINES: usize = 600;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every `.rs` file under `crates/*/src`.
fn sources() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let crates = std::fs::read_dir(workspace().join("crates"));
    for c in crates.into_iter().flatten().flatten() {
        rust_files(&c.path().join("src"), &mut out);
    }
    out.sort();
    assert!(out.len() > 50, "found the sources ({})", out.len());
    out
}

/// The lines before the file's top-level test module (all of them in a `tests.rs` file).
fn non_test_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    assert!(!text.is_empty(), "{} is readable", path.display());
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return Vec::new();
    }
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .map(str::to_owned)
        .collect()
}

/// `(name, first line, length)` of each function with a body.
fn functions(lines: &[String]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let Some(rest) = strip_fn_keywords(trimmed) else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // The signature ends at the body's `{` or, for a declaration, at `;`.
        let Some(open) = (i..lines.len()).find(|&j| {
            let l = lines[j].trim_end();
            l.ends_with('{') || l.ends_with(';') || l.ends_with('}')
        }) else {
            continue;
        };
        let sig_end = lines[open].trim_end();
        if sig_end.ends_with(';') {
            continue;
        }
        if sig_end.ends_with('}') {
            out.push((name, i + 1, open - i + 1));
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = (open + 1..lines.len()).find(|&j| lines[j] == close) {
            out.push((name, i + 1, end - i + 1));
        }
    }
    out
}

fn strip_fn_keywords(s: &str) -> Option<&str> {
    let mut s = s;
    for kw in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
    ] {
        s = s.strip_prefix(kw).unwrap_or(s);
    }
    s.strip_prefix("fn ")
}

fn relative(p: &Path) -> String {
    p.strip_prefix(workspace())
        .unwrap_or(p)
        .display()
        .to_string()
}

#[test]
fn no_function_runs_over_80_lines_and_no_file_over_600() {
    let mut long = Vec::new();
    for path in sources() {
        let lines = non_test_lines(&path);
        if lines.len() > MAX_FILE_LINES {
            long.push(format!(
                "{}: {} lines of non-test code",
                relative(&path),
                lines.len()
            ));
        }
        for (name, at, len) in functions(&lines) {
            if len > MAX_FN_LINES {
                long.push(format!(
                    "{}:{at}: fn {name} has {len} lines",
                    relative(&path)
                ));
            }
        }
    }
    assert!(long.is_empty(), "too long:\n{}", long.join("\n"));
}

#[test]
fn the_measure_of_functions_is_right() {
    let src: Vec<String> =
        "fn a() {}\npub async fn b(\n    x: u8,\n) -> u8 {\n    x\n}\n    fn c();\n"
            .lines()
            .map(str::to_owned)
            .collect();
    assert_eq!(
        functions(&src),
        vec![("a".to_owned(), 1, 1), ("b".to_owned(), 2, 5)]
    );
}

/// The service modules each service module refers to.
fn service_imports() -> BTreeMap<String, BTreeSet<String>> {
    let dir = workspace().join("crates/server/src/services");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let name_of = |p: &Path| {
        let rel = p.strip_prefix(&dir).unwrap_or(p);
        let first = rel.iter().next().map(|s| s.to_string_lossy().into_owned());
        first.unwrap_or_default().trim_end_matches(".rs").to_owned()
    };
    let modules: BTreeSet<String> = files
        .iter()
        .map(|p| name_of(p))
        .filter(|m| m != "mod")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &files {
        let me = name_of(path);
        if me == "mod" {
            continue;
        }
        let text = non_test_lines(path).join("\n");
        let refs = graph.entry(me.clone()).or_default();
        for prefix in ["services::", "super::"] {
            for (at, _) in text.match_indices(prefix) {
                let after = &text[at + prefix.len()..];
                // `services::{a, b::C}` or `services::a`
                let names: Vec<&str> = if let Some(group) = after.strip_prefix('{') {
                    let inner = &group[..group.find('}').unwrap_or(group.len())];
                    inner
                        .split(',')
                        .map(|n| n.trim().split("::").next().unwrap_or_default())
                        .collect()
                } else {
                    vec![
                        after
                            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .next()
                            .unwrap_or_default(),
                    ]
                };
                for n in names {
                    let n = n.trim_start_matches("self").trim();
                    if modules.contains(n) && n != me {
                        refs.insert(n.to_owned());
                    }
                }
            }
        }
    }
    graph
}

/// A cycle in `graph`, if there is one, as the path that closes it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|n| n == node) {
            let mut cycle = path[i..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, done, path) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut done, &mut Vec::new()))
}

#[test]
fn the_services_import_each_other_without_a_cycle() {
    let graph = service_imports();
    assert!(graph.len() >= 10, "found the services: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "services import each other in a circle: {}",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn a_cycle_is_found_when_there_is_one() {
    let g = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry((*a).to_owned())
                .or_default()
                .insert((*b).to_owned());
            g.entry((*b).to_owned()).or_default();
        }
        g
    };
    assert_eq!(find_cycle(&g(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(
        find_cycle(&g(&[("a", "b"), ("b", "c"), ("c", "a")])),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
