use actix_web::{web, HttpResponse};

use crate::error::ErrorBody;
use crate::handlers::{admin, items, links, reports, warehouses};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(items::list_items)
        .service(items::get_item)
        .service(items::create_item)
        .service(web::resource("/items/{id}/stock").route(web::post().to(items::adjust_stock)))
        .service(reports::print_labels)
        .service(web::resource("/reports/stock").route(web::get().to(reports::warehouse_report)))
        .service(web::resource("/warehouses").route(web::get().to(warehouses::list_warehouses)))
        .service(web::resource("/links/continue").route(web::get().to(links::continue_to)))
        .service(web::resource("/links/relay").route(web::get().to(links::relay)))
        .service(web::resource("/links/relay/health").route(web::get().to(links::relay_health)))
        .service(web::resource("/links/relay/ping").route(web::get().to(links::relay_ping)))
        .service(web::resource("/links/relay/status").route(web::get().to(links::relay_status)))
        .service(web::resource("/warehouses/count").route(web::get().to(warehouses::count_warehouses)))
        .service(
            web::resource("/warehouses/{id}")
                .route(web::get().to(warehouses::get_warehouse))
                .route(web::patch().to(warehouses::update_warehouse))
                .route(web::delete().to(warehouses::delete_warehouse)),
        )
        .service(
            web::resource("/warehouses/{id}/relocation").route(web::post().to(warehouses::relocate_warehouse)),
        )
        .service(
            web::scope("/admin")
                .service(admin::reindex)
                .route("/stock-report", web::get().to(admin::stock_report))
                .route("/export", web::get().to(admin::export)),
        )
        .service(web::resource("/catalogue").route(web::get().to(links::add_slash)))
        .default_service(web::to(not_found));
}

async fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(ErrorBody { error: "no such route".to_string() })
}
