//! `weak-hash`: see `rules/weak-hash.md`.

use crate::rules::prelude::*;
use crate::semantic::hashes::block_hashings;
use crate::semantic::secret_names::{
    classify, is_security_function, mentions_password, value_name,
};

declare_rule!(WeakHash, "weak-hash");

impl Rule for WeakHash {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Block]
    }

    /// In each block: an MD5 or SHA-1 computation whose digest is a security decision — its
    /// input is a password or credential, the digest goes to a credential-named local or field
    /// (`let signature = ..`), or the function is named for one (`fn sign_request`). Checksums,
    /// ETags, cache keys and Gravatar URLs are none of these.
    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Block(block) = node else {
            return;
        };
        if cx.in_non_production_code() {
            return;
        }
        let function = cx
            .scope
            .function
            .and_then(|id| cx.facts.functions.get(id))
            .map(|function| function.name.clone());
        for hashing in block_hashings(cx.file, block) {
            if !hashing.model.broken {
                continue;
            }
            let input = hashing.inputs.iter().find_map(|(input, _)| {
                mentions_password(input)
                    .or_else(|| value_name(input).filter(|name| classify(name).is_some()))
            });
            let why = if let Some(name) = input {
                format!("of `{name}`")
            } else if let Some(name) = hashing
                .bound_to
                .iter()
                .find(|name| classify(name).is_some())
            {
                format!("for `{name}`")
            } else if let Some(name) = function
                .as_deref()
                .filter(|name| is_security_function(name))
            {
                format!("in `{name}`")
            } else {
                continue;
            };
            let algorithm = &hashing.model.algorithm;
            let at = cx.span(hashing.call);
            cx.report(
                at,
                format!(
                    "`{}` computes {algorithm}, a broken hash, {why}",
                    hashing.written()
                ),
            )
            .label(format!("{algorithm} collisions can be computed"))
            .help("use SHA-256 or SHA-3 (HMAC-SHA-256 to sign); hash passwords with argon2, bcrypt or scrypt")
            .emit();
        }
    }
}
