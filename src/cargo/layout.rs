//! A file's owner when cargo cannot name it (no cargo, a manifest cargo rejects, no
//! manifest at all), inferred from where the file sits by cargo's conventional layout:
//! `build.rs` is the build script; `src/main.rs` the binary named after the package,
//! `src/bin/x.rs` and `src/bin/x/…` the binary `x`;
//! `tests/`, `examples/` and `benches/` likewise; anything else the library (`src/lib.rs`),
//! else the binary `src/main.rs`. Names, version and edition are the manifest's when it
//! writes them as plain strings (else the directory's name and edition 2015, cargo's
//! default). A target root that does not exist is replaced by the file itself: every path
//! named exists. A file with no Cargo.toml above it is its own package (a binary, as rustc
//! compiles a lone file), with no manifest path.

use std::path::{Component, Path, PathBuf};

use super::metadata::Target;
use super::owners::Owner;

/// The owner of a file in the package whose manifest is in `dir`.
pub(super) fn in_package(dir: &Path, file: &Path) -> Owner {
    let manifest_path = dir.join("Cargo.toml");
    let manifest = Manifest::read(&manifest_path);
    let package_name = manifest.name.clone().or_else(|| file_name(dir));
    let parts: Vec<String> = file
        .strip_prefix(dir)
        .map(|relative| {
            relative
                .components()
                .filter_map(|c| match c {
                    Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let (kind, name, root) = match parts.as_slice() {
        ["build.rs"] => (
            Kind::BuildScript,
            "build-script-build".to_string(),
            file.into(),
        ),
        ["src", "main.rs"] => (
            Kind::Binary,
            package_name.clone().unwrap_or_default(),
            file.into(),
        ),
        ["src", "bin", first, rest @ ..] => named_target(
            Kind::Binary,
            &dir.join("src/bin"),
            first,
            rest.is_empty(),
            file,
        ),
        [auto @ ("tests" | "examples" | "benches"), first, rest @ ..] => {
            let kind = match *auto {
                "tests" => Kind::Test,
                "examples" => Kind::Example,
                _ => Kind::Bench,
            };
            named_target(kind, &dir.join(auto), first, rest.is_empty(), file)
        }
        _ => {
            let lib = dir.join("src/lib.rs");
            let main = dir.join("src/main.rs");
            let lib_name = manifest
                .lib_name
                .clone()
                .or_else(|| package_name.as_ref().map(|name| name.replace('-', "_")));
            if lib.is_file() || !main.is_file() {
                (Kind::Library, lib_name.unwrap_or_default(), lib)
            } else {
                (Kind::Binary, package_name.clone().unwrap_or_default(), main)
            }
        }
    };
    let root = if root.is_file() {
        root
    } else {
        file.to_path_buf()
    };
    let fragment = match (&manifest.name, &manifest.version) {
        (Some(name), Some(version)) if file_name(dir).as_ref() == Some(name) => {
            format!("#{version}")
        }
        (Some(name), Some(version)) => format!("#{name}@{version}"),
        (Some(name), None) => format!("#{name}"),
        (None, _) => String::new(),
    };
    Owner {
        package_id: format!("path+{}{fragment}", file_url(dir)),
        manifest_path: Some(manifest_path),
        target: target(kind, name, root, manifest.edition),
    }
}

/// The owner of a file that no Cargo.toml is above: itself, a binary.
pub(super) fn loose_file(file: &Path) -> Owner {
    let name = file
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    Owner {
        package_id: format!("path+{}", file_url(file)),
        manifest_path: None,
        target: target(Kind::Binary, name, file.to_path_buf(), None),
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Library,
    Binary,
    Test,
    Example,
    Bench,
    BuildScript,
}

/// The target `first` names in a directory of targets (`src/bin`, `tests`, …): the file
/// `x.rs` itself, or `x/main.rs` for a file below `x/`.
fn named_target(
    kind: Kind,
    dir: &Path,
    first: &str,
    is_file: bool,
    file: &Path,
) -> (Kind, String, PathBuf) {
    if is_file {
        let name = first.strip_suffix(".rs").unwrap_or(first);
        (kind, name.to_string(), file.to_path_buf())
    } else {
        (kind, first.to_string(), dir.join(first).join("main.rs"))
    }
}

/// A target as cargo prints one of that kind (flags as cargo's defaults for it).
fn target(kind: Kind, name: String, src_path: PathBuf, edition: Option<String>) -> Target {
    let (kind, doc, doctest, test) = match kind {
        Kind::Library => ("lib", true, true, true),
        Kind::Binary => ("bin", true, false, true),
        Kind::Test => ("test", false, false, true),
        Kind::Example => ("example", false, false, false),
        Kind::Bench => ("bench", false, false, false),
        Kind::BuildScript => ("custom-build", false, false, false),
    };
    Target {
        kind: vec![kind.to_string()],
        crate_types: vec![if kind == "lib" { "lib" } else { "bin" }.to_string()],
        name,
        src_path,
        edition: edition.unwrap_or_else(|| "2015".to_string()),
        required_features: None,
        doc: Some(doc),
        doctest,
        test,
    }
}

/// What a manifest writes as plain strings (inherited or malformed values are absent).
#[derive(Default)]
struct Manifest {
    name: Option<String>,
    version: Option<String>,
    edition: Option<String>,
    lib_name: Option<String>,
}

impl Manifest {
    fn read(path: &Path) -> Manifest {
        let Some(table) = std::fs::read_to_string(path)
            .ok()
            .and_then(|text| toml::from_str::<toml::Table>(&text).ok())
        else {
            return Manifest::default();
        };
        let string = |section: &str, key: &str| {
            table
                .get(section)
                .and_then(|section| section.get(key))
                .and_then(toml::Value::as_str)
                .map(str::to_string)
        };
        Manifest {
            name: string("package", "name"),
            version: string("package", "version"),
            edition: string("package", "edition")
                .filter(|edition| ["2015", "2018", "2021", "2024"].contains(&edition.as_str())),
            lib_name: string("lib", "name"),
        }
    }
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
}

/// `file://` and the absolute path, percent-encoded as a URL path.
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    fn summary(owner: &Owner, root: &Path) -> String {
        let target = &owner.target;
        format!(
            "{} {}:{} {}",
            owner.package_id.replace(&file_url(root), "<root>"),
            target.kind[0],
            target.name,
            target
                .src_path
                .strip_prefix(root)
                .unwrap_or(&target.src_path)
                .display()
        )
    }

    #[test]
    fn targets_follow_cargos_layout_and_name_only_files_that_exist() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap().join("my svc");
        write(
            &root,
            &[
                (
                    "Cargo.toml",
                    "[package]\nname = \"my-svc\"\nversion = \"0.2.0\"\nedition = \"2021\"\n",
                ),
                ("src/lib.rs", ""),
                ("src/main.rs", ""),
                ("src/handlers.rs", ""),
                ("src/bin/tool.rs", ""),
                ("src/bin/admin/main.rs", ""),
                ("src/bin/admin/cli.rs", ""),
                ("tests/api.rs", ""),
                ("tests/common/mod.rs", ""),
                ("build.rs", ""),
            ],
        );
        let owner = |file: &str| summary(&in_package(&root, &root.join(file)), &root);
        assert_eq!(
            owner("src/handlers.rs"),
            "path+<root>#my-svc@0.2.0 lib:my_svc src/lib.rs"
        );
        assert_eq!(
            owner("src/main.rs"),
            "path+<root>#my-svc@0.2.0 bin:my-svc src/main.rs"
        );
        assert_eq!(
            owner("src/bin/tool.rs"),
            "path+<root>#my-svc@0.2.0 bin:tool src/bin/tool.rs"
        );
        assert_eq!(
            owner("src/bin/admin/cli.rs"),
            "path+<root>#my-svc@0.2.0 bin:admin src/bin/admin/main.rs"
        );
        assert_eq!(
            owner("tests/api.rs"),
            "path+<root>#my-svc@0.2.0 test:api tests/api.rs"
        );
        // tests/common/main.rs does not exist: the file itself.
        assert_eq!(
            owner("tests/common/mod.rs"),
            "path+<root>#my-svc@0.2.0 test:common tests/common/mod.rs"
        );
        assert_eq!(
            owner("build.rs"),
            "path+<root>#my-svc@0.2.0 custom-build:build-script-build build.rs"
        );
        assert!(
            file_url(&root).ends_with("/my%20svc"),
            "{}",
            file_url(&root)
        );
        let owner = in_package(&root, &root.join("src/handlers.rs"));
        assert_eq!(owner.manifest_path, Some(root.join("Cargo.toml")));
        assert_eq!(owner.target.edition, "2021");
    }

    #[test]
    fn a_broken_manifest_leaves_the_directory_name_and_cargos_default_edition() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap().join("api");
        write(
            &root,
            &[
                ("Cargo.toml", "[package]\nname = \n"),
                ("src/main.rs", ""),
                ("src/db.rs", ""),
            ],
        );
        let owner = in_package(&root, &root.join("src/db.rs"));
        assert_eq!(summary(&owner, &root), "path+<root> bin:api src/main.rs");
        assert_eq!(owner.target.edition, "2015");
        // The directory's name equals the package's: cargo's id leaves the name out.
        std::fs::write(
            root.join("Cargo.toml"),
            "[package]\nname = \"api\"\nversion = \"1.0.0\"\n",
        )
        .unwrap();
        let owner = in_package(&root, &root.join("src/db.rs"));
        assert_eq!(
            summary(&owner, &root),
            "path+<root>#1.0.0 bin:api src/main.rs"
        );
        // Neither src/lib.rs nor src/main.rs: the file is its target's root.
        std::fs::remove_file(root.join("src/main.rs")).unwrap();
        let owner = in_package(&root, &root.join("scripts/gen.rs"));
        assert_eq!(owner.target.src_path, root.join("scripts/gen.rs"));
    }

    #[test]
    fn a_loose_file_is_its_own_package() {
        let owner = loose_file(Path::new("/tmp/scratch/check me.rs"));
        assert_eq!(owner.package_id, "path+file:///tmp/scratch/check%20me.rs");
        assert_eq!(owner.manifest_path, None);
        assert_eq!(owner.target.name, "check me");
        assert_eq!(owner.target.kind, ["bin"]);
        assert_eq!(owner.target.src_path, Path::new("/tmp/scratch/check me.rs"));
    }
}
