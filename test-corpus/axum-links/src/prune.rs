//! Deleting links nobody follows any more.

/// `links prune`: the operator reads the count on the terminal.
pub async fn run(pool: &sqlx::PgPool, days: u32) {
    match sqlx::query("DELETE FROM links WHERE last_hit < now() - make_interval(days => $1)")
        .bind(days as i32)
        .execute(pool)
        .await
    {
        Ok(done) => println!("pruned {} links", done.rows_affected()),
        Err(e) => eprintln!("prune failed: {e}"),
    }
    report_stats(pool).await;
}

/// Also called when the server starts: its output is the server's.
pub async fn report_stats(pool: &sqlx::PgPool) {
    match sqlx::query_scalar::<_, i64>("SELECT count(*) FROM links").fetch_one(pool).await {
        Ok(count) => println!("{count} links stored"), // expect: print-in-server
        Err(e) => tracing::warn!(error = %e, "cannot count links"),
    }
}
