use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};
use serde::Deserialize;
use subtle::ConstantTimeEq;

/// API keys from Rocket.toml / ROCKET_API_KEYS, as `owner:key` pairs.
#[derive(Debug, Deserialize)]
pub struct ApiKeys {
    pub api_keys: Vec<String>,
}

impl ApiKeys {
    fn owner_of(&self, presented: &str) -> Option<String> {
        self.api_keys.iter().find_map(|entry| {
            let Some((owner, key)) = entry.split_once(':') else {
                panic!("api_keys entries must look like `owner:key`"); // expect: panic-in-request-path
            };
            bool::from(key.as_bytes().ct_eq(presented.as_bytes())).then(|| owner.to_string())
        })
    }
}

/// The owner of the notes, authenticated by the `X-Api-Key` header.
pub struct AuthUser {
    pub owner: String,
}

#[derive(Debug)]
pub enum AuthError {
    Missing,
    Invalid,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for AuthUser {
    type Error = AuthError;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let Some(presented) = req.headers().get_one("X-Api-Key") else {
            return Outcome::Error((Status::Unauthorized, AuthError::Missing));
        };
        let keys = req.rocket().state::<ApiKeys>().expect("ApiKeys is managed by the config fairing");
        match keys.owner_of(presented) {
            Some(owner) => Outcome::Success(AuthUser { owner }),
            None => Outcome::Error((Status::Unauthorized, AuthError::Invalid)),
        }
    }
}
