//! The formats CI systems read, checked by their consumers' own rules and read back for their
//! meaning. The real binary runs on a scratch axum crate with findings, two stale
//! suppressions, a suppressed finding, a line with a non-ASCII character before a finding and
//! a file whose name needs escaping (`naïve & <odd> 'q'.rs`); each format is compared with
//! backlint's own JSON report of the same run.
//!
//! - `gitlab`: every issue against GitLab's own Code Quality schema (GitLab drops an issue
//!   that fails it), fingerprints distinct and stable across unrelated edits.
//! - `rdjson`: reviewdog's `DiagnosticResult` schema, and a strict copy of it (reviewdog drops
//!   fields it does not know, so a misspelt one would vanish silently); suggestions applied to
//!   the files remove the stale comments and nothing else.
//! - `junit`, `checkstyle`: the JUnit XSD of Jenkins' xUnit plugin and Checkstyle's report
//!   XSD, validated by lxml (from `target/ci-tools/venv`, installed by `.ci/install-tools`;
//!   without it these tests fail and say so), then parsed with quick-xml.
//!
//! Where each schema comes from: `tests/data/README.md`.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
use serde_json::Value;
use tempfile::TempDir;

const BACKLINT: &str = env!("CARGO_BIN_EXE_backlint");
const CHECKOUT: &str = env!("CARGO_MANIFEST_DIR");

const GITLAB_SCHEMA: &str = include_str!("data/gitlab-codeclimate.json");
const RDJSON_SCHEMA: &str = include_str!("data/rdjson-DiagnosticResult.json");
const JUNIT_XSD: &str = "tests/data/junit-10.xsd";
const CHECKSTYLE_XSD: &str = "tests/data/checkstyle-report-1.0.0.xsd";

const MANIFEST: &str = "[package]\nname = \"scratch\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\naxum = \"0.7\"\n";

/// The trailing suppression that suppresses nothing, and the blank before it.
const STALE_TRAILING: &str = " // backlint-allow(print-in-server): nothing prints here";
/// The own-line suppression that suppresses nothing, with its line break.
const STALE_OWN_LINE: &str = "// backlint-allow(swallowed-error): nothing is swallowed here\n";

const MAIN: &str = r#"use axum::{routing::get, Router};

async fn list(id: String) -> String {
    println!("listing <&> \"{id}\" 'é'");
    let n: u32 = id.parse().unwrap();
    let café = id.len(); println!("{café}");
    println!("progress"); // backlint-allow(print-in-server): a progress line the operator reads
    n.to_string() // backlint-allow(print-in-server): nothing prints here
}

// backlint-allow(swallowed-error): nothing is swallowed here
fn helper() {}

#[tokio::main]
async fn main() {
    helper();
    let app = Router::new().route("/", get(list));
    axum::serve(listener(), app).with_graceful_shutdown(async {}).await.unwrap();
}
"#;

const ODD_NAME: &str = "src/naïve & <odd> 'q'.rs";

/// Two identical findings in one item.
const ODD: &str = "pub fn greet() {\n    println!(\"hi\");\n    println!(\"hi\");\n}\n";

/// A scratch crate; its `.git` directory stops config discovery from leaving it.
struct Scratch {
    dir: TempDir,
}

