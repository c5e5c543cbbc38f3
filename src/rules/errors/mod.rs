//! Error handling: panics and unwraps on the request path, discarded and swallowed errors,
//! internal details leaked to clients.

pub mod discarded_result;
pub mod error_detail_leak;
pub mod panic_in_request_path;
pub mod swallowed_error;
pub mod unwrap_in_request_path;
