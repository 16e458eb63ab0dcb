//! The message files are complete: every language has every message of English with the same
//! attributes and variables, and every id the code and the templates name exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::*;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Message id (or `id.attribute`) → the variables it uses.
type Catalog = BTreeMap<String, BTreeSet<String>>;

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

fn variables_of(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            variables_in(expression, out);
        }
    }
}

fn variables_in(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for v in variants {
                variables_of(&v.value, out);
            }
        }
        Expression::Inline(i) => inline_variables(i, out),
    }
}

fn inline_variables(i: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_variables(a, out);
            }
        }
        InlineExpression::Placeable { expression } => variables_in(expression, out),
        _ => {}
    }
}

fn catalog(locale: Locale) -> Catalog {
    let mut files = Vec::new();
    files_under(
        &Path::new(ROOT).join("locales").join(locale.as_str()),
        "ftl",
        &mut files,
    );
    assert!(!files.is_empty(), "no message file for {locale}");
    let mut out = Catalog::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let res = match fluent_syntax::parser::parse(text.as_str()) {
            Ok(r) => r,
            Err((_, errors)) => panic!("{}: {errors:?}", f.display()),
        };
        for entry in res.body {
            if let Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(v) = &m.value {
                    variables_of(v, &mut vars);
                }
                let fresh = out.insert(m.id.name.to_owned(), vars).is_none();
                assert!(fresh, "{}: {} defined twice", f.display(), m.id.name);
                for a in &m.attributes {
                    let mut vars = BTreeSet::new();
                    variables_of(&a.value, &mut vars);
                    out.insert(format!("{}.{}", m.id.name, a.id.name), vars);
                }
            }
        }
    }
    out
}

#[test]
fn every_language_has_every_message_with_the_same_variables() {
    let en = catalog(Locale::En);
    for locale in [Locale::Fr, Locale::De, Locale::It] {
        let other = catalog(locale);
        let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{locale} lacks {missing:?}");
        let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(
            extra.is_empty(),
            "{locale} has messages English lacks: {extra:?}"
        );
        for (id, vars) in &other {
            // A translation may leave a variable out (a language without plural forms), never
            // invent one: it would print as an error.
            let unknown: Vec<_> = vars.difference(&en[id]).collect();
            assert!(unknown.is_empty(), "{locale} {id} uses unknown {unknown:?}");
        }
    }
}

/// The literal ids in `text` passed to `.t(`, `.t1(`, `.t2(`, `.n(` and `.with(`.
fn ids_named_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for call in [".t(\"", ".t1(\"", ".t2(\"", ".n(\"", ".with(\""] {
        for (at, _) in text.match_indices(call) {
            let rest = &text[at + call.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_owned());
            }
        }
    }
    out
}

#[test]
fn every_message_the_code_names_exists() {
    let en = catalog(Locale::En);
    let mut files = Vec::new();
    files_under(&Path::new(ROOT).join("templates"), "html", &mut files);
    files_under(&Path::new(ROOT).join("src"), "rs", &mut files);
    let mut named = 0;
    // This module's own tests name ids that must not exist.
    files.retain(|f| !f.starts_with(Path::new(ROOT).join("src").join("i18n")));
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for id in ids_named_in(&text) {
            named += 1;
            assert!(
                en.contains_key(&id),
                "{} names {id}, which no message file has",
                f.display()
            );
        }
    }
    assert!(named > 10, "the scan found the calls");
    for m in 1..=12 {
        assert!(en.contains_key(&format!("month-{m}")));
    }
}

#[test]
fn messages_format_in_every_language() {
    let at = time::macros::datetime!(2026-12-05 14:05 UTC);
    let cases = [
        (Locale::En, "5 Dec 2026", "5 Dec 2026, 14:05 UTC"),
        (Locale::Fr, "5 déc. 2026", "5 déc. 2026 à 14:05 UTC"),
        (Locale::De, "5. Dez. 2026", "5. Dez. 2026, 14:05 UTC"),
        (Locale::It, "5 dic 2026", "5 dic 2026, 14:05 UTC"),
    ];
    for (l, date, moment) in cases {
        let tr = Tr::new(l);
        assert_eq!(tr.date(at), date);
        assert_eq!(tr.date_time(at), moment);
    }
    assert_eq!(Tr::new(Locale::De).number(12_345), "12.345");
    assert_eq!(Tr::new(Locale::Fr).t("nav-sign-in"), "Se connecter");
    assert_eq!(Tr::new(Locale::En).t("no-such-message"), "no-such-message");
}

#[test]
fn the_test_catches_a_missing_message() {
    assert_eq!(
        ids_named_in(r#"{{ chrome.t("a-b") }} x.t1("c", "k", v) tr.with("d", &[])"#),
        ["a-b", "c", "d"]
    );
}

/// `text` without every span from `open` to `close` (inclusive).
fn without(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        match rest[start..].find(close) {
            Some(end) => rest = &rest[start + end + close.len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Whether `s` holds a word: two letters in a row (entities like `&amp;` are not words).
fn has_word(s: &str) -> bool {
    let s = without(s, "&", ";").replace("twofold", "");
    let mut run = 0;
    for c in s.chars() {
        run = if c.is_alphabetic() { run + 1 } else { 0 };
        if run >= 2 {
            return true;
        }
    }
    false
}

/// The words a person reads that a template holds as literal text (between tags, or in an
/// attribute people read) instead of a message.
fn literal_words(template: &str) -> Vec<String> {
    let mut t = template.to_owned();
    for (open, close) in [
        ("{#", "#}"),
        ("{{", "}}"),
        ("{%", "%}"),
        // Commands to type stay as they are.
        ("<code", "</code>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
    ] {
        t = without(&t, open, close);
    }
    let mut found = Vec::new();
    let mut rest = t.as_str();
    while let Some(lt) = rest.find('<') {
        if has_word(&rest[..lt]) {
            found.push(rest[..lt].trim().to_owned());
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt..lt + gt];
        for attr in ["aria-label=\"", "placeholder=\"", "title=\"", "alt=\""] {
            if let Some(at) = tag.find(attr) {
                let value = tag[at + attr.len()..].split('"').next().unwrap_or_default();
                if has_word(value) {
                    found.push(format!("{attr}{value}\""));
                }
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    if has_word(rest) {
        found.push(rest.trim().to_owned());
    }
    found
}

#[test]
fn no_template_holds_words_of_its_own() {
    let mut files = Vec::new();
    files_under(&Path::new(ROOT).join("templates"), "html", &mut files);
    assert!(files.len() > 30, "the templates were found");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let words = literal_words(&text);
        assert!(
            words.is_empty(),
            "{} holds words outside the message files: {words:?}",
            f.display()
        );
    }
    assert_eq!(
        literal_words(
            r#"<p title="Hi">{{ chrome.tr.t("x") }} · <b>Hello</b> &amp; <code>twofold x</code></p>"#
        ),
        ["title=\"Hi\"", "Hello"]
    );
}
