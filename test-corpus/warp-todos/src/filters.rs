//! backlint-allow-file(unwrap-in-request-path): filters are assembled once at startup // expect: unused-suppression
//!
//! The todo API's filters.

use warp::Filter;

use crate::archive;
use crate::handlers;
use crate::status;
use crate::models::{Announcement, Db, ListOptions, NewTodo};

/// All todo routes.
pub fn todos(db: Db, reporting: mysql::Pool) -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    todos_list(db.clone())
        .or(todos_archive(db.clone(), reporting))
        .or(todos_archive_count())
        .or(provider_status())
        .or(todos_create(db.clone()))
        .or(todos_import(db.clone()))
        .or(todos_export(db.clone()))
        .or(todos_announce())
        .or(todos_delete(db))
}

/// PUT /todos/export/:name
pub fn todos_export(db: Db) -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    warp::path!("todos" / "export" / String)
        .and(warp::put())
        .and(with_db(db))
        .and_then(handlers::export_todos)
}

/// PUT /todos/archive/:owner
pub fn todos_archive(db: Db, reporting: mysql::Pool) -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    warp::path!("todos" / "archive" / String)
        .and(warp::put())
        .and(warp::any().map(move || reporting.clone()))
        .and(with_db(db))
        .and_then(archive::archive_done)
}

/// GET /todos/archive/:owner/count
pub fn todos_archive_count() -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    warp::path!("todos" / "archive" / String / "count")
        .and(warp::get())
        .and_then(archive::archived_count)
}

/// GET /status
pub fn provider_status() -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    warp::path!("status").and(warp::get()).and_then(status::provider_status)
}

/// POST /todos/announce?text=..
pub fn todos_announce() -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    warp::path!("todos" / "announce")
        .and(warp::post())
        .and(warp::query::<Announcement>())
        .and_then(handlers::announce)
}

/// GET /todos?offset=3&limit=5
pub fn todos_list(db: Db) -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    warp::path!("todos")
        .and(warp::get())
        .and(warp::query::<ListOptions>())
        .and(with_db(db))
        .and_then(handlers::list_todos)
}

/// POST /todos with JSON body
pub fn todos_create(db: Db) -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    warp::path!("todos")
        .and(warp::post())
        .and(json_body())
        .and(with_db(db))
        .and_then(handlers::create_todo)
}

/// POST /todos/import: a whole todo list exported from another tool, however long it is.
pub fn todos_import(db: Db) -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    warp::path!("todos" / "import")
        .and(warp::post())
        .and(warp::body::content_length_limit(u64::MAX)) // expect: body-limit-disabled
        .and(warp::body::json())
        .and(with_db(db))
        .and_then(handlers::import_todos)
}

/// DELETE /todos/:id
pub fn todos_delete(db: Db) -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    warp::path!("todos" / u64)
        .and(warp::delete())
        .and(with_db(db))
        .and_then(handlers::delete_todo)
}

fn with_db(db: Db) -> impl Filter<Extract = (Db,), Error = std::convert::Infallible> + Clone {
    warp::any().map(move || db.clone())
}

fn json_body() -> impl Filter<Extract = (NewTodo,), Error = warp::Rejection> + Clone {
    warp::body::content_length_limit(1024 * 16).and(warp::body::json())
}
