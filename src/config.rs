//! Config files: finding them, reading them, and turning them into [`Settings`].
//!
//! # Where config comes from
//!
//! `--config FILE` names the file (an error if it cannot be read); a file named `Cargo.toml`
//! is read for its `[package.metadata.backlint]` table, else its
//! `[workspace.metadata.backlint]` table. `--no-config` uses none. Otherwise backlint walks up
//! from the current directory (for `cargo backlint --manifest-path P`: from `P`'s directory)
//! and stops at the first directory that holds one of these, checked in this order:
//!
//! 1. `backlint.toml`, then `.backlint.toml` — a dedicated file wins over Cargo.toml metadata
//!    in the same directory;
//! 2. `Cargo.toml` with `[package.metadata.backlint]` — only in the nearest `Cargo.toml` (the
//!    package being linted; other packages' settings never apply);
//! 3. `Cargo.toml` with `[workspace.metadata.backlint]` — so a workspace's config is used when
//!    the package has none. A root package with both tables uses its package table.
//!
//! The walk ends after a directory that contains `.git`, or at the filesystem root. Only one
//! source is used: sources are not merged.
//!
//! # Schema
//!
//! Keys are kebab-case. Unknown keys, rule ids, categories and options are errors that name
//! the file, the key and the closest valid name.
//!
//! ```toml
//! select = ["security", "unwrap-in-request-path"]  # rule ids, categories or "all";
//!                                                  # default: the rules that are on by default
//! extend-select = ["layer-violation"]   # enabled on top of the defaults or `select`
//! ignore = ["print-in-server"]          # rule ids, categories or "all"
//! fail-on = "warning"                   # error | warning | note | never (exit code 1 at or above)
//! exclude = ["generated/**", "vendor"]  # globs: paths discovery skips
//! require-suppression-reason = false    # `backlint-allow(rule)` without `: reason` suppresses
//!                                       # nothing and is reported
//! unsuppressible = ["sql-injection"]    # rule ids or categories inline comments cannot silence
//! jobs = 4                              # worker threads (default: one per core)
//!
//! [levels]                              # per rule id: error | warning | note | off
//! print-in-server = "error"
//!
//! [limits]                              # files over a limit are reported and skipped
//! max-file-size = 10485760              # bytes
//! max-nesting-depth = 4096
//!
//! [rules.fat-handler]                   # rule options, as each rule's page declares them
//! max-statements = 40
//!
//! [[overrides]]                         # rule selection for some paths; later entries win
//! paths = ["src/bin/**", "tools/**"]    # required
//! ignore = ["print-in-server"]          # also: select, extend-select, levels
//! levels = { unwrap-in-request-path = "off" }
//! ```
//!
//! Levels also accept the aliases `deny`, `warn`, `info` and `allow`.
//!
//! # Globs
//!
//! `exclude` and `overrides.paths` are globs relative to the directory of the config file,
//! `/`-separated, where `*` and `?` never cross a `/` and `**` spans directories:
//!
//! - a glob without `/` (`main.rs`, `*_test.rs`) matches that name in any directory;
//! - a leading `/` or `./` anchors the glob to the config's directory (`/build.rs`);
//! - a glob that matches a directory also matches everything below it (`vendor`,
//!   `generated/`, `src/bin`).
//!
//! The engine matches globs against file paths *as displayed* (relative to the current
//! directory, `/`-separated; absolute outside it), so each glob is rewritten here for the
//! current directory: prefixed with the config's directory when the config lies below the
//! current directory, stripped of its leading components when the current directory lies
//! below the config's directory, and also kept in absolute form.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use toml::{Table, Value};

use crate::diagnostic::Severity;
use crate::messages::{did_you_mean, io_message};
use crate::paths::{display_path, is_repository_root, normalize};
use crate::rules::meta::{Category, RuleMeta};
use crate::rules::{self, registry};
use crate::semantic::models::overlay::{ModelOverlay, MODEL_FILES};
use crate::semantic::models::{overlaid, ModelExtensions, SinkKind};
use crate::settings::{FailOn, Limits, PathOverride, RuleLevels, Selector, Settings};

/// The names of dedicated config files, in the order they are looked for.
pub const FILE_NAMES: [&str; 2] = ["backlint.toml", ".backlint.toml"];

const PACKAGE_TABLE: &str = "package.metadata.backlint";
const WORKSPACE_TABLE: &str = "workspace.metadata.backlint";

const TOP_KEYS: &[&str] = &[
    "select",
    "extend-select",
    "ignore",
    "fail-on",
    "exclude",
    "require-suppression-reason",
    "unsuppressible",
    "jobs",
    "levels",
    "limits",
    "rules",
    "overrides",
    "models",
];
/// The short forms of `[models]`; its other keys are the model files ([`MODEL_FILES`]).
const MODEL_KEYS: &[&str] = &["sources", "extractors", "sinks", "sanitizers", "blocking"];
const LIMIT_KEYS: &[&str] = &["max-file-size", "max-nesting-depth"];
const OVERRIDE_KEYS: &[&str] = &["paths", "select", "extend-select", "ignore", "levels"];
const LEVEL_VALUES: &str = "error, warning, note, off";

/// A config problem, as one line naming the file and key: exit code 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// A config that was found and read.
#[derive(Clone, Debug)]
pub struct LoadedConfig {
    /// The file the settings came from (a `Cargo.toml` for metadata tables).
    pub path: PathBuf,
    /// Defaults overlaid with everything the file sets; command-line flags go on top.
    pub settings: Settings,
}

/// Finds and reads the config. `explicit` is `--config FILE`; otherwise discovery walks up
/// from `start` (see the module docs). `cwd` is the current directory (absolute): file names
/// in messages and globs are made relative to it. `Ok(None)`: no config anywhere.
pub fn load(
    explicit: Option<&Path>,
    start: &Path,
    cwd: &Path,
) -> Result<Option<LoadedConfig>, ConfigError> {
    let found = match explicit {
        Some(path) => Some(read_explicit(&cwd.join(path), path)?),
        None => discover(&cwd.join(start), cwd)?,
    };
    let Some(found) = found else {
        return Ok(None);
    };
    let dir = found.path.parent().unwrap_or(Path::new("/"));
    let dir = fs::canonicalize(dir).unwrap_or_else(|_| normalize(dir));
    let cx = Cx {
        file: &found.display,
        base: GlobBase::new(&dir, &normalize(cwd)),
    };
    let mut settings = cx.settings(&found.table, found.key.unwrap_or(""))?;
    settings.config_file = Some(found.path.clone());
    Ok(Some(LoadedConfig {
        path: found.path,
        settings,
    }))
}

