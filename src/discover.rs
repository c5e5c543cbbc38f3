//! Discovery: from the paths on the command line to the files to check, grouped by crate.
//!
//! Directories are walked with the `ignore` crate (`.gitignore` honoured, hidden directories
//! and `target/` skipped, symlinks not followed); explicit files are always checked, even when
//! discovery would skip them (pre-commit passes staged files this way). Every crate that has a
//! file to check is read whole, so that crate-level facts (handlers, the call graph) are
//! complete: the files nobody asked about are analysed for facts only, never reported.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::messages::io_message;
use crate::paths::{display_path, normalize};
use crate::report::{Problem, ProblemKind};
use crate::semantic::facts::ServerDependency;
use crate::semantic::features::DefaultFeatures;
use crate::semantic::models::models;
use crate::semantic::sql::dialects::crate_dialects;
use crate::semantic::sql::SqlDialect;
use crate::semantic::unsafe_code;
use crate::semantic::FileKind;
use crate::settings::Settings;

/// One file to analyse.
#[derive(Clone, Debug)]
pub struct FileEntry {
    pub path: PathBuf,
    /// The path shown to users: relative to the working directory when below it, `/`-separated.
    pub display: Arc<str>,
    /// Findings in this file are reported (false: read for crate facts only).
    pub report: bool,
    pub kind: FileKind,
    /// The module path the file defines (`crate::handlers::users`).
    pub module: Vec<String>,
}

/// A crate: its manifest facts and its files.
#[derive(Debug, Default)]
pub struct CrateUnit {
    /// The directory holding Cargo.toml; `None` for loose files outside any crate.
    pub root: Option<PathBuf>,
    /// The library name (`my_service`) that `use my_service::..` refers to.
    pub lib_name: Option<String>,
    /// How Cargo.toml depends on a web framework or server crate.
    pub server_dependency: ServerDependency,
    /// The features of the default build; `None` without a readable manifest.
    pub default_features: Option<DefaultFeatures>,
    /// A test harness, load tester, example or benchmark by its name or description: its files
    /// are checked as tests.
    pub development: bool,
    /// A command-line program by its package name (`cargo-foo`): its service files are
    /// checked as command-line code.
    pub command_line: bool,
    /// The manifest sets the `unsafe_code` lint, at any level (`[lints.rust] unsafe_code =
    /// "forbid"`, also inherited from the workspace).
    pub sets_unsafe_policy: bool,
    /// The SQL dialects of the database drivers the manifest names.
    pub sql_dialects: Vec<SqlDialect>,
    /// The crate's binaries besides its main one, as `[[bin]] path`s relative to the root
    /// (see [`extra_binaries`]).
    pub extra_binaries: Vec<PathBuf>,
    /// The library names of the run's other crates: a call `store::find(..)` goes to one of
    /// the workspace's own functions, which the crate pass links (see
    /// `semantic::index::members`).
    pub member_libraries: Vec<String>,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub crates: Vec<CrateUnit>,
    pub problems: Vec<Problem>,
}

