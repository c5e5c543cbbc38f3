//! Who is online: last-seen timestamps of many users, kept in redis.

use std::collections::HashMap;

use axum::{extract::State, Json};
use deadpool_redis::redis::{self, AsyncCommands};

use crate::AppState;

pub async fn last_seen(State(state): State<AppState>, Json(ids): Json<Vec<String>>) -> Json<Vec<i64>> {
    let Ok(mut conn) = state.pool.get().await else {
        return Json(Vec::new());
    };
    let mut seen = Vec::with_capacity(ids.len());
    for id in &ids {
        let at: Option<i64> = conn.get(format!("seen:{id}")).await.ok(); // expect: query-in-loop
        seen.push(at.unwrap_or(0));
    }
    Json(seen)
}

pub async fn touch_all(State(state): State<AppState>, Json(ids): Json<Vec<String>>) -> Json<usize> {
    let Ok(mut conn) = state.pool.get().await else {
        return Json(0);
    };
    let mut touched = 0;
    for id in ids.iter() {
        let done: Result<(), redis::RedisError> = redis::cmd("SET") // expect: query-in-loop
            .arg(format!("seen:{id}"))
            .arg(1)
            .query_async(&mut conn)
            .await;
        touched += usize::from(done.is_ok());
    }
    Json(touched)
}

/// The batched forms: one `MGET`, one pipeline sent once.
pub async fn last_seen_batched(State(state): State<AppState>, Json(ids): Json<Vec<String>>) -> Json<Vec<i64>> {
    let Ok(mut conn) = state.pool.get().await else {
        return Json(Vec::new());
    };
    let keys: Vec<String> = ids.iter().map(|id| format!("seen:{id}")).collect();
    let seen: Vec<Option<i64>> = conn.mget(&keys).await.unwrap_or_default();
    Json(seen.into_iter().map(|at| at.unwrap_or(0)).collect())
}

pub async fn touch_pipelined(State(state): State<AppState>, Json(ids): Json<Vec<String>>) -> Json<bool> {
    let Ok(mut conn) = state.pool.get().await else {
        return Json(false);
    };
    let mut pipe = redis::pipe();
    for id in &ids {
        pipe.set(format!("seen:{id}"), 1).ignore();
    }
    let sent: Result<(), redis::RedisError> = pipe.query_async(&mut conn).await;
    Json(sent.is_ok())
}

/// A map lookup per item in a file that also talks to redis.
pub fn labels(ids: &[String], names: &HashMap<String, String>) -> Vec<String> {
    let mut labels = Vec::new();
    for id in ids {
        labels.push(names.get(id).cloned().unwrap_or_default());
    }
    labels
}
