//! The examples users paste, run: every fenced block of README.md whose info string says
//! `runnable` (```` ```sh runnable ````, ```` ```toml runnable ````, ```` ```yaml runnable ````),
//! and the `Examples:` of `backlint --help` and `cargo backlint --help`, against a scratch
//! workspace shaped like the one the README talks about (members `api`, `billing` and
//! `migrations`, each an axum service with a finding, in a git repository with an
//! `origin/main`).
//!
//! - `sh` blocks: every line is a command, run by `sh` in the scratch root with the built
//!   `backlint` and `cargo-backlint` first on `PATH`;
//! - `toml` blocks: the block becomes the scratch root's `backlint.toml`, and `backlint` runs
//!   with it (then the file is removed again);
//! - `yaml` blocks (GitHub workflows): each `run: backlint …` step, with `${{ github.base_ref }}`
//!   read as `main`.
//!
//! Blocks run in README order, in one scratch workspace, so a baseline written by one example
//! is there for the next. Every command must exit 0 or 1 (1: the scratch services have
//! findings) with no `error` on stderr, and a report it was told to write (`-o FILE`,
//! `--output FILE`, `--write-baseline FILE`) must exist and not be empty.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

mod support {
    pub mod project;
}

use support::project::{SERVICE_MANIFEST, UNWRAPPING_SERVICE};

const BACKLINT: &str = env!("CARGO_BIN_EXE_backlint");
const CARGO_BACKLINT: &str = env!("CARGO_BIN_EXE_cargo-backlint");
const README: &str = include_str!("../README.md");

#[derive(Debug)]
struct Example {
    /// `sh`, `toml` or `yaml`.
    language: String,
    /// The README line the block starts on (1-based), for messages.
    line: usize,
    text: String,
}