pub fn discover(paths: &[PathBuf], settings: &Settings, cwd: &Path) -> Discovery {
    let mut discovery = Discovery::default();
    // Selected files, by crate root (or by themselves when outside any crate).
    let mut selected: BTreeMap<Option<PathBuf>, BTreeMap<PathBuf, ()>> = BTreeMap::new();
    let mut roots = RootCache::default();
    for path in paths {
        let absolute = normalize(&cwd.join(path));
        match std::fs::metadata(&absolute) {
            Err(error) => discovery.problems.push(unavailable(path, cwd, &error)),
            Ok(meta) if meta.is_dir() => {
                for file in walk_rust_files(&absolute, false, &mut discovery.problems, cwd) {
                    let display = display_path(&file, cwd);
                    if settings
                        .exclude
                        .as_ref()
                        .is_some_and(|globs| globs.is_match(&display))
                    {
                        continue;
                    }
                    selected
                        .entry(roots.crate_root(&file))
                        .or_default()
                        .insert(file, ());
                }
            }
            Ok(_) => {
                selected
                    .entry(roots.crate_root(&absolute))
                    .or_default()
                    .insert(absolute, ());
            }
        }
    }
    for (root, files) in selected {
        let mut unit = match &root {
            Some(root) => read_manifest(root, &mut discovery.problems, cwd),
            None => CrateUnit::default(),
        };
        let all_files = match &root {
            Some(root) => walk_rust_files(root, true, &mut discovery.problems, cwd),
            None => Vec::new(),
        };
        let mut seen: HashMap<PathBuf, bool> = all_files.into_iter().map(|f| (f, false)).collect();
        for file in files.keys() {
            seen.insert(file.clone(), true);
        }
        let mut entries: Vec<FileEntry> = seen
            .into_iter()
            .map(|(path, report)| {
                let (mut kind, module) = classify(root.as_deref(), &path, &unit.extra_binaries);
                if unit.development && matches!(kind, FileKind::Service | FileKind::Tool) {
                    kind = FileKind::Test;
                } else if unit.command_line && kind == FileKind::Service {
                    kind = FileKind::Tool;
                }
                FileEntry {
                    display: display_path(&path, cwd).into(),
                    path,
                    report,
                    kind,
                    module,
                }
            })
            .collect();
        entries.sort_by(|a, b| a.display.cmp(&b.display));
        if root.is_none() {
            // Loose files: each is its own crate.
            for entry in entries {
                discovery.crates.push(CrateUnit {
                    files: vec![entry],
                    ..CrateUnit::default()
                });
            }
        } else {
            // A build script is a program of its own, compiled and run by cargo before the
            // crate: it shares neither the crate's modules nor its request path.
            let (build_scripts, entries): (Vec<FileEntry>, Vec<FileEntry>) = entries
                .into_iter()
                .partition(|entry| entry.kind == FileKind::BuildScript);
            if !build_scripts.is_empty() {
                discovery.crates.push(CrateUnit {
                    root: root.clone(),
                    default_features: unit.default_features.clone(),
                    sets_unsafe_policy: unit.sets_unsafe_policy,
                    files: build_scripts,
                    ..CrateUnit::default()
                });
            }
            unit.root = root;
            unit.files = entries;
            discovery.crates.push(unit);
        }
    }
    discovery.problems.sort();
    // A crate's walk meets the unreadable directories the selection walk met.
    discovery.problems.dedup();
    let libraries: Vec<String> = discovery
        .crates
        .iter()
        .filter_map(|unit| unit.lib_name.clone())
        .collect();
    for unit in &mut discovery.crates {
        unit.member_libraries = libraries
            .iter()
            .filter(|name| unit.lib_name.as_ref() != Some(*name))
            .cloned()
            .collect();
    }
    discovery
}

/// The problem with a path named to be checked that cannot be checked at all (it does not
/// exist, it is a symbolic-link loop, …), as discovery reports it; `None` when it can be.
pub fn unavailable_path(path: &Path, cwd: &Path) -> Option<Problem> {
    std::fs::metadata(normalize(&cwd.join(path)))
        .err()
        .map(|error| unavailable(path, cwd, &error))
}

fn unavailable(path: &Path, cwd: &Path, error: &std::io::Error) -> Problem {
    Problem {
        path: display_path(path, cwd),
        kind: ProblemKind::Io,
        message: io_message(error),
    }
}

/// Finds the nearest directory with a Cargo.toml, caching per directory.
#[derive(Default)]
struct RootCache {
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
}

impl RootCache {
    fn crate_root(&mut self, file: &Path) -> Option<PathBuf> {
        let dir = file.parent()?.to_path_buf();
        if let Some(cached) = self.by_dir.get(&dir) {
            return cached.clone();
        }
        let root = manifest_dir(&dir);
        self.by_dir.insert(dir, root.clone());
        root
    }
}

/// The nearest directory at or above `dir` holding a Cargo.toml: the crate a file there
/// belongs to.
pub fn manifest_dir(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
}

