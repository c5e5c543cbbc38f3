//! Data access for orders. Handlers call these; nothing here knows about HTTP.

use chrono::Utc;
use sqlx::PgPool;
use uuid::Uuid;

use crate::models::{NewItem, Order, OrderItem, OrderRow, OrderStatus};

const ORDER_COLUMNS: &str = "id, customer_id, status, total_cents, created_at";

pub async fn ping(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(pool).await?;
    Ok(())
}

pub async fn list_orders(
    pool: &PgPool,
    status: Option<OrderStatus>,
    limit: i64,
    offset: i64,
) -> Result<Vec<Order>, sqlx::Error> {
    let rows = sqlx::query_as::<_, OrderRow>(
        "SELECT id, customer_id, status, total_cents, created_at FROM orders \
         WHERE ($1::text IS NULL OR status = $1) \
         ORDER BY created_at DESC LIMIT $2 OFFSET $3",
    )
    .bind(status.map(status_name))
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(into_order).collect())
}

/// Full-text search over order notes. The caller passes the raw search term.
pub async fn search_by_note(pool: &PgPool, term: &str) -> Result<Vec<i64>, sqlx::Error> {
    let pattern = term.trim().to_lowercase();
    let sql = format!("SELECT id FROM orders WHERE lower(note) LIKE '%{pattern}%' ORDER BY id LIMIT 50");
    sqlx::query_scalar(&sql).fetch_all(pool).await // expect: sql-injection
}

/// Creates next month's partition at startup; the name is computed, no request chooses it.
pub async fn create_partition(pool: &PgPool, month: &str) -> Result<(), sqlx::Error> {
    let ddl = format!("CREATE TABLE IF NOT EXISTS orders_{month} PARTITION OF orders_partitioned");
    sqlx::query(&ddl).execute(pool).await?;
    Ok(())
}

/// Rebuilds a partition: the table name comes from the caller, never from a request.
pub async fn vacuum_partition(pool: &PgPool, partition: &str) -> Result<(), sqlx::Error> {
    sqlx::query(&format!("VACUUM ANALYZE {partition}")).execute(pool).await?; // expect: sql-injection
    Ok(())
}

pub async fn find_order(pool: &PgPool, id: i64) -> Result<Option<Order>, sqlx::Error> {
    let row = sqlx::query_as::<_, OrderRow>(
        "SELECT id, customer_id, status, total_cents, created_at FROM orders WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(into_order))
}

pub async fn find_open_order(pool: &PgPool, id: i64) -> Result<Option<Order>, sqlx::Error> {
    let row = sqlx::query_as::<_, OrderRow>(
        "SELECT id, customer_id, status, total_cents, created_at FROM orders \
         WHERE id = $1 AND status <> 'cancelled'",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(into_order))
}

pub async fn orders_of_customer(pool: &PgPool, customer_id: Uuid) -> Result<Vec<Order>, sqlx::Error> {
    let rows = sqlx::query_as::<_, OrderRow>(
        "SELECT id, customer_id, status, total_cents, created_at FROM orders \
         WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 100",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(into_order).collect())
}

pub async fn items_of_order(pool: &PgPool, order_id: i64) -> Result<Vec<OrderItem>, sqlx::Error> {
    sqlx::query_as::<_, OrderItem>(
        "SELECT id, order_id, sku, quantity, unit_cents FROM order_items WHERE order_id = $1 ORDER BY id",
    )
    .bind(order_id)
    .fetch_all(pool)
    .await
}

/// Inserts an order and its items in one transaction; returns the new order's id.
pub async fn insert_order(pool: &PgPool, customer_id: Uuid, items: &[NewItem]) -> Result<i64, sqlx::Error> {
    let total_cents: i64 = items.iter().map(|i| i.unit_cents * i64::from(i.quantity)).sum();
    let mut tx = pool.begin().await?;
    let order_id: i64 = sqlx::query_scalar("INSERT INTO orders (customer_id, total_cents) VALUES ($1, $2) RETURNING id")
        .bind(customer_id)
        .bind(total_cents)
        .fetch_one(&mut *tx)
        .await?;
    let skus: Vec<&str> = items.iter().map(|i| i.sku.as_str()).collect();
    let quantities: Vec<i32> = items.iter().map(|i| i.quantity).collect();
    let prices: Vec<i64> = items.iter().map(|i| i.unit_cents).collect();
    let inserted = sqlx::query(
        "INSERT INTO order_items (order_id, sku, quantity, unit_cents) \
         SELECT $1, * FROM UNNEST($2::text[], $3::int[], $4::bigint[])",
    )
    .bind(order_id)
    .bind(&skus)
    .bind(&quantities)
    .bind(&prices)
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        let _ = tx.rollback().await; // expect: discarded-result
        return Err(e);
    }
    tx.commit().await?;
    bump_daily_stats(pool).await;
    Ok(order_id)
}

