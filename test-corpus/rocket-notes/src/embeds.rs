//! Embedded and shared notes: the cross-origin policy of the embed widget, the share cookie and the
//! signed share tokens.

use jsonwebtoken::{Algorithm, Validation};
use rocket::http::{Cookie, CookieJar};
use rocket_cors::{AllowedOrigins, CorsOptions};

/// The embed widget runs on customers' sites and calls back with the reader's cookie.
pub fn embed_cors() -> CorsOptions {
    CorsOptions {
        allowed_origins: AllowedOrigins::all(), // expect: permissive-cors
        allow_credentials: true,
        ..CorsOptions::default()
    }
}

/// Public note previews: any origin, nothing but anonymous reads.
pub fn preview_cors() -> CorsOptions {
    CorsOptions {
        allowed_origins: AllowedOrigins::all(),
        allow_credentials: false,
        ..CorsOptions::default()
    }
}

/// The reader's session on a shared link.
pub fn remember_reader(cookies: &CookieJar<'_>, reader: String) {
    let cookie = Cookie::build(("reader_session", reader))
        .path("/shared")
        .http_only(true)
        .secure(false) // expect: insecure-cookie
        .build();
    cookies.add(cookie);
}

/// Which note list the reader last looked at: a preference.
pub fn remember_list(cookies: &CookieJar<'_>, list: String) {
    cookies.add(Cookie::build(("last_list", list)).path("/").secure(false).build());
}

/// Share tokens are checked for their signature and audience, but never expire.
pub fn share_token_validation() -> Validation {
    Validation {
        validate_exp: false, // expect: jwt-validation-disabled
        ..Validation::new(Algorithm::HS256)
    }
}

pub fn generate_share_token() -> String {
    std::iter::repeat_with(fastrand::alphanumeric).take(24).collect() // expect: weak-random
}

/// Which preview image to show first: chance, not a secret.
pub fn preview_order(count: usize) -> usize {
    fastrand::usize(..count)
}

/// The editor's session: a private cookie, which rocket makes `HttpOnly`; `Secure` is set here.
pub fn remember_editor(cookies: &CookieJar<'_>, editor: String) {
    cookies.add_private(Cookie::build(("editor_session", editor)).path("/").secure(true).build());
}

/// The same private cookie without `Secure`: sent over plain HTTP too.
pub fn remember_guest_editor(cookies: &CookieJar<'_>, editor: String) {
    let cookie = Cookie::build(("guest_session", editor)).path("/").build(); // expect: insecure-cookie
    cookies.add_private(cookie);
}
