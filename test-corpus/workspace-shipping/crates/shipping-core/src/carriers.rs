//! The carriers' own services: the page where a customer follows a parcel, and the status API
//! the shipping API asks.

use std::time::Duration;

/// A carrier's sites, from the deployment's configuration.
pub struct Carrier {
    pub tracking_site: String,
    pub api_base: String,
}

impl Carrier {
    pub fn from_env() -> Carrier {
        Carrier {
            tracking_site: std::env::var("CARRIER_SITE").unwrap_or_else(|_| "https://track.example".into()),
            api_base: std::env::var("CARRIER_API").unwrap_or_else(|_| "https://api.track.example".into()),
        }
    }
}

/// The carrier's page for a parcel: the configured site, with the code as a query parameter.
pub fn tracking_page(carrier: &Carrier, code: &str) -> String {
    format!("{}/parcels?code={code}", carrier.tracking_site)
}

/// The status endpoint of a parcel on the carrier's API.
pub fn status_url(carrier: &Carrier, code: &str) -> String {
    format!("{}/v2/status/{code}", carrier.api_base)
}

/// A link a customer pasted, without the blanks around it.
pub fn tidy_link(link: &str) -> String {
    link.trim().to_string()
}

/// A client for the carrier's status API.
pub fn status_client() -> reqwest::Client {
    reqwest::Client::builder() // expect: client-per-request
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap_or_default()
}
