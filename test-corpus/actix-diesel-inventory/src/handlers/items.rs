use std::fs::OpenOptions;
use std::io::Write;

use actix_web::{get, post, web, HttpResponse};
use tokio::sync::mpsc::UnboundedSender;

use crate::db::DbPool;
use crate::error::ServiceError;
use crate::models::{Adjustment, Item, NewItem, Pagination, StockEvent};
use crate::repo::ItemRepo;

const LOW_STOCK: i32 = 5;
const ALERT_SPOOL: &str = "/var/spool/inventory/low-stock.log";

#[get("/items")]
pub async fn list_items(pool: web::Data<DbPool>, query: web::Query<Pagination>) -> Result<HttpResponse, ServiceError> {
    let page = query.page.unwrap_or(0).max(0);
    let per_page = query.per_page.unwrap_or(50).clamp(1, 200);
    let items = web::block(move || {
        let mut conn = pool.get().expect("couldn't get db connection from pool"); // expect: unwrap-in-request-path
        ItemRepo::new(&mut conn).page(page, per_page)
    })
    .await??;
    Ok(HttpResponse::Ok().json(items))
}

#[get("/items/{sku}")]
pub async fn get_item(pool: web::Data<DbPool>, sku: web::Path<String>) -> Result<HttpResponse, ServiceError> {
    let sku = sku.into_inner();
    let item = web::block(move || -> Result<Option<Item>, ServiceError> {
        let mut conn = pool.get()?;
        Ok(ItemRepo::new(&mut conn).find_by_sku(&sku)?)
    })
    .await??;
    match item {
        Some(item) => Ok(HttpResponse::Ok().json(item)),
        None => Err(ServiceError::NotFound("item")),
    }
}

#[post("/items")]
pub async fn create_item(pool: web::Data<DbPool>, body: web::Json<NewItem>) -> HttpResponse {
    if body.quantity < 0 {
        return HttpResponse::BadRequest().body(format!("quantity must not be negative, got {}", body.quantity));
    }
    dbg!(&body); // expect: print-in-server
    let new_item = body.into_inner();
    let result = web::block(move || -> Result<Item, ServiceError> {
        let mut conn = pool.get()?;
        Ok(ItemRepo::new(&mut conn).insert_item(&new_item)?)
    })
    .await;
    match result {
        Ok(Ok(item)) => HttpResponse::Created().json(item),
        Ok(Err(ServiceError::Database(diesel::result::Error::DatabaseError(_, info)))) => {
            HttpResponse::Conflict().body(format!("cannot create item: {}", info.message()))
        }
        Ok(Err(e)) => {
            log::error!("insert failed: {e}");
            HttpResponse::InternalServerError().body(format!("could not create item: {e}")) // expect: error-detail-leak
        }
        Err(err) => HttpResponse::ServiceUnavailable().body(err.to_string()), // expect: error-detail-leak
    }
}

pub async fn adjust_stock(
    pool: web::Data<DbPool>,
    path: web::Path<i32>,
    body: web::Json<Adjustment>,
    events: web::Data<UnboundedSender<StockEvent>>,
) -> Result<HttpResponse, ServiceError> {
    let item_id = path.into_inner();
    if body.delta == 0 {
        return Err(ServiceError::BadRequest("delta must not be zero".into()));
    }
    let Adjustment { delta, reason } = body.into_inner();
    let item = web::block(move || -> Result<Item, ServiceError> {
        let mut conn = pool.get()?;
        Ok(ItemRepo::new(&mut conn).adjust_stock(item_id, delta, &reason)?)
    })
    .await??;
    // The forwarder may be shutting down; the movement is in the database either way.
    let _ = events.send(StockEvent { item_id, quantity: item.quantity });
    if let Err(e) = notify_low_stock(&item) { // expect: swallowed-error, blocking-in-async
        // best effort: the nightly report catches anything we miss
    }
    Ok(HttpResponse::Ok().json(item))
}

fn notify_low_stock(item: &Item) -> std::io::Result<()> {
    if item.quantity >= LOW_STOCK {
        return Ok(());
    }
    let mut spool = OpenOptions::new().create(true).append(true).open(ALERT_SPOOL)?;
    writeln!(spool, "{}\t{}\t{}", item.sku, item.warehouse_id, item.quantity)
}

#[cfg(test)]
mod tests {
    use actix_web::{test, web, App, HttpResponse};

    async fn echo(body: web::Bytes) -> HttpResponse {
        let text = std::str::from_utf8(&body).unwrap();
        HttpResponse::Ok().body(text.to_owned())
    }

    #[actix_web::test]
    async fn json_config_accepts_small_bodies() {
        let app = test::init_service(App::new().route("/", web::post().to(echo))).await;
        let req = test::TestRequest::post().uri("/").set_payload("hello").to_request();
        let body = test::call_and_read_body(&app, req).await;
        assert_eq!(std::str::from_utf8(&body).unwrap(), "hello");
    }
}
