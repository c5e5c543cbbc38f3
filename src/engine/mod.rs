//! Orchestration: discover → read, parse and analyse each file in parallel → crate pass →
//! configured levels and suppressions → sorted report.
//!
//! Each file is read, parsed, walked and dropped inside one rayon task (syn values are
//! `!Send`); only plain data leaves it. Worker threads have large stacks, and files nested
//! deeper than the configured limit are refused before syn sees them. Output order never
//! depends on the thread count.

pub mod baseline;
pub mod diff;
mod file;
mod nesting;
pub mod progress;
pub mod suppress;
#[cfg(test)]
pub mod testing;
mod walk;

use std::cell::Cell;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::discover::discover;
use crate::paths;
use crate::report::{Problem, ProblemKind, Report};
use crate::rules::{self, Rule};
use crate::semantic::index::{CrateIndex, Members, WorkspaceDerives};
use crate::semantic::{models, FileKind};
use crate::settings::Settings;
use file::{analyse_file, FileResult};
use progress::{NoProgress, Phase, Progress};
use walk::Dispatch;

/// Stack size of worker threads: deep (but allowed) nesting must not overflow.
const WORKER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// An error that stops the run before any file is checked (exit code 2).
#[derive(Debug)]
pub struct FatalError(pub String);

impl fmt::Display for FatalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FatalError {}

thread_local! {
    static CONTAINED_PANICS: Cell<u32> = const { Cell::new(0) };
}

/// Whether the current thread is inside code whose panics the engine catches and reports
/// itself (a panic hook should then stay quiet).
pub fn panic_is_contained() -> bool {
    CONTAINED_PANICS.with(|depth| depth.get() > 0)
}

