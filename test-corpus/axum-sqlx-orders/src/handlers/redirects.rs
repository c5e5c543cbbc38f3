//! Redirects and outbound calls whose destination the server fixes: request input only fills a
//! path or a query, or the URL passed a host allow-list. The look-alikes beside them let input
//! choose where the user or the request goes.

use axum::{
    extract::{OriginalUri, Query, Request, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use tower_sessions::Session;

use crate::state::AppState;

const ACCOUNT_PATH: &str = "/account";
const ROOT: &str = "/";
const PARTNER_HOSTS: [&str; 2] = ["partner.example.com", "cdn.example.com"];
const GEOCODER: &str = "https://geo.example.com/lookup?q={}";
const IDP_AUTHORIZE: &str = "https://idp.example.com/authorize";

#[derive(Deserialize)]
pub struct Jump {
    pub next: String,
    pub token: String,
}

/// Where the shop is mounted (`""` or `/shop`), chosen by whoever runs it.
fn mount_point() -> String {
    std::env::var("MOUNT_POINT").unwrap_or_default() // expect: env-in-handler
}

fn account_path() -> String {
    format!("{}{ACCOUNT_PATH}", mount_point())
}

/// The identity provider's authorize URL and the state to check on return.
fn authorize(state: &str) -> (String, String) {
    (IDP_AUTHORIZE.to_string(), state.to_string())
}

pub async fn to_account(Query(q): Query<Jump>) -> Redirect {
    // Input after a `?`: the query of a URL the server chose.
    Redirect::to(&format!("{}?token={}", mount_point(), q.token))
}

pub async fn to_account_page(Query(q): Query<Jump>) -> Redirect {
    // After `/account`, whatever follows stays a path on this site.
    Redirect::to(&format!("{ACCOUNT_PATH}{}", q.next))
}

pub async fn to_account_section(Query(q): Query<Jump>) -> Redirect {
    Redirect::to(&format!("{}/{}", account_path(), q.next))
}

/// An order's page on the public site: the configured base fixes where it points, the id only
/// fills a segment of its path.
fn order_page(base: &str, id: &str) -> String {
    let base = base.trim_end_matches('/');
    format!("{base}/orders/{id}")
}

pub async fn to_order_page(State(state): State<AppState>, Query(q): Query<Jump>) -> Redirect {
    Redirect::to(&order_page(&state.public_base_url, &q.next))
}

/// The same helper with its parts the other way round: the input comes first, so it chooses
/// the host.
fn order_page_at(id: &str, base: &str) -> String {
    let base = base.trim_end_matches('/');
    format!("{id}{base}/orders")
}

pub async fn to_order_page_at(State(state): State<AppState>, Query(q): Query<Jump>) -> Redirect {
    Redirect::to(&order_page_at(&q.next, &state.public_base_url)) // expect: open-redirect
}

pub async fn to_root_section(Query(q): Query<Jump>) -> Redirect {
    // `/` + `/evil.example` is `//evil.example`.
    Redirect::to(&format!("{ROOT}{}", q.next)) // expect: open-redirect
}

pub async fn to_partner(Query(q): Query<Jump>) -> Response {
    let Ok(target) = url::Url::parse(&q.next) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let allowed = PARTNER_HOSTS.iter().any(|host| target.host_str() == Some(*host));
    if allowed {
        Redirect::to(target.as_str()).into_response()
    } else {
        StatusCode::FORBIDDEN.into_response()
    }
}

pub async fn to_partner_suffix(Query(q): Query<Jump>) -> Response {
    let Ok(target) = url::Url::parse(&q.next) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    // `evil-example.com` ends with `example.com` too.
    if target.host_str().is_some_and(|host| host.ends_with("example.com")) {
        Redirect::to(target.as_str()).into_response() // expect: open-redirect
    } else {
        StatusCode::FORBIDDEN.into_response()
    }
}

pub async fn back_to_referrer(headers: HeaderMap) -> Redirect {
    let back = headers.get(header::REFERER).and_then(|value| value.to_str().ok()).unwrap_or("/");
    Redirect::to(back)
}

pub async fn back_to_header(headers: HeaderMap) -> Redirect {
    let back = headers.get("x-return-to").and_then(|value| value.to_str().ok()).unwrap_or("/");
    Redirect::to(back) // expect: open-redirect
}

pub async fn add_trailing_slash(request: Request) -> Redirect {
    // No middleware merges slashes in this service: `//evil.example` is a request path too.
    let path = request.uri().path();
    Redirect::permanent(&format!("{path}/")) // expect: open-redirect
}

/// `/old/{*page}` moved to `/`: without a middleware merging slashes, `/old//evil.example`
/// leaves `//evil.example` once a helper strips the prefix.
pub async fn drop_old_prefix(request: Request) -> Redirect {
    let target = unprefixed(request.uri().path()).unwrap_or_else(|| "/".to_string());
    Redirect::permanent(&target) // expect: open-redirect
}

fn unprefixed(path: &str) -> Option<String> {
    path.strip_prefix("/old").map(str::to_string)
}

/// A failed sign-in sends the form back to itself: only `/go/retry` reaches this handler, and
/// axum matches paths exactly, so its own path and query are a path on this site.
pub async fn retry_sign_in(OriginalUri(uri): OriginalUri) -> Redirect {
    let again = match uri.path_and_query() {
        Some(path_and_query) => path_and_query.as_str(),
        None => uri.path(),
    };
    Redirect::to(again)
}

/// Behind a catch-all route, `//evil.example/x` is a request path too.
pub async fn retry_anywhere(OriginalUri(uri): OriginalUri) -> Redirect {
    Redirect::to(uri.path()) // expect: open-redirect
}

pub async fn search_again(Query(q): Query<Jump>) -> Redirect {
    let mut to = String::from("/search");
    to.push('?');
    to.push_str(&q.next);
    Redirect::to(&to)
}

pub async fn search_first(Query(q): Query<Jump>) -> Redirect {
    let mut to = String::new();
    to.push_str(&q.next);
    to.push('?');
    Redirect::to(&to) // expect: open-redirect
}

pub async fn sign_in(Query(q): Query<Jump>) -> Redirect {
    let (url, _state) = authorize(&q.token);
    Redirect::to(&url)
}

pub async fn echo_state(Query(q): Query<Jump>) -> Redirect {
    let (_url, state) = authorize(&q.next);
    Redirect::to(&state) // expect: open-redirect
}

pub async fn tags_page(Query(q): Query<Jump>) -> Redirect {
    let to = q.next.split(',').fold(String::new(), |to, tag| to + tag);
    Redirect::to(&to) // expect: open-redirect
}

pub async fn geocode(State(state): State<AppState>, Query(q): Query<Jump>) -> StatusCode {
    // The template fixes the host; the input is its query.
    match state.http.get(GEOCODER.replace("{}", &q.token)).send().await {
        Ok(_) => StatusCode::OK,
        Err(_) => StatusCode::BAD_GATEWAY,
    }
}

pub async fn geocode_at(State(state): State<AppState>, Query(q): Query<Jump>) -> StatusCode {
    match state.http.get(q.next.replace("{}", &q.token)).send().await { // expect: ssrf
        Ok(_) => StatusCode::OK,
        Err(_) => StatusCode::BAD_GATEWAY,
    }
}

/// Notifies the fulfilment service: its configured base fixes the host, the order id only
/// fills a segment of the path.
async fn notify_fulfilment(http: &reqwest::Client, base: &str, order: &str) -> StatusCode {
    let url = format!("{base}/orders/{order}/notify");
    match http.post(url).send().await {
        Ok(_) => StatusCode::ACCEPTED,
        Err(_) => StatusCode::BAD_GATEWAY,
    }
}

pub async fn notify(State(state): State<AppState>, Query(q): Query<Jump>) -> StatusCode {
    notify_fulfilment(&state.http, &state.fulfilment_url, &q.token).await
}

/// The same call with the two the other way round: the input is the base.
async fn notify_at(http: &reqwest::Client, base: &str, order: &str) -> StatusCode {
    let url = format!("{base}/orders/{order}/notify");
    match http.post(url).send().await { // expect: ssrf
        Ok(_) => StatusCode::ACCEPTED,
        Err(_) => StatusCode::BAD_GATEWAY,
    }
}

pub async fn notify_partner(State(state): State<AppState>, Query(q): Query<Jump>) -> StatusCode {
    notify_at(&state.http, &q.next, &state.fulfilment_url).await
}

#[axum::debug_handler]
pub async fn resume(Query(q): Query<Jump>) -> Redirect {
    Redirect::to(&q.next) // expect: open-redirect
}

#[axum::debug_handler]
pub async fn resume_session(session: Session) -> Redirect {
    // The session store holds what the server put there.
    let to: Option<String> = session.get("return_to").await.ok().flatten();
    Redirect::to(to.as_deref().unwrap_or("/"))
}

pub async fn after_sign_in(Query(q): Query<Jump>) -> Redirect {
    let next = q.next;
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        Redirect::to(&next)
    } else {
        Redirect::to("/")
    }
}

pub async fn after_sign_out(Query(q): Query<Jump>) -> Redirect {
    let next = q.next;
    if !next.starts_with('/') || next.starts_with("//") || next.starts_with("/\\") {
        return Redirect::to("/");
    }
    Redirect::to(&next)
}

pub async fn after_sign_up(Query(q): Query<Jump>) -> Redirect {
    let next = q.next;
    // `//evil.example` starts with `/` too.
    if next.starts_with('/') {
        Redirect::to(&next) // expect: open-redirect
    } else {
        Redirect::to("/")
    }
}
