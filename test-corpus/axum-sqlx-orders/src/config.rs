//! Configuration from the environment, read once at startup.

use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("missing environment variable {0}")]
    Missing(&'static str),
    #[error("cannot read {path}: {source}")]
    File { path: String, source: std::io::Error },
}

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub listen_addr: String,
    pub public_base_url: String,
    pub fulfilment_url: String,
    pub max_db_connections: u32,
    /// `PARTNER_TLS_INSECURE=1`: for a staging proxy with its own certificate.
    pub insecure_partner_tls: bool,
    /// Signs the customers' session tokens.
    pub jwt_secret: String,
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        let database_url = match std::env::var("DATABASE_URL") {
            Ok(url) => url,
            Err(_) => match std::env::var("DATABASE_URL_FILE") {
                Ok(path) => read_secret_file(Path::new(&path))?,
                Err(_) => return Err(ConfigError::Missing("DATABASE_URL")),
            },
        };
        let port: u16 = match std::env::var("PORT").map(|p| p.parse()) {
            Ok(Ok(port)) => port,
            Ok(Err(_)) | Err(_) => 3000,
        };
        let mut max_db_connections = 10;
        // Unset means the default: nothing to report.
        match std::env::var("DB_MAX_CONNECTIONS") {
            Ok(value) => max_db_connections = value.parse().unwrap_or(10),
            Err(_) => {}
        }
        Ok(Config {
            database_url,
            listen_addr: format!("0.0.0.0:{port}"),
            public_base_url: std::env::var("PUBLIC_BASE_URL").unwrap_or_else(|_| "http://localhost:3000".into()),
            fulfilment_url: std::env::var("FULFILMENT_URL").map_err(|_| ConfigError::Missing("FULFILMENT_URL"))?,
            max_db_connections,
            insecure_partner_tls: std::env::var("PARTNER_TLS_INSECURE").is_ok_and(|v| v == "1"),
            jwt_secret: std::env::var("JWT_SECRET").unwrap_or_else(|_| "orders-dev-secret-42".into()), // expect: fallback-secret
        })
    }
}

fn read_secret_file(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_string())
        .map_err(|source| ConfigError::File { path: path.display().to_string(), source })
}
