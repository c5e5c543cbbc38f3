//! cargo's `--message-format json` stream (`--format cargo-json`), so editors that run a
//! check command (rust-analyzer's `check.overrideCommand`) show backlint's findings inline.
//!
//! One `compiler-message` object per active finding, with rustc's diagnostic shape: the
//! rule id as `code`, the primary span and each label as `spans`, notes and help as
//! `children`, and `rendered` holding the finding as the text format prints it (no colour);
//! then `{"reason":"build-finished","success":…}`, `success` meaning no error-level finding.
//! `package_id`, `manifest_path` and `target` are those of the package and target the
//! finding's file belongs to ([`Owners`]: cargo's own, or inferred from the file layout when
//! cargo cannot say; a file in no package has no `manifest_path`).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::text::{rendered, Sources};
use super::Report;
use crate::cargo::{Owners, Target};
use crate::diagnostic::{Diagnostic, Level, Location};

#[derive(Serialize)]
struct CompilerMessage<'r> {
    reason: &'static str,
    package_id: &'r str,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "lossy_manifest_path"
    )]
    manifest_path: Option<&'r Path>,
    target: &'r Target,
    message: Message<'r>,
}

fn lossy_manifest_path<S: serde::Serializer>(
    path: &Option<&Path>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.unwrap_or(Path::new("")).to_string_lossy())
}

/// A rustc diagnostic; children have no `$message_type`.
#[derive(Serialize)]
struct Message<'r> {
    #[serde(rename = "$message_type", skip_serializing_if = "Option::is_none")]
    message_type: Option<&'static str>,
    message: &'r str,
    code: Option<Code>,
    level: &'static str,
    spans: Vec<MessageSpan<'r>>,
    children: Vec<Message<'r>>,
    rendered: Option<String>,
}

#[derive(Serialize)]
struct Code {
    code: &'static str,
    explanation: Option<String>,
}

#[derive(Serialize)]
struct MessageSpan<'r> {
    file_name: &'r str,
    byte_start: usize,
    byte_end: usize,
    line_start: u32,
    line_end: u32,
    column_start: u32,
    column_end: u32,
    is_primary: bool,
    text: &'static [String],
    label: Option<&'r str>,
    suggested_replacement: Option<String>,
    suggestion_applicability: Option<String>,
    expansion: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct BuildFinished {
    reason: &'static str,
    success: bool,
}

pub(super) fn render(report: &Report, owners: &Owners, out: &mut dyn Write) -> io::Result<()> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let sources = Sources::new(report);
    // Looked up (or inferred) once per file.
    let mut by_file = BTreeMap::new();
    for diagnostic in report.active() {
        let file: &str = &diagnostic.primary.file;
        let owner = by_file
            .entry(file)
            .or_insert_with(|| owners.owner(file, &cwd));
        let line = CompilerMessage {
            reason: "compiler-message",
            package_id: &owner.package_id,
            manifest_path: owner.manifest_path.as_deref(),
            target: &owner.target,
            message: message(diagnostic, &sources),
        };
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    }
    let finished = BuildFinished {
        reason: "build-finished",
        success: report.count(Level::Error) == 0,
    };
    serde_json::to_writer(&mut *out, &finished)?;
    writeln!(out)
}

fn message<'r>(diagnostic: &'r Diagnostic, sources: &Sources) -> Message<'r> {
    let primary = span(&diagnostic.primary, &diagnostic.primary_label, true);
    let labels = diagnostic
        .labels
        .iter()
        .map(|label| span(&label.location, &label.message, false));
    let notes = diagnostic.notes.iter().map(|note| child("note", note));
    let help = diagnostic.help.iter().map(|help| child("help", help));
    Message {
        message_type: Some("diagnostic"),
        message: &diagnostic.message,
        code: Some(Code {
            code: diagnostic.rule,
            explanation: None,
        }),
        level: diagnostic.level.as_str(),
        spans: std::iter::once(primary).chain(labels).collect(),
        children: notes.chain(help).collect(),
        rendered: Some(rendered(diagnostic, sources)),
    }
}

fn child<'r>(level: &'static str, text: &'r str) -> Message<'r> {
    Message {
        message_type: None,
        message: text,
        code: None,
        level,
        spans: Vec::new(),
        children: Vec::new(),
        rendered: None,
    }
}

fn span<'r>(at: &'r Location, label: &'r str, is_primary: bool) -> MessageSpan<'r> {
    MessageSpan {
        file_name: &at.file,
        byte_start: at.span.byte_start,
        byte_end: at.span.byte_end,
        line_start: at.span.start.line,
        line_end: at.span.end.line,
        column_start: at.span.start.column,
        column_end: at.span.end.column,
        is_primary,
        text: &[],
        label: (!label.is_empty()).then_some(label),
        suggested_replacement: None,
        suggestion_applicability: None,
        expansion: None,
    }
}

#[cfg(test)]
mod tests {
    use cargo_metadata::diagnostic::DiagnosticLevel;
    use cargo_metadata::Message as CargoMessage;

