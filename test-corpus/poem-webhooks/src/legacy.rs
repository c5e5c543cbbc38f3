//! The payment provider's first API signs its callbacks with `md5(params + secret)`; newer
//! sources use HMAC-SHA256 (see `hooks::verify`).

use md5::{Digest, Md5};

pub struct Callback {
    pub order_id: String,
    pub amount: String,
    pub sign: String,
}

pub fn callback_signature(callback: &Callback, merchant_secret: &str) -> String {
    let mut hasher = Md5::new(); // expect: weak-hash
    hasher.update(callback.order_id.as_bytes());
    hasher.update(callback.amount.as_bytes());
    hasher.update(merchant_secret.as_bytes());
    hex::encode(hasher.finalize())
}

pub fn callback_is_genuine(callback: &Callback, merchant_secret: &str) -> bool {
    let expected_signature = callback_signature(callback, merchant_secret);
    callback.sign.len() == 32 && expected_signature == callback.sign // expect: insecure-password-compare
}

/// The provider deduplicates retries by an MD5 of the order id.
pub fn idempotency_key(callback: &Callback) -> String {
    hex::encode(Md5::digest(callback.order_id.as_bytes()))
}
