//! Stock alerts by mail.

/// The relay account of the warehouse team.
const SMTP_USER: &str = "alerts@warehouse.example.org";
const SMTP_PASSWORD: &str = "Wh4rehouse!Alerts"; // expect: hardcoded-secret
/// Error text for the admin page, not a secret.
pub const PASSWORD_REJECTED: &str = "the relay rejected the password";
pub const MIN_PASSWORD_LEN: usize = 12;

pub struct Relay {
    pub host: String,
    pub user: String,
    pub password: String,
}

pub fn relay() -> Relay {
    Relay {
        host: "smtp.example.org".to_string(),
        user: SMTP_USER.to_string(),
        password: SMTP_PASSWORD.to_string(),
    }
}

/// The digest the relay expects for the account (sent instead of the password).
pub fn relay_with_digest() -> Relay {
    let password_hash = "8c6976e5b5410415bde908bd4dee15dfb167a9c873fc4bb8a81f6f2ab448a918";
    Relay {
        host: "smtp.example.org".to_string(),
        user: SMTP_USER.to_string(),
        password: password_hash.to_string(),
    }
}

/// The relay refused the login: say which account, never what was sent.
pub fn log_rejected_login(relay: &Relay) {
    log::warn!("relay {} rejected {}", relay.host, relay.user);
    log::debug!("relay login was {}:{}", relay.user, relay.password); // expect: secret-in-log
    log::debug!("relay password has {} characters", relay.password.len());
}
