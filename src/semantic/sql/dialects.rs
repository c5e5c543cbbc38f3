//! Which SQL dialects a crate's queries are written in, from its manifest: the database drivers
//! it depends on and the driver features it enables (`sqlx` with `postgres`, `diesel` with
//! `sqlite`, `rusqlite`; `[[sql.dialects]]` of `rules/models/performance.toml`), with features
//! inherited from `[workspace.dependencies]`; for a crate whose manifest names none, the
//! driver modules a file imports.

use serde::Deserialize;
use sqlparser::dialect::{Dialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};

use crate::semantic::models::models;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SqlDialect {
    Postgres,
    MySql,
    Sqlite,
    /// The parser's permissive dialect, for crates whose driver is not known.
    Generic,
}

impl SqlDialect {
    pub fn parser(self) -> Box<dyn Dialect> {
        match self {
            SqlDialect::Postgres => Box::new(PostgreSqlDialect {}),
            SqlDialect::MySql => Box::new(MySqlDialect {}),
            SqlDialect::Sqlite => Box::new(SQLiteDialect {}),
            SqlDialect::Generic => Box::new(GenericDialect {}),
        }
    }
}

/// The dialects of the drivers a manifest names, in the models' order, each once. A feature
/// counts when a dependency enables it or any of the crate's own features does
/// (`postgresql = ["diesel/postgres"]`): the crate's SQL is written for every backend it can
/// be built with.
pub fn crate_dialects(
    dependency_tables: &[&toml::Table],
    manifest: &toml::Table,
    workspace: Option<&toml::Table>,
) -> Vec<SqlDialect> {
    let mut enabled: Vec<(String, String)> = Vec::new();
    let mut packages: Vec<String> = Vec::new();
    let inherited = workspace
        .and_then(|w| w.get("workspace"))
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table());
    for deps in dependency_tables {
        for (name, spec) in deps.iter() {
            let package = spec
                .get("package")
                .and_then(|p| p.as_str())
                .unwrap_or(name)
                .to_string();
            let mut features = string_array(spec.get("features"));
            if spec.get("workspace").and_then(|w| w.as_bool()) == Some(true) {
                if let Some(root_spec) = inherited.and_then(|d| d.get(name)) {
                    features.extend(string_array(root_spec.get("features")));
                }
            }
            enabled.extend(features.into_iter().map(|f| (package.clone(), f)));
            packages.push(package);
        }
    }
    let own_features = manifest.get("features").and_then(|f| f.as_table());
    for entries in own_features.into_iter().flat_map(|table| table.values()) {
        for entry in string_array(Some(entries)) {
            if let Some((dependency, feature)) = entry.split_once('/') {
                enabled.push((
                    dependency.trim_end_matches('?').to_string(),
                    feature.to_string(),
                ));
            }
        }
    }
    let mut dialects = Vec::new();
    for driver in &models().performance.sql.dialects {
        let by_crate = packages.iter().any(|p| driver.crates.contains(p));
        let by_feature = enabled.iter().any(|(dependency, feature)| {
            driver
                .features
                .iter()
                .any(|wanted| wanted.split_once('/') == Some((dependency, feature)))
        });
        if (by_crate || by_feature) && !dialects.contains(&driver.dialect) {
            dialects.push(driver.dialect);
        }
    }
    dialects
}

/// The dialects a file's imports speak (`use sqlx::sqlite::SqlitePool`, `use tokio_postgres`),
/// for a crate whose manifest names no driver (features unified from another member).
pub fn imported_dialects(imports: &crate::semantic::imports::Imports) -> Vec<SqlDialect> {
    let mut dialects = Vec::new();
    for driver in &models().performance.sql.dialects {
        let imported = imports
            .imported_items()
            .chain(imports.globs().iter().map(Vec::as_slice))
            .any(|path| {
                driver.imports.iter().any(|prefix| {
                    let prefix: Vec<&str> = prefix.split("::").collect();
                    path.len() >= prefix.len() && path.iter().zip(&prefix).all(|(a, b)| a == b)
                })
            });
        if imported && !dialects.contains(&driver.dialect) {
            dialects.push(driver.dialect);
        }
    }
    dialects
}

fn string_array(value: Option<&toml::Value>) -> Vec<String> {
    value
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialects_of(manifest: &str, workspace: Option<&str>) -> Vec<SqlDialect> {
        let manifest: toml::Table = toml::from_str(manifest).unwrap();
        let workspace: Option<toml::Table> = workspace.map(|w| toml::from_str(w).unwrap());
        let deps = manifest
            .get("dependencies")
            .and_then(|d| d.as_table())
            .into_iter()
            .collect::<Vec<_>>();
        crate_dialects(&deps, &manifest, workspace.as_ref())
    }

    #[test]
    fn drivers_and_their_features_name_the_dialects() {
        assert_eq!(
            dialects_of(
                "[dependencies]\nsqlx = { version = \"0.8\", features = [\"postgres\", \"runtime-tokio\"] }",
                None
            ),
            [SqlDialect::Postgres]
        );
        assert_eq!(
            dialects_of("[dependencies]\nrusqlite = \"0.31\"", None),
            [SqlDialect::Sqlite]
        );
        assert_eq!(
            dialects_of(
                "[dependencies]\ndiesel = \"2\"\n[features]\nmysql = [\"diesel/mysql\"]\nsqlite = [\"diesel/sqlite\"]",
                None
            ),
            [SqlDialect::MySql, SqlDialect::Sqlite]
        );
        assert_eq!(
            dialects_of(
                "[dependencies]\nsqlx = { workspace = true }",
                Some("[workspace.dependencies]\nsqlx = { version = \"0.8\", features = [\"sqlite\"] }")
            ),
            [SqlDialect::Sqlite]
        );
        assert_eq!(dialects_of("[dependencies]\nserde = \"1\"", None), []);
    }
}
