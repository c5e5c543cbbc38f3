//! Fulfilment: totals and shipping labels for batches of orders.

use futures::future::try_join_all;
use futures::{stream, StreamExt, TryStreamExt};
use sqlx::PgPool;

/// Order states the nightly report counts, in display order.
const REPORTED_STATES: [&str; 3] = ["pending", "paid", "shipped"];

pub async fn totals_one_by_one(pool: &PgPool, ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    let mut totals = Vec::with_capacity(ids.len());
    for id in ids {
        let total: i64 = sqlx::query_scalar("SELECT total_cents FROM orders WHERE id = $1") // expect: query-in-loop
            .bind(id)
            .fetch_one(pool)
            .await?;
        totals.push(total);
    }
    Ok(totals)
}

pub async fn totals_concurrently(pool: &PgPool, ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    let lookups = ids.iter().map(|id| async move {
        sqlx::query_scalar::<_, i64>("SELECT total_cents FROM orders WHERE id = $1") // expect: query-in-loop
            .bind(id)
            .fetch_one(pool)
            .await
    });
    try_join_all(lookups).await
}

pub async fn mark_shipped(pool: &PgPool, ids: Vec<i64>) -> Result<(), sqlx::Error> {
    stream::iter(ids)
        .map(|id| async move {
            sqlx::query!("UPDATE orders SET status = 'shipped' WHERE id = $1", id) // expect: query-in-loop
                .execute(pool)
                .await
        })
        .buffer_unordered(8)
        .try_collect::<Vec<_>>()
        .await?;
    Ok(())
}

pub async fn customer_names(pool: &PgPool) -> Result<Vec<String>, sqlx::Error> {
    let mut names = Vec::new();
    let mut rows = sqlx::query_scalar::<_, i64>("SELECT customer_id FROM orders WHERE status = 'paid'")
        .fetch(pool);
    while let Some(customer_id) = rows.try_next().await? {
        names.push(customer_name(pool, customer_id).await?); // expect: query-in-loop
    }
    Ok(names)
}

async fn customer_name(pool: &PgPool, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM customers WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
}

/// The batched form: one round trip whatever the number of ids.
pub async fn totals(pool: &PgPool, ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT total_cents FROM orders WHERE id = ANY($1)")
        .bind(ids)
        .fetch_all(pool)
        .await
}

/// Chunked batches: one query per 500 ids.
pub async fn archive(pool: &PgPool, ids: &[i64]) -> Result<u64, sqlx::Error> {
    let mut archived = 0;
    for chunk in ids.chunks(500) {
        let done = sqlx::query("UPDATE orders SET archived = true WHERE id = ANY($1)")
            .bind(chunk)
            .execute(pool)
            .await?;
        archived += done.rows_affected();
    }
    Ok(archived)
}

/// A retry loop sends the same query again, not one per item.
pub async fn wait_for_database(pool: &PgPool) -> Result<(), sqlx::Error> {
    let mut last = None;
    for _attempt in 0..3 {
        match sqlx::query("SELECT 1").execute(pool).await {
            Ok(_) => return Ok(()),
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    Err(last.unwrap_or(sqlx::Error::PoolTimedOut))
}

/// A keyset walk: each page is one query for many rows.
pub async fn all_ids(pool: &PgPool) -> Result<Vec<i64>, sqlx::Error> {
    let mut ids = Vec::new();
    let mut after = 0_i64;
    loop {
        let page: Vec<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE id > $1 ORDER BY id LIMIT 1000")
            .bind(after)
            .fetch_all(pool)
            .await?;
        match page.last() {
            Some(last) => after = *last,
            None => return Ok(ids),
        }
        ids.extend(page);
    }
}

/// A fixed list of states, not data: three queries whatever the size of the table.
pub async fn state_counts(pool: &PgPool) -> Result<Vec<i64>, sqlx::Error> {
    let mut counts = Vec::new();
    for state in REPORTED_STATES {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM orders WHERE status = $1")
            .bind(state)
            .fetch_one(pool)
            .await?;
        counts.push(count);
    }
    Ok(counts)
}

/// Per-item work that sends no query.
pub fn label_lines(ids: &[i64]) -> Vec<String> {
    ids.iter().map(|id| format!("order #{id}")).collect()
}
