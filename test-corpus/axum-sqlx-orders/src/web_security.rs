//! Browser-facing settings: CORS, the session cookie, token checks and ids.

use axum_extra::extract::cookie::{Cookie, CookieJar};
use jsonwebtoken::{Algorithm, Validation};
use tower_http::cors::{Any, CorsLayer};

/// The storefront calls the API from another origin, with its cookies.
pub fn storefront_cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any) // expect: permissive-cors
        .allow_credentials(true)
}

/// The public price feed is read from anyone's page; no cookies or credentials go with it.
pub fn price_feed_cors() -> CorsLayer {
    CorsLayer::new().allow_origin(Any)
}

/// Remembers the signed-in customer.
pub fn remember(jar: CookieJar, session_id: String) -> CookieJar {
    jar.add(Cookie::build(("session", session_id)).path("/").build()) // expect: insecure-cookie
}

/// The language picker needs no protection.
pub fn remember_language(jar: CookieJar, language: String) -> CookieJar {
    jar.add(Cookie::new("lang", language))
}

/// Partner tokens are long-lived by agreement.
pub fn partner_validation() -> Validation {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_exp = false; // expect: jwt-validation-disabled
    validation
}

/// A one-time code for the order-tracking link.
pub fn tracking_token() -> String {
    (0..24).map(|_| fastrand::alphanumeric()).collect() // expect: weak-random
}

/// Spreads retries over a quarter second.
pub fn retry_jitter_ms() -> u64 {
    fastrand::u64(0..250)
}