impl Scratch {
    fn new(files: &[(&str, &str)]) -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        Scratch { dir }
    }

    /// The crate with findings.
    fn with_findings() -> Scratch {
        Scratch::new(&[
            ("Cargo.toml", MANIFEST),
            ("src/main.rs", MAIN),
            (ODD_NAME, ODD),
        ])
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap()
    }

    /// The output of `backlint --format FORMAT` run at the crate's root.
    fn report(&self, format: &str) -> String {
        let output = Command::new(BACKLINT)
            .current_dir(self.dir.path())
            .args(["--format", format])
            .output()
            .unwrap();
        let code = output.status.code().expect("exited normally");
        assert!(
            code == 0 || code == 1,
            "--format {format} exited with {code}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }

    fn json(&self, format: &str) -> Value {
        serde_json::from_str(&self.report(format))
            .unwrap_or_else(|error| panic!("--format {format} is not JSON: {error}"))
    }

    /// The `diagnostics` of backlint's own JSON document that are not suppressed.
    fn active_findings(&self) -> Vec<Value> {
        self.json("json")["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["suppressed"].is_null())
            .cloned()
            .collect()
    }
}

fn validator(schema: &str) -> jsonschema::Validator {
    jsonschema::validator_for(&serde_json::from_str::<Value>(schema).unwrap()).unwrap()
}

fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// GitLab Code Quality

#[test]
fn gitlab_issues_pass_gitlabs_schema_and_name_each_finding_once() {
    let scratch = Scratch::with_findings();
    let issues = scratch.json("gitlab");
    let issues = issues.as_array().expect("an array of issues");
    let findings = scratch.active_findings();
    assert_eq!(issues.len(), findings.len(), "one issue per active finding");
    assert_eq!(issues.len(), 7, "five in main.rs, two in the odd file");

    let schema = validator(GITLAB_SCHEMA);
    for issue in issues {
        let errors = schema_errors(&schema, issue);
        assert!(errors.is_empty(), "GitLab would drop {issue}: {errors:?}");
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap()),
            "{issue}"
        );
    }
    for (issue, finding) in issues.iter().zip(&findings) {
        assert_eq!(issue["check_name"], finding["rule"]);
        assert_eq!(issue["description"], finding["message"]);
        assert_eq!(issue["location"]["path"], finding["file"]);
        assert_eq!(
            issue["location"]["lines"]["begin"],
            finding["start"]["line"]
        );
        assert_eq!(issue["location"]["lines"]["end"], finding["end"]["line"]);
        assert_eq!(
            issue["severity"], "minor",
            "every finding here is a warning"
        );
    }
    assert!(issues.iter().any(|i| i["location"]["path"] == ODD_NAME));

    let fingerprints: Vec<&str> = issues
        .iter()
        .map(|issue| issue["fingerprint"].as_str().unwrap())
        .collect();
    let distinct: HashSet<&str> = fingerprints.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        fingerprints.len(),
        "GitLab keeps one issue per fingerprint: {fingerprints:?}"
    );

    let sarif = scratch.json("sarif");
    let sarif_fingerprints: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|result| result["suppressions"].as_array().is_some_and(Vec::is_empty))
        .map(|result| {
            result["partialFingerprints"]["backlintFingerprint/v1"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        fingerprints, sarif_fingerprints,
        "the fingerprints SARIF carries"
    );
}

#[test]
fn gitlab_fingerprints_survive_unrelated_edits() {
    let scratch = Scratch::with_findings();
    let before = scratch.json("gitlab");
    let edited = format!("// The list handler.\n\nfn unrelated() {{}}\n\n{MAIN}");
    fs::write(scratch.path("src/main.rs"), edited).unwrap();
    let after = scratch.json("gitlab");
    let by_fingerprint = |issues: &Value| -> BTreeMap<String, (String, u64)> {
        issues
            .as_array()
            .unwrap()
            .iter()
            .map(|issue| {
                (
                    issue["fingerprint"].as_str().unwrap().to_string(),
                    (
                        issue["check_name"].as_str().unwrap().to_string(),
                        issue["location"]["lines"]["begin"].as_u64().unwrap(),
                    ),
                )
            })
            .collect()
    };
    let (before, after) = (by_fingerprint(&before), by_fingerprint(&after));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same findings keep their fingerprints"
    );
    let moved = before
        .iter()
        .filter(|(fingerprint, (rule, line))| {
            let (after_rule, after_line) = &after[*fingerprint];
            assert_eq!(rule, after_rule);
            after_line == &(line + 4)
        })
        .count();
    assert_eq!(moved, 5, "the findings of main.rs moved four lines down");
}

#[test]
fn gitlabs_schema_rejects_an_issue_without_a_fingerprint() {
    let issue = serde_json::json!({
        "description": "d", "check_name": "c", "severity": "minor",
        "location": {"path": "src/a.rs", "lines": {"begin": 1}}
    });
    assert!(!schema_errors(&validator(GITLAB_SCHEMA), &issue).is_empty());
}

// ---------------------------------------------------------------------------------------------
// reviewdog

/// The schema with every `additionalProperties: true` turned to `false`: reviewdog reads
/// rdjson with protojson's `DiscardUnknown`, so a field the format does not define is lost.
fn strict(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            if object.get("additionalProperties") == Some(&Value::Bool(true)) {
                object.insert("additionalProperties".to_string(), Value::Bool(false));
            }
            object.values_mut().for_each(strict);
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// The byte offset of an rdjson position (1-based line, 1-based column in UTF-8 bytes).
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let column = position["column"].as_u64().expect("a column") as usize;
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    line_start + column - 1
}

