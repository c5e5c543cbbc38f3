//! backlint's own JSON document (`--format json`): one object, stable field names, for scripts
//! and dashboards. Fields are only ever added; a breaking change bumps `version`.
//!
//! ```text
//! {
//!   "version": 1,                        // schema version of this document
//!   "tool": {"name": "backlint", "version": "0.1.0"},
//!   "summary": {
//!     "errors": 1, "warnings": 2, "notes": 0,   // findings that count (not suppressed)
//!     "suppressed": 1,                          // findings silenced by backlint-allow comments
//!     "files_checked": 12
//!   },
//!   "diagnostics": [                     // sorted by file, line, column, rule
//!     {
//!       "rule": "sql-injection",
//!       "level": "error",                // "error" | "warning" | "note"
//!       "message": "request input reaches `sqlx::query` unescaped",
//!       "file": "src/handlers.rs",       // relative to the working directory, `/`-separated
//!       "start": {"line": 12, "column": 21},   // 1-based; columns count Unicode code points
//!       "end": {"line": 12, "column": 74},     // exclusive
//!       "byte_start": 301, "byte_end": 354,    // 0-based byte offsets, end exclusive
//!       "primary_label": "query built by formatting",   // may be ""
//!       "labels": [                      // secondary spans: sources, flow steps, related code
//!         {"file": "src/handlers.rs", "start": {…}, "end": {…}, "message": "request input enters here"}
//!       ],
//!       "help": "use a bind parameter",  // or null
//!       "notes": [],
//!       "fingerprint": "9f0c2d4e5a6b7c8d",  // 16 hex digits; survives edits elsewhere in the file
//!       "suppressed": null,              // or {"reason": "…" | null} when a backlint-allow comment applies
//!       "fix": null                      // or a machine-applicable fix of the finding's file:
//!       // {"description": "remove the suppression comment",
//!       //  "edits": [{"start": {…}, "end": {…}, "byte_start": 40, "byte_end": 82, "replacement": ""}]}
//!     }
//!   ],
//!   "problems": [                        // files that could not be checked, internal errors
//!     {"path": "src/huge.rs", "kind": "skipped", "message": "larger than 2 MiB"}   // kind: "skipped" | "io" | "internal"
//!   ],
//!   "statistics": [                      // only with --statistics: active findings per rule and
//!     {"rule": "sql-injection", "level": "error", "count": 1}   // level, most frequent first
//!   ]
//! }
//! ```

use std::io::{self, Write};

use serde::Serialize;

use super::{statistics, Problem, RenderOptions, Report};
use crate::diagnostic::{Diagnostic, Level, LineCol, Location};

/// The version of the document's schema.
const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'r> {
    version: u32,
    tool: Tool,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'r>>,
    problems: &'r [Problem],
    /// With `--statistics` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<Vec<Statistic>>,
}

/// A row of `--statistics`: how many active findings a rule has at a level.
#[derive(Serialize)]
struct Statistic {
    rule: &'static str,
    level: Level,
    count: usize,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    notes: usize,
    suppressed: usize,
    files_checked: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'r> {
    rule: &'static str,
    level: Level,
    message: &'r str,
    file: &'r str,
    start: LineCol,
    end: LineCol,
    byte_start: usize,
    byte_end: usize,
    primary_label: &'r str,
    labels: Vec<JsonLabel<'r>>,
    help: Option<&'r str>,
    notes: &'r [String],
    fingerprint: String,
    suppressed: Option<JsonSuppressed<'r>>,
    fix: Option<JsonFix<'r>>,
}

#[derive(Serialize)]
struct JsonFix<'r> {
    description: &'r str,
    edits: Vec<JsonEdit<'r>>,
}

/// Positions as for the diagnostic: lines and code-point columns 1-based, byte offsets 0-based,
/// ends exclusive.
#[derive(Serialize)]
struct JsonEdit<'r> {
    start: LineCol,
    end: LineCol,
    byte_start: usize,
    byte_end: usize,
    replacement: &'r str,
}

#[derive(Serialize)]
struct JsonLabel<'r> {
    file: &'r str,
    start: LineCol,
    end: LineCol,
    message: &'r str,
}

#[derive(Serialize)]
struct JsonSuppressed<'r> {
    /// `null` when the comment gives no reason (never `""`).
    reason: Option<&'r str>,
}

