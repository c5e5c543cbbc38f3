//! Live hit counts for a link's owner, read from redis (the nightly job flushes them).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use redis::AsyncCommands;

const REDIS_URL: &str = "redis://127.0.0.1:6379/1";

/// The hit count of `code`, through a redis client opened for this request.
pub async fn live_hits(Path(code): Path<String>) -> Result<String, StatusCode> {
    let client = redis::Client::open(REDIS_URL).map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?; // expect: client-per-request
    let mut conn = client.get_multiplexed_async_connection().await.map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    let hits: Option<u64> = conn.get(format!("hits:{code}")).await.map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    Ok(hits.unwrap_or(0).to_string())
}

/// The same count through the connection the application state shares.
pub async fn shared_hits(
    State(mut conn): State<redis::aio::MultiplexedConnection>,
    Path(code): Path<String>,
) -> Result<String, StatusCode> {
    let hits: Option<u64> = conn.get(format!("hits:{code}")).await.map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    Ok(hits.unwrap_or(0).to_string())
}

/// The shared connection, opened once by `serve` before the router is built.
pub async fn connect() -> redis::RedisResult<redis::aio::MultiplexedConnection> {
    redis::Client::open(REDIS_URL)?.get_multiplexed_async_connection().await
}

/// The routes of the counters, with the shared connection as their state.
pub fn router(conn: redis::aio::MultiplexedConnection) -> axum::Router {
    axum::Router::new()
        .route("/stats/{code}/live", axum::routing::get(live_hits))
        .route("/stats/{code}", axum::routing::get(shared_hits))
        .with_state(conn)
}
