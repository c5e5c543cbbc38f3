//! For unit tests: check one source file with the default settings, through the whole engine.

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::settings::Settings;

/// How many findings of `rule` the engine reports on `code`, checked as the single file of a
/// project (`lib.rs`).
pub fn count_findings(rule: &str, code: &str) -> usize {
    findings(rule, code).len()
}

/// The findings of `rule` the engine reports on `code`, checked as the single file of a
/// project (`lib.rs`), with their configured levels.
pub fn findings(rule: &str, code: &str) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("lib.rs"), code).expect("the file is written");
    let report = super::check_in(&[PathBuf::from("lib.rs")], &Settings::default(), dir.path())
        .expect("the check runs");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report
        .active()
        .filter(|d| d.rule == rule)
        .cloned()
        .collect()
}
