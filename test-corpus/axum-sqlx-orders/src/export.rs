//! Nightly CSV export of the day's orders, and the advisory lock that keeps two replicas from
//! exporting at once.

use std::io::Write;

use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};

use crate::models::Order;

/// Renders orders as CSV in memory: writing into a `Vec` cannot fail for want of a disk.
pub fn orders_csv(orders: &[Order]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = writeln!(out, "id,customer_id,total_cents");
    for order in orders {
        let _ = out.write_all(format!("{},{},{}\n", order.id, order.customer_id, order.total_cents).as_bytes());
    }
    out
}

/// Writes the export where the warehouse picks it up; a full disk must not pass silently.
pub fn save_export(path: &std::path::Path, csv: &[u8]) {
    let mut file = match std::fs::File::create(path) {
        Ok(file) => file,
        Err(e) => {
            tracing::error!(error = %e, path = %path.display(), "cannot create the export");
            return;
        }
    };
    let _ = file.write_all(csv); // expect: discarded-result
}

/// The first export error is kept to report; later ones are the same outage.
pub fn first_failure(paths: &[std::path::PathBuf], csv: &[u8]) -> Option<std::io::Error> {
    let mut first = None;
    for path in paths {
        match std::fs::write(path, csv) {
            Ok(()) => {}
            Err(e) if first.is_none() => first = Some(e),
            Err(_) => {}
        }
    }
    first
}

/// Holds the export lock while alive.
pub struct ExportLock {
    conn: PoolConnection<Postgres>,
}

impl ExportLock {
    pub async fn acquire(pool: &PgPool) -> Result<ExportLock, sqlx::Error> {
        let mut conn = pool.acquire().await?;
        sqlx::query("SELECT pg_advisory_lock(42)").execute(&mut *conn).await?;
        Ok(ExportLock { conn })
    }
}

impl Drop for ExportLock {
    /// Nobody can receive an error from `drop`; the session ends with the connection anyway.
    fn drop(&mut self) {
        let conn = &mut self.conn;
        let _ = futures::executor::block_on(sqlx::query("SELECT pg_advisory_unlock(42)").execute(&mut **conn));
    }
}
