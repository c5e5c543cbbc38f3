//! `unbounded-query`: see `rules/unbounded-query.md`.

use crate::rules::prelude::*;
use crate::semantic::table_reads::whole_table_read;
use crate::semantic::FileKind;

declare_rule!(UnboundedQuery, "unbounded-query");

const HELP: &str = "page the list (`LIMIT $1 OFFSET $2`, or keyset: `WHERE id > $1 ORDER BY id LIMIT $2`; diesel and sea-orm `.limit(..)`, `.paginate(..)`) or cap it with a `LIMIT`: a table only grows, and every row read here is held in memory and serialised per request";

impl Rule for UnboundedQuery {
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
        let Some(function) = cx.scope.function else {
            return;
        };
        if cx.file.kind != FileKind::Service || cx.in_non_production_code() || cx.scope.runs_once()
        {
            return;
        }
        let Some(read) = whole_table_read(expr, cx.scope.is_awaited(expr), cx.file, cx.scope)
        else {
            return;
        };
        let at = cx.call_span(read.start);
        let run = cx.span(read.run);
        cx.report(
            at,
            format!(
                "`{}` reads every row of {} on the request path: the query has no `LIMIT` or pagination",
                read.run, read.table
            ),
        )
        .label("no LIMIT, no page, no filter on a column's value")
        .secondary(run, "every row collected here")
        .help(HELP)
        // A query of a member library crate is not judged: there, whole reads are mostly of
        // small configuration tables that callers need whole (see the rule's page).
        .emit_if(Condition::All(vec![
            Condition::ServerCrate,
            Condition::InRequestPath(function),
        ]));
    }
}

#[cfg(test)]
mod tests {
    //! Each case is checked as a file of an axum server whose handler is `f`.
    use crate::engine::testing::assert_counts_routed;

    const RULE: &str = "unbounded-query";

    #[test]
    fn a_whole_table_read_on_the_request_path_fires() {
        assert_counts_routed(
            RULE,
            &[
                (
                    1,
                    r#"pub async fn f(pool: sqlx::PgPool) -> String { let _ = sqlx::query_as::<_, Post>("SELECT id, title FROM posts ORDER BY id DESC").fetch_all(&pool).await; String::new() }"#,
                ),
                (
                    1,
                    r#"pub async fn f(pool: sqlx::PgPool) -> String { let _ = sqlx::query!("SELECT id FROM posts WHERE published").fetch_all(&pool).await; String::new() }"#,
                ),
                (
                    1,
                    r#"const ALL: &str = "SELECT id FROM users WHERE name ILIKE $1"; async fn search(pool: &sqlx::PgPool, q: &str) { let _ = sqlx::query(ALL).bind(q).fetch_all(pool).await; } pub async fn f(pool: sqlx::PgPool) -> String { search(&pool, "a").await; String::new() }"#,
                ),
                (
                    1,
                    r#"pub async fn f(conn: &mut PgConnection) -> String { let _ = posts::table.order(posts::id.desc()).load::<Post>(conn); String::new() }"#,
                ),
                (
                    1,
                    r#"pub async fn f(db: sea_orm::DatabaseConnection) -> String { let _ = Post::find().all(&db).await; String::new() }"#,
                ),
                (
                    1,
                    r#"pub async fn f(client: tokio_postgres::Client) -> String { let _ = client.query("SELECT id FROM events", &[]).await; String::new() }"#,
                ),
            ],
        );
    }

    #[test]
    fn paged_keyed_aggregated_and_startup_reads_stay_silent() {
        assert_counts_routed(
            RULE,
            &[
                (
                    0,
                    r#"pub async fn f(pool: sqlx::PgPool) -> String { let _ = sqlx::query("SELECT id FROM posts ORDER BY id LIMIT $1 OFFSET $2").fetch_all(&pool).await; String::new() }"#,
                ),
                (
                    0,
                    r#"pub async fn f(pool: sqlx::PgPool, id: i64) -> String { let _ = sqlx::query("SELECT id FROM comments WHERE post_id = $1").bind(id).fetch_all(&pool).await; String::new() }"#,
                ),
                (
                    0,
                    r#"pub async fn f(pool: sqlx::PgPool) -> String { let _ = sqlx::query("SELECT status, count(*) FROM posts GROUP BY status").fetch_all(&pool).await; String::new() }"#,
                ),
                (
                    0,
                    r#"pub async fn f(pool: sqlx::PgPool, id: i64) -> String { let _ = sqlx::query("SELECT id FROM posts WHERE id = $1").fetch_one(&pool).await; String::new() }"#,
                ),
                (
                    0,
                    r#"pub async fn f(conn: &mut PgConnection, user: i64) -> String { let _ = posts::table.filter(posts::author.eq(user)).load::<Post>(conn); String::new() }"#,
                ),
                (
                    0,
                    r#"pub async fn f(conn: &mut PgConnection) -> String { let _ = posts::table.limit(20).load::<Post>(conn); String::new() }"#,
                ),
                (
                    0,
                    r#"pub async fn f(db: sea_orm::DatabaseConnection, id: i32) -> String { let _ = Post::find().filter(post::Column::AuthorId.eq(id)).all(&db).await; String::new() }"#,
                ),
                (
                    0,
                    r#"pub async fn f(pool: sqlx::PgPool, sql: String) -> String { let _ = sqlx::query(&sql).fetch_all(&pool).await; String::new() }"#,
                ),
                // Startup and code no handler reaches.
                (
                    0,
                    r#"pub async fn f() -> String { String::new() } #[tokio::main] async fn main() { let pool = sqlx::PgPool::connect("").await.unwrap(); let _ = sqlx::query("SELECT key, value FROM settings").fetch_all(&pool).await; }"#,
                ),
                (
                    0,
                    r#"pub async fn f() -> String { String::new() } pub async fn export(pool: sqlx::PgPool) { let _ = sqlx::query("SELECT id FROM posts").fetch_all(&pool).await; }"#,
                ),
            ],
        );
    }
}