/// Parses a selector as config and `--select`/`--ignore` take it: `all`, a category or a
/// rule id. The error names the closest valid one.
pub fn parse_selector(text: &str) -> Result<Selector, String> {
    if text == "all" {
        return Ok(Selector::All);
    }
    if let Some(category) = Category::parse(text) {
        return Ok(Selector::Category(category));
    }
    if let Some(rule) = rules::find(text) {
        return Ok(Selector::Rule(rule.meta().id));
    }
    let candidates = registry()
        .iter()
        .map(|rule| rule.meta().id)
        .chain(Category::ALL.iter().map(|c| c.as_str()))
        .chain(["all"]);
    Err(format!(
        "unknown rule or category `{text}`{}",
        did_you_mean(text, candidates)
    ))
}

/// Looks a rule up by id; the error names the closest rule id.
pub fn find_rule(id: &str) -> Result<&'static RuleMeta, String> {
    match rules::find(id) {
        Some(rule) => Ok(rule.meta()),
        None => Err(format!(
            "unknown rule `{id}`{}",
            did_you_mean(id, registry().iter().map(|rule| rule.meta().id))
        )),
    }
}

/// A config table and where it came from.
struct Found {
    path: PathBuf,
    /// The path shown in messages.
    display: String,
    /// The key of the table inside a `Cargo.toml`; `None` for dedicated files.
    key: Option<&'static str>,
    table: Table,
}

fn discover(start: &Path, cwd: &Path) -> Result<Option<Found>, ConfigError> {
    let mut nearest_manifest = true;
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            let path = dir.join(name);
            if path.is_file() {
                let display = display_path(&path, cwd);
                let table = parse_toml(&read(&path, &display)?, &display)?;
                return Ok(Some(Found {
                    path,
                    display,
                    key: None,
                    table,
                }));
            }
        }
        let manifest = dir.join("Cargo.toml");
        if manifest.is_file() {
            let display = display_path(&manifest, cwd);
            let keys: &[&'static str] = if nearest_manifest {
                &[PACKAGE_TABLE, WORKSPACE_TABLE]
            } else {
                &[WORKSPACE_TABLE]
            };
            if let Some(found) = manifest_table(&manifest, display, keys)? {
                return Ok(Some(found));
            }
            nearest_manifest = false;
        }
        if is_repository_root(dir) {
            break;
        }
    }
    Ok(None)
}

fn read_explicit(path: &Path, given: &Path) -> Result<Found, ConfigError> {
    let display = given.display().to_string();
    if path.file_name().is_some_and(|name| name == "Cargo.toml") {
        return manifest_table(path, display.clone(), &[PACKAGE_TABLE, WORKSPACE_TABLE])?
            .ok_or_else(|| {
                ConfigError(format!(
                    "{display}: has no [{PACKAGE_TABLE}] or [{WORKSPACE_TABLE}] table"
                ))
            });
    }
    let table = parse_toml(&read(path, &display)?, &display)?;
    Ok(Found {
        path: path.to_path_buf(),
        display,
        key: None,
        table,
    })
}

/// The first of the `keys` tables a manifest has. Manifests that never mention backlint are
/// not parsed, so a broken manifest of an unrelated crate is not our error.
fn manifest_table(
    path: &Path,
    display: String,
    keys: &[&'static str],
) -> Result<Option<Found>, ConfigError> {
    let text = read(path, &display)?;
    if !text.contains("backlint") {
        return Ok(None);
    }
    let manifest = parse_toml(&text, &display)?;
    for &key in keys {
        match lookup(&manifest, key) {
            None => {}
            Some(Value::Table(table)) => {
                return Ok(Some(Found {
                    path: path.to_path_buf(),
                    display,
                    key: Some(key),
                    table: table.clone(),
                }))
            }
            Some(_) => return Err(ConfigError(format!("{display}: {key}: expected a table"))),
        }
    }
    Ok(None)
}

/// The value at a dotted key path, if every step exists.
fn lookup<'a>(table: &'a Table, key: &str) -> Option<&'a Value> {
    let (last, parents) = key.rsplit_once('.').map_or((key, ""), |(p, l)| (l, p));
    let mut table = table;
    for part in parents.split('.').filter(|p| !p.is_empty()) {
        table = table.get(part)?.as_table()?;
    }
    table.get(last)
}

fn read(path: &Path, display: &str) -> Result<String, ConfigError> {
    fs::read_to_string(path).map_err(|error| {
        ConfigError(format!(
            "cannot read config `{display}`: {}",
            io_message(&error)
        ))
    })
}

fn parse_toml(text: &str, display: &str) -> Result<Table, ConfigError> {
    text.parse::<Table>().map_err(|error| {
        let at = error.span().map(|span| {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            format!(":{line}:{column}")
        });
        let message = error.message().trim().replace('\n', " ");
        ConfigError(format!("{display}{}: {message}", at.unwrap_or_default()))
    })
}

/// Reading context: the file name for messages and the base for globs.
struct Cx<'a> {
    file: &'a str,
    base: GlobBase,
}

fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl Cx<'_> {
    fn error(&self, key: &str, message: impl fmt::Display) -> ConfigError {
        if key.is_empty() {
            ConfigError(format!("{}: {message}", self.file))
        } else {
            ConfigError(format!("{}: {key}: {message}", self.file))
        }
    }

    fn unknown_key(&self, table_key: &str, key: &str, valid: &[&str]) -> ConfigError {
        self.error(
            table_key,
            format!(
                "unknown key `{key}`{}",
                did_you_mean(key, valid.iter().copied())
            ),
        )
    }

    fn settings(&self, table: &Table, prefix: &str) -> Result<Settings, ConfigError> {
        let mut settings = Settings::default();
        for (key, value) in table {
            let path = join_key(prefix, key);
            match key.as_str() {
                "select" => settings.rules.select = Some(self.selectors(value, &path)?),
                "extend-select" => settings.rules.extend_select = self.selectors(value, &path)?,
                "ignore" => settings.rules.ignore = self.selectors(value, &path)?,
                "levels" => settings.rules.levels = self.levels(value, &path)?,
                "fail-on" => {
                    settings.fail_on = value.as_str().and_then(FailOn::parse).ok_or_else(|| {
                        self.error(&path, "expected one of error, warning, note, never")
                    })?;
                }
                "exclude" => settings.exclude = Some(self.globs(value, &path)?),
                "require-suppression-reason" => {
                    settings.require_suppression_reason = value
                        .as_bool()
                        .ok_or_else(|| self.error(&path, "expected `true` or `false`"))?;
                }
                "unsuppressible" => {
                    let selectors = self.selectors(value, &path)?;
                    settings.unsuppressible = expand(&selectors);
                }
                "jobs" => settings.jobs = Some(self.positive(value, &path, usize::MAX)?),
                "limits" => settings.limits = self.limits(value, &path)?,
                "rules" => settings.rule_options = self.rule_options(value, &path)?,
                "overrides" => settings.overrides = self.overrides(value, &path)?,
                "models" => settings.models = self.models(value, &path)?,
                _ => return Err(self.unknown_key(prefix, key, TOP_KEYS)),
            }
        }
        Ok(settings)
    }

    fn table<'v>(&self, value: &'v Value, key: &str) -> Result<&'v Table, ConfigError> {
        value
            .as_table()
            .ok_or_else(|| self.error(key, "expected a table"))
    }

    fn strings<'v>(
        &self,
        value: &'v Value,
        key: &str,
        what: &str,
    ) -> Result<Vec<&'v str>, ConfigError> {
        value
            .as_array()
            .and_then(|items| items.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
            .ok_or_else(|| self.error(key, format!("expected a list of {what}")))
    }

    fn selectors(&self, value: &Value, key: &str) -> Result<Vec<Selector>, ConfigError> {
        self.strings(value, key, "rule ids or categories")?
            .into_iter()
            .map(|text| parse_selector(text).map_err(|message| self.error(key, message)))
            .collect()
    }

    fn levels(
        &self,
        value: &Value,
        key: &str,
    ) -> Result<BTreeMap<&'static str, Severity>, ConfigError> {
        let mut levels = BTreeMap::new();
        for (id, level) in self.table(value, key)? {
            let rule = find_rule(id).map_err(|message| {
                if Category::parse(id).is_some() {
                    self.error(
                        key,
                        format!("`{id}` is a category; levels are set per rule id"),
                    )
                } else {
                    self.error(key, message)
                }
            })?;
            let severity = level.as_str().and_then(Severity::parse).ok_or_else(|| {
                self.error(
                    &join_key(key, id),
                    format!("expected one of {LEVEL_VALUES}"),
                )
            })?;
            levels.insert(rule.id, severity);
        }
        Ok(levels)
    }

    fn positive(&self, value: &Value, key: &str, max: usize) -> Result<usize, ConfigError> {
        value
            .as_integer()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| self.error(key, "expected a positive integer"))
    }

    fn limits(&self, value: &Value, key: &str) -> Result<Limits, ConfigError> {
        let mut limits = Limits::default();
        for (name, value) in self.table(value, key)? {
            let path = join_key(key, name);
            match name.as_str() {
                "max-file-size" => {
                    limits.max_file_size = self.positive(value, &path, usize::MAX)? as u64;
                }
                "max-nesting-depth" => {
                    let depth = self.positive(value, &path, u32::MAX as usize)?;
                    limits.max_nesting_depth = u32::try_from(depth).unwrap_or(u32::MAX);
                }
                _ => return Err(self.unknown_key(key, name, LIMIT_KEYS)),
            }
        }
        Ok(limits)
    }

    fn rule_options(
        &self,
        value: &Value,
        key: &str,
    ) -> Result<BTreeMap<&'static str, Table>, ConfigError> {
        let mut options = BTreeMap::new();
        for (id, value) in self.table(value, key)? {
            let rule = find_rule(id).map_err(|message| self.error(key, message))?;
            let path = join_key(key, id);
            let table = self.table(value, &path)?;
            self.check_options(rule, table, &path)?;
            options.insert(rule.id, table.clone());
        }
        Ok(options)
    }

    /// Checks a `[rules.<id>]` table against the options the rule declares.
    fn check_options(&self, rule: &RuleMeta, table: &Table, key: &str) -> Result<(), ConfigError> {
        for (name, value) in table {
            let Some(option) = rule.options.get(name) else {
                let hint = if rule.options.is_empty() {
                    format!("; `{}` has no options", rule.id)
                } else {
                    did_you_mean(name, rule.options.keys().map(String::as_str))
                };
                return Err(self.error(key, format!("unknown option `{name}`{hint}")));
            };
            if !option.kind.accepts(value) {
                return Err(self.error(
                    &join_key(key, name),
                    format!("expected {}", option.kind.as_str()),
                ));
            }
        }
        Ok(())
    }

    /// `[models]`: the project's own sources, sinks and sanitizers (in-house wrappers).
    fn models(&self, value: &Value, key: &str) -> Result<ModelExtensions, ConfigError> {
        let mut models = ModelExtensions::default();
        for (name, value) in self.table(value, key)? {
            let path = join_key(key, name);
            match name.as_str() {
                "sources" => models.source_functions = self.model_entries(value, &path)?,
                "blocking" => models.blocking = self.model_entries(value, &path)?,
                "extractors" => {
                    models.source_extractors = self
                        .strings(value, &path, "type names")?
                        .into_iter()
                        .map(str::to_string)
                        .collect();
                }
                "sinks" => {
                    for (kind, entries) in self.table(value, &path)? {
                        let field = join_key(&path, kind);
                        let kind = self.sink_kind(kind, &path)?;
                        models
                            .sinks
                            .push((kind, self.model_entries(entries, &field)?));
                    }
                }
                "sanitizers" => {
                    for (kind, entries) in self.table(value, &path)? {
                        let field = join_key(&path, kind);
                        let kinds = if kind == "all" {
                            SinkKind::STRING_KINDS.to_vec()
                        } else {
                            vec![self.sink_kind(kind, &path)?]
                        };
                        models
                            .sanitizers
                            .push((kinds, self.model_entries(entries, &field)?));
                    }
                }
                file if MODEL_FILES.contains(&file) => {
                    models
                        .files
                        .insert(file.to_string(), self.table(value, &path)?.clone());
                }
                _ => {
                    let valid: Vec<&str> = MODEL_KEYS.iter().chain(&MODEL_FILES).copied().collect();
                    return Err(self.unknown_key(key, name, &valid));
                }
            }
        }
        self.check_model_files(&models.files)?;
        Ok(models)
    }

    /// The additions to model files fit the files' types, and the rules they name exist.
    fn check_model_files(&self, files: &ModelOverlay) -> Result<(), ConfigError> {
        let models = overlaid(files).map_err(|error| self.error(&error.key, error.message))?;
        for rule in models.security.rule_ids() {
            if registry().iter().all(|known| known.meta().id != rule) {
                let ids = registry().iter().map(|known| known.meta().id);
                return Err(self.error(
                    "models.security",
                    format!("unknown rule `{rule}`{}", did_you_mean(rule, ids)),
                ));
            }
        }
        Ok(())
    }

    fn sink_kind(&self, name: &str, key: &str) -> Result<SinkKind, ConfigError> {
        SinkKind::from_name(name).ok_or_else(|| {
            let names = SinkKind::NAMED.iter().map(|(name, _)| *name);
            self.error(
                key,
                format!("unknown sink kind `{name}`{}", did_you_mean(name, names)),
            )
        })
    }

    /// Paths like `crate::db::raw_query`, `Db::raw#1` or `.execute_raw` (a method by name).
    fn model_entries(&self, value: &Value, key: &str) -> Result<Vec<String>, ConfigError> {
        let entries = self.strings(value, key, "paths (`crate::db::raw_query`, `.method`)")?;
        for entry in &entries {
            let (path, arg) = match entry.split_once('#') {
                Some((path, arg)) => (path, Some(arg)),
                None => (*entry, None),
            };
            let path = path.strip_prefix('.').unwrap_or(path);
            let valid_path = path.split("::").all(|segment| {
                segment.starts_with(|c: char| c.is_alphabetic() || c == '_')
                    && segment.chars().all(|c| c.is_alphanumeric() || c == '_')
            });
            let valid_arg = arg.is_none_or(|arg| arg.parse::<usize>().is_ok());
            if !valid_path || !valid_arg {
                return Err(self.error(
                    key,
                    format!("`{entry}` is not a path like `crate::db::raw_query`, `Db::raw#1` or `.execute_raw`"),
                ));
            }
        }
        Ok(entries.into_iter().map(str::to_string).collect())
    }

    fn overrides(&self, value: &Value, key: &str) -> Result<Vec<PathOverride>, ConfigError> {
        let items = value
            .as_array()
            .ok_or_else(|| self.error(key, "expected an array of tables (`[[overrides]]`)"))?;
        let mut overrides = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let path = format!("{key}[{index}]");
            let table = self.table(item, &path)?;
            let mut globs = None;
            let mut rules = RuleLevels::default();
            for (name, value) in table {
                let field = join_key(&path, name);
                match name.as_str() {
                    "paths" => globs = Some(self.globs(value, &field)?),
                    "select" => rules.select = Some(self.selectors(value, &field)?),
                    "extend-select" => rules.extend_select = self.selectors(value, &field)?,
                    "ignore" => rules.ignore = self.selectors(value, &field)?,
                    "levels" => rules.levels = self.levels(value, &field)?,
                    _ => return Err(self.unknown_key(&path, name, OVERRIDE_KEYS)),
                }
            }
            let globs = globs.ok_or_else(|| self.error(&path, "missing `paths`"))?;
            overrides.push(PathOverride { globs, rules });
        }
        Ok(overrides)
    }

    fn globs(&self, value: &Value, key: &str) -> Result<GlobSet, ConfigError> {
        let mut builder = GlobSetBuilder::new();
        for pattern in self.strings(value, key, "globs")? {
            compile(pattern).map_err(|error| {
                self.error(key, format!("invalid glob `{pattern}`: {}", error.kind()))
            })?;
            for rewritten in self.base.rewrite(pattern) {
                // The user's glob compiled, and rewriting only adds escaped literals and
                // whole `**` components, so this cannot fail; stay total all the same.
                let glob = compile(&rewritten).map_err(|error| {
                    self.error(key, format!("invalid glob `{pattern}`: {}", error.kind()))
                })?;
                builder.add(glob);
            }
        }
        builder
            .build()
            .map_err(|error| self.error(key, format!("invalid globs: {}", error.kind())))
    }
}

