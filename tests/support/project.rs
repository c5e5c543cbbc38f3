//! Scaffolding for the tests that run the real binaries: a temporary project (a directory with
//! a `.git` marker, so that config discovery stops inside it), the manifest and the one-handler
//! axum service most of them check, and a finished run's exit code and output.
//!
//! Each test crate includes this module and adds the assertions it needs to `Run` and the
//! ways of running to `Project` in its own `impl` blocks; no crate uses every item, hence the
//! `dead_code` allowance.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The manifest of an axum service crate named `svc`.
pub const SERVICE_MANIFEST: &str = r#"[package]
name = "svc"
version = "0.1.0"
edition = "2021"

[dependencies]
axum = "0.8"
tokio = { version = "1", features = ["full"] }
"#;

/// An axum service whose handler unwraps: one `unwrap-in-request-path` warning, line 5.
pub const UNWRAPPING_SERVICE: &str = r#"use axum::{extract::State, routing::get, Router};

async fn handler(State(greeting_file): State<String>) -> String {
    let value: Option<String> = tokio::fs::read_to_string(greeting_file).await.ok();
    value.unwrap()
}

#[tokio::main]
async fn main() {
    let app = Router::new().route("/", get(handler)).with_state(String::from("greeting.txt"));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.expect("bind");
    axum::serve(listener, app).with_graceful_shutdown(async { tokio::signal::ctrl_c().await.ok(); }).await.expect("serve");
}
"#;

/// A temporary project directory, removed when dropped.
pub struct Project {
    dir: TempDir,
}

impl Project {
    pub fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        Project { dir }
    }

    /// The project with `text` written to `path`.
    pub fn file(self, path: &str, text: impl AsRef<[u8]>) -> Project {
        self.write(path, text);
        self
    }

    /// Writes `bytes` to `path` (creating its directories); returns the full path.
    pub fn write(&self, path: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, path: &str) -> PathBuf {
        self.dir.path().join(path)
    }
}

/// A finished run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output
                .status
                .code()
                .expect("exited normally, not by a signal"),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

impl Run {
    /// Runs `command` to its end.
    pub fn of(command: &mut Command) -> Run {
        Run::from(command.output().unwrap())
    }

    pub fn code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "exit code of {self:#?}");
        self
    }
}
