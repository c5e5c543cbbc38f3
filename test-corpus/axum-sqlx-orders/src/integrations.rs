//! Settings of the payment and carrier integrations.

/// The header the carrier's API reads its key from, and the form field of the admin page.
pub const CARRIER_KEY_HEADER: &str = "x-api-key";
pub const CARRIER_TOKEN_FIELD: &str = "carrier_token";
/// The variable the carrier token is read from.
const CARRIER_API_TOKEN_VAR: &str = "CARRIER_API_TOKEN";
/// Shown in the admin form until a token is saved.
pub const TOKEN_PLACEHOLDER: &str = "<paste the carrier token>";

pub struct PaymentSettings {
    pub api_base: String,
    pub api_key: String,
    pub webhook_secret: String,
    pub token_type: String,
}

impl Default for PaymentSettings {
    fn default() -> Self {
        PaymentSettings {
            api_base: "https://api.stripe.com/v1".into(),
            api_key: "sk_live_51HqLyjWDarjtT1zdp7dcXyZ".into(), // expect: hardcoded-secret
            webhook_secret: "whsec-7f3a9c1e55b2".into(), // expect: hardcoded-secret
            token_type: "Bearer".into(),
        }
    }
}

/// Before a token is configured the carrier form stays empty.
pub fn empty_payment_settings() -> PaymentSettings {
    PaymentSettings {
        api_base: String::new(),
        api_key: String::new(),
        webhook_secret: "".into(),
        token_type: "Bearer".into(),
    }
}

pub fn carrier_token() -> Result<String, std::env::VarError> {
    std::env::var(CARRIER_API_TOKEN_VAR)
}

/// The signing key of the tracking links.
pub fn tracking_link_key() -> jsonwebtoken::EncodingKey {
    jsonwebtoken::EncodingKey::from_secret(b"tracking-links-2024-06") // expect: hardcoded-secret
}

/// What the payment client starts with, for the startup log.
pub fn log_payment_settings(settings: &PaymentSettings) {
    tracing::debug!(api_base = %settings.api_base, api_key = %settings.api_key, "payment settings loaded"); // expect: secret-in-log
    tracing::info!(token_type = %settings.token_type, key_len = settings.api_key.len(), has_webhook_secret = !settings.webhook_secret.is_empty(), "payment client ready");
}
