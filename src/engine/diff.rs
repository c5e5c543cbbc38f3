//! `--diff REF`: keep only the findings on lines changed since a git revision, for
//! pull-request gates.
//!
//! The changed lines are those of `git diff -U0 <merge-base of REF and HEAD>`: the commits
//! of the branch since it left `REF`, plus staged and unstaged changes in the working tree;
//! files git does not track yet (and does not ignore) count as changed throughout. A finding
//! is kept when any line of its primary span is changed. The analysis itself still reads
//! every file, so crate-level facts are complete.
//!
//! git runs with options that user configuration cannot change the output of
//! (`--no-color`, `--no-ext-diff`, `--no-textconv`, fixed `a/` and `b/` prefixes,
//! `core.quotePath=false`).

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::FatalError;
use crate::messages::io_message;
use crate::paths::display_path;
use crate::report::Report;

/// The lines changed since a revision, by path relative to the repository root.
#[derive(Debug, Default)]
pub struct ChangedLines {
    /// The repository's top directory, resolved through symbolic links.
    root: PathBuf,
    files: HashMap<String, Changed>,
}

#[derive(Debug, PartialEq, Eq)]
enum Changed {
    /// A file git does not track yet: every line is new.
    Everything,
    /// Line ranges (1-based, inclusive) that were added or changed.
    Lines(Vec<RangeInclusive<u32>>),
}

impl ChangedLines {
    /// Asks git, in `cwd`, what changed since the merge-base of `git_ref` and `HEAD`.
    pub fn since(git_ref: &str, cwd: &Path) -> Result<ChangedLines, FatalError> {
        let top = git(cwd, ["rev-parse", "--show-toplevel"])
            .map_err(|cause| FatalError(format!("--diff needs a git repository: {cause}")))?;
        let root = PathBuf::from(top.trim_end_matches(['\n', '\r']));
        let root = fs::canonicalize(&root).unwrap_or(root);
        let commit = format!("{git_ref}^{{commit}}");
        let commit = git(
            cwd,
            [
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &commit,
            ],
        )
        .map_err(|_| {
            FatalError(format!(
                "--diff: `{git_ref}` is not a commit in this repository"
            ))
        })?;
        let base = git(cwd, ["merge-base", commit.trim(), "HEAD"]).map_err(|cause| {
            FatalError(format!(
                "--diff: no merge-base of `{git_ref}` and HEAD: {cause}"
            ))
        })?;
        let base = base.trim();
        let patch = git(
            &root,
            [
                "-c",
                "core.quotePath=false",
                "diff",
                "-U0",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--src-prefix=a/",
                "--dst-prefix=b/",
                base,
                "--",
            ],
        )
        .map_err(|cause| FatalError(format!("--diff: `git diff` failed: {cause}")))?;
        let untracked = git(
            &root,
            [
                "ls-files",
                "-z",
                "--others",
                "--exclude-standard",
                "--full-name",
            ],
        )
        .map_err(|cause| FatalError(format!("--diff: `git ls-files` failed: {cause}")))?;
        let mut files: HashMap<String, Changed> = parse_diff(&patch)
            .into_iter()
            .map(|(path, lines)| (path, Changed::Lines(lines)))
            .collect();
        for path in untracked.split('\0').filter(|path| !path.is_empty()) {
            files.insert(path.to_string(), Changed::Everything);
        }
        Ok(ChangedLines { root, files })
    }

    /// Drops the findings of `report` (paths displayed relative to `cwd`) whose primary
    /// span touches no changed line.
    pub fn retain_changed(&self, report: &mut Report, cwd: &Path) {
        let mut resolved: HashMap<String, Option<&Changed>> = HashMap::new();
        report.diagnostics.retain(|diagnostic| {
            let file = &*diagnostic.primary.file;
            let changed = *resolved
                .entry(file.to_string())
                .or_insert_with(|| self.files.get(&self.repo_path(&cwd.join(file))));
            let span = diagnostic.primary.span;
            let (first, last) = (span.start.line, span.end.line.max(span.start.line));
            match changed {
                None => false,
                Some(Changed::Everything) => true,
                Some(Changed::Lines(ranges)) => ranges
                    .iter()
                    .any(|range| *range.start() <= last && first <= *range.end()),
            }
        });
    }

    /// `path` relative to the repository root, `/`-separated (as git prints it).
    fn repo_path(&self, path: &Path) -> String {
        let path = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        display_path(&path, &self.root)
    }
}

/// Runs git in `dir`; its stdout, or the first line of what it said went wrong.
fn git<I, S>(dir: &Path, args: I) -> Result<String, String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env_remove("GIT_EXTERNAL_DIFF")
        .output()
        .map_err(|error| format!("cannot run `git`: {}", io_message(&error)))?;
    if output.status.success() {
        return String::from_utf8(output.stdout)
            .map_err(|_| "git printed a path that is not UTF-8".to_string());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let cause = stderr
        .lines()
        .map(|line| line.trim())
        .find(|line| !line.is_empty())
        .map(|line| line.strip_prefix("fatal: ").unwrap_or(line).to_string())
        .unwrap_or_else(|| format!("git exited with {}", output.status));
    Err(cause)
}

