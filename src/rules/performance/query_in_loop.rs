//! `query-in-loop`: see `rules/query-in-loop.md`.

use crate::rules::prelude::*;
use crate::semantic::queries::{per_item_loop, per_item_work, stops_early, PerItem};
use crate::semantic::sql::in_migration_module;
use crate::semantic::syntax::callee_text;
use crate::semantic::FileKind;

declare_rule!(QueryInLoop, "query-in-loop");

const HELP: &str = "fetch or write them in one query: `WHERE id = ANY($1)` (PostgreSQL) or `IN (..)` built with `QueryBuilder::push_bind`/`push_values`, diesel `eq_any`/`insert_into(..).values(&rows)`, sea-orm `is_in`/`insert_many`; for Redis, `MGET` or a pipeline";

impl Rule for QueryInLoop {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Expr(expr) = node else {
            return;
        };
        if cx.file.kind != FileKind::Service || cx.in_non_production_code() || cx.scope.runs_once()
        {
            return;
        }
        let Some(per_item) = per_item_loop(expr, cx.file) else {
            return;
        };
        if in_migration_module(cx.file) {
            return;
        }
        if stops_early(&per_item, cx.scope.method_called_on(expr)) {
            return;
        }
        let header = loop_header(cx, expr);
        let work = per_item_work(&per_item, cx.file);
        for round_trip in work.round_trips {
            let at = cx.span(round_trip.expr);
            cx.report(
                at,
                "a database query runs once per item of a loop (N+1 queries)",
            )
            .label("one round trip per item")
            .secondary(header, "the loop")
            .help(HELP)
            .emit_if(Condition::All(per_item_conditions(
                Condition::ServerCrate,
                &round_trip,
            )));
        }
        for call in work.crate_calls {
            let Some(callee) = cx.file.call_ref(call.expr, cx.scope) else {
                continue;
            };
            let name = callee_text(call.expr).unwrap_or_default();
            let at = cx.span(call.expr);
            cx.report(
                at,
                format!("`{name}` queries the database once per item of a loop (N+1 queries)"),
            )
            .label("a function that makes a round trip, called per item")
            .secondary(header, "the loop")
            .help(HELP)
            .emit_if(Condition::All(per_item_conditions(
                Condition::All(vec![
                    Condition::ServerCrate,
                    Condition::CalleeQueries(callee),
                ]),
                &call,
            )));
        }
    }
}

/// A finding's conditions: `also`, and no enclosing block that ends with a call of a crate
/// macro that always returns (`err!(..)` after a clean-up: the block leaves the loop).
fn per_item_conditions(also: Condition, work: &PerItem<'_>) -> Vec<Condition> {
    let mut conditions = vec![also];
    conditions.extend(
        work.exit_macros
            .iter()
            .map(|name| Condition::Not(Box::new(Condition::MacroDiverges(name.clone())))),
    );
    conditions
}

