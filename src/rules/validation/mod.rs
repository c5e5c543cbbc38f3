//! Input validation at the entry points: what a request may carry before a handler sees it.

pub mod body_limit_disabled;
