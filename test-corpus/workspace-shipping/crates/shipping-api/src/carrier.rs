//! The carrier's side of tracking: its own parcel page, and what its status API says.

use std::sync::Arc;

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::Redirect,
    routing::get,
    Router,
};
use serde::Deserialize;
use shipping_core::carriers::{self, Carrier};

/// `GET /parcels/{code}/carrier`: the carrier's page for the parcel, on the configured site.
async fn carrier_page(State(carrier): State<Arc<Carrier>>, Path(code): Path<String>) -> Redirect {
    Redirect::to(&carriers::tracking_page(&carrier, &code))
}

/// `GET /parcels/{code}/carrier-status`: what the carrier's API says about the parcel now.
async fn carrier_status(
    State(carrier): State<Arc<Carrier>>,
    Path(code): Path<String>,
) -> Result<String, StatusCode> {
    let client = carriers::status_client();
    let response = client
        .get(carriers::status_url(&carrier, &code))
        .send()
        .await
        .map_err(|_| StatusCode::BAD_GATEWAY)?;
    response.text().await.map_err(|_| StatusCode::BAD_GATEWAY)
}

#[derive(Deserialize)]
struct Pasted {
    link: String,
}

/// `GET /follow?link=..`: follows a tracking link the customer pasted.
async fn follow(Query(pasted): Query<Pasted>) -> Redirect {
    Redirect::to(&carriers::tidy_link(&pasted.link)) // expect: open-redirect
}

pub fn router(carrier: Arc<Carrier>) -> Router {
    Router::new()
        .route("/parcels/{code}/carrier", get(carrier_page))
        .route("/parcels/{code}/carrier-status", get(carrier_status))
        .route("/follow", get(follow))
        .with_state(carrier)
}
