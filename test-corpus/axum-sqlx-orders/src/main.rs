//! orders-service: the HTTP API in front of the orders database.

mod banner;
mod config;
mod error;
mod export;
mod handlers;
mod integrations;
mod middleware;
mod models;
mod notify;
mod partners;
mod repo;
mod routes;
mod state;
mod web_security;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::postgres::PgPoolOptions;
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tracing_subscriber::EnvFilter;

use crate::config::Config;
use crate::state::{AppState, Metrics};

#[tokio::main]
async fn main() {
    state::STARTED.set(Instant::now()).ok();
    dotenvy::dotenv().ok();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .json()
        .init();

    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("invalid configuration: {e}"); // expect: print-in-server
            std::process::exit(2);
        }
    };
    banner::print_banner(&config);

    let pool = PgPoolOptions::new()
        .max_connections(config.max_db_connections)
        .acquire_timeout(Duration::from_secs(3))
        .connect(&config.database_url)
        .await
        .expect("cannot connect to the database");
    sqlx::migrate!().run(&pool).await.unwrap();
    repo::ensure_stats_row(&pool).await;
    let month = chrono::Utc::now().format("%Y_%m").to_string();
    if let Err(e) = repo::create_partition(&pool, &month).await {
        tracing::warn!(error = %e, month, "could not create the partition");
    }

    let (events, _) = broadcast::channel(256);
    let state = AppState {
        pool,
        events,
        metrics: Arc::new(Mutex::new(Metrics::default())),
        public_base_url: config.public_base_url.clone(),
        fulfilment_url: config.fulfilment_url.clone(),
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .expect("cannot build the HTTP client"),
    };
    let app = routes::router(state);

    let listener = TcpListener::bind(&config.listen_addr).await.unwrap();
    println!("orders-service listening on {}", listener.local_addr().unwrap()); // expect: print-in-server
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .expect("server error");
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.expect("failed to install Ctrl+C handler");
    };
    #[cfg(unix)]
    let terminate = async {
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("failed to install signal handler")
            .recv()
            .await;
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received, draining connections");
}
