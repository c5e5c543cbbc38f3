//! Signs outgoing webhook deliveries so subscribers can verify them.

/// The header subscribers read the signature from.
pub const SIGNATURE_HEADER: &str = "webhook-signature";

/// The key deliveries are signed with.
const SIGNING_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n"; // expect: hardcoded-secret

/// Subscribers verify with this; it is public by design.
pub const VERIFYING_KEY_PEM: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
-----END PUBLIC KEY-----";

pub fn signing_key_pem() -> &'static str {
    SIGNING_KEY_PEM
}

/// The shared secret of subscribers that use HMAC signatures instead.
pub fn hmac_secret() -> &'static str {
    option_env!("WEBHOOK_HMAC_SECRET").unwrap_or("hmac-dev-only-7731") // expect: fallback-secret
}

/// Where the spool lives unless configured.
pub fn spool_dir() -> String {
    std::env::var("SPOOL_DIR").unwrap_or_else(|_| "/var/lib/webhooks".to_string())
}

/// `SecretString` prints `[REDACTED]`.
pub fn log_loaded_secret(signing_secret: &secrecy::SecretString) {
    tracing::debug!(?signing_secret, "signing secret loaded");
}

/// Messages of the subscription form.
pub fn secret_hint() -> &'static str {
    "The signing secret is shown once, when the subscription is created."
}
