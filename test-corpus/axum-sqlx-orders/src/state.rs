use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use sqlx::PgPool;
use tokio::sync::broadcast;

use crate::models::OrderEvent;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub events: broadcast::Sender<OrderEvent>,
    pub metrics: Arc<Mutex<Metrics>>,
    pub public_base_url: String,
    pub fulfilment_url: String,
    pub http: reqwest::Client,
}

/// When the process started; set first thing in `main`.
pub static STARTED: OnceLock<Instant> = OnceLock::new();

#[derive(Default, Debug)]
pub struct Metrics {
    pub orders_created: u64,
    pub orders_cancelled: u64,
    pub items_added: u64,
}

impl Metrics {
    pub fn render(&self) -> String {
        format!(
            "orders_created {}\norders_cancelled {}\nitems_added {}\n",
            self.orders_created, self.orders_cancelled, self.items_added
        )
    }
}
