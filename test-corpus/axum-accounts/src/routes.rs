use axum::routing::{get, post};
use axum::Router;

use crate::{avatars, profile, tokens};

pub fn router() -> Router {
    Router::new()
        .route("/signup", post(tokens::sign_up))
        .route("/session", post(tokens::session))
        .route("/profile/{user}", get(profile::show))
        .route("/profile/{user}/stats", get(profile::stats))
        .route("/avatars/{user}", post(avatars::upload))
        .route("/avatars/{user}/crop", post(avatars::crop))
}
