//! Middleware: a request log on every request, the current user only when one is signed in.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

#[derive(Clone, Default)]
pub struct RequestLog;

#[derive(Clone)]
pub struct CurrentUser(pub String);

pub async fn log_requests(mut req: Request, next: Next) -> Response {
    req.extensions_mut().insert(RequestLog::default());
    next.run(req).await
}

pub async fn remember_user(mut req: Request, next: Next) -> Response {
    let user = req.headers().get("x-user").and_then(|v| v.to_str().ok()).map(str::to_owned);
    if let Some(user) = user {
        req.extensions_mut().insert(CurrentUser(user));
    }
    next.run(req).await
}
