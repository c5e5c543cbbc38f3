//! Restocking: moving quantities for many items at once. Synchronous diesel; callers run it
//! in `web::block`.

use std::sync::atomic::{AtomicU64, Ordering};

use diesel::prelude::*;

use crate::models::{Item, NewMovement};
use crate::schema::{items, stock_movements};

static RESTOCKED: AtomicU64 = AtomicU64::new(0);

pub fn record_movements(conn: &mut PgConnection, deltas: &[(i32, i32)]) -> QueryResult<()> {
    for (item_id, delta) in deltas {
        diesel::insert_into(stock_movements::table) // expect: query-in-loop
            .values(NewMovement { item_id: *item_id, delta: *delta, reason: "restock" })
            .execute(conn)?;
        RESTOCKED.fetch_add(1, Ordering::Relaxed);
    }
    Ok(())
}

pub fn items_of(conn: &mut PgConnection, ids: &[i32]) -> QueryResult<Vec<Item>> {
    ids.iter()
        .map(|id| items::table.find(id).select(Item::as_select()).first(conn)) // expect: query-in-loop
        .collect()
}

/// The batched forms: one `IN (..)` query, one multi-row insert.
pub fn items_in(conn: &mut PgConnection, ids: &[i32]) -> QueryResult<Vec<Item>> {
    items::table
        .filter(items::id.eq_any(ids))
        .select(Item::as_select())
        .load(conn)
}

pub fn record_all(conn: &mut PgConnection, movements: &[NewMovement<'_>]) -> QueryResult<usize> {
    diesel::insert_into(stock_movements::table)
        .values(movements)
        .execute(conn)
}

/// Atomics have `load` too; reading a counter per item is no query.
pub fn restocked_per_item(ids: &[i32]) -> Vec<u64> {
    ids.iter().map(|_| RESTOCKED.load(Ordering::Relaxed)).collect()
}
