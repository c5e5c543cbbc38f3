//! Link previews: a note's links unfurled through the unfurl service.

use std::time::Duration;

use rocket::serde::json::{json, Value};
use rocket::{get, routes, Route, State};

const UNFURL: &str = "https://unfurl.notes-tools.io/v1/preview";

/// The HTTP client the service shares, managed by the rocket instance.
pub struct Http(pub reqwest::Client);

/// Built once by `build` when the rocket is assembled.
pub fn shared_client() -> reqwest::Result<Http> {
    reqwest::Client::builder().timeout(Duration::from_secs(5)).build().map(Http)
}

/// GET /previews/<id>: a client built for every preview.
#[get("/<id>")]
pub async fn preview(id: u64) -> Option<Value> {
    let client = reqwest::Client::builder() // expect: client-per-request
        .timeout(Duration::from_secs(5))
        .build()
        .ok()?;
    let response = client.get(format!("{UNFURL}/{id}")).send().await.ok()?;
    response.json::<Value>().await.ok()
}

/// GET /previews/<id>/cached: the shared client.
#[get("/<id>/cached")]
pub async fn cached_preview(id: u64, http: &State<Http>) -> Option<Value> {
    let response = http.0.get(format!("{UNFURL}/{id}")).send().await.ok()?;
    let body = response.json::<Value>().await.ok()?;
    Some(json!({ "id": id, "preview": body }))
}

pub fn routes() -> Vec<Route> {
    routes![preview, cached_preview]
}

/// The client of the unfurl service's callbacks: kept by the rocket like `Http`.
pub fn callbacks_client() -> Http {
    Http(reqwest::Client::new()) // expect: http-client-without-timeout
}
