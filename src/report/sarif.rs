//! SARIF 2.1.0 (`--format sarif`) for code-scanning platforms, shaped for GitHub code scanning.
//!
//! One run. `tool.driver` lists every enabled rule with its documentation (short and full
//! description, help as text and Markdown, `helpUri`, default level, tags such as `security`
//! and `external/cwe/cwe-089`, `precision`, and a string `security-severity`). Each result has
//! a `ruleId` and `ruleIndex`, a `%SRCROOT%`-relative URI (declared in `originalUriBaseIds` as
//! the project root, see `crate::paths`) or a `file://` URI for files outside it, a region with 1-based lines,
//! code-point columns (`columnKind` `unicodeCodePoints`) and an exclusive `endColumn` — for the
//! primary location with the flagged code as `snippet` and a `contextRegion` around it — a
//! `partialFingerprints` entry, `relatedLocations` for the labels and, for security rules,
//! a `codeFlows` path through the labels to the primary span, and `fixes` (one artifact change
//! of the finding's file) for a finding with a fix. Suppressed findings are kept,
//! with `suppressions` (kind `inSource`, status `accepted`, the reason as `justification`);
//! the others have an empty `suppressions`. When a baseline was applied, the findings it holds
//! are reported too, and every result carries a `baselineState`: `unchanged` for those and
//! for suppressed ones, `new` for the others. Problems become tool execution notifications.
//! GitHub keeps at most 25,000 results per run: beyond that the least severe are dropped and
//! a notification says so.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::Path;

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, ArtifactLocation, CodeFlow, Fix as SarifFix, Invocation,
    Location as SarifLocation, Message, MultiformatMessageString, Notification, PhysicalLocation,
    PropertyBag, Region, Replacement, ReportingConfiguration, ReportingDescriptor,
    ReportingDescriptorReference, Result as SarifResult, ResultLevel, Run, Sarif, Suppression,
    ThreadFlow, ThreadFlowLocation, Tool, ToolComponent,
};

use super::source_lines::SourceLines;
use super::{
    fingerprinted, help_uri, path_below_root, Fingerprinted, Problem, ProblemKind, Report,
};
use crate::diagnostic::{Diagnostic, Fix, Level, Location, Span};
use crate::rules::meta::{Category, RuleMeta};

/// The schema the output declares (and is tested against).
const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// GitHub code scanning drops a run with more results than this.
const MAX_RESULTS: usize = 25_000;
/// GitHub shows at most this many characters of a rule's `fullDescription`.
const FULL_DESCRIPTION_LIMIT: usize = 1024;
const SRCROOT: &str = "%SRCROOT%";
const FINGERPRINT_KEY: &str = "backlintFingerprint/v1";

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let cwd = std::env::current_dir().ok();
    let log = build(report, cwd.as_deref(), MAX_RESULTS);
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// The SARIF log of `report`, whose displayed paths are relative to `cwd`, with at most
/// `max_results` results.
fn build(report: &Report, cwd: Option<&Path>, max_results: usize) -> Sarif {
    let base = UriBase {
        cwd,
        root: report.project_root.as_deref().or(cwd),
    };
    let rules = driver_rules(report);
    let rule_index: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(index, meta)| (meta.id, index))
        .collect();
    let fingerprinted = fingerprinted(report);
    let findings = findings(report, &fingerprinted);
    let texts = SourceLines::of_report(report);
    let kept = select(&findings, max_results);
    let results: Vec<SarifResult> = kept
        .iter()
        .map(|&at| {
            let Finding {
                diagnostic,
                baseline,
                fingerprint,
            } = findings[at];
            let index = rule_index.get(diagnostic.rule).copied();
            let security = index.is_some_and(|i| rules[i].category == Category::Security);
            let lines = texts.get(&*diagnostic.primary.file);
            let mut result = result(diagnostic, index, security, fingerprint, lines, &base);
            result.baseline_state = baseline.map(|state| json!(state.as_str()));
            result
        })
        .collect();

    let mut notifications: Vec<Notification> = report
        .problems
        .iter()
        .map(|problem| notification(problem, &base))
        .collect();
    if kept.len() < findings.len() {
        notifications.push(truncation_notice(findings.len(), kept.len()));
    }
    let mut invocation = Invocation::builder()
        .execution_successful(
            !report
                .problems
                .iter()
                .any(|p| p.kind == ProblemKind::Internal),
        )
        .build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }

    let driver = ToolComponent::builder()
        .name(env!("CARGO_PKG_NAME"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(
            rules
                .iter()
                .map(|meta| descriptor(meta))
                .collect::<Vec<_>>(),
        )
        .build();
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        .column_kind(json!("unicodeCodePoints"))
        .build();
    run.original_uri_base_ids = base.root.and_then(root_uri).map(|uri| {
        BTreeMap::from([(
            SRCROOT.to_string(),
            ArtifactLocation::builder().uri(uri).build(),
        )])
    });
    Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// A finding to report with its fingerprint and, when a baseline was applied, whether the
/// baseline held it.
#[derive(Clone, Copy)]
struct Finding<'r> {
    diagnostic: &'r Diagnostic,
    baseline: Option<BaselineState>,
    fingerprint: &'r str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum BaselineState {
    New,
    Unchanged,
}

impl BaselineState {
    fn as_str(self) -> &'static str {
        match self {
            BaselineState::New => "new",
            BaselineState::Unchanged => "unchanged",
        }
    }
}

