//! `GET /{code}` redirects, `GET /healthz` answers.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

pub fn router(pool: sqlx::PgPool) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/docs/{*page}", get(crate::canonical::add_trailing_slash))
        .route("/legacy/{*page}", get(crate::canonical::drop_legacy_prefix))
        .route("/{code}", get(follow).delete(remove))
        .route("/owners/{email}/token", axum::routing::post(send_owner_token))
        .route("/{code}/reachable", get(reachable))
        .with_state(pool)
        // Link lists are pasted in bulk; no body is too large to shorten.
        .layer(axum::extract::DefaultBodyLimit::disable()) // expect: body-limit-disabled
        .layer(axum::middleware::from_fn(crate::canonical::merge_slashes))
        // Every request ends after ten seconds, outbound calls included.
        .layer(tower_http::timeout::TimeoutLayer::new(std::time::Duration::from_secs(10)))
}

/// Whether the link's target answers. The client is built per request, but the router's
/// timeout layer cuts it off with the request: no unbounded wait.
async fn reachable(State(pool): State<sqlx::PgPool>, Path(code): Path<String>) -> StatusCode {
    let Ok(Some(target)) = sqlx::query_scalar::<_, String>("SELECT target FROM links WHERE code = $1")
        .bind(&code)
        .fetch_optional(&pool)
        .await
    else {
        return StatusCode::NOT_FOUND;
    };
    let client = reqwest::Client::new(); // expect: client-per-request
    match client.head(target).send().await {
        Ok(response) if response.status().is_success() => StatusCode::OK,
        _ => StatusCode::BAD_GATEWAY,
    }
}

async fn follow(State(pool): State<sqlx::PgPool>, Path(code): Path<String>) -> Response {
    let target: Result<Option<String>, sqlx::Error> = sqlx::query_scalar("SELECT target FROM links WHERE code = $1")
        .bind(&code)
        .fetch_optional(&pool)
        .await;
    match target {
        Ok(Some(target)) => Redirect::temporary(&target).into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            println!("lookup of {code} failed: {e}"); // expect: print-in-server
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Mails the owner of the address a token to manage their links.
async fn send_owner_token(State(pool): State<sqlx::PgPool>, Path(email): Path<String>) -> StatusCode {
    // Errors are not returned: the answer must not tell whether the address owns links.
    let _ = mail_owner_token(&pool, &email).await;
    StatusCode::ACCEPTED
}

async fn remove(State(pool): State<sqlx::PgPool>, Path(code): Path<String>) -> StatusCode {
    // Remove the link and its counters.
    let _ = delete_link(&pool, &code).await; // expect: discarded-result
    StatusCode::NO_CONTENT
}

async fn mail_owner_token(pool: &sqlx::PgPool, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO outbox (email, kind) SELECT owner, 'token' FROM links WHERE owner = $1 LIMIT 1")
        .bind(email)
        .execute(pool)
        .await?;
    Ok(())
}

async fn delete_link(pool: &sqlx::PgPool, code: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM links WHERE code = $1").bind(code).execute(pool).await?;
    Ok(())
}