pub async fn add_item(pool: &PgPool, order_id: i64, item: &NewItem) -> Result<i64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Serialises concurrent additions to the same order; the lock is released at commit.
    let _ = sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(order_id).execute(&mut *tx).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO order_items (order_id, sku, quantity, unit_cents) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(order_id)
    .bind(&item.sku)
    .bind(item.quantity)
    .bind(item.unit_cents)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE orders SET total_cents = total_cents + $2 WHERE id = $1")
        .bind(order_id)
        .bind(item.unit_cents * i64::from(item.quantity))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn cancel_order(pool: &PgPool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET status = 'cancelled' WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    // Reservations expire on their own after 24h; releasing them early is a courtesy.
    sqlx::query("DELETE FROM reservations WHERE order_id = $1").bind(id).execute(pool).await.ok(); // expect: discarded-result
    Ok(())
}

pub async fn touch_customer(pool: &PgPool, customer_id: Uuid) {
    // backlint-allow(discarded-result): best effort, the accounts service backfills customers nightly
    let _ = sqlx::query("INSERT INTO customers (id) VALUES ($1) ON CONFLICT DO NOTHING").bind(customer_id).execute(pool).await;
    _ = sqlx::query("UPDATE customers SET last_order_at = now() WHERE id = $1").bind(customer_id).execute(pool).await; // expect: discarded-result
}

/// Best effort: the dashboard counters may lag behind.
async fn bump_daily_stats(pool: &PgPool) {
    let result = sqlx::query(
        "INSERT INTO order_stats (day, orders) VALUES ($1, 1) \
         ON CONFLICT (day) DO UPDATE SET orders = order_stats.orders + 1",
    )
    .bind(Utc::now().date_naive())
    .execute(pool)
    .await;
    match result {
        Ok(_) => {}
        Err(_) => {} // expect: swallowed-error
    }
}

pub async fn count_open_orders(pool: &PgPool) -> i64 {
    match sqlx::query_scalar::<_, i64>("SELECT count(*) FROM orders WHERE status IN ('pending', 'paid')")
        .fetch_one(pool)
        .await
    {
        Ok(count) => count,
        Err(e) => {
            tracing::warn!(error = %e, "could not count open orders");
            0
        }
    }
}

pub async fn cached_total(pool: &PgPool, day: chrono::NaiveDate) -> i64 {
    match sqlx::query_scalar::<_, i64>("SELECT orders FROM order_stats WHERE day = $1")
        .bind(day)
        .fetch_one(pool)
        .await
    {
        Ok(total) => total,
        Err(sqlx::Error::RowNotFound) => 0,
        Err(_) => -1,
    }
}

