use std::collections::HashMap;

use axum::{extract::State, Json};
use redis::AsyncCommands;

use crate::AppState;

pub async fn list(State(state): State<AppState>) -> Json<Vec<String>> {
    let mut conn = state.redis.clone();
    let ids: Vec<String> = conn.keys("session:*").await.unwrap_or_default(); // expect: redis-keys-command
    Json(ids)
}

pub async fn purge(State(state): State<AppState>) -> Json<usize> {
    let mut conn = state.redis.clone();
    let mut stale = Vec::new();
    let mut iter: redis::AsyncIter<String> = match conn.scan_match("session:*").await {
        Ok(iter) => iter,
        Err(_) => return Json(0),
    };
    while let Some(key) = iter.next_item().await {
        stale.push(key);
    }
    Json(stale.len())
}

/// Counts per user of what a page of sessions holds: `keys()` of a map is no redis call.
pub fn owners(sessions: &HashMap<String, String>) -> Vec<&String> {
    sessions.keys().collect()
}

/// Queued in a pipeline, `KEYS` still walks the whole keyspace.
pub fn audit_pipeline() -> redis::Pipeline {
    let mut pipe = redis::pipe();
    pipe.keys("audit:*"); // expect: redis-keys-command
    pipe
}
