use axum::{
    extract::rejection::JsonRejection,
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("order not found")]
    NotFound,
    #[error("invalid request: {0}")]
    Validation(String),
    #[error("invalid JSON body: {0}")]
    BadJson(#[from] JsonRejection),
    #[error("order {0} cannot be changed in its current state")]
    Conflict(i64),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "order not found".to_string()),
            AppError::Validation(msg) => (StatusCode::BAD_REQUEST, msg),
            AppError::BadJson(e) => (StatusCode::BAD_REQUEST, e.body_text()),
            AppError::Conflict(id) => (StatusCode::CONFLICT, format!("order {id} cannot be changed")),
            AppError::Database(e) => {
                tracing::error!(error = %e, "database error");
                (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()) // expect: error-detail-leak
            }
            AppError::Other(err) => {
                tracing::error!(error = ?err, "unexpected error");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal server error".to_string())
            }
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

/// Turns a bad path or query parameter into a 400 that says what was wrong with it.
pub fn bad_param(name: &str, err: impl std::fmt::Display) -> AppError {
    AppError::Validation(format!("invalid {name}: {err}"))
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn not_found_is_a_404_with_a_json_body() {
        let response = AppError::NotFound.into_response();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["error"], "order not found");
    }

    #[tokio::test]
    async fn validation_errors_keep_their_message() {
        let response = AppError::Validation("quantity must be positive".into()).into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body = response.into_body().collect().await.expect("body").to_bytes();
        println!("{}", String::from_utf8_lossy(&body));
    }
}