/// Called once at startup, before the listener is bound: failing fast is right here.
pub async fn ensure_stats_row(pool: &PgPool) {
    sqlx::query("INSERT INTO order_stats (day) VALUES ($1) ON CONFLICT DO NOTHING")
        .bind(Utc::now().date_naive())
        .execute(pool)
        .await
        .unwrap();
    let columns: Vec<String> = sqlx::query_scalar(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position",
    )
    .fetch_all(pool)
    .await
    .expect("cannot read the orders schema");
    assert_eq!(columns.join(", "), ORDER_COLUMNS, "migrations are out of date");
}

fn into_order(row: OrderRow) -> Order {
    Order {
        id: row.id,
        customer_id: row.customer_id,
        status: row.status.parse().expect("orders.status is constrained by a CHECK"),
        total_cents: row.total_cents,
        created_at: row.created_at,
    }
}

fn status_name(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Pending => "pending",
        OrderStatus::Paid => "paid",
        OrderStatus::Shipped => "shipped",
        OrderStatus::Cancelled => "cancelled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::NewItem;

    fn item(sku: &str, quantity: i32) -> NewItem {
        NewItem { sku: sku.to_string(), quantity, unit_cents: 100 }
    }

    #[sqlx::test]
    async fn inserted_orders_can_be_found(pool: PgPool) {
        let id = insert_order(&pool, Uuid::new_v4(), &[item("ABC-0001", 2)]).await.unwrap();
        let order = find_order(&pool, id).await.unwrap().expect("order was inserted");
        assert_eq!(order.total_cents, 200);
        match cancel_order(&pool, id).await {
            Ok(()) => {}
            Err(_) => {}
        }
        let _ = cancel_order(&pool, id).await;
    }

    #[sqlx::test]
    async fn cancelled_orders_are_not_open(pool: PgPool) {
        let id = insert_order(&pool, Uuid::new_v4(), &[item("XYZ-0002", 1)]).await.unwrap();
        cancel_order(&pool, id).await.unwrap();
        assert!(find_open_order(&pool, id).await.unwrap().is_none());
    }
}

/// Adds items to an existing order, one statement per item.
pub async fn add_items(pool: &PgPool, order_id: i64, items: &[NewItem]) -> Result<(), sqlx::Error> {
    for item in items {
        sqlx::query("INSERT INTO order_items (order_id, sku, quantity, unit_cents) VALUES ($1, $2, $3, $4)") // expect: query-in-loop
            .bind(order_id)
            .bind(&item.sku)
            .bind(item.quantity)
            .bind(item.unit_cents)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// The same, one multi-row statement per batch of 500 items.
pub async fn add_items_batched(pool: &PgPool, order_id: i64, items: &[NewItem]) -> Result<(), sqlx::Error> {
    for batch in items.chunks(500) {
        let mut insert = sqlx::QueryBuilder::new("INSERT INTO order_items (order_id, sku, quantity, unit_cents) ");
        insert.push_values(batch, |mut row, item| {
            row.push_bind(order_id)
                .push_bind(&item.sku)
                .push_bind(item.quantity)
                .push_bind(item.unit_cents);
        });
        insert.build().execute(pool).await?;
    }
    Ok(())
}

/// Each order's item count, fetched concurrently but still one query per order.
pub async fn item_counts(pool: &PgPool, order_ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    futures::future::try_join_all(order_ids.iter().map(|id| {
        sqlx::query_scalar("SELECT count(*) FROM order_items WHERE order_id = $1") // expect: query-in-loop
            .bind(id)
            .fetch_one(pool)
    }))
    .await
}

/// The same in one query.
pub async fn item_counts_at_once(pool: &PgPool, order_ids: &[i64]) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT order_id, count(*) FROM order_items WHERE order_id = ANY($1) GROUP BY order_id")
        .bind(order_ids)
        .fetch_all(pool)
        .await
}

/// The first order found among candidate ids (a search: it stops at the first hit).
pub async fn first_existing(pool: &PgPool, candidates: &[i64]) -> Result<Option<i64>, sqlx::Error> {
    for id in candidates {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}
