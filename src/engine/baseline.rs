//! Baselines (`--baseline FILE`, `--write-baseline FILE`): the findings a codebase already
//! has, recorded so that a CI gate fails only on new ones.
//!
//! A finding is identified by its rule, its file (relative to the project root, see
//! [`crate::paths`], so the gate may run from any directory of the project and the baseline
//! file may live anywhere), the path of its enclosing item (`crate::handlers::create_user`)
//! and the code of the flagged lines with whitespace folded — never by line or column, so
//! lines inserted above and reformatting elsewhere keep it matched. Identical findings in one
//! item share a key; the baseline stores how many there were (and how many of them were
//! suppressed), and that many are matched, in report order.
//!
//! The file is JSON, sorted, one entry per key, so that it diffs well in review:
//!
//! ```json
//! {
//!   "version": 2,
//!   "findings": [
//!     { "rule": "unwrap-in-request-path", "file": "src/main.rs", "item": "crate::handler",
//!       "code": "value.unwrap()", "count": 2, "suppressed": 1 }
//!   ]
//! }
//! ```
//!
//! `suppressed` (left out when 0) counts the findings of `count` that a `backlint-allow`
//! comment silenced when the baseline was written. They are recorded so that a finding whose
//! comment is removed later is still one the baseline holds, not a new one. Suppressed
//! findings never fail the gate and always stay in the report (SARIF marks them `unchanged`).
//!
//! Version 1 (before version 2 made paths relative to the project root) stored paths relative
//! to the baseline file's directory and no suppressed findings; it is still read, its paths
//! rebased onto the project root.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::FatalError;
use crate::diagnostic::Diagnostic;
use crate::messages::io_message;
use crate::paths::{normalize, relative};
use crate::report::Report;

/// The version of the file format this build writes.
const VERSION: u32 = 2;
/// The version whose paths are relative to the baseline file's directory.
const VERSION_RELATIVE_TO_FILE: u32 = 1;

/// What identifies a finding across edits.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    /// `/`-separated, relative to the project root (with `..` when outside it).
    file: String,
    /// The rule id.
    rule: String,
    /// The enclosing item's path; empty at the top of a file.
    item: String,
    /// The flagged lines with runs of whitespace folded to one space.
    code: String,
}

/// How many findings of one key a baseline holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Held {
    /// Active when the baseline was written.
    active: usize,
    /// Silenced by a `backlint-allow` comment when the baseline was written.
    suppressed: usize,
}

/// A key and how many findings have it, as stored.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    file: String,
    item: String,
    code: String,
    /// All findings of the key, suppressed ones included.
    count: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    suppressed: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// A baseline: how many findings of each key it holds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    held: BTreeMap<Key, Held>,
    /// The project root file paths are relative to.
    root: PathBuf,
}

impl Baseline {
    /// The findings of `report` (paths displayed relative to `cwd`), active and suppressed, as
    /// a baseline keyed from the project root `root`.
    pub fn of(report: &Report, root: &Path, cwd: &Path) -> Baseline {
        let mut baseline = Baseline {
            held: BTreeMap::new(),
            root: root.to_path_buf(),
        };
        for diagnostic in &report.diagnostics {
            let held = baseline
                .held
                .entry(baseline.key(diagnostic, cwd))
                .or_default();
            if diagnostic.suppressed.is_some() {
                held.suppressed += 1;
            } else {
                held.active += 1;
            }
        }
        baseline
    }

    /// Reads the baseline at `path` (relative to `cwd`) for the project root `root`.
    pub fn read(path: &Path, root: &Path, cwd: &Path) -> Result<Baseline, FatalError> {
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
        // Version 1 paths are relative to the baseline file's directory.
        let rebase = match file.version {
            VERSION => None,
            VERSION_RELATIVE_TO_FILE => Some(directory_of(path, cwd)),
            other => {
                return Err(FatalError(format!(
                    "baseline `{}` has version {other}; this backlint reads versions \
                     {VERSION_RELATIVE_TO_FILE} and {VERSION} (record it again with \
                     `--write-baseline`)",
                    path.display(),
                )))
            }
        };
        let mut held: BTreeMap<Key, Held> = BTreeMap::new();
        for entry in file.findings {
            if entry.suppressed > entry.count {
                return Err(FatalError(format!(
                    "`{}` is not a backlint baseline: an entry of `{}` counts {} suppressed \
                     of {} findings",
                    path.display(),
                    entry.file,
                    entry.suppressed,
                    entry.count
                )));
            }
            let file = match &rebase {
                Some(directory) => relative(&directory.join(&entry.file), root),
                None => entry.file,
            };
            let key = Key {
                file,
                rule: entry.rule,
                item: entry.item,
                code: entry.code,
            };
            let slot = held.entry(key).or_default();
            slot.active += entry.count - entry.suppressed;
            slot.suppressed += entry.suppressed;
        }
        Ok(Baseline {
            held,
            root: root.to_path_buf(),
        })
    }

