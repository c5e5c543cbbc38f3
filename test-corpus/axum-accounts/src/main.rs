//! accounts-service: sign-up, sessions and avatars.

mod avatars;
mod dev_data;
#[cfg(feature = "ldap")]
mod directory;
mod legacy;
mod profile;
mod routes;
mod tokens;

#[tokio::main]
async fn main() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.expect("bind");
    axum::serve(listener, routes::router()).await.expect("serve"); // expect: missing-graceful-shutdown
}