/// All `.rs` files below `dir`. With `crate_only`, stops at nested crates (directories with
/// their own Cargo.toml), so a workspace root does not swallow its members.
fn walk_rust_files(
    dir: &Path,
    crate_only: bool,
    problems: &mut Vec<Problem>,
    cwd: &Path,
) -> Vec<PathBuf> {
    let root = dir.to_path_buf();
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .parents(true)
        .follow_links(false)
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if !is_dir || entry.depth() == 0 {
                return true;
            }
            if entry.file_name() == "target" {
                return false;
            }
            !(crate_only && entry.path() != root && entry.path().join("Cargo.toml").is_file())
        })
        .build();
    let mut files = Vec::new();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let Some(file_type) = entry.file_type() else {
                    continue;
                };
                if file_type.is_dir() || entry.path().extension().is_none_or(|ext| ext != "rs") {
                    continue;
                }
                if file_type.is_file() {
                    files.push(entry.into_path());
                } else if !crate_only {
                    // Selected but not read: say so rather than drop it silently.
                    let message = if file_type.is_symlink() {
                        "symbolic link, not followed (pass its target to check it)"
                    } else {
                        "not a regular file"
                    };
                    problems.push(Problem {
                        path: display_path(entry.path(), cwd),
                        kind: ProblemKind::Skipped,
                        message: message.to_string(),
                    });
                }
            }
            Err(error) => problems.push(walk_problem(&error, cwd)),
        }
    }
    files
}

fn walk_problem(error: &ignore::Error, cwd: &Path) -> Problem {
    let mut path = None;
    let mut inner = error;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.clone());
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err
            }
            _ => break,
        }
    }
    let message = match inner {
        ignore::Error::Io(io) => io_message(io),
        ignore::Error::Loop { child, .. } => {
            format!("symbolic link loop at {}", display_path(child, cwd))
        }
        other => other.to_string(),
    };
    let kind = match inner {
        ignore::Error::Loop { .. } => ProblemKind::Skipped,
        _ => ProblemKind::Io,
    };
    Problem {
        path: path.map_or_else(|| "<walk>".to_string(), |p| display_path(&p, cwd)),
        kind,
        message,
    }
}

/// The kind and module path of a file from where it sits in its crate; `extra_binaries` are
/// the crate's other binaries (see [`extra_binaries`]), programs of their own like `src/bin/`.
fn classify(
    root: Option<&Path>,
    file: &Path,
    extra_binaries: &[PathBuf],
) -> (FileKind, Vec<String>) {
    let crate_module = vec!["crate".to_string()];
    let Some(relative) = root.and_then(|root| file.strip_prefix(root).ok()) else {
        return (FileKind::Service, crate_module);
    };
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let in_extra_binary = extra_binaries.iter().any(|binary| {
        let binary: Vec<&str> = binary.iter().filter_map(|part| part.to_str()).collect();
        // `src/tool/main.rs` is the root of the binary's own modules beside it.
        match binary.split_last() {
            Some((&"main.rs", dir)) if !dir.is_empty() => {
                parts.len() > dir.len() && parts.iter().zip(dir).all(|(a, b)| a == b)
            }
            _ => parts.iter().map(String::as_str).eq(binary.iter().copied()),
        }
    });
    let kind = match parts.first().map(String::as_str) {
        _ if in_extra_binary => FileKind::Tool,
        Some("tests" | "benches" | "examples") => FileKind::Test,
        Some("build.rs") if parts.len() == 1 => FileKind::BuildScript,
        Some("src") if parts.get(1).is_some_and(|p| p == "bin") => FileKind::Tool,
        // `tools/`, `xtask/`, `build/`, `test_bin/`: programs beside the crate, not the service.
        Some(first) if first != "src" && parts.len() > 1 => FileKind::Tool,
        _ => FileKind::Service,
    };
    let mut module = crate_module;
    let inner: &[String] = match parts.split_first() {
        Some((first, rest)) if first == "src" => {
            if kind == FileKind::Tool {
                &[]
            } else {
                rest
            }
        }
        _ => &[],
    };
    if let Some((file_name, dirs)) = inner.split_last() {
        module.extend(dirs.iter().cloned());
        let stem = file_name.trim_end_matches(".rs");
        let is_crate_root = dirs.is_empty() && matches!(stem, "lib" | "main");
        if stem != "mod" && !is_crate_root {
            module.push(stem.to_string());
        }
    }
    (kind, module)
}

/// The manifest of the workspace a member crate at `root` belongs to: the nearest Cargo.toml
/// above it with a `[workspace]` table.
fn workspace_manifest(root: &Path) -> Option<toml::Table> {
    root.ancestors().skip(1).find_map(|dir| {
        let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
        let manifest: toml::Table = toml::from_str(&text).ok()?;
        manifest.contains_key("workspace").then_some(manifest)
    })
}

