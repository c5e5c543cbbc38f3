//! The one finding type every rule produces and every report renders.
//!
//! A [`Diagnostic`] carries fully resolved locations (1-based lines, 1-based columns in Unicode
//! code points, byte offsets), so renderers other than the text one never need the source.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// How serious a finding is. Ordered: `Note < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Note,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// One step more severe (a rule's worse case, e.g. any origin with credentials).
    pub fn raised(self) -> Level {
        match self {
            Level::Note => Level::Warning,
            Level::Warning | Level::Error => Level::Error,
        }
    }

    /// One step less severe (used for structural fallbacks of flow rules).
    pub fn lowered(self) -> Level {
        match self {
            Level::Error => Level::Warning,
            Level::Warning | Level::Note => Level::Note,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A configured level: a [`Level`] or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    Off,
    On(Level),
}

impl Severity {
    pub fn parse(text: &str) -> Option<Severity> {
        Some(match text {
            "off" | "allow" => Severity::Off,
            "note" | "info" => Severity::On(Level::Note),
            "warning" | "warn" => Severity::On(Level::Warning),
            "error" | "deny" => Severity::On(Level::Error),
            _ => return None,
        })
    }
}

/// A line and column, both 1-based; the column counts Unicode code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// A region of one file: start inclusive, end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: LineCol,
    pub end: LineCol,
    pub byte_start: usize,
    pub byte_end: usize,
}

impl Span {
    /// The span from the start of `self` to the end of `end`.
    pub fn to(self, end: Span) -> Span {
        Span {
            start: self.start,
            end: end.end.max(self.start),
            byte_start: self.byte_start,
            byte_end: end.byte_end.max(self.byte_start),
        }
    }
}

/// A span in a named file. `file` is the path as shown to users (relative to the working
/// directory when the file is below it, `/`-separated).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub file: Arc<str>,
    pub span: Span,
}

/// A secondary span with a short message ("request input enters here").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub location: Location,
    pub message: String,
}

/// Why a finding is not counted: an inline or file-level `backlint-allow` comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    /// The text after `):`; `None` when the comment gives none (only possible while config
    /// does not require reasons: a reason-less comment then suppresses nothing).
    pub reason: Option<String>,
    pub comment: Location,
}

impl Suppressed {
    /// `suppressed: <reason>`, or `suppressed without a reason`: how text renderers say why
    /// a finding does not count (never an empty reason).
    pub fn describe(&self) -> String {
        match &self.reason {
            Some(reason) => format!("suppressed: {reason}"),
            None => "suppressed without a reason".to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule id (`sql-injection`).
    pub rule: &'static str,
    pub level: Level,
    /// Lowercase, no trailing period, code in backticks.
    pub message: String,
    pub primary: Location,
    /// Short text under the primary span; empty when the message says it all.
    pub primary_label: String,
    /// Secondary spans: where the value came from, each step of a flow, related code.
    pub labels: Vec<Label>,
    /// What to do, as an imperative.
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// The source line(s) of the primary span with whitespace folded: stable across edits
    /// elsewhere in the file, used for fingerprints.
    pub snippet: String,
    /// Path of the enclosing item (`crate::handlers::create_user`), for fingerprints.
    pub item_path: String,
    pub suppressed: Option<Suppressed>,
    /// A machine-applicable change that resolves the finding, when there is one.
    pub fix: Option<Fix>,
    /// Set by a flow rule's structural fallback: reported one level below the configured one.
    #[serde(skip)]
    pub weakened: bool,
    /// Set by a rule whose finding is worse than its usual one: reported one level above the
    /// configured one.
    #[serde(skip)]
    pub raised: bool,
    /// The primary span holds a secret: reports quote no code of it (SARIF gives no snippet),
    /// and `snippet` has the secret replaced.
    #[serde(skip)]
    pub hides_secret: bool,
}

/// A machine-applicable change that resolves a finding: text replacements in the finding's
/// own file (the file of its primary location). Fingerprints and baselines never look at it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What applying it does, as an imperative (`remove the suppression comment`).
    pub description: String,
    /// Sorted by position; none overlaps another.
    pub edits: Vec<Edit>,
}

/// One replacement: the text of `span` becomes `replacement` (empty for a deletion).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Fix {
    /// `text` (the file the fix is for) with the edits applied; `None` when an edit does not
    /// fit it (out of range, not on a character boundary, overlapping the one before).
    pub fn apply(&self, text: &str) -> Option<String> {
        let mut fixed = String::with_capacity(text.len());
        let mut copied = 0;
        for edit in &self.edits {
            let (start, end) = (edit.span.byte_start, edit.span.byte_end);
            if start < copied
                || end < start
                || !text.is_char_boundary(start)
                || !text.is_char_boundary(end)
            {
                return None;
            }
            fixed.push_str(text.get(copied..start)?);
            fixed.push_str(&edit.replacement);
            copied = end;
        }
        fixed.push_str(text.get(copied..)?);
        Some(fixed)
    }
}

