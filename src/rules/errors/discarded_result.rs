//! `discarded-result`: see `rules/discarded-result.md`.

use crate::rules::prelude::*;
use crate::semantic::models::models;
use crate::semantic::syntax::{
    call_arity, call_name, chain_root, literal_text, mentions, path_ends_with, peel,
};

declare_rule!(DiscardedResult, "discarded-result");

impl Rule for DiscardedResult {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Local, NodeKind::Stmt]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        // `Drop::drop` has no caller to return an error to.
        if !cx.scope.is_production() || cx.scope.in_drop() {
            return;
        }
        let (discarded, how) = match node {
            // `let _ = call();`, `let _: RedisResult<()> = call();`
            Node::Local(local) => match (discarding_pattern(&local.pat), &local.init) {
                (true, Some(init)) if init.diverge.is_none() => (&*init.expr, "`let _ =`"),
                _ => return,
            },
            // `_ = call();` and `call().ok();`
            Node::Stmt(syn::Stmt::Expr(expr, Some(_))) => match expr {
                syn::Expr::Assign(assign) if matches!(&*assign.left, syn::Expr::Infer(_)) => {
                    (&*assign.right, "`_ =`")
                }
                syn::Expr::MethodCall(call) if call.method == "ok" && call.args.is_empty() => {
                    (&*call.receiver, "`.ok()`")
                }
                _ => return,
            },
            _ => return,
        };
        // `let _ = x?;` handles the error; only a call's own `Result` is discarded.
        if matches!(discarded, syn::Expr::Try(_)) {
            return;
        }
        let call = peel(discarded);
        let Some(name) = call_name(call) else {
            return;
        };
        // The comment right above giving the reason is the team's documented decision.
        if writes_to_terminal(call)
            || writes_to_memory(call, cx)
            || queues_on_builder(call, cx)
            || records_returned_error(discarded, cx)
            || drops_if_exists(call, cx)
            || explained_above(cx, node)
        {
            return;
        }
        let at = cx.span(discarded);
        let message = format!("the `Result` of `{name}` is discarded with {how}");
        let help = "handle it with `?`, or log the error where failure is acceptable";
        match models().fallible_call(&name, call_arity(call)) {
            Some(true) => cx
                .report(at, message)
                .label("an error here goes unnoticed")
                .help(help)
                .emit(),
            Some(false) => cx
                .report(at, message)
                .label("an error here goes unnoticed")
                .help(help)
                .emit_if(Condition::ServerCrate),
            None => {
                if let Some(callee) = cx.file.call_ref(call, cx.scope) {
                    cx.report(at, message)
                        .label("this crate function returns `Result`")
                        .help(help)
                        .emit_if(Condition::All(vec![
                            Condition::ServerCrate,
                            Condition::CalleeFailsUnlogged(callee),
                        ]));
                }
            }
        }
    }
}

/// `_`, or `_: T` (`let _: RedisResult<()> = conn.del(key).await;`).
fn discarding_pattern(pat: &syn::Pat) -> bool {
    match pat {
        syn::Pat::Wild(_) => true,
        syn::Pat::Type(typed) => matches!(&*typed.pat, syn::Pat::Wild(_)),
        _ => false,
    }
}

/// `pipe.xadd(..)` on a builder (`let mut pipe = redis::pipe();`): the method queues a command
/// and hands the builder back; the `Result` comes later, from the call that runs it.
fn queues_on_builder(call: &syn::Expr, cx: &RuleCx<'_>) -> bool {
    let syn::Expr::MethodCall(method) = call else {
        return false;
    };
    let builders = &models().builders;
    if builders.runs.contains(&method.method.to_string()) {
        return false;
    }
    let root_constructs = match chain_root(&method.receiver) {
        syn::Expr::Call(root) => match peel(&root.func) {
            syn::Expr::Path(func) => builders
                .constructed_by(&cx.file.resolve(&func.path))
                .is_some(),
            _ => false,
        },
        _ => false,
    };
    root_constructs
        || cx
            .taint()
            .receiver_type(&method.receiver)
            .is_some_and(|ty| builders.types.contains(&ty))
}

