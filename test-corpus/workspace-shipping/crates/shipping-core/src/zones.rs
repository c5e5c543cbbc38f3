use std::collections::HashMap;
use std::path::Path;

/// Country code → zone number, from `zones.json`.
#[derive(Debug, Clone, Default)]
pub struct Zones {
    by_country: HashMap<String, u8>,
}

impl Zones {
    pub fn load(path: &Path) -> Zones {
        let text = std::fs::read_to_string(path).expect("zones file is readable");
        let by_country: HashMap<String, u8> = serde_json::from_str(&text).unwrap();
        Zones { by_country }
    }

    pub fn zone_of(&self, country: &str) -> Option<u8> {
        self.by_country.get(&country.to_ascii_uppercase()).copied()
    }

    /// For the pricing CLI's `--table` flag.
    pub fn print_table(&self) {
        let mut rows: Vec<_> = self.by_country.iter().collect();
        rows.sort();
        for (country, zone) in rows {
            println!("{country}\t{zone}");
        }
    }
}
