//! The default format: rustc-style diagnostics with source snippets (codespan-reporting),
//! then a one-line summary.
//!
//! ```text
//! error[sql-injection]: request input reaches `sqlx::query` unescaped
//!   --> src/handlers.rs:12:21
//!    |
//!  9 |     let name = params.name;
//!    |                ----------- request input enters here
//!    ⋮
//! 12 |     sqlx::query(&format!("select * from users where name = '{name}'"))
//!    |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ query built by formatting
//!    |
//!    = help: use a bind parameter: `sqlx::query("… where name = $1").bind(name)`
//!
//! backlint: 1 error in 12 files (0.04s)
//! ```
//!
//! A finding whose file text the report does not hold is printed without a snippet:
//! `src/a.rs:3:5: error[rule]: message`, with its labels, help and notes below it.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic::{
    Diagnostic as Snippet, Label as SnippetLabel, LabelStyle, Severity,
};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Ansi, Chars, Config};

use super::{plural, shown, write_statistics, RenderOptions, Report};
use crate::diagnostic::{Diagnostic, Level, Location};

/// The source texts of a report, indexed for codespan-reporting.
pub(super) struct Sources {
    files: SimpleFiles<Arc<str>, Arc<str>>,
    ids: BTreeMap<Arc<str>, usize>,
    config: Config,
}

impl Sources {
    pub(super) fn new(report: &Report) -> Sources {
        let mut files = SimpleFiles::new();
        let ids = report
            .sources
            .iter()
            .map(|(path, text)| (path.clone(), files.add(path.clone(), text.clone())))
            .collect();
        let config = Config {
            chars: Chars::ascii(),
            ..Config::default()
        };
        Sources { files, ids, config }
    }

    /// The file id and byte range of `location`, if its text is known and the range fits it.
    fn range(&self, location: &Location) -> Option<(usize, Range<usize>)> {
        let id = *self.ids.get(&location.file)?;
        let text = self.files.get(id).ok()?.source();
        let span = location.span;
        let fits = span.byte_start <= span.byte_end
            && text.is_char_boundary(span.byte_start)
            && text.is_char_boundary(span.byte_end);
        fits.then_some((id, span.byte_start..span.byte_end))
    }
}

/// Renders the report: findings, the optional statistics table, the summary line.
pub(super) fn render(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let sources = Sources::new(report);
    for diagnostic in shown(report, options) {
        out.write_all(&diagnostic_bytes(diagnostic, &sources, options.color))?;
    }
    if options.statistics {
        write_statistics(report, out)?;
        if !options.quiet {
            writeln!(out)?;
        }
    }
    if !options.quiet {
        writeln!(out, "{}", summary(report))?;
    }
    Ok(())
}

/// One diagnostic as rustc would print it, without colour (cargo-json's `rendered`).
/// A finding on a secret is rendered without its source lines: these reports are stored
/// (JUnit results, editors' cargo messages), unlike the terminal's.
pub(super) fn rendered(diagnostic: &Diagnostic, sources: &Sources) -> String {
    if diagnostic.hides_secret {
        return plain(diagnostic);
    }
    String::from_utf8_lossy(&diagnostic_bytes(diagnostic, sources, false)).into_owned()
}

/// One diagnostic, followed by a blank line: with a snippet when its source is known and
/// codespan accepts the spans, else in the plain form.
fn diagnostic_bytes(diagnostic: &Diagnostic, sources: &Sources, color: bool) -> Vec<u8> {
    if let Some(snippet) = snippet(diagnostic, sources) {
        let mut buffer = Vec::new();
        let written = if color {
            let mut styled = Ansi::new(&mut buffer);
            term::emit_to_write_style(&mut styled, &sources.config, &sources.files, &snippet)
        } else {
            term::emit_to_io_write(&mut buffer, &sources.config, &sources.files, &snippet)
        };
        if written.is_ok() {
            return buffer;
        }
    }
    plain(diagnostic).into_bytes()
}

/// The codespan form of a diagnostic; `None` when the primary span's source is unknown.
fn snippet(diagnostic: &Diagnostic, sources: &Sources) -> Option<Snippet<usize>> {
    let (file, range) = sources.range(&diagnostic.primary)?;
    let mut labels =
        vec![SnippetLabel::new(LabelStyle::Primary, file, range)
            .with_message(&diagnostic.primary_label)];
    let mut notes = Vec::new();
    for label in &diagnostic.labels {
        match sources.range(&label.location) {
            Some((file, range)) => labels.push(
                SnippetLabel::new(LabelStyle::Secondary, file, range).with_message(&label.message),
            ),
            None => notes.push(format!(
                "note: {}: {}",
                position(&label.location),
                label.message
            )),
        }
    }
    notes.extend(trailer(diagnostic));
    Some(
        Snippet::new(severity(diagnostic.level))
            .with_code(diagnostic.rule)
            .with_message(&diagnostic.message)
            .with_labels(labels)
            .with_notes(notes),
    )
}

/// The plain form, for a finding whose source text is unknown.
fn plain(diagnostic: &Diagnostic) -> String {
    let mut text = format!(
        "{}: {}[{}]: {}\n",
        position(&diagnostic.primary),
        diagnostic.level,
        diagnostic.rule,
        diagnostic.message
    );
    if !diagnostic.primary_label.is_empty() {
        text += &format!("  = note: {}\n", diagnostic.primary_label);
    }
    for label in &diagnostic.labels {
        text += &format!(
            "  = note: {}: {}\n",
            position(&label.location),
            label.message
        );
    }
    for line in trailer(diagnostic) {
        text += &format!("  = {line}\n");
    }
    text.push('\n');
    text
}

