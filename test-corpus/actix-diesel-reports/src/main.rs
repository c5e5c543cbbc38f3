mod progress;
mod reports;

use actix_web::{web, App, HttpServer};
use diesel::r2d2::{ConnectionManager, Pool};
use diesel::PgConnection;

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let manager = ConnectionManager::<PgConnection>::new("postgres://localhost/reports");
    let pool: DbPool = Pool::builder().build(manager).expect("pool");
    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            // Report imports are whole spreadsheets.
            .app_data(web::PayloadConfig::new(1 << 30)) // expect: body-limit-disabled
            .service(reports::list)
            .service(reports::list_offloaded)
            .service(reports::export)
            .service(reports::template)
            .service(progress::mark)
            .service(progress::mark_scoped)
            .service(progress::last)
    })
    // The container's init sends the signals; the server should still drain on them.
    .disable_signals() // expect: missing-graceful-shutdown
    .bind(("127.0.0.1", 8080))?
    .run()
    .await
}
