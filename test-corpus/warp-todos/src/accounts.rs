//! Shared-list accounts: each list has a password, and its members get a session token.

use openssl::hash::{hash, MessageDigest};

pub struct ListAccount {
    pub list_id: u64,
    pub password_digest: Vec<u8>,
    pub session_token: String,
    pub push_token: Option<String>,
}

pub fn set_list_password(account: &mut ListAccount, new_password: &str) {
    let digest = blake3::hash(new_password.as_bytes()); // expect: weak-password-hash
    account.password_digest = digest.as_bytes().to_vec();
}

pub fn session_valid(account: &ListAccount, cookie_value: &str) -> bool {
    account.session_token.eq(cookie_value) // expect: insecure-password-compare
}

/// Phones re-register their push token on every start; only a changed one is stored.
pub fn push_token_changed(account: &ListAccount, push_token: &str) -> bool {
    account.push_token.as_deref() != Some(push_token)
}

pub fn legacy_session_id(account: &ListAccount, secret: &[u8]) -> Result<String, openssl::error::ErrorStack> {
    let material = [secret, &account.list_id.to_be_bytes()].concat();
    let session_token = hash(MessageDigest::md5(), &material)?; // expect: weak-hash
    Ok(hex::encode(session_token))
}

/// The export file's checksum, as the import tool of the old app expects it.
pub fn export_checksum(export: &[u8]) -> Result<String, openssl::error::ErrorStack> {
    Ok(hex::encode(hash(MessageDigest::md5(), export)?))
}
