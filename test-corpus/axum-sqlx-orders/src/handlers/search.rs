//! Search, export and link endpoints: request input meets SQL, files, URLs, HTML and regexes.

use std::path::{Path as FsPath, PathBuf};

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{Html, IntoResponse, Redirect},
    Json,
};
use regex::Regex;
use serde::Deserialize;
use sqlx::query as q;
use sqlx::{Postgres, QueryBuilder};

use crate::repo;
use crate::state::AppState;

const EXPORT_DIR: &str = "/var/lib/orders/exports";
const MAX_PAGE: usize = 500;
const ORDERS_TABLE: &str = "orders";

#[derive(Deserialize)]
pub struct SearchParams {
    pub term: String,
    pub sort: Option<String>,
    pub page_size: usize,
    pub pattern: Option<String>,
}

#[derive(Deserialize)]
pub struct PreviewParams {
    pub len: u32,
}

#[derive(Deserialize)]
pub struct LinkParams {
    pub next: String,
    pub avatar_url: String,
}

pub async fn search(State(state): State<AppState>, Query(params): Query<SearchParams>) -> impl IntoResponse {
    // Cross-file: the term reaches `format!` SQL in repo.rs.
    let found = repo::search_by_note(&state.pool, &params.term).await;
    // The sort column comes from an allow-list: safe.
    let column = match params.sort.as_deref() {
        Some("total") => "total_cents",
        Some("created") => "created_at",
        _ => "id",
    };
    let sql = format!("SELECT id FROM {ORDERS_TABLE} ORDER BY {column} LIMIT 50");
    let sorted = sqlx::query(&sql).fetch_all(&state.pool).await;
    if sorted.is_err() {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let ids: Vec<i64> = Vec::with_capacity(params.page_size); // expect: uncontrolled-allocation
    let bounded: Vec<i64> = Vec::with_capacity(params.page_size.min(MAX_PAGE));
    drop((ids, bounded));
    match found {
        Ok(rows) => Json(rows).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "search failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A blank preview of the requested width, capped before the buffer is made.
pub async fn preview(Query(q): Query<PreviewParams>) -> String {
    if q.len > 4 * 1024 {
        return String::new();
    }
    let blank = vec![b' '; q.len as usize];
    String::from_utf8(blank).unwrap_or_default()
}

pub async fn preview_uncapped(Query(q): Query<PreviewParams>) -> String {
    let blank = vec![b' '; q.len as usize]; // expect: uncontrolled-allocation
    String::from_utf8(blank).unwrap_or_default()
}

pub async fn by_customer_name(State(state): State<AppState>, Path(name): Path<String>) -> StatusCode {
    let filter = format!("WHERE customer_name = '{}'", name);
    let sql = "SELECT id FROM orders ".to_string() + &filter;
    match q(&sql).execute(&state.pool).await { // expect: sql-injection
        Ok(_) => StatusCode::OK,
        Err(e) => {
            tracing::warn!(error = %e, "lookup failed");
            StatusCode::BAD_REQUEST
        }
    }
}

pub async fn by_ids(State(state): State<AppState>, Json(ids): Json<Vec<String>>) -> StatusCode {
    let mut builder: QueryBuilder<Postgres> = QueryBuilder::new("SELECT id FROM orders WHERE id IN (");
    let mut separated = builder.separated(", ");
    for id in &ids {
        separated.push_bind(id.clone());
    }
    builder.push(")");
    let mut unsafe_builder: QueryBuilder<Postgres> = QueryBuilder::new("SELECT id FROM orders WHERE note = '");
    unsafe_builder.push(&ids[0]); // expect: sql-injection
    unsafe_builder.push("'");
    if builder.build().execute(&state.pool).await.is_err() {
        return StatusCode::BAD_GATEWAY;
    }
    StatusCode::OK
}

pub async fn order_total(State(state): State<AppState>, Path(id): Path<String>) -> StatusCode {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::BAD_REQUEST;
    };
    let sql = format!("SELECT total_cents FROM orders WHERE id = {id}");
    let checked = sqlx::query!("SELECT total_cents FROM orders WHERE id = $1", id);
    drop(checked);
    match sqlx::query(&sql).fetch_one(&state.pool).await {
        Ok(_) => StatusCode::OK,
        Err(_) => StatusCode::NOT_FOUND,
    }
}

pub async fn download_export(Path(file): Path<String>) -> Result<Vec<u8>, StatusCode> {
    let path = format!("{EXPORT_DIR}/{file}");
    tokio::fs::read(&path).await.map_err(|_| StatusCode::NOT_FOUND) // expect: path-traversal
}

pub async fn download_export_checked(Path(file): Path<String>) -> Result<Vec<u8>, StatusCode> {
    let base = FsPath::new(EXPORT_DIR).canonicalize().map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let full: PathBuf = base.join(&file).canonicalize().map_err(|_| StatusCode::NOT_FOUND)?;
    if !full.starts_with(&base) {
        return Err(StatusCode::FORBIDDEN);
    }
    tokio::fs::read(&full).await.map_err(|_| StatusCode::NOT_FOUND)
}

/// An export by its id: ids are letters, digits and dashes, so no `/` or `.` gets through.
pub async fn download_export_by_id(Path(id): Path<String>) -> Result<Vec<u8>, StatusCode> {
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(StatusCode::BAD_REQUEST);
    }
    tokio::fs::read(format!("{EXPORT_DIR}/{id}.csv")).await.map_err(|_| StatusCode::NOT_FOUND)
}

/// An export by its label. Refusing blanks is no allow-list: `../` still gets through.
pub async fn download_export_by_label(Path(label): Path<String>) -> Result<Vec<u8>, StatusCode> {
    if label.is_empty() || label.contains(' ') {
        return Err(StatusCode::BAD_REQUEST);
    }
    tokio::fs::read(format!("{EXPORT_DIR}/{label}.csv")).await.map_err(|_| StatusCode::NOT_FOUND) // expect: path-traversal
}

/// The newest export of a kind; the kind becomes the extension only if it is alphanumeric.
pub async fn latest_export(Path(kind): Path<String>) -> Result<Vec<u8>, StatusCode> {
    let extension = Some(kind.to_lowercase())
        .filter(|ext| ext.chars().all(char::is_alphanumeric))
        .unwrap_or_else(|| "csv".to_string());
    tokio::fs::read(format!("{EXPORT_DIR}/latest.{extension}")).await.map_err(|_| StatusCode::NOT_FOUND)
}

pub async fn download_export_by_name(Path(file): Path<String>) -> Result<Vec<u8>, StatusCode> {
    let name = FsPath::new(&file).file_name().ok_or(StatusCode::BAD_REQUEST)?.to_owned();
    tokio::fs::read(FsPath::new(EXPORT_DIR).join(name)).await.map_err(|_| StatusCode::NOT_FOUND)
}

pub async fn fetch_avatar(State(state): State<AppState>, Query(link): Query<LinkParams>) -> StatusCode {
    match state.http.get(&link.avatar_url).send().await { // expect: ssrf
        Ok(_) => StatusCode::OK,
        Err(_) => StatusCode::BAD_GATEWAY,
    }
}

pub async fn fetch_gravatar(State(state): State<AppState>, Path(hash): Path<String>) -> StatusCode {
    let url = format!("https://www.gravatar.com/avatar/{hash}");
    match state.http.get(&url).send().await {
        Ok(_) => StatusCode::OK,
        Err(_) => StatusCode::BAD_GATEWAY,
    }
}

pub async fn after_login(Query(link): Query<LinkParams>) -> Redirect {
    Redirect::to(&link.next) // expect: open-redirect
}

pub async fn back_to_order(Path(id): Path<String>) -> Redirect {
    Redirect::to(&format!("/orders/{id}"))
}

pub async fn greeting(Query(params): Query<SearchParams>) -> Html<String> {
    Html(format!("<h1>Results for {}</h1>", params.term)) // expect: xss
}

pub async fn greeting_escaped(Query(params): Query<SearchParams>) -> Html<String> {
    let term = html_escape::encode_text(&params.term);
    Html(format!("<h1>Results for {term}</h1>"))
}

/// askama escapes what it writes into an HTML template.
#[derive(askama::Template)]
#[template(source = "<h1>Results for {{ term }}</h1>", ext = "html")]
struct ResultsPage<'a> {
    term: &'a str,
}

pub async fn greeting_page(Query(params): Query<SearchParams>) -> Html<String> {
    let page = ResultsPage { term: &params.term };
    Html(page.render().unwrap_or_default())
}

pub async fn greeting_page_with_footer(Query(params): Query<SearchParams>) -> Html<String> {
    let page = ResultsPage { term: &params.term }.render().unwrap_or_default();
    Html(format!("{page}<footer>{}</footer>", params.term)) // expect: xss
}

pub async fn matching_skus(Query(params): Query<SearchParams>) -> StatusCode {
    let Some(pattern) = params.pattern else {
        return StatusCode::BAD_REQUEST;
    };
    let literal = Regex::new(&regex::escape(&pattern));
    let compiled = Regex::new(&pattern); // expect: regex-injection
    if literal.is_ok() && compiled.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    }
}
