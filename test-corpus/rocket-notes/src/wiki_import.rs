//! Imports notes from the legacy wiki: its API client, its page checksums, the signatures on
//! its export webhooks and the token that authorises an import.

use md5::{Digest, Md5};

pub fn wiki_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .danger_accept_invalid_certs(true) // expect: tls-verification-disabled
        .build()
}

/// The same wiki through its CA bundle.
pub fn pinned_wiki_client(ca: reqwest::Certificate) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder().add_root_certificate(ca).build() // expect: http-client-without-timeout
}

/// A checksum that skips pages unchanged since the last import: not a security decision.
pub fn page_checksum(body: &str) -> String {
    hex::encode(Md5::digest(body.as_bytes()))
}

/// The wiki signs each export webhook with md5(secret || body).
pub fn export_signature(webhook_secret: &str, body: &str) -> String {
    let mut hasher = Md5::new(); // expect: weak-hash
    hasher.update(webhook_secret.as_bytes());
    hasher.update(body.as_bytes());
    hex::encode(hasher.finalize())
}

/// Whether the import request carries the configured import token.
pub fn import_authorised(presented: &str, import_token: &str) -> bool {
    !presented.is_empty() && presented == import_token // expect: insecure-password-compare
}

/// Whether the wiki's page format is the one this importer reads: a version, not a secret.
pub fn format_supported(page_format: &str) -> bool {
    page_format == "wiki-v2"
}
