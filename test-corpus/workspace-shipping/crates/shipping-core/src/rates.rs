use serde::{Deserialize, Serialize};

use crate::zones::Zones;

#[derive(Debug, Deserialize)]
pub struct QuoteRequest {
    pub country: String,
    pub weight_grams: u32,
}

#[derive(Debug, Serialize)]
pub struct Quote {
    pub zone: u8,
    pub price_cents: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum QuoteError {
    #[error("we do not ship to {0}")]
    UnknownCountry(String),
    #[error("parcels over 30 kg go by freight")]
    TooHeavy,
}

const BASE_CENTS: [u64; 4] = [490, 890, 1490, 2990];

pub fn quote(zones: &Zones, request: &QuoteRequest) -> Result<Quote, QuoteError> {
    let zone = zones
        .zone_of(&request.country)
        .ok_or_else(|| QuoteError::UnknownCountry(request.country.clone()))?;
    if request.weight_grams > 30_000 {
        return Err(QuoteError::TooHeavy);
    }
    let base = BASE_CENTS[usize::from(zone.min(3))];
    let per_kg = u64::from(zone) * 60;
    Ok(Quote { zone, price_cents: base + per_kg * u64::from(request.weight_grams.div_ceil(1000)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heavy_parcels_are_refused() {
        let zones = Zones::default();
        let err = quote(&zones, &QuoteRequest { country: "DE".into(), weight_grams: 31_000 }).unwrap_err();
        println!("{err}");
    }
}
