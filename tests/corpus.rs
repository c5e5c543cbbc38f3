//! The annotated corpus is ground truth: every line of `test-corpus/` marked
//! `// expect: <rule-id>[, <rule-id>…]` must be reported with exactly those rules, and nothing
//! else may be reported anywhere. Differences are listed as *missing* (a false negative) and
//! *noisy* (a false positive). A line marked `// all-input: unwrap-in-request-path` is reported
//! only with that rule's `all-input` option on, which a second run checks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use backlint::settings::Settings;

type Finding = (String, u32, String);

/// The annotations of the corpus: `// expect: <ids>`, and with `all_input` also the findings
/// marked `// all-input: <ids>` (written before an `// expect:` on the same line).
fn expectations(root: &Path, all_input: bool) -> BTreeSet<Finding> {
    let mut expected = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let display = entry
            .path()
            .strip_prefix(root.parent().unwrap())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for (index, line) in text.lines().enumerate() {
            let mut marked = Vec::new();
            if let Some((_, ids)) = line.split_once("// expect: ") {
                marked.push(ids);
            }
            if let Some((_, ids)) = line.split_once("// all-input: ").filter(|_| all_input) {
                marked.push(ids.split("//").next().unwrap_or_default());
            }
            for ids in marked {
                for id in ids.split(',').map(str::trim).filter(|id| !id.is_empty()) {
                    expected.insert((display.clone(), index as u32 + 1, id.to_string()));
                }
            }
        }
    }
    expected
}

/// Checks the whole corpus with `settings` against its annotations.
fn check_corpus(settings: &Settings, all_input: bool) {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = manifest_dir.join("test-corpus");
    let report =
        backlint::engine::check_in(&[PathBuf::from("test-corpus")], settings, manifest_dir)
            .unwrap();
    assert!(
        report.problems.is_empty(),
        "problems: {:#?}",
        report.problems
    );
    let actual: BTreeSet<Finding> = report
        .active()
        .map(|d| {
            (
                d.primary.file.to_string(),
                d.primary.span.start.line,
                d.rule.to_string(),
            )
        })
        .collect();
    let expected = expectations(&corpus, all_input);
    assert!(
        expected.len() >= 20,
        "the corpus should exercise every rule"
    );
    let missing: Vec<_> = expected.difference(&actual).collect();
    let noisy: Vec<String> = report
        .active()
        .filter(|d| {
            !expected.contains(&(
                d.primary.file.to_string(),
                d.primary.span.start.line,
                d.rule.to_string(),
            ))
        })
        .map(|d| {
            format!(
                "{}:{}:{}: {}[{}] {}",
                d.primary.file,
                d.primary.span.start.line,
                d.primary.span.start.column,
                d.level,
                d.rule,
                d.message
            )
        })
        .collect();
    assert!(
        missing.is_empty() && noisy.is_empty(),
        "missing (expected, not reported):\n{missing:#?}\nnoisy (reported, not expected):\n{}",
        noisy.join("\n")
    );
}

#[test]
fn corpus_findings_match_the_annotations_exactly() {
    check_corpus(&Settings::default(), false);
}

#[test]
fn with_all_input_the_input_unwraps_are_reported_too() {
    let mut settings = Settings::default();
    let mut options = toml::Table::new();
    options.insert("all-input".to_string(), toml::Value::Boolean(true));
    settings
        .rule_options
        .insert("unwrap-in-request-path", options);
    let marked = expectations(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus"),
        true,
    )
    .difference(&expectations(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus"),
        false,
    ))
    .count();
    assert!(marked >= 5, "the corpus should mark all-input findings");
    check_corpus(&settings, true);
}

#[test]
fn every_enabled_rule_is_exercised_by_the_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus");
    let covered: BTreeSet<String> = expectations(&corpus, false)
        .into_iter()
        .map(|(_, _, rule)| rule)
        .collect();
    for rule in backlint::rules::registry() {
        let meta = rule.meta();
        if meta.default_level().is_some() {
            assert!(
                covered.contains(meta.id),
                "no `// expect: {}` in test-corpus/",
                meta.id
            );
        }
    }
}