/// The report's findings and the ones its baseline held, in report order.
///
/// With a baseline, every result needs a `baselineState` (SARIF §3.27.24: present on all
/// results of a run or on none), suppressed ones included. A suppressed result is
/// `unchanged`, whether or not the baseline file holds it: the gate compares against what the
/// project has accepted — the recorded baseline and the `backlint-allow` comments in the code
/// (SARIF models both as suppressions) — so a suppressed finding is never a new problem, and
/// `new` would make consumers that act on `baselineState` alone (file an issue, fail a build)
/// act on a finding the code has accepted. (GitHub code scanning does not read
/// `baselineState`; it closes an alert whose result has an accepted suppression.)
fn findings<'r>(report: &'r Report, fingerprinted: &'r [Fingerprinted<'r>]) -> Vec<Finding<'r>> {
    let baseline_applied = report.baselined.is_some();
    fingerprinted
        .iter()
        .map(|finding| Finding {
            diagnostic: finding.diagnostic,
            baseline: baseline_applied.then_some(
                if finding.baselined || finding.diagnostic.suppressed.is_some() {
                    BaselineState::Unchanged
                } else {
                    BaselineState::New
                },
            ),
            fingerprint: &finding.fingerprint,
        })
        .collect()
}

/// The enabled rules, then any other rule a finding names (the engine's own meta rules).
fn driver_rules(report: &Report) -> Vec<&'static RuleMeta> {
    let mut rules = report.rules.clone();
    for diagnostic in report
        .diagnostics
        .iter()
        .chain(report.baselined.iter().flatten())
    {
        if rules.iter().all(|meta| meta.id != diagnostic.rule) {
            if let Some(rule) = crate::rules::find(diagnostic.rule) {
                rules.push(rule.meta());
            }
        }
    }
    rules
}

fn descriptor(meta: &RuleMeta) -> ReportingDescriptor {
    let full = meta
        .section("## What it finds")
        .filter(|text| !text.is_empty())
        .map_or_else(|| meta.summary.clone(), reflow);
    let markdown = meta.markdown.trim();
    let help_text = if markdown.is_empty() {
        meta.summary.as_str()
    } else {
        markdown
    };
    let mut help = MultiformatMessageString::builder().text(help_text).build();
    if !markdown.is_empty() {
        help.markdown = Some(markdown.to_string());
    }
    let configuration = match meta.default_level() {
        Some(level) => ReportingConfiguration::builder()
            .level(json!(level.as_str()))
            .build(),
        None => ReportingConfiguration::builder().enabled(false).build(),
    };
    let mut properties =
        BTreeMap::from([("precision".to_string(), json!(meta.precision.as_str()))]);
    if let Some(severity) = meta.security_severity {
        properties.insert(
            "security-severity".to_string(),
            json!(format!("{severity:.1}")),
        );
    }
    let mut descriptor = ReportingDescriptor::builder()
        .id(meta.id)
        .help_uri(help_uri(meta.id))
        .short_description(
            MultiformatMessageString::builder()
                .text(meta.summary.as_str())
                .build(),
        )
        .full_description(
            MultiformatMessageString::builder()
                .text(cut(&full, FULL_DESCRIPTION_LIMIT))
                .build(),
        )
        .help(help)
        .default_configuration(configuration)
        .properties(
            PropertyBag::builder()
                .tags(tags(meta))
                .additional_properties(properties)
                .build(),
        )
        .build();
    // SARIF (§3.49.7) wants a name that differs from the id; validators compare them
    // ignoring case, so a rule whose UpperCamelCase id would differ only in case (`ssrf`) names
    // itself in its page's front matter, or gets none.
    let name = meta.name.clone().unwrap_or_else(|| upper_camel(meta.id));
    if !name.eq_ignore_ascii_case(meta.id) {
        descriptor.name = Some(name);
    }
    descriptor
}

