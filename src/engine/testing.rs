//! For unit tests: check source files through the whole engine.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::report::Report;
use crate::settings::Settings;

/// How many findings of `rule` the engine reports on `code`, checked as the single file of a
/// project (`lib.rs`).
pub fn count_findings(rule: &str, code: &str) -> usize {
    findings(rule, code).len()
}

/// Asserts, for each `(expected, code)`, that `rule` reports `expected` findings on `code`
/// with an axum router that routes `GET /` to the sample's `f`: `f` is a request handler.
pub fn assert_counts_routed(rule: &str, cases: &[(usize, &str)]) {
    for (expected, code) in cases {
        let file = format!(
            "{code}\npub fn app() -> axum::Router {{ axum::Router::new().route(\"/\", axum::routing::get(f)) }}\n"
        );
        assert_eq!(count_findings(rule, &file), *expected, "{code}");
    }
}

/// Asserts, for each `(expected, code)`, that `rule` reports `expected` findings on `code`.
pub fn assert_counts(rule: &str, cases: &[(usize, &str)]) {
    for (expected, code) in cases {
        assert_eq!(count_findings(rule, code), *expected, "{code}");
    }
}

/// The findings of `rule` the engine reports on `code`, checked as the single file of a
/// project (`lib.rs`), with their configured levels.
pub fn findings(rule: &str, code: &str) -> Vec<Diagnostic> {
    report_on(&[("lib.rs", code)], &Settings::default())
        .active()
        .filter(|d| d.rule == rule)
        .cloned()
        .collect()
}

/// The report on a project made of `files` (relative paths and their text), checked whole.
pub fn report_on(files: &[(&str, &str)], settings: &Settings) -> Report {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).expect("a directory");
        std::fs::write(path, text).expect("the file is written");
    }
    let checked = if files.iter().any(|(path, _)| *path == "Cargo.toml") {
        PathBuf::from(".")
    } else {
        PathBuf::from(files[0].0)
    };
    let report = super::check_in(&[checked], settings, dir.path()).expect("the check runs");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report
}

/// How many findings of `rule` the engine reports on a project of several files (paths
/// relative to its root, manifests included), checked from its root.
pub fn count_findings_in(rule: &str, files: &[(&str, &str)]) -> usize {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("the directory");
        std::fs::write(path, text).expect("the file is written");
    }
    let report = super::check_in(&[PathBuf::from(".")], &Settings::default(), dir.path())
        .expect("the check runs");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report.active().filter(|d| d.rule == rule).count()
}
