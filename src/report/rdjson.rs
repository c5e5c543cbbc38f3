//! reviewdog's Diagnostic Format (`--format rdjson`): one `DiagnosticResult` that
//! `reviewdog -f=rdjson` turns into review comments, with suggested changes where a finding
//! has a fix.
//!
//! ```text
//! {"source": {"name": "backlint", "url": "https://github.com/backlint/backlint"},
//!  "diagnostics": [{
//!    "message": "unused suppression of `print-in-server`\nhelp: remove it",
//!    "location": {"path": "src/handlers.rs",
//!                 "range": {"start": {"line": 9, "column": 28}, "end": {"line": 9, "column": 43}}},
//!    "severity": "WARNING",
//!    "code": {"value": "unused-suppression", "url": "…/rules/unused-suppression.md"},
//!    "suggestions": [{"range": {"start": {"line": 9, "column": 9}, "end": {"line": 9, "column": 60}}, "text": ""}],
//!    "related_locations": [{"message": "…", "location": {…}}]}]}
//! ```
//!
//! One diagnostic per active finding (suppressed ones and those a baseline holds are left
//! out). The format counts columns in UTF-8 bytes, so they are computed from the kept source
//! text; a position whose text is not known (a label in a file without findings) gives its
//! line only. Each edit of a fix is a suggestion; a fix whose positions are not all known
//! gives none.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::source_lines::SourceLines;
use super::{help_uri, Report};
use crate::diagnostic::{Diagnostic, Level, LineCol, Location, Span};

#[derive(Serialize)]
struct DiagnosticResult<'r> {
    source: Source,
    diagnostics: Vec<RdDiagnostic<'r>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct RdDiagnostic<'r> {
    message: String,
    location: RdLocation<'r>,
    severity: &'static str,
    code: Code,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<Suggestion<'r>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'r>>,
}

#[derive(Serialize)]
struct RdLocation<'r> {
    path: &'r str,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

/// A 1-based line and, when known, a 1-based column in UTF-8 bytes.
#[derive(Serialize)]
struct Position {
    line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
}

#[derive(Serialize)]
struct Code {
    value: &'static str,
    url: String,
}

#[derive(Serialize)]
struct Suggestion<'r> {
    range: Range,
    text: &'r str,
}

#[derive(Serialize)]
struct RelatedLocation<'r> {
    #[serde(skip_serializing_if = "str::is_empty")]
    message: &'r str,
    location: RdLocation<'r>,
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let texts = SourceLines::of_report(report);
    let result = DiagnosticResult {
        source: Source {
            name: env!("CARGO_PKG_NAME"),
            url: env!("CARGO_PKG_REPOSITORY"),
        },
        diagnostics: report
            .active()
            .map(|diagnostic| rd_diagnostic(diagnostic, &texts))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &result)?;
    writeln!(out)
}

fn rd_diagnostic<'r>(
    diagnostic: &'r Diagnostic,
    texts: &HashMap<&str, SourceLines>,
) -> RdDiagnostic<'r> {
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message += "\nhelp: ";
        message += help;
    }
    RdDiagnostic {
        message,
        location: location(&diagnostic.primary, texts),
        severity: severity(diagnostic.level),
        code: Code {
            value: diagnostic.rule,
            url: help_uri(diagnostic.rule),
        },
        suggestions: suggestions(diagnostic, texts),
        related_locations: diagnostic
            .labels
            .iter()
            .map(|label| RelatedLocation {
                message: &label.message,
                location: location(&label.location, texts),
            })
            .collect(),
    }
}

/// The fix's edits, when every position of them is known.
fn suggestions<'r>(
    diagnostic: &'r Diagnostic,
    texts: &HashMap<&str, SourceLines>,
) -> Vec<Suggestion<'r>> {
    let Some(fix) = &diagnostic.fix else {
        return Vec::new();
    };
    let lines = texts.get(&*diagnostic.primary.file);
    fix.edits
        .iter()
        .map(|edit| {
            let range = range(&edit.span, lines);
            let known = range.start.column.is_some() && range.end.column.is_some();
            known.then_some(Suggestion {
                range,
                text: &edit.replacement,
            })
        })
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default()
}

