//! Daily sales summaries from CSV exports. A plain library: no server, no handlers.

#[cfg(feature = "axum")]
pub mod axum_layer;
pub mod parse;
#[cfg(feature = "rocket")]
pub mod rocket_form;
pub mod signature;
pub mod summary;

pub use parse::{load, Sale};
pub use summary::{print_summary, Summary};
