//! Canonical links: a trailing-slash redirect behind the slash-merging middleware, and the
//! service's error responses for upstream failures.

use actix_web::{http::header, web, HttpRequest, HttpResponse};

/// A 500 with a fixed message: every caller passes one.
fn server_error(error: impl ToString) -> HttpResponse {
    HttpResponse::InternalServerError().body(error.to_string())
}

/// A 502 with the upstream's error text: a caller passes an error.
fn upstream_error(error: impl ToString) -> HttpResponse {
    HttpResponse::BadGateway().body(error.to_string()) // expect: error-detail-leak
}

pub async fn add_slash(req: HttpRequest) -> HttpResponse {
    // `NormalizePath` merges slashes before any handler runs: the path never starts with `//`.
    let path = req.path();
    HttpResponse::PermanentRedirect().insert_header((header::LOCATION, format!("{path}/"))).finish()
}

pub async fn continue_to(req: HttpRequest) -> HttpResponse {
    let next = req.query_string();
    HttpResponse::SeeOther().insert_header((header::LOCATION, next)).finish() // expect: open-redirect
}

pub async fn relay(req: HttpRequest) -> HttpResponse {
    if req.headers().contains_key("x-maintenance") {
        return server_error("the relay is down for maintenance");
    }
    match std::fs::read_to_string("/run/relay/status") { // expect: blocking-in-async
        Ok(status) => HttpResponse::Ok().body(status),
        Err(e) => upstream_error(e),
    }
}

pub async fn relay_health() -> HttpResponse {
    server_error("the relay is not configured")
}

/// Asks the relay whether it is up, with a client made for the occasion.
pub async fn relay_ping() -> HttpResponse {
    let client = awc::Client::builder() // expect: client-per-request
        .add_default_header((header::USER_AGENT, "inventory-service"))
        .finish();
    match client.get("https://relay.warehouse-systems.com/ping").send().await {
        Ok(response) => HttpResponse::build(response.status()).finish(),
        Err(e) => upstream_error(e),
    }
}

/// The same check through the client the application shares.
pub async fn relay_status(client: web::Data<awc::Client>) -> HttpResponse {
    match client.get("https://relay.warehouse-systems.com/ping").send().await {
        Ok(response) => HttpResponse::build(response.status()).finish(),
        Err(e) => upstream_error(e),
    }
}
