mod carrier;
mod tracking;

use std::path::PathBuf;
use std::sync::Arc;

use axum::{
    extract::State,
    http::StatusCode,
    routing::{get, post},
    Json, Router,
};
use serde_json::{json, Value};
use shipping_core::carriers::Carrier;
use shipping_core::rates::{quote, Quote, QuoteError, QuoteRequest};
use shipping_core::zones::Zones;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt::init();
    let path = std::env::var("ZONES_FILE").map(PathBuf::from).unwrap_or_else(|_| "zones.json".into());
    let zones = Arc::new(Zones::load(&path));
    let database_url = std::env::var("DATABASE_URL").expect("DATABASE_URL must be set");
    let tracking = tracking::connect(&database_url).await.expect("cannot reach the tracking database");
    let app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/quote", post(create_quote))
        .route("/zones/{country}", get(zone_now))
        .with_state(zones)
        .merge(tracking::router(tracking))
        .merge(carrier::router(Arc::new(Carrier::from_env())));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    axum::serve(listener, app).await.unwrap(); // expect: missing-graceful-shutdown
}

/// `GET /zones/{country}`: the zone as the file says now, read again on every request.
async fn zone_now(axum::extract::Path(country): axum::extract::Path<String>) -> Json<Value> {
    let zones = Zones::load(&PathBuf::from("zones.json")); // expect: blocking-in-async
    Json(json!({ "country": country, "zone": zones.zone_of(&country) }))
}

async fn create_quote(
    State(zones): State<Arc<Zones>>,
    Json(request): Json<QuoteRequest>,
) -> Result<Json<Quote>, (StatusCode, Json<Value>)> {
    print!("quote for {} ({} g): ", request.country, request.weight_grams); // expect: print-in-server
    match quote(&zones, &request) {
        Ok(quote) => {
            println!("{} cents", quote.price_cents); // expect: print-in-server
            Ok(Json(quote))
        }
        Err(e @ QuoteError::UnknownCountry(_)) => Err((StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "error": e.to_string() })))),
        Err(e @ QuoteError::TooHeavy) => Err((StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "error": e.to_string() })))),
    }
}
