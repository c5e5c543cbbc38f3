use actix_web::{http::StatusCode, HttpResponse, ResponseError};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    BadRequest(String),
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("connection pool error: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("blocking task failed: {0}")]
    Blocking(#[from] actix_web::error::BlockingError),
}

#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: String,
}

impl ResponseError for ServiceError {
    fn status_code(&self) -> StatusCode {
        match self {
            ServiceError::NotFound(_) => StatusCode::NOT_FOUND,
            ServiceError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServiceError::Database(_) | ServiceError::Pool(_) | ServiceError::Blocking(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ServiceError::NotFound(_) => HttpResponse::NotFound().json(ErrorBody { error: self.to_string() }),
            ServiceError::BadRequest(msg) => HttpResponse::BadRequest().json(ErrorBody { error: msg.clone() }),
            ServiceError::Database(_) | ServiceError::Pool(_) | ServiceError::Blocking(_) => {
                log::error!("{self}");
                HttpResponse::InternalServerError().json(ErrorBody { error: self.to_string() }) // expect: error-detail-leak
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::to_bytes;

    #[actix_web::test]
    async fn not_found_names_the_resource() {
        let response = ServiceError::NotFound("item").error_response();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let body = to_bytes(response.into_body()).await.unwrap();
        assert_eq!(body, r#"{"error":"item not found"}"#);
    }
}
