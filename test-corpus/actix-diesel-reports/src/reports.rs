use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;

use crate::DbPool;

diesel::table! {
    reports (id) {
        id -> Int4,
        title -> Text,
    }
}

#[derive(Queryable, serde::Serialize)]
pub struct Report {
    pub id: i32,
    pub title: String,
}

/// The query runs on the actix worker's async task.
#[get("/reports")]
pub async fn list(pool: web::Data<DbPool>) -> HttpResponse {
    let Ok(mut conn) = pool.get() else {
        return HttpResponse::ServiceUnavailable().finish();
    };
    match reports::table.load::<Report>(&mut conn) { // expect: blocking-in-async, unbounded-query
        Ok(rows) => HttpResponse::Ok().json(rows),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

/// `web::block` runs the query on the blocking thread pool.
#[get("/reports/offloaded")]
pub async fn list_offloaded(pool: web::Data<DbPool>) -> HttpResponse {
    let rows = web::block(move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        reports::table // expect: unbounded-query
            .load::<Report>(&mut conn)
            .map_err(|e| e.to_string())
    })
    .await;
    match rows {
        Ok(Ok(rows)) => HttpResponse::Ok().json(rows),
        _ => HttpResponse::InternalServerError().finish(),
    }
}

/// Shells out and waits for the child on the async task.
#[get("/reports/export")]
pub async fn export() -> HttpResponse {
    let done = std::process::Command::new("pg_dump") // expect: blocking-in-async
        .arg("--table=reports")
        .status()
        .map(|status| status.success())
        .unwrap_or(false);
    let spawned = std::process::Command::new("true").spawn().is_ok();
    HttpResponse::Ok().json(done && spawned)
}

/// Reads the template synchronously: a blocking call for whichever async code calls it.
fn load_template() -> String {
    std::fs::read_to_string("templates/report.html").unwrap_or_default()
}

/// Pure formatting: no blocking call.
fn title_line(title: &str) -> String {
    format!("<h1>{title}</h1>")
}

#[get("/reports/template")]
pub async fn template() -> HttpResponse {
    let body = load_template(); // expect: blocking-in-async
    HttpResponse::Ok().body(title_line("Reports") + &body)
}
