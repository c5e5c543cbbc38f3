//! The package and target each file with findings belongs to, as cargo would name them in
//! its `compiler-message` lines.
//!
//! A file's package is the one whose manifest is nearest above it (discovery's crate). Its
//! target is the one whose `src_path` is the file; else the one whose `src_path`'s directory
//! holds the file, the deepest such directory winning, a library before a binary (a module
//! beside both `src/lib.rs` and `src/main.rs` is the library's, as cargo compiles it), a
//! binary before tests, examples and benches, then by name; a build script owns only its own
//! file. A file under no target's directory gets the package's library (else its first
//! binary). cargo is asked once per workspace, only about packages it has not described yet.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::layout;
use super::metadata::{metadata, MetadataError, Package, Target};
use crate::discover::manifest_dir;
use crate::paths::display_path;

/// What cargo's messages say a file belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub package_id: String,
    /// The package's Cargo.toml; `None` for a file that no Cargo.toml is above.
    pub manifest_path: Option<PathBuf>,
    pub target: Target,
}

/// The owners of the files with findings, by displayed path, and what could not come from
/// cargo.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Owners {
    by_file: BTreeMap<String, Owner>,
    /// One line each: where owners were inferred instead, and why.
    pub warnings: Vec<String>,
}

impl Owners {
    /// The owners of `files` (displayed paths, relative to `cwd` unless absolute). `known`
    /// are packages cargo has already described (`cargo backlint` asked before the run); cargo
    /// is asked about the others.
    pub fn resolve<'f>(
        files: impl IntoIterator<Item = &'f str>,
        cwd: &Path,
        known: &[Package],
    ) -> Owners {
        Resolver::new(cwd, known, true).resolve_all(files)
    }

    /// Owners given by hand, for renderer tests.
    #[cfg(test)]
    pub(crate) fn of_files(owners: impl IntoIterator<Item = (String, Owner)>) -> Owners {
        Owners {
            by_file: owners.into_iter().collect(),
            warnings: Vec::new(),
        }
    }

    /// The owner of `file`: as resolved, else (a file that was not among those resolved)
    /// inferred from the file layout.
    pub fn owner(&self, file: &str, cwd: &Path) -> Cow<'_, Owner> {
        match self.by_file.get(file) {
            Some(owner) => Cow::Borrowed(owner),
            None => Cow::Owned(Resolver::new(cwd, &[], false).owner(file)),
        }
    }
}

/// A package with its directory and its targets' source paths resolved (symbolic links and
/// all), so that they compare with the files' paths.
struct Described {
    package: Package,
    dir: PathBuf,
    src_paths: Vec<PathBuf>,
}

impl Described {
    fn new(package: Package) -> Described {
        Described {
            dir: canonical(package.dir()),
            src_paths: package
                .targets
                .iter()
                .map(|target| canonical(&target.src_path))
                .collect(),
            package,
        }
    }

    fn owner_of(&self, file: &Path) -> Option<Owner> {
        let target = self.target_of(file)?;
        Some(Owner {
            package_id: self.package.id.clone(),
            manifest_path: Some(self.package.manifest_path.clone()),
            target: target.clone(),
        })
    }

    fn target_of(&self, file: &Path) -> Option<&Target> {
        let targets = || self.package.targets.iter().zip(&self.src_paths);
        if let Some((target, _)) = targets().find(|(_, src_path)| *src_path == file) {
            return Some(target);
        }
        targets()
            .filter(|(target, src_path)| {
                rank(target) != Rank::BuildScript
                    && src_path.parent().is_some_and(|dir| file.starts_with(dir))
            })
            .max_by_key(|(target, src_path)| {
                (
                    src_path.components().count(),
                    Reverse(rank(target)),
                    Reverse(&target.name),
                )
            })
            .map(|(target, _)| target)
            .or_else(|| {
                self.package
                    .targets
                    .iter()
                    .filter(|target| rank(target) <= Rank::Binary)
                    .min_by_key(|target| (rank(target), &target.name))
            })
    }
}