/// Reads the facts backlint needs from a crate's Cargo.toml. A manifest that cannot be read
/// or parsed is reported and the crate is still checked.
fn read_manifest(root: &Path, problems: &mut Vec<Problem>, cwd: &Path) -> CrateUnit {
    let manifest_path = root.join("Cargo.toml");
    let mut unit = CrateUnit::default();
    let text = match std::fs::read_to_string(&manifest_path) {
        Ok(text) => text,
        Err(error) => {
            problems.push(Problem {
                path: display_path(&manifest_path, cwd),
                kind: ProblemKind::Io,
                message: io_message(&error),
            });
            return unit;
        }
    };
    let manifest: toml::Table = match toml::from_str(&text) {
        Ok(manifest) => manifest,
        Err(error) => {
            problems.push(Problem {
                path: display_path(&manifest_path, cwd),
                kind: ProblemKind::Skipped,
                message: format!(
                    "not a valid manifest, crate facts are incomplete: {}",
                    error.message()
                ),
            });
            return unit;
        }
    };
    let package_name = manifest
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str());
    let lib_name = manifest
        .get("lib")
        .and_then(|l| l.get("name"))
        .and_then(|n| n.as_str());
    unit.lib_name = lib_name.or(package_name).map(|name| name.replace('-', "_"));
    let description = manifest
        .get("package")
        .and_then(|p| p.get("description"))
        .and_then(|d| d.as_str());
    // Only a workspace member: a crate checked on its own is what its author asked about.
    let member = root.parent().and_then(manifest_dir).is_some();
    unit.development =
        member && is_development_crate(package_name.unwrap_or(""), description.unwrap_or(""));
    unit.command_line = package_name.is_some_and(|name| {
        models()
            .command_line_crate_prefixes
            .iter()
            .any(|prefix| name.starts_with(prefix.as_str()))
    });
    unit.default_features = Some(DefaultFeatures::from_manifest(&manifest));
    unit.extra_binaries = extra_binaries(&manifest, package_name, root);
    let inherits = unsafe_code::inherits_workspace_lints(&manifest)
        || inherits_workspace_dependencies(&manifest);
    let workspace = (inherits && manifest.get("workspace").is_none())
        .then(|| workspace_manifest(root))
        .flatten();
    unit.sets_unsafe_policy =
        unsafe_code::manifest_sets_unsafe_policy(&manifest, workspace.as_ref());
    let server = &models().server_crates;
    let mut dependency_tables: Vec<&toml::Table> = Vec::new();
    if let Some(deps) = manifest.get("dependencies").and_then(|d| d.as_table()) {
        dependency_tables.push(deps);
    }
    if let Some(targets) = manifest.get("target").and_then(|t| t.as_table()) {
        for target in targets.values() {
            if let Some(deps) = target.get("dependencies").and_then(|d| d.as_table()) {
                dependency_tables.push(deps);
            }
        }
    }
    unit.sql_dialects = crate_dialects(&dependency_tables, &manifest, workspace.as_ref());
    for deps in &dependency_tables {
        for (name, spec) in deps.iter() {
            let package = spec.get("package").and_then(|p| p.as_str()).unwrap_or(name);
            if !server.contains(package) && !server.contains(&package.replace('-', "_")) {
                continue;
            }
            let optional = spec.get("optional").and_then(|o| o.as_bool()) == Some(true);
            unit.server_dependency = if optional {
                unit.server_dependency.max(ServerDependency::Optional)
            } else {
                ServerDependency::Required
            };
        }
    }
    unit
}

