//! Mirrors notes to the sync hub over its live feed.

use tokio_tungstenite::tungstenite::Error;

/// Opens the live feed of the sync hub.
pub async fn connect_hub() -> Result<(), Error> {
    let (_feed, _response) = tokio_tungstenite::connect_async("ws://hub.notes-sync.io/v1/feed").await?; // expect: cleartext-transport
    Ok(())
}

/// The hub's own development instance runs beside the service.
pub async fn connect_dev_hub() -> Result<(), Error> {
    let (_feed, _response) = tokio_tungstenite::connect_async("ws://localhost:9001/v1/feed").await?;
    Ok(())
}
