//! rooms-service: a chat server's room API behind its own authenticating extractor.

mod args;
mod auth;
mod layers;
mod rooms;
mod templates;

pub use args::Args as Ruma;

use axum::routing::{get, post};
use axum::Router;

/// The largest message body a room accepts (an image preview included).
const MAX_MESSAGE_BYTES: usize = 8 * 1024 * 1024;

pub fn router() -> Router<auth::Services> {
    Router::new()
        .route("/health", get(rooms::health))
        .route("/rooms", post(rooms::create))
        .route("/rooms/{id}", get(rooms::show))
        .route("/rooms/{id}/topic", post(rooms::set_topic))
        .route("/rooms/{id}/preview", get(rooms::preview))
        .route("/me", get(rooms::me))
        .route("/card", get(templates::card))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_MESSAGE_BYTES))
        .layer(axum::middleware::from_fn(layers::log_requests))
        .layer(axum::middleware::from_fn(layers::remember_user))
}
