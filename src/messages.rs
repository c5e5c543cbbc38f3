//! Pieces of the one-line messages backlint gives users, worded the same everywhere: an I/O
//! error's cause, a modelled name with its article, and the "did you mean" suggestion for a misspelt name (config keys, rule
//! ids in config and in suppression comments, categories, workspace members).

use std::io;

/// An I/O error's description without Rust's `(os error N)` suffix.
pub fn io_message(error: &io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error ") {
        Some(at) if text.ends_with(')') => text[..at].to_string(),
        _ => text,
    }
}

/// A name from the models with its indefinite article, by the name's first letter (`an AWS
/// access key id`, `a GitHub token`).
pub fn with_article(name: &str) -> String {
    let vowel = name
        .chars()
        .next()
        .is_some_and(|first| "aeiouAEIOU".contains(first));
    format!("{} {name}", if vowel { "an" } else { "a" })
}

/// The candidate closest to a misspelt `text`, if any is close enough to be a likely typo.
/// Case, surrounding blanks and `_` for `-` do not count as differences; closeness is the
/// Jaro-Winkler similarity, which favours a shared beginning (`unwrap-in-handler` is
/// `unwrap-in-request-path` misremembered, not a different rule).
pub fn closest<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let normalized = text.trim().to_ascii_lowercase().replace('_', "-");
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(&normalized, candidate), candidate))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// `; did you mean `x`?` for the [`closest`] candidate, or nothing when none is close.
pub fn did_you_mean<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(text, candidates)
        .map(|candidate| format!("; did you mean `{candidate}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_take_the_article_of_their_first_letter() {
        assert_eq!(with_article("AWS access key id"), "an AWS access key id");
        assert_eq!(with_article("GitHub token"), "a GitHub token");
        assert_eq!(with_article("private key"), "a private key");
    }

    #[test]
    fn io_messages_drop_the_os_error_code() {
        let error = io::Error::from_raw_os_error(2);
        assert_eq!(io_message(&error), "No such file or directory");
        let custom = io::Error::other("stream ended (os error pending");
        assert_eq!(io_message(&custom), "stream ended (os error pending");
    }

    #[test]
    fn the_closest_candidate_is_suggested_and_distant_ones_are_not() {
        let rules = ["sql-injection", "unwrap-in-request-path", "print-in-server"];
        assert_eq!(closest("sql-injecton", rules), Some("sql-injection"));
        assert_eq!(
            closest("Unwrap_In_Request_Path", rules),
            Some("unwrap-in-request-path")
        );
        assert_eq!(
            closest("unwrap-in-handler", rules),
            Some("unwrap-in-request-path")
        );
        assert_eq!(closest("completely-made-up", rules), None);
        assert_eq!(
            did_you_mean("fail_on", ["fail-on", "select"]),
            "; did you mean `fail-on`?"
        );
        assert_eq!(did_you_mean("zzz", ["fail-on", "select"]), "");
    }
}
