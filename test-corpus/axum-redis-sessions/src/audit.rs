//! The audit trail of session events, kept in MongoDB.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use mongodb::bson::{doc, Document};
use mongodb::Collection;
use serde::Deserialize;

#[derive(Clone, Deserialize)]
pub struct AuditEvent {
    pub session: String,
    pub action: String,
}

/// `POST /audit`: a client flushes its buffered events, one insert each.
pub async fn record(
    State(audit_collection): State<Collection<Document>>,
    Json(events): Json<Vec<AuditEvent>>,
) -> StatusCode {
    for event in &events {
        let entry = doc! { "session": &event.session, "action": &event.action };
        if let Err(e) = audit_collection.insert_one(entry).await { // expect: query-in-loop
            tracing::warn!(error = %e, "audit insert failed");
        }
    }
    StatusCode::ACCEPTED
}

/// `POST /audit/batch`: the same events, one round trip for all of them.
pub async fn record_batch(
    State(audit_collection): State<Collection<Document>>,
    Json(events): Json<Vec<AuditEvent>>,
) -> StatusCode {
    let entries: Vec<Document> = events
        .iter()
        .map(|event| doc! { "session": &event.session, "action": &event.action })
        .collect();
    match audit_collection.insert_many(entries).await {
        Ok(_) => StatusCode::ACCEPTED,
        Err(e) => {
            tracing::warn!(error = %e, "audit insert failed");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

pub fn router(audit_collection: Collection<Document>) -> Router {
    Router::new()
        .route("/audit", post(record))
        .route("/audit/batch", post(record_batch))
        .with_state(audit_collection)
}
