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

/// The export as a download. The only errors here come from building the response itself (a
/// file name that is no valid header value): their text names no table, path or host.
pub fn csv_response(day: chrono::NaiveDate, orders: &[Order]) -> axum::response::Response {
    use axum::http::{header, HeaderValue, StatusCode};
    use axum::response::IntoResponse;

    let disposition = format!("attachment; filename=\"orders-{day}.csv\"");
    match HeaderValue::try_from(disposition) {
        Ok(value) => ([(header::CONTENT_DISPOSITION, value)], orders_csv(orders)).into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}

/// The day's totals as JSON for the dashboard.
pub fn totals_json(orders: &[Order]) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;

    let totals: Vec<i64> = orders.iter().map(|order| order.total_cents).collect();
    serde_json::to_vec(&totals)
        .map(|body| (StatusCode::OK, body).into_response())
        .unwrap_or_else(|e| (StatusCode::INTERNAL_SERVER_ERROR, format!("cannot encode totals: {e}")).into_response())
}

/// Appends the day's total to the dashboard's JSON buffer; the only failure is a value JSON
/// cannot encode, which the dashboard shows as is.
pub fn append_total(buffer: &mut Vec<u8>, total_cents: i64) -> Result<(), axum::response::Response> {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;

    if let Err(e) = serde_json::to_writer(&mut *buffer, &total_cents) {
        return Err((StatusCode::INTERNAL_SERVER_ERROR, format!("cannot encode the total: {e}")).into_response());
    }
    Ok(())
}

/// The rows behind an export. A database error's text names tables and constraints: it must
/// not reach the client.
pub async fn export_rows(pool: &PgPool) -> Result<Vec<(i64, i64)>, (axum::http::StatusCode, String)> {
    sqlx::query_as("SELECT id, total_cents FROM orders WHERE created_at >= current_date")
        .fetch_all(pool)
        .await
        .map_err(|e| (axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string())) // expect: error-detail-leak
}