/// The fenced blocks of `markdown` whose info string holds the word `runnable`.
fn runnable_blocks(markdown: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut open: Option<(Option<String>, usize, String)> = None;
    for (index, line) in markdown.lines().enumerate() {
        let fence = line.trim_start();
        match &mut open {
            None if fence.starts_with("```") => {
                let mut words = fence.trim_start_matches('`').split_whitespace();
                let language = words.next().unwrap_or("").to_string();
                let runnable = words.any(|word| word == "runnable");
                open = Some((runnable.then_some(language), index + 1, String::new()));
            }
            None => {}
            Some((language, start, text)) => {
                if fence.starts_with("```") {
                    if let Some(language) = language.take() {
                        examples.push(Example {
                            language,
                            line: *start,
                            text: std::mem::take(text),
                        });
                    }
                    open = None;
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    examples
}

/// The commands of a block, in order.
fn commands(example: &Example) -> Vec<String> {
    match example.language.as_str() {
        "sh" => example
            .text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_string)
            .collect(),
        "yaml" => example
            .text
            .lines()
            .filter_map(|line| line.trim().strip_prefix("run: "))
            .filter(|command| command.starts_with("backlint"))
            .map(|command| command.replace("${{ github.base_ref }}", "main"))
            .collect(),
        "toml" => vec!["backlint".to_string()],
        other => panic!(
            "README line {}: runnable blocks are sh, toml or yaml, not `{other}`",
            example.line
        ),
    }
}

/// The `Examples:` lines of a `--help` text: the command before the description (two or more
/// spaces apart).
fn help_examples(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|line| line.trim() != "Examples:")
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .map(|line| {
            let line = line.trim();
            line.split("  ").next().unwrap_or(line).trim().to_string()
        })
        .collect()
}

struct Scratch {
    _dir: tempfile::TempDir,
    root: PathBuf,
    path: std::ffi::OsString,
}

impl Scratch {
    /// The workspace the README's examples talk about, committed to git with `origin/main`.
    fn new() -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let write = |relative: &str, text: &str| {
            let path = root.join(relative);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        write(
            "Cargo.toml",
            "[workspace]\nmembers = [\"services/api\", \"services/billing\", \"migrations\"]\nresolver = \"2\"\n",
        );
        for (name, dir) in [
            ("api", "services/api"),
            ("billing", "services/billing"),
            ("migrations", "migrations"),
        ] {
            write(
                &format!("{dir}/Cargo.toml"),
                &SERVICE_MANIFEST.replace("\"svc\"", &format!("\"{name}\"")),
            );
            write(&format!("{dir}/src/main.rs"), UNWRAPPING_SERVICE);
        }
        let bin_dirs = [BACKLINT, CARGO_BACKLINT]
            .map(|binary| Path::new(binary).parent().unwrap().to_path_buf());
        let path = std::env::join_paths(
            bin_dirs
                .into_iter()
                .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
        )
        .unwrap();
        let scratch = Scratch {
            _dir: dir,
            root,
            path,
        };
        for git in [
            &["init", "-q", "-b", "main"][..],
            &["add", "-A"],
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "commit",
                "-qm",
                "services",
            ],
            &["update-ref", "refs/remotes/origin/main", "HEAD"],
        ] {
            let status = Command::new("git")
                .args(git)
                .current_dir(&scratch.root)
                .status()
                .unwrap();
            assert!(status.success(), "git {git:?}");
        }
        scratch
    }

    /// Runs `command` with `sh` in the scratch root; checks its exit code, stderr and the
    /// files it was told to write.
    fn run(&self, origin: &str, command: &str) {
        let output = Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(&self.root)
            .env("PATH", &self.path)
            .env_remove("CI")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let code = output.status.code();
        assert!(
            matches!(code, Some(0 | 1)) && !stderr.contains("error"),
            "{origin}: `{command}` exited {code:?}\nstderr:\n{stderr}"
        );
        let words: Vec<&str> = command.split_whitespace().collect();
        for pair in words.windows(2) {
            if matches!(pair[0], "-o" | "--output" | "--write-baseline") {
                let written = fs::metadata(self.root.join(pair[1]));
                assert!(
                    written.is_ok_and(|file| file.len() > 0),
                    "{origin}: `{command}` did not write {}",
                    pair[1]
                );
            }
        }
    }
}

#[test]
fn readme_examples_marked_runnable_run() {
    let examples = runnable_blocks(README);
    let languages: std::collections::BTreeSet<&str> =
        examples.iter().map(|e| e.language.as_str()).collect();
    assert_eq!(
        languages,
        ["sh", "toml", "yaml"].into(),
        "README.md should mark its shell, config and workflow examples `runnable`"
    );
    let scratch = Scratch::new();
    let mut ran = 0;
    for example in &examples {
        let origin = format!("README.md line {}", example.line);
        let config = scratch.root.join("backlint.toml");
        if example.language == "toml" {
            fs::write(&config, &example.text).unwrap();
        }
        let commands = commands(example);
        assert!(
            !commands.is_empty(),
            "{origin}: a runnable block runs nothing"
        );
        for command in &commands {
            scratch.run(&origin, command);
            ran += 1;
        }
        if example.language == "toml" {
            fs::remove_file(&config).unwrap();
        }
    }
    assert!(ran >= 10, "only {ran} README commands ran");
}

#[test]
fn help_examples_run() {
    let scratch = Scratch::new();
    for (binary, args) in [
        (BACKLINT, &["--help"][..]),
        (CARGO_BACKLINT, &["backlint", "--help"]),
    ] {
        let output = Command::new(binary).args(args).output().unwrap();
        assert!(output.status.success());
        let help = String::from_utf8(output.stdout).unwrap();
        let examples = help_examples(&help);
        assert!(
            examples.len() >= 4,
            "{binary} --help shows {} examples:\n{help}",
            examples.len()
        );
        for command in examples {
            scratch.run(&format!("{binary} --help"), &command);
        }
    }
}

#[test]
fn runnable_blocks_are_found_by_their_info_string() {
    let markdown = "text\n```sh runnable\nbacklint a\n# comment\n\nbacklint b\n```\n```sh\nnot run\n```\n```yaml runnable\n- run: cargo install x\n  run: backlint --diff origin/${{ github.base_ref }}\n```\n";
    let blocks = runnable_blocks(markdown);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].line, 2);
    assert_eq!(commands(&blocks[0]), ["backlint a", "backlint b"]);
    assert_eq!(commands(&blocks[1]), ["backlint --diff origin/main"]);
    let help =
        "Usage: x\n\nExamples:\n  backlint                  check .\n  backlint -q src/\n\nOther\n";
    assert_eq!(help_examples(help), ["backlint", "backlint -q src/"]);
}
