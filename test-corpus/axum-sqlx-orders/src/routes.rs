use std::time::Duration;

use axum::{
    middleware::from_fn,
    routing::{get, patch, post, put},
    Json, Router,
};
use serde_json::json;
use tower_http::{timeout::TimeoutLayer, trace::TraceLayer};

use crate::handlers::{self, catalog, customers, health, items, orders, redirects, search, status};
use crate::middleware::{request_id, strip_legacy_prefix};
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
        .route("/products", get(catalog::list))
        .route("/products/page", get(catalog::page))
        .route("/products/drafts", get(catalog::drafts))
        .route("/products/{id}", get(catalog::show))
        .route("/products/in-stock", get(catalog::in_stock))
        .route("/products/archived", get(catalog::archived))
        .route("/categories/{id}/products", get(catalog::in_category))
        .route("/orders/{id}", get(orders::show).delete(orders::cancel))
        .route("/orders/{id}/receipt", get(orders::receipt))
        .route("/orders/{id}/items", post(items::add_item).patch(items::update_item))
        .route("/customers/{customer_id}/orders", get(handlers::orders::by_customer))
        .route("/customers/{id}", put(customers::replace))
        .route("/customers/{id}/profile", patch(customers::update_profile))
        .route("/search", get(search::search))
        .route("/status/orders", get(status::order_count))
        .route("/status/archived", get(status::archived))
        .route("/status/database", get(status::database_ping))
        .route("/status/fulfilment", get(status::fulfilment))
        .route("/status/motd", get(status::motd))
        .route("/status/uptime", get(status::host_uptime))
        .route("/status/page/{page}", get(status::page))
        .route("/status/about", get(status::about))
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
        .route("/greeting/page", get(search::greeting_page))
        .route("/preview", get(search::preview))
        .route("/preview/uncapped", get(search::preview_uncapped))
        .route("/greeting/footer", get(search::greeting_page_with_footer))
        .route("/skus/matching", get(search::matching_skus))
        .route("/go/account", get(redirects::to_account))
        .route("/go/account/page", get(redirects::to_account_page))
        .route("/go/account/section", get(redirects::to_account_section))
        .route("/go/root", get(redirects::to_root_section))
        .route("/go/order", get(redirects::to_order_page))
        .route("/go/order/at", get(redirects::to_order_page_at))
        .route("/go/partner", get(redirects::to_partner))
        .route("/go/partner/suffix", get(redirects::to_partner_suffix))
        .route("/go/back", get(redirects::back_to_referrer))
        .route("/go/back/header", get(redirects::back_to_header))
        .route("/go/search", get(redirects::search_again))
        .route("/go/retry", post(redirects::retry_sign_in))
        .route("/{*rest}", get(redirects::retry_anywhere))
        .route("/old/{*page}", get(redirects::drop_old_prefix))
        .route("/go/search/first", get(redirects::search_first))
        .route("/go/sign-in", get(redirects::sign_in))
        .route("/go/state", get(redirects::echo_state))
        .route("/go/tags", get(redirects::tags_page))
        .route("/go/resume", get(redirects::resume))
        .route("/go/resume/session", get(redirects::resume_session))
        .route("/go/signed-in", get(redirects::after_sign_in))
        .route("/go/signed-out", get(redirects::after_sign_out))
        .route("/go/signed-up", get(redirects::after_sign_up))
        .route("/geocode", get(redirects::geocode))
        .route("/geocode/at", get(redirects::geocode_at))
        .route("/notify", post(redirects::notify))
        .route("/notify/partner", post(redirects::notify_partner))
        .fallback(redirects::add_trailing_slash)
        .layer(from_fn(request_id))
        .layer(from_fn(strip_legacy_prefix))
        .layer(TraceLayer::new_for_http())
        .layer(TimeoutLayer::new(Duration::from_secs(10)))
        .with_state(state)
}
