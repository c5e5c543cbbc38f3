//! The inventory service's cross-origin policies, its session cookie, the suppliers' API client
//! and the tokens it hands out.

use actix_cors::Cors;
use actix_web::cookie::{Cookie, SameSite};
use jsonwebtoken::{Algorithm, Validation};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// The back-office UI, served from another host, calls the API with the staff session.
pub fn back_office_cors() -> Cors {
    Cors::permissive() // expect: permissive-cors
}

/// The public stock feed may be read from any page: no credentials, GET only.
pub fn stock_feed_cors() -> Cors {
    Cors::default()
        .allow_any_origin()
        .allowed_methods(vec!["GET"])
        .max_age(3600)
}

/// The partner portal: one origin, with credentials.
pub fn partner_cors() -> Cors {
    Cors::default()
        .allowed_origin("https://partners.inventory.example")
        .supports_credentials()
}

/// A staff cross-origin policy that also sends cookies to any site.
pub fn staff_cors() -> Cors {
    Cors::default().allow_any_origin().supports_credentials() // expect: permissive-cors
}

pub fn staff_session_cookie(session_id: String) -> Cookie<'static> {
    Cookie::build("staff_session", session_id) // expect: insecure-cookie
        .path("/")
        .http_only(true)
        .finish()
}

pub fn hardened_session_cookie(session_id: String) -> Cookie<'static> {
    Cookie::build("staff_session", session_id)
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
        .finish()
}

/// A preference, not a credential.
pub fn warehouse_cookie(warehouse: String) -> Cookie<'static> {
    Cookie::build("warehouse", warehouse).path("/").finish()
}

/// The operator's setting for a supplier's test system: a choice, not a finding.
pub fn supplier_client(accept_self_signed: bool) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder() // expect: http-client-without-timeout
        .danger_accept_invalid_certs(accept_self_signed)
        .build()
}

/// The legacy supplier's certificate names another host, so host names go unchecked.
pub fn legacy_supplier_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder() // expect: http-client-without-timeout
        .danger_accept_invalid_hostnames(true) // expect: tls-verification-disabled
        .build()
}

pub fn staff_token_validation() -> Validation {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 30;
    validation.insecure_disable_signature_validation(); // expect: jwt-validation-disabled
    validation
}

pub fn partner_token_validation() -> Validation {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_exp = true;
    validation.set_audience(&["inventory"]);
    validation
}

pub fn new_pick_list_token() -> String {
    let mut rng = SmallRng::from_entropy(); // expect: weak-random
    (0..32).map(|_| rng.sample(rand::distributions::Alphanumeric) as char).collect()
}

/// Jitter for the restock poller: a fast generator is right here.
pub fn restock_jitter_ms() -> u64 {
    SmallRng::from_entropy().gen_range(0..500)
}