/// `text` with replacements (byte ranges) applied.
fn replaced(text: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.sort();
    let mut fixed = text.to_string();
    for (start, end, replacement) in edits.into_iter().rev() {
        fixed.replace_range(start..end, &replacement);
    }
    fixed
}

#[test]
fn rdjson_passes_reviewdogs_schema_strictly() {
    let scratch = Scratch::with_findings();
    let result = scratch.json("rdjson");
    let errors = schema_errors(&validator(RDJSON_SCHEMA), &result);
    assert!(errors.is_empty(), "{errors:?}");
    let mut schema: Value = serde_json::from_str(RDJSON_SCHEMA).unwrap();
    strict(&mut schema);
    let strict_schema = jsonschema::validator_for(&schema).unwrap();
    let errors = schema_errors(&strict_schema, &result);
    assert!(errors.is_empty(), "fields reviewdog would drop: {errors:?}");

    let mut misspelt = result.clone();
    misspelt["diagnostics"][0]["sugestions"] = serde_json::json!([]);
    assert!(
        !schema_errors(&strict_schema, &misspelt).is_empty(),
        "the strict copy catches a misspelt field"
    );
}

#[test]
fn rdjson_names_each_finding_with_byte_columns() {
    let scratch = Scratch::with_findings();
    let result = scratch.json("rdjson");
    assert_eq!(result["source"]["name"], "backlint");
    let diagnostics = result["diagnostics"].as_array().unwrap();
    let findings = scratch.active_findings();
    assert_eq!(diagnostics.len(), findings.len());
    for (diagnostic, finding) in diagnostics.iter().zip(&findings) {
        assert_eq!(diagnostic["code"]["value"], finding["rule"]);
        assert_eq!(diagnostic["severity"], "WARNING");
        assert!(diagnostic["message"]
            .as_str()
            .unwrap()
            .starts_with(finding["message"].as_str().unwrap()));
        let path = finding["file"].as_str().unwrap();
        assert_eq!(diagnostic["location"]["path"], path);
        let text = scratch.read(path);
        let range = &diagnostic["location"]["range"];
        assert_eq!(
            offset(&text, &range["start"]),
            finding["byte_start"].as_u64().unwrap() as usize
        );
        assert_eq!(
            offset(&text, &range["end"]),
            finding["byte_end"].as_u64().unwrap() as usize
        );
    }
    let after_cafe = diagnostics
        .iter()
        .find(|d| d["location"]["range"]["start"]["line"] == 6)
        .expect("the print after `café`");
    assert_eq!(
        after_cafe["location"]["range"]["start"]["column"], 27,
        "`é` is two bytes: code-point column 26 is byte column 27"
    );
}

