use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Pending,
    Paid,
    Shipped,
    Cancelled,
}

impl std::str::FromStr for OrderStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pending" => Ok(OrderStatus::Pending),
            "paid" => Ok(OrderStatus::Paid),
            "shipped" => Ok(OrderStatus::Shipped),
            "cancelled" => Ok(OrderStatus::Cancelled),
            other => Err(format!("unknown order status {other:?}")),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Order {
    pub id: i64,
    pub customer_id: Uuid,
    pub status: OrderStatus,
    pub total_cents: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub customer_id: Uuid,
    pub status: String,
    pub total_cents: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize)]
pub struct NewOrder {
    pub items: Vec<NewItem>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct NewItem {
    pub sku: String,
    pub quantity: i32,
    pub unit_cents: i64,
}

/// A customer as stored; the admin console edits whole records.
#[derive(Debug, Serialize, Deserialize, sqlx::FromRow)]
pub struct Customer {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub credits: i64,
}

/// What a customer may change of their own profile. `role` is their job title, printed on
/// invoices, and not a stored permission.
#[derive(Debug, Deserialize)]
pub struct ProfileUpdate {
    pub display_name: String,
    pub role: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    pub status: Option<OrderStatus>,
}

#[derive(Debug, Clone)]
pub enum OrderEvent {
    Created(i64),
    Cancelled(i64),
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OrderItem {
    pub id: i64,
    pub order_id: i64,
    pub sku: String,
    pub quantity: i32,
    pub unit_cents: i64,
}
