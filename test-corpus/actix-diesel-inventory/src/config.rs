use std::env::VarError;

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub host: String,
    pub port: u16,
    pub workers: usize,
    pub admin_token: String,
    /// Empty when the relay needs no login.
    pub smtp_password: String,
}

impl Settings {
    pub fn from_env() -> Result<Settings, VarError> {
        Ok(Settings {
            database_url: std::env::var("DATABASE_URL")?,
            host: std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".into()),
            port: std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8080),
            workers: std::env::var("WORKERS").map(|w| w.parse().expect("WORKERS must be a number")).unwrap_or(4),
            admin_token: std::env::var("ADMIN_TOKEN").unwrap_or(String::from("let-me-in-2024")), // expect: fallback-secret
            smtp_password: std::env::var("SMTP_PASSWORD").unwrap_or_default(),
        })
    }
}
