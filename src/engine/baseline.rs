//! Baselines (`--baseline FILE`, `--write-baseline FILE`): the findings a codebase already
//! has, recorded so that a CI gate fails only on new ones.
//!
//! A finding is identified by its rule, its file (relative to the baseline file's directory,
//! so the gate may run from any directory), the path of its enclosing item
//! (`crate::handlers::create_user`) and the code of the flagged lines with whitespace folded —
//! never by line or column, so lines inserted above and reformatting elsewhere keep it
//! matched. Identical findings in one item share a key; the baseline stores how many there
//! were, and that many are matched, in report order.
//!
//! The file is JSON, sorted, one entry per key, so that it diffs well in review:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     { "rule": "unwrap-in-request-path", "file": "src/main.rs", "item": "crate::handler",
//!       "code": "value.unwrap()", "count": 1 }
//!   ]
//! }
//! ```
//!
//! Suppressed findings are never written to a baseline (their comment already accepts them)
//! and never matched by one.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::FatalError;
use crate::config::io_message;
use crate::diagnostic::Diagnostic;
use crate::report::Report;

/// The version of the file format this build reads and writes.
const VERSION: u32 = 1;

/// What identifies a finding across edits.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    /// `/`-separated, relative to the baseline's directory (absolute when outside it).
    file: String,
    /// The rule id.
    rule: String,
    /// The enclosing item's path; empty at the top of a file.
    item: String,
    /// The flagged lines with runs of whitespace folded to one space.
    code: String,
}

/// A key and how many findings have it, as stored.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    file: String,
    item: String,
    code: String,
    count: usize,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// A baseline: how many findings of each key are accepted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    counts: BTreeMap<Key, usize>,
    /// The directory file paths are relative to.
    root: PathBuf,
}

impl Baseline {
    /// The active findings of `report` (paths displayed relative to `cwd`), as a baseline to
    /// be stored at `path`.
    pub fn of(report: &Report, path: &Path, cwd: &Path) -> Baseline {
        let mut baseline = Baseline {
            counts: BTreeMap::new(),
            root: directory_of(path, cwd),
        };
        for diagnostic in report.active() {
            *baseline
                .counts
                .entry(baseline.key(diagnostic, cwd))
                .or_default() += 1;
        }
        baseline
    }

