//! Observability and operations: logging, health checks, shutdown.

pub mod print_in_server;
