use actix_web::{http::StatusCode, post, web, HttpResponse};

use crate::db::DbPool;
use crate::error::ServiceError;
use crate::repo::ItemRepo;

// backlint-allow(panic-in-request-path): the admin scope is only mounted behind the VPN and reindexing moves to the worker in 1.8
#[post("/reindex")]
pub async fn reindex(_pool: web::Data<DbPool>) -> HttpResponse {
    unimplemented!("search reindexing is done by the worker")
}

pub async fn stock_report(pool: web::Data<DbPool>) -> HttpResponse {
    let rows = web::block(move || -> Result<_, ServiceError> {
        let mut conn = pool.get()?;
        Ok(ItemRepo::new(&mut conn).stock_by_warehouse()?)
    })
    .await;
    match rows {
        Ok(Ok(rows)) => HttpResponse::Ok().json(rows),
        Ok(Err(e)) => HttpResponse::build(StatusCode::INTERNAL_SERVER_ERROR).body(e.to_string()), // expect: error-detail-leak
        Err(_) => HttpResponse::build(StatusCode::SERVICE_UNAVAILABLE).finish(),
    }
}

pub async fn export(_pool: web::Data<DbPool>) -> HttpResponse {
    unimplemented!("CSV export") // expect: panic-in-request-path
}