    /// Reads the baseline at `path` (relative to `cwd`).
    pub fn read(path: &Path, cwd: &Path) -> Result<Baseline, FatalError> {
        let text = fs::read_to_string(cwd.join(path)).map_err(|error| {
            FatalError(format!(
                "cannot read baseline `{}`: {}",
                path.display(),
                io_message(&error)
            ))
        })?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|error| {
            FatalError(format!(
                "`{}` is not a backlint baseline: {error}",
                path.display()
            ))
        })?;
        if file.version != VERSION {
            return Err(FatalError(format!(
                "baseline `{}` has version {}; this backlint reads version {VERSION} \
                 (write a new one with `--write-baseline`)",
                path.display(),
                file.version
            )));
        }
        let mut counts = BTreeMap::new();
        for Entry {
            rule,
            file,
            item,
            code,
            count,
        } in file.findings
        {
            let key = Key {
                file,
                rule,
                item,
                code,
            };
            *counts.entry(key).or_default() += count;
        }
        Ok(Baseline {
            counts,
            root: directory_of(path, cwd),
        })
    }

    /// Writes the baseline to `path` (relative to `cwd`).
    pub fn write(&self, path: &Path, cwd: &Path) -> Result<(), FatalError> {
        let file = BaselineFile {
            version: VERSION,
            findings: self
                .counts
                .iter()
                .map(|(key, &count)| Entry {
                    rule: key.rule.clone(),
                    file: key.file.clone(),
                    item: key.item.clone(),
                    code: key.code.clone(),
                    count,
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&file)
            .map_err(|error| FatalError(format!("cannot encode the baseline: {error}")))?;
        text.push('\n');
        fs::write(cwd.join(path), text).map_err(|error| {
            FatalError(format!(
                "cannot write baseline `{}`: {}",
                path.display(),
                io_message(&error)
            ))
        })
    }

    /// How many findings the baseline accepts.
    pub fn accepted(&self) -> usize {
        self.counts.values().sum()
    }

    /// Moves the active findings of `report` that the baseline holds into
    /// `report.baselined`; the new ones and the suppressed ones stay in `report.diagnostics`.
    /// Of several findings with one key, the first ones in report order are matched.
    pub fn apply(&self, report: &mut Report, cwd: &Path) {
        let mut left = self.counts.clone();
        let mut baselined = report.baselined.take().unwrap_or_default();
        let mut kept = Vec::with_capacity(report.diagnostics.len());
        for diagnostic in std::mem::take(&mut report.diagnostics) {
            let matched = diagnostic.suppressed.is_none()
                && left
                    .get_mut(&self.key(&diagnostic, cwd))
                    .is_some_and(|count| {
                        let available = *count > 0;
                        *count = count.saturating_sub(1);
                        available
                    });
            if matched {
                baselined.push(diagnostic);
            } else {
                kept.push(diagnostic);
            }
        }
        report.diagnostics = kept;
        report.baselined = Some(baselined);
    }

    fn key(&self, diagnostic: &Diagnostic, cwd: &Path) -> Key {
        Key {
            file: relative(&cwd.join(&*diagnostic.primary.file), &self.root),
            rule: diagnostic.rule.to_string(),
            item: diagnostic.item_path.clone(),
            code: diagnostic.snippet.clone(),
        }
    }
}

/// The directory of the baseline file `path`, resolved through symbolic links when it
/// exists (the working directory always is).
fn directory_of(path: &Path, cwd: &Path) -> PathBuf {
    let file = cwd.join(path);
    let directory = file.parent().unwrap_or(cwd);
    fs::canonicalize(directory).unwrap_or_else(|_| normalize(directory))
}

/// `path` relative to the directory `base`, `/`-separated, with `..` where it lies outside
/// (both absolute). On Windows, a path on another drive stays absolute.
fn relative(path: &Path, base: &Path) -> String {
    let path = normalize(path);
    let base = normalize(base);
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_string_lossy().replace('\\', "/");
    }
    let ups = base_parts.len() - common;
    let parts: Vec<String> = std::iter::repeat_n("..".to_string(), ups)
        .chain(
            path_parts[common..]
                .iter()
                .map(|part| part.as_os_str().to_string_lossy().into_owned()),
        )
        .collect();
    parts.join("/")
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut normalized = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normalized.pop();
            }
            other => normalized.push(other),
        }
    }
    normalized
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Level, Suppressed};
    use crate::report::testing::{diagnostic, locate};

    const TEXT: &str = "fn handler() {\n    a.unwrap();\n    a.unwrap();\n}\n";

    fn finding(file: &str, snippet: &str) -> Diagnostic {
        let mut finding = diagnostic(
            "unwrap-in-request-path",
            Level::Warning,
            locate(file, TEXT, "a.unwrap()"),
            "`unwrap()` in a request handler",
        );
        finding.snippet = snippet.to_string();
        finding
    }

    fn report(diagnostics: Vec<Diagnostic>) -> Report {
        Report {
            diagnostics,
            ..Report::default()
        }
    }

    #[test]
    fn counts_identical_findings_and_matches_that_many() {
        let root = tempfile::tempdir().unwrap();
        let cwd = fs::canonicalize(root.path()).unwrap();
        let two = report(vec![
            finding("src/a.rs", "a.unwrap();"),
            finding("src/a.rs", "a.unwrap();"),
        ]);
        let baseline = Baseline::of(&two, Path::new("baseline.json"), &cwd);
        assert_eq!(baseline.accepted(), 2);
        baseline.write(Path::new("baseline.json"), &cwd).unwrap();
        let read = Baseline::read(Path::new("baseline.json"), &cwd).unwrap();
        assert_eq!(read, baseline);

        let mut three = report(vec![
            finding("src/a.rs", "a.unwrap();"),
            finding("src/a.rs", "a.unwrap();"),
            finding("src/a.rs", "a.unwrap();"),
        ]);
        read.apply(&mut three, &cwd);
        assert_eq!(three.diagnostics.len(), 1, "the third one is new");
        assert_eq!(three.baselined.as_ref().map(Vec::len), Some(2));
    }

    #[test]
    fn never_matches_suppressed_findings_or_other_keys() {
        let cwd = PathBuf::from("/w");
        let old = report(vec![finding("src/a.rs", "a.unwrap();")]);
        let baseline = Baseline::of(&old, Path::new("baseline.json"), &cwd);
        let mut suppressed = finding("src/a.rs", "a.unwrap();");
        suppressed.suppressed = Some(Suppressed {
            reason: Some("checked above".to_string()),
            comment: suppressed.primary.clone(),
        });
        let mut other_item = finding("src/a.rs", "a.unwrap();");
        other_item.item_path = "crate::other".to_string();
        let mut now = report(vec![
            suppressed,
            other_item,
            finding("src/b.rs", "a.unwrap();"),
            finding("src/a.rs", "a.unwrap().len();"),
        ]);
        baseline.apply(&mut now, &cwd);
        assert_eq!(now.diagnostics.len(), 4);
        assert_eq!(now.baselined, Some(Vec::new()));
        let written = Baseline::of(&now, Path::new("baseline.json"), &cwd);
        assert_eq!(written.accepted(), 3, "the suppressed finding is left out");
    }

    #[test]
    fn paths_are_relative_to_the_baseline_file() {
        let cwd = PathBuf::from("/w/api");
        let baseline = Baseline::of(
            &report(vec![finding("src/a.rs", "a.unwrap();")]),
            Path::new("../ci/baseline.json"),
            &cwd,
        );
        let key = baseline.counts.keys().next().unwrap();
        assert_eq!(key.file, "../api/src/a.rs");
        // The same finding seen from the workspace root.
        let mut from_root = report(vec![finding("api/src/a.rs", "a.unwrap();")]);
        baseline.apply(&mut from_root, Path::new("/w"));
        assert!(from_root.diagnostics.is_empty());
        assert_eq!(relative(Path::new("/w/a/b.rs"), Path::new("/w")), "a/b.rs");
        assert_eq!(
            relative(Path::new("/w/a/b.rs"), Path::new("/w/c/d")),
            "../../a/b.rs"
        );
    }

    #[test]
    fn unreadable_or_foreign_files_are_one_line_errors() {
        let root = tempfile::tempdir().unwrap();
        let cwd = root.path();
        let error = Baseline::read(Path::new("missing.json"), cwd).unwrap_err();
        assert_eq!(
            error.0,
            "cannot read baseline `missing.json`: No such file or directory"
        );
        fs::write(cwd.join("other.json"), "{\"version\": 1, \"results\": []}").unwrap();
        let error = Baseline::read(Path::new("other.json"), cwd).unwrap_err();
        assert!(
            error
                .0
                .starts_with("`other.json` is not a backlint baseline: "),
            "{error}"
        );
        assert!(!error.0.contains('\n'), "{error}");
        fs::write(
            cwd.join("future.json"),
            "{\"version\": 2, \"findings\": []}",
        )
        .unwrap();
        let error = Baseline::read(Path::new("future.json"), cwd).unwrap_err();
        assert!(error.0.contains("has version 2"), "{error}");
    }
}
