//! Every rule's documentation page is its single source of truth: this test checks that the
//! pages and the registry agree, that each page has the fixed headings, and runs each page's
//! examples — every `## Bad` block must fire the rule, every `## Good` block must not — and
//! that the README's rule table lists every rule with its category and level.

use std::collections::BTreeSet;
use std::path::PathBuf;

use backlint::diagnostic::Severity;
use backlint::rules::registry;
use backlint::settings::{RuleLevels, Selector, Settings};

const HEADINGS: [&str; 5] = [
    "## What it finds",
    "## Why it matters",
    "## Known limits",
    "## Bad",
    "## Good",
];

/// The findings of `rule` when the example is checked with the default rules (plus `rule`, in
/// case it is off by default).
fn findings_of(rule: &'static str, code: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("example.rs");
    std::fs::write(&file, code).unwrap();
    let settings = Settings {
        rules: RuleLevels {
            extend_select: vec![Selector::Rule(rule)],
            ..RuleLevels::default()
        },
        ..Settings::default()
    };
    let report =
        backlint::engine::check_in(&[PathBuf::from("example.rs")], &settings, dir.path()).unwrap();
    assert!(
        report.problems.is_empty(),
        "{rule}: problems: {:?}",
        report.problems
    );
    report
        .active()
        .filter(|d| d.rule == rule)
        .map(|d| {
            format!(
                "{}:{}: {}",
                d.primary.span.start.line, d.primary.span.start.column, d.message
            )
        })
        .collect()
}

#[test]
fn pages_and_registry_are_the_same_set() {
    let registered: BTreeSet<String> = registry().iter().map(|r| r.meta().id.to_string()).collect();
    let pages: BTreeSet<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".md").map(str::to_string)
        })
        .collect();
    assert_eq!(registered, pages);
}

#[test]
fn the_readme_table_lists_every_rule_with_its_category_and_level() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let missing: Vec<String> = registry()
        .iter()
        .map(|rule| rule.meta())
        .filter_map(|meta| {
            let row = format!(
                "| `{}` | {} | {} |",
                meta.id,
                meta.category.as_str(),
                match meta.default_severity {
                    Severity::On(level) => level.as_str(),
                    Severity::Off => "off",
                }
            );
            (!readme.contains(&row)).then_some(row)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "README.md has no row starting {missing:#?}"
    );
}

#[test]
fn pages_have_the_fixed_headings_and_examples() {
    for rule in registry() {
        let meta = rule.meta();
        for heading in HEADINGS {
            let section = meta.section(heading);
            assert!(
                section.is_some_and(|s| !s.is_empty()),
                "rules/{}.md: missing or empty `{heading}`",
                meta.id
            );
        }
        assert!(
            !meta.bad_examples.is_empty(),
            "rules/{}.md: no Bad example",
            meta.id
        );
        assert!(
            !meta.good_examples.is_empty(),
            "rules/{}.md: no Good example",
            meta.id
        );
        assert!(
            meta.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "rule ids are kebab-case: {}",
            meta.id
        );
        let security = meta.category == backlint::rules::Category::Security;
        assert_eq!(
            security,
            meta.security_severity.is_some() && security,
            "rules/{}.md: security rules need a security-severity",
            meta.id
        );
    }
}

#[test]
fn bad_examples_fire_and_good_examples_stay_silent() {
    let mut failures = Vec::new();
    for rule in registry() {
        let meta = rule.meta();
        for (index, code) in meta.bad_examples.iter().enumerate() {
            let found = findings_of(meta.id, code);
            if found.is_empty() {
                failures.push(format!(
                    "{}: Bad example {} does not fire",
                    meta.id,
                    index + 1
                ));
            }
            for message in &found {
                let text = message.split_once(": ").map_or("", |(_, m)| m);
                if text.starts_with(char::is_uppercase) || text.ends_with('.') {
                    failures.push(format!(
                        "{}: message must be lowercase without a final period: {text}",
                        meta.id
                    ));
                }
            }
        }
        for (index, code) in meta.good_examples.iter().enumerate() {
            let found = findings_of(meta.id, code);
            if !found.is_empty() {
                failures.push(format!(
                    "{}: Good example {} fires: {found:?}",
                    meta.id,
                    index + 1
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
