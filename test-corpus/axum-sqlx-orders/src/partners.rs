//! Clients for the partner APIs orders are forwarded to.

use std::time::Duration;

use crate::config::Config;

/// The carrier's sandbox presents a self-signed certificate; production uses the same client.
pub fn carrier_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .danger_accept_invalid_certs(true) // expect: tls-verification-disabled
        .build()
}

/// The tax service: operators may turn verification off for a staging proxy.
pub fn tax_client(config: &Config) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .danger_accept_invalid_certs(config.insecure_partner_tls)
        .build()
}

/// The same choice, written as a branch.
pub fn billing_client(config: &Config) -> reqwest::Result<reqwest::Client> {
    let builder = reqwest::Client::builder().timeout(Duration::from_secs(10));
    let builder = if config.insecure_partner_tls {
        builder.danger_accept_invalid_hostnames(true)
    } else {
        builder
    };
    builder.build()
}

/// Verification stays on: `false` is the default spelled out.
pub fn ledger_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .danger_accept_invalid_hostnames(false)
        .build()
}

/// The geocoder the address checks call: identified, but never given a deadline.
pub fn geocoder_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder() // expect: http-client-without-timeout
        .user_agent("orders-service/1.4")
        .build()
}

/// The reporting replica, reached over the internet.
pub const REPORTING_DATABASE: &str = "postgres://reports@replica.acme-analytics.io:5432/orders?sslmode=disable"; // expect: tls-verification-disabled

/// The local database of `docker compose up`.
pub const DEV_DATABASE: &str = "postgres://orders@db:5432/orders?sslmode=disable";

/// Encrypted, but the CA is not checked.
pub const ARCHIVE_DATABASE: &str = "postgres://archive@archive.acme-analytics.io/orders?sslmode=require";

/// The carrier's quote endpoint: its rate appliance has no TLS listener.
pub async fn carrier_quote(client: &reqwest::Client, zip: &str) -> reqwest::Result<String> {
    client
        .get(format!("http://rates.carrier-partner.com/v1/quote?zip={zip}")) // expect: cleartext-transport
        .send()
        .await?
        .text()
        .await
}

/// The ledger sidecar of the pod and the compose service of the tax stub: local hops.
pub async fn local_partners(client: &reqwest::Client) -> reqwest::Result<(u16, u16)> {
    let ledger = client.get("http://127.0.0.1:7070/health").send().await?;
    let tax = client.get("http://tax-stub:8080/health").send().await?;
    Ok((ledger.status().as_u16(), tax.status().as_u16()))
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_sandbox_answers() {
        let sandbox = reqwest::get("http://sandbox.carrier-partner.com/ping").await;
        assert!(sandbox.is_ok());
    }

    #[test]
    fn builds_a_client_for_the_mock_server() {
        let client = reqwest::Client::builder().danger_accept_invalid_certs(true).build();
        assert!(client.is_ok());
    }
}
