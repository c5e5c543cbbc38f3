//! What a crate's calls into the other member crates of its workspace reach, for the
//! conditions that judge a call by its callee's body: a synchronous function that blocks
//! (`Condition::CalleeBlocks`, `blocking-in-async`) and a function that makes a database round
//! trip (`Condition::CalleeQueries`, `query-in-loop`). A member crate's `store::load(..)` is
//! resolved in the crate whose library is `store`.

use std::collections::HashSet;

use super::CrateIndex;

/// The paths of a crate's calls into other member crates, by what their callee does.
#[derive(Debug, Default)]
pub struct WorkspaceCallees {
    pub blocking: HashSet<String>,
    pub querying: HashSet<String>,
}

impl CrateIndex<'_> {
    /// Records, for each crate of a workspace (with its library name), which of its calls into
    /// the other crates block or query.
    pub fn link_callees(crates: &[(&CrateIndex<'_>, Option<&str>)]) {
        let by_name = crates
            .iter()
            .enumerate()
            .filter_map(|(at, (_, name))| Some(((*name)?, at)))
            .collect();
        for (at, (index, _)) in crates.iter().enumerate() {
            let mut callees = WorkspaceCallees::default();
            for (path, targets) in index.external_calls(at, &by_name, crates) {
                let fact = |&(other, (file, function)): &(usize, super::FnRef)| {
                    &crates[other].0.files[file].functions[function]
                };
                if targets
                    .iter()
                    .any(|target| fact(target).blocking_call.is_some())
                {
                    callees.blocking.insert(path.to_string());
                }
                if targets.iter().any(|target| fact(target).makes_query) {
                    callees.querying.insert(path.to_string());
                }
            }
            // Set once: a crate linked twice keeps its first facts.
            let _ = index.workspace_callees.set(callees);
        }
    }

    /// Whether a call by path reaches another member crate's function whose body blocks.
    pub(super) fn blocks_in_workspace(&self, path: &str) -> bool {
        self.workspace_callees
            .get()
            .is_some_and(|callees| callees.blocking.contains(path))
    }

    /// Whether a call by path reaches another member crate's function that queries.
    pub(super) fn queries_in_workspace(&self, path: &str) -> bool {
        self.workspace_callees
            .get()
            .is_some_and(|callees| callees.querying.contains(path))
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::report_on;
    use crate::settings::Settings;

    const STORE: &str = r#"
pub fn load_template() -> String { std::fs::read_to_string("t.html").unwrap_or_default() }
pub fn title() -> String { String::from("orders") }
pub async fn find(pool: &sqlx::PgPool, id: i64) -> Option<String> {
    sqlx::query_scalar("SELECT name FROM users WHERE id = $1").bind(id).fetch_optional(pool).await.ok().flatten()
}
pub fn label(id: i64) -> String { format!("user {id}") }
"#;

    const API: &str = r#"
use axum::{extract::State, routing::get, Router};
async fn page() -> String { store::load_template() + &store::title() }
async fn names(State(pool): State<sqlx::PgPool>, ids: Vec<i64>) -> String {
    let mut out = String::new();
    for id in &ids { out += &store::find(&pool, *id).await.unwrap_or_default(); out += &store::label(*id); }
    out
}
pub fn app() -> Router<sqlx::PgPool> { Router::new().route("/", get(page)).route("/n", get(names)) }
"#;

    #[test]
    fn calls_into_another_member_crate_are_judged_by_its_functions() {
        let report = report_on(
            &[
                ("Cargo.toml", "[workspace]\nmembers = [\"api\", \"store\"]\n"),
                ("api/Cargo.toml", "[package]\nname = \"api\"\nversion = \"0.1.0\"\n[dependencies]\naxum = \"0.8\"\nstore = { path = \"../store\" }\n"),
                ("api/src/lib.rs", API),
                ("store/Cargo.toml", "[package]\nname = \"store\"\nversion = \"0.1.0\"\n[dependencies]\nsqlx = \"0.8\"\n"),
                ("store/src/lib.rs", STORE),
            ],
            &Settings::default(),
        );
        let found: Vec<(&str, &str)> = report
            .active()
            .filter(|d| d.rule == "blocking-in-async" || d.rule == "query-in-loop")
            .map(|d| (d.rule, d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].1.contains("store::load_template"), "{found:?}");
        assert!(found[1].1.contains("store::find"), "{found:?}");
    }
}
