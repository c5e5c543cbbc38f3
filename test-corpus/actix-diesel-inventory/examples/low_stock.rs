//! Prints the items that are running low, straight from the database:
//! `cargo run --example low_stock`

use diesel::prelude::*;
use inventory_service::{config::Settings, db, models::Item, schema::items};

fn main() {
    let settings = Settings::from_env().unwrap();
    let pool = db::init_pool(&settings.database_url).unwrap();
    let mut conn = pool.get().unwrap();
    let low: Vec<Item> = items::table
        .filter(items::quantity.lt(5))
        .select(Item::as_select())
        .load(&mut conn)
        .expect("query failed");
    for item in low {
        println!("{:<12} {:>4}  warehouse {}", item.sku, item.quantity, item.warehouse_id);
    }
}