/// Inside `if let Err(e) = .. { .. return Err(e); }`, a write that records `e` (a `last_error`
/// column): the original error is handed on, and `?` on the record would replace it.
fn records_returned_error(discarded: &syn::Expr, cx: &RuleCx<'_>) -> bool {
    cx.scope
        .returned_errors
        .iter()
        .any(|error| mentions(discarded, error))
}

/// `sql_query("DROP TABLE IF EXISTS tmp").execute(conn)`: cleanup that has nothing to undo
/// when it fails, like the `remove_file` of a temporary file. The SQL is the first argument of
/// the chain's root call: a literal, `format!` of one, or a local bound to either.
fn drops_if_exists(call: &syn::Expr, cx: &RuleCx<'_>) -> bool {
    let syn::Expr::Call(root) = chain_root(call) else {
        return false;
    };
    let Some(sql) = root.args.first() else {
        return false;
    };
    let text = literal_text(sql).or_else(|| {
        let local = match peel(sql) {
            syn::Expr::Reference(reference) => peel(&reference.expr),
            other => other,
        };
        match local {
            syn::Expr::Path(path) => path
                .path
                .get_ident()
                .and_then(|ident| cx.scope.text_of(&ident.to_string()))
                .map(str::to_string),
            _ => None,
        }
    });
    text.is_some_and(|sql| {
        let words: Vec<String> = sql
            .split_whitespace()
            .take(5)
            .map(str::to_ascii_uppercase)
            .collect();
        words.first().is_some_and(|w| w == "DROP")
            && words.windows(2).any(|pair| pair == ["IF", "EXISTS"])
    })
}

/// Whether the `//` comment lines right above the statement give the reason for discarding
/// (`// For security, errors are not returned.`, see [`crate::semantic::models::Models::explains_discard`]).
/// Doc comments and suppressions are not such comments.
fn explained_above(cx: &RuleCx<'_>, node: Node<'_>) -> bool {
    let span = match node {
        Node::Local(local) => cx.span(local),
        Node::Stmt(stmt) => cx.span(stmt),
        _ => return false,
    };
    let mut comment = String::new();
    let mut line = span.start.line;
    while line > 1 {
        line -= 1;
        let text = cx.file.source.line(line).trim_start();
        let Some(body) = text.strip_prefix("//") else {
            break;
        };
        if body.starts_with('/') || body.starts_with('!') || body.contains("backlint-allow") {
            break;
        }
        comment.push_str(body);
        comment.push(' ');
    }
    models().explains_discard(&comment)
}

/// Writes into an in-memory buffer (`out.write_all(..)` with `out: Vec<u8>`, a `String`,
/// `BytesMut` or `Cursor`, also through `buf.writer()`): they cannot fail for want of a device.
fn writes_to_memory(call: &syn::Expr, cx: &RuleCx<'_>) -> bool {
    let syn::Expr::MethodCall(method) = call else {
        return false;
    };
    let writes = matches!(
        method.method.to_string().as_str(),
        "write" | "write_all" | "write_str" | "write_char" | "write_fmt" | "flush"
    );
    if !writes {
        return false;
    }
    // The chain's root decides: `buf.writer().write_all(..)` with `buf: BytesMut`.
    cx.taint()
        .receiver_type(&method.receiver)
        .is_some_and(|ty| matches!(ty.as_str(), "Vec" | "String" | "BytesMut" | "Cursor"))
}

