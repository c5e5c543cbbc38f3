//! Operator accounts of the webhook console: how their passwords are stored and how the
//! console's tokens are checked.

use jsonwebtoken::{Algorithm, Validation};
use sha2::{Digest, Sha512};

pub struct NewOperator {
    pub email: String,
    pub password: String,
}

pub fn stored_password(operator: &NewOperator) -> String {
    hex::encode(Sha512::digest(operator.password.as_bytes())) // expect: weak-password-hash
}

/// A fingerprint of an endpoint's URL, to spot duplicates: SHA-512 is right here.
pub fn endpoint_fingerprint(url: &str) -> String {
    hex::encode(Sha512::digest(url.as_bytes()))
}

/// The console trusts tokens minted by the operators' SSO, whatever their signature.
pub fn console_token_validation() -> Validation {
    let mut validation = Validation::new(Algorithm::HS512);
    validation.insecure_disable_signature_validation(); // expect: jwt-validation-disabled
    validation
}

pub fn api_token_validation() -> Validation {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&["https://sso.webhooks.example"]);
    validation
}