    /// Writes the baseline to `path` (relative to `cwd`), in the current version.
    pub fn write(&self, path: &Path, cwd: &Path) -> Result<(), FatalError> {
        let file = BaselineFile {
            version: VERSION,
            findings: self
                .held
                .iter()
                .map(|(key, held)| Entry {
                    rule: key.rule.clone(),
                    file: key.file.clone(),
                    item: key.item.clone(),
                    code: key.code.clone(),
                    count: held.active + held.suppressed,
                    suppressed: held.suppressed,
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

    /// How many findings the baseline holds, suppressed ones included.
    pub fn held(&self) -> usize {
        self.held.values().map(|h| h.active + h.suppressed).sum()
    }

    /// How many of them were suppressed when it was written.
    pub fn held_suppressed(&self) -> usize {
        self.held.values().map(|h| h.suppressed).sum()
    }

    /// Moves the active findings of `report` that the baseline holds into `report.baselined`;
    /// the new ones and every suppressed one stay in `report.diagnostics`.
    ///
    /// Per key, suppressed findings take the baseline's suppressed slots first, so that those
    /// cannot pass a new active finding. Active findings, in report order, then take an
    /// active slot, or a suppressed slot left over: that finding's comment was removed since,
    /// but the finding itself is not new.
    pub fn apply(&self, report: &mut Report, cwd: &Path) {
        let mut left = self.held.clone();
        for diagnostic in report.diagnostics.iter().filter(|d| d.suppressed.is_some()) {
            if let Some(held) = left.get_mut(&self.key(diagnostic, cwd)) {
                held.suppressed = held.suppressed.saturating_sub(1);
            }
        }
        let mut baselined = report.baselined.take().unwrap_or_default();
        let mut kept = Vec::with_capacity(report.diagnostics.len());
        for diagnostic in std::mem::take(&mut report.diagnostics) {
            let slot = match diagnostic.suppressed {
                Some(_) => None,
                None => left.get_mut(&self.key(&diagnostic, cwd)).and_then(|held| {
                    [&mut held.active, &mut held.suppressed]
                        .into_iter()
                        .find(|count| **count > 0)
                }),
            };
            match slot {
                Some(count) => {
                    *count -= 1;
                    baselined.push(diagnostic);
                }
                None => kept.push(diagnostic),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix, Level, Suppressed};
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

    fn suppressed(mut finding: Diagnostic) -> Diagnostic {
        finding.suppressed = Some(Suppressed {
            reason: Some("checked above".to_string()),
            comment: finding.primary.clone(),
        });
        finding
    }

    fn report(diagnostics: Vec<Diagnostic>) -> Report {
        Report {
            diagnostics,
            ..Report::default()
        }
    }

    /// (new, baselined, suppressed) counts after applying `baseline` to `diagnostics`.
    fn outcome(
        baseline: &Baseline,
        diagnostics: Vec<Diagnostic>,
        cwd: &Path,
    ) -> (usize, usize, usize) {
        let mut now = report(diagnostics);
        baseline.apply(&mut now, cwd);
        (
            now.active().count(),
            now.baselined.as_ref().map_or(0, Vec::len),
            now.suppressed_count(),
        )
    }

    #[test]
    fn counts_identical_findings_and_matches_that_many() {
        let root = tempfile::tempdir().unwrap();
        let cwd = fs::canonicalize(root.path()).unwrap();
        let two = report(vec![
            finding("src/a.rs", "a.unwrap();"),
            finding("src/a.rs", "a.unwrap();"),
        ]);
        let baseline = Baseline::of(&two, &cwd, &cwd);
        assert_eq!(baseline.held(), 2);
        baseline.write(Path::new("baseline.json"), &cwd).unwrap();
        let read = Baseline::read(Path::new("baseline.json"), &cwd, &cwd).unwrap();
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
    fn matches_only_the_same_key() {
        let cwd = PathBuf::from("/w");
        let baseline = Baseline::of(
            &report(vec![finding("src/a.rs", "a.unwrap();")]),
            &cwd,
            &cwd,
        );
        let mut other_item = finding("src/a.rs", "a.unwrap();");
        other_item.item_path = "crate::other".to_string();
        let mut other_rule = finding("src/a.rs", "a.unwrap();");
        other_rule.rule = "panic-in-request-path";
        let others = vec![
            other_item,
            other_rule,
            finding("src/b.rs", "a.unwrap();"),
            finding("src/a.rs", "a.unwrap().len();"),
        ];
        assert_eq!(outcome(&baseline, others, &cwd), (4, 0, 0));
    }

    #[test]
    fn a_fix_does_not_change_what_a_baseline_matches() {
        let cwd = PathBuf::from("/w");
        let old = report(vec![finding("src/a.rs", "a.unwrap();")]);
        let baseline = Baseline::of(&old, &cwd, &cwd);
        let mut fixable = finding("src/a.rs", "a.unwrap();");
        fixable.fix = Some(Fix {
            description: "use `?`".to_string(),
            edits: vec![Edit {
                span: fixable.primary.span,
                replacement: "a?".to_string(),
            }],
        });
        let mut now = report(vec![fixable]);
        baseline.apply(&mut now, &cwd);
        assert!(now.diagnostics.is_empty(), "{:?}", now.diagnostics);
        assert_eq!(now.baselined.map(|b| b.len()), Some(1));
    }

    #[test]
    fn suppressed_findings_are_recorded_and_stay_in_the_report() {
        let root = tempfile::tempdir().unwrap();
        let cwd = fs::canonicalize(root.path()).unwrap();
        let old = report(vec![
            finding("src/a.rs", "a.unwrap();"),
            suppressed(finding("src/a.rs", "a.unwrap();")),
            suppressed(finding("src/b.rs", "b.unwrap();")),
        ]);
        let baseline = Baseline::of(&old, &cwd, &cwd);
        assert_eq!((baseline.held(), baseline.held_suppressed()), (3, 2));
        baseline.write(Path::new("b.json"), &cwd).unwrap();
        let stored: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(cwd.join("b.json")).unwrap()).unwrap();
        let counts: Vec<(u64, Option<u64>)> = stored["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| {
                (
                    entry["count"].as_u64().unwrap(),
                    entry["suppressed"].as_u64(),
                )
            })
            .collect();
        assert_eq!(counts, [(2, Some(1)), (1, Some(1))]);
        assert_eq!(stored["version"], 2);
        assert_eq!(
            Baseline::read(Path::new("b.json"), &cwd, &cwd).unwrap(),
            baseline
        );

        // The same state: the active one is baselined, the suppressed ones stay suppressed.
        let same = || {
            vec![
                finding("src/a.rs", "a.unwrap();"),
                suppressed(finding("src/a.rs", "a.unwrap();")),
                suppressed(finding("src/b.rs", "b.unwrap();")),
            ]
        };
        assert_eq!(outcome(&baseline, same(), &cwd), (0, 1, 2));
        // A suppressed finding keeps its slot: a new active one with the same key is new.
        let mut more = same();
        more.push(finding("src/a.rs", "a.unwrap();"));
        assert_eq!(outcome(&baseline, more, &cwd), (1, 1, 2));
        // A comment removed since: the finding is held, not new.
        let uncommented = vec![
            finding("src/a.rs", "a.unwrap();"),
            finding("src/a.rs", "a.unwrap();"),
            finding("src/b.rs", "b.unwrap();"),
        ];
        assert_eq!(outcome(&baseline, uncommented, &cwd), (0, 3, 0));
        // A comment added since to a held finding: it stays suppressed, nothing is new.
        let commented = vec![
            suppressed(finding("src/a.rs", "a.unwrap();")),
            suppressed(finding("src/a.rs", "a.unwrap();")),
        ];
        assert_eq!(outcome(&baseline, commented, &cwd), (0, 0, 2));
    }

    #[test]
    fn paths_are_relative_to_the_project_root() {
        let root = PathBuf::from("/w");
        let from_api = PathBuf::from("/w/services/api");
        let baseline = Baseline::of(
            &report(vec![finding("src/a.rs", "a.unwrap();")]),
            &root,
            &from_api,
        );
        let key = baseline.held.keys().next().unwrap();
        assert_eq!(key.file, "services/api/src/a.rs");
        // The same finding seen from the root, and from elsewhere in the project.
        let at_root = vec![finding("services/api/src/a.rs", "a.unwrap();")];
        assert_eq!(outcome(&baseline, at_root, &root), (0, 1, 0));
        let from_web = vec![finding("../api/src/a.rs", "a.unwrap();")];
        assert_eq!(
            outcome(&baseline, from_web, Path::new("/w/services/web")),
            (0, 1, 0)
        );
        // A file outside the root is keyed with `..`.
        let outside = Baseline::of(&report(vec![finding("../lib/a.rs", "x")]), &root, &root);
        assert_eq!(outside.held.keys().next().unwrap().file, "../lib/a.rs");
    }

    /// A file as the version 1 code wrote it: paths relative to the baseline's directory.
    #[test]
    fn version_1_files_are_read_with_their_paths_rebased_onto_the_project_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(root.join("ci")).unwrap();
        fs::create_dir_all(root.join("services/api")).unwrap();
        let v1 = r#"{
  "version": 1,
  "findings": [
    {
      "rule": "unwrap-in-request-path",
      "file": "../services/api/src/a.rs",
      "item": "crate::handler",
      "code": "a.unwrap();",
      "count": 2
    }
  ]
}
"#;
        fs::write(root.join("ci/baseline.json"), v1).unwrap();
        let api = root.join("services/api");
        let read = Baseline::read(Path::new("../../ci/baseline.json"), &root, &api).unwrap();
        assert_eq!((read.held(), read.held_suppressed()), (2, 0));
        assert_eq!(
            read.held.keys().next().unwrap().file,
            "services/api/src/a.rs"
        );
        let now = vec![
            finding("src/a.rs", "a.unwrap();"),
            finding("src/a.rs", "a.unwrap();"),
            finding("src/a.rs", "a.unwrap();"),
        ];
        assert_eq!(outcome(&read, now, &api), (1, 2, 0));
        // Written again, it is version 2 with root-relative paths.
        read.write(Path::new("../../ci/baseline.json"), &api)
            .unwrap();
        let text = fs::read_to_string(root.join("ci/baseline.json")).unwrap();
        assert!(
            text.contains("\"version\": 2") && text.contains("\"file\": \"services/api/src/a.rs\""),
            "{text}"
        );
    }

    #[test]
    fn unreadable_or_foreign_files_are_one_line_errors() {
        let root = tempfile::tempdir().unwrap();
        let cwd = root.path();
        let read = |name: &str| Baseline::read(Path::new(name), cwd, cwd).unwrap_err().0;
        assert_eq!(
            read("missing.json"),
            "cannot read baseline `missing.json`: No such file or directory"
        );
        fs::write(cwd.join("other.json"), "{\"version\": 1, \"results\": []}").unwrap();
        let error = read("other.json");
        assert!(
            error.starts_with("`other.json` is not a backlint baseline: "),
            "{error}"
        );
        assert!(!error.contains('\n'), "{error}");
        fs::write(
            cwd.join("future.json"),
            "{\"version\": 3, \"findings\": []}",
        )
        .unwrap();
        assert_eq!(
            read("future.json"),
            "baseline `future.json` has version 3; this backlint reads versions 1 and 2 \
             (record it again with `--write-baseline`)"
        );
        fs::write(
            cwd.join("odd.json"),
            "{\"version\": 2, \"findings\": [{\"rule\": \"r\", \"file\": \"a.rs\", \
             \"item\": \"\", \"code\": \"x\", \"count\": 1, \"suppressed\": 2}]}",
        )
        .unwrap();
        assert_eq!(
            read("odd.json"),
            "`odd.json` is not a backlint baseline: an entry of `a.rs` counts 2 suppressed of 1 findings"
        );
    }
}
