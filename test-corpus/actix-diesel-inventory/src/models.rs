use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::schema::{items, stock_movements, warehouses};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = items)]
pub struct Item {
    pub id: i32,
    pub sku: String,
    pub name: String,
    pub quantity: i32,
    pub warehouse_id: i32,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable, Deserialize)]
#[diesel(table_name = items)]
pub struct NewItem {
    pub sku: String,
    pub name: String,
    pub quantity: i32,
    pub warehouse_id: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = warehouses)]
pub struct Warehouse {
    pub id: i32,
    pub code: String,
    pub city: String,
}

/// A warehouse's record as its managers edit it; `verified` marks a site an auditor inspected.
#[derive(Debug, AsChangeset, Deserialize)]
#[diesel(table_name = warehouses)]
pub struct WarehouseChanges {
    pub city: Option<String>,
    pub verified: Option<bool>,
}

/// A move to another city: the audit flag is reset by the server, never read from the request.
#[derive(Debug, AsChangeset, Deserialize)]
#[diesel(table_name = warehouses)]
pub struct Relocation {
    pub city: String,
    #[serde(skip_deserializing)]
    pub verified: bool,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = stock_movements)]
pub struct NewMovement<'a> {
    pub item_id: i32,
    pub delta: i32,
    pub reason: &'a str,
}

#[derive(Debug, Deserialize)]
pub struct Pagination {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct Adjustment {
    pub delta: i32,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StockEvent {
    pub item_id: i32,
    pub quantity: i32,
}