fn location<'r>(at: &'r Location, texts: &HashMap<&str, SourceLines>) -> RdLocation<'r> {
    RdLocation {
        path: &at.file,
        range: range(&at.span, texts.get(&*at.file)),
    }
}

fn range(span: &Span, lines: Option<&SourceLines>) -> Range {
    let position = |at: LineCol| Position {
        line: at.line.max(1),
        column: lines.and_then(|lines| lines.byte_column(at)),
    };
    let end = if span.end < span.start {
        span.start
    } else {
        span.end
    };
    Range {
        start: position(span.start),
        end: position(end),
    }
}

fn severity(level: Level) -> &'static str {
    match level {
        Level::Error => "ERROR",
        Level::Warning => "WARNING",
        Level::Note => "INFO",
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::{json, Value};

    use super::*;
    use crate::report::testing::{sample_report, unused_suppression, STALE};

    fn rdjson(report: &Report) -> Value {
        let mut out = Vec::new();
        render(report, &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    fn of<'v>(result: &'v Value, rule: &str) -> &'v Value {
        result["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"]["value"] == rule)
            .unwrap()
    }

    #[test]
    fn one_diagnostic_per_active_finding() {
        let result = rdjson(&sample_report());
        assert_eq!(
            result["source"],
            json!({"name": "backlint", "url": "https://github.com/backlint/backlint"})
        );
        let rules: Vec<&str> = result["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"]["value"].as_str().unwrap())
            .collect();
        assert_eq!(
            rules,
            [
                "print-in-server",
                "sql-injection",
                "print-in-server",
                "parse-error"
            ]
        );
        let injection = of(&result, "sql-injection");
        assert_eq!(
            *injection,
            json!({
                "message": "request input reaches `sqlx::query` unescaped\nhelp: pass the value with `.bind(name)`",
                "location": {
                    "path": "src/handlers.rs",
                    "range": {"start": {"line": 4, "column": 5}, "end": {"line": 4, "column": 24}}
                },
                "severity": "ERROR",
                "code": {"value": "sql-injection", "url": help_uri("sql-injection")},
                "related_locations": [{
                    "message": "request input enters here",
                    "location": {
                        "path": "src/handlers.rs",
                        "range": {"start": {"line": 2, "column": 16}, "end": {"line": 2, "column": 27}}
                    }
                }]
            })
        );
        assert_eq!(of(&result, "parse-error")["severity"], "ERROR");
        assert_eq!(result["diagnostics"][0]["severity"], "INFO");
        assert_eq!(result["diagnostics"][2]["severity"], "WARNING");
    }

    #[test]
    fn columns_count_bytes_or_are_left_out() {
        let mut report = sample_report();
        // `src/données/ünï.rs` holds `\nfn é() { dbg!(1); }\n`: `dbg!` is at code point 10,
        // byte 11 (`é` takes two bytes). Without the text, only lines are given.
        let unknown = rdjson(&report);
        assert_eq!(
            unknown["diagnostics"][0]["location"]["range"],
            json!({"start": {"line": 2}, "end": {"line": 2}})
        );
        report.sources.insert(
            Arc::from("src/données/ünï.rs"),
            Arc::from("\nfn é() { dbg!(1); }\n"),
        );
        let known = rdjson(&report);
        assert_eq!(
            known["diagnostics"][0]["location"]["range"],
            json!({"start": {"line": 2, "column": 11}, "end": {"line": 2, "column": 18}})
        );
    }

    #[test]
    fn a_fix_becomes_suggestions() {
        let mut report = sample_report();
        report.diagnostics.push(unused_suppression());
        report
            .sources
            .insert(Arc::from("src/stale.rs"), Arc::from(STALE));
        let result = rdjson(&report);
        assert_eq!(
            of(&result, "unused-suppression")["suggestions"],
            json!([{
                "range": {"start": {"line": 2, "column": 9}, "end": {"line": 2, "column": 51}},
                "text": ""
            }])
        );
        assert!(of(&result, "sql-injection").get("suggestions").is_none());

        report.sources.remove("src/stale.rs");
        let result = rdjson(&report);
        assert!(
            of(&result, "unused-suppression")
                .get("suggestions")
                .is_none(),
            "no suggestion at guessed columns"
        );
    }
}
