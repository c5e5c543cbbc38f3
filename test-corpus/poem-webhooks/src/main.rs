mod console;
mod delivery;
mod hooks;
mod legacy;
mod operators;
mod signing;
mod store;
mod subscriptions;

use poem::{get, listener::TcpListener, middleware::Tracing, post, EndpointExt, Route, Server};

use crate::store::Store;

#[tokio::main]
async fn main() -> Result<(), std::io::Error> {
    tracing_subscriber::fmt::init();
    let store = Store::open(std::env::var("SPOOL_DIR").unwrap_or_else(|_| "/var/lib/webhooks".into()))
        .await
        .expect("spool directory must be writable");
    let pruned = store.prune(hooks::KNOWN_SOURCES).await;
    tracing::info!(pruned, "spool directory pruned");
    let flusher = store.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            for source in hooks::KNOWN_SOURCES {
                flusher.sync(source).await;
            }
        }
    });
    let app = Route::new()
        .at("/hooks/:source", post(hooks::receive))
        .at("/health", get(hooks::health))
        .at("/hooks/:source/replay", post(hooks::replay))
        .at("/subscriptions", post(subscriptions::subscribe))
        .at("/subscriptions/import", post(subscriptions::import))
        .at("/subscriptions/all", get(subscriptions::list_all))
        .at("/subscriptions/mine", get(subscriptions::list_mine))
        .data(store)
        .with(poem::middleware::SizeLimit::new(1024 * 1024))
        .with(Tracing);
    Server::new(TcpListener::bind("0.0.0.0:3000")).run(app).await // expect: missing-graceful-shutdown
}
