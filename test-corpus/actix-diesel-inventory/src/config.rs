use std::env::VarError;

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub host: String,
    pub port: u16,
    pub workers: usize,
}

impl Settings {
    pub fn from_env() -> Result<Settings, VarError> {
        Ok(Settings {
            database_url: std::env::var("DATABASE_URL")?,
            host: std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".into()),
            port: std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8080),
            workers: std::env::var("WORKERS").map(|w| w.parse().expect("WORKERS must be a number")).unwrap_or(4),
        })
    }
}