/// The `[[bin]]` targets of a manifest other than the package's main binary, as paths
/// relative to the crate root: `src/utils.rs` of `[[bin]] name = "tool" path = "src/utils.rs"`.
/// The main binary is the target `package.default-run` names, else the target named like the
/// package, else `src/main.rs`; when none of them exists, no target is known to be the main
/// one and none is returned. A path that leaves the crate (`..`, absolute, also through the
/// target's name) is ignored: the manifest is only compared with, never followed.
fn extra_binaries(manifest: &toml::Table, package: Option<&str>, root: &Path) -> Vec<PathBuf> {
    let Some(targets) = manifest.get("bin").and_then(|b| b.as_array()) else {
        return Vec::new();
    };
    let inside = |path: &str| -> Option<PathBuf> {
        let path = Path::new(path);
        path.components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
            .then(|| {
                path.components()
                    .filter(|c| *c != Component::CurDir)
                    .collect()
            })
    };
    let declared: Vec<(Option<&str>, PathBuf)> = targets
        .iter()
        .filter_map(|target| {
            let name = target.get("name").and_then(|n| n.as_str());
            let path = match target.get("path").and_then(|p| p.as_str()) {
                Some(path) => inside(path)?,
                None => inside(&format!("src/bin/{}.rs", name?))?,
            };
            Some((name, path))
        })
        .collect();
    let default_run = manifest
        .get("package")
        .and_then(|p| p.get("default-run"))
        .and_then(|d| d.as_str());
    let named = |wanted: Option<&str>| {
        declared
            .iter()
            .find(|(name, _)| wanted.is_some() && *name == wanted)
            .map(|(_, path)| path.clone())
    };
    let main_rs = PathBuf::from("src/main.rs");
    let main = named(default_run)
        .or_else(|| named(package))
        .or_else(|| root.join(&main_rs).is_file().then_some(main_rs));
    let Some(main) = main else {
        return Vec::new();
    };
    declared
        .into_iter()
        .map(|(_, path)| path)
        .filter(|path| *path != main && *path != Path::new("src/main.rs"))
        .collect()
}

/// Whether a dependency takes its version and features from `[workspace.dependencies]`.
fn inherits_workspace_dependencies(manifest: &toml::Table) -> bool {
    manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .is_some_and(|deps| {
            deps.values()
                .any(|spec| spec.get("workspace").and_then(|w| w.as_bool()) == Some(true))
        })
}

