//! The CI gate through the real binary and a real git repository: a baseline lets a legacy
//! codebase pass with its existing findings and fail on new ones, whatever edits move them
//! around; `--diff REF` reports only findings on lines changed since the merge-base with REF.

use std::fs;
use std::path::Path;
use std::process::Command;

mod support {
    pub mod project;
}

use support::project::{Project, SERVICE_MANIFEST};

const BACKLINT: &str = env!("CARGO_BIN_EXE_backlint");

/// Two handlers with one unwrap each.
const LEGACY: &str = r#"use axum::{extract::Path, routing::get, Router};

async fn user(Path(id): Path<String>) -> String {
    let n: u64 = id.parse().unwrap();
    n.to_string()
}

async fn order(Path(id): Path<String>) -> String {
    let n: u64 = id.parse().unwrap();
    n.to_string()
}

pub fn router() -> Router {
    Router::new().route("/users/{id}", get(user)).route("/orders/{id}", get(order))
}
"#;

fn backlint(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(BACKLINT)
        .current_dir(dir)
        .args(["--format", "concise", "--color", "never"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn project() -> Project {
    Project::new()
        .file("Cargo.toml", SERVICE_MANIFEST)
        .file("src/lib.rs", LEGACY)
}

/// Lines of `findings` output that are findings (not the summary).
fn findings(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|line| line.contains("[unwrap-in-request-path]"))
        .collect()
}

#[test]
fn a_baseline_passes_old_findings_through_unrelated_edits_and_fails_new_ones() {
    let dir = project();
    let root = dir.root();
    let (code, stdout) = backlint(root, &[]);
    assert_eq!((code, findings(&stdout).len()), (1, 2), "{stdout}");

    let (code, _) = backlint(root, &["--write-baseline", "baseline.json"]);
    assert_eq!(code, 0, "writing a baseline accepts what is there");
    let (code, stdout) = backlint(root, &["--baseline", "baseline.json"]);
    assert_eq!((code, findings(&stdout)), (0, vec![]), "{stdout}");

    // Unrelated edits: lines inserted above, code reformatted elsewhere, a function added.
    let edited = LEGACY
        .replace(
            "use axum::{extract::Path, routing::get, Router};\n",
            "//! The user and order API.\n\nuse axum::{extract::Path, routing::get, Router};\n\nconst VERSION: &str = \"2\";\n",
        )
        .replace("    n.to_string()\n}\n\nasync fn order", "    n\n        .to_string()\n}\n\n/// Orders.\nasync fn order")
        .replace("pub fn router", "pub fn version() -> &'static str {\n    VERSION\n}\n\npub fn router");
    fs::write(root.join("src/lib.rs"), &edited).unwrap();
    let (code, stdout) = backlint(root, &["--baseline", "baseline.json"]);
    assert_eq!(
        (code, findings(&stdout)),
        (0, vec![]),
        "the old findings moved, they are not new:\n{stdout}"
    );

    // A new finding in the same handler, and a copy of an old one elsewhere, are new.
    let with_new = edited.replace(
        "    let n: u64 = id.parse().unwrap();\n    n\n        .to_string()",
        "    let n: u64 = id.parse().unwrap();\n    let m: u64 = id.trim().parse().expect(\"a number\");\n    (n + m)\n        .to_string()",
    );
    assert_ne!(with_new, edited);
    fs::write(root.join("src/lib.rs"), &with_new).unwrap();
    let (code, stdout) = backlint(root, &["--baseline", "baseline.json"]);
    let new = findings(&stdout);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(new.len(), 1, "{stdout}");
    assert!(new[0].contains("`.expect()`"), "{stdout}");

    // SARIF marks each result against the baseline.
    let output = Command::new(BACKLINT)
        .current_dir(root)
        .args(["--format", "sarif", "--baseline", "baseline.json"])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["baselineState"].as_str().unwrap())
        .collect();
    states.sort();
    assert_eq!(states, ["new", "unchanged", "unchanged"]);
}

#[test]
fn diff_reports_only_lines_changed_since_the_merge_base() {
    let dir = project();
    let root = dir.root();
    fs::remove_dir(root.join(".git")).unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "legacy"]);

    // A feature branch adds a handler with a new unwrap.
    git(root, &["checkout", "-q", "-b", "feature"]);
    let feature = LEGACY.replace(
        "pub fn router() -> Router {\n    Router::new()",
        "async fn item(Path(id): Path<String>) -> String {\n    id.parse::<u64>().unwrap().to_string()\n}\n\npub fn router() -> Router {\n    Router::new().route(\"/items/{id}\", get(item))",
    );
    fs::write(root.join("src/lib.rs"), &feature).unwrap();
    git(root, &["commit", "-q", "-am", "items"]);

    // Meanwhile main gains a finding of its own in another file: not the branch's doing.
    git(root, &["checkout", "-q", "main"]);
    fs::write(
        root.join("src/admin.rs"),
        "pub async fn stats(axum::extract::Path(id): axum::extract::Path<String>) -> u64 {\n    id.parse().unwrap()\n}\n",
    )
    .unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "admin"]);
    git(root, &["checkout", "-q", "feature"]);

    let (code, stdout) = backlint(root, &[]);
    assert_eq!(
        (code, findings(&stdout).len()),
        (1, 3),
        "everything: {stdout}"
    );
    let (code, stdout) = backlint(root, &["--diff", "main"]);
    let changed = findings(&stdout);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(changed.len(), 1, "only the branch's own line: {stdout}");
    assert!(changed[0].starts_with("src/lib.rs:"), "{stdout}");

    // Uncommitted changes count as changed lines too.
    let uncommitted = feature.replace(
        "async fn order(Path(id): Path<String>) -> String {\n",
        "async fn order(Path(id): Path<String>) -> String {\n    let _n = id.parse::<u32>().unwrap();\n",
    );
    fs::write(root.join("src/lib.rs"), uncommitted).unwrap();
    let (_, stdout) = backlint(root, &["--diff", "main"]);
    assert_eq!(findings(&stdout).len(), 2, "{stdout}");

    // An unknown ref is one line naming it, exit code 2.
    let output = Command::new(BACKLINT)
        .current_dir(root)
        .args(["--diff", "no-such-branch"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no-such-branch"), "{stderr}");
}

/// A workspace whose service crate sits two directories below the repository root.
fn workspace() -> Project {
    Project::new()
        .file("services/api/Cargo.toml", SERVICE_MANIFEST)
        .file("services/api/src/lib.rs", LEGACY)
}

fn sarif(dir: &Path, args: &[&str]) -> serde_json::Value {
    let output = Command::new(BACKLINT)
        .current_dir(dir)
        .args(["--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn baseline_paths_are_relative_to_the_repository_root_wherever_backlint_runs() {
    let dir = workspace();
    let root = dir.root();
    let api = root.join("services/api");
    let (code, _) = backlint(root, &["--write-baseline", "baseline.json"]);
    assert_eq!(code, 0);
    let written = fs::read_to_string(root.join("baseline.json")).unwrap();
    assert!(
        written.contains("\"file\": \"services/api/src/lib.rs\""),
        "{written}"
    );
    // Read from the crate's directory: the same findings, none new.
    let (code, stdout) = backlint(&api, &["--baseline", "../../baseline.json"]);
    assert_eq!((code, findings(&stdout)), (0, vec![]), "{stdout}");
    // Written from there, the file is the same.
    let (code, _) = backlint(&api, &["--write-baseline", "../../again.json"]);
    assert_eq!(code, 0);
    assert_eq!(
        fs::read_to_string(root.join("again.json")).unwrap(),
        written
    );
    // SARIF from the subdirectory points into the repository, as GitHub resolves it.
    let log = sarif(&api, &["--baseline", "../../baseline.json"]);
    let run = &log["runs"][0];
    let root_uri = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(root_uri.ends_with('/'), "{root_uri}");
    for result in run["results"].as_array().unwrap() {
        let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uri"], "services/api/src/lib.rs", "{result}");
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
        assert_eq!(result["baselineState"], "unchanged");
    }
}

#[test]
fn a_baseline_of_the_old_format_is_still_read() {
    let dir = workspace();
    let root = dir.root();
    fs::create_dir(root.join("ci")).unwrap();
    // What version 1 wrote to ci/baseline.json: paths relative to the file's directory.
    let entry = |code: &str| {
        format!(
            "{{\"rule\": \"unwrap-in-request-path\", \"file\": \"../services/api/src/lib.rs\", \
             \"item\": \"crate::{code}\", \"code\": \"let n: u64 = id.parse().unwrap();\", \"count\": 1}}"
        )
    };
    let v1 = format!(
        "{{\"version\": 1, \"findings\": [{}, {}]}}\n",
        entry("order"),
        entry("user")
    );
    fs::write(root.join("ci/baseline.json"), v1).unwrap();
    let (code, stdout) = backlint(root, &["--baseline", "ci/baseline.json"]);
    assert_eq!((code, findings(&stdout)), (0, vec![]), "{stdout}");
    let (code, stdout) = backlint(
        &root.join("services"),
        &["--baseline", "../ci/baseline.json"],
    );
    assert_eq!((code, findings(&stdout)), (0, vec![]), "{stdout}");
}

#[test]
fn suppressed_findings_are_recorded_and_never_new() {
    let dir = project();
    let root = dir.root();
    let silenced = LEGACY.replacen(
        "    let n: u64 = id.parse().unwrap();\n",
        "    // backlint-allow(unwrap-in-request-path): the router only matches digits\n    let n: u64 = id.parse().unwrap();\n",
        1,
    );
    fs::write(root.join("src/lib.rs"), &silenced).unwrap();
    let output = Command::new(BACKLINT)
        .current_dir(root)
        .args(["--write-baseline", "baseline.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr,
        "backlint: wrote 2 findings (1 suppressed) to `baseline.json`\n"
    );

    // A new suppressed finding since: still nothing new for the gate, or in SARIF.
    let more = silenced.replace(
        "    let n: u64 = id.parse().unwrap();\n    n.to_string()\n}\n\npub fn router",
        "    let n: u64 = id.parse().unwrap();\n    // backlint-allow(unwrap-in-request-path): checked by the router\n    let m: u64 = id.trim().parse().unwrap();\n    (n + m).to_string()\n}\n\npub fn router",
    );
    assert_ne!(more, silenced);
    fs::write(root.join("src/lib.rs"), &more).unwrap();
    let (code, stdout) = backlint(root, &["--baseline", "baseline.json"]);
    assert_eq!((code, findings(&stdout)), (0, vec![]), "{stdout}");
    let log = sarif(root, &["--baseline", "baseline.json"]);
    let mut states: Vec<(bool, &str)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let suppressed = !r["suppressions"].as_array().unwrap().is_empty();
            (suppressed, r["baselineState"].as_str().unwrap())
        })
        .collect();
    states.sort();
    assert_eq!(
        states,
        [
            (false, "unchanged"),
            (true, "unchanged"),
            (true, "unchanged")
        ]
    );

    // The first comment removed: its finding is one the baseline holds, not a new one.
    let uncommented = more.replacen(
        "    // backlint-allow(unwrap-in-request-path): the router only matches digits\n",
        "",
        1,
    );
    fs::write(root.join("src/lib.rs"), &uncommented).unwrap();
    let (code, stdout) = backlint(root, &["--baseline", "baseline.json"]);
    assert_eq!((code, findings(&stdout)), (0, vec![]), "{stdout}");
}
