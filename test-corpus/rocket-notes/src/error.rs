use rocket::http::Status;
use rocket::response::{self, status, Responder};
use rocket::serde::json::{json, Json, Value};
use rocket::Request;
use rocket_sync_db_pools::rusqlite;

#[derive(Debug)]
pub enum ApiError {
    NotFound,
    Invalid(String),
    Database(rusqlite::Error),
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        ApiError::Database(err)
    }
}

impl<'r> Responder<'r, 'static> for ApiError {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let (status, body): (Status, Value) = match self {
            ApiError::NotFound => (Status::NotFound, json!({ "error": "note not found" })),
            ApiError::Invalid(reason) => (Status::UnprocessableEntity, json!({ "error": reason })),
            ApiError::Database(err) => {
                error!("database error on {}: {err}", req.uri());
                (Status::InternalServerError, json!({ "error": "internal server error" }))
            }
        };
        status::Custom(status, Json(body)).respond_to(req)
    }
}