/// The added and changed line ranges of each file in a `git diff -U0` patch, by the path
/// after the change. Deleted files and pure deletions contribute nothing.
fn parse_diff(patch: &str) -> HashMap<String, Vec<RangeInclusive<u32>>> {
    let mut files: HashMap<String, Vec<RangeInclusive<u32>>> = HashMap::new();
    let mut current: Option<String> = None;
    let mut in_header = false;
    for line in patch.lines() {
        if line.starts_with("diff --git ") {
            in_header = true;
            current = None;
        } else if in_header && line.starts_with("+++ ") {
            current =
                unquote(&line[4..]).and_then(|path| path.strip_prefix("b/").map(str::to_string));
        } else if let Some(hunk) = line.strip_prefix("@@ ") {
            in_header = false;
            let (Some(path), Some(range)) = (&current, added_range(hunk)) else {
                continue;
            };
            files.entry(path.clone()).or_default().push(range);
        }
    }
    files
}

/// The new-side lines of a hunk header `-a,b +c,d @@ …`; `None` when it adds no line.
fn added_range(hunk: &str) -> Option<RangeInclusive<u32>> {
    let new_side = hunk.split(' ').find_map(|part| part.strip_prefix('+'))?;
    let (start, count) = match new_side.split_once(',') {
        Some((start, count)) => (start.parse::<u32>().ok()?, count.parse::<u32>().ok()?),
        None => (new_side.parse::<u32>().ok()?, 1),
    };
    (count > 0).then(|| start..=start + count - 1)
}

/// A path as git prints it in a header: as is, or C-quoted (`"b/a\tb.rs"`) when it holds
/// special characters. `None` for `/dev/null` and malformed quoting.
fn unquote(text: &str) -> Option<String> {
    if text == "/dev/null" {
        return None;
    }
    let Some(quoted) = text.strip_prefix('"') else {
        return Some(text.to_string());
    };
    let quoted = quoted.strip_suffix('"')?;
    let mut bytes = Vec::with_capacity(quoted.len());
    let mut rest = quoted.bytes();
    while let Some(byte) = rest.next() {
        if byte != b'\\' {
            bytes.push(byte);
            continue;
        }
        bytes.push(match rest.next()? {
            b'a' => 0x07,
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'v' => 0x0b,
            digit @ b'0'..=b'7' => {
                let mut value = u32::from(digit - b'0');
                for _ in 0..2 {
                    let next = rest.next().filter(u8::is_ascii_digit)?;
                    value = value * 8 + u32::from(next - b'0');
                }
                u8::try_from(value).ok()?
            }
            other => other,
        });
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATCH: &str = "\
diff --git a/src/main.rs b/src/main.rs
index 1111111..2222222 100644
--- a/src/main.rs
+++ b/src/main.rs
@@ -3,0 +4,2 @@ fn main() {
+++ this added line starts like a header
+    x.unwrap();
@@ -10 +12 @@ fn f() {
-    a();
+    b();
@@ -20,3 +21,0 @@ fn g() {
-    gone();
diff --git a/old.rs b/old.rs
deleted file mode 100644
--- a/old.rs
+++ /dev/null
@@ -1 +0,0 @@
-fn old() {}
diff --git \"a/src/tab\\there.rs\" \"b/src/tab\\there.rs\"
--- \"a/src/tab\\there.rs\"
+++ \"b/src/tab\\there.rs\"
@@ -1 +1 @@
-a
+b
diff --git a/src/é.rs b/src/é.rs
new file mode 100644
--- /dev/null
+++ b/src/é.rs
@@ -0,0 +1,3 @@
+fn é() {}
";

    #[test]
    fn reads_added_and_changed_lines_per_file() {
        let files = parse_diff(PATCH);
        assert_eq!(files["src/main.rs"], vec![4..=5, 12..=12]);
        assert_eq!(files["src/tab\there.rs"], vec![1..=1]);
        assert_eq!(files["src/é.rs"], vec![1..=3]);
        assert!(!files.contains_key("old.rs"));
        assert_eq!(files.len(), 3, "{files:?}");
    }

    #[test]
    fn hunk_headers() {
        assert_eq!(added_range("-1 +1 @@"), Some(1..=1));
        assert_eq!(added_range("-3,0 +4,2 @@ fn main() {"), Some(4..=5));
        assert_eq!(added_range("-20,3 +21,0 @@"), None);
        assert_eq!(added_range("garbage"), None);
    }

    #[test]
    fn quoted_paths() {
        assert_eq!(unquote("b/plain.rs").as_deref(), Some("b/plain.rs"));
        assert_eq!(
            unquote("\"b/a\\\"q\\\\.rs\"").as_deref(),
            Some("b/a\"q\\.rs")
        );
        assert_eq!(unquote("\"b/\\303\\251.rs\"").as_deref(), Some("b/é.rs"));
        assert_eq!(unquote("/dev/null"), None);
        assert_eq!(unquote("\"b/unterminated"), None);
    }
}
