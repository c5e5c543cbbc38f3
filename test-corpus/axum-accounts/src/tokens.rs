//! Sign-up and session tokens: a password hash, an HMAC over the claims, an expiry from the
//! clock.

use std::time::{SystemTime, UNIX_EPOCH};

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::Json;
use hmac::{Hmac, Mac};
use rand_core::OsRng;
use serde::{Deserialize, Serialize};

type SessionMac = Hmac<sha2::Sha256>;

const SESSION_KEY: &str = "rotated-by-deploys"; // expect: hardcoded-secret
const SESSION_SECONDS: u64 = 3600;

/// The seed admin's token for the local stack's integration tests: debug builds only, signed
/// with the debug key, so a release build never holds it.
#[cfg(debug_assertions)]
pub const TEST_ADMIN_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbkBsb2NhbGhvc3QifQ.q9Xb2Lk7Vt4Zp1Nw6Ks3Hd9Fg5Jb0Mc2";

/// The key release builds sign the seed admin's token with.
#[cfg(not(debug_assertions))]
pub const ADMIN_SIGNING_KEY: &str = "q9Xb2Lk7Vt4Zp1Nw6Ks3Hd9Fg5Jb0Mc2Ye7Ua"; // expect: hardcoded-secret

#[derive(Deserialize)]
pub struct SignUp {
    pub email: String,
    pub password: String,
    pub iterations: Option<u32>,
}

#[derive(Serialize)]
struct Claims {
    sub: String,
    exp: u64,
}

/// Each user's sessions are signed with a key of their own, so that they can be revoked alone.
fn user_key(user: &str) -> Vec<u8> {
    let mut key = SESSION_KEY.as_bytes().to_vec();
    key.extend_from_slice(user.as_bytes());
    key
}

pub async fn sign_up(Json(form): Json<SignUp>) -> String {
    let hasher = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default());
    let salt = SaltString::generate(&mut OsRng);
    let hash = hasher.hash_password(form.password.as_bytes(), &salt).unwrap(); // expect: blocking-in-async
    // Client-chosen parameters can be out of range.
    let costly = Params::new(19_456, form.iterations.unwrap_or(2), 1, None).unwrap(); // all-input: unwrap-in-request-path
    let strong = Argon2::new(Algorithm::Argon2id, Version::V0x13, costly);
    let strong_hash = strong.hash_password(form.password.as_bytes(), &salt).unwrap(); // all-input: unwrap-in-request-path // expect: blocking-in-async
    format!("{}: {hash} {strong_hash}", form.email)
}

pub async fn session(Json(form): Json<SignUp>) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    let claims = Claims { sub: form.email, exp: now + SESSION_SECONDS };
    let payload = serde_json::to_string(&claims).expect("claims serialise");
    let mut mac = SessionMac::new_from_slice(&user_key(&claims.sub)).expect("any key length");
    mac.update(payload.as_bytes());
    // Seconds since 1970 overflow a u32 in 2106, but the value is the server's own clock
    // reading, not the request's or the environment's: not reported (a known limit).
    let short = u32::try_from(now).unwrap();
    format!("{payload}.{:x}.{short}", mac.finalize().into_bytes())
}