/// Where a loop is named in the finding: `for x in xs`, `while let ..`, or the adapter call.
fn loop_header(cx: &RuleCx<'_>, expr: &syn::Expr) -> crate::diagnostic::Span {
    match expr {
        syn::Expr::ForLoop(for_loop) => cx.span(&for_loop.for_token).to(cx.span(&for_loop.expr)),
        syn::Expr::While(while_loop) => cx
            .span(&while_loop.while_token)
            .to(cx.span(&while_loop.cond)),
        other => cx.call_span(other),
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::assert_counts;

    const RULE: &str = "query-in-loop";

    fn service(body: &str) -> String {
        format!(
            "use axum::{{routing::get, Router, extract::State}};\nuse sqlx::PgPool;\n{body}\npub fn app() -> Router<PgPool> {{ Router::new().route(\"/\", get(handler)) }}\n"
        )
    }

    fn check(cases: &[(usize, String)]) {
        let cases: Vec<(usize, &str)> = cases.iter().map(|(n, code)| (*n, code.as_str())).collect();
        assert_counts(RULE, &cases);
    }

    #[test]
    fn a_query_per_item_fires() {
        check(&[
            // A clean-up before a macro that does not return runs per item.
            (
                1,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) -> Result<(), String> { for id in ids { if notify(id).is_err() { let _ = sqlx::query("DELETE FROM drafts WHERE id = $1").bind(id).execute(&pool).await; tracing::warn!("notifying failed"); } } Ok(()) }"#,
                ),
            ),
            (
                1,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) { for id in ids { let _ = sqlx::query("SELECT name FROM users WHERE id = $1").bind(id).fetch_one(&pool).await; } }"#,
                ),
            ),
            (
                1,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) { for id in &ids { sqlx::query!("DELETE FROM users WHERE id = $1", id).execute(&pool).await.ok(); } }"#,
                ),
            ),
            (
                1,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) { let users = futures::future::try_join_all(ids.iter().map(|id| sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1").bind(id).fetch_one(&pool))).await; }"#,
                ),
            ),
            (
                1,
                service(
                    r#"async fn handler(client: tokio_postgres::Client, ids: Vec<i32>) { for id in ids { let _ = client.query_one("SELECT 1 FROM t WHERE id = $1", &[&id]).await; } }"#,
                ),
            ),
            (
                1,
                service(
                    r#"async fn handler(mut conn: redis::aio::MultiplexedConnection, keys: Vec<String>) { for key in keys { let _: Option<String> = conn.get(&key).await.ok(); } }"#,
                ),
            ),
            (
                1,
                service(
                    r#"async fn handler(db: DatabaseConnection, posts: Vec<post::ActiveModel>) { for post in posts { post.insert(&db).await.ok(); } }"#,
                ),
            ),
            (
                1,
                service(
                    r#"async fn handler(db: DatabaseConnection, ids: Vec<i32>) { for id in ids { let _ = Post::find_by_id(id).one(&db).await; } }"#,
                ),
            ),
            (
                1,
                service(
                    r#"fn load(conn: &mut PgConnection, ids: &[i32]) -> Vec<User> { ids.iter().filter_map(|id| users::table.find(id).first(conn).ok()).collect() } async fn handler() {}"#,
                ),
            ),
            (
                1,
                service(
                    r#"async fn handler(State(pool): State<PgPool>) { let mut rows = sqlx::query("SELECT id FROM t").fetch(&pool); while let Some(row) = rows.try_next().await.unwrap() { let _ = sqlx::query("UPDATE t SET seen = true WHERE id = $1").bind(row.get::<i64, _>(0)).execute(&pool).await; } }"#,
                ),
            ),
        ]);
    }

    #[test]
    fn a_loop_that_gives_up_on_a_failure_still_queries_per_item() {
        check(&[
            (
                1,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) -> Result<(), String> { for id in ids { if sqlx::query("DELETE FROM t WHERE id = $1").bind(id).execute(&pool).await.is_err() { return Err("delete failed".into()); } } Ok(()) }"#,
                ),
            ),
            (
                1,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) -> Option<()> { for id in ids { let Ok(name) = sqlx::query_scalar::<_, String>("SELECT name FROM t WHERE id = $1").bind(id).fetch_one(&pool).await else { return None; }; tracing::info!(%name); } Some(()) }"#,
                ),
            ),
            (
                1,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) -> Result<(), String> { for id in ids { match sqlx::query("DELETE FROM t WHERE id = $1").bind(id).execute(&pool).await { Ok(_) => {} Err(e) => return Err(e.to_string()), } } Ok(()) }"#,
                ),
            ),
            // The exit on success ends a search.
            (
                0,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) -> Option<i64> { for id in ids { match sqlx::query_scalar::<_, i64>("SELECT id FROM t WHERE id = $1").bind(id).fetch_optional(&pool).await { Ok(Some(found)) => return Some(found), _ => {} } } None }"#,
                ),
            ),
        ]);
    }

    #[test]
    fn a_crate_function_that_queries_called_per_item_fires() {
        let find = r#"async fn find(pool: &PgPool, id: i64) -> Option<String> { sqlx::query_scalar("SELECT name FROM users WHERE id = $1").bind(id).fetch_optional(pool).await.ok().flatten() }"#;
        let format = r#"fn label(id: i64) -> String { format!("user {id}") }"#;
        check(&[
            (1, service(&format!("{find} async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) {{ for id in ids {{ let _ = find(&pool, id).await; }} }}"))),
            (1, service(&format!("struct Repo {{ pool: PgPool }} impl Repo {{ {find} async fn names(&self, ids: &[i64]) {{ for id in ids {{ let _ = Self::find(&self.pool, *id).await; }} }} }} async fn handler() {{}}"))),
            (0, service(&format!("{format} async fn handler(ids: Vec<i64>) -> Vec<String> {{ let mut out = Vec::new(); for id in ids {{ out.push(label(id)); }} out }}"))),
            (0, service(&format!("{find} async fn handler(State(pool): State<PgPool>, id: i64) {{ let _ = find(&pool, id).await; }}"))),
        ]);
    }

    #[test]
    fn batches_probes_fixed_lists_and_tasks_stay_silent() {
        check(&[
            // One query for all.
            (
                0,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) { let _ = sqlx::query("SELECT name FROM users WHERE id = ANY($1)").bind(&ids).fetch_all(&pool).await; }"#,
                ),
            ),
            // First-hit searches.
            (
                0,
                service(
                    r#"async fn handler(conn: &mut PgConnection, names: Vec<String>) -> bool { names.iter().filter_map(|name| users::table.filter(users::name.eq(name)).first::<User>(conn).ok()).any(|user| user.admin) }"#,
                ),
            ),
            (
                0,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, names: Vec<String>) -> Option<i64> { for name in names { if let Ok(id) = sqlx::query_scalar("SELECT id FROM users WHERE name = $1").bind(&name).fetch_one(&pool).await { return Some(id); } } None }"#,
                ),
            ),
            // A fixed list of tables, and schema statements.
            (
                0,
                service(
                    r#"async fn handler(State(pool): State<PgPool>) { for table in ["a", "b"] { let _ = sqlx::query(&format!("DELETE FROM {table}")).execute(&pool).await; } }"#,
                ),
            ),
            (
                0,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, names: Vec<String>) { for name in names { let _ = sqlx::query("CREATE TABLE IF NOT EXISTS t (id int)").execute(&pool).await; } }"#,
                ),
            ),
            // Statements run in turn.
            (
                0,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, statements: Vec<String>) { for statement in statements { let _ = sqlx::query(&statement).execute(&pool).await; } }"#,
                ),
            ),
            // A clean-up on the way out: it runs once, then the function returns.
            (
                0,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) -> Result<(), String> { for id in ids { if id < 0 { let _ = sqlx::query("DELETE FROM drafts").execute(&pool).await; return Err("negative".into()); } } Ok(()) }"#,
                ),
            ),
            (
                0,
                service(
                    r#"macro_rules! err { ($msg:expr) => {{ return Err($msg.to_string()); }}; } async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) -> Result<(), String> { for id in ids { if notify(id).is_err() { let _ = sqlx::query("DELETE FROM drafts").execute(&pool).await; err!("notifying failed"); } } Ok(()) }"#,
                ),
            ),
            // A retry or polling loop.
            (
                0,
                service(
                    r#"async fn handler(State(pool): State<PgPool>) { loop { if sqlx::query("SELECT 1").execute(&pool).await.is_ok() { break; } } }"#,
                ),
            ),
            // Each item's own task.
            (
                0,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, ids: Vec<i64>) { for id in ids { let pool = pool.clone(); tokio::spawn(async move { let _ = sqlx::query("DELETE FROM t WHERE id = $1").bind(id).execute(&pool).await; }); } }"#,
                ),
            ),
            // A cache, a map and an `Option`, not a database.
            (
                0,
                service(
                    r#"async fn handler(cache: moka::future::Cache<String, String>, keys: Vec<String>) { for key in keys { let _ = cache.get(&key).await; } }"#,
                ),
            ),
            (
                0,
                service(
                    r#"async fn handler(State(pool): State<PgPool>, id: Option<i64>) { let _ = id.map(|id| sqlx::query("SELECT 1 WHERE $1 = 1").bind(id)); }"#,
                ),
            ),
            // Tests.
            (
                0,
                service(
                    r#"async fn handler() {} #[cfg(test)] mod tests { async fn seed(pool: &sqlx::PgPool, ids: Vec<i64>) { for id in ids { let _ = sqlx::query("INSERT INTO t VALUES ($1)").bind(id).execute(pool).await; } } }"#,
                ),
            ),
        ]);
    }
}
