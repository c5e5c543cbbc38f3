//! Status pages: what can fail because of the environment (the database, another service, the
//! disk, another program) or the request is reported when unwrapped; what the server computes
//! itself (its config, statics filled at startup, JSON it built, its clock) is not.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Path, State};
use serde_json::json;
use sqlx::PgPool;

use crate::repo;
use crate::state::AppState;

pub async fn order_count(State(state): State<AppState>) -> String {
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(&state.pool)
        .await
        .unwrap(); // expect: unwrap-in-request-path
    count.to_string()
}

pub async fn database_ping(State(state): State<AppState>) -> String {
    ping_with(&state.pool).await
}

/// A crate function handed a connection (`pool: &PgPool`) queries the database.
async fn ping_with(pool: &PgPool) -> String {
    repo::ping(pool).await.expect("database is up"); // expect: unwrap-in-request-path
    "ok".to_string()
}

/// A crate function whose body queries the database, though it is handed no connection.
pub async fn archived(State(state): State<AppState>) -> String {
    archived_count(&state).await.unwrap().to_string() // expect: unwrap-in-request-path
}

async fn archived_count(state: &AppState) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM archived_orders")
        .fetch_one(&state.pool)
        .await
}

pub async fn fulfilment(State(state): State<AppState>) -> String {
    let response = state.http.get(&state.fulfilment_url).send().await.unwrap(); // expect: unwrap-in-request-path
    // Derived through a local from a network call: another service decides.
    let length = response.content_length().unwrap(); // expect: unwrap-in-request-path
    length.to_string()
}

pub async fn motd() -> String {
    let path = std::env::var("MOTD_PATH").unwrap_or_default(); // expect: env-in-handler
    std::fs::read_to_string(&path).unwrap() // expect: unwrap-in-request-path, blocking-in-async
}

pub async fn host_uptime() -> String {
    let dir = std::env::var("DATA_DIR").unwrap_or_default(); // expect: env-in-handler
    let output = std::process::Command::new("df").arg(&dir).output().unwrap(); // expect: unwrap-in-request-path, blocking-in-async
    // The process's proxy setting (the HTTP client reads it), reported, not configuration.
    let proxied = std::env::var_os("HTTPS_PROXY").is_some();
    format!("{} (proxied: {proxied})", String::from_utf8_lossy(&output.stdout))
}

pub async fn page(Path(page): Path<String>) -> String {
    let page: u32 = page.parse().unwrap(); // expect: unwrap-in-request-path
    page.to_string()
}

/// Values the server computes itself fail on every request or on none.
pub async fn about(State(state): State<AppState>) -> String {
    let base = url::Url::parse(&state.public_base_url).unwrap();
    let built = json!({ "service": "orders", "base": base.as_str() });
    let service = built.as_object().unwrap().get("service").cloned();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = u32::try_from(now.as_secs()).unwrap();
    format!("{service:?} {seconds}")
}
