//! Request handlers, one module per resource.

pub mod catalog;
pub mod customers;
pub mod health;
pub mod items;
pub mod orders;
pub mod redirects;
pub mod search;
pub mod status;
