//! `cargo metadata --format-version 1 --no-deps --offline`, the one way backlint asks cargo
//! about a workspace. It reads manifests only: no build script, no proc macro, no download.
//!
//! The checked tree may be hostile, and cargo honours files in the directory it runs in:
//! rustup's proxy switches to (and may install) the toolchain a `rust-toolchain.toml` names,
//! and cargo reads `.cargo/config.toml`. So cargo runs in the file-system root, not in the
//! tree, with an absolute `--manifest-path`: the `cargo` that `$CARGO` names when set (cargo
//! sets it for the subcommands it starts: that toolchain's own binary, no proxy), else the
//! `cargo` on `PATH` with the toolchain of the environment (`RUSTUP_TOOLCHAIN` when set, else
//! rustup's default). `RUSTUP_AUTO_INSTALL=0` and `CARGO_NET_OFFLINE=true` keep rustup and
//! cargo from fetching anything, and a run that has not ended after [`TIMEOUT`] is killed (a
//! FIFO named `Cargo.toml` above the manifest blocks cargo forever).

use std::ffi::OsString;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize, Serializer};

use crate::messages::io_message;

/// How long `cargo metadata` may take; a large workspace takes well under a second.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The workspace, as `cargo metadata` describes it (the fields backlint reads).
#[derive(Clone, Debug, Deserialize)]
pub struct Metadata {
    pub packages: Vec<Package>,
    pub workspace_members: Vec<String>,
    /// Absent before cargo 1.71.
    pub workspace_default_members: Option<Vec<String>>,
    pub workspace_root: PathBuf,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Package {
    pub name: String,
    /// cargo's package id (`path+file:///work/api#0.1.0`).
    pub id: String,
    pub manifest_path: PathBuf,
    pub targets: Vec<Target>,
}

impl Package {
    /// The directory holding the manifest.
    pub fn dir(&self) -> &Path {
        self.manifest_path.parent().unwrap_or(Path::new("."))
    }
}

/// A target of a package, with the fields and in the order cargo prints it (in metadata and
/// in its `compiler-message` lines alike), so it is written back as read.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Target {
    /// `lib`, `bin`, `test`, `example`, `bench`, `custom-build`, `proc-macro`, `cdylib`, …
    pub kind: Vec<String>,
    pub crate_types: Vec<String>,
    pub name: String,
    #[serde(serialize_with = "lossy_path")]
    pub src_path: PathBuf,
    pub edition: String,
    #[serde(
        rename = "required-features",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub required_features: Option<Vec<String>>,
    /// Absent before cargo 1.50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<bool>,
    pub doctest: bool,
    pub test: bool,
}

/// Paths as text; one that is not UTF-8 (only an inferred one can be) keeps its valid parts.
pub(super) fn lossy_path<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

/// Why cargo could not describe a workspace; displays as one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetadataError {
    /// cargo could not be started (not installed, not executable): asking again is useless.
    CannotRun(String),
    /// cargo ran and failed (a broken manifest), timed out, or printed something unreadable.
    Failed(String),
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetadataError::CannotRun(cause) | MetadataError::Failed(cause) => f.write_str(cause),
        }
    }
}

/// Runs `cargo metadata --no-deps` for the workspace of `manifest` (a Cargo.toml; a relative
/// path is taken from the current directory).
pub fn metadata(manifest: &Path) -> Result<Metadata, MetadataError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let manifest = cwd.join(manifest);
    let cargo = cargo_program(&cwd);
    let mut command = Command::new(&cargo);
    command
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .arg("--manifest-path")
        .arg(&manifest)
        .current_dir(outside_any_tree(&manifest))
        .env("RUSTUP_AUTO_INSTALL", "0")
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_TERM_COLOR", "never");
    let cannot_run = |error: std::io::Error| {
        MetadataError::CannotRun(format!(
            "cannot run `{}`: {}",
            cargo.to_string_lossy(),
            io_message(&error)
        ))
    };
    let output = output_within(&mut command, TIMEOUT).map_err(cannot_run)?;
    let Some(output) = output else {
        return Err(MetadataError::Failed(format!(
            "`cargo metadata` did not finish within {} s",
            TIMEOUT.as_secs()
        )));
    };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let cause = stderr
            .lines()
            .find_map(|line| line.strip_prefix("error: "))
            .or_else(|| stderr.lines().rev().find(|line| !line.trim().is_empty()))
            .unwrap_or("no error message");
        return Err(MetadataError::Failed(format!(
            "`cargo metadata` failed: {}",
            cause.trim()
        )));
    }
    serde_json::from_slice(&output.stdout).map_err(|error| {
        MetadataError::Failed(format!(
            "cannot read the output of `cargo metadata`: {error}"
        ))
    })
}

