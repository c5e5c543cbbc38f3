//! The resolved settings of one run: config file and command line merged. The engine reads
//! only this; `config` builds it from files, `cli` from flags.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use globset::GlobSet;

use crate::diagnostic::{Level, Severity};
use crate::rules::meta::{Category, RuleMeta};
use crate::semantic::models::ModelExtensions;

/// Picks rules by id or by category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    All,
    Category(Category),
    Rule(&'static str),
}

impl Selector {
    pub fn matches(&self, rule: &RuleMeta) -> bool {
        match self {
            Selector::All => true,
            Selector::Category(category) => rule.category == *category,
            Selector::Rule(id) => rule.id == *id,
        }
    }
}

/// Which rules run and at what level. Later entries win: defaults, then `select` (enable at
/// default level, or warning for rules that are off by default), then `ignore`, then explicit
/// `levels`.
#[derive(Clone, Debug, Default)]
pub struct RuleLevels {
    /// When set, only rules matching one of these are enabled.
    pub select: Option<Vec<Selector>>,
    /// Enabled in addition to the defaults or `select`.
    pub extend_select: Vec<Selector>,
    pub ignore: Vec<Selector>,
    pub levels: BTreeMap<&'static str, Severity>,
}

impl RuleLevels {
    /// The level of a rule, or `None` when it is off.
    pub fn level(&self, rule: &RuleMeta) -> Option<Level> {
        if let Some(severity) = self.levels.get(rule.id) {
            return match severity {
                Severity::Off => None,
                Severity::On(level) => Some(*level),
            };
        }
        if self.ignore.iter().any(|s| s.matches(rule)) {
            return None;
        }
        let selected = match &self.select {
            Some(select) => select.iter().any(|s| s.matches(rule)),
            None => rule.default_level().is_some(),
        } || self.extend_select.iter().any(|s| s.matches(rule));
        if !selected {
            return None;
        }
        // Rules that are off by default run at warning level once selected.
        Some(rule.default_level().unwrap_or(Level::Warning))
    }

    /// Merges `other` over `self` (per-path overrides, command line over config).
    pub fn merged(&self, other: &RuleLevels) -> RuleLevels {
        let mut merged = self.clone();
        if other.select.is_some() {
            merged.select = other.select.clone();
        }
        merged
            .extend_select
            .extend(other.extend_select.iter().cloned());
        merged.ignore.extend(other.ignore.iter().cloned());
        // A later select re-enables what an earlier ignore or level turned off.
        if let Some(select) = &other.select {
            merged.ignore.retain(|s| !select.contains(s));
        }
        merged
            .levels
            .extend(other.levels.iter().map(|(k, v)| (*k, *v)));
        merged
    }
}

/// Rule levels for files matching globs (`[[overrides]]` in config).
#[derive(Clone, Debug)]
pub struct PathOverride {
    pub globs: GlobSet,
    pub rules: RuleLevels,
}

/// What exit code findings produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Level(Level),
    Never,
}

impl FailOn {
    pub fn parse(text: &str) -> Option<FailOn> {
        match text {
            "never" => Some(FailOn::Never),
            "note" => Some(FailOn::Level(Level::Note)),
            "warning" => Some(FailOn::Level(Level::Warning)),
            "error" => Some(FailOn::Level(Level::Error)),
            _ => None,
        }
    }

    pub fn fails(self, level: Level) -> bool {
        match self {
            FailOn::Level(threshold) => level >= threshold,
            FailOn::Never => false,
        }
    }
}

/// Limits that keep hostile input from taking the run down; files over them are reported as
/// skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes.
    pub max_file_size: u64,
    /// The estimated depth of a file's syntax tree: brackets, generics, closures and chains
    /// of operators all nest (`engine::nesting`). Real code stays below 200; the default
    /// leaves room for long builder chains (a router with thousands of routes) and stays an
    /// order of magnitude below what the worker stack can parse, walk and drop.
    pub max_nesting_depth: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 10 * 1024 * 1024,
            max_nesting_depth: 4096,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// The config file these settings came from (absolute); `None` for defaults and
    /// `--no-config`. Outside a git repository its directory is the project root
    /// (`paths::project_root`).
    pub config_file: Option<PathBuf>,
    pub rules: RuleLevels,
    pub overrides: Vec<PathOverride>,
    /// Rule options from config, checked against each rule's declared options.
    pub rule_options: BTreeMap<&'static str, toml::Table>,
    pub fail_on: FailOn,
    /// Worker threads; `None` = one per core.
    pub jobs: Option<usize>,
    pub limits: Limits,
    /// Paths discovery skips (explicit file arguments are still linted).
    pub exclude: Option<GlobSet>,
    /// Suppressions without a `: reason` suppress nothing and are reported.
    pub require_suppression_reason: bool,
    /// Rules that inline suppressions cannot silence.
    pub unsuppressible: HashSet<&'static str>,
    /// The project's own sources, sinks and sanitizers (`[models]`).
    pub models: ModelExtensions,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            config_file: None,
            rules: RuleLevels::default(),
            overrides: Vec::new(),
            rule_options: BTreeMap::new(),
            fail_on: FailOn::Level(Level::Warning),
            jobs: None,
            limits: Limits::default(),
            exclude: None,
            require_suppression_reason: false,
            unsuppressible: HashSet::new(),
            models: ModelExtensions::default(),
        }
    }
}

impl Settings {
    /// The level of `rule` for the file at `path` (as displayed), or `None` when off there.
    pub fn level_for(&self, rule: &RuleMeta, path: &str) -> Option<Level> {
        let mut rules = std::borrow::Cow::Borrowed(&self.rules);
        for over in &self.overrides {
            if over.globs.is_match(path) {
                rules = std::borrow::Cow::Owned(rules.merged(&over.rules));
            }
        }
        rules.level(rule)
    }

    /// Whether a rule may run anywhere (globally on, or on in some override).
    pub fn enabled_anywhere(&self, rule: &RuleMeta) -> bool {
        self.rules.level(rule).is_some()
            || self
                .overrides
                .iter()
                .any(|over| self.rules.merged(&over.rules).level(rule).is_some())
    }
}
