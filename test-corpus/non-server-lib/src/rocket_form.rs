//! Optional rocket integration (feature `rocket`): services built on rocket can take a store
//! code straight from a form field. The library itself serves nothing.

use rocket::form::{self, FromFormField, ValueField};

/// A store code such as `BER-0042`, parsed by [`crate::parse::parse_store_code`].
#[derive(Debug)]
pub struct StoreCode {
    pub city: String,
    pub number: u16,
}

impl<'v> FromFormField<'v> for StoreCode {
    fn from_value(field: ValueField<'v>) -> form::Result<'v, Self> {
        let (city, number) = crate::parse::parse_store_code(field.value);
        Ok(StoreCode { city, number })
    }
}