#[test]
fn suggestions_and_json_fixes_remove_the_stale_comments_and_nothing_else() {
    let scratch = Scratch::with_findings();
    let main = scratch.read("src/main.rs");
    let expected = main
        .replacen(STALE_TRAILING, "", 1)
        .replacen(STALE_OWN_LINE, "", 1);
    assert_ne!(expected, main);

    let result = scratch.json("rdjson");
    let suggestions: Vec<(usize, usize, String)> = result["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"]["value"] == "unused-suppression")
        .flat_map(|d| d["suggestions"].as_array().expect("suggestions").clone())
        .map(|s| {
            (
                offset(&main, &s["range"]["start"]),
                offset(&main, &s["range"]["end"]),
                s["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(suggestions.len(), 2, "one per stale comment");
    assert!(result["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"]["value"] != "unused-suppression")
        .all(|d| d.get("suggestions").is_none()));
    assert_eq!(replaced(&main, suggestions), expected);

    let edits: Vec<(usize, usize, String)> = scratch
        .active_findings()
        .iter()
        .filter_map(|finding| finding["fix"].as_object().cloned())
        .flat_map(|fix| fix["edits"].as_array().unwrap().clone())
        .map(|edit| {
            (
                edit["byte_start"].as_u64().unwrap() as usize,
                edit["byte_end"].as_u64().unwrap() as usize,
                edit["replacement"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(replaced(&main, edits), expected, "the JSON `fix` edits");

    let rules = |findings: Vec<Value>| -> Vec<(String, String)> {
        let mut rules: Vec<(String, String)> = findings
            .iter()
            .map(|f| (f["rule"].to_string(), f["message"].to_string()))
            .collect();
        rules.sort();
        rules
    };
    let before = rules(scratch.active_findings());
    fs::write(scratch.path("src/main.rs"), &expected).unwrap();
    let after = rules(scratch.active_findings());
    let without_stale: Vec<(String, String)> = before
        .into_iter()
        .filter(|(rule, _)| rule != "\"unused-suppression\"")
        .collect();
    assert_eq!(
        after, without_stale,
        "the fixed file has the other findings only"
    );
}

// ---------------------------------------------------------------------------------------------
// XML, validated by lxml

const VALIDATE: &str = r#"
import sys
from lxml import etree
schema = etree.XMLSchema(etree.parse(sys.argv[1]))
document = etree.parse(sys.argv[2])
if not schema.validate(document):
    for error in schema.error_log:
        print(f"{error.line}:{error.column}: {error.message}")
    sys.exit(1)
"#;

/// The Python of `.ci/install-tools`' virtualenv, which has lxml; missing, the test fails
/// saying how to get it.
fn python() -> PathBuf {
    let python = Path::new(CHECKOUT).join("target/ci-tools/venv/bin/python");
    let has_lxml = Command::new(&python)
        .args(["-c", "import lxml.etree"])
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(
        has_lxml,
        "no lxml in `{}`: run .ci/install-tools",
        python.display()
    );
    python
}

/// lxml's complaints about `document` under the XSD at `xsd` (relative to the checkout).
fn xsd_errors(xsd: &str, document: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.xml");
    fs::write(&path, document).unwrap();
    let output = Command::new(python())
        .args(["-c", VALIDATE])
        .arg(Path::new(CHECKOUT).join(xsd))
        .arg(&path)
        .output()
        .unwrap();
    (!output.status.success()).then(|| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn assert_valid(xsd: &str, document: &str) {
    if let Some(errors) = xsd_errors(xsd, document) {
        panic!("invalid against {xsd}:\n{errors}\n{document}");
    }
}

#[derive(Debug, Deserialize)]
struct TestSuites {
    #[serde(rename = "@tests")]
    tests: usize,
    #[serde(rename = "@failures")]
    failures: usize,
    #[serde(rename = "@errors")]
    errors: usize,
    #[serde(rename = "testsuite", default)]
    suites: Vec<TestSuite>,
}

#[derive(Debug, Deserialize)]
struct TestSuite {
    #[serde(rename = "@name")]
    name: String,
    #[serde(rename = "@tests")]
    tests: usize,
    #[serde(rename = "@failures")]
    failures: usize,
    #[serde(rename = "testcase", default)]
    cases: Vec<TestCase>,
}

#[derive(Debug, Deserialize)]
struct TestCase {
    #[serde(rename = "@name")]
    name: String,
    #[serde(rename = "@classname")]
    classname: String,
    failure: Option<Failure>,
}

#[derive(Debug, Deserialize)]
struct Failure {
    #[serde(rename = "@message")]
    message: String,
    #[serde(rename = "@type")]
    kind: String,
    #[serde(rename = "$text", default)]
    body: String,
}

#[test]
fn junit_passes_jenkins_schema_and_lists_every_finding() {
    let scratch = Scratch::with_findings();
    let document = scratch.report("junit");
    assert_valid(JUNIT_XSD, &document);
    let junit: TestSuites = quick_xml::de::from_str(&document).unwrap();
    let findings = scratch.active_findings();
    assert_eq!(
        (junit.tests, junit.failures, junit.errors),
        (findings.len(), findings.len(), 0)
    );
    let names: Vec<&str> = junit.suites.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["src/main.rs", ODD_NAME]);
    for suite in &junit.suites {
        assert_eq!(
            (suite.tests, suite.failures),
            (suite.cases.len(), suite.cases.len())
        );
    }
    let cases: Vec<&TestCase> = junit.suites.iter().flat_map(|s| &s.cases).collect();
    for (case, finding) in cases.iter().zip(&findings) {
        let failure = case.failure.as_ref().expect("a failure");
        assert_eq!(failure.message, finding["message"].as_str().unwrap());
        assert_eq!(failure.kind, finding["rule"].as_str().unwrap());
        assert_eq!(
            case.name,
            format!(
                "{} at {}:{}",
                finding["rule"].as_str().unwrap(),
                finding["start"]["line"],
                finding["start"]["column"]
            )
        );
        let file = finding["file"].as_str().unwrap();
        assert_eq!(case.classname, file.strip_suffix(".rs").unwrap());
        let at = format!(
            "--> {file}:{}:{}",
            finding["start"]["line"], finding["start"]["column"]
        );
        assert!(failure.body.contains(&at), "{at} in {}", failure.body);
    }
    let print = &cases[0].failure.as_ref().unwrap().body;
    assert!(
        print.contains(r#"println!("listing <&> \"{id}\" 'é'");"#),
        "the quoted code reads back as written: {print}"
    );
}

#[derive(Debug, Deserialize)]
struct Checkstyle {
    #[serde(rename = "@version")]
    version: String,
    #[serde(rename = "file", default)]
    files: Vec<CheckstyleFile>,
}

#[derive(Debug, Deserialize)]
struct CheckstyleFile {
    #[serde(rename = "@name")]
    name: String,
    #[serde(rename = "error", default)]
    errors: Vec<CheckstyleError>,
}

#[derive(Debug, Deserialize)]
struct CheckstyleError {
    #[serde(rename = "@line")]
    line: u64,
    #[serde(rename = "@column")]
    column: u64,
    #[serde(rename = "@severity")]
    severity: String,
    #[serde(rename = "@message")]
    message: String,
    #[serde(rename = "@source")]
    source: String,
}

#[test]
fn checkstyle_passes_checkstyles_schema_and_lists_every_finding() {
    let scratch = Scratch::with_findings();
    let document = scratch.report("checkstyle");
    assert_valid(CHECKSTYLE_XSD, &document);
    let checkstyle: Checkstyle = quick_xml::de::from_str(&document).unwrap();
    assert_eq!(checkstyle.version, "4.3");
    let names: Vec<&str> = checkstyle.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["src/main.rs", ODD_NAME]);
    let errors: Vec<(&str, &CheckstyleError)> = checkstyle
        .files
        .iter()
        .flat_map(|file| {
            file.errors
                .iter()
                .map(move |error| (file.name.as_str(), error))
        })
        .collect();
    let findings = scratch.active_findings();
    assert_eq!(errors.len(), findings.len());
    for ((file, error), finding) in errors.iter().zip(&findings) {
        assert_eq!(*file, finding["file"].as_str().unwrap());
        assert_eq!(error.line, finding["start"]["line"].as_u64().unwrap());
        assert_eq!(error.column, finding["start"]["column"].as_u64().unwrap());
        assert_eq!(error.severity, "warning");
        assert_eq!(error.message, finding["message"].as_str().unwrap());
        assert_eq!(
            error.source,
            format!("backlint.{}", finding["rule"].as_str().unwrap())
        );
    }
}

#[test]
fn a_clean_run_is_valid_and_shows_no_failure() {
    let scratch = Scratch::new(&[
        (
            "Cargo.toml",
            "[package]\nname = \"tidy\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/main.rs", "fn main() {}\n"),
    ]);
    let junit_document = scratch.report("junit");
    assert_valid(JUNIT_XSD, &junit_document);
    let junit: TestSuites = quick_xml::de::from_str(&junit_document).unwrap();
    assert_eq!((junit.tests, junit.failures, junit.errors), (1, 0, 0));
    assert!(junit.suites[0].cases[0].failure.is_none());

    let checkstyle_document = scratch.report("checkstyle");
    assert_valid(CHECKSTYLE_XSD, &checkstyle_document);
    let checkstyle: Checkstyle = quick_xml::de::from_str(&checkstyle_document).unwrap();
    assert!(checkstyle.files.is_empty());

    assert_eq!(scratch.json("gitlab"), serde_json::json!([]));
    assert_eq!(scratch.json("rdjson")["diagnostics"], serde_json::json!([]));
}

#[test]
fn the_xsds_reject_broken_documents() {
    let nameless = "<testsuites><testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\"><testcase classname=\"c\"/></testsuite></testsuites>";
    assert!(xsd_errors(JUNIT_XSD, nameless).is_some());
    let fatal = "<checkstyle version=\"4.3\"><file name=\"a.rs\"><error line=\"1\" severity=\"fatal\"/></file></checkstyle>";
    assert!(xsd_errors(CHECKSTYLE_XSD, fatal).is_some());
    let broken = "<checkstyle version=\"4.3\"><file name=\"a & b.rs\"></file></checkstyle>";
    assert!(
        xsd_errors(CHECKSTYLE_XSD, broken).is_some(),
        "not well formed"
    );
}
