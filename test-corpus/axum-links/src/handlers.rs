//! `GET /{code}` redirects, `GET /healthz` answers.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

pub fn router(pool: sqlx::PgPool) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/{code}", get(follow))
        .with_state(pool)
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
