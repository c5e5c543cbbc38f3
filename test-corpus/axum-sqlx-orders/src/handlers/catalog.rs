//! The product catalogue: list pages, one product, and the summaries the storefront shows.

use axum::extract::{Path, Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::state::AppState;

#[derive(Serialize, sqlx::FromRow)]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub price_cents: i64,
}

#[derive(Deserialize)]
pub struct Page {
    pub after: Option<i64>,
}

/// Every active product, on one page: the list grows with the catalogue.
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<Product>>, AppError> {
    let products = sqlx::query_as!( // expect: unbounded-query
        Product,
        "SELECT id, name, price_cents FROM products WHERE active ORDER BY name"
    )
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(products))
}

/// Keyset pagination: a page at a time.
pub async fn page(State(state): State<AppState>, Query(page): Query<Page>) -> Result<Json<Vec<Product>>, AppError> {
    let products = sqlx::query_as::<_, Product>(
        "SELECT id, name, price_cents FROM products WHERE active AND id > $1 ORDER BY id LIMIT 50",
    )
    .bind(page.after.unwrap_or(0))
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(products))
}

/// One category's products: the rows of a parent.
pub async fn in_category(State(state): State<AppState>, Path(category): Path<i64>) -> Result<Json<Vec<Product>>, AppError> {
    let products = sqlx::query_as::<_, Product>(
        "SELECT p.id, p.name, p.price_cents FROM products p JOIN product_categories c ON c.product_id = p.id WHERE c.category_id = $1",
    )
    .bind(category)
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(products))
}

/// The products awaiting review: a state few products are in at a time.
pub async fn drafts(State(state): State<AppState>) -> Result<Json<Vec<Product>>, AppError> {
    let products = sqlx::query_as::<_, Product>(
        "SELECT id, name, price_cents FROM products WHERE status = 'in_review' ORDER BY id",
    )
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(products))
}

/// A product by id, with whatever columns the table has.
pub async fn show(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<Product>, AppError> {
    let product = sqlx::query_as::<_, Product>("SELECT * FROM products WHERE id = $1") // expect: select-star
        .bind(id)
        .fetch_optional(&state.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(product))
}

/// Products in stock: `*` only inside `EXISTS`, and a summary by tag.
pub async fn in_stock(State(state): State<AppState>) -> Result<Json<Vec<(String, i64)>>, AppError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT p.id FROM products p WHERE EXISTS (SELECT * FROM stock s WHERE s.product_id = p.id) LIMIT 100",
    )
    .fetch_all(&state.pool)
    .await?;
    let tags = sqlx::query_as::<_, (String, i64)>("SELECT tag, count(*) FROM product_tags GROUP BY tag")
        .fetch_all(&state.pool)
        .await?;
    let _ = ids;
    Ok(Json(tags))
}

/// The archive query, assembled from parts.
const ARCHIVED_PRODUCTS: &str = concat!(
    "SELECT * FROM products_archive ", // expect: select-star
    "WHERE archived_at > now() - interval '30 days' ",
    "ORDER BY archived_at DESC LIMIT 20"
);

pub async fn archived(State(state): State<AppState>) -> Result<Json<Vec<Product>>, AppError> {
    let products = sqlx::query_as::<_, Product>(ARCHIVED_PRODUCTS)
        .fetch_all(&state.pool)
        .await?;
    Ok(Json(products))
}
