//! inventory-service: stock levels per warehouse, behind a small REST API.

pub mod config;
pub mod db;
pub mod error;
pub mod events;
pub mod handlers;
pub mod mailer;
pub mod models;
pub mod repo;
pub mod routes;
pub mod schema;
pub mod staff;
pub mod summary;
pub mod web_security;
