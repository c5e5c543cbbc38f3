//! The annotated corpus is ground truth: every line of `test-corpus/` marked
//! `// expect: <rule-id>[, <rule-id>…]` must be reported with exactly those rules, and nothing
//! else may be reported anywhere. Differences are listed as *missing* (a false negative) and
//! *noisy* (a false positive).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use backlint::settings::Settings;

type Finding = (String, u32, String);

fn expectations(root: &Path) -> BTreeSet<Finding> {
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
            let Some((_, ids)) = line.split_once("// expect: ") else {
                continue;
            };
            for id in ids.split(',').map(str::trim).filter(|id| !id.is_empty()) {
                expected.insert((display.clone(), index as u32 + 1, id.to_string()));
            }
        }
    }
    expected
}

#[test]
fn corpus_findings_match_the_annotations_exactly() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = manifest_dir.join("test-corpus");
    let report = backlint::engine::check_in(
        &[PathBuf::from("test-corpus")],
        &Settings::default(),
        manifest_dir,
    )
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
    let expected = expectations(&corpus);
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
fn every_enabled_rule_is_exercised_by_the_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus");
    let covered: BTreeSet<String> = expectations(&corpus)
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
