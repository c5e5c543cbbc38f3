//! The crate's extractor: the route's metadata decides whether `sender_user` is filled, the
//! request's body whether `json_body` is.

use axum::body::Body;
use axum::extract::FromRequest;
use axum::http::Request;

use crate::auth::{self, Endpoint, Services};

pub struct Args<T> {
    pub body: T,
    pub sender_user: Option<String>,
    pub json_body: Option<serde_json::Value>,
}

impl<T> Args<T> {
    pub fn sender_user(&self) -> &str {
        self.sender_user.as_deref().expect("the route requires a user")
    }
}

impl<T: Endpoint + Default> FromRequest<Services> for Args<T> {
    type Rejection = String;

    async fn from_request(request: Request<Body>, _services: &Services) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, 1 << 20).await.map_err(|e| e.to_string())?;
        let json_body = serde_json::from_slice(&bytes).ok();
        let auth = auth::authenticate(&parts, &T::METADATA).await?;
        Ok(Self { body: T::default(), sender_user: auth.sender_user, json_body })
    }
}

/// An extractor that decides by the request alone: its `user` may be missing on any route.
pub struct MaybeUser {
    pub user: Option<String>,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for MaybeUser {
    type Rejection = String;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let user = parts.headers.get("x-user").and_then(|v| v.to_str().ok()).map(str::to_owned);
        Ok(Self { user })
    }
}
