//! Observability and operations: logging, health checks, shutdown.

pub mod missing_graceful_shutdown;
pub mod print_in_server;
