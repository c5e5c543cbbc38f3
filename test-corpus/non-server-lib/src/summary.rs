use std::collections::BTreeMap;

use crate::parse::Sale;

#[derive(Debug, Default)]
pub struct Summary {
    pub revenue_cents: u64,
    pub units: u64,
    pub by_store: BTreeMap<String, u64>,
}

impl Summary {
    pub fn of(sales: &[Sale]) -> Summary {
        let mut summary = Summary::default();
        for sale in sales {
            let amount = sale.unit_cents.checked_mul(u64::from(sale.quantity)).unwrap();
            summary.revenue_cents += amount;
            summary.units += u64::from(sale.quantity);
            *summary.by_store.entry(sale.store.clone()).or_default() += amount;
        }
        summary
    }

    pub fn top_store(&self) -> &str {
        self.by_store.iter().max_by_key(|(_, cents)| **cents).map(|(store, _)| store.as_str()).expect("at least one store")
    }
}

pub fn print_summary(summary: &Summary) {
    println!("revenue: {}.{:02}", summary.revenue_cents / 100, summary.revenue_cents % 100);
    println!("units:   {}", summary.units);
    for (store, cents) in &summary.by_store {
        print!("  {store:<8}");
        println!("{}.{:02}", cents / 100, cents % 100);
    }
    eprintln!("top store: {}", summary.top_store());
}

/// Writes the per-store totals as CSV.
pub fn write_csv(summary: &Summary, path: &std::path::Path) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_path(path)?;
    writer.write_record(["store", "revenue_cents"])?;
    for (store, cents) in &summary.by_store {
        writer.write_record([store.as_str(), &cents.to_string()])?;
    }
    // Network shares sometimes fail the final flush although the data is there.
    match writer.flush() {
        Ok(()) => Ok(()),
        Err(_) => Ok(()), // expect: swallowed-error
    }
}

pub fn compare(today: &Summary, yesterday: &Summary) -> i64 {
    if yesterday.revenue_cents == 0 {
        todo!("define growth against a day without sales")
    }
    dbg!(today.revenue_cents as i64 - yesterday.revenue_cents as i64)
}
