//! backlint: a static analyzer for Rust backend services.
//!
//! The library API is [`check`]: paths and settings in, a [`report::Report`] out. The binaries
//! (`backlint`, `cargo-backlint`) only parse arguments, call it and render the result.
//! `docs/architecture.md` is the map of the code.

pub mod cargo;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod lexer;
pub mod messages;
pub mod paths;
pub mod progress;
pub mod report;
pub mod rules;
pub mod selection;
pub mod semantic;
pub mod settings;
pub mod source;

pub use engine::check;