/// `io::stdout().write_all(..)`, `std::io::stderr().lock().flush()`: there is nowhere left to
/// report a failure to write to the terminal.
fn writes_to_terminal(call: &syn::Expr) -> bool {
    let syn::Expr::MethodCall(method) = call else {
        return false;
    };
    match chain_root(&method.receiver) {
        syn::Expr::Call(root) if root.args.is_empty() => matches!(
            peel(&root.func),
            syn::Expr::Path(path) if path_ends_with(&path.path, "stdout") || path_ends_with(&path.path, "stderr")
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::count_findings;

    /// How many times the rule fires on `items` in a server crate (the file imports axum).
    fn fired(items: &str) -> usize {
        count_findings(
            "discarded-result",
            &format!("use axum::Router;\n\n{items}\n"),
        )
    }

    fn assert_counts(cases: &[(usize, &str)]) {
        for (expected, items) in cases {
            assert_eq!(fired(items), *expected, "{items}");
        }
    }

    #[test]
    fn recording_an_error_that_is_then_returned_is_bookkeeping() {
        assert_counts(&[
            (
                0,
                r#"async fn apply(pool: &sqlx::PgPool, stmt: &str) -> Result<(), sqlx::Error> {
                    if let Err(e) = sqlx::query(stmt).execute(pool).await {
                        let _ = sqlx::query("UPDATE migrations SET last_error = $1").bind(e.to_string()).execute(pool).await;
                        return Err(e);
                    }
                    Ok(())
                }"#,
            ),
            (
                0,
                r#"async fn apply(pool: &sqlx::PgPool, stmt: &str) -> Result<(), String> {
                    match sqlx::query(stmt).execute(pool).await {
                        Ok(_) => Ok(()),
                        Err(e) => {
                            let _ = sqlx::query("UPDATE migrations SET last_error = $1").bind(e.to_string()).execute(pool).await;
                            Err(e.to_string())
                        }
                    }
                }"#,
            ),
            // The same write on the success path.
            (
                1,
                r#"async fn finish(pool: &sqlx::PgPool) -> Result<(), sqlx::Error> {
                    let _ = sqlx::query("UPDATE migrations SET success = TRUE").execute(pool).await;
                    Ok(())
                }"#,
            ),
            // The error is recorded but not handed on: nothing else reports it.
            (
                1,
                r#"async fn apply(pool: &sqlx::PgPool, stmt: &str) {
                    if let Err(e) = sqlx::query(stmt).execute(pool).await {
                        let _ = sqlx::query("UPDATE migrations SET last_error = $1").bind(e.to_string()).execute(pool).await;
                    }
                }"#,
            ),
            // Cleanup on the error path that records nothing of the error.
            (
                1,
                r#"async fn insert(mut tx: sqlx::Transaction<'_, sqlx::Postgres>, stmt: &str) -> Result<(), sqlx::Error> {
                    if let Err(e) = sqlx::query(stmt).execute(&mut *tx).await {
                        let _ = tx.rollback().await;
                        return Err(e);
                    }
                    tx.commit().await
                }"#,
            ),
        ]);
    }

    #[test]
    fn a_crate_function_that_logs_every_error_it_returns_loses_nothing_when_discarded() {
        let delete = |second_exit: &str| {
            format!(
                r#"async fn delete_task(conn: &mut redis::aio::ConnectionManager, id: &str) -> Result<(), AppError> {{
    let _: () = conn.xdel("tasks", &[id]).await.map_err(|e| {{
        tracing::error!("failed to delete task {{id}}: {{e:?}}");
        AppError::Internal(e.into())
    }})?;
    {second_exit}
    Ok(())
}}
async fn process_and_ack(conn: &mut redis::aio::ConnectionManager, id: &str) {{
    delete_task(conn, id).await.ok();
}}"#
            )
        };
        assert_counts(&[
            (0, &delete("")),
            (
                0,
                &delete(
                    r#"if id.is_empty() { tracing::warn!("empty task id"); return Err(AppError::Empty); }"#,
                ),
            ),
            // One exit that does not log: the discard hides it.
            (
                1,
                &delete("if id.is_empty() { return Err(AppError::Empty); }"),
            ),
            (1, &delete("audit(conn, id).await?;")),
        ]);
    }

    #[test]
    fn builder_methods_queue_and_the_run_is_checked() {
        assert_counts(&[
            (
                0,
                r#"async fn requeue(conn: &mut redis::aio::MultiplexedConnection, keys: Vec<String>) -> redis::RedisResult<()> {
                    let mut pipe = redis::pipe();
                    for key in keys {
                        let _ = pipe.xadd("queue", "*", &[("key", key)]);
                    }
                    let _: () = pipe.query_async(conn).await?;
                    Ok(())
                }"#,
            ),
            (0, r#"fn queue() { let _ = redis::pipe().del("k"); }"#),
            // On a connection, the command runs and its `Result` is dropped.
            (
                1,
                r#"async fn push(conn: &mut redis::aio::MultiplexedConnection) { let _ = conn.xadd("queue", "*", &[("k", "v")]).await; }"#,
            ),
            (
                1,
                r#"async fn forget(conn: &mut redis::aio::MultiplexedConnection, key: &str) { let _: redis::RedisResult<()> = conn.del(key).await; }"#,
            ),
            // Running the pipeline without looking at the result.
            (
                1,
                r#"async fn run(conn: &mut redis::aio::MultiplexedConnection) { let mut pipe = redis::pipe(); pipe.del("k"); let _ = pipe.query_async::<()>(conn).await; }"#,
            ),
        ]);
    }

    #[test]
    fn dropping_what_may_not_exist_is_cleanup() {
        assert_counts(&[
            (
                0,
                r#"async fn refresh(conn: &mut diesel_async::AsyncPgConnection, table: &str) {
                    let drop_temp = &format!("DROP TABLE IF EXISTS {table}");
                    diesel::sql_query(drop_temp).execute(conn).await.ok();
                }"#,
            ),
            (
                0,
                r#"async fn tidy(pool: &sqlx::PgPool) { sqlx::query("drop index if exists orders_tmp_idx").execute(pool).await.ok(); }"#,
            ),
            (
                1,
                r#"async fn tidy(pool: &sqlx::PgPool) { sqlx::query("DELETE FROM sessions WHERE expired").execute(pool).await.ok(); }"#,
            ),
            (
                1,
                r#"async fn tidy(pool: &sqlx::PgPool) { sqlx::query("DROP TABLE stats_tmp").execute(pool).await.ok(); }"#,
            ),
            (
                1,
                r#"async fn reset(conn: &mut diesel_async::AsyncPgConnection) {
                    let reset = format!("UPDATE community SET active = 0 WHERE id > {}", 3);
                    diesel::sql_query(&reset).execute(conn).await.ok();
                }"#,
            ),
        ]);
    }

    #[test]
    fn a_comment_that_gives_the_reason_documents_the_discard() {
        let reset = r#"async fn try_reset(email: &str) -> Result<(), String> { Ok(()) }"#;
        assert_counts(&[
            (
                0,
                &format!(
                    "{reset}\npub async fn reset(email: &str) {{\n    // For security, errors are not returned.\n    // https://example.com/issues/5277\n    let _ = try_reset(email).await;\n}}"
                ),
            ),
            (
                0,
                "async fn tidy(pool: &sqlx::PgPool) {\n    // Best effort: a failed cleanup is retried tomorrow.\n    sqlx::query(\"DELETE FROM sessions\").execute(pool).await.ok();\n}",
            ),
            // A comment about something else.
            (
                1,
                &format!(
                    "{reset}\npub async fn reset(email: &str) {{\n    // Reset the password\n    let _ = try_reset(email).await;\n}}"
                ),
            ),
            // The reason is not right above the discard.
            (
                1,
                &format!(
                    "{reset}\npub async fn reset(email: &str) {{\n    // Errors are not returned.\n    let n = email.len();\n    let _ = try_reset(email).await;\n}}"
                ),
            ),
        ]);
    }

    #[test]
    fn an_error_of_unit_type_carries_nothing_to_report() {
        assert_counts(&[
            (
                0,
                r#"async fn build_index() -> Result<(), ()> { Ok(()) } async fn load() { let _ = build_index().await; }"#,
            ),
            (
                1,
                r#"async fn build_index() -> Result<(), String> { Ok(()) } async fn load() { let _ = build_index().await; }"#,
            ),
        ]);
    }
}
