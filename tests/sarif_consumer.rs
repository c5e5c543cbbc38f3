//! backlint's SARIF read back by a real consumer: Microsoft's SARIF multitool (`validate`,
//! installed into `target/ci-tools/npm` by `.ci/install-tools`), with its SARIF rules and its
//! GitHub code-scanning rules (`--rule-kind Sarif;Gh`), on the report for `test-corpus/`, with
//! and without a baseline. The validator writes its findings as SARIF; they must hold no
//! error and no warning, and only the notes listed in [`ACCEPTED_NOTES`], each for the reason
//! given there.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const BACKLINT: &str = env!("CARGO_BIN_EXE_backlint");
const CHECKOUT: &str = env!("CARGO_MANIFEST_DIR");

/// The validator's notes (advice, not defects) that backlint's SARIF keeps, and why.
const ACCEPTED_NOTES: &[(&str, &str)] = &[
    (
        "SARIF2002",
        "messages carry `text`, not `id` + `arguments`: each message names the code it is \
         about, and GitHub code scanning requires `text` (its rule GH1007)",
    ),
    (
        "SARIF2003",
        "no `versionControlProvenance`: upload-sarif sends the commit and ref; embedding the \
         remote URL could leak credentials and would make output depend on more than the code",
    ),
    (
        "SARIF2006",
        "the validator could not fetch `$schema` or a `helpUri` over HTTP: depends on the \
         network it runs on, not on the log",
    ),
    (
        "SARIF2009",
        "rule ids are words (`sql-injection`), not `XY1234`: they are what users write in \
         config and in `backlint-allow` comments",
    ),
];

/// The multitool's binary for this platform; missing, the test fails saying how to get it.
fn multitool() -> PathBuf {
    let packages = Path::new(CHECKOUT).join("target/ci-tools/npm/node_modules/@microsoft");
    let binary = fs::read_dir(&packages).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .filter(|entry| {
                entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with("sarif-multitool-")
            })
            .map(|entry| entry.path().join("Sarif.Multitool"))
            .find(|path| path.is_file())
    });
    binary.unwrap_or_else(|| {
        panic!(
            "no Sarif.Multitool under `{}`: run .ci/install-tools",
            packages.display()
        )
    })
}

/// Runs backlint in the checkout (so paths are `%SRCROOT%`-relative) and returns its exit code.
fn backlint(args: &[&str]) -> i32 {
    let output = Command::new(BACKLINT)
        .current_dir(CHECKOUT)
        .args(args)
        .output()
        .unwrap();
    let code = output.status.code().expect("exited normally");
    assert!(
        code == 0 || code == 1,
        "backlint {args:?} exited with {code}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    code
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read `{}`: {error}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("`{}` is not JSON: {error}", path.display()))
}

/// One finding of the validator: its rule, effective level and message.
#[derive(Debug)]
struct Finding {
    rule: String,
    level: String,
    message: String,
}

/// Validates `log` and returns the validator's findings.
fn validate(log: &Path) -> Vec<Finding> {
    let output_path = log.with_extension("validation.sarif");
    let output = Command::new(multitool())
        .args(["validate", "--rule-kind", "Sarif;Gh"])
        .args(["--level", "Error;Warning;Note", "--log", "ForceOverwrite"])
        .arg("--output")
        .arg(&output_path)
        .arg(log)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the validator failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let validation = read_json(&output_path);
    let run = &validation["runs"][0];
    assert_eq!(
        run["invocations"][0]["executionSuccessful"], true,
        "{validation:#}"
    );
    let rules = run["tool"]["driver"]["rules"].as_array();
    run["results"]
        .as_array()
        .expect("the validator's results")
        .iter()
        .map(|result| {
            let rule = result["ruleId"].as_str().unwrap_or_default().to_string();
            let descriptor = rules.and_then(|rules| rules.iter().find(|r| r["id"] == rule));
            // SARIF §3.27.10: no level means the rule's default level, else `warning`.
            let level = result["level"]
                .as_str()
                .or_else(|| descriptor?["defaultConfiguration"]["level"].as_str())
                .unwrap_or("warning")
                .to_string();
            let message = message_text(&result["message"], descriptor);
            Finding {
                rule,
                level,
                message,
            }
        })
        .collect()
}

/// A result's message: its text, or its rule's message string with the arguments put in.
fn message_text(message: &Value, descriptor: Option<&Value>) -> String {
    if let Some(text) = message["text"].as_str() {
        return text.to_string();
    }
    let id = message["id"].as_str().unwrap_or_default();
    let mut text = descriptor
        .and_then(|d| d["messageStrings"][id]["text"].as_str())
        .unwrap_or(id)
        .to_string();
    for (at, argument) in message["arguments"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        text = text.replace(&format!("{{{at}}}"), argument.as_str().unwrap_or_default());
    }
    text
}

/// No error, no warning, no note outside [`ACCEPTED_NOTES`].
fn assert_clean(findings: &[Finding]) {
    let defects: Vec<String> = findings
        .iter()
        .filter(|f| f.level != "note" || !ACCEPTED_NOTES.iter().any(|(rule, _)| *rule == f.rule))
        .map(|f| format!("{} {}: {}", f.level, f.rule, f.message))
        .collect();
    assert!(
        defects.is_empty(),
        "the SARIF multitool reports:\n{}",
        defects.join("\n")
    );
}

/// The results of a backlint SARIF log.
fn results(log: &Path) -> Vec<Value> {
    read_json(log)["runs"][0]["results"]
        .as_array()
        .expect("results")
        .clone()
}

#[test]
fn the_multitool_accepts_the_corpus_report() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("corpus.sarif");
    let code = backlint(&["test-corpus", "--format", "sarif", "--output", path(&log)]);
    assert_eq!(code, 1, "the corpus has findings");
    let results = results(&log);
    assert!(
        results
            .iter()
            .any(|r| r["suppressions"].as_array().is_some_and(|s| !s.is_empty()))
            && results.iter().any(|r| r.get("relatedLocations").is_some())
            && results.iter().any(|r| r.get("fixes").is_some()),
        "suppressed results, related locations and fixes are part of what is validated"
    );
    assert_clean(&validate(&log));
}

#[test]
fn the_multitool_accepts_a_report_with_baseline_states() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    // A baseline of the error-category findings: those come back unchanged, the rest new.
    backlint(&[
        "test-corpus",
        "--select",
        "errors",
        "--write-baseline",
        path(&baseline),
    ]);
    let log = dir.path().join("baselined.sarif");
    backlint(&[
        "test-corpus",
        "--format",
        "sarif",
        "--baseline",
        path(&baseline),
        "--output",
        path(&log),
    ]);
    let results = results(&log);
    for state in ["new", "unchanged"] {
        assert!(
            results.iter().any(|r| r["baselineState"] == state),
            "a result with baselineState {state}"
        );
    }
    assert!(results.iter().all(|r| r["baselineState"].is_string()));
    assert_clean(&validate(&log));
}

fn path(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}
