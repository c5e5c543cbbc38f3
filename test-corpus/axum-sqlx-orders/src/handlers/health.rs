use axum::{extract::State, http::StatusCode};

use std::time::Instant;

use crate::repo;
use crate::state::{AppState, STARTED};

/// Liveness and readiness in one: the service is useless without its database.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, String) {
    match repo::ping(&state.pool).await {
        Ok(()) => (StatusCode::OK, "ok".to_string()),
        Err(err) => (StatusCode::SERVICE_UNAVAILABLE, format!("database unreachable: {err}")), // expect: error-detail-leak
    }
}

/// Registered by path only: no extractors, still a handler.
pub async fn uptime() -> String {
    let uptime = STARTED.get().map(Instant::elapsed).expect("STARTED is set in main before serving");
    format!("{}s", uptime.as_secs())
}

/// Maintenance: vacuums the current month's partition (behind the admin proxy).
pub async fn vacuum(State(state): State<AppState>) -> StatusCode {
    let partition = format!("orders_{}", chrono::Utc::now().format("%Y_%m"));
    match repo::vacuum_partition(&state.pool, &partition).await {
        Ok(()) => StatusCode::NO_CONTENT,
        Err(e) => {
            tracing::error!(error = %e, "vacuum failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}
