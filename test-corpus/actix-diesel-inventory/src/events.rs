//! Stock events are queued in memory and forwarded in batches by a background task.

use tokio::sync::mpsc::UnboundedReceiver;

use crate::models::StockEvent;

const MAX_BATCH: usize = 100;

/// Takes what is queued right now, without waiting.
pub fn drain(rx: &mut UnboundedReceiver<StockEvent>) -> Vec<StockEvent> {
    let mut batch = Vec::new();
    for _ in 0..MAX_BATCH {
        match rx.try_recv() {
            Ok(event) => batch.push(event),
            Err(_) => {}
        }
    }
    batch
}

pub async fn forward(mut rx: UnboundedReceiver<StockEvent>) {
    loop {
        let batch = drain(&mut rx);
        if batch.is_empty() {
            match rx.recv().await {
                Some(event) => log::info!(target: "stock", "item {} now at {}", event.item_id, event.quantity),
                None => return,
            }
            continue;
        }
        for event in batch {
            log::info!(target: "stock", "item {} now at {}", event.item_id, event.quantity);
        }
    }
}

/// The warehouse system's event intake: its appliance has no TLS listener.
const WAREHOUSE_INTAKE: &str = "http://intake.warehouse-systems.com/events";

/// Forwards a batch to the warehouse system.
pub async fn forward(client: &awc::Client, batch: &[StockEvent]) -> Result<(), awc::error::SendRequestError> {
    client.post(WAREHOUSE_INTAKE).send_json(&batch).await?; // expect: cleartext-transport
    Ok(())
}