/// `$CARGO` (made absolute if it is a relative path: cargo runs elsewhere), else `cargo`.
fn cargo_program(cwd: &Path) -> OsString {
    match std::env::var_os("CARGO") {
        Some(cargo) if !cargo.is_empty() => {
            let path = Path::new(&cargo);
            if path.is_relative() && path.components().count() > 1 {
                cwd.join(path).into_os_string()
            } else {
                cargo
            }
        }
        _ => OsString::from("cargo"),
    }
}

/// The root of the file system `manifest` is on: no checked tree's `rust-toolchain.toml` or
/// `.cargo/config.toml` applies there, and only an administrator can write one.
fn outside_any_tree(manifest: &Path) -> &Path {
    manifest.ancestors().last().unwrap_or(Path::new("/"))
}

/// What a finished child printed.
#[derive(Debug)]
struct Output {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs `command` to the end, or kills it after `timeout` (`Ok(None)`).
fn output_within(command: &mut Command, timeout: Duration) -> std::io::Result<Option<Output>> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Both pipes are drained while waiting: a child blocked on a full pipe never ends.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            kill(&mut child);
            // The readers are left behind: a grandchild may hold the pipes open.
            return Ok(None);
        }
        thread::sleep(Duration::from_millis(10));
    };
    Ok(Some(Output {
        status,
        stdout: collect(stdout),
        stderr: collect(stderr),
    }))
}

type Drained = Option<thread::JoinHandle<Vec<u8>>>;

fn drain(pipe: Option<impl Read + Send + 'static>) -> Drained {
    pipe.map(|mut pipe| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            // A read error leaves what was read; the exit status tells the rest.
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    })
}

fn collect(drained: Drained) -> Vec<u8> {
    drained
        .and_then(|handle| handle.join().ok())
        .unwrap_or_default()
}

fn kill(child: &mut Child) {
    // It may have ended in the meantime; either way it is reaped.
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_written_back_as_cargo_prints_them() {
        let printed = r#"{"kind":["bin"],"crate_types":["bin"],"name":"other","src_path":"/w/tools/other.rs","edition":"2021","required-features":["x"],"doc":true,"doctest":false,"test":true}"#;
        let target: Target = serde_json::from_str(printed).unwrap();
        assert_eq!(serde_json::to_string(&target).unwrap(), printed);
        let plain = r#"{"kind":["lib"],"crate_types":["lib"],"name":"svc","src_path":"/w/src/lib.rs","edition":"2024","doc":true,"doctest":true,"test":true}"#;
        let target: Target = serde_json::from_str(plain).unwrap();
        assert_eq!(target.required_features, None);
        assert_eq!(serde_json::to_string(&target).unwrap(), plain);
    }

    #[test]
    fn cargo_runs_outside_the_checked_tree() {
        assert_eq!(
            outside_any_tree(Path::new("/work/svc/Cargo.toml")),
            Path::new("/")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_child_that_does_not_end_is_killed_at_the_deadline() {
        // Without the deadline this would end, successfully, after 30 s.
        let output = output_within(
            Command::new("sh").args(["-c", "echo partial; exec sleep 30"]),
            Duration::from_millis(200),
        )
        .unwrap();
        assert!(output.is_none());
        let output = output_within(
            Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]),
            Duration::from_secs(20),
        )
        .unwrap()
        .expect("ended");
        assert_eq!(output.status.code(), Some(3));
        assert_eq!(output.stdout, b"out\n");
        assert_eq!(output.stderr, b"err\n");
    }
}
