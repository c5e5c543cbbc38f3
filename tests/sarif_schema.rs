//! The SARIF output is valid against the official SARIF 2.1.0 schema (a copy lives in
//! `tests/data/`) and has the shape GitHub code scanning relies on.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use backlint::diagnostic::{Diagnostic, Label, Level, Location, Suppressed};
use backlint::report::{render, Format, Problem, ProblemKind, RenderOptions, Report};
use backlint::rules::{self, RuleMeta};
use backlint::source::SourceFile;
use serde_json::Value;

const SCHEMA: &str = include_str!("data/sarif-schema-2.1.0.json");

const SECURITY_RULE: &str = "+++\nid = \"sql-injection\"\ncategory = \"security\"\nlevel = \"error\"\nsummary = \"request input reaches an SQL query unescaped\"\nprecision = \"high\"\ncwe = [89]\nowasp = [\"A03:2021\"]\nsecurity-severity = 9.8\n+++\n# sql-injection\n\n## What it finds\nSQL text built from request input.\n\n## Why it matters\nAttackers read or change data.\n";

const HANDLERS: &str = "fn handler(params: Params) {\n    let name = params.name;\n    let query = format!(\"select * from users where name = '{name}'\");\n    sqlx::query(&query);\n    println!(\"done\");\n    let user = find(&name).unwrap();\n}\n";

fn sql_injection() -> &'static RuleMeta {
    Box::leak(Box::new(
        RuleMeta::parse("sql-injection", SECURITY_RULE).unwrap(),
    ))
}

fn rule(id: &str) -> &'static RuleMeta {
    rules::find(id).unwrap().meta()
}

/// The location of the first `needle` in `text`.
fn locate(file: &str, text: &str, needle: &str) -> Location {
    let source = SourceFile::new(file.into(), text.to_string());
    let start = text.find(needle).unwrap();
    source.location(source.span(start, start + needle.len()))
}

fn finding(rule: &'static str, level: Level, primary: Location, message: &str) -> Diagnostic {
    Diagnostic {
        item_path: "crate::handler".to_string(),
        ..Diagnostic::new(rule, level, primary, message)
    }
}

/// A report with a flow finding (labels, help), a suppressed one, a non-ASCII path, a path
/// with a space, a file outside the working directory and a skipped file.
fn report() -> Report {
    let handlers = "src/handlers.rs";
    let mut injection = finding(
        "sql-injection",
        Level::Error,
        locate(handlers, HANDLERS, "sqlx::query(&query)"),
        "request input reaches `sqlx::query` unescaped",
    );
    injection.primary_label = "query built from request input".to_string();
    injection.labels = vec![
        Label {
            location: locate(handlers, HANDLERS, "params.name"),
            message: "request input enters here".to_string(),
        },
        Label {
            location: locate(handlers, HANDLERS, "format!"),
            message: "formatted into the query".to_string(),
        },
    ];
    injection.help = Some("pass the value with `.bind(name)`".to_string());
    injection.notes = vec!["the format string has one placeholder".to_string()];
    let mut unwrap = finding(
        "unwrap-in-request-path",
        Level::Warning,
        locate(handlers, HANDLERS, ".unwrap()"),
        "`unwrap()` in a request handler",
    );
    unwrap.suppressed = Some(Suppressed {
        reason: Some("the user was created above".to_string()),
        comment: locate(handlers, HANDLERS, "let user"),
    });
    let mut diagnostics = vec![
        injection,
        unwrap,
        finding(
            "print-in-server",
            Level::Warning,
            locate(handlers, HANDLERS, "println!(\"done\")"),
            "`println!` in server code",
        ),
        finding(
            "print-in-server",
            Level::Note,
            locate("src/données/ünï.rs", "fn é() { dbg!(1); }", "dbg!(1)"),
            "`dbg!` in server code",
        ),
        finding(
            "parse-error",
            Level::Error,
            locate("src/my module/a b.rs", "fn (", "("),
            "expected identifier",
        ),
        finding(
            "print-in-server",
            Level::Warning,
            locate("/opt/vendored crate/src/lib.rs", "print!(\"x\")", "print!"),
            "`print!` in server code",
        ),
    ];
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Report {
        diagnostics,
        baselined: None,
        problems: vec![Problem {
            path: "src/huge.rs".to_string(),
            kind: ProblemKind::Skipped,
            message: "larger than 2 MiB".to_string(),
        }],
        rules: vec![
            rule("parse-error"),
            rule("print-in-server"),
            sql_injection(),
            rule("unwrap-in-request-path"),
        ],
        sources: BTreeMap::from([(Arc::from(handlers), Arc::from(HANDLERS))]),
        files_checked: 4,
        elapsed: Duration::from_millis(5),
        project_root: None,
    }
}

fn sarif(report: &Report) -> Value {
    let mut out = Vec::new();
    render(report, Format::Sarif, &RenderOptions::default(), &mut out).unwrap();
    serde_json::from_slice(&out).unwrap()
}

fn assert_valid(log: &Value) {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    assert_valid(&sarif(&report()));
}

