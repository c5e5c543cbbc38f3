//! Fills a development database with sample inventory:
//! `cargo run --bin seed -- 250`

use diesel::prelude::*;
use inventory_service::config::Settings;
use inventory_service::db;
use inventory_service::models::NewItem;
use inventory_service::repo::ItemRepo;
use inventory_service::schema::warehouses;

fn main() {
    let settings = Settings::from_env().expect("DATABASE_URL must be set");
    let pool = db::init_pool(&settings.database_url).unwrap();
    db::run_migrations(&pool);
    let mut conn = pool.get().unwrap();

    let count: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse().expect("the item count must be a number"))
        .unwrap_or(100);
    let warehouse_id = ensure_warehouse(&mut conn, "BER-1", "Berlin");
    let mut repo = ItemRepo::new(&mut conn);
    let mut created = 0;
    for i in 0..count {
        let item = fake_item(i, warehouse_id);
        match repo.insert_item(&item) {
            Ok(item) => {
                created += 1;
                println!("created {} (id {})", item.sku, item.id);
            }
            Err(e) => eprintln!("skipped {}: {e}", item.sku),
        }
    }
    inventory_service::summary::print_seed_summary(created, count);
    inventory_service::summary::print_pool_size(pool.max_size());
}

fn ensure_warehouse(conn: &mut PgConnection, code: &str, city: &str) -> i32 {
    diesel::insert_into(warehouses::table)
        .values((warehouses::code.eq(code), warehouses::city.eq(city)))
        .on_conflict(warehouses::code)
        .do_update()
        .set(warehouses::city.eq(city))
        .returning(warehouses::id)
        .get_result(conn)
        .expect("cannot create the seed warehouse")
}

fn fake_item(i: usize, warehouse_id: i32) -> NewItem {
    NewItem {
        sku: format!("SED-{:04}", i % 10_000),
        name: format!("Sample item {i}"),
        quantity: i32::try_from(i % 50).unwrap(),
        warehouse_id,
    }
}
