//! Renderers: one [`Report`] in, bytes out, in the format the user asked for. Every renderer
//! reads the same [`Diagnostic`] values; none of them re-reads source files except `text`,
//! which uses the texts the engine kept for files with findings.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::diagnostic::{Diagnostic, Level};
use crate::rules::meta::RuleMeta;

/// What went wrong with a file or the run itself (as opposed to a finding in the code).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Problem {
    /// The file (as displayed) or other thing the problem is about.
    pub path: String,
    pub kind: ProblemKind,
    /// One line, naming the cause.
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// A file left out on purpose: over a configured limit, not UTF-8, gone before it was read.
    Skipped,
    /// A file or directory that could not be read.
    Io,
    /// A bug in backlint (a rule panicked); the rest of the run went on.
    Internal,
}

/// The result of a run, ready to render.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file, line, column, rule; suppressed findings included (`suppressed` set).
    pub diagnostics: Vec<Diagnostic>,
    pub problems: Vec<Problem>,
    /// The rules that were enabled, sorted by id (SARIF `tool.driver.rules`).
    pub rules: Vec<&'static RuleMeta>,
    /// Source texts of files with findings, by displayed path.
    pub sources: BTreeMap<Arc<str>, Arc<str>>,
    pub files_checked: usize,
    pub elapsed: Duration,
}

impl Report {
    /// Findings that count: not suppressed.
    pub fn active(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.suppressed.is_none())
    }

    pub fn count(&self, level: Level) -> usize {
        self.active().filter(|d| d.level == level).count()
    }
}