/// Whether a word of the package's name (split at `-` and `_`) or of its description says it
/// is a development crate (`crates_io_test_utils`, "load testing for LDAP", "Example Client").
fn is_development_crate(name: &str, description: &str) -> bool {
    let words = &models().development_crate_words;
    let name_words = name.split(['-', '_']);
    let description_words = description.split(|c: char| !c.is_ascii_alphanumeric());
    name_words
        .chain(description_words)
        .any(|word| words.contains(&word.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn development_crates_by_name_or_description() {
        assert!(is_development_crate("crates_io_test_utils", ""));
        assert!(is_development_crate(
            "kanidm_oauth2_tester",
            "Kanidm OAuth2 Client Tester"
        ));
        assert!(is_development_crate(
            "orca",
            "Orca - load testing for LDAP and Kanidm"
        ));
        assert!(is_development_crate(
            "device_flow",
            "Device Flow Example Client"
        ));
        assert!(!is_development_crate(
            "contest-server",
            "Contest submissions"
        ));
        assert!(!is_development_crate("kanidm_tools", "Kanidm Client Tools"));
        assert!(!is_development_crate(
            "latest-api",
            "the attested build service"
        ));
    }

    #[test]
    fn a_build_script_is_a_crate_of_its_own_and_a_cargo_subcommand_a_command_line_program() {
        let dir = tempfile::tempdir().unwrap();
        let write = |relative: &str, text: &str| {
            let path = dir.path().join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("Cargo.toml", "[package]\nname = \"cargo-deploy\"\n");
        write("build.rs", "fn main() {}\n");
        write("src/main.rs", "fn main() {}\n");
        let found = discover(&[PathBuf::from(".")], &Settings::default(), dir.path());
        let kinds: Vec<Vec<FileKind>> = found
            .crates
            .iter()
            .map(|unit| unit.files.iter().map(|file| file.kind).collect())
            .collect();
        assert_eq!(kinds, [vec![FileKind::BuildScript], vec![FileKind::Tool]]);
        assert!(found.crates[1].command_line && !found.crates[0].command_line);
        assert_eq!(found.crates[0].lib_name, None);

        write("Cargo.toml", "[package]\nname = \"deploy-server\"\n");
        let found = discover(&[PathBuf::from(".")], &Settings::default(), dir.path());
        assert_eq!(found.crates[1].files[0].kind, FileKind::Service);
    }

    #[test]
    fn extra_binaries_are_the_bin_targets_besides_the_main_one() {
        let dir = tempfile::tempdir().unwrap();
        let write = |relative: &str, text: &str| {
            let path = dir.path().join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let kinds = || -> Vec<(String, FileKind)> {
            let found = discover(&[PathBuf::from(".")], &Settings::default(), dir.path());
            // Files come sorted by their displayed path.
            found.crates[0]
                .files
                .iter()
                .map(|file| (file.display.replace('\\', "/"), file.kind))
                .collect()
        };
        let manifest = |bins: &str| format!("[package]\nname = \"relay\"\n{bins}");
        write("src/utils.rs", "fn main() {}\n");
        write("src/server.rs", "fn main() {}\n");
        write("src/admin/main.rs", "mod report;\nfn main() {}\n");
        write("src/admin/report.rs", "pub fn run() {}\n");
        // No `src/main.rs`: the target named like the package is the main binary.
        let bins = "[[bin]]\nname = \"relay\"\npath = \"src/server.rs\"\n\
                    [[bin]]\nname = \"relay-utils\"\npath = \"./src/utils.rs\"\n\
                    [[bin]]\nname = \"admin\"\npath = \"src/admin/main.rs\"\n\
                    [[bin]]\nname = \"escape\"\npath = \"../outside.rs\"\n";
        write("Cargo.toml", &manifest(bins));
        assert_eq!(
            kinds(),
            [
                ("src/admin/main.rs".to_string(), FileKind::Tool),
                ("src/admin/report.rs".to_string(), FileKind::Tool),
                ("src/server.rs".to_string(), FileKind::Service),
                ("src/utils.rs".to_string(), FileKind::Tool),
            ]
        );
        // `default-run` names the main binary.
        write(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"relay\"\ndefault-run = \"relay-utils\"\n{}",
                "[[bin]]\nname = \"relay\"\npath = \"src/server.rs\"\n[[bin]]\nname = \"relay-utils\"\npath = \"src/utils.rs\"\n"
            ),
        );
        assert!(kinds().contains(&("src/utils.rs".to_string(), FileKind::Service)));
        assert!(kinds().contains(&("src/server.rs".to_string(), FileKind::Tool)));
        // No main binary known: none of the targets is taken for a tool.
        write(
            "Cargo.toml",
            &manifest("[[bin]]\nname = \"relay-utils\"\npath = \"src/utils.rs\"\n"),
        );
        assert!(kinds().iter().all(|(_, kind)| *kind == FileKind::Service));
        // With `src/main.rs`, every other target is an extra binary.
        write("src/main.rs", "fn main() {}\n");
        assert!(kinds().contains(&("src/utils.rs".to_string(), FileKind::Tool)));
        assert!(kinds().contains(&("src/main.rs".to_string(), FileKind::Service)));
    }

    fn module_of(relative: &str) -> (FileKind, String) {
        let root = Path::new("/w/svc");
        let (kind, module) = classify(Some(root), &root.join(relative), &[]);
        (kind, module.join("::"))
    }

    #[test]
    fn module_paths_follow_the_crate_layout() {
        assert_eq!(module_of("src/lib.rs"), (FileKind::Service, "crate".into()));
        assert_eq!(
            module_of("src/main.rs"),
            (FileKind::Service, "crate".into())
        );
        assert_eq!(
            module_of("src/handlers.rs"),
            (FileKind::Service, "crate::handlers".into())
        );
        assert_eq!(
            module_of("src/handlers/mod.rs"),
            (FileKind::Service, "crate::handlers".into())
        );
        assert_eq!(
            module_of("src/handlers/users.rs"),
            (FileKind::Service, "crate::handlers::users".into())
        );
        assert_eq!(
            module_of("src/bin/tool.rs"),
            (FileKind::Tool, "crate".into())
        );
        assert_eq!(module_of("tests/api.rs").0, FileKind::Test);
        assert_eq!(module_of("tools/bench.rs").0, FileKind::Tool);
        assert_eq!(module_of("build/assets.rs").0, FileKind::Tool);
        assert_eq!(module_of("lib.rs").0, FileKind::Service);
        assert_eq!(module_of("build.rs").0, FileKind::BuildScript);
    }
}
