mod accounts;
mod archive;
mod filters;
mod handlers;
mod models;
mod reminders;
mod security;
mod sessions;
mod status;
mod upstream;

use warp::Filter;

#[tokio::main]
async fn main() {
    if std::env::var_os("RUST_LOG").is_none() {
        // SAFETY: no other thread reads the environment yet (Rust 2024 requires the block).
        unsafe { std::env::set_var("RUST_LOG", "todos=info") };
    }
    pretty_env_logger::init();

    // The deployment's readiness hook, pinged once before serving.
    if let Ok(hook) = std::env::var("READY_HOOK_URL") {
        match reqwest::get(hook).await {
            Ok(response) => log::info!("readiness hook answered {}", response.status()),
            Err(e) => log::warn!("readiness hook unreachable: {e}"),
        }
    }

    let db = models::blank_db();
    let reporting_url = std::env::var("REPORTING_DATABASE_URL").expect("REPORTING_DATABASE_URL must be set");
    let reporting = mysql::Pool::new(reporting_url.as_str()).expect("the reporting database URL is valid");
    let api = filters::todos(db, reporting);
    let routes = api.with(warp::log("todos")).recover(handlers::handle_rejection);

    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3030);
    warp::serve(routes).run(([0, 0, 0, 0], port)).await; // expect: missing-graceful-shutdown
}