impl Diagnostic {
    /// A finding of `rule` at `primary` saying `message`, with nothing else yet: no labels,
    /// help, notes, fix or suppression, an empty snippet and item path. Callers fill in the
    /// rest with struct update syntax (`Diagnostic { help, ..Diagnostic::new(..) }`).
    pub fn new(
        rule: &'static str,
        level: Level,
        primary: Location,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            level,
            message: message.into(),
            primary,
            primary_label: String::new(),
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            snippet: String::new(),
            item_path: String::new(),
            suppressed: None,
            fix: None,
            weakened: false,
            raised: false,
            hides_secret: false,
        }
    }

    /// Sort key: file, position, rule, message. Output order never depends on threads.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (
            &self.primary.file,
            self.primary.span.start.line,
            self.primary.span.start.column,
            self.rule,
            &self.message,
        )
    }

    /// A fingerprint that survives unrelated edits: rule, file, enclosing item and the folded
    /// text of the flagged line — never line numbers. Identical lines within one item get an
    /// occurrence suffix assigned by the engine.
    pub fn stable_hash(&self) -> u64 {
        let mut hash = Fnv64::new();
        for part in [
            self.rule,
            &self.primary.file,
            &self.item_path,
            &self.snippet,
        ] {
            hash.write(part.as_bytes());
            hash.write(&[0]);
        }
        hash.finish()
    }
}

/// FNV-1a, 64 bit: tiny, stable across Rust versions and platforms (std's hasher is not).
struct Fnv64(u64);

impl Fnv64 {
    fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::{diagnostic, locate};

    fn edit(text: &str, needle: &str, replacement: &str) -> Edit {
        Edit {
            span: locate("src/a.rs", text, needle).span,
            replacement: replacement.to_string(),
        }
    }

    #[test]
    fn a_fix_applies_its_edits_in_order() {
        let text = "let a = b; // c\nlet é = d;\n";
        let fix = Fix {
            description: "rename".to_string(),
            edits: vec![
                edit(text, "a", "x"),
                edit(text, "é", "y"),
                edit(text, "d", ""),
            ],
        };
        assert_eq!(fix.apply(text).unwrap(), "let x = b; // c\nlet y = ;\n");
    }

    #[test]
    fn edits_that_do_not_fit_the_text_apply_to_nothing() {
        let text = "let a = b;";
        let fix = |edits| Fix {
            description: String::new(),
            edits,
        };
        let overlapping = fix(vec![edit(text, "a = b", ""), edit(text, "b", "")]);
        assert_eq!(overlapping.apply(text), None);
        let mut beyond = edit(text, ";", "");
        beyond.span.byte_end = text.len() + 1;
        assert_eq!(fix(vec![beyond]).apply(text), None);
        let mut inside_a_char = edit("é", "é", "");
        inside_a_char.span.byte_end = 1;
        assert_eq!(fix(vec![inside_a_char]).apply("é"), None);
    }

    #[test]
    fn fingerprints_ignore_the_fix() {
        let text = "a(); // backlint-allow(x): y";
        let plain = diagnostic(
            "unused-suppression",
            Level::Warning,
            locate("src/a.rs", text, "x"),
            "unused suppression of `x`",
        );
        let mut fixed = plain.clone();
        fixed.fix = Some(Fix {
            description: "remove the suppression comment".to_string(),
            edits: vec![edit(text, " // backlint-allow(x): y", "")],
        });
        assert_eq!(plain.stable_hash(), fixed.stable_hash());
    }
}
