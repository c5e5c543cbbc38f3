//! `cargo backlint`: lints the packages of a cargo workspace.
//!
//! cargo runs `cargo-backlint backlint ARGS…`; the `backlint` argument is dropped. The
//! workspace comes from `cargo metadata --no-deps` ([`backlint::cargo::metadata`]), which
//! reads manifests only (no build scripts, no proc macros: the analysed code never runs), and
//! its packages name the findings in `--message-format json`. Package selection
//! follows cargo: `-p PKG`…, `--workspace` (minus `--exclude PKG`…), or by default the package
//! whose manifest is nearest to the current directory (or `--manifest-path`); at the
//! workspace root, the default members (all members of a virtual workspace). Each package
//! contributes its targets' source directories (`src`, `tests`, `examples`, `benches`, and
//! files such as `build.rs`), never nested packages or `target/`.
//!
//! Config is discovered as for `backlint` (see `backlint::config`), starting from the
//! selected package's directory, or from the workspace root when several are selected.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use backlint::cargo::{metadata, Metadata, Package};
use backlint::cli::{self, CargoContext, Failure, LintArgs};
use backlint::discover::manifest_dir;
use backlint::messages::{did_you_mean, io_message};
use backlint::report::Format;
use clap::{Parser, ValueEnum};

/// The `Examples:` of `cargo backlint --help` (`tests/readme_examples.rs` runs each of them).
const EXAMPLES: &str = "\
Examples:
  cargo backlint                                   this package, or the workspace's default members
  cargo backlint --workspace --exclude migrations  every member but one
  cargo backlint -p api --message-format json      cargo's JSON messages, for editors
  cargo backlint --manifest-path services/api/Cargo.toml --format sarif -o backlint.sarif";

/// `cargo backlint [OPTIONS]`
#[derive(Debug, Parser)]
#[command(
    name = "cargo-backlint",
    bin_name = "cargo backlint",
    version,
    about = "Lint the packages of a cargo workspace with backlint",
    max_term_width = 100,
    after_help = EXAMPLES
)]
struct CargoCli {
    /// Path to Cargo.toml
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,

    /// Package to lint (repeatable)
    #[arg(short, long = "package", value_name = "SPEC")]
    package: Vec<String>,

    /// Lint all packages in the workspace
    #[arg(long, conflicts_with = "package")]
    workspace: bool,

    /// Exclude packages from --workspace (repeatable)
    #[arg(long, value_name = "SPEC", requires = "workspace")]
    exclude: Vec<String>,

    /// Output like cargo's: human = text, short = concise, json = cargo-json
    #[arg(long, value_name = "FMT", value_enum, conflicts_with = "format")]
    message_format: Option<MessageFormat>,

    #[command(flatten)]
    lint: LintArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    Human,
    Short,
    Json,
}

fn main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|arg| arg == "backlint") {
        args.remove(1);
    }
    cli::guarded(|| {
        let cli = match CargoCli::try_parse_from(args) {
            Ok(cli) => cli,
            Err(error) => return Ok(cli::clap_exit(&error)),
        };
        let format = match cli.message_format {
            Some(MessageFormat::Human) => Format::Text,
            Some(MessageFormat::Short) => Format::Concise,
            Some(MessageFormat::Json) => Format::CargoJson,
            None => cli.lint.format.unwrap_or_default(),
        };
        let cwd = std::env::current_dir().map_err(|error| {
            Failure(format!(
                "cannot read the current directory: {}",
                io_message(&error)
            ))
        })?;
        let manifest = match &cli.manifest_path {
            Some(path) => cwd.join(path),
            None => manifest_dir(&cwd)
                .map(|dir| dir.join("Cargo.toml"))
                .ok_or_else(|| Failure("no Cargo.toml in this directory or above".into()))?,
        };
        let metadata = metadata(&manifest).map_err(|error| Failure(error.to_string()))?;
        let packages = select_packages(&cli, &metadata, &manifest)?;
        let config_start = match packages.as_slice() {
            [package] => package.dir().to_path_buf(),
            _ => metadata.workspace_root.clone(),
        };
        let paths: BTreeSet<PathBuf> = packages
            .iter()
            .flat_map(|package| lint_paths(package))
            .map(|path| relative_to(&path, &cwd))
            .collect();
        let paths: Vec<PathBuf> = paths.into_iter().collect();
        let context = CargoContext {
            config_start: &config_start,
            packages: &metadata.packages,
        };
        cli::run(&paths, &cli.lint, format, Some(&context))
    })
}

/// The packages to lint, sorted by name.
fn select_packages<'m>(
    cli: &CargoCli,
    metadata: &'m Metadata,
    manifest: &Path,
) -> Result<Vec<&'m Package>, Failure> {
    let mut members: Vec<&Package> = metadata
        .packages
        .iter()
        .filter(|package| metadata.workspace_members.contains(&package.id))
        .collect();
    members.sort_by(|a, b| a.name.cmp(&b.name));
    let by_name = |name: &str| {
        members
            .iter()
            .copied()
            .find(|package| package.name == name)
            .ok_or_else(|| {
                Failure(format!(
                    "package `{name}` is not a member of the workspace{}",
                    did_you_mean(name, members.iter().map(|p| p.name.as_str()))
                ))
            })
    };
    if !cli.package.is_empty() {
        let mut selected = cli
            .package
            .iter()
            .map(|name| by_name(name))
            .collect::<Result<Vec<_>, _>>()?;
        selected.sort_by(|a, b| a.name.cmp(&b.name));
        selected.dedup_by(|a, b| a.id == b.id);
        return Ok(selected);
    }
    if cli.workspace {
        for name in &cli.exclude {
            by_name(name)?;
        }
        members.retain(|package| !cli.exclude.contains(&package.name));
        return Ok(members);
    }
    let manifest = canonical(manifest);
    if manifest == canonical(&metadata.workspace_root.join("Cargo.toml")) {
        let defaults: Vec<&Package> = match &metadata.workspace_default_members {
            Some(ids) => members
                .iter()
                .copied()
                .filter(|package| ids.contains(&package.id))
                .collect(),
            None => {
                let root: Vec<&Package> = members
                    .iter()
                    .copied()
                    .filter(|package| canonical(&package.manifest_path) == manifest)
                    .collect();
                if root.is_empty() {
                    members.clone()
                } else {
                    root
                }
            }
        };
        return Ok(defaults);
    }
    members
        .iter()
        .copied()
        .find(|package| canonical(&package.manifest_path) == manifest)
        .map(|package| vec![package])
        .ok_or_else(|| {
            Failure(format!(
                "`{}` is not a member of the workspace at `{}`",
                manifest.display(),
                metadata.workspace_root.display()
            ))
        })
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// What to lint in a package: for each target, the top-level directory under the package
/// holding its source (`src`, `tests`, …), or the file itself when it sits in the package
/// directory (`build.rs`). The package directory itself is never passed, so nested packages
/// and `target/` stay out.
fn lint_paths(package: &Package) -> Vec<PathBuf> {
    let dir = package.dir();
    package
        .targets
        .iter()
        .filter_map(|target| {
            let Ok(relative) = target.src_path.strip_prefix(dir) else {
                return Some(target.src_path.clone());
            };
            let mut components = relative.components();
            let first = components.next()?;
            Some(if components.next().is_none() {
                target.src_path.clone()
            } else {
                dir.join(first)
            })
        })
        .collect()
}

/// `path` relative to `cwd` when below it (shorter paths in messages), else as is.
fn relative_to(path: &Path, cwd: &Path) -> PathBuf {
    match path.strip_prefix(cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}
