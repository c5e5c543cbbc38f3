//! The webhook console: the operators' browser UI calls the API cross-origin with its session
//! cookie.

use poem::middleware::Cors;
use poem::web::cookie::{Cookie, CookieJar, SameSite};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Any site may call the console API with the operator's cookie: no origin was ever added.
pub fn console_cors() -> Cors {
    Cors::new().allow_credentials(true) // expect: permissive-cors
}

/// The console's own origin, with credentials.
pub fn pinned_console_cors(origin: &str) -> Cors {
    Cors::new().allow_origin(origin).allow_credentials(true)
}

pub fn start_console_session(jar: &CookieJar, operator_session: String) {
    let mut cookie = Cookie::new_with_str("console_session", operator_session); // expect: insecure-cookie
    cookie.set_path("/console");
    cookie.set_http_only(true);
    jar.add(cookie);
}

pub fn start_hardened_console_session(jar: &CookieJar, operator_session: String) {
    let mut cookie = Cookie::new_with_str("console_session", operator_session);
    cookie.set_path("/console");
    cookie.set_secure(true);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Strict);
    jar.add(cookie);
}

/// Signing secrets for new endpoints, from a generator seeded with the clock.
pub fn new_endpoint_secret() -> [u8; 32] {
    let mut rng = StdRng::seed_from_u64( // expect: weak-random
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0),
    );
    rng.gen()
}

/// Retry spread for deliveries: a seeded generator keeps tests reproducible, nothing secret.
pub fn retry_spread_ms(attempt: u64) -> u64 {
    StdRng::seed_from_u64(attempt).gen_range(0..1_000)
}
