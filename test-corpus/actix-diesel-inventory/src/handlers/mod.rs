pub mod admin;
pub mod items;
pub mod links;
pub mod reports;
pub mod warehouses;

/// `ABC-1234`: three letters, a dash, four digits.
pub const SKU_FORMAT: &str = r"^[A-Z]{3}-[0-9]{4}$";
