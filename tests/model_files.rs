//! A project's additions to the model files (`[models.<file>]` in config), through the real
//! binary: an in-house client's certificate switch, an in-house token shape and secret name, and
//! an in-house blocking-and-HTTP client reach the rules that read those files; the same code
//! without the config stays silent; an addition that does not fit the file names its key, and
//! one that names no rule says so.

use std::process::Command;

mod support {
    pub mod project;
}

use support::project::{Project, Run, SERVICE_MANIFEST};

const BACKLINT: &str = env!("CARGO_BIN_EXE_backlint");

/// A service with an in-house HTTP client whose builder can skip certificate checks, an
/// in-house API key and a secret-named binding with an in-house name.
const SERVICE: &str = r#"use axum::{routing::get, Router};

const ACME_UPSTREAM: &str = "acme_live_4f9a8b7c6d5e4f3a2b1c";

pub fn upstream() -> acme_http::Client {
    acme_http::Client::builder()
        .trust_any_certificate(true)
        .build()
}

pub fn signer() -> acme_sign::Signer {
    let hush_value = "Wq8rT2vX9zLm4Kp7";
    acme_sign::Signer::new(hush_value)
}

async fn hello() -> &'static str {
    "hello"
}

#[tokio::main]
async fn main() {
    let app = Router::new().route("/", get(hello));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.expect("bind");
    axum::serve(listener, app)
        .with_graceful_shutdown(async { tokio::signal::ctrl_c().await.ok(); })
        .await
        .expect("serve");
}
"#;

/// The project's additions: the certificate switch as a `tls-verification-disabled` call, the
/// key's shape, and `hush` as a word that makes a name secret.
const ADDITIONS: &str = r#"
[[models.security.insecure-call]]
rule = "tls-verification-disabled"
calls = [".trust_any_certificate"]
when = "true"
what = "makes acme_http accept any certificate"
fix = "remove it; acme_http trusts the platform CA by default"

[[models.secrets.shape]]
name = "Acme API key"
prefixes = ["acme_live_"]
charset = "a-z0-9"
min = 20
max = 20

[models.secrets.names]
words = ["hush"]
"#;

fn service(config: &str) -> Project {
    Project::new()
        .file("Cargo.toml", SERVICE_MANIFEST)
        .file("src/main.rs", SERVICE)
        .file("backlint.toml", config)
}

/// `rule line` of every finding of a run, from concise output
/// (`src/main.rs:7:10: error[rule] message`).
fn findings(project: &Project) -> Vec<String> {
    let run = Run::of(Command::new(BACKLINT).current_dir(project.root()).args([
        ".",
        "--format",
        "concise",
        "--fail-on",
        "never",
    ]));
    run.code(0);
    assert_eq!(run.stderr, "", "{run:#?}");
    run.stdout
        .lines()
        .filter_map(|line| {
            let (location, rest) = line.split_once(": ")?;
            let line_number = location.split(':').nth(1)?;
            let (_, rule) = rest.split_once('[')?;
            let (rule, _) = rule.split_once(']')?;
            Some(format!("{rule} {line_number}"))
        })
        .collect()
}

#[test]
fn additions_to_model_files_reach_the_rules_that_read_them() {
    assert_eq!(
        findings(&service("")),
        Vec::<String>::new(),
        "without the additions nothing in the service is known"
    );
    let mut found = findings(&service(ADDITIONS));
    found.sort();
    assert_eq!(
        found,
        [
            "hardcoded-secret 12",
            "hardcoded-secret 3",
            "tls-verification-disabled 7",
        ]
    );
}

#[test]
fn an_addition_that_does_not_fit_names_its_key() {
    let cases = [
        (
            "[models.secrets.names]\nwords = \"hush\"\n",
            "backlint: error: backlint.toml: models.secrets.names.words: expected an array, as in rules/models/secrets.toml",
        ),
        (
            "[[models.secrets.shape]]\nname = \"Acme API key\"\nprefixes = [\"acme_\"]\n",
            "backlint: error: backlint.toml: models.secrets: missing field `charset`",
        ),
        (
            "[models.security]\ninsecure-calls = []\n",
            "backlint: error: backlint.toml: models.security: unknown field `insecure-calls`",
        ),
        (
            "[[models.security.insecure-call]]\nrule = \"tls-verification-disable\"\ncalls = [\".trust_any_certificate\"]\nwhen = \"true\"\nwhat = \"w\"\nfix = \"f\"\n",
            "backlint: error: backlint.toml: models.security: unknown rule `tls-verification-disable`; did you mean `tls-verification-disabled`?",
        ),
        (
            "[models.securty]\n",
            "backlint: error: backlint.toml: models: unknown key `securty`; did you mean `security`?",
        ),
    ];
    for (config, expected) in cases {
        let project = service(config);
        let run = Run::of(Command::new(BACKLINT).current_dir(project.root()).arg("."));
        run.code(2);
        let first_line = run.stderr.lines().next().unwrap_or_default();
        assert!(
            first_line.starts_with(expected),
            "config:\n{config}\nstderr: {}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    }
}