/// Which target a shared module goes to first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Library,
    Binary,
    Other,
    BuildScript,
}

fn rank(target: &Target) -> Rank {
    let is = |kinds: &[&str]| {
        target
            .kind
            .iter()
            .any(|kind| kinds.contains(&kind.as_str()))
    };
    if is(&["lib", "rlib", "dylib", "cdylib", "staticlib", "proc-macro"]) {
        Rank::Library
    } else if is(&["bin"]) {
        Rank::Binary
    } else if is(&["custom-build"]) {
        Rank::BuildScript
    } else {
        Rank::Other
    }
}

/// What cargo said when asked about a crate's directory.
enum Asked {
    Described,
    Failed,
}

struct Resolver<'c> {
    cwd: &'c Path,
    packages: Vec<Described>,
    asked: BTreeMap<PathBuf, Asked>,
    /// False once cargo could not be started (or when it must not be asked).
    ask_cargo: bool,
    /// Whether to warn about what did not come from cargo.
    warn: bool,
    warnings: Vec<String>,
    /// Files no package cargo described holds.
    unowned: BTreeSet<String>,
}

impl<'c> Resolver<'c> {
    fn new(cwd: &'c Path, known: &[Package], ask_cargo: bool) -> Resolver<'c> {
        Resolver {
            cwd,
            packages: known.iter().cloned().map(Described::new).collect(),
            asked: BTreeMap::new(),
            ask_cargo,
            warn: ask_cargo,
            warnings: Vec::new(),
            unowned: BTreeSet::new(),
        }
    }

    fn resolve_all<'f>(&mut self, files: impl IntoIterator<Item = &'f str>) -> Owners {
        let mut by_file = BTreeMap::new();
        for file in files {
            if !by_file.contains_key(file) {
                let owner = self.owner(file);
                by_file.insert(file.to_string(), owner);
            }
        }
        let mut warnings = std::mem::take(&mut self.warnings);
        if let Some(first) = self.unowned.first() {
            let others = match self.unowned.len() {
                1 => String::new(),
                2 => " and 1 other".to_string(),
                n => format!(" and {} others", n - 1),
            };
            warnings.push(format!(
                "no cargo package holds `{first}`{others}: cargo-json names {} from the file \
                 layout",
                if self.unowned.len() == 1 {
                    "its package and target"
                } else {
                    "their packages and targets"
                }
            ));
        }
        Owners { by_file, warnings }
    }

    fn owner(&mut self, file: &str) -> Owner {
        let path = canonical(&self.cwd.join(file));
        let Some(root) = path.parent().and_then(manifest_dir) else {
            if self.warn {
                self.unowned.insert(file.to_string());
            }
            return layout::loose_file(&path);
        };
        if let Some(owner) = self.described_owner(&root, &path) {
            return owner;
        }
        if self.ask_cargo && !self.asked.contains_key(&root) {
            let asked = self.ask(&root);
            self.asked.insert(root.clone(), asked);
            if let Some(owner) = self.described_owner(&root, &path) {
                return owner;
            }
        }
        if matches!(self.asked.get(&root), Some(Asked::Described)) {
            self.unowned.insert(file.to_string());
        }
        layout::in_package(&root, &path)
    }

    fn described_owner(&self, root: &Path, file: &Path) -> Option<Owner> {
        self.packages
            .iter()
            .find(|described| described.dir == root)
            .and_then(|described| described.owner_of(file))
    }

    fn ask(&mut self, root: &Path) -> Asked {
        let manifest = root.join("Cargo.toml");
        match metadata(&manifest) {
            Ok(metadata) => {
                for package in metadata.packages {
                    if !self
                        .packages
                        .iter()
                        .any(|known| known.package.id == package.id)
                    {
                        self.packages.push(Described::new(package));
                    }
                }
                Asked::Described
            }
            Err(MetadataError::CannotRun(cause)) => {
                self.ask_cargo = false;
                self.warnings.push(format!(
                    "{cause}: cargo-json names packages and targets from the file layout"
                ));
                Asked::Failed
            }
            Err(MetadataError::Failed(cause)) => {
                self.warnings.push(format!(
                    "{}: {cause}: cargo-json names its packages and targets from the file layout",
                    display_path(&manifest, self.cwd)
                ));
                Asked::Failed
            }
        }
    }
}

