use std::sync::LazyLock;

use axum::extract::Query;
use regex::Regex;
use serde::Deserialize;

static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"#([a-z0-9_]+)").expect("tag pattern"));

const SLUG_PATTERN: &str = r"^[a-z0-9-]{1,64}$";

#[derive(Deserialize)]
pub struct Search {
    pub q: String,
}

pub async fn search(Query(search): Query<Search>) -> String {
    if !is_slug(&search.q) {
        return String::new();
    }
    let tags: Vec<&str> = TAG
        .captures_iter(&search.q)
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
        .collect();
    tags.join(",")
}

/// Called by the handler on every request: the pattern is compiled every time.
fn is_slug(text: &str) -> bool {
    Regex::new(SLUG_PATTERN).map(|re| re.is_match(text)).unwrap_or(false) // expect: regex-compiled-per-call
}

/// Not reached from a handler, but the same pattern is compiled once per line.
pub fn count_errors(lines: &[String]) -> usize {
    let mut count = 0;
    for line in lines {
        let re = regex::RegexBuilder::new("error") // expect: regex-compiled-per-call
            .case_insensitive(true)
            .build()
            .expect("error pattern");
        if re.is_match(line) {
            count += 1;
        }
    }
    count
}

/// Run once at startup, from `main`.
pub fn load_filters(patterns: &[String]) -> Vec<Regex> {
    let header = Regex::new(r"^\s*#").expect("comment pattern");
    patterns
        .iter()
        .filter(|p| !header.is_match(p))
        .filter_map(|p| Regex::new(p).ok())
        .collect()
}
