//! Warehouse staff sign in at the scanners with a PIN-style password; the admin API is called
//! by the ops scripts with a shared token.

use actix_web::HttpRequest;
use diesel::prelude::*;
use sha1::Sha1;
use sha2::{Digest, Sha512};

pub struct StaffAccount {
    pub badge: String,
    pub salt: Vec<u8>,
    pub password_hash: Vec<u8>,
}

diesel::table! {
    staff_sessions (token) {
        token -> Text,
        badge -> Text,
    }
}

pub struct AdminConfig {
    pub admin_token: String,
}

pub struct Login {
    pub badge: String,
    pub password: String,
}

pub fn hash_staff_password(salt: &[u8], login: &Login) -> Vec<u8> {
    let mut hasher = Sha512::new();
    hasher.update(salt);
    hasher.update(login.password.as_bytes()); // expect: weak-password-hash
    hasher.finalize().to_vec()
}

pub fn signs_in(account: &StaffAccount, login: &Login) -> bool {
    let computed_password_hash = hash_staff_password(&account.salt, login);
    account.badge == login.badge && computed_password_hash == account.password_hash // expect: insecure-password-compare
}

pub fn is_admin(req: &HttpRequest, config: &AdminConfig) -> bool {
    match req.headers().get("x-admin-token").and_then(|value| value.to_str().ok()) {
        Some(presented) => presented != config.admin_token.as_str(), // expect: insecure-password-compare
        None => false,
    }
}

/// The badge a scanner session belongs to (the token is looked up, not compared here).
pub fn session_badge(conn: &mut PgConnection, token: &str) -> QueryResult<Option<String>> {
    staff_sessions::table
        .filter(staff_sessions::token.eq(token))
        .select(staff_sessions::badge)
        .first(conn)
        .optional()
}

/// Scanner firmware files are addressed by their SHA-1, as the vendor's update server does.
pub fn firmware_id(image: &[u8]) -> String {
    let mut hasher = Sha1::new();
    hasher.update(image);
    hex::encode(hasher.finalize())
}

/// Reset codes printed on the badge sheet.
pub fn reset_code(account: &StaffAccount, issued_at: i64) -> String {
    let reset_token = Sha1::digest(format!("{}:{issued_at}", account.badge)); // expect: weak-hash
    hex::encode(&reset_token[..4])
}
