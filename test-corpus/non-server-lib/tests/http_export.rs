//! Serves a summary over HTTP the way the shop's dashboard does, to check the numbers survive
//! the trip. Starting a server in a test does not make this library a server.

use axum::{routing::get, Router};
use sales_report::summary::Summary;

async fn totals() -> String {
    let summary = Summary::default();
    format!("{} units", summary.units)
}

#[tokio::test]
async fn totals_are_served() {
    let app: Router = Router::new().route("/totals", get(totals));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let body = reqwest::get(format!("http://{address}/totals")).await.unwrap().text().await.unwrap();
    assert_eq!(body, "0 units");
}
