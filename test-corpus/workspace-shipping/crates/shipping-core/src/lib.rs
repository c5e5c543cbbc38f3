//! Shipping rates: pure domain logic, shared by the API and the pricing CLI.

pub mod carriers;
pub mod rates;
pub mod zones;
