//! Tells the fulfilment service about new orders.

use std::sync::LazyLock;
use std::time::Duration;

use serde::Serialize;

static CLIENT: LazyLock<reqwest::Client> = LazyLock::new(|| {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
        .build()
        .expect("TLS backend is available")
});

#[derive(Serialize)]
struct OrderCreated {
    order_id: i64,
    total_cents: i64,
}

/// Fire and forget: fulfilment also polls for new orders every minute.
pub async fn order_created(fulfilment_url: &str, order_id: i64, total_cents: i64) {
    let body = OrderCreated { order_id, total_cents };
    let _ = CLIENT.post(format!("{fulfilment_url}/v1/orders")).json(&body).send().await; // expect: discarded-result
}

/// The same, for cancellations, but failures are logged: support asked for them.
pub async fn order_cancelled(fulfilment_url: &str, order_id: i64) {
    let url = format!("{fulfilment_url}/v1/orders/{order_id}/cancel");
    match CLIENT.post(url).send().await.and_then(|r| r.error_for_status()) {
        Ok(_) => {}
        Err(e) => tracing::warn!(order_id, error = %e, "fulfilment was not told about a cancellation"),
    }
}
