//! Signed links that share a note read-only.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type LinkMac = Hmac<Sha256>;

/// Query key of the signature in a shared link.
pub const SIGNATURE_PARAM: &str = "sig";
pub const SHARE_TOKEN_PARAM: &str = "share_token";

pub fn sign(note_id: i64) -> Option<String> {
    let mut mac = LinkMac::new_from_slice(b"notes-share-links-v2").ok()?; // expect: hardcoded-secret
    mac.update(note_id.to_string().as_bytes());
    Some(hex::encode(mac.finalize().into_bytes()))
}

const SHARE_KEY_VAR: &str = "SHARE_LINK_SECRET";

/// The key of shared links, from the deployment.
pub fn configured_key() -> Vec<u8> {
    std::env::var(SHARE_KEY_VAR)
        .unwrap_or_else(|_| "share-links-fallback-9".to_string()) // expect: fallback-secret
        .into_bytes()
}

/// Which key the links are signed with, for the operator.
pub fn log_share_key(share_secret: &str, key_id: &str) {
    log::info!("share links signed with key {key_id}");
    log::debug!("share links signed with {share_secret}"); // expect: secret-in-log
}

/// Links signed with the key the operator configured.
pub fn sign_with(key: &[u8], note_id: i64) -> Option<String> {
    let mut mac = LinkMac::new_from_slice(key).ok()?;
    mac.update(note_id.to_string().as_bytes());
    Some(hex::encode(mac.finalize().into_bytes()))
}