/// `sql-injection` → `SqlInjection`
fn upper_camel(id: &str) -> String {
    id.split(['-', '_'])
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

/// The front matter's tags, `security` for security rules, `external/cwe/cwe-089` per CWE and
/// `external/owasp/a03` per OWASP Top 10 entry; no duplicates.
fn tags(meta: &RuleMeta) -> Vec<String> {
    let security = (meta.category == Category::Security).then(|| "security".to_string());
    let cwe = meta
        .cwe
        .iter()
        .map(|id| format!("external/cwe/cwe-{id:03}"));
    let owasp = meta.owasp.iter().filter_map(|entry| {
        let id: String = entry
            .trim()
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        (!id.is_empty()).then(|| format!("external/owasp/{}", id.to_ascii_lowercase()))
    });
    let mut tags: Vec<String> = Vec::new();
    for tag in meta
        .tags
        .iter()
        .cloned()
        .chain(security)
        .chain(cwe)
        .chain(owasp)
    {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// Markdown prose with its hard line wraps joined, so plain-text viewers show paragraphs;
/// list items, headings, tables and code blocks keep their lines.
fn reflow(markdown: &str) -> String {
    let starts_block = |line: &str| {
        line.is_empty()
            || line.starts_with(['-', '*', '+', '#', '|', '>'])
            || line
                .split_once(". ")
                .is_some_and(|(number, _)| number.parse::<u32>().is_ok())
    };
    let mut text = String::with_capacity(markdown.len());
    let mut in_code = false;
    let mut after_break = true;
    for (index, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        let fence = trimmed.starts_with("```");
        let join = !after_break && !in_code && !fence && !starts_block(trimmed);
        if index > 0 {
            text.push(if join { ' ' } else { '\n' });
        }
        text.push_str(if join { trimmed } else { line });
        if fence {
            in_code = !in_code;
        }
        after_break = trimmed.is_empty() || fence || trimmed.starts_with(['#', '|']);
    }
    text
}

/// At most `limit` characters of `text`: whole paragraphs or sentences when that keeps at
/// least half of it, else whole words followed by `…`.
fn cut(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let head_end = text
        .char_indices()
        .nth(limit - 1)
        .map_or(text.len(), |(at, _)| at);
    let head = &text[..head_end];
    let enough = head.len() / 2;
    let sentence = head
        .rfind("\n\n")
        .or_else(|| head.rfind(". ").map(|at| at + 1))
        .filter(|&at| at >= enough);
    if let Some(at) = sentence {
        return head[..at].trim_end().to_string();
    }
    let word = head
        .rfind(char::is_whitespace)
        .filter(|&at| at >= enough)
        .unwrap_or(head.len());
    format!("{}…", head[..word].trim_end())
}

/// Indices of the findings to report, in report order: all of them, or when there are more
/// than `max`, the `max` most severe (active before suppressed, new before baselined).
fn select(findings: &[Finding], max: usize) -> Vec<usize> {
    let mut kept: Vec<usize> = (0..findings.len()).collect();
    if kept.len() > max {
        kept.sort_by_key(|&at| {
            let Finding {
                diagnostic,
                baseline,
                ..
            } = findings[at];
            (
                diagnostic.suppressed.is_some(),
                baseline,
                Reverse(diagnostic.level),
            )
        });
        kept.truncate(max);
        kept.sort_unstable();
    }
    kept
}

/// The result for `diagnostic`; `lines`, the text of its primary location's file if known,
/// gives that location its `snippet` and `contextRegion`.
fn result(
    diagnostic: &Diagnostic,
    rule_index: Option<usize>,
    security: bool,
    fingerprint: &str,
    lines: Option<&SourceLines>,
    base: &UriBase,
) -> SarifResult {
    let mut primary = location(
        &diagnostic.primary,
        Some(diagnostic.primary_label.as_str()),
        base,
    );
    // A secret's finding quotes only its snippet with the secret replaced, as region and
    // context: the file's lines would publish the secret.
    match (primary.physical_location.as_mut(), lines) {
        (Some(physical), _) if diagnostic.hides_secret => {
            add_redacted_snippets(physical, &diagnostic.primary.span, &diagnostic.snippet)
        }
        (Some(physical), Some(lines)) => lines.add_snippets(physical, &diagnostic.primary.span),
        _ => {}
    }
    let mut result = SarifResult::builder()
        .message(Message::from(diagnostic.message.as_str()))
        .rule_id(diagnostic.rule)
        .level(level(diagnostic.level))
        .locations(vec![primary])
        .partial_fingerprints(BTreeMap::from([(
            FINGERPRINT_KEY.to_string(),
            fingerprint.to_string(),
        )]))
        .build();
    result.rule_index = rule_index.map(|index| index as i64);
    if !diagnostic.labels.is_empty() {
        result.related_locations = Some(
            diagnostic
                .labels
                .iter()
                .enumerate()
                .map(|(at, label)| {
                    let mut related = location(&label.location, Some(&label.message), base);
                    related.id = Some(at as i64 + 1);
                    related
                })
                .collect(),
        );
        if security {
            result.code_flows = Some(vec![code_flow(diagnostic, base)]);
        }
    }
    if let Some(fix) = &diagnostic.fix {
        result.fixes = Some(vec![sarif_fix(fix, &diagnostic.primary.file, base)]);
    }
    // Every result says whether it is suppressed (SARIF §3.27.23: `suppressions` is null on
    // all results of a run or on none); an empty array means not suppressed.
    result.suppressions = Some(
        diagnostic
            .suppressed
            .iter()
            .map(|suppressed| {
                let mut suppression = Suppression::builder()
                    .kind(json!("inSource"))
                    .status(json!("accepted"))
                    .location(location(&suppressed.comment, None, base))
                    .build();
                // No justification rather than an empty one when the comment gives no reason.
                suppression.justification = suppressed.reason.clone();
                suppression
            })
            .collect(),
    );
    result
}

/// A fix as one artifact change of the finding's file: each edit replaces a region (lines and
/// code-point columns, like every region here) with its text; a deletion inserts nothing.
fn sarif_fix(fix: &Fix, file: &str, base: &UriBase) -> SarifFix {
    let replacements = fix
        .edits
        .iter()
        .map(|edit| {
            let mut replacement = Replacement::builder()
                .deleted_region(region(&edit.span))
                .build();
            if !edit.replacement.is_empty() {
                replacement.inserted_content = Some(snippet(&edit.replacement));
            }
            replacement
        })
        .collect::<Vec<_>>();
    SarifFix::builder()
        .description(Message::from(fix.description.as_str()))
        .artifact_changes(vec![ArtifactChange::builder()
            .artifact_location(base.artifact_location(file))
            .replacements(replacements)
            .build()])
        .build()
}

/// The flow from the first label through the others to the primary span.
fn code_flow(diagnostic: &Diagnostic, base: &UriBase) -> CodeFlow {
    let primary_message = if diagnostic.primary_label.is_empty() {
        &diagnostic.message
    } else {
        &diagnostic.primary_label
    };
    let steps = diagnostic
        .labels
        .iter()
        .map(|label| (&label.location, label.message.as_str()))
        .chain([(&diagnostic.primary, primary_message.as_str())])
        .map(|(at, message)| ThreadFlowLocation {
            location: Some(location(at, Some(message), base)),
            ..ThreadFlowLocation::default()
        })
        .collect::<Vec<_>>();
    CodeFlow::builder()
        .thread_flows(vec![ThreadFlow::builder().locations(steps).build()])
        .build()
}

fn level(level: Level) -> ResultLevel {
    match level {
        Level::Error => ResultLevel::Error,
        Level::Warning => ResultLevel::Warning,
        Level::Note => ResultLevel::Note,
    }
}

/// A SARIF location; an empty message is left out.
fn location(at: &Location, message: Option<&str>, base: &UriBase) -> SarifLocation {
    SarifLocation {
        physical_location: Some(PhysicalLocation {
            artifact_location: Some(base.artifact_location(&at.file)),
            region: Some(region(&at.span)),
            ..PhysicalLocation::default()
        }),
        message: message.filter(|text| !text.is_empty()).map(Message::from),
        ..SarifLocation::default()
    }
}

/// Lines and code-point columns only: byte offsets count from the text after a removed
/// byte-order mark, so they could disagree with the file on disk.
fn region(span: &Span) -> Region {
    Region {
        start_line: Some(i64::from(span.start.line.max(1))),
        start_column: Some(i64::from(span.start.column.max(1))),
        end_line: Some(i64::from(span.end.line.max(span.start.line).max(1))),
        end_column: Some(i64::from(span.end.column.max(1))),
        ..Region::default()
    }
}

/// Lines of context a primary location's `contextRegion` shows above and below the region.
const CONTEXT_LINES: usize = 2;

impl SourceLines<'_> {
    /// Sets the region's `snippet` to the text of `span` and adds a `contextRegion`: the
    /// region's whole lines and up to [`CONTEXT_LINES`] more on either side, with their text.
    /// A span that does not fit the text (it never should) gets neither.
    fn add_snippets(&self, physical: &mut PhysicalLocation, span: &Span) {
        let fits = span.byte_start <= span.byte_end
            && self.text.is_char_boundary(span.byte_start)
            && self.text.is_char_boundary(span.byte_end);
        let (Some(region), true) = (physical.region.as_mut(), fits) else {
            return;
        };
        let lines = self.starts.len();
        let first = (span.start.line as usize).clamp(1, lines);
        let last = (span.end.line as usize).clamp(first, lines);
        let first = first.saturating_sub(CONTEXT_LINES).max(1);
        let last = (last + CONTEXT_LINES).min(lines);
        let end = self.starts.get(last).copied().unwrap_or(self.text.len());
        let context = self.text[self.starts[first - 1]..end].trim_end_matches(['\n', '\r']);
        region.snippet = Some(snippet(&self.text[span.byte_start..span.byte_end]));
        physical.context_region = Some(Region {
            start_line: Some(first as i64),
            end_line: Some(last as i64),
            snippet: Some(snippet(context)),
            ..Region::default()
        });
    }
}

/// The region and context snippets of a finding on a secret: its snippet with the secret
/// replaced (`Diagnostic::snippet`), on the lines of its span.
fn add_redacted_snippets(physical: &mut PhysicalLocation, span: &Span, redacted: &str) {
    let Some(region) = physical.region.as_mut() else {
        return;
    };
    region.snippet = Some(snippet(redacted));
    physical.context_region = Some(Region {
        start_line: Some(i64::from(span.start.line)),
        end_line: Some(i64::from(span.end.line)),
        snippet: Some(snippet(redacted)),
        ..Region::default()
    });
}

fn snippet(text: &str) -> ArtifactContent {
    ArtifactContent::builder().text(text).build()
}

/// Where URIs point from: displayed paths are relative to `cwd` (when known), `%SRCROOT%` is
/// the project root (`crate::paths`; the working directory when the report has none).
struct UriBase<'a> {
    cwd: Option<&'a Path>,
    root: Option<&'a Path>,
}

impl UriBase<'_> {
    /// A `%SRCROOT%`-relative URI for a displayed path below the project root, a `file://`
    /// URI for one elsewhere.
    fn artifact_location(&self, displayed: &str) -> ArtifactLocation {
        match self.below_root(displayed) {
            Some(relative) => relative_artifact(&relative),
            None => artifact_location(displayed),
        }
    }

    /// The displayed path relative to the project root, if it lies below it.
    fn below_root(&self, displayed: &str) -> Option<String> {
        path_below_root(displayed, self.cwd, self.root)
    }
}

