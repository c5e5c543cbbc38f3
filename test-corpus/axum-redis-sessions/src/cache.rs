use axum::{extract::State, Json};
use deadpool_redis::redis::{cmd, AsyncCommands};

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

/// Keeps the entries of a page being shown alive for ten more minutes, one command per key.
pub async fn extend(state: &AppState, keys: &[String]) -> usize {
    let Ok(mut conn) = state.pool.get().await else {
        return 0;
    };
    let mut extended = 0;
    for key in keys {
        let kept: bool = conn.expire(key, 600).await.unwrap_or(false); // expect: query-in-loop
        if kept {
            extended += 1;
        }
    }
    extended
}

/// Every cached entry's key, walked with a SCAN cursor (a cursor loop, not one query per item).
pub async fn cached_keys(state: &AppState) -> Vec<String> {
    let Ok(mut conn) = state.pool.get().await else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    let mut cursor: u64 = 0;
    loop {
        let (next, batch): (u64, Vec<String>) = cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg("cache:*")
            .query_async(&mut conn)
            .await
            .unwrap_or_default();
        keys.extend(batch);
        if next == 0 {
            return keys;
        }
        cursor = next;
    }
}

/// The values of many entries in one round trip.
pub async fn cached_values(state: &AppState, keys: &[String]) -> Vec<Option<String>> {
    let Ok(mut conn) = state.pool.get().await else {
        return Vec::new();
    };
    conn.mget(keys).await.unwrap_or_default()
}
