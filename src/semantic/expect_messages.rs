//! What an `.expect("..")` message says: the invariant its author relies on ("user is
//! authenticated", "should not overflow", "we just created this"), or the failure it reports
//! ("Error loading users", "Couldn't canonicalize path"). The phrases are `[expect-messages]`
//! in `rules/models/errors.toml`.

use crate::semantic::models::models;

/// Whether the message states an invariant: an `invariant` phrase and no `failure` phrase.
pub fn states_invariant(message: &str) -> bool {
    let words = words(message);
    let phrases = &models().expect_messages;
    let has = |list: &[String]| list.iter().any(|phrase| contains_phrase(&words, phrase));
    has(&phrases.invariant) && !has(&phrases.failure)
}

/// The message's words in lower case, apostrophes kept inside them (`can't`).
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('\u{2019}', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '_'))
        .map(|word| word.trim_matches('\'').to_string())
        .filter(|word| !word.is_empty())
        .collect()
}

/// Whether the words of `phrase` occur in `words`, consecutively.
fn contains_phrase(words: &[String], phrase: &str) -> bool {
    let wanted: Vec<&str> = phrase.split_whitespace().collect();
    !wanted.is_empty()
        && words
            .windows(wanted.len())
            .any(|window| window.iter().zip(&wanted).all(|(word, want)| word == want))
}

#[cfg(test)]
mod tests {
    use super::states_invariant;

    #[test]
    fn invariants_are_stated_reasons() {
        for message in [
            "user is authenticated",
            "SystemTime should not overflow",
            "notification count can't go that high",
            "we just created this",
            "BUG: ApiContext was not added as an extension",
            "Timestamp is valid js_int value",
            "blogs::edit: User was None while it shouldn’t",
        ] {
            assert!(states_invariant(message), "{message}");
        }
    }

    #[test]
    fn failures_and_plain_labels_are_not() {
        for message in [
            "Error loading users_collections",
            "Couldn't canonicalize path",
            "No name field found",
            "Email token timestamp invalid.",
            "active verify_key is missing",
            "Failed to build URI, it should be valid",
            "entire file contents",
            "DOMAIN not a valid URL",
            "comments::create: insert error",
            // `valid` inside another word is not the word.
            "validation of the form",
        ] {
            assert!(!states_invariant(message), "{message}");
        }
    }
}
