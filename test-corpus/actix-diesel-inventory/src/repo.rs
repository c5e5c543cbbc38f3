//! Diesel queries. Every function takes a connection: callers decide about pooling and
//! `web::block`.

use diesel::prelude::*;

use crate::models::{Item, NewItem, NewMovement, Relocation, Warehouse, WarehouseChanges};
use crate::schema::{items, stock_movements, warehouses};

pub struct ItemRepo<'c> {
    conn: &'c mut PgConnection,
}

impl<'c> ItemRepo<'c> {
    pub fn new(conn: &'c mut PgConnection) -> Self {
        Self { conn }
    }

    pub fn page(&mut self, page: i64, per_page: i64) -> QueryResult<Vec<Item>> {
        items::table
            .order(items::id)
            .limit(per_page)
            .offset(page * per_page)
            .select(Item::as_select())
            .load(self.conn)
    }

    pub fn find_by_sku(&mut self, sku: &str) -> QueryResult<Option<Item>> {
        let sku = self.normalize_sku(sku);
        items::table
            .filter(items::sku.eq(sku))
            .select(Item::as_select())
            .first(self.conn)
            .optional()
    }

    /// Old labels print SKUs in lower case with a leading `#`.
    fn normalize_sku(&self, sku: &str) -> String {
        let first = sku.chars().next().unwrap(); // all-input: unwrap-in-request-path
        let rest = if first == '#' { &sku[1..] } else { sku };
        rest.to_ascii_uppercase()
    }

    pub fn insert_item(&mut self, new_item: &NewItem) -> QueryResult<Item> {
        let (prefix, _) = sku_parts(&new_item.sku);
        log::debug!("inserting item in family {prefix}");
        diesel::insert_into(items::table)
            .values(new_item)
            .returning(Item::as_returning())
            .get_result(self.conn)
    }

    pub fn adjust_stock(&mut self, item_id: i32, delta: i32, reason: &str) -> QueryResult<Item> {
        self.conn.transaction(|conn| {
            let item: Item = diesel::update(items::table.find(item_id))
                .set((items::quantity.eq(items::quantity + delta), items::updated_at.eq(diesel::dsl::now)))
                .returning(Item::as_returning())
                .get_result(conn)?;
            diesel::insert_into(stock_movements::table)
                .values(&NewMovement { item_id, delta, reason })
                .execute(conn)?;
            Ok(item)
        })
    }

    /// Units per warehouse code, for the dashboard.
    pub fn stock_by_warehouse(&mut self) -> QueryResult<Vec<(String, i64)>> {
        let rows: Vec<(String, Option<i64>)> = items::table
            .inner_join(warehouses::table)
            .group_by(warehouses::code)
            .select((warehouses::code, diesel::dsl::sum(items::quantity)))
            .load(self.conn)?;
        Ok(rows
            .into_iter()
            .map(|(code, total)| (code, total.unwrap())) // silent: a column of the rows loaded is data, not the load failing (Known limits)
            .collect())
    }
}

// backlint-allow(unwrap-in-request-path): SKUs are checked against SKU_FORMAT by the handlers before they get here
fn sku_parts(sku: &str) -> (&str, u32) {
    let (prefix, number) = sku.split_once('-').unwrap();
    (prefix, number.parse().expect("SKU_FORMAT guarantees a numeric suffix"))
}

pub fn find_warehouse(conn: &mut PgConnection, id: i32) -> QueryResult<Option<Warehouse>> {
    warehouses::table.find(id).select(Warehouse::as_select()).first(conn).optional()
}

pub fn update_warehouse(conn: &mut PgConnection, id: i32, changes: &WarehouseChanges) -> QueryResult<Warehouse> {
    diesel::update(warehouses::table.find(id)).set(changes).returning(Warehouse::as_returning()).get_result(conn)
}

pub fn relocate_warehouse(conn: &mut PgConnection, id: i32, relocation: &Relocation) -> QueryResult<Warehouse> {
    diesel::update(warehouses::table.find(id)).set(relocation).returning(Warehouse::as_returning()).get_result(conn)
}

pub fn all_warehouses(conn: &mut PgConnection, city: Option<&str>) -> QueryResult<Vec<Warehouse>> {
    let mut query = warehouses::table.select(Warehouse::as_select()).order(warehouses::code).into_boxed();
    if let Some(city) = city {
        query = query.filter(warehouses::city.eq(city));
    }
    query.limit(500).load(conn)
}

pub fn warehouse_stock(conn: &mut PgConnection, id: i32) -> QueryResult<i64> {
    items::table
        .filter(items::warehouse_id.eq(id))
        .select(diesel::dsl::sum(items::quantity))
        .first::<Option<i64>>(conn)
        .map(|total| total.unwrap_or(0))
}

#[derive(diesel::QueryableByName, serde::Serialize)]
pub struct StockRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub sku: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub quantity: i32,
}

/// The report's ORDER BY comes from a fixed set of columns; the warehouse code is a value.
pub fn stock_report(conn: &mut PgConnection, warehouse: &str, order_by: Option<&str>) -> QueryResult<Vec<StockRow>> {
    let column = match order_by {
        Some("quantity") => "i.quantity",
        Some("updated") => "i.updated_at",
        _ => "i.sku",
    };
    let safe = format!(
        "SELECT i.sku, i.quantity FROM items i JOIN warehouses w ON w.id = i.warehouse_id WHERE w.code = $1 ORDER BY {column}"
    );
    let mut rows: Vec<StockRow> = diesel::sql_query(&safe).bind::<diesel::sql_types::Text, _>(warehouse).load(conn)?;
    let unsafe_sql = format!("SELECT i.sku, i.quantity FROM items i JOIN warehouses w ON w.id = i.warehouse_id WHERE w.code = '{warehouse}'");
    rows.extend(diesel::sql_query(unsafe_sql).load::<StockRow>(conn)?); // expect: sql-injection
    Ok(rows)
}

pub fn delete_warehouse(conn: &mut PgConnection, id: i32) -> QueryResult<usize> {
    let stocked_items = items::table.filter(items::warehouse_id.eq(id)).select(items::id);
    let _ = diesel::delete(stock_movements::table.filter(stock_movements::item_id.eq_any(stocked_items))).execute(conn); // expect: discarded-result
    diesel::delete(items::table.filter(items::warehouse_id.eq(id))).execute(conn)?;
    diesel::delete(warehouses::table.find(id)).execute(conn)
}

/// Moves the given items to another warehouse, one UPDATE per item.
pub fn move_items(conn: &mut PgConnection, item_ids: &[i32], warehouse_id: i32) -> QueryResult<usize> {
    let mut moved = 0;
    for id in item_ids {
        moved += diesel::update(items::table.find(id)) // expect: query-in-loop
            .set(items::warehouse_id.eq(warehouse_id))
            .execute(conn)?;
    }
    Ok(moved)
}

/// The same in one statement.
pub fn move_items_at_once(conn: &mut PgConnection, item_ids: &[i32], warehouse_id: i32) -> QueryResult<usize> {
    diesel::update(items::table.filter(items::id.eq_any(item_ids)))
        .set(items::warehouse_id.eq(warehouse_id))
        .execute(conn)
}

/// How many movements each item has had, one count per item.
pub fn movement_counts(conn: &mut PgConnection, item_ids: &[i32]) -> QueryResult<Vec<i64>> {
    item_ids
        .iter()
        .map(|id| stock_movements::table.filter(stock_movements::item_id.eq(id)).count().get_result(conn)) // expect: query-in-loop
        .collect()
}
