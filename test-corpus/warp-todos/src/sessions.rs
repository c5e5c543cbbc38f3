//! Shared-list sessions: a member who enters a list's password gets a session cookie.

use cookie::{Cookie, SameSite};
use warp::http::header::SET_COOKIE;
use warp::Reply;

/// The session cookie as the first release set it.
pub fn legacy_session_reply(token: &str) -> impl Reply {
    let session = Cookie::build(("list_session", token.to_string())) // expect: insecure-cookie
        .path("/")
        .build();
    warp::reply::with_header(warp::reply(), SET_COOKIE, session.to_string())
}

/// The session cookie now: `Secure`, `HttpOnly` and same-site.
pub fn session_reply(token: &str) -> impl Reply {
    let session = Cookie::build(("list_session", token.to_string()))
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Lax)
        .build();
    warp::reply::with_header(warp::reply(), SET_COOKIE, session.to_string())
}

/// The display theme: no secret in it, scripts may read it.
pub fn theme_reply(theme: &str) -> impl Reply {
    let theme = Cookie::build(("theme", theme.to_string())).path("/").build();
    warp::reply::with_header(warp::reply(), SET_COOKIE, theme.to_string())
}