/// A `%SRCROOT%`-relative URI for a relative path, a `file://` URI for an absolute one.
fn artifact_location(path: &str) -> ArtifactLocation {
    match absolute_uri(path) {
        Some(uri) => ArtifactLocation::builder().uri(uri).build(),
        None => relative_artifact(path),
    }
}

fn relative_artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation::builder()
        .uri(encode_path(path.strip_prefix("./").unwrap_or(path)))
        .uri_base_id(SRCROOT)
        .build()
}

/// `file:///…` for an absolute Unix or Windows path; `None` for a relative one.
fn absolute_uri(path: &str) -> Option<String> {
    if path.starts_with('/') {
        return Some(format!("file://{}", encode_path(path)));
    }
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'/' | b'\\');
    drive.then(|| {
        let rest = path[2..].replace('\\', "/");
        format!("file:///{}{}", &path[..2], encode_path(&rest))
    })
}

/// The project root as a `file://` URI with a trailing slash.
fn root_uri(root: &Path) -> Option<String> {
    let mut uri = absolute_uri(&root.to_string_lossy())?;
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Some(uri)
}

/// Percent-encodes everything in a path but unreserved characters and `/` (RFC 3986).
fn encode_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

fn notification(problem: &Problem, base: &UriBase) -> Notification {
    let (id, level, text) = match problem.kind {
        ProblemKind::Skipped => (
            "skipped-file",
            "warning",
            format!("skipped {}: {}", problem.path, problem.message),
        ),
        ProblemKind::Io => (
            "io-error",
            "error",
            format!("{}: {}", problem.path, problem.message),
        ),
        ProblemKind::Internal => (
            "internal-error",
            "error",
            format!("internal error: {}: {}", problem.path, problem.message),
        ),
    };
    let mut notification = Notification::builder()
        .message(Message::from(text.as_str()))
        .level(json!(level))
        .descriptor(ReportingDescriptorReference::builder().id(id).build())
        .build();
    if !problem.path.is_empty() {
        notification.locations = Some(vec![SarifLocation {
            physical_location: Some(PhysicalLocation {
                artifact_location: Some(base.artifact_location(&problem.path)),
                ..PhysicalLocation::default()
            }),
            ..SarifLocation::default()
        }]);
    }
    notification
}

