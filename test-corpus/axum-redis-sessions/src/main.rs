mod accounts;
mod audit;
mod cache;
mod search;
mod sessions;

use axum::{routing::get, Router};

#[derive(Clone)]
pub struct AppState {
    pub redis: redis::aio::ConnectionManager,
    pub pool: deadpool_redis::Pool,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().init();
    let banner = std::fs::read_to_string("banner.txt").unwrap_or_default();
    tracing::info!(%banner, "starting");
    let filters = search::load_filters(&[String::from("^/admin")]);
    tracing::info!(filters = filters.len(), "filters loaded");
    let client = redis::Client::open("redis://127.0.0.1/").expect("redis url");
    let redis = redis::aio::ConnectionManager::new(client).await.expect("redis");
    let pool = deadpool_redis::Config::from_url("redis://127.0.0.1/")
        .create_pool(Some(deadpool_redis::Runtime::Tokio1))
        .expect("pool");
    let state = AppState { redis, pool };
    let mongo = mongodb::Client::with_uri_str("mongodb://127.0.0.1:27017").await.expect("mongodb");
    let audit_collection = mongo.database("sessions").collection("audit");
    let app = Router::new()
        .route("/sessions", get(sessions::list))
        .route("/sessions/purge", get(sessions::purge))
        .route("/cache/flush", get(cache::flush))
        .route("/search", get(search::search))
        .route("/signup", axum::routing::post(accounts::signup))
        .route("/signup2", axum::routing::post(accounts::signup_offloaded))
        .with_state(state)
        .merge(audit::router(audit_collection));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.expect("bind");
    // Bound first, then given its shutdown signal: a graceful server.
    let server = axum::serve(listener, app);
    server
        .with_graceful_shutdown(async {
            tokio::signal::ctrl_c().await.ok();
        })
        .await
        .expect("serve");
}
