//! Accounts imported from the old PHP site: their unsalted MD5 password hashes are checked
//! until the user next signs in, and the site's download links stay signed the old way.

use md5::{Digest, Md5};
use sha1::Sha1;
use sha2::Sha256;

pub struct ImportedUser {
    pub email: String,
    pub password_md5: String,
    pub api_token: String,
}

pub fn legacy_password_matches(user: &ImportedUser, password: &str) -> bool {
    let digest = Md5::digest(password.as_bytes()); // expect: weak-hash, weak-password-hash
    format!("{digest:x}") == user.password_md5
}

pub fn legacy_token_matches(user: &ImportedUser, presented: &str) -> bool {
    !presented.is_empty() && user.api_token == presented // expect: insecure-password-compare
}

/// The OAuth `state` of the old site's sign-in: one-time, bound to the browser's session.
pub fn callback_state_ok(pending_state: &oauth2::CsrfToken, returned_state: &oauth2::CsrfToken) -> bool {
    pending_state.secret() == returned_state.secret()
}

pub fn signed_download(secret: &str, path: &str) -> String {
    let mut hasher = Sha1::new(); // expect: weak-hash
    hasher.update(secret.as_bytes());
    hasher.update(path.as_bytes());
    format!("{path}?sig={}", hex::encode(hasher.finalize()))
}

/// The avatar service keys images by the MD5 of the e-mail address, as Gravatar does.
pub fn gravatar_url(user: &ImportedUser) -> String {
    let digest = Md5::digest(user.email.trim().to_lowercase().as_bytes());
    format!("https://www.gravatar.com/avatar/{digest:x}")
}

/// S3 wants the MD5 of an upload in `Content-MD5`.
pub fn content_md5(body: &[u8]) -> String {
    let mut hasher = Md5::new();
    hasher.update(body);
    base64::encode(hasher.finalize())
}

/// API tokens are random and long: a fast hash is what they need.
pub fn token_digest(user: &ImportedUser) -> Vec<u8> {
    Sha256::digest(user.api_token.as_bytes()).to_vec()
}

pub fn token_kind(user: &ImportedUser) -> &'static str {
    let token_type = if user.api_token.starts_with("adm_") { "admin" } else { "user" };
    if token_type == "admin" || user.api_token.len() == 40 {
        "privileged"
    } else {
        "regular"
    }
}