/// Runs `f`, marking panics inside it as contained.
fn contained<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    CONTAINED_PANICS.with(|depth| depth.set(depth.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CONTAINED_PANICS.with(|depth| depth.set(depth.get() - 1));
    result
}

/// Checks the given files and directories (relative paths are taken from the working
/// directory).
pub fn check(paths: &[PathBuf], settings: &Settings) -> Result<Report, FatalError> {
    check_with_progress(paths, settings, &NoProgress)
}

/// [`check`], telling `progress` how far it is.
pub fn check_with_progress(
    paths: &[PathBuf],
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<Report, FatalError> {
    let cwd = std::env::current_dir()
        .map_err(|e| FatalError(format!("cannot read the working directory: {e}")))?;
    check_with(paths, settings, &cwd, enabled_rules(settings), progress)
}

/// [`check`] with an explicit working directory (displayed paths are relative to it).
pub fn check_in(paths: &[PathBuf], settings: &Settings, cwd: &Path) -> Result<Report, FatalError> {
    check_with(paths, settings, cwd, enabled_rules(settings), &NoProgress)
}

fn enabled_rules(settings: &Settings) -> Vec<&'static dyn Rule> {
    rules::registry()
        .iter()
        .copied()
        .filter(|rule| settings.enabled_anywhere(rule.meta()))
        .collect()
}

/// The run with the given rules.
fn check_with(
    paths: &[PathBuf],
    settings: &Settings,
    cwd: &Path,
    enabled: Vec<&'static dyn Rule>,
    progress: &dyn Progress,
) -> Result<Report, FatalError> {
    let started = Instant::now();
    // The run's models, with the project's additions: on this thread while the run lasts, and
    // on every worker thread of its pool (which ends with the run).
    let run_models = models::overlaid(&settings.models.files)
        .map_err(|error| FatalError(format!("config: {}: {}", error.key, error.message)))?;
    let _active = models::activate(run_models);
    let discovery = discover(paths, settings, cwd);
    let dispatch =
        Dispatch::new(enabled.iter().copied()).with_options(settings.rule_options.clone());
    let extended_models;
    let taint_models = if settings.models.extends_no_taint_model() {
        &run_models.taint
    } else {
        extended_models = run_models.taint.extended(&settings.models);
        &extended_models
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs.unwrap_or(0))
        .stack_size(WORKER_STACK_BYTES)
        .thread_name(|i| format!("backlint-worker-{i}"))
        .start_handler(move |_| models::activate_for_thread(run_models))
        .build()
        .map_err(|e| FatalError(format!("cannot start worker threads: {e}")))?;

    let tasks: Vec<(usize, usize)> = discovery
        .crates
        .iter()
        .enumerate()
        .flat_map(|(c, unit)| (0..unit.files.len()).map(move |f| (c, f)))
        .collect();
    progress.start(Phase::Files, tasks.len());
    let analyse = |discovery: &crate::discover::Discovery, &(c, f): &(usize, usize)| {
        let unit = &discovery.crates[c];
        let entry = &unit.files[f];
        contained(|| analyse_file(entry, unit, settings, &dispatch, taint_models)).unwrap_or_else(
            |payload| FileResult::internal_error(entry, walk::panic_message(payload.as_ref())),
        )
    };
    let results: Vec<FileResult> = pool.install(|| {
        tasks
            .par_iter()
            .map(|task| {
                let result = analyse(&discovery, task);
                progress.step();
                result
            })
            .collect()
    });

    let (discovery, results) = recheck_test_only_files(discovery, results, |discovery, tasks| {
        pool.install(|| {
            tasks
                .par_iter()
                .map(|task| analyse(discovery, task))
                .collect()
        })
    });

    let mut report = Report {
        problems: discovery.problems.clone(),
        rules: enabled.iter().map(|rule| rule.meta()).collect(),
        project_root: Some(paths::project_root(cwd, settings.config_file.as_deref())),
        ..Report::default()
    };
    report.rules.sort_by_key(|meta| meta.id);
    let mut results = results.into_iter();
    let per_crate: Vec<Vec<FileResult>> = discovery
        .crates
        .iter()
        .map(|unit| results.by_ref().take(unit.files.len()).collect())
        .collect();
    // The crate passes. Every crate's index is built first, so that facts may cross the
    // crates of the workspace (which output is a command line's); a panic in one crate's pass
    // loses that crate's findings, not the others'.
    let derives = WorkspaceDerives::collect(discovery.crates.iter().zip(&per_crate).map(
        |(unit, files)| {
            (
                unit.lib_name.as_deref(),
                files.iter().map(|f| &f.facts).collect(),
            )
        },
    ));
    let resolved: Vec<std::thread::Result<Vec<Vec<Diagnostic>>>> = {
        let indexes: Vec<std::thread::Result<CrateIndex<'_>>> = discovery
            .crates
            .iter()
            .zip(&per_crate)
            .map(|(unit, files)| {
                contained(|| {
                    CrateIndex::build(
                        files.iter().map(|f| &f.facts).collect(),
                        unit.server_dependency,
                    )
                    .with_derives(&derives)
                    .with_manifest_unsafe_policy(unit.sets_unsafe_policy)
                })
            })
            .collect();
        let linked: Vec<(&CrateIndex<'_>, Option<&str>)> = indexes
            .iter()
            .zip(&discovery.crates)
            .filter_map(|(index, unit)| Some((index.as_ref().ok()?, unit.lib_name.as_deref())))
            .collect();
        // Should linking fail, each crate's facts are computed from the crate alone.
        let _ = contained(|| CrateIndex::link_workspace(&linked));
        let _ = contained(|| CrateIndex::link_members(&linked));
        let peers: Vec<&CrateIndex<'_>> = linked.iter().map(|(index, _)| *index).collect();
        let members = Members::new(&peers);
        indexes
            .iter()
            .zip(&per_crate)
            .map(|(index, files)| match index {
                Ok(index) => contained(|| resolve_conditions(index, members, files)),
                // The panic's message, for the problem that reports the crate's loss.
                Err(payload) => Err(Box::new(walk::panic_message(payload.as_ref()))
                    as Box<dyn std::any::Any + Send>),
            })
            .collect()
    };
    progress.start(Phase::Crates, discovery.crates.len());
    for ((unit, files), resolved) in discovery.crates.iter().zip(per_crate).zip(resolved) {
        let mut part = Report::default();
        let finished = resolved
            .and_then(|resolved| contained(|| finish_crate(files, resolved, settings, &mut part)));
        match finished {
            Ok(()) => {
                report.problems.append(&mut part.problems);
                report.diagnostics.append(&mut part.diagnostics);
                report.sources.append(&mut part.sources);
                report.files_checked += part.files_checked;
            }
            Err(payload) => report.problems.push(Problem {
                path: unit.root.as_deref().map_or_else(
                    || unit.files.iter().map(|f| f.display.to_string()).collect(),
                    |root| crate::paths::display_path(root, cwd),
                ),
                kind: ProblemKind::Internal,
                message: format!(
                    "internal error in the crate pass, this crate's findings are missing: {}",
                    walk::panic_message(payload.as_ref())
                ),
            }),
        }
        progress.step();
    }
    report
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report
        .diagnostics
        .dedup_by(|a, b| a.sort_key() == b.sort_key() && a.primary == b.primary);
    report.problems.sort();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// A crate's findings per file: its own, and the deferred ones whose conditions hold.
/// Files a crate compiles only for tests, through an out-of-line module its parent declares
/// under `#[cfg(test)]` (`#[cfg(test)] mod tests;` makes `src/tests/mod.rs` and the modules
/// below it test code): known only once the parent is parsed, so they are checked again as
/// tests, by `analyse` (the tasks are `(crate, file)` indexes of `discovery`).
fn recheck_test_only_files(
    mut discovery: crate::discover::Discovery,
    mut results: Vec<FileResult>,
    analyse: impl FnOnce(&crate::discover::Discovery, &[(usize, usize)]) -> Vec<FileResult>,
) -> (crate::discover::Discovery, Vec<FileResult>) {
    let mut tasks = Vec::new();
    let mut at = 0;
    for (c, unit) in discovery.crates.iter().enumerate() {
        let files = &results[at..at + unit.files.len()];
        let declared: Vec<&Vec<String>> = files
            .iter()
            .flat_map(|result| &result.facts.test_only_modules)
            .collect();
        for (f, entry) in unit.files.iter().enumerate() {
            let under = declared
                .iter()
                .any(|module| entry.module.starts_with(module.as_slice()));
            if under && matches!(entry.kind, FileKind::Service | FileKind::Tool) {
                tasks.push((c, f));
            }
        }
        at += unit.files.len();
    }
    if tasks.is_empty() {
        return (discovery, results);
    }
    for &(c, f) in &tasks {
        discovery.crates[c].files[f].kind = FileKind::Test;
    }
    let offsets: Vec<usize> = discovery
        .crates
        .iter()
        .scan(0, |next, unit| {
            let start = *next;
            *next += unit.files.len();
            Some(start)
        })
        .collect();
    let redone = analyse(&discovery, &tasks);
    for (&(c, f), result) in tasks.iter().zip(redone) {
        results[offsets[c] + f] = result;
    }
    (discovery, results)
}

fn resolve_conditions(
    index: &CrateIndex<'_>,
    members: Members<'_, '_>,
    files: &[FileResult],
) -> Vec<Vec<Diagnostic>> {
    files
        .iter()
        .enumerate()
        .map(|(file_index, file)| {
            let held = file.deferred.iter().filter_map(|deferred| {
                let flow = index.resolve_condition(members, file_index, &deferred.condition)?;
                let mut diagnostic = deferred.diagnostic.clone();
                // The flow into this function comes before the steps inside it.
                diagnostic.labels.splice(0..0, flow);
                Some(diagnostic)
            });
            file.diagnostics.iter().cloned().chain(held).collect()
        })
        .collect()
}

/// Levels and suppressions for each reported file of a crate, given its findings.
fn finish_crate(
    files: Vec<FileResult>,
    resolved: Vec<Vec<Diagnostic>>,
    settings: &Settings,
    report: &mut Report,
) {
    let known: Vec<&'static str> = rules::registry().iter().map(|r| r.meta().id).collect();
    for (file, mut diagnostics) in files.into_iter().zip(resolved) {
        report.problems.extend(file.problems);
        if !file.report {
            continue;
        }
        report.files_checked += usize::from(file.checked);
        let display = file.display.clone();
        diagnostics.retain_mut(|diagnostic| apply_level(diagnostic, settings, &display));
        if let Some(source) = &file.source {
            let enabled = |id: &str| {
                rules::find(id)
                    .is_some_and(|rule| settings.level_for(rule.meta(), &display).is_some())
            };
            let unsuppressible = |id: &str| settings.unsuppressible.contains(id);
            // A maintainer's lint attribute is an inline suppression too.
            for diagnostic in &mut diagnostics {
                if unsuppressible(diagnostic.rule) {
                    diagnostic.suppressed = None;
                }
            }
            let policy = suppress::Policy {
                known_rules: &known,
                enabled_rules: &enabled,
                unsuppressible: &unsuppressible,
                require_reason: settings.require_suppression_reason,
            };
            let mut about_suppressions =
                suppress::apply(source, &file.suppressions, &mut diagnostics, &policy);
            about_suppressions.retain_mut(|diagnostic| apply_level(diagnostic, settings, &display));
            diagnostics.extend(about_suppressions);
            if !diagnostics.is_empty() {
                report
                    .sources
                    .insert(display.clone(), Arc::from(source.text.as_str()));
            }
        }
        report.diagnostics.extend(diagnostics);
    }
}

/// Sets the configured level for the file; false when the rule is off there.
fn apply_level(diagnostic: &mut Diagnostic, settings: &Settings, display: &str) -> bool {
    let Some(rule) = rules::find(diagnostic.rule) else {
        return true;
    };
    match settings.level_for(rule.meta(), display) {
        Some(level) => {
            diagnostic.level = if diagnostic.weakened {
                level.lowered()
            } else if diagnostic.raised {
                level.raised()
            } else {
                level
            };
            true
        }
        None => false,
    }
}

impl FileResult {
    fn internal_error(entry: &crate::discover::FileEntry, message: String) -> FileResult {
        let mut result = FileResult::empty(entry);
        result.problems.push(Problem {
            path: entry.display.to_string(),
            kind: ProblemKind::Internal,
            message: format!("internal error while checking this file: {message}"),
        });
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{exit_code, EXIT_ERROR};
    use crate::rules::meta::RuleMeta;
    use crate::rules::{Node, NodeKind, RuleCx};
    use std::sync::LazyLock;

    /// A rule that panics on every function named `trigger`.
    struct PanickingRule;

    const PAGE: &str = "+++\nid = \"test-panic\"\ncategory = \"meta\"\nlevel = \"warning\"\n\
                        summary = \"panics\"\nprecision = \"high\"\n+++\n# test-panic\n";

    impl Rule for PanickingRule {
        fn meta(&self) -> &'static RuleMeta {
            static META: LazyLock<RuleMeta> =
                LazyLock::new(|| RuleMeta::parse("test-panic", PAGE).unwrap());
            &META
        }

        fn interests(&self) -> &'static [NodeKind] {
            &[NodeKind::Fn]
        }

        fn check(&self, node: Node<'_>, _cx: &mut RuleCx<'_>) {
            if let Node::Fn(function) = node {
                if function.sig.ident == "trigger" {
                    panic!("deliberate failure in `trigger`");
                }
            }
        }
    }

    /// A rule whose deferred finding names a function the crate does not have: the crate
    /// pass panics on it.
    struct BadDeferralRule;

    const BAD_DEFERRAL_PAGE: &str = "+++\nid = \"test-bad-deferral\"\ncategory = \"meta\"\n\
                                     level = \"warning\"\nsummary = \"defers badly\"\n\
                                     precision = \"high\"\n+++\n# test-bad-deferral\n";

    impl Rule for BadDeferralRule {
        fn meta(&self) -> &'static RuleMeta {
            static META: LazyLock<RuleMeta> =
                LazyLock::new(|| RuleMeta::parse("test-bad-deferral", BAD_DEFERRAL_PAGE).unwrap());
            &META
        }

        fn interests(&self) -> &'static [NodeKind] {
            &[NodeKind::Fn]
        }

        fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
            if let Node::Fn(function) = node {
                if function.sig.ident == "trigger" {
                    let at = cx.span(&function.sig.ident);
                    cx.report(at, "never shown")
                        .emit_if(crate::semantic::facts::Condition::InRequestPath(usize::MAX));
                }
            }
        }
    }

    fn write_files(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    fn default_rules_and(extra: &'static dyn Rule, settings: &Settings) -> Vec<&'static dyn Rule> {
        let mut enabled: Vec<&'static dyn Rule> = rules::registry()
            .iter()
            .copied()
            .filter(|rule| settings.enabled_anywhere(rule.meta()))
            .collect();
        enabled.push(extra);
        enabled
    }

    #[test]
    fn a_panic_in_one_crate_pass_keeps_the_other_crates_findings() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = |name: &str| {
            format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n[dependencies]\naxum = \"0.7\"\n")
        };
        write_files(
            dir.path(),
            &[
                ("bad/Cargo.toml", &manifest("bad")),
                (
                    "bad/src/main.rs",
                    "fn trigger() {}\nfn f() { println!(\"a\"); }\n",
                ),
                ("good/Cargo.toml", &manifest("good")),
                ("good/src/main.rs", "fn f() { println!(\"b\"); }\n"),
            ],
        );
        let settings = Settings::default();
        let enabled = default_rules_and(&BadDeferralRule, &settings);
        let report = check_with(
            &[PathBuf::from(".")],
            &settings,
            dir.path(),
            enabled,
            &NoProgress,
        )
        .unwrap();
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        let problem = &report.problems[0];
        assert_eq!(
            (problem.path.as_str(), problem.kind),
            ("bad", ProblemKind::Internal)
        );
        assert!(
            problem.message.starts_with(
                "internal error in the crate pass, this crate's findings are missing: index out of bounds"
            ),
            "{}",
            problem.message
        );
        let findings: Vec<(&str, &str)> = report
            .diagnostics
            .iter()
            .map(|d| (d.rule, &*d.primary.file))
            .collect();
        assert_eq!(findings, [("print-in-server", "good/src/main.rs")]);
        assert_eq!(report.files_checked, 1);
        assert_eq!(
            exit_code(&report, crate::settings::FailOn::Never),
            EXIT_ERROR
        );
    }

    #[test]
    fn files_a_parent_declares_for_tests_only_are_checked_as_tests() {
        let files = [
            (
                "Cargo.toml",
                "[package]\nname = \"svc\"\n[dependencies]\naxum = \"0.8\"\n",
            ),
            (
                "src/main.rs",
                "mod report;\n#[cfg(test)]\nmod tests;\nfn main() {}\n",
            ),
            ("src/report.rs", "pub fn show() { println!(\"report\"); }\n"),
            (
                "src/tests/mod.rs",
                "mod util;\npub fn delete_user() { println!(\"deleting\"); }\n",
            ),
            (
                "src/tests/util.rs",
                "pub fn seed() { println!(\"seeding\"); }\n",
            ),
            // An integration test's own module of the same name is not the crate's.
            ("tests/it/main.rs", "#[cfg(test)]\nmod report;\n"),
            ("tests/it/report.rs", "pub fn check() {}\n"),
        ];
        let report = crate::engine::testing::report_on(&files, &Settings::default());
        let printed: Vec<&str> = report
            .active()
            .filter(|d| d.rule == "print-in-server")
            .map(|d| &*d.primary.file)
            .collect();
        assert_eq!(printed, ["src/report.rs"]);
    }

    #[test]
    fn a_panicking_rule_is_reported_and_every_other_finding_kept() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_files(
            root,
            &[
                (
                    "Cargo.toml",
                    "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n[dependencies]\naxum = \"0.7\"\n",
                ),
                // Before and after the panic in the same file, and in another file.
                (
                    "src/main.rs",
                    "fn before() { println!(\"a\"); }\nfn trigger() {}\nfn after() { println!(\"b\"); }\n",
                ),
                ("src/other.rs", "fn trigger() {}\nfn f() { println!(\"c\"); }\n"),
            ],
        );
        let settings = Settings::default();
        let enabled = default_rules_and(&PanickingRule, &settings);
        let report =
            check_with(&[PathBuf::from(".")], &settings, root, enabled, &NoProgress).unwrap();

        let internal: Vec<(&str, &str)> = report
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Internal)
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        let message = "rule `test-panic` panicked: deliberate failure in `trigger`";
        assert_eq!(
            internal,
            [("src/main.rs", message), ("src/other.rs", message)]
        );
        let findings: Vec<(&str, &str, u32)> = report
            .diagnostics
            .iter()
            .map(|d| (d.rule, &*d.primary.file, d.primary.span.start.line))
            .collect();
        assert_eq!(
            findings,
            [
                ("print-in-server", "src/main.rs", 1),
                ("print-in-server", "src/main.rs", 3),
                ("print-in-server", "src/other.rs", 2),
            ]
        );
        assert_eq!(
            exit_code(&report, crate::settings::FailOn::Never),
            EXIT_ERROR
        );
    }
    /// Records the phases a run starts and counts the steps of each, from any thread.
    #[derive(Default)]
    struct Recorder {
        phases: std::sync::Mutex<Vec<(Phase, usize, usize)>>,
    }

    impl Progress for Recorder {
        fn start(&self, phase: Phase, total: usize) {
            self.phases.lock().unwrap().push((phase, total, 0));
        }

        fn step(&self) {
            let mut phases = self.phases.lock().unwrap();
            phases.last_mut().expect("a step before any phase").2 += 1;
        }
    }

    #[test]
    fn progress_counts_every_file_then_every_crate_on_any_number_of_threads() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = |name: &str| format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n");
        let mut files = vec![
            ("a/Cargo.toml".to_string(), manifest("a")),
            ("b/Cargo.toml".to_string(), manifest("b")),
            ("loose.rs".to_string(), "fn trigger() {}\n".to_string()),
        ];
        for i in 0..40 {
            files.push((format!("a/src/m{i}.rs"), format!("fn f{i}() {{}}\n")));
        }
        files.push(("b/src/lib.rs".to_string(), "fn trigger() {}\n".to_string()));
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        write_files(dir.path(), &files);
        for jobs in [1, 4] {
            let settings = Settings {
                jobs: Some(jobs),
                ..Settings::default()
            };
            // A panicking rule's file still counts as done.
            let enabled = default_rules_and(&PanickingRule, &settings);
            let recorder = Recorder::default();
            let report = check_with(
                &[PathBuf::from(".")],
                &settings,
                dir.path(),
                enabled,
                &recorder,
            )
            .unwrap();
            assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
            assert_eq!(
                *recorder.phases.lock().unwrap(),
                [(Phase::Files, 42, 42), (Phase::Crates, 3, 3)],
                "with {jobs} threads"
            );
        }
    }
}
