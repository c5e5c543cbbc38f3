//! Daily sales summaries from CSV exports. A plain library: no server, no handlers.

pub mod parse;
pub mod summary;

pub use parse::{load, Sale};
pub use summary::{print_summary, Summary};
