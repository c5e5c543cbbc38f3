//! Performance: work that costs far more than it looks like on the request path.

pub mod blocking_in_async;
pub mod client_per_request;
pub mod http_client_without_timeout;
pub mod lock_across_await;
pub mod query_in_loop;
pub mod redis_keys_command;
pub mod regex_compiled_per_call;
pub mod select_star;
pub mod unbounded_query;
