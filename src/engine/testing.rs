//! For unit tests: check one source file with the default settings, through the whole engine.

use std::path::PathBuf;

use crate::settings::Settings;

/// How many findings of `rule` the engine reports on `code`, checked as the single file of a
/// project (`lib.rs`).
pub fn count_findings(rule: &str, code: &str) -> usize {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("lib.rs"), code).expect("the file is written");
    let report = super::check_in(&[PathBuf::from("lib.rs")], &Settings::default(), dir.path())
        .expect("the check runs");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report.active().filter(|d| d.rule == rule).count()
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
