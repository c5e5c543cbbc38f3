//! Paths: the project root, which the paths backlint stores or hands to other tools are
//! relative to (baseline keys, SARIF `%SRCROOT%`), and the path arithmetic that discovery,
//! config and baselines share.
//!
//! The project root is the nearest directory at or above the working directory that holds
//! `.git` (the repository, or the worktree or submodule, being checked); outside a repository,
//! the directory of the config file in use; else the working directory. So a baseline written
//! at the repository root is read the same from `services/api`, and SARIF URIs are relative to
//! the repository root, where GitHub code scanning resolves them. Paths shown to people (text,
//! concise, JSON, …) stay relative to the working directory.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// Whether `dir` is the top of a git repository, worktree or submodule: it holds `.git` (a
/// directory, or the file a worktree or submodule has). Config discovery stops here too.
pub fn is_repository_root(dir: &Path) -> bool {
    dir.join(".git").exists()
}

/// The project root for a run in `cwd` (absolute) with the config file `config_file`, if any
/// (see the module docs). The config's directory is resolved through symbolic links, as the
/// working directory already is.
pub fn project_root(cwd: &Path, config_file: Option<&Path>) -> PathBuf {
    if let Some(repository) = cwd.ancestors().find(|dir| is_repository_root(dir)) {
        return repository.to_path_buf();
    }
    match config_file.and_then(Path::parent) {
        Some(dir) => {
            let dir = cwd.join(dir);
            fs::canonicalize(&dir).unwrap_or_else(|_| normalize(&dir))
        }
        None => cwd.to_path_buf(),
    }
}

/// `path` relative to the directory `base`, `/`-separated, with `..` where it lies outside
/// (both absolute). On Windows, a path on another drive stays absolute.
pub fn relative(path: &Path, base: &Path) -> String {
    let path = normalize(path);
    let base = normalize(base);
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_string_lossy().replace('\\', "/");
    }
    let ups = base_parts.len() - common;
    let parts: Vec<String> = std::iter::repeat_n("..".to_string(), ups)
        .chain(
            path_parts[common..]
                .iter()
                .map(|part| part.as_os_str().to_string_lossy().into_owned()),
        )
        .collect();
    parts.join("/")
}

/// The path shown to users: relative to `cwd` when below it, normalised, `/`-separated.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let absolute = normalize(&cwd.join(path));
    let shown = absolute
        .strip_prefix(cwd)
        .map(Path::to_path_buf)
        .unwrap_or(absolute);
    let text = shown.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_string()
    } else {
        text
    }
}

/// Removes `.` and `..` components without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut normalized = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normalized.pop();
            }
            other => normalized.push(other),
        }
    }
    normalized
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_relative_and_normalized() {
        let cwd = Path::new("/w");
        assert_eq!(
            display_path(Path::new("./svc/src/../src/a.rs"), cwd),
            "svc/src/a.rs"
        );
        assert_eq!(
            display_path(Path::new("/elsewhere/b.rs"), cwd),
            "/elsewhere/b.rs"
        );
    }

    #[test]
    fn the_repository_root_wins_then_the_config_then_the_working_directory() {
        let dir = tempfile::tempdir().unwrap();
        let top = fs::canonicalize(dir.path()).unwrap();
        let api = top.join("services/api");
        fs::create_dir_all(&api).unwrap();
        let config = top.join("services/backlint.toml");
        fs::write(&config, "").unwrap();
        assert_eq!(project_root(&api, None), api, "no repository, no config");
        assert_eq!(project_root(&api, Some(&config)), top.join("services"));
        // Explicit config paths may be relative to the working directory and hold `..`.
        assert_eq!(
            project_root(&api, Some(Path::new("../backlint.toml"))),
            top.join("services")
        );
        fs::create_dir(top.join(".git")).unwrap();
        assert_eq!(project_root(&api, Some(&config)), top);
        assert_eq!(project_root(&top, None), top);
        // A worktree or submodule has a `.git` file: it is the nearer root.
        fs::write(api.join(".git"), "gitdir: ../../.git/worktrees/api\n").unwrap();
        assert_eq!(project_root(&api.join("src"), None), api);
    }

    #[test]
    fn relative_paths_climb_out_with_dot_dot() {
        assert_eq!(relative(Path::new("/w/a/b.rs"), Path::new("/w")), "a/b.rs");
        assert_eq!(
            relative(Path::new("/w/a/b.rs"), Path::new("/w/c/d")),
            "../../a/b.rs"
        );
        assert_eq!(
            relative(Path::new("/w/c/./x/../b.rs"), Path::new("/w/c/")),
            "b.rs"
        );
        assert_eq!(relative(Path::new("/w"), Path::new("/w")), "");
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
