//! Reminder e-mails for overdue todos: the mail provider's credentials, its API, and the
//! calendar tokens the reminders link to.

use jsonwebtoken::{Algorithm, Validation};

/// Where the mail provider's API lives, and the status page nobody authenticates to.
const MAILER_API: &str = "http://api.mailer-relay.net/v2/send";
const STATUS_PAGE: &str = "https://status.mailer-relay.net";

pub struct Mailer {
    client: reqwest::Client,
    api_key: String,
    sender: String,
}

impl Mailer {
    pub fn from_env(client: reqwest::Client) -> Mailer {
        let api_key = std::env::var("MAILER_API_KEY").unwrap_or_else(|_| "mk-dev-4f7a9c2e".to_string()); // expect: fallback-secret
        // A non-secret setting may fall back to a literal.
        let sender = std::env::var("MAILER_SENDER").unwrap_or_else(|_| "todos@localhost".to_string());
        Mailer { client, api_key, sender }
    }

    pub async fn send(&self, to: &str, body: &str) -> reqwest::Result<()> {
        self.client
            .post(MAILER_API) // expect: cleartext-transport
            .bearer_auth(&self.api_key)
            .json(&serde_json::json!({ "from": self.sender, "to": to, "body": body }))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    pub async fn provider_is_up(&self) -> bool {
        self.client.get(STATUS_PAGE).send().await.is_ok()
    }
}

/// Calendar links carry a token; old reminders must keep opening the calendar.
pub fn calendar_token_validation() -> Validation {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false; // expect: jwt-validation-disabled
    validation
}

/// Lists of the last 24 hours: expiry checked, with a minute of clock skew.
pub fn digest_token_validation() -> Validation {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 60;
    validation
}

/// The reminder body is copied into the provider's fixed-size buffer through its C library.
pub fn copy_into(buffer: &mut [u8; 512], body: &str) -> usize {
    let len = body.len().min(buffer.len());
    unsafe { std::ptr::copy_nonoverlapping(body.as_ptr(), buffer.as_mut_ptr(), len) }; // expect: unsafe-code
    len
}
