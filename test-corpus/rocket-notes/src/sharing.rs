//! Notes shared by link, optionally behind a password the owner chooses.

use rocket::form::FromForm;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub struct Share {
    pub note_id: i64,
    pub slug: String,
    pub password_sha256: Option<String>,
    pub view_token: String,
}

#[derive(FromForm)]
pub struct Unlock {
    pub password: String,
}

#[derive(FromForm)]
pub struct NewShare {
    pub password: String,
    pub password_confirmation: String,
}

pub fn share_password_hash(form: &NewShare) -> Option<String> {
    if form.password.is_empty() || form.password != form.password_confirmation {
        return None;
    }
    Some(hex::encode(Sha256::digest(form.password.as_bytes()))) // expect: weak-password-hash
}

pub fn unlocks(share: &Share, form: &Unlock) -> bool {
    let given = hex::encode(Sha256::digest(form.password.as_bytes())); // expect: weak-password-hash
    share.password_sha256.as_deref() == Some(given.as_str())
}

pub fn may_view(share: &Share, view_token: &str) -> bool {
    share.view_token.as_bytes().ct_eq(view_token.as_bytes()).into()
}

pub fn slug_matches(share: &Share, slug: &str) -> bool {
    share.slug == slug && share.password_sha256 != None
}
