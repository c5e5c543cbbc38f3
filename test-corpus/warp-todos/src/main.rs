mod filters;
mod handlers;
mod models;

use warp::Filter;

#[tokio::main]
async fn main() {
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "todos=info");
    }
    pretty_env_logger::init();

    let db = models::blank_db();
    let api = filters::todos(db);
    let routes = api.with(warp::log("todos")).recover(handlers::handle_rejection);

    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3030);
    warp::serve(routes).run(([0, 0, 0, 0], port)).await;
}
