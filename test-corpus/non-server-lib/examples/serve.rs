//! A throwaway server over the library, for trying the report in a browser.

use axum::{routing::get, Router};

async fn report() -> String {
    let summary = sales_report::summary::Summary::default();
    format!("revenue: {}", summary.revenue_cents)
}

#[tokio::main]
async fn main() {
    let app: Router = Router::new().route("/", get(report));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    println!("serving on http://127.0.0.1:3000");
    axum::serve(listener, app).await.unwrap();
}