/// `path` with symbolic links resolved, or as given when it cannot be (it is gone).
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(kind: &str, name: &str, src_path: &str) -> Target {
        Target {
            kind: vec![kind.to_string()],
            crate_types: vec![if kind == "lib" { "lib" } else { "bin" }.to_string()],
            name: name.to_string(),
            src_path: PathBuf::from(src_path),
            edition: "2021".to_string(),
            required_features: None,
            doc: Some(true),
            doctest: kind == "lib",
            test: true,
        }
    }

    /// A package at `/w` (paths need not exist: nothing resolves, so they compare as given).
    fn package(targets: Vec<Target>) -> Described {
        Described::new(Package {
            name: "svc".to_string(),
            id: "path+file:///w#0.1.0".to_string(),
            manifest_path: PathBuf::from("/w/Cargo.toml"),
            targets,
        })
    }

    fn target_name(package: &Described, file: &str) -> Option<String> {
        package
            .target_of(Path::new(file))
            .map(|target| format!("{}:{}", target.kind[0], target.name))
    }

    #[test]
    fn a_target_root_is_its_own_targets_and_shared_modules_go_to_the_library() {
        let package = package(vec![
            target("lib", "svc", "/w/src/lib.rs"),
            target("bin", "svc", "/w/src/main.rs"),
            target("bin", "tool", "/w/src/bin/tool.rs"),
            target("bin", "admin", "/w/src/bin/admin/main.rs"),
            target("bin", "other", "/w/tools/other.rs"),
            target("test", "api", "/w/tests/api.rs"),
            target("test", "flows", "/w/tests/flows.rs"),
            target("example", "demo", "/w/examples/demo.rs"),
            target("custom-build", "build-script-build", "/w/build.rs"),
        ]);
        let owner = |file| target_name(&package, file).unwrap();
        assert_eq!(owner("/w/src/lib.rs"), "lib:svc");
        assert_eq!(owner("/w/src/main.rs"), "bin:svc");
        assert_eq!(owner("/w/src/handlers/users.rs"), "lib:svc");
        assert_eq!(owner("/w/src/bin/tool.rs"), "bin:tool");
        // Deepest directory: the admin binary's own module; a module of src/bin goes to
        // the first binary there by name.
        assert_eq!(owner("/w/src/bin/admin/cli.rs"), "bin:admin");
        assert_eq!(owner("/w/src/bin/common.rs"), "bin:tool");
        assert_eq!(owner("/w/tools/helpers.rs"), "bin:other");
        assert_eq!(owner("/w/tests/api.rs"), "test:api");
        assert_eq!(owner("/w/tests/common/mod.rs"), "test:api");
        assert_eq!(owner("/w/examples/demo.rs"), "example:demo");
        assert_eq!(owner("/w/build.rs"), "custom-build:build-script-build");
        // Under no target's directory but the build script's: the library.
        assert_eq!(owner("/w/scripts/gen.rs"), "lib:svc");
    }

    #[test]
    fn without_a_library_the_first_binary_owns_stray_files() {
        let package = package(vec![
            target("bin", "svc", "/w/src/main.rs"),
            target("bin", "aux", "/w/src/bin/aux.rs"),
            target("custom-build", "build-script-build", "/w/build.rs"),
        ]);
        assert_eq!(
            target_name(&package, "/w/src/routes.rs").as_deref(),
            Some("bin:svc")
        );
        assert_eq!(
            target_name(&package, "/w/xtask/x.rs").as_deref(),
            Some("bin:aux")
        );
        let only_build_script = self::package(vec![target(
            "custom-build",
            "build-script-build",
            "/w/build.rs",
        )]);
        assert_eq!(target_name(&only_build_script, "/w/other.rs"), None);
    }
}
