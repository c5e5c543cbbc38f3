use std::time::Duration;

use axum::{
    middleware::from_fn,
    routing::{get, post},
    Json, Router,
};
use serde_json::json;
use tower_http::{timeout::TimeoutLayer, trace::TraceLayer};

use crate::handlers::{self, health, items, orders, search};
use crate::middleware::request_id;
use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    let metrics = state.metrics.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/uptime", get(health::uptime))
        .route("/admin/vacuum", post(health::vacuum))
        .route("/version", get(|| async { Json(json!({ "version": env!("CARGO_PKG_VERSION") })) }))
        .route(
            "/metrics",
            get(move || async move {
                let metrics = metrics.lock().unwrap();
                metrics.render()
            }),
        )
        .route("/orders", get(orders::list).post(orders::create))
        .route("/orders/{id}", get(orders::show).delete(orders::cancel))
        .route("/orders/{id}/receipt", get(orders::receipt))
        .route("/orders/{id}/items", post(items::add_item).patch(items::update_item))
        .route("/customers/{customer_id}/orders", get(handlers::orders::by_customer))
        .route("/search", get(search::search))
        .route("/search/customers/{name}", get(search::by_customer_name))
        .route("/search/ids", post(search::by_ids))
        .route("/orders/{id}/total", get(search::order_total))
        .route("/exports/{file}", get(search::download_export))
        .route("/exports/checked/{file}", get(search::download_export_checked))
        .route("/exports/by-name/{file}", get(search::download_export_by_name))
        .route("/exports/by-id/{id}", get(search::download_export_by_id))
        .route("/exports/by-label/{label}", get(search::download_export_by_label))
        .route("/exports/latest/{kind}", get(search::latest_export))
        .route("/avatar", get(search::fetch_avatar))
        .route("/avatar/{hash}", get(search::fetch_gravatar))
        .route("/login/done", get(search::after_login))
        .route("/orders/{id}/back", get(search::back_to_order))
        .route("/greeting", get(search::greeting))
        .route("/greeting/escaped", get(search::greeting_escaped))
        .route("/skus/matching", get(search::matching_skus))
        .layer(from_fn(request_id))
        .layer(TraceLayer::new_for_http())
        .layer(TimeoutLayer::new(Duration::from_secs(10)))
        .with_state(state)
}
