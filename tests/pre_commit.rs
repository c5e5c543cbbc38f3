//! The pre-commit hook through the real pre-commit (installed into `target/ci-tools/venv` by
//! `.ci/install-tools`): a temporary git repository with a small axum service configures the
//! `backlint` hook of this repository's `.pre-commit-hooks.yaml`, and pre-commit installs it
//! the way users get it (`language: rust`: `cargo install --path .` of the hook repository)
//! and runs it on chosen and on staged files.
//!
//! The hook repository is a one-commit copy of this checkout's files as they are on disk (what
//! `pre-commit try-repo` does with uncommitted changes), so the hook under test is the code
//! under test. Each run installs the hook afresh (its own `PRE_COMMIT_HOME`); cargo's build
//! directory is kept in `target/ci-tools/pre-commit-cargo-target` so that dependencies are
//! compiled once, not on every run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

mod support {
    pub mod project;
}

use support::project::SERVICE_MANIFEST;

const CHECKOUT: &str = env!("CARGO_MANIFEST_DIR");

/// Two handlers; `get_user` calls `users::user_name`, only `main` calls `seed::first_user_id`.
const MAIN: &str = r#"mod greeting;
mod seed;
mod users;

use axum::{extract::Path, routing::get, Router};

async fn hello() -> String {
    greeting::greeting("world")
}

async fn get_user(Path(id): Path<String>) -> String {
    users::user_name(&id)
}

#[tokio::main]
async fn main() {
    let _first_user = seed::first_user_id(&std::env::var("FIRST_USER").unwrap_or_default());
    let app = Router::new()
        .route("/", get(hello))
        .route("/users/{id}", get(get_user));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
"#;

/// The bad file: a helper that a handler (in `main.rs`) calls unwraps request input.
const USERS_BAD: &str = r#"pub fn user_name(id: &str) -> String {
    let id: u64 = id.parse().unwrap();
    format!("user {id}")
}
"#;

const USERS_FIXED: &str = r#"pub fn user_name(id: &str) -> String {
    match id.parse::<u64>() {
        Ok(id) => format!("user {id}"),
        Err(_) => "no such user".to_string(),
    }
}
"#;

/// The same unwrap as `USERS_BAD`, but only startup code reaches it: not a finding.
const SEED: &str = r#"pub fn first_user_id(text: &str) -> u64 {
    text.parse().unwrap()
}
"#;

/// The good file.
const GREETING: &str = r#"pub fn greeting(name: &str) -> String {
    format!("hello, {name}")
}
"#;

const FINDING: &str =
    "warning[unwrap-in-request-path]: `.unwrap()` can panic while serving a request";
const FINDING_AT: &str = "--> src/users.rs:2:30";

/// A tool that `.ci/install-tools` installs; missing, the test fails saying so.
fn installed_tool(relative: &str) -> PathBuf {
    let path = Path::new(CHECKOUT).join("target/ci-tools").join(relative);
    assert!(
        path.is_file(),
        "`{}` is missing: run .ci/install-tools",
        path.display()
    );
    path
}

/// A finished command: exit code and stdout followed by stderr.
#[derive(Debug)]
struct Run {
    code: i32,
    output: String,
}

fn run(command: &mut Command) -> Run {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
    Run {
        code: output.status.code().expect("exited normally"),
        output: String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    }
}

