use axum::Json;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Signup {
    pub name: String,
    pub password: String,
}

/// Hashing on the request task stalls the runtime's worker for the whole hash.
pub async fn signup(Json(signup): Json<Signup>) -> Json<bool> {
    let hashed = bcrypt::hash(&signup.password, bcrypt::DEFAULT_COST); // expect: blocking-in-async
    let terms = std::fs::read_to_string("static/terms.txt").unwrap_or_default(); // expect: blocking-in-async
    Json(hashed.is_ok() && !terms.is_empty() && !signup.name.is_empty())
}

/// The same work, off the runtime or with the async file API.
pub async fn signup_offloaded(Json(signup): Json<Signup>) -> Json<bool> {
    let password = signup.password.clone();
    let hashed = tokio::task::spawn_blocking(move || bcrypt::hash(password, bcrypt::DEFAULT_COST))
        .await
        .map(|hash| hash.is_ok())
        .unwrap_or(false);
    let terms = tokio::fs::read_to_string("static/terms.txt")
        .await
        .unwrap_or_default();
    Json(hashed && !terms.is_empty())
}
