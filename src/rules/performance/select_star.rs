//! `select-star`: see `rules/select-star.md`.

use crate::rules::prelude::*;
use crate::semantic::models::models;
use crate::semantic::sql::{self, in_migration_module, shape::star_select, SqlDialect, SqlText};
use crate::semantic::syntax::macro_name;
use crate::semantic::FileKind;

declare_rule!(SelectStar, "select-star");

const HELP: &str = "name the columns the code reads: the query then fetches only those, and a column added to the table (a large blob, a secret) neither travels with every row nor changes what positional reads and `INSERT .. SELECT` see";

impl Rule for SelectStar {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr, NodeKind::Macro]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        if cx.file.kind != FileKind::Service || cx.in_non_production_code() {
            return;
        }
        let text = match node {
            Node::Expr(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(lit),
                ..
            })) => SqlText {
                text: lit.value(),
                span: lit.span(),
            },
            Node::Macro(mac) => match macro_text(mac, cx) {
                Some(text) => text,
                None => return,
            },
            _ => return,
        };
        if !text.text.contains('*') {
            return;
        }
        let Some(table) = cx.file.parse_sql(&text.text).and_then(|statements| {
            star_select(&statements, &models().performance.sql.system_catalogs)
        }) else {
            return;
        };
        if in_migration_module(cx.file) {
            return;
        }
        let at = cx.span_of(text.span);
        let remote_database = cx
            .file
            .sql_dialects
            .iter()
            .any(|dialect| matches!(dialect, SqlDialect::Postgres | SqlDialect::MySql));
        let finding = cx
            .report(
                at,
                format!(
                    "`SELECT *` reads every column of {}",
                    sql::table_label(&table)
                ),
            )
            .label("the columns are whatever the table has today")
            .help(HELP);
        // Columns fetched and not read cost a network transfer from a database server; an
        // SQLite file (a command-line tool's history, a desktop app's store) or a driver the
        // crate does not name is a backend concern only in a server.
        if remote_database {
            finding.emit();
        } else {
            finding.emit_if(Condition::ServerCrate);
        }
    }
}

/// The SQL text of a macro the literal visitor does not see whole: a `format!` template, a
/// `concat!` (unless one of the parts it is visited as already holds the statement), or the
/// statement of an `sqlx::query!`-family macro.
fn macro_text(mac: &syn::Macro, cx: &RuleCx<'_>) -> Option<SqlText> {
    let name = macro_name(mac);
    if models().performance.queries.macros.contains(&name) {
        return sql::query_macro_text(mac);
    }
    if name == "concat" {
        // The parts after the first are visited as literals of their own.
        let parts = sql::string_literals(mac);
        let a_part_selects_star = parts.iter().skip(1).any(|part| {
            cx.file.parse_sql(&part.value()).is_some_and(|statements| {
                star_select(&statements, &models().performance.sql.system_catalogs).is_some()
            })
        });
        if a_part_selects_star {
            return None;
        }
    }
    sql::macro_text(mac)
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::assert_counts;

    const RULE: &str = "select-star";

    /// Checks each case as a file of a crate that talks to PostgreSQL (by its import).
    fn assert_counts_postgres(cases: &[(usize, &str)]) {
        let cases: Vec<(usize, String)> = cases
            .iter()
            .map(|(n, code)| (*n, format!("use sqlx::PgPool;\n{code}")))
            .collect();
        let cases: Vec<(usize, &str)> = cases.iter().map(|(n, c)| (*n, c.as_str())).collect();
        assert_counts(RULE, &cases);
    }

    #[test]
    fn a_tables_star_in_sql_text_fires() {
        assert_counts_postgres(&[
            (
                1,
                r#"async fn f(pool: &sqlx::PgPool) { let _ = sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1").fetch_one(pool).await; }"#,
            ),
            (
                1,
                r#"const USERS: &str = "select u.* from users u join orgs o on o.id = u.org_id";"#,
            ),
            (
                1,
                r#"async fn f(pool: &sqlx::PgPool, id: i64) { let _ = sqlx::query_as!(User, "SELECT * FROM users WHERE id = $1", id).fetch_one(pool).await; }"#,
            ),
            (
                1,
                r#"fn q(table: &str) -> String { format!("SELECT * FROM {table} WHERE id = $1") }"#,
            ),
            (
                1,
                r#"const Q: &str = concat!("SELECT * ", "FROM users ", "WHERE id = $1");"#,
            ),
            (
                1,
                "const Q: &str = r\"\n    SELECT *\n    FROM orders\n    WHERE id = $1\";",
            ),
            (
                1,
                r#"const ARCHIVE: &str = "INSERT INTO archive SELECT * FROM orders WHERE closed";"#,
            ),
        ]);
    }

    #[test]
    fn named_columns_counts_subqueries_and_non_sql_stay_silent() {
        assert_counts_postgres(&[
            (
                0,
                r#"const Q: &str = "SELECT id, name FROM users WHERE id = $1";"#,
            ),
            (0, r#"const Q: &str = "SELECT count(*) FROM users";"#),
            (
                0,
                r#"const Q: &str = "SELECT id FROM users u WHERE NOT EXISTS (SELECT * FROM bans b WHERE b.user_id = u.id)";"#,
            ),
            (
                0,
                r#"const Q: &str = "WITH recent AS (SELECT id, title FROM posts LIMIT 10) SELECT * FROM recent";"#,
            ),
            (
                0,
                r#"const Q: &str = "SELECT * FROM (SELECT id, title FROM posts) p";"#,
            ),
            (
                0,
                r#"const Q: &str = "SELECT * FROM generate_series(1, 10)";"#,
            ),
            (
                0,
                r#"const Q: &str = "INSERT INTO t (a) VALUES ($1) RETURNING *";"#,
            ),
            (0, r#"const HELP: &str = "select * to mark every row";"#),
            (0, r#"const Q: &str = "SELECT * FROM";"#),
            (
                0,
                r#"#[cfg(test)] mod tests { const Q: &str = "SELECT * FROM users"; }"#,
            ),
        ]);
    }

    #[test]
    fn an_sqlite_file_is_checked_in_a_server_only() {
        let star = r#"use sqlx::SqlitePool; async fn load(pool: &SqlitePool) { let _ = sqlx::query("SELECT * FROM history WHERE id = ?1").fetch_one(pool).await; }"#;
        assert_counts(RULE, &[(0, star)]);
        crate::engine::testing::assert_counts_routed(
            RULE,
            &[(1, &format!("{star} pub async fn f() {{}}"))],
        );
    }
}
