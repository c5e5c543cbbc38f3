use actix_web::middleware::{Logger, NormalizePath};
use actix_web::{error::InternalError, web, App, HttpResponse, HttpServer};
use inventory_service::{config::Settings, db, events, routes};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    dotenvy::dotenv().ok();
    env_logger::init_from_env(env_logger::Env::new().default_filter_or("info"));

    let settings = Settings::from_env().expect("DATABASE_URL must be set");
    let pool = db::init_pool(&settings.database_url).expect("cannot create the connection pool");
    db::run_migrations(&pool);
    inventory_service::summary::print_pool_size(pool.max_size());

    let (events_tx, events_rx) = tokio::sync::mpsc::unbounded_channel();
    actix_web::rt::spawn(events::forward(events_rx));

    println!("starting inventory-service at http://{}:{}", settings.host, settings.port); // expect: print-in-server
    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .app_data(web::Data::new(events_tx.clone()))
            .app_data(web::Data::new(awc::Client::default()))
            .app_data(web::JsonConfig::default().limit(256 * 1024).error_handler(|err, _req| {
                let message = format!("invalid JSON body: {err}");
                InternalError::from_response(err, HttpResponse::BadRequest().body(message)).into()
            }))
            .wrap(Logger::default())
            .wrap(NormalizePath::trim())
            .configure(routes::configure)
    })
    .bind((settings.host.as_str(), settings.port))?
    .workers(settings.workers)
    .run()
    .await
}
