use actix_web::{web, HttpRequest, HttpResponse, ResponseError};

use crate::db::DbPool;
use crate::error::ServiceError;
use crate::models::{Relocation, WarehouseChanges};
use crate::repo;

pub async fn list_warehouses(pool: web::Data<DbPool>, req: HttpRequest) -> Result<HttpResponse, ServiceError> {
    let city = req.headers().get("x-city").map(|v| v.to_str().unwrap().to_owned()); // backlint-allow(unwrap-in-handler): the proxy only forwards ASCII // expect: unwrap-in-request-path, unused-suppression
    let warehouses = web::block(move || -> Result<_, ServiceError> {
        let mut conn = pool.get()?;
        Ok(repo::all_warehouses(&mut conn, city.as_deref())?)
    })
    .await??;
    Ok(HttpResponse::Ok().json(warehouses))
}

pub async fn get_warehouse(pool: web::Data<DbPool>, id: web::Path<i32>) -> HttpResponse {
    let id = id.into_inner();
    let result = web::block(move || -> Result<_, ServiceError> {
        let mut conn = pool.get()?;
        Ok(repo::find_warehouse(&mut conn, id)?)
    })
    .await;
    match result {
        Ok(Ok(Some(warehouse))) => HttpResponse::Ok().json(warehouse),
        Ok(Ok(None)) => HttpResponse::NotFound().finish(),
        Ok(Err(e)) => e.error_response(),
        Err(e) => {
            log::error!("blocking pool unavailable: {e}");
            HttpResponse::ServiceUnavailable().finish()
        }
    }
}

pub async fn update_warehouse(
    pool: web::Data<DbPool>,
    id: web::Path<i32>,
    changes: web::Json<WarehouseChanges>, // expect: mass-assignment
) -> Result<HttpResponse, ServiceError> {
    let (id, changes) = (id.into_inner(), changes.into_inner());
    let warehouse = web::block(move || -> Result<_, ServiceError> {
        let mut conn = pool.get()?;
        Ok(repo::update_warehouse(&mut conn, id, &changes)?)
    })
    .await??;
    Ok(HttpResponse::Ok().json(warehouse))
}

pub async fn relocate_warehouse(
    pool: web::Data<DbPool>,
    id: web::Path<i32>,
    relocation: web::Json<Relocation>,
) -> Result<HttpResponse, ServiceError> {
    let (id, relocation) = (id.into_inner(), relocation.into_inner());
    let warehouse = web::block(move || -> Result<_, ServiceError> {
        let mut conn = pool.get()?;
        Ok(repo::relocate_warehouse(&mut conn, id, &relocation)?)
    })
    .await??;
    Ok(HttpResponse::Ok().json(warehouse))
}

pub async fn delete_warehouse(pool: web::Data<DbPool>, id: web::Path<i32>) -> Result<HttpResponse, ServiceError> {
    let id = id.into_inner();
    web::block(move || -> Result<(), ServiceError> {
        let mut conn = pool.get()?;
        let stocked = repo::warehouse_stock(&mut conn, id)?;
        if stocked > 0 {
            return Err(ServiceError::BadRequest(format!("warehouse {id} still holds {stocked} units")));
        }
        let _ = repo::delete_warehouse(&mut conn, id); // expect: discarded-result
        Ok(())
    })
    .await??;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn count_warehouses(req: HttpRequest) -> Result<HttpResponse, ServiceError> {
    let pool = req.app_data::<web::Data<DbPool>>().expect("the pool is registered in main").clone();
    let region = req.headers().get("x-region").and_then(|v| v.to_str().ok()).map(str::to_owned);
    if region.is_none() {
        return Err(ServiceError::BadRequest("the x-region header is required".into()));
    }
    let city = region.unwrap().split('/').next().unwrap().to_owned();
    let count = web::block(move || -> Result<usize, ServiceError> {
        let mut conn = pool.get()?;
        Ok(repo::all_warehouses(&mut conn, Some(&city))?.len())
    })
    .await??;
    Ok(HttpResponse::Ok().json(count))
}
