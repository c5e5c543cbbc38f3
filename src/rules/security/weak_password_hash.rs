//! `weak-password-hash`: see `rules/weak-password-hash.md`.

use crate::rules::prelude::*;
use crate::semantic::hashes::{block_hashings, Site};
use crate::semantic::secret_names::mentions_password;

declare_rule!(WeakPasswordHash, "weak-password-hash");

impl Rule for WeakPasswordHash {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Block]
    }

    /// In each block: a fast hash (MD5, SHA-1, SHA-2, SHA-3, BLAKE2/3) whose input is a
    /// password-named value — `Sha256::digest(password.as_bytes())`, `md5::compute(form.password)`,
    /// `hasher.update(password)` on a hasher made in the block. Points at the call that takes
    /// the password.
    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Block(block) = node else {
            return;
        };
        if cx.in_non_production_code() {
            return;
        }
        for hashing in block_hashings(cx.file, block) {
            for (input, site) in &hashing.inputs {
                let Some(name) = mentions_password(input) else {
                    continue;
                };
                let at = match site {
                    Site::Call(call) => cx.span(*call),
                    Site::Feed(method) => cx
                        .span_of(method.method.span())
                        .to(cx.span_of(method.paren_token.span.join())),
                };
                let algorithm = &hashing.model.algorithm;
                cx.report(
                    at,
                    format!(
                        "`{name}` is hashed with {algorithm} (`{}`), a fast hash",
                        hashing.written()
                    ),
                )
                .label(format!("billions of {algorithm} guesses per second on one GPU"))
                .help("hash passwords with argon2 (`Argon2::default().hash_password(..)`), bcrypt, scrypt or pbkdf2 with a per-user salt")
                .emit();
            }
        }
    }
}
