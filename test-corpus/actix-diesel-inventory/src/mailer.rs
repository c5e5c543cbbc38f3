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

/// The relay's credentials as the admin page shows them: `Display` names the account only.
pub struct RelayCredentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Display for RelayCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (password set: {})", self.user, !self.password.is_empty())
    }
}

/// A stored password hash whose own `Debug` shows the algorithm only.
pub struct StoredHash {
    pub algorithm: &'static str,
    pub digest: Vec<u8>,
}

impl std::fmt::Debug for StoredHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoredHash({})", self.algorithm)
    }
}

#[derive(Debug)]
pub struct StaffLogin {
    pub badge: String,
    pub password: StoredHash,
    /// Only accounts synced from the directory have one; those never reach this log.
    pub directory_token: Option<String>,
}

pub fn log_relay_change(credentials: &RelayCredentials, staff: &StaffLogin) {
    log::info!("relay credentials changed to {credentials}");
    log::info!("changed by {:?}", staff);
}

/// Without mail, the operator reads the one-time reset code from the log: that is the channel.
pub fn deliver_reset_code(mail_enabled: bool, badge: &str, reset_token: &str) {
    if !mail_enabled {
        log::warn!("mail is off; reset code for {badge}: {reset_token}");
    }
}
