use std::fmt::Write;

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use uuid::Uuid;

use crate::error::{bad_param, AppError, AppResult};
use crate::models::{ListParams, NewOrder, Order, OrderEvent, OrderStatus};
use crate::notify;
use crate::repo;
use crate::state::AppState;

const MAX_PAGE: i64 = 200;

pub async fn list(State(state): State<AppState>, Query(params): Query<ListParams>) -> AppResult<Json<Vec<Order>>> {
    let limit = params.limit.unwrap_or(50).clamp(1, MAX_PAGE);
    let offset = params.offset.unwrap_or_default().max(0);
    let orders = repo::list_orders(&state.pool, params.status, limit, offset).await?;
    Ok(Json(orders))
}

// backlint-allow(panic-in-request-path): show() still had a todo!() during the migration // expect: unused-suppression
pub async fn show(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<Order>> {
    let order = repo::find_order(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(order))
}

pub async fn by_customer(
    State(state): State<AppState>,
    Path(customer_id): Path<String>,
) -> AppResult<Json<Vec<Order>>> {
    let customer_id = Uuid::parse_str(&customer_id).unwrap(); // expect: unwrap-in-request-path
    let orders = repo::orders_of_customer(&state.pool, customer_id).await?;
    Ok(Json(orders))
}

pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(body): Json<NewOrder>,
) -> AppResult<(StatusCode, Json<Order>)> {
    let customer_id: Uuid = headers
        .get("x-customer-id")
        .and_then(|value| value.to_str().ok())
        .expect("the gateway always sets x-customer-id") // all-input: unwrap-in-request-path
        .parse()
        .map_err(|e| bad_param("x-customer-id", e))?;
    if body.items.is_empty() {
        return Err(AppError::Validation("an order needs at least one item".into()));
    }
    if let Some(bad) = body.items.iter().find(|item| item.quantity <= 0) {
        return Err(AppError::Validation(format!("quantity of {} must be positive", bad.sku)));
    }
    let id = repo::insert_order(&state.pool, customer_id, &body.items).await?;
    repo::touch_customer(&state.pool, customer_id).await;
    let order = repo::find_order(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    // Nobody may be subscribed (no dashboard connected): that is fine.
    let _ = state.events.send(OrderEvent::Created(order.id));
    state.metrics.lock().unwrap().orders_created += 1;
    notify::order_created(&state.fulfilment_url, order.id, order.total_cents).await;
    tracing::info!(order_id = order.id, %customer_id, "order created");
    Ok((StatusCode::CREATED, Json(order)))
}

pub async fn cancel(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<StatusCode> {
    let order = repo::find_order(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    match order.status {
        OrderStatus::Pending | OrderStatus::Paid => {}
        OrderStatus::Shipped | OrderStatus::Cancelled => return Err(AppError::Conflict(id)),
    }
    let _ = repo::cancel_order(&state.pool, id).await; // expect: discarded-result
    let _ = state.events.send(OrderEvent::Cancelled(id));
    state.metrics.lock().unwrap().orders_cancelled += 1;
    notify::order_cancelled(&state.fulfilment_url, id).await;
    Ok(StatusCode::NO_CONTENT)
}

/// A plain-text receipt, as printed by the shops' thermal printers.
pub async fn receipt(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<String> {
    let order = repo::find_order(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    let items = repo::items_of_order(&state.pool, id).await?;
    let mut out = String::new();
    writeln!(out, "ORDER #{id}  {}", order.created_at.format("%Y-%m-%d %H:%M")).unwrap();
    for item in &items {
        let line_total = item.unit_cents * i64::from(item.quantity);
        let _ = writeln!(out, "{:<12} x{:>3} {:>10}", item.sku, item.quantity, money(line_total));
    }
    let _ = writeln!(out, "TOTAL {:>27}", money(order.total_cents));
    let _ = write!(out, "{}/orders/{id}", state.public_base_url);
    Ok(out)
}

fn money(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn money_pads_cents() {
        assert_eq!(money(1205), "12.05");
        assert_eq!(money(-250), "-2.50");
        let parsed: f64 = money(99).parse().unwrap();
        assert!(parsed < 1.0);
    }
}

/// `POST /orders/lookup`: several orders by id, one repository call (one query) per id.
pub async fn lookup(State(state): State<AppState>, Json(ids): Json<Vec<i64>>) -> AppResult<Json<Vec<Order>>> {
    let mut orders = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(order) = repo::find_order(&state.pool, id).await? { // expect: query-in-loop
            orders.push(order);
        }
    }
    Ok(Json(orders))
}

/// `GET /orders/lines`: one query for the page, then formatting only, no query per item.
pub async fn lines(State(state): State<AppState>) -> AppResult<Json<Vec<String>>> {
    let orders = repo::list_orders(&state.pool, None, MAX_PAGE, 0).await?;
    let mut lines = Vec::new();
    for order in &orders {
        lines.push(receipt_line(order));
    }
    Ok(Json(lines))
}

fn receipt_line(order: &Order) -> String {
    format!("#{} {} cents", order.id, order.total_cents)
}