/// Git in `dir` with the test's own config (identity, no signing), not the user's.
fn git(dir: &Path, gitconfig: &Path, args: &[&str]) -> String {
    let result = run(Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", gitconfig)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args));
    assert_eq!(
        result.code,
        0,
        "git {args:?} in {}: {result:#?}",
        dir.display()
    );
    result.output
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Copies the checkout's files (tracked and untracked, not ignored) into a new repository at
/// `dir` with one commit; returns the commit.
fn snapshot_of_checkout(dir: &Path, gitconfig: &Path) -> String {
    let checkout = Path::new(CHECKOUT);
    let listing = run(Command::new("git").current_dir(checkout).args([
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
    ]));
    assert_eq!(
        listing.code, 0,
        "the checkout must be a git repository: {listing:#?}"
    );
    fs::create_dir_all(dir).unwrap();
    for file in listing.output.split('\0').filter(|f| !f.is_empty()) {
        let source = checkout.join(file);
        // Tracked files deleted in the working tree are not part of it.
        if source.is_file() {
            let target = dir.join(file);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(&source, &target).unwrap();
        }
    }
    assert!(dir.join(".pre-commit-hooks.yaml").is_file());
    git(dir, gitconfig, &["init", "-q"]);
    git(dir, gitconfig, &["add", "."]);
    git(
        dir,
        gitconfig,
        &["commit", "-q", "-m", "snapshot of the checkout"],
    );
    git(dir, gitconfig, &["rev-parse", "HEAD"])
        .trim()
        .to_string()
}

/// A user's project: a git repository whose `.pre-commit-config.yaml` uses the hook.
struct Project {
    root: PathBuf,
    gitconfig: PathBuf,
    pre_commit: PathBuf,
    pre_commit_home: PathBuf,
}

impl Project {
    fn write(&self, path: &str, text: &str) {
        write(&self.root, path, text);
    }

    fn git(&self, args: &[&str]) {
        git(&self.root, &self.gitconfig, args);
    }

    /// `pre-commit ARGS` in the project.
    fn pre_commit(&self, args: &[&str]) -> Run {
        run(Command::new(&self.pre_commit)
            .current_dir(&self.root)
            .env("PRE_COMMIT_HOME", &self.pre_commit_home)
            .env(
                "CARGO_TARGET_DIR",
                Path::new(CHECKOUT).join("target/ci-tools/pre-commit-cargo-target"),
            )
            .env("GIT_CONFIG_GLOBAL", &self.gitconfig)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(args)
            .args(["--color", "never"]))
    }
}

fn passed(run: &Run) {
    assert_eq!(run.code, 0, "the hook passes: {run:#?}");
    assert!(
        run.output
            .lines()
            .any(|line| line.starts_with("backlint.") && line.ends_with("Passed")),
        "{run:#?}"
    );
    assert!(!run.output.contains("warning["), "{run:#?}");
}

fn failed_on_users(run: &Run) {
    assert_eq!(run.code, 1, "the hook fails: {run:#?}");
    assert!(
        run.output
            .lines()
            .any(|line| line.starts_with("backlint.") && line.ends_with("Failed")),
        "{run:#?}"
    );
    assert!(run.output.contains("- hook id: backlint"), "{run:#?}");
    assert_eq!(run.output.matches(FINDING).count(), 1, "{run:#?}");
    assert!(run.output.contains(FINDING_AT), "{run:#?}");
}

#[test]
fn pre_commit_runs_the_hook_of_this_repository() {
    let pre_commit = installed_tool("venv/bin/pre-commit");
    let work = tempfile::tempdir().unwrap();
    let gitconfig = work.path().join("gitconfig");
    fs::write(
        &gitconfig,
        "[user]\n\tname = backlint test\n\temail = test@backlint.invalid\n\
         [commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n",
    )
    .unwrap();
    let hook_repo = work.path().join("hook");
    let rev = snapshot_of_checkout(&hook_repo, &gitconfig);

    let project = Project {
        root: work.path().join("project"),
        gitconfig,
        pre_commit,
        pre_commit_home: work.path().join("pre-commit-home"),
    };
    project.write(
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: backlint\n",
            hook_repo.display()
        ),
    );
    project.write(
        "Cargo.toml",
        &SERVICE_MANIFEST.replace("\"svc\"", "\"users-api\""),
    );
    project.write("src/main.rs", MAIN);
    project.write("src/users.rs", USERS_BAD);
    project.write("src/seed.rs", SEED);
    project.write("src/greeting.rs", GREETING);
    project.git(&["init", "-q"]);
    project.git(&["add", "."]);
    project.git(&["commit", "-q", "-m", "users api"]);

    // The good file passes; this first run installs the hook.
    passed(&project.pre_commit(&["run", "--files", "src/greeting.rs"]));

    // The bad file fails with the diagnostic. Only `src/users.rs` is passed: that a handler
    // calls `user_name` is a fact from `src/main.rs`, which backlint reads for context.
    failed_on_users(&project.pre_commit(&["run", "--files", "src/users.rs"]));
    failed_on_users(&project.pre_commit(&["run", "--files", "src/greeting.rs", "src/users.rs"]));
    // The same unwrap reached only from `main` is no finding: the verdict is the call graph's.
    passed(&project.pre_commit(&["run", "--files", "src/seed.rs"]));
    failed_on_users(&project.pre_commit(&["run", "--all-files"]));

    // Fixed and staged: `pre-commit run` checks the staged files and passes.
    project.write("src/users.rs", USERS_FIXED);
    project.git(&["add", "src/users.rs"]);
    passed(&project.pre_commit(&["run"]));
    project.git(&["commit", "-q", "-m", "no panic on a bad id"]);

    // Broken again and staged alone: the staged file still gets its crate's facts.
    project.write("src/users.rs", USERS_BAD);
    project.git(&["add", "src/users.rs"]);
    failed_on_users(&project.pre_commit(&["run"]));
}
