//! Half-finished edit: a missing comma after a match arm. backlint must report the file as
//! unparsable at the error and go on with the rest of the corpus.

use axum::http::StatusCode;

pub fn label(code: StatusCode) -> &'static str {
    match code.as_u16() {
        200 => "ok",
        404 => "not found"
        500 => "server error", // expect: parse-error
        _ => "other",
    }
}

pub fn parse(code: &str) -> StatusCode {
    StatusCode::from_u16(code.parse().unwrap()).unwrap()
}
