use std::fs::File;
use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Sale {
    pub sku: String,
    pub quantity: u32,
    pub unit_cents: u64,
    pub store: String,
}

/// Loads a CSV export. Exports are produced by our own tooling: a malformed one is a bug
/// upstream, and the batch job should stop loudly.
pub fn load(path: &Path) -> Vec<Sale> {
    let file = File::open(path).expect("sales export must exist");
    let mut reader = csv::Reader::from_reader(file);
    let sales: Vec<Sale> = reader.deserialize().map(|row| row.unwrap()).collect();
    assert!(!sales.is_empty(), "export {} is empty", path.display());
    sales
}

/// Like [`load`], for exports that may be missing (stores that were closed that day).
pub fn try_load(path: &Path) -> Option<Vec<Sale>> {
    match File::open(path) {
        Ok(_) => Some(load(path)),
        Err(_) => None,
    }
}

/// Removes the staging copy once an export has been processed.
pub fn cleanup(staging: &Path) {
    let _ = std::fs::remove_file(staging);
}

pub fn parse_store_code(code: &str) -> (String, u16) {
    let (region, number) = code.split_once('-').unwrap();
    match number.parse() {
        Ok(n) => (region.to_string(), n),
        Err(_) => panic!("store code {code} has no numeric part"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_codes_split_at_the_dash() {
        assert_eq!(parse_store_code("BER-12"), ("BER".to_string(), 12));
        let sales = try_load(Path::new("does-not-exist.csv"));
        assert!(sales.is_none());
        println!("ok");
    }
}

/// The store code of a row, borrowed from the CSV record's bytes.
pub fn store_code(record: &[u8]) -> &str {
    let end = record.iter().position(|&b| !b.is_ascii_alphanumeric()).unwrap_or(record.len());
    // SAFETY: the prefix holds ASCII alphanumerics only.
    unsafe { std::str::from_utf8_unchecked(&record[..end]) }
}
