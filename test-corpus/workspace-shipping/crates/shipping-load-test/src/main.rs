//! Floods a staging deployment with quote requests while a stub carrier answers its rate
//! look-ups. A development tool: nothing here runs in production, so the shortcuts below
//! (self-signed certificates accepted, unwraps, prints) are not reported.

use std::time::Instant;

use axum::{extract::Path, routing::get, Json, Router};
use serde_json::{json, Value};

#[tokio::main]
async fn main() {
    let target = std::env::args().nth(1).unwrap_or_else(|| "https://staging.internal:8443".to_string());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:9099").await.unwrap();
    tokio::spawn(async move {
        let stub = Router::new().route("/rates/{country}", get(stub_rate));
        axum::serve(listener, stub).await.unwrap();
    });

    let client = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    let started = Instant::now();
    for i in 0..1000 {
        let body = json!({ "country": "NL", "weight_grams": 100 + i });
        let response = client.post(format!("{target}/quote")).json(&body).send().await.unwrap();
        assert!(response.status().is_success());
    }
    println!("1000 quotes in {:?}", started.elapsed());
}

async fn stub_rate(Path(country): Path<String>) -> Json<Value> {
    let cents: u64 = country.len().try_into().unwrap();
    Json(json!({ "country": country, "cents": cents * 100 }))
}
