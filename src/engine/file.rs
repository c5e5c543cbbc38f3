//! The per-file pass: read, check limits, parse, build the file model, walk, scan
//! suppressions. Everything syn produced is dropped before this returns.

use std::io::ErrorKind;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Level};
use crate::discover::{CrateUnit, FileEntry};
use crate::engine::nesting::max_nesting_depth;
use crate::engine::suppress::{self, Suppression};
use crate::engine::walk::{walk, Dispatch};
use crate::messages::io_message;
use crate::report::{Problem, ProblemKind};
use crate::rules::PARSE_ERROR;
use crate::semantic::facts::{Deferred, DeriveTemplate, FileFacts};
use crate::semantic::models::TaintModels;
use crate::semantic::{derive_templates, diverging_macros};
use crate::semantic::{FieldTypes, FileModel, Imports, TypeFacts};
use crate::settings::Settings;
use crate::source::SourceFile;

/// What one file contributes to the run.
pub struct FileResult {
    pub display: Arc<str>,
    pub report: bool,
    /// The file was read and parsed (or found unparsable), not skipped.
    pub checked: bool,
    pub diagnostics: Vec<Diagnostic>,
    pub deferred: Vec<Deferred>,
    pub facts: FileFacts,
    pub suppressions: Vec<Suppression>,
    /// Kept for reported files: suppressions and the text renderer need it.
    pub source: Option<SourceFile>,
    pub problems: Vec<Problem>,
}

impl FileResult {
    pub fn empty(entry: &FileEntry) -> FileResult {
        FileResult {
            display: entry.display.clone(),
            report: entry.report,
            checked: false,
            diagnostics: Vec::new(),
            deferred: Vec::new(),
            facts: FileFacts::default(),
            suppressions: Vec::new(),
            source: None,
            problems: Vec::new(),
        }
    }

    fn skipped(mut self, kind: ProblemKind, message: String) -> FileResult {
        if self.report {
            self.problems.push(Problem {
                path: self.display.to_string(),
                kind,
                message,
            });
        }
        self
    }
}

pub fn analyse_file(
    entry: &FileEntry,
    unit: &CrateUnit,
    settings: &Settings,
    dispatch: &Dispatch,
    taint_models: &TaintModels,
) -> FileResult {
    let result = FileResult::empty(entry);
    let limits = settings.limits;
    match std::fs::metadata(&entry.path) {
        // A FIFO would block the read forever; a device could be endless.
        Ok(meta) if !meta.is_file() => {
            return result.skipped(ProblemKind::Skipped, "not a regular file".to_string());
        }
        Ok(meta) if meta.len() > limits.max_file_size => {
            let message = format!(
                "file is {} bytes, over the limit of {} (limits.max-file-size)",
                meta.len(),
                limits.max_file_size
            );
            return result.skipped(ProblemKind::Skipped, message);
        }
        Ok(_) => {}
        Err(error) => return read_failure(result, &error),
    }
    let bytes = match std::fs::read(&entry.path) {
        Ok(bytes) => bytes,
        Err(error) => return read_failure(result, &error),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            return result.skipped(
                ProblemKind::Skipped,
                format!("not valid UTF-8 (invalid byte at offset {at})"),
            );
        }
    };
    let source = SourceFile::new(entry.display.clone(), text);
    let depth = max_nesting_depth(&source.text);
    if depth > limits.max_nesting_depth {
        let message = format!(
            "nesting depth {depth} is over the limit of {} (limits.max-nesting-depth)",
            limits.max_nesting_depth
        );
        return result.skipped(ProblemKind::Skipped, message);
    }
    let result = analyse_source(result, source, entry, unit, dispatch, taint_models);
    proc_macro2::extra::invalidate_current_thread_spans();
    result
}

fn read_failure(result: FileResult, error: &std::io::Error) -> FileResult {
    match error.kind() {
        ErrorKind::NotFound => result.skipped(
            ProblemKind::Skipped,
            "file vanished before it could be read".to_string(),
        ),
        _ => result.skipped(
            ProblemKind::Io,
            format!("cannot read: {}", io_message(error)),
        ),
    }
}

