use hmac::{Hmac, Mac};
use poem::http::{header, HeaderMap, HeaderValue, StatusCode};
use poem::web::{Data, Path, Query};
use serde::Deserialize;
use poem::{handler, Error, Response, Result};
use sha2::Sha256;

use crate::store::Store;

type HmacSha256 = Hmac<Sha256>;

pub const KNOWN_SOURCES: &[&str] = &["github", "stripe", "shopify"];

#[handler]
pub fn health() -> Response {
    Response::builder()
        .header(header::CACHE_CONTROL, "no-cache".parse::<HeaderValue>().unwrap())
        .body("ok")
}

#[handler]
pub async fn receive(
    Path(source): Path<String>,
    headers: &HeaderMap,
    body: Vec<u8>,
    Data(store): Data<&Store>,
) -> Result<StatusCode> {
    if !KNOWN_SOURCES.contains(&source.as_str()) {
        return Err(Error::from_string(format!("unknown webhook source {source:?}"), StatusCode::BAD_REQUEST));
    }
    let signature = headers
        .get("x-signature-256")
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| Error::from_status(StatusCode::UNAUTHORIZED))?;
    let secret = store.secret_for(&source).ok_or_else(|| Error::from_status(StatusCode::NOT_FOUND))?;
    tracing::debug!(%source, ?secret, "verifying delivery"); // expect: secret-in-log
    tracing::trace!(%source, secret_len = secret.len(), signature, "signature received");
    verify(&secret, signature, &body)?;
    match store.append(&source, &body).await {
        Ok(()) => Ok(StatusCode::ACCEPTED),
        Err(e) => Err(Error::from_string(format!("cannot store event: {e}"), StatusCode::INTERNAL_SERVER_ERROR)), // expect: error-detail-leak
    }
}

fn verify(secret: &str, signature: &str, body: &[u8]) -> Result<()> {
    let expected = hex::decode(signature.trim_start_matches("sha256=")).unwrap(); // expect: unwrap-in-request-path
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).map_err(|_| Error::from_status(StatusCode::INTERNAL_SERVER_ERROR))?;
    mac.update(body);
    mac.verify_slice(&expected).map_err(|_| Error::from_status(StatusCode::UNAUTHORIZED))
}

#[derive(Deserialize)]
pub struct ReplayParams {
    pub callback: String,
    pub batch: usize,
}

/// Replays stored events of a source to a callback URL given by the caller.
#[handler]
pub async fn replay(Path(source): Path<String>, Query(params): Query<ReplayParams>, Data(store): Data<&Store>) -> Result<StatusCode> {
    let mut batch = Vec::with_capacity(params.batch); // expect: uncontrolled-allocation
    batch.extend(store.recent(&source, 100).await);
    let client = reqwest::Client::builder() // expect: client-per-request
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .map_err(|_| Error::from_status(StatusCode::INTERNAL_SERVER_ERROR))?;
    let sent = client.post(params.callback.as_str()).json(&batch).send().await; // expect: ssrf
    sent.map(|_| StatusCode::ACCEPTED).map_err(|_| Error::from_status(StatusCode::BAD_GATEWAY))
}

/// The relay's status page; it only speaks plain HTTP.
const STATUS_PAGE: &str = "http://status.hookrelay.net";

/// Tells the status page this worker is alive.
pub async fn heartbeat(client: &reqwest::Client, worker: &str) -> reqwest::Result<reqwest::Response> {
    client.post(format!("{STATUS_PAGE}/workers/{worker}/beat")).send().await // expect: cleartext-transport
}

/// The same page over TLS, and a link to it for operators (never requested by the server).
pub async fn status(client: &reqwest::Client) -> reqwest::Result<(reqwest::Response, String)> {
    let page = client.get("https://status.hookrelay.net/summary").send().await?;
    Ok((page, format!("see {STATUS_PAGE}/incidents")))
}