#[test]
fn an_empty_report_is_valid_sarif() {
    let log = sarif(&Report::default());
    assert_valid(&log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn the_schema_rejects_a_broken_log() {
    let mut log = sarif(&report());
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    assert!(!jsonschema::validator_for(&schema).unwrap().is_valid(&log));
}

#[test]
fn sarif_has_the_shape_github_code_scanning_expects() {
    let log = sarif(&report());
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );

    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "backlint");
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "parse-error",
            "print-in-server",
            "sql-injection",
            "unwrap-in-request-path"
        ]
    );
    for rule in rules {
        assert!(rule["shortDescription"]["text"].is_string(), "{rule}");
        assert!(
            rule["fullDescription"]["text"]
                .as_str()
                .unwrap()
                .chars()
                .count()
                <= 1024
        );
        assert!(rule["help"]["text"].is_string(), "{rule}");
        assert!(rule["properties"]["precision"].is_string(), "{rule}");
    }
    let injection_rule = &rules[2];
    assert_eq!(injection_rule["name"], "SqlInjection");
    assert_eq!(injection_rule["properties"]["security-severity"], "9.8");
    let tags = injection_rule["properties"]["tags"].as_array().unwrap();
    assert!(tags.contains(&Value::from("security")), "{tags:?}");
    assert!(
        tags.contains(&Value::from("external/cwe/cwe-089")),
        "{tags:?}"
    );

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 6, "suppressed findings are included");
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["backlintFingerprint/v1"].is_string());
        let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        let uri = artifact["uri"].as_str().unwrap();
        assert!(uri.is_ascii() && !uri.contains(' '), "{uri}");
        if uri.starts_with("file://") {
            assert!(artifact.get("uriBaseId").is_none(), "{artifact}");
        } else {
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
        }
    }
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.contains(&"src/donn%C3%A9es/%C3%BCn%C3%AF.rs"),
        "{uris:?}"
    );
    assert!(uris.contains(&"src/my%20module/a%20b.rs"), "{uris:?}");
    assert!(
        uris.contains(&"file:///opt/vendored%20crate/src/lib.rs"),
        "{uris:?}"
    );

    let injection = results
        .iter()
        .find(|r| r["ruleId"] == "sql-injection")
        .unwrap();
    let flow = injection["codeFlows"][0]["threadFlows"][0]["locations"]
        .as_array()
        .unwrap();
    let steps: Vec<&str> = flow
        .iter()
        .map(|step| step["location"]["message"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "request input enters here",
            "formatted into the query",
            "query built from request input"
        ]
    );
    assert_eq!(injection["relatedLocations"].as_array().unwrap().len(), 2);
    let suppressed = results
        .iter()
        .find(|r| r["ruleId"] == "unwrap-in-request-path")
        .unwrap();
    assert_eq!(suppressed["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        suppressed["suppressions"][0]["justification"],
        "the user was created above"
    );

    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["message"]["text"],
        "skipped src/huge.rs: larger than 2 MiB"
    );
}

#[test]
fn more_results_than_github_accepts_are_truncated_with_a_notice() {
    let mut report = report();
    let template = report.diagnostics[0].clone();
    report.diagnostics = vec![template; 25_001];
    let log = sarif(&report);
    let run = &log["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len(), 25_000);
    let notices = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let text = notices.last().unwrap()["message"]["text"].as_str().unwrap();
    assert!(
        text.contains("25001 results") && text.contains("at most 25000"),
        "{text}"
    );
    let last = &run["results"][24_999]["partialFingerprints"]["backlintFingerprint/v1"];
    assert!(last.as_str().unwrap().ends_with(":25000"), "{last}");
}

/// The SARIF of the real corpus, with taint flows that cross files, is valid and carries each
/// flow as a `codeFlow` whose steps point into both files.
#[test]
fn corpus_sarif_with_cross_file_flows_is_valid() {
    let manifest_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let report = backlint::engine::check_in(
        &[std::path::PathBuf::from("test-corpus")],
        &backlint::settings::Settings::default(),
        manifest_dir,
    )
    .unwrap();
    let log = sarif(&report);
    assert_valid(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "unused-suppression" && r["fixes"].is_array()),
        "the corpus's unused suppressions bring fixes into what is validated"
    );
    let cross_file = results
        .iter()
        .find(|r| {
            r["ruleId"] == "sql-injection"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .ends_with("axum-sqlx-orders/src/repo.rs")
                && r["level"] == "error"
        })
        .expect("the cross-file injection in the axum corpus service");
    let uris: Vec<&str> = cross_file["codeFlows"][0]["threadFlows"][0]["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| {
            step["location"]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.first().unwrap().ends_with("handlers/search.rs"),
        "the flow starts at the handler: {uris:?}"
    );
    assert!(
        uris.last().unwrap().ends_with("src/repo.rs"),
        "the flow ends at the sink: {uris:?}"
    );
    assert!(cross_file["relatedLocations"]
        .as_array()
        .unwrap()
        .iter()
        .any(
            |related| related["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .ends_with("handlers/search.rs")
        ));
}
