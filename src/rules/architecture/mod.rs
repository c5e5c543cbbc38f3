//! Separation of concerns: what belongs at startup, in the state, or in another layer.

pub mod env_in_handler;
pub mod global_mutable_state;
