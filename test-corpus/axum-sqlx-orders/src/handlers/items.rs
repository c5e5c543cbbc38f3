use std::sync::OnceLock;

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use regex::Regex;
use serde_json::{json, Value};

use crate::models::{NewItem, OrderStatus};
use crate::repo;
use crate::state::AppState;

const SKU_PATTERN: &str = r"^[A-Z]{3}-\d{4}$";
const MAX_QUANTITY: i32 = 1_000;

type ApiResult = Result<(StatusCode, Json<Value>), (StatusCode, Json<Value>)>;

fn sku_regex() -> &'static Regex {
    static SKU: OnceLock<Regex> = OnceLock::new();
    SKU.get_or_init(|| Regex::new(SKU_PATTERN).unwrap())
}

fn blocked_skus() -> &'static Vec<String> {
    static BLOCKED: OnceLock<Vec<String>> = OnceLock::new();
    BLOCKED.get_or_init(|| {
        let list = std::env::var("BLOCKED_SKUS").expect("BLOCKED_SKUS is set by the deployment");
        list.split(',').map(|sku| sku.trim().to_owned()).filter(|sku| !sku.is_empty()).collect()
    })
}

fn editable(status: OrderStatus) -> bool {
    match status {
        OrderStatus::Pending => true,
        OrderStatus::Paid | OrderStatus::Shipped => false,
        OrderStatus::Cancelled => unreachable!("find_open_order never returns cancelled orders"), // expect: panic-in-request-path
    }
}

pub async fn add_item(
    State(state): State<AppState>,
    Path(order_id): Path<i64>,
    Json(item): Json<NewItem>,
) -> ApiResult {
    assert!(item.quantity > 0, "quantity must be positive"); // expect: panic-in-request-path
    debug_assert!(order_id > 0);
    if item.quantity > MAX_QUANTITY || !sku_regex().is_match(&item.sku) {
        return Err((StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "error": "invalid item" }))));
    }
    if blocked_skus().contains(&item.sku) {
        return Err((StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "error": "this item can no longer be ordered" }))));
    }
    let order = match repo::find_open_order(&state.pool, order_id).await {
        Ok(Some(order)) => order,
        Ok(None) => return Err((StatusCode::NOT_FOUND, Json(json!({ "error": "order not found" })))),
        Err(e) => {
            tracing::error!(error = %e, order_id, "could not load order");
            return Err((StatusCode::INTERNAL_SERVER_ERROR, Json(json!({ "error": "internal error", "order_id": order_id }))));
        }
    };
    if !editable(order.status) {
        return Err((StatusCode::CONFLICT, Json(json!({ "error": format!("order {order_id} is {:?}", order.status) }))));
    }
    match repo::add_item(&state.pool, order_id, &item).await {
        Ok(id) => {
            state.metrics.lock().unwrap().items_added += 1;
            Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
        }
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            Err((StatusCode::CONFLICT, Json(json!({ "error": db.to_string() }))))
        }
        Err(e) => Err((StatusCode::INTERNAL_SERVER_ERROR, Json(json!({ "error": format!("could not add item: {e}") })))), // expect: error-detail-leak
    }
}

pub async fn update_item(Path(order_id): Path<i64>, Json(item): Json<NewItem>) -> StatusCode {
    todo!("partial updates of order {order_id}, sku {}", item.sku) // expect: panic-in-request-path
}
