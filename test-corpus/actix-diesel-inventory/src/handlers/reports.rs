//! Ad-hoc reports for the operations team: label printing and CSV exports.

use std::process::Command;

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::db::DbPool;
use crate::repo;

#[derive(Deserialize)]
pub struct ReportQuery {
    pub warehouse: String,
    pub order_by: Option<String>,
}

/// Prints shelf labels on the warehouse's label printer.
#[get("/reports/labels/{printer}")]
pub async fn print_labels(printer: web::Path<String>, req: HttpRequest) -> HttpResponse {
    let copies = req.query_string().to_owned();
    let lpr = Command::new("lpr").arg("-P").arg(printer.as_str()).arg("labels.pdf").status(); // expect: command-injection, blocking-in-async
    let lp = Command::new(format!("/usr/bin/lp-{}", req.match_info().get("printer").unwrap_or("default"))).status(); // expect: command-injection, blocking-in-async
    let fixed = Command::new("lpstat").arg("-p").status(); // expect: blocking-in-async
    log::info!("label job for {copies}: {lpr:?} {lp:?} {fixed:?}");
    HttpResponse::Accepted().finish()
}

/// Stock of one warehouse, sorted as asked.
pub async fn warehouse_report(pool: web::Data<DbPool>, query: web::Query<ReportQuery>) -> HttpResponse {
    let query = query.into_inner();
    let result = web::block(move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        repo::stock_report(&mut conn, &query.warehouse, query.order_by.as_deref()).map_err(|e| e.to_string())
    })
    .await;
    match result {
        Ok(Ok(rows)) => HttpResponse::Ok().json(rows),
        Ok(Err(message)) => {
            log::error!("stock report failed: {message}");
            HttpResponse::InternalServerError().finish()
        }
        Err(_) => HttpResponse::ServiceUnavailable().finish(),
    }
}