pub(super) fn render(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let document = Document {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary {
            errors: report.count(Level::Error),
            warnings: report.count(Level::Warning),
            notes: report.count(Level::Note),
            suppressed: report.suppressed_count(),
            files_checked: report.files_checked,
        },
        diagnostics: report.diagnostics.iter().map(diagnostic).collect(),
        problems: &report.problems,
        statistics: options.statistics.then(|| {
            statistics(report)
                .into_iter()
                .map(|((rule, level), count)| Statistic { rule, level, count })
                .collect()
        }),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn diagnostic(d: &Diagnostic) -> JsonDiagnostic<'_> {
    let Location { file, span } = &d.primary;
    JsonDiagnostic {
        rule: d.rule,
        level: d.level,
        message: &d.message,
        file,
        start: span.start,
        end: span.end,
        byte_start: span.byte_start,
        byte_end: span.byte_end,
        primary_label: &d.primary_label,
        labels: d
            .labels
            .iter()
            .map(|label| JsonLabel {
                file: &label.location.file,
                start: label.location.span.start,
                end: label.location.span.end,
                message: &label.message,
            })
            .collect(),
        help: d.help.as_deref(),
        notes: &d.notes,
        fingerprint: format!("{:016x}", d.stable_hash()),
        suppressed: d.suppressed.as_ref().map(|s| JsonSuppressed {
            reason: s.reason.as_deref(),
        }),
        fix: d.fix.as_ref().map(|fix| JsonFix {
            description: &fix.description,
            edits: fix
                .edits
                .iter()
                .map(|edit| JsonEdit {
                    start: edit.span.start,
                    end: edit.span.end,
                    byte_start: edit.span.byte_start,
                    byte_end: edit.span.byte_end,
                    replacement: &edit.replacement,
                })
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::report::testing::{sample_report, unused_suppression, STALE};

    fn document_with(options: RenderOptions) -> Value {
        let mut out = Vec::new();
        render(&sample_report(), &options, &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    fn document() -> Value {
        document_with(RenderOptions::default())
    }

    #[test]
    fn statistics_only_when_asked_for() {
        assert!(document().get("statistics").is_none());
        let doc = document_with(RenderOptions {
            statistics: true,
            ..RenderOptions::default()
        });
        // The sample's active findings: the suppressed unwrap is not counted.
        assert_eq!(
            doc["statistics"],
            json!([
                {"rule": "parse-error", "level": "error", "count": 1},
                {"rule": "print-in-server", "level": "warning", "count": 1},
                {"rule": "print-in-server", "level": "note", "count": 1},
                {"rule": "sql-injection", "level": "error", "count": 1},
            ])
        );
    }

    #[test]
    fn has_the_documented_shape() {
        let doc = document();
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["tool"]["name"], "backlint");
        assert_eq!(doc["tool"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(
            doc["summary"],
            json!({"errors": 2, "warnings": 1, "notes": 1, "suppressed": 1, "files_checked": 12})
        );
        assert_eq!(
            doc["problems"],
            json!([{"path": "src/huge.rs", "kind": "skipped", "message": "larger than 2 MiB"}])
        );
        let diagnostics = doc["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 5, "suppressed findings are included");
        let mut keys: Vec<&str> = diagnostics[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let mut expected = vec![
            "rule",
            "level",
            "message",
            "file",
            "start",
            "end",
            "byte_start",
            "byte_end",
            "primary_label",
            "labels",
            "help",
            "notes",
            "fingerprint",
            "suppressed",
            "fix",
        ];
        expected.sort_unstable();
        assert_eq!(keys, expected);
    }

    #[test]
    fn a_diagnostic_with_labels_help_and_suppression() {
        let doc = document();
        let find = |rule: &str| {
            doc["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["rule"] == rule)
                .unwrap()
                .clone()
        };
        let injection = find("sql-injection");
        assert_eq!(injection["level"], "error");
        assert_eq!(injection["file"], "src/handlers.rs");
        assert_eq!(injection["start"], json!({"line": 4, "column": 5}));
        assert_eq!(injection["end"], json!({"line": 4, "column": 24}));
        assert_eq!(injection["primary_label"], "query built from request input");
        assert_eq!(
            injection["labels"],
            json!([{
                "file": "src/handlers.rs",
                "start": {"line": 2, "column": 16},
                "end": {"line": 2, "column": 27},
                "message": "request input enters here"
            }])
        );
        assert_eq!(injection["help"], "pass the value with `.bind(name)`");
        assert_eq!(
            injection["notes"],
            json!(["the format string has one placeholder"])
        );
        assert_eq!(injection["suppressed"], Value::Null);
        let fingerprint = injection["fingerprint"].as_str().unwrap();
        assert_eq!(fingerprint.len(), 16);
        assert!(fingerprint.chars().all(|c| c.is_ascii_hexdigit()));

        let unwrap = find("unwrap-in-request-path");
        assert_eq!(
            unwrap["suppressed"],
            json!({"reason": "the user was created above"})
        );
        assert_eq!(unwrap["help"], Value::Null);
        assert_eq!(injection["fix"], Value::Null);
    }

    #[test]
    fn a_fix_with_its_edits() {
        let mut report = sample_report();
        report.diagnostics.push(unused_suppression());
        let mut out = Vec::new();
        render(&report, &RenderOptions::default(), &mut out).unwrap();
        let doc: Value = serde_json::from_slice(&out).unwrap();
        let finding = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "unused-suppression")
            .unwrap();
        assert_eq!(
            finding["fix"],
            json!({
                "description": "remove the suppression comment",
                "edits": [{
                    "start": {"line": 2, "column": 9},
                    "end": {"line": 2, "column": 51},
                    "byte_start": 23,
                    "byte_end": 65,
                    "replacement": ""
                }]
            })
        );
        let (start, end) = (23, 65);
        assert_eq!(
            format!("{}{}", &STALE[..start], &STALE[end..]),
            "fn handler() {\n    a();\n}\n"
        );
    }
}