fn analyse_source(
    mut result: FileResult,
    source: SourceFile,
    entry: &FileEntry,
    unit: &CrateUnit,
    dispatch: &Dispatch,
    taint_models: &TaintModels,
) -> FileResult {
    result.checked = true;
    let syntax = match syn::parse_file(&source.text) {
        Ok(syntax) => syntax,
        Err(error) => {
            if result.report {
                result.diagnostics.push(parse_error(&source, &error));
                result.source = Some(source);
            }
            return result;
        }
    };
    let imports = Imports::collect(&syntax, entry.module.clone(), unit.lib_name.clone());
    let sql_dialects = if unit.sql_dialects.is_empty() {
        crate::semantic::sql::dialects::imported_dialects(&imports)
    } else {
        unit.sql_dialects.clone()
    };
    let model = FileModel {
        source: &source,
        imports,
        fields: FieldTypes::collect(&syntax),
        types: TypeFacts::collect(&syntax),
        constants: crate::semantic::constants::FileConstants::collect(&syntax),
        features: unit.default_features.as_ref(),
        taint: taint_models,
        kind: entry.kind,
        sql_dialects,
        member_libraries: &unit.member_libraries,
        sql: Default::default(),
    };
    let output = walk(&syntax, &model, dispatch);
    let derive_templates = derived_conversions(&syntax, &model);
    let type_derives = derive_templates::type_derives(&syntax, &model.imports);
    let diverging_macros = diverging_macros::diverging_macros(&syntax);
    drop(syntax);
    for (rule, message) in output.panicked {
        result.problems.push(Problem {
            path: result.display.to_string(),
            kind: ProblemKind::Internal,
            message: format!("rule `{rule}` panicked: {message}"),
        });
    }
    result.facts = output.facts;
    result.facts.derive_templates = derive_templates;
    result.facts.type_derives = type_derives;
    result.facts.diverging_macros = diverging_macros;
    result.diagnostics = output.sink.diagnostics;
    result.deferred = output.sink.deferred;
    if result.report {
        result.suppressions = suppress::scan(&source, &output.item_lines);
        result.source = Some(source);
    }
    result
}

/// The conversions from text that the derive macros the file defines generate: each derive's
/// templates walked like hand-written code, with no rule run on them (they are not the code
/// that runs; the types that derive them are judged through these facts).
fn derived_conversions(syntax: &syn::File, model: &FileModel<'_>) -> Vec<DeriveTemplate> {
    let templates = derive_templates::templates(syntax);
    if templates.is_empty() {
        return Vec::new();
    }
    let no_rules = Dispatch::new([]);
    templates
        .into_iter()
        .map(|(derive, items)| {
            let conversions = walk(&items, model, &no_rules)
                .facts
                .conversions
                .into_iter()
                .filter(|found| found.conversion.type_name == derive_templates::PLACEHOLDER)
                .map(|found| (found.conversion.trait_name, found.safe_for))
                .collect();
            DeriveTemplate {
                derive,
                conversions,
            }
        })
        .collect()
}

fn parse_error(source: &SourceFile, error: &syn::Error) -> Diagnostic {
    let span = source.span_of(error.span());
    Diagnostic {
        primary_label: error.to_string(),
        help: Some(
            "backlint checks only files that rustc would parse; fix the syntax error".to_string(),
        ),
        snippet: source.folded_snippet(span),
        ..Diagnostic::new(
            PARSE_ERROR,
            Level::Error,
            source.location(span),
            format!("cannot parse this file: {error}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::FileKind;

    fn entry(path: std::path::PathBuf) -> FileEntry {
        FileEntry {
            path,
            display: "src/gone.rs".into(),
            report: true,
            kind: FileKind::Service,
            module: vec!["crate".to_string()],
        }
    }

    /// Discovery listed the file, then it was deleted before its task read it: the task
    /// sees exactly this state, a path that no longer exists.
    #[test]
    fn a_file_deleted_after_discovery_is_reported_as_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.rs");
        std::fs::write(&path, "fn main() {}\n").unwrap();
        std::fs::remove_file(&path).unwrap();
        let dispatch = Dispatch::new(crate::rules::registry().iter().copied());
        let result = analyse_file(
            &entry(path),
            &CrateUnit::default(),
            &Settings::default(),
            &dispatch,
            &crate::semantic::models::models().taint,
        );
        assert!(!result.checked);
        assert_eq!(
            result.problems,
            [Problem {
                path: "src/gone.rs".to_string(),
                kind: ProblemKind::Skipped,
                message: "file vanished before it could be read".to_string(),
            }]
        );
    }
}