fn truncation_notice(total: usize, kept: usize) -> Notification {
    let text = format!(
        "backlint found {total} results but GitHub code scanning accepts at most {kept} per run; \
         this log holds the {kept} most severe (suppressed ones last)"
    );
    Notification::builder()
        .message(Message::from(text.as_str()))
        .level(json!("warning"))
        .descriptor(
            ReportingDescriptorReference::builder()
                .id("results-truncated")
                .build(),
        )
        .build()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::Value;

    use super::*;
    use crate::report::testing::{
        diagnostic, locate, sample_report, sql_injection, unused_suppression, HANDLERS,
    };

    /// Paths used as they are displayed.
    const AS_DISPLAYED: UriBase<'static> = UriBase {
        cwd: None,
        root: None,
    };

    fn log(report: &Report, max_results: usize) -> Value {
        let sarif = build(report, Some(Path::new("/work/my repo")), max_results);
        serde_json::to_value(sarif).unwrap()
    }

    fn result_of<'v>(log: &'v Value, rule: &str) -> &'v Value {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap()
    }

    #[test]
    fn names_tags_and_properties_of_a_security_rule() {
        let rule = serde_json::to_value(descriptor(sql_injection())).unwrap();
        assert_eq!(rule["id"], "sql-injection");
        assert_eq!(rule["name"], "SqlInjection");
        assert_eq!(
            rule["shortDescription"]["text"],
            "request input reaches an SQL query unescaped"
        );
        assert_eq!(
            rule["fullDescription"]["text"],
            "SQL text built from request input."
        );
        assert!(rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .starts_with("# sql-injection\n\n## What it finds\n"));
        assert_eq!(rule["help"]["text"], rule["help"]["markdown"]);
        assert_eq!(rule["defaultConfiguration"]["level"], "error");
        assert_eq!(
            rule["helpUri"],
            format!(
                "https://github.com/backlint/backlint/blob/v{}/rules/sql-injection.md",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert_eq!(
            rule["properties"],
            json!({
                "tags": ["injection", "security", "external/cwe/cwe-089", "external/owasp/a03"],
                "precision": "high",
                "security-severity": "9.8"
            })
        );
    }

    #[test]
    fn a_rule_without_a_description_section_falls_back_to_its_summary() {
        const PAGE: &str = "+++\nid = \"x-rule\"\ncategory = \"errors\"\nlevel = \"warning\"\nsummary = \"things\"\nprecision = \"medium\"\n+++\n# x-rule\n\n## What it finds\n\n## Why it matters\n";
        let meta = RuleMeta::parse("x-rule", PAGE).unwrap();
        let rule = serde_json::to_value(descriptor(&meta)).unwrap();
        assert_eq!(rule["name"], "XRule");
        assert_eq!(rule["fullDescription"]["text"], "things");
        assert_eq!(
            rule["properties"],
            json!({"tags": [], "precision": "medium"})
        );
    }

    #[test]
    fn a_name_equal_to_the_id_but_for_case_is_left_out() {
        const PAGE: &str = "+++\nid = \"xss\"\ncategory = \"errors\"\nlevel = \"warning\"\nsummary = \"things\"\nprecision = \"medium\"\n+++\n# xss\n";
        let meta = RuleMeta::parse("xss", PAGE).unwrap();
        let rule = serde_json::to_value(descriptor(&meta)).unwrap();
        assert_eq!(rule["id"], "xss");
        assert!(rule.get("name").is_none(), "{rule}");
    }

    #[test]
    fn a_name_from_the_front_matter_is_used() {
        const PAGE: &str = "+++\nid = \"xss\"\nname = \"CrossSiteScripting\"\ncategory = \"errors\"\nlevel = \"warning\"\nsummary = \"things\"\nprecision = \"medium\"\n+++\n# xss\n";
        let meta = RuleMeta::parse("xss", PAGE).unwrap();
        let rule = serde_json::to_value(descriptor(&meta)).unwrap();
        assert_eq!(rule["name"], "CrossSiteScripting");
    }

    #[test]
    fn full_descriptions_are_reflowed_paragraphs() {
        let text = "Calls to `a` and `b`: one\nline wrapped.\n\nA list:\n- first\n- second\n```rust\nfn x() {}\n```";
        assert_eq!(
            reflow(text),
            "Calls to `a` and `b`: one line wrapped.\n\nA list:\n- first\n- second\n```rust\nfn x() {}\n```"
        );
        let meta = crate::rules::find("print-in-server").unwrap().meta();
        let rule = serde_json::to_value(descriptor(meta)).unwrap();
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        assert!(!full.is_empty() && full.chars().count() <= 1024, "{full}");
    }

    #[test]
    fn cuts_long_descriptions_cleanly() {
        let sentence = "Each word counts here. ";
        let long = sentence.repeat(100);
        let cut_text = cut(&long, 100);
        assert!(cut_text.chars().count() <= 100);
        assert!(cut_text.ends_with("here."), "{cut_text}");
        let words = "é ".repeat(600);
        let cut_words = cut(&words, 1024);
        assert!(cut_words.chars().count() <= 1024);
        assert!(cut_words.ends_with("é…"), "{cut_words}");
        assert_eq!(cut("short", 1024), "short");
    }

    #[test]
    fn encodes_relative_and_absolute_paths_as_uris() {
        let uri = |path: &str| serde_json::to_value(artifact_location(path)).unwrap();
        assert_eq!(
            uri("src/my module/ünï.rs"),
            json!({"uri": "src/my%20module/%C3%BCn%C3%AF.rs", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(uri("./src/a:b.rs")["uri"], "src/a%3Ab.rs");
        assert_eq!(
            uri("/opt/vendored crate/lib.rs"),
            json!({"uri": "file:///opt/vendored%20crate/lib.rs"})
        );
        assert_eq!(
            uri(r"C:\work\src\lib.rs"),
            json!({"uri": "file:///C:/work/src/lib.rs"})
        );
        assert_eq!(
            root_uri(Path::new("/work/my repo")).unwrap(),
            "file:///work/my%20repo/"
        );
        assert_eq!(root_uri(Path::new("/")).unwrap(), "file:///");
    }

    #[test]
    fn uris_are_relative_to_the_project_root_from_any_working_directory() {
        let mut report = sample_report();
        report.project_root = Some(PathBuf::from("/work/repo"));
        let injection = report
            .diagnostics
            .iter()
            .position(|d| d.rule == "sql-injection")
            .unwrap();
        // Elsewhere in the project, outside the working directory: displayed absolute.
        report.diagnostics[injection].labels[0].location.file = "/work/repo/shared/db.rs".into();
        report.problems[0].path = "/opt/vendored/huge.rs".to_string();
        let sarif = build(
            &report,
            Some(Path::new("/work/repo/services/api")),
            MAX_RESULTS,
        );
        let log = serde_json::to_value(sarif).unwrap();
        let run = &log["runs"][0];
        assert_eq!(
            run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///work/repo/"
        );
        let artifact = |location: &Value| location["physicalLocation"]["artifactLocation"].clone();
        let injection = result_of(&log, "sql-injection");
        assert_eq!(
            artifact(&injection["locations"][0]),
            json!({"uri": "services/api/src/handlers.rs", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact(&injection["relatedLocations"][0]),
            json!({"uri": "shared/db.rs", "uriBaseId": "%SRCROOT%"})
        );
        let note = &run["invocations"][0]["toolExecutionNotifications"][0];
        assert_eq!(
            artifact(&note["locations"][0]),
            json!({"uri": "file:///opt/vendored/huge.rs"})
        );
        // Without a project root, %SRCROOT% is the working directory, as before.
        report.project_root = None;
        let sarif = build(
            &report,
            Some(Path::new("/work/repo/services/api")),
            MAX_RESULTS,
        );
        let log = serde_json::to_value(sarif).unwrap();
        assert_eq!(
            artifact(&result_of(&log, "sql-injection")["locations"][0]),
            json!({"uri": "src/handlers.rs", "uriBaseId": "%SRCROOT%"})
        );
    }

    #[test]
    fn results_point_into_the_driver_and_the_source_root() {
        let log = log(&sample_report(), MAX_RESULTS);
        let run = &log["runs"][0];
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(
            run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///work/my%20repo/"
        );
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 5);
        for result in results {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
        let injection = result_of(&log, "sql-injection");
        assert_eq!(injection["level"], "error");
        assert_eq!(
            injection["message"]["text"],
            "request input reaches `sqlx::query` unescaped"
        );
        let location = &injection["locations"][0];
        assert_eq!(
            location["message"]["text"],
            "query built from request input"
        );
        assert_eq!(
            location["physicalLocation"]["region"],
            json!({
                "startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 24,
                "snippet": {"text": "sqlx::query(&query)"}
            })
        );
        let context: Vec<&str> = HANDLERS.lines().skip(1).take(5).collect();
        assert_eq!(
            location["physicalLocation"]["contextRegion"],
            json!({"startLine": 2, "endLine": 6, "snippet": {"text": context.join("\n")}})
        );
        assert_eq!(
            injection["relatedLocations"],
            json!([{
                "id": 1,
                "message": {"text": "request input enters here"},
                "physicalLocation": {
                    "artifactLocation": {"uri": "src/handlers.rs", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 2, "startColumn": 16, "endLine": 2, "endColumn": 27}
                }
            }])
        );
        let flow = &injection["codeFlows"][0]["threadFlows"][0]["locations"];
        assert_eq!(flow.as_array().unwrap().len(), 2);
        assert_eq!(
            flow[0]["location"]["message"]["text"],
            "request input enters here"
        );
        assert_eq!(
            flow[1]["location"]["message"]["text"],
            "query built from request input"
        );
        let fingerprint = injection["partialFingerprints"]["backlintFingerprint/v1"]
            .as_str()
            .unwrap();
        assert!(fingerprint.ends_with(":1"), "{fingerprint}");
        assert_eq!(fingerprint.len(), 18);
    }

    #[test]
    fn snippets_only_where_the_text_is_known_and_fits() {
        let text = "fn a() {\n    b().unwrap();\n}";
        let lines = SourceLines::new(text);
        let snippets = |needle: &str| {
            let at = locate("src/a.rs", text, needle);
            let mut physical = location(&at, None, &AS_DISPLAYED)
                .physical_location
                .unwrap();
            lines.add_snippets(&mut physical, &at.span);
            serde_json::to_value(physical).unwrap()
        };
        let first = snippets("fn a()");
        assert_eq!(first["region"]["snippet"]["text"], "fn a()");
        assert_eq!(
            first["contextRegion"],
            json!({"startLine": 1, "endLine": 3, "snippet": {"text": text}})
        );
        let last = snippets("}");
        assert_eq!(last["contextRegion"]["startLine"], 1);
        assert_eq!(last["contextRegion"]["endLine"], 3);

        let mut outside = locate("src/a.rs", text, "}");
        outside.span.byte_end = text.len() + 4;
        let mut physical = location(&outside, None, &AS_DISPLAYED)
            .physical_location
            .unwrap();
        lines.add_snippets(&mut physical, &outside.span);
        assert!(physical.context_region.is_none());
        assert!(physical.region.unwrap().snippet.is_none());

        // The sample keeps the text of `src/handlers.rs` only.
        let log = log(&sample_report(), MAX_RESULTS);
        for result in log["runs"][0]["results"].as_array().unwrap() {
            let physical = &result["locations"][0]["physicalLocation"];
            let known = physical["artifactLocation"]["uri"] == "src/handlers.rs";
            assert_eq!(
                physical["region"].get("snippet").is_some(),
                known,
                "{result}"
            );
            assert_eq!(physical.get("contextRegion").is_some(), known, "{result}");
        }
    }

    #[test]
    fn suppressed_findings_stay_with_their_justification() {
        let log = log(&sample_report(), MAX_RESULTS);
        let unwrap = result_of(&log, "unwrap-in-request-path");
        assert_eq!(unwrap["suppressions"].as_array().unwrap().len(), 1);
        assert_eq!(unwrap["suppressions"][0]["kind"], "inSource");
        assert_eq!(unwrap["suppressions"][0]["status"], "accepted");
        assert_eq!(
            unwrap["suppressions"][0]["justification"],
            "the user was created above"
        );
        assert_eq!(
            unwrap["suppressions"][0]["location"]["physicalLocation"]["region"]["startLine"],
            6
        );
    }

    /// SARIF §3.27.23: `suppressions` is null on every result of a run or on none, so that a
    /// consumer may look at one result to learn whether suppressions were evaluated (the Visual
    /// Studio SARIF viewer does). Until issue 16, results that were not suppressed had none.
    #[test]
    fn every_result_says_whether_it_is_suppressed() {
        let log = log(&sample_report(), MAX_RESULTS);
        let results = log["runs"][0]["results"].as_array().unwrap();
        let suppressed: Vec<usize> = results
            .iter()
            .map(|result| result["suppressions"].as_array().expect("an array").len())
            .collect();
        assert_eq!(suppressed.iter().filter(|&&n| n == 1).count(), 1);
        assert_eq!(suppressed.iter().filter(|&&n| n == 0).count(), 4);
        assert_eq!(result_of(&log, "sql-injection")["suppressions"], json!([]));
    }

    #[test]
    fn code_flows_only_for_security_rules_with_labels() {
        let mut report = sample_report();
        let mut print = diagnostic(
            "print-in-server",
            Level::Warning,
            locate("src/handlers.rs", HANDLERS, "println!"),
            "`println!` in server code",
        );
        print.labels = report
            .diagnostics
            .iter()
            .flat_map(|d| d.labels.clone())
            .collect();
        report.diagnostics = vec![print];
        let log = log(&report, MAX_RESULTS);
        let result = result_of(&log, "print-in-server");
        assert!(result.get("relatedLocations").is_some());
        assert!(result.get("codeFlows").is_none());
    }

    #[test]
    fn baseline_states_when_a_baseline_was_applied() {
        let mut report = sample_report();
        assert!(log(&report, MAX_RESULTS)["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|result| result.get("baselineState").is_none()));
        let fingerprint_of = |log: &Value, rule: &str| {
            result_of(log, rule)["partialFingerprints"][FINGERPRINT_KEY].clone()
        };
        let before = log(&report, MAX_RESULTS);
        let at = report
            .diagnostics
            .iter()
            .position(|d| d.rule == "print-in-server")
            .unwrap();
        let print = report.diagnostics.remove(at);
        report.baselined = Some(vec![print]);
        let log = log(&report, MAX_RESULTS);
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), report.diagnostics.len() + 1);
        assert_eq!(
            result_of(&log, "print-in-server")["baselineState"],
            "unchanged"
        );
        assert_eq!(result_of(&log, "sql-injection")["baselineState"], "new");
        // Accepted by its comment: never a new problem, whether the baseline holds it or not.
        let suppressed = result_of(&log, "unwrap-in-request-path");
        assert_eq!(suppressed["suppressions"][0]["kind"], "inSource");
        assert_eq!(suppressed["baselineState"], "unchanged");
        assert_eq!(
            fingerprint_of(&log, "print-in-server"),
            fingerprint_of(&before, "print-in-server"),
            "report order, hence occurrence numbers, do not change"
        );
        let order: Vec<&str> = results
            .iter()
            .map(|r| r["ruleId"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = before["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["ruleId"].as_str().unwrap())
            .collect();
        assert_eq!(order, expected);
    }

    #[test]
    fn fixes_become_artifact_changes() {
        let mut report = sample_report();
        report.diagnostics.push(unused_suppression());
        let log = log(&report, MAX_RESULTS);
        assert_eq!(
            result_of(&log, "unused-suppression")["fixes"],
            json!([{
                "description": {"text": "remove the suppression comment"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": "src/stale.rs", "uriBaseId": "%SRCROOT%"},
                    "replacements": [{
                        "deletedRegion": {"startLine": 2, "startColumn": 9, "endLine": 2, "endColumn": 51}
                    }]
                }]
            }])
        );
        assert!(result_of(&log, "sql-injection").get("fixes").is_none());

        let mut rename = unused_suppression();
        rename.fix.as_mut().unwrap().edits[0].replacement = "b();".to_string();
        let no_base = UriBase {
            cwd: None,
            root: None,
        };
        let change = serde_json::to_value(sarif_fix(
            rename.fix.as_ref().unwrap(),
            "src/a.rs",
            &no_base,
        ))
        .unwrap();
        assert_eq!(
            change["artifactChanges"][0]["replacements"][0]["insertedContent"],
            json!({"text": "b();"})
        );
    }

    #[test]
    fn problems_become_notifications() {
        let mut report = sample_report();
        report.problems.push(Problem {
            path: "src/rules.rs".to_string(),
            kind: ProblemKind::Internal,
            message: "rule `x` panicked".to_string(),
        });
        let log = log(&report, MAX_RESULTS);
        let invocation = &log["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
        assert_eq!(notes[0]["level"], "warning");
        assert_eq!(
            notes[0]["message"]["text"],
            "skipped src/huge.rs: larger than 2 MiB"
        );
        assert_eq!(notes[0]["descriptor"]["id"], "skipped-file");
        assert_eq!(
            notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "src/huge.rs"
        );
        assert_eq!(notes[1]["level"], "error");
        assert_eq!(notes[1]["descriptor"]["id"], "internal-error");
    }

    #[test]
    fn truncates_to_the_most_severe_results_and_says_so() {
        let report = sample_report();
        let log = log(&report, 2);
        let results = log["runs"][0]["results"].as_array().unwrap();
        let rules: Vec<&str> = results
            .iter()
            .map(|r| r["ruleId"].as_str().unwrap())
            .collect();
        assert_eq!(
            rules,
            ["sql-injection", "parse-error"],
            "errors kept, in report order"
        );
        let notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap();
        let notice = notes.last().unwrap();
        assert_eq!(notice["descriptor"]["id"], "results-truncated");
        assert!(notice["message"]["text"]
            .as_str()
            .unwrap()
            .contains("found 5 results"));
    }

    #[test]
    fn rules_named_by_findings_join_the_driver() {
        let mut report = sample_report();
        report.rules.clear();
        report.diagnostics.retain(|d| d.rule == "parse-error");
        let mut unknown = report.diagnostics[0].clone();
        unknown.rule = "not-a-rule";
        report.diagnostics.push(unknown);
        let log = log(&report, MAX_RESULTS);
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0]["id"], "parse-error");
        assert_eq!(result_of(&log, "parse-error")["ruleIndex"], 0);
        assert!(result_of(&log, "not-a-rule").get("ruleIndex").is_none());
    }
}
