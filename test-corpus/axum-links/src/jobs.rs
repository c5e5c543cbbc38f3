//! The nightly job that rolls link hits up into daily counts.

/// Rolls yesterday's hits up; a failure is recorded on the job's row and returned.
pub async fn roll_up(pool: &sqlx::PgPool) -> Result<u64, sqlx::Error> {
    // The temporary table may be left over from a run that was killed.
    sqlx::query("DROP TABLE IF EXISTS hits_rollup").execute(pool).await.ok();
    let rolled = match sqlx::query("CREATE TEMP TABLE hits_rollup AS SELECT code, count(*) AS n FROM hits GROUP BY code")
        .execute(pool)
        .await
    {
        Ok(done) => done.rows_affected(),
        Err(e) => {
            let _ = sqlx::query("UPDATE jobs SET last_error = $1 WHERE name = 'roll_up'")
                .bind(e.to_string())
                .execute(pool)
                .await;
            return Err(e);
        }
    };
    if let Err(e) = sqlx::query("INSERT INTO daily_hits SELECT now()::date, code, n FROM hits_rollup").execute(pool).await {
        let _ = sqlx::query("UPDATE jobs SET last_error = $1 WHERE name = 'roll_up'").bind(e.to_string()).execute(pool).await;
        sqlx::query("DELETE FROM hits_rollup").execute(pool).await.ok(); // expect: discarded-result
        return Err(e);
    }
    let drop_rollup = format!("DROP TABLE IF EXISTS {}", "hits_rollup");
    sqlx::query(&drop_rollup).execute(pool).await.ok();
    let _ = sqlx::query("UPDATE jobs SET last_run = now() WHERE name = 'roll_up'").execute(pool).await; // expect: discarded-result
    Ok(rolled)
}

/// Clears the locks of runs that crashed; every failure is logged here, so the nightly run
/// can go on without it.
pub async fn clear_stale_locks(pool: &sqlx::PgPool) -> Result<u64, sqlx::Error> {
    let cleared = sqlx::query("DELETE FROM job_locks WHERE taken_at < now() - interval '1 day'")
        .execute(pool)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "clearing stale job locks failed");
            e
        })?;
    Ok(cleared.rows_affected())
}

/// The nightly run: the stale locks first (best effort, logged where it fails), then the
/// roll-up, whose failure only its row records.
pub async fn nightly(pool: &sqlx::PgPool) {
    clear_stale_locks(pool).await.ok();
    let _ = roll_up(pool).await; // expect: discarded-result
}
