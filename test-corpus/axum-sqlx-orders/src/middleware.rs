use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use uuid::Uuid;

/// Serves the old `/api/v1/..` paths from the current routes. It rewrites the URI but merges
/// no slashes: a request path can still start with `//`.
pub async fn strip_legacy_prefix(mut req: Request, next: Next) -> Response {
    if let Some(rest) = req.uri().path().strip_prefix("/api/v1") {
        if let Ok(uri) = rest.to_string().parse() {
            *req.uri_mut() = uri;
        }
    }
    next.run(req).await
}

/// Gives every request an id (or keeps the gateway's) and echoes it in the response.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = match req.headers().get("x-request-id") {
        Some(existing) => existing.clone(),
        None => HeaderValue::from_str(&Uuid::new_v4().to_string()).unwrap(),
    };
    req.headers_mut().insert("x-request-id", id.clone());
    let mut response = next.run(req).await;
    response.headers_mut().insert("x-request-id", id);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_str("no-store").unwrap());
    response
}