fn compile(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

/// The rule ids the selectors pick out.
fn expand(selectors: &[Selector]) -> HashSet<&'static str> {
    registry()
        .iter()
        .map(|rule| rule.meta())
        .filter(|meta| selectors.iter().any(|s| s.matches(meta)))
        .map(|meta| meta.id)
        .collect()
}

/// Where the config's directory is relative to the current directory.
#[derive(Debug)]
enum Relation {
    /// The config is in the current directory.
    Same,
    /// The config is in this `/`-separated subdirectory of the current directory.
    Below(String),
    /// The current directory is this subdirectory (as components) of the config's directory.
    Above(Vec<String>),
    /// Neither: only absolute displayed paths can match.
    Unrelated,
}

/// Rewrites config globs (relative to the config's directory) into globs over displayed paths.
#[derive(Debug)]
struct GlobBase {
    /// The config directory, `/`-separated and glob-escaped.
    absolute: String,
    relation: Relation,
}

fn slash_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.trim_end_matches('/').to_string()
}

impl GlobBase {
    fn new(config_dir: &Path, cwd: &Path) -> GlobBase {
        let relation = if config_dir == cwd {
            Relation::Same
        } else if let Ok(below) = config_dir.strip_prefix(cwd) {
            Relation::Below(globset::escape(&slash_path(below)))
        } else if let Ok(above) = cwd.strip_prefix(config_dir) {
            Relation::Above(
                above
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect(),
            )
        } else {
            Relation::Unrelated
        };
        GlobBase {
            absolute: globset::escape(&slash_path(config_dir)),
            relation,
        }
    }