    use super::*;
    use crate::cargo::Owner;
    use crate::report::testing::sample_report;

    /// `src/handlers.rs` in the library of `svc`; the sample's other files are not resolved.
    fn owners() -> Owners {
        let target = Target {
            kind: vec!["lib".into()],
            crate_types: vec!["lib".into()],
            name: "svc".into(),
            src_path: PathBuf::from("/w/svc/src/lib.rs"),
            edition: "2021".into(),
            required_features: None,
            doc: Some(true),
            doctest: true,
            test: true,
        };
        let owner = Owner {
            package_id: "path+file:///w/svc#0.1.0".into(),
            manifest_path: Some(PathBuf::from("/w/svc/Cargo.toml")),
            target,
        };
        Owners::of_files([("src/handlers.rs".to_string(), owner)])
    }

    fn messages(report: &Report) -> (String, Vec<CargoMessage>) {
        let mut out = Vec::new();
        render(report, &owners(), &mut out).unwrap();
        let messages = CargoMessage::parse_stream(out.as_slice())
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        (String::from_utf8(out).unwrap(), messages)
    }

    #[test]
    fn cargo_metadata_reads_every_line() {
        let report = sample_report();
        let (text, messages) = messages(&report);
        assert_eq!(messages.len(), report.active().count() + 1, "{text}");
        assert!(
            text.lines()
                .all(|line| !line.contains("unwrap-in-request-path")),
            "{text}"
        );
        let diagnostics: Vec<_> = messages
            .iter()
            .filter_map(|message| match message {
                CargoMessage::CompilerMessage(message) => Some(message),
                _ => None,
            })
            .collect();
        assert_eq!(diagnostics.len(), report.active().count());
        let injection = diagnostics
            .iter()
            .find(|m| m.message.code.as_ref().unwrap().code == "sql-injection")
            .unwrap();
        assert_eq!(injection.package_id.repr, "path+file:///w/svc#0.1.0");
        assert_eq!(injection.target.name, "svc");
        assert_eq!(injection.target.src_path, "/w/svc/src/lib.rs");
        let raw: serde_json::Value = serde_json::from_str(
            text.lines()
                .find(|line| line.contains("sql-injection"))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(raw["manifest_path"], "/w/svc/Cargo.toml");
        // cargo's fields, in cargo's order.
        assert!(
            text.contains(
                r#""target":{"kind":["lib"],"crate_types":["lib"],"name":"svc","src_path":"/w/svc/src/lib.rs","edition":"2021","doc":true,"doctest":true,"test":true}"#
            ),
            "{text}"
        );
        // Files that were not resolved are inferred from the layout, never left out.
        assert!(diagnostics
            .iter()
            .all(|m| m.package_id.repr.starts_with("path+file:///")));
        let message = &injection.message;
        assert_eq!(message.level, DiagnosticLevel::Error);
        assert_eq!(
            message.message,
            "request input reaches `sqlx::query` unescaped"
        );
        let primary = &message.spans[0];
        assert!(primary.is_primary);
        assert_eq!(primary.file_name, "src/handlers.rs");
        assert_eq!((primary.line_start, primary.column_start), (4, 5));
        assert_eq!((primary.line_end, primary.column_end), (4, 24));
        assert_eq!(
            primary.label.as_deref(),
            Some("query built from request input")
        );
        let label = &message.spans[1];
        assert!(!label.is_primary);
        assert_eq!(label.label.as_deref(), Some("request input enters here"));
        let children: Vec<_> = message
            .children
            .iter()
            .map(|child| (child.level, child.message.as_str()))
            .collect();
        assert_eq!(
            children,
            [
                (
                    DiagnosticLevel::Note,
                    "the format string has one placeholder"
                ),
                (DiagnosticLevel::Help, "pass the value with `.bind(name)`"),
            ]
        );
        let rendered = message.rendered.as_deref().unwrap();
        assert!(
            rendered.starts_with("error[sql-injection]: request input reaches"),
            "{rendered}"
        );
        assert!(rendered.contains("= help: pass the value"), "{rendered}");
        assert!(!rendered.contains('\u{1b}'), "{rendered}");
        assert!(text.contains("\"$message_type\":\"diagnostic\""), "{text}");

        let warning = diagnostics
            .iter()
            .find(|m| m.message.level == DiagnosticLevel::Warning)
            .unwrap();
        assert_eq!(
            warning.message.spans[0].label, None,
            "an empty label is null"
        );
    }

    #[test]
    fn ends_with_build_finished() {
        let (_, with_errors) = messages(&sample_report());
        assert!(matches!(
            with_errors.last(),
            Some(CargoMessage::BuildFinished(finished)) if !finished.success
        ));
        let (text, clean) = messages(&Report::default());
        assert_eq!(text, "{\"reason\":\"build-finished\",\"success\":true}\n");
        assert_eq!(clean.len(), 1);
    }
}