/// The `note:` and `help:` lines under a diagnostic, and why it is suppressed if it is.
fn trailer(diagnostic: &Diagnostic) -> impl Iterator<Item = String> + '_ {
    let suppressed = diagnostic
        .suppressed
        .as_ref()
        .map(|s| format!("note: {}", s.describe()));
    diagnostic
        .notes
        .iter()
        .map(|note| format!("note: {note}"))
        .chain(diagnostic.help.iter().map(|help| format!("help: {help}")))
        .chain(suppressed)
}

/// `path:line:col`
fn position(location: &Location) -> String {
    let start = location.span.start;
    format!("{}:{}:{}", location.file, start.line, start.column)
}

fn severity(level: Level) -> Severity {
    match level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Note => Severity::Note,
    }
}

/// `backlint: 3 errors, 2 warnings, 1 note in 12 files, 4 suppressed, 7 baselined (0.04s)`
fn summary(report: &Report) -> String {
    let counts: Vec<String> = [
        (Level::Error, "error"),
        (Level::Warning, "warning"),
        (Level::Note, "note"),
    ]
    .into_iter()
    .map(|(level, noun)| (report.count(level), noun))
    .filter(|(count, _)| *count > 0)
    .map(|(count, noun)| plural(count, noun))
    .collect();
    let findings = if counts.is_empty() {
        "no findings".to_string()
    } else {
        counts.join(", ")
    };
    let suppressed = match report.suppressed_count() {
        0 => String::new(),
        n => format!(", {n} suppressed"),
    };
    let baselined = match report.baselined.as_ref().map_or(0, Vec::len) {
        0 => String::new(),
        n => format!(", {n} baselined"),
    };
    format!(
        "backlint: {findings} in {}{suppressed}{baselined} ({:.2}s)",
        plural(report.files_checked, "file"),
        report.elapsed.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::sample_report;

    fn text(report: &Report, options: RenderOptions) -> String {
        let mut out = Vec::new();
        render(report, &options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn renders_rustc_style_without_colour() {
        let out = text(&sample_report(), RenderOptions::default());
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(out.contains("error[sql-injection]: request input reaches `sqlx::query` unescaped\n  --> src/handlers.rs:4:5\n"), "{out}");
        assert!(
            out.contains("^^^^^^^^^^^^^^^^^^^ query built from request input"),
            "{out}"
        );
        assert!(
            out.contains("----------- request input enters here"),
            "{out}"
        );
        assert!(
            out.contains("= note: the format string has one placeholder\n"),
            "{out}"
        );
        assert!(
            out.contains("= help: pass the value with `.bind(name)`\n"),
            "{out}"
        );
        assert!(
            out.contains("warning[print-in-server]: `println!` in server code"),
            "{out}"
        );
        assert!(
            !out.contains("unwrap-in-request-path"),
            "suppressed findings are hidden: {out}"
        );
        assert!(
            out.ends_with(
                "backlint: 2 errors, 1 warning, 1 note in 12 files, 1 suppressed (0.04s)\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn falls_back_to_one_line_without_source() {
        let out = text(&sample_report(), RenderOptions::default());
        assert!(
            out.contains(
                "src/données/ünï.rs:2:10: note[print-in-server]: `dbg!` in server code\n\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("src/my module/a,b.rs:1:4: error[parse-error]: expected identifier\n"),
            "{out}"
        );
    }

    #[test]
    fn colours_only_when_asked() {
        let options = RenderOptions {
            color: true,
            ..RenderOptions::default()
        };
        let out = text(&sample_report(), options);
        assert!(out.contains('\u{1b}'), "{out}");
        assert!(out.contains("sql-injection"), "{out}");
    }

    #[test]
    fn quiet_drops_the_summary_and_statistics_come_before_it() {
        let report = sample_report();
        let quiet = text(
            &report,
            RenderOptions {
                quiet: true,
                ..RenderOptions::default()
            },
        );
        assert!(!quiet.contains("backlint:"), "{quiet}");
        let stats = text(
            &report,
            RenderOptions {
                statistics: true,
                ..RenderOptions::default()
            },
        );
        let table = "1  parse-error      error\n1  print-in-server  warning\n1  print-in-server  note\n1  sql-injection    error\n\nbacklint: ";
        assert!(stats.contains(table), "{stats}");
    }

    #[test]
    fn shows_suppressed_findings_on_request() {
        let options = RenderOptions {
            show_suppressed: true,
            ..RenderOptions::default()
        };
        let out = text(&sample_report(), options);
        assert!(out.contains("warning[unwrap-in-request-path]"), "{out}");
        assert!(
            out.contains("= note: suppressed: the user was created above"),
            "{out}"
        );
    }

    #[test]
    fn summarises_a_clean_run() {
        let report = Report {
            files_checked: 1,
            ..Report::default()
        };
        assert_eq!(
            text(&report, RenderOptions::default()),
            "backlint: no findings in 1 file (0.00s)\n"
        );
    }

    #[test]
    fn an_out_of_range_span_falls_back_to_the_plain_form() {
        let mut report = sample_report();
        for diagnostic in &mut report.diagnostics {
            diagnostic.primary.span.byte_end = 10_000;
        }
        let out = text(&report, RenderOptions::default());
        assert!(
            out.contains(
                "src/handlers.rs:4:5: error[sql-injection]: request input reaches `sqlx::query` unescaped\n\
                 \x20 = note: query built from request input\n\
                 \x20 = note: src/handlers.rs:2:16: request input enters here\n\
                 \x20 = note: the format string has one placeholder\n\
                 \x20 = help: pass the value with `.bind(name)`\n\n"
            ),
            "{out}"
        );
    }
}
