//! Authentication: the route's metadata says whether a user must be signed in.

use axum::http::request::Parts;

#[derive(Clone)]
pub struct Services;

pub struct Metadata {
    pub requires_user: bool,
}

pub trait Endpoint {
    const METADATA: Metadata;
}

pub struct Auth {
    pub sender_user: Option<String>,
}

pub async fn authenticate(parts: &Parts, metadata: &Metadata) -> Result<Auth, String> {
    let token = parts.headers.get("authorization").and_then(|v| v.to_str().ok());
    match (token, metadata.requires_user) {
        (Some(token), _) => Ok(Auth { sender_user: Some(token.to_owned()) }),
        (None, true) => Err("missing token".to_owned()),
        (None, false) => Ok(Auth { sender_user: None }),
    }
}
