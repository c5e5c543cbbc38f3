//! Canonical paths: a middleware that merges repeated slashes before routing, and the
//! trailing-slash redirect it makes safe.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{Redirect, Response};

/// Merges runs of `/` in the request path, so that no handler sees `//host`.
pub async fn merge_slashes(mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.contains("//") {
        let merged: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
        let mut canonical = format!("/{}", merged.join("/"));
        if let Some(query) = req.uri().query() {
            canonical.push('?');
            canonical.push_str(query);
        }
        if let Ok(uri) = canonical.parse() {
            *req.uri_mut() = uri;
        }
    }
    next.run(req).await
}

/// `GET /docs/{*page}` without its trailing slash: behind `merge_slashes` the path never starts
/// with `//`, so the redirect stays on this site.
pub async fn add_trailing_slash(request: Request) -> Redirect {
    let path = request.uri().path();
    Redirect::permanent(&format!("{path}/"))
}

/// `GET /legacy/{*page}`: the old prefix's pages moved to `/`. The target is computed from the
/// request's own path by a helper; behind `merge_slashes` it cannot start with `//` either.
pub async fn drop_legacy_prefix(request: Request) -> Redirect {
    match unprefixed(request.uri().path(), request.uri().query()) {
        Some(target) => Redirect::permanent(&target),
        None => Redirect::permanent("/"),
    }
}

/// The path without `/legacy`, its query kept.
fn unprefixed(path: &str, query: Option<&str>) -> Option<String> {
    let rest = path.strip_prefix("/legacy")?;
    let rest = if rest.is_empty() { "/" } else { rest };
    Some(match query {
        Some(query) => format!("{rest}?{query}"),
        None => rest.to_string(),
    })
}

/// The path with runs of `/` merged, for the access log.
pub fn merged_for_log(path: &str) -> String {
    let mut bytes = Vec::with_capacity(path.len());
    for &byte in path.as_bytes() {
        if byte != b'/' || bytes.last() != Some(&b'/') {
            bytes.push(byte);
        }
    }
    // SAFETY: only ASCII `/` bytes were dropped from valid UTF-8.
    unsafe { String::from_utf8_unchecked(bytes) } // expect: unsafe-code
}
