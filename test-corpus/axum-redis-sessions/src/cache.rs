use axum::{extract::State, Json};
use deadpool_redis::redis::cmd;

use crate::AppState;

pub async fn flush(State(state): State<AppState>) -> Json<usize> {
    let Ok(mut conn) = state.pool.get().await else {
        return Json(0);
    };
    let keys: Vec<String> = cmd("KEYS") // expect: redis-keys-command
        .arg("cache:*")
        .query_async(&mut conn)
        .await
        .unwrap_or_default();
    let scanned: Vec<String> = cmd("SCAN")
        .arg(0)
        .arg("MATCH")
        .arg("cache:*")
        .query_async(&mut conn)
        .await
        .unwrap_or_default();
    Json(keys.len() + scanned.len())
}

/// A JSON object's keys.
pub fn fields(value: &serde_json::Map<String, serde_json::Value>) -> Vec<String> {
    value.keys().cloned().collect()
}