    /// The globs over displayed paths equivalent to `pattern` in the config's directory.
    fn rewrite(&self, pattern: &str) -> Vec<String> {
        let mut anchored = pattern.strip_prefix("./").unwrap_or(pattern);
        let explicit_anchor = anchored.starts_with('/');
        anchored = anchored.trim_start_matches('/').trim_end_matches('/');
        let base = if !explicit_anchor && !anchored.contains('/') {
            format!("**/{anchored}")
        } else {
            anchored.to_string()
        };
        let mut variants = vec![base.clone()];
        if !base.ends_with("**") {
            variants.push(format!("{base}/**"));
        }
        let mut out = Vec::new();
        for variant in variants {
            match &self.relation {
                Relation::Same => out.push(variant.clone()),
                Relation::Below(prefix) => out.push(format!("{prefix}/{variant}")),
                Relation::Above(components) => out.extend(strip_components(&variant, components)),
                Relation::Unrelated => {}
            }
            out.push(format!("{}/{variant}", self.absolute));
        }
        out
    }
}

/// The globs equivalent to `pattern` as seen from the subdirectory `components` of its
/// base; none when it cannot match anything there.
fn strip_components(pattern: &str, components: &[String]) -> Vec<String> {
    let Some((component, below)) = components.split_first() else {
        return vec![pattern.to_string()];
    };
    let (first, tail) = pattern.split_once('/').unwrap_or((pattern, ""));
    if first == "**" {
        if tail.is_empty() {
            return vec![pattern.to_string()];
        }
        // `**` spans all of `components` (and maybe more), or the rest starts inside them.
        let mut out = vec![pattern.to_string()];
        for start in 0..components.len() {
            out.extend(strip_components(tail, &components[start..]));
        }
        out.sort();
        out.dedup();
        return out;
    }
    let matches = !first.contains("**")
        && compile(first).is_ok_and(|glob| glob.compile_matcher().is_match(component));
    if !matches || tail.is_empty() {
        return Vec::new();
    }
    strip_components(tail, below)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Level;

    fn parse(text: &str) -> Result<Settings, ConfigError> {
        let cx = Cx {
            file: "backlint.toml",
            base: GlobBase::new(Path::new("/p"), Path::new("/p")),
        };
        cx.settings(&parse_toml(text, "backlint.toml")?, "")
    }

    fn error(text: &str) -> String {
        parse(text).expect_err("config should be rejected").0
    }

    fn meta(id: &str) -> &'static RuleMeta {
        rules::find(id).unwrap().meta()
    }

    #[test]
    fn empty_config_is_the_defaults() {
        let settings = parse("").unwrap();
        assert!(settings.rules.select.is_none());
        assert_eq!(settings.fail_on, FailOn::Level(Level::Warning));
        assert_eq!(settings.limits, Limits::default());
        assert!(settings.exclude.is_none());
    }

    #[test]
    fn reads_select_extend_select_and_ignore() {
        let settings = parse(
            r#"select = ["errors", "print-in-server"]
extend-select = ["all"]
ignore = ["discarded-result"]"#,
        )
        .unwrap();
        assert_eq!(
            settings.rules.select,
            Some(vec![
                Selector::Category(Category::Errors),
                Selector::Rule("print-in-server")
            ])
        );
        assert_eq!(settings.rules.extend_select, vec![Selector::All]);
        assert_eq!(
            settings.rules.ignore,
            vec![Selector::Rule("discarded-result")]
        );
        assert_eq!(settings.rules.level(meta("discarded-result")), None);
    }

    #[test]
    fn reads_levels_with_aliases() {
        let settings =
            parse("[levels]\nprint-in-server = \"error\"\nswallowed-error = \"allow\"").unwrap();
        assert_eq!(
            settings.rules.level(meta("print-in-server")),
            Some(Level::Error)
        );
        assert_eq!(settings.rules.level(meta("swallowed-error")), None);
    }

    #[test]
    fn reads_fail_on_and_scalars() {
        let settings = parse(
            r#"fail-on = "never"
jobs = 3
require-suppression-reason = true
unsuppressible = ["operations"]"#,
        )
        .unwrap();
        assert_eq!(settings.fail_on, FailOn::Never);
        assert_eq!(settings.jobs, Some(3));
        assert!(settings.require_suppression_reason);
        assert!(settings.unsuppressible.contains("print-in-server"));
        assert!(!settings.unsuppressible.contains("swallowed-error"));
    }

    #[test]
    fn reads_limits() {
        let settings = parse("[limits]\nmax-file-size = 1000\nmax-nesting-depth = 64").unwrap();
        assert_eq!(
            settings.limits,
            Limits {
                max_file_size: 1000,
                max_nesting_depth: 64
            }
        );
    }

    #[test]
    fn reads_exclude() {
        let settings = parse("exclude = [\"generated/**\", \"vendor\", \"*.pb.rs\"]").unwrap();
        let exclude = settings.exclude.unwrap();
        assert!(exclude.is_match("generated/a/b.rs"));
        assert!(exclude.is_match("vendor/x/lib.rs"));
        assert!(exclude.is_match("src/api.pb.rs"));
        assert!(!exclude.is_match("src/main.rs"));
    }

    #[test]
    fn reads_overrides() {
        let settings = parse(
            r#"[[overrides]]
paths = ["src/bin/**", "main.rs"]
ignore = ["print-in-server"]
levels = { unwrap-in-request-path = "off" }

[[overrides]]
paths = ["tools"]
select = ["errors"]
extend-select = ["operations"]"#,
        )
        .unwrap();
        assert_eq!(settings.overrides.len(), 2);
        let print = meta("print-in-server");
        let unwrap = meta("unwrap-in-request-path");
        assert_eq!(settings.level_for(print, "src/bin/tool.rs"), None);
        assert_eq!(settings.level_for(unwrap, "src/bin/tool.rs"), None);
        assert_eq!(settings.level_for(print, "src/main.rs"), None);
        assert_eq!(
            settings.level_for(print, "src/lib.rs"),
            Some(Level::Warning)
        );
        assert_eq!(
            settings.level_for(print, "tools/gen/x.rs"),
            Some(Level::Warning)
        );
        assert_eq!(
            settings.overrides[1].rules.select,
            Some(vec![Selector::Category(Category::Errors)])
        );
    }

    #[test]
    fn rejects_unknown_top_level_key_with_suggestion() {
        assert_eq!(
            error("fail_on = \"error\""),
            "backlint.toml: unknown key `fail_on`; did you mean `fail-on`?"
        );
        assert_eq!(
            error("model = {}"),
            "backlint.toml: unknown key `model`; did you mean `models`?"
        );
    }

    #[test]
    fn rejects_unknown_rule_ids_with_suggestion() {
        assert_eq!(
            error("[levels]\nunwrap-in-handler = \"off\""),
            "backlint.toml: levels: unknown rule `unwrap-in-handler`; did you mean `unwrap-in-request-path`?"
        );
        assert_eq!(
            error("select = [\"secruity\"]"),
            "backlint.toml: select: unknown rule or category `secruity`; did you mean `security`?"
        );
        assert!(error("ignore = [\"print-in-servr\"]").contains("did you mean `print-in-server`?"));
        assert!(error("extend-select = [\"nope-nope-nope\"]").starts_with(
            "backlint.toml: extend-select: unknown rule or category `nope-nope-nope`"
        ));
        assert!(error("unsuppressible = [\"swallowed-errors\"]").contains("`swallowed-error`"));
        assert_eq!(
            error("[levels]\nsecurity = \"off\""),
            "backlint.toml: levels: `security` is a category; levels are set per rule id"
        );
    }

    #[test]
    fn rejects_wrong_types() {
        assert_eq!(
            error("fail-on = 3"),
            "backlint.toml: fail-on: expected one of error, warning, note, never"
        );
        assert_eq!(
            error("fail-on = \"warn\""),
            "backlint.toml: fail-on: expected one of error, warning, note, never"
        );
        assert_eq!(
            error("select = \"errors\""),
            "backlint.toml: select: expected a list of rule ids or categories"
        );
        assert_eq!(
            error("[levels]\nprint-in-server = \"loud\""),
            "backlint.toml: levels.print-in-server: expected one of error, warning, note, off"
        );
        assert_eq!(
            error("levels = 1"),
            "backlint.toml: levels: expected a table"
        );
        assert_eq!(
            error("jobs = 0"),
            "backlint.toml: jobs: expected a positive integer"
        );
        assert_eq!(
            error("jobs = \"4\""),
            "backlint.toml: jobs: expected a positive integer"
        );
        assert_eq!(
            error("require-suppression-reason = \"yes\""),
            "backlint.toml: require-suppression-reason: expected `true` or `false`"
        );
        assert_eq!(
            error("exclude = [1]"),
            "backlint.toml: exclude: expected a list of globs"
        );
        assert_eq!(
            error("overrides = 1"),
            "backlint.toml: overrides: expected an array of tables (`[[overrides]]`)"
        );
    }

    #[test]
    fn reads_models() {
        let settings = parse(
            r#"
            [models]
            sources = ["crate::http::raw_body"]
            extractors = ["ValidatedJson"]
            blocking = ["crate::storage::read_blob", ".fsync_all"]
            [models.sinks]
            sql = ["platform_db::raw", ".execute_raw#1"]
            [models.sanitizers]
            html = ["crate::web::escape"]
            all = ["crate::validate::slug"]
            "#,
        )
        .unwrap();
        let models = settings.models;
        assert_eq!(models.source_functions, ["crate::http::raw_body"]);
        assert_eq!(models.source_extractors, ["ValidatedJson"]);
        assert_eq!(models.blocking, ["crate::storage::read_blob", ".fsync_all"]);
        assert_eq!(
            models.sinks,
            [(
                SinkKind::Sql,
                vec!["platform_db::raw".to_string(), ".execute_raw#1".to_string()]
            )]
        );
        assert_eq!(models.sanitizers.len(), 2);
        assert!(models
            .sanitizers
            .contains(&(vec![SinkKind::Html], vec!["crate::web::escape".to_string()])));
        assert!(models.sanitizers.contains(&(
            SinkKind::STRING_KINDS.to_vec(),
            vec!["crate::validate::slug".to_string()]
        )));
    }

    #[test]
    fn reads_additions_to_model_files() {
        let settings = parse(
            r#"
            [models.secrets.names]
            words = ["hush"]
            [[models.security.insecure-call]]
            rule = "tls-verification-disabled"
            calls = [".trust_any_certificate"]
            when = "true"
            what = "accepts any certificate"
            fix = "remove it"
            "#,
        )
        .unwrap();
        let files = &settings.models.files;
        assert_eq!(files.keys().collect::<Vec<_>>(), ["secrets", "security"]);
        let models = overlaid(files).expect("the additions fit");
        assert!(models.secrets.names.words.iter().any(|word| word == "hush"));
        assert!(
            models
                .secrets
                .names
                .words
                .iter()
                .any(|word| word == "password"),
            "the embedded words stay"
        );
        assert!(models
            .security
            .calls
            .iter()
            .any(|call| call.method_arg("trust_any_certificate").is_some()));
        assert!(settings.models.extends_no_taint_model());
    }

    #[test]
    fn rejects_bad_models() {
        assert_eq!(
            error("[models.sinks]\nsqll = [\"x::y\"]"),
            "backlint.toml: models.sinks: unknown sink kind `sqll`; did you mean `sql`?"
        );
        assert_eq!(
            error("[models.sinks]\nsql = [\"db raw\"]"),
            "backlint.toml: models.sinks.sql: `db raw` is not a path like `crate::db::raw_query`, `Db::raw#1` or `.execute_raw`"
        );
        assert_eq!(
            error("[models.sinks]\nsql = [\"db::raw#x\"]"),
            "backlint.toml: models.sinks.sql: `db::raw#x` is not a path like `crate::db::raw_query`, `Db::raw#1` or `.execute_raw`"
        );
        assert_eq!(
            error("[models]\nsink = {}"),
            "backlint.toml: models: unknown key `sink`; did you mean `sinks`?"
        );
    }

    #[test]
    fn rejects_bad_limits() {
        assert_eq!(
            error("[limits]\nmax-size = 1"),
            "backlint.toml: limits: unknown key `max-size`; did you mean `max-file-size`?"
        );
        assert_eq!(
            error("[limits]\nmax-nesting-depth = -1"),
            "backlint.toml: limits.max-nesting-depth: expected a positive integer"
        );
        assert_eq!(
            error("[limits]\nmax-nesting-depth = 5000000000"),
            "backlint.toml: limits.max-nesting-depth: expected a positive integer"
        );
    }

    #[test]
    fn rejects_invalid_globs() {
        assert_eq!(
            error("exclude = [\"src/[\"]"),
            "backlint.toml: exclude: invalid glob `src/[`: unclosed character class; missing ']'"
        );
        assert!(error("[[overrides]]\npaths = [\"{a\"]")
            .starts_with("backlint.toml: overrides[0].paths: invalid glob `{a`:"));
    }

    #[test]
    fn rejects_bad_overrides() {
        assert_eq!(
            error("[[overrides]]\nignore = [\"errors\"]"),
            "backlint.toml: overrides[0]: missing `paths`"
        );
        assert_eq!(
            error("[[overrides]]\npaths = [\"x\"]\npath = [\"y\"]"),
            "backlint.toml: overrides[0]: unknown key `path`; did you mean `paths`?"
        );
        assert_eq!(
            error("[[overrides]]\npaths = [\"x\"]\nlevels = { unwrap-in-handler = \"off\" }"),
            "backlint.toml: overrides[0].levels: unknown rule `unwrap-in-handler`; did you mean `unwrap-in-request-path`?"
        );
    }

    #[test]
    fn rule_options_name_an_existing_rule() {
        assert_eq!(
            error("[rules.print-in-servr]\nx = 1"),
            "backlint.toml: rules: unknown rule `print-in-servr`; did you mean `print-in-server`?"
        );
        assert_eq!(
            error("[rules.print-in-server]\nmax = 1"),
            "backlint.toml: rules.print-in-server: unknown option `max`; `print-in-server` has no options"
        );
        assert_eq!(
            error("[rules]\nprint-in-server = 1"),
            "backlint.toml: rules.print-in-server: expected a table"
        );
    }

    const FAT_HANDLER: &str = r#"+++
id = "fat-handler"
category = "architecture"
level = "off"
summary = "s"
precision = "medium"
[options.max-statements]
type = "integer"
default = 30
description = "d"
+++
# fat-handler
"#;

    fn check_options(text: &str) -> Result<(), ConfigError> {
        let rule = RuleMeta::parse("fat-handler", FAT_HANDLER).unwrap();
        let cx = Cx {
            file: "backlint.toml",
            base: GlobBase::new(Path::new("/p"), Path::new("/p")),
        };
        cx.check_options(&rule, &parse_toml(text, "t")?, "rules.fat-handler")
    }

    #[test]
    fn checks_option_names_and_types() {
        check_options("max-statements = 40").unwrap();
        assert_eq!(
            check_options("max-stmts = 40").unwrap_err().0,
            "backlint.toml: rules.fat-handler: unknown option `max-stmts`; did you mean `max-statements`?"
        );
        assert_eq!(
            check_options("max-statements = \"40\"").unwrap_err().0,
            "backlint.toml: rules.fat-handler.max-statements: expected an integer"
        );
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let message = error("select = [\n\"a\",\n oops");
        assert!(message.starts_with("backlint.toml:3:"), "{message}");
        assert!(!message.contains('\n'));
    }

    #[test]
    fn suggestions_only_for_close_names() {
        assert_eq!(
            did_you_mean("fial-on", TOP_KEYS.iter().copied()),
            "; did you mean `fail-on`?"
        );
        assert_eq!(did_you_mean("zzz", TOP_KEYS.iter().copied()), "");
    }

    #[test]
    fn selectors_from_the_command_line() {
        assert_eq!(parse_selector("all"), Ok(Selector::All));
        assert_eq!(
            parse_selector("meta"),
            Ok(Selector::Category(Category::Meta))
        );
        assert_eq!(
            parse_selector("swallowed-error"),
            Ok(Selector::Rule("swallowed-error"))
        );
        assert_eq!(
            parse_selector("swalowed-error"),
            Err(
                "unknown rule or category `swalowed-error`; did you mean `swallowed-error`?".into()
            )
        );
    }

    fn rewrite(config_dir: &str, cwd: &str, pattern: &str) -> GlobSet {
        let base = GlobBase::new(Path::new(config_dir), Path::new(cwd));
        let mut builder = GlobSetBuilder::new();
        for glob in base.rewrite(pattern) {
            builder.add(compile(&glob).unwrap());
        }
        builder.build().unwrap()
    }

    #[test]
    fn globs_in_the_current_directory() {
        let set = rewrite("/p", "/p", "src/bin/**");
        assert!(set.is_match("src/bin/a.rs"));
        assert!(set.is_match("src/bin/x/a.rs"));
        assert!(!set.is_match("x/src/bin/a.rs"));
        assert!(set.is_match("/p/src/bin/a.rs"));
        let set = rewrite("/p", "/p", "src/*.rs");
        assert!(set.is_match("src/a.rs"));
        assert!(!set.is_match("src/x/a.rs"));
        let set = rewrite("/p", "/p", "/build.rs");
        assert!(set.is_match("build.rs"));
        assert!(!set.is_match("x/build.rs"));
        let set = rewrite("/p", "/p", "build.rs");
        assert!(set.is_match("build.rs"));
        assert!(set.is_match("x/build.rs"));
        let set = rewrite("/p", "/p", "./generated/");
        assert!(set.is_match("generated/a.rs"));
        assert!(!set.is_match("src/generated.rs"));
    }

    #[test]
    fn globs_of_a_config_below_the_current_directory() {
        let set = rewrite("/p/crates/api", "/p", "src/bin/**");
        assert!(set.is_match("crates/api/src/bin/a.rs"));
        assert!(!set.is_match("src/bin/a.rs"));
        let set = rewrite("/p/crates/api", "/p", "main.rs");
        assert!(set.is_match("crates/api/src/main.rs"));
        assert!(!set.is_match("crates/web/src/main.rs"));
        let set = rewrite("/p/we[ird]", "/p", "a.rs");
        assert!(set.is_match("we[ird]/a.rs"));
    }

    #[test]
    fn globs_of_a_config_above_the_current_directory() {
        let set = rewrite("/p", "/p/src", "src/bin/**");
        assert!(set.is_match("bin/a.rs"));
        assert!(!set.is_match("src/bin/a.rs"));
        let set = rewrite("/p", "/p/crates/api", "crates/*/src/**");
        assert!(set.is_match("src/lib.rs"));
        let set = rewrite("/p", "/p/crates/api", "**/main.rs");
        assert!(set.is_match("src/main.rs"));
        let set = rewrite("/p", "/p/src", "tools/**");
        assert!(!set.is_match("tools/a.rs"));
        assert!(set.is_match("/p/tools/a.rs"));
        let set = rewrite("/p", "/p/src", "src");
        assert!(set.is_match("main.rs"));
        assert!(set.is_match("x/src/a.rs"));
        let set = rewrite("/p", "/p/a/b", "**/b/*.rs");
        assert!(set.is_match("main.rs"));
        assert!(set.is_match("x/b/main.rs"));
        assert!(!set.is_match("x/main.rs"));
    }

    #[test]
    fn globs_of_an_unrelated_config_match_absolute_paths() {
        let set = rewrite("/elsewhere", "/p", "src/**");
        assert!(!set.is_match("src/a.rs"));
        assert!(set.is_match("/elsewhere/src/a.rs"));
    }

    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        dir
    }

    fn found(root: &Path, start: &str) -> Option<(PathBuf, Settings)> {
        let root = fs::canonicalize(root).unwrap();
        load(None, &root.join(start), &root).unwrap().map(|loaded| {
            (
                loaded.path.strip_prefix(&root).unwrap().to_path_buf(),
                loaded.settings,
            )
        })
    }

    #[test]
    fn discovery_prefers_the_nearest_dedicated_file() {
        let dir = project(&[
            ("backlint.toml", "jobs = 1"),
            (".backlint.toml", "jobs = 2"),
            ("Cargo.toml", "[package.metadata.backlint]\njobs = 3"),
            ("sub/.backlint.toml", "jobs = 4"),
            ("sub/deeper/x.rs", ""),
        ]);
        let (path, settings) = found(dir.path(), "").unwrap();
        assert_eq!(path, Path::new("backlint.toml"));
        assert_eq!(settings.jobs, Some(1));
        let (path, _) = found(dir.path(), "sub/deeper").unwrap();
        assert_eq!(path, Path::new("sub/.backlint.toml"));
    }

    #[test]
    fn discovery_reads_package_then_workspace_metadata() {
        let dir = project(&[
            (
                "Cargo.toml",
                r#"[workspace]
members = ["a", "b"]
[workspace.metadata.backlint]
jobs = 1
[package.metadata.backlint]
jobs = 9"#,
            ),
            (
                "a/Cargo.toml",
                "[package]\nname = \"a\"\n[package.metadata.backlint]\njobs = 2",
            ),
            ("b/Cargo.toml", "[package]\nname = \"b\""),
            ("c/Cargo.toml", "this is not toml and not about us"),
        ]);
        assert_eq!(found(dir.path(), "a").unwrap().1.jobs, Some(2));
        assert_eq!(found(dir.path(), "b").unwrap().1.jobs, Some(1));
        assert_eq!(found(dir.path(), "c").unwrap().1.jobs, Some(1));
        assert_eq!(found(dir.path(), "").unwrap().1.jobs, Some(9));
    }

    #[test]
    fn discovery_stops_at_the_repository_root() {
        let outer = project(&[("backlint.toml", "jobs = 1")]);
        let inner = outer.path().join("repo");
        fs::create_dir_all(inner.join(".git")).unwrap();
        assert!(found(&inner, "").is_none());
    }

    #[test]
    fn metadata_errors_name_the_table() {
        let dir = project(&[("Cargo.toml", "[package.metadata.backlint]\nfail_on = \"x\"")]);
        let root = fs::canonicalize(dir.path()).unwrap();
        let error = load(None, &root, &root).unwrap_err().0;
        assert_eq!(
            error,
            "Cargo.toml: package.metadata.backlint: unknown key `fail_on`; did you mean `fail-on`?"
        );
        let dir = project(&[("Cargo.toml", "[package.metadata]\nbacklint = 1")]);
        let root = fs::canonicalize(dir.path()).unwrap();
        let error = load(None, &root, &root).unwrap_err().0;
        assert_eq!(
            error,
            "Cargo.toml: package.metadata.backlint: expected a table"
        );
    }

    #[test]
    fn explicit_config_files() {
        let dir = project(&[
            ("conf/lint.toml", "jobs = 5"),
            ("Cargo.toml", "[workspace.metadata.backlint]\njobs = 6"),
            ("plain/Cargo.toml", "[package]\nname = \"backlint-free\""),
        ]);
        let root = fs::canonicalize(dir.path()).unwrap();
        let loaded = load(Some(Path::new("conf/lint.toml")), &root, &root)
            .unwrap()
            .unwrap();
        assert_eq!(loaded.settings.jobs, Some(5));
        let loaded = load(Some(Path::new("Cargo.toml")), &root, &root)
            .unwrap()
            .unwrap();
        assert_eq!(loaded.settings.jobs, Some(6));
        assert_eq!(
            load(Some(Path::new("missing.toml")), &root, &root)
                .unwrap_err()
                .0,
            "cannot read config `missing.toml`: No such file or directory"
        );
        assert_eq!(
            load(Some(Path::new("plain/Cargo.toml")), &root, &root).unwrap_err().0,
            "plain/Cargo.toml: has no [package.metadata.backlint] or [workspace.metadata.backlint] table"
        );
    }

    #[test]
    fn explicit_config_globs_are_relative_to_its_directory() {
        let dir = project(&[("conf/lint.toml", "exclude = [\"gen/**\"]")]);
        let root = fs::canonicalize(dir.path()).unwrap();
        let loaded = load(Some(Path::new("conf/../conf/lint.toml")), &root, &root)
            .unwrap()
            .unwrap();
        let exclude = loaded.settings.exclude.unwrap();
        assert!(exclude.is_match("conf/gen/a.rs"));
        assert!(!exclude.is_match("gen/a.rs"));
    }
}
