#[macro_use]
extern crate rocket;

pub mod attachments;
pub mod auth;
pub mod db;
pub mod embeds;
pub mod error;
pub mod ids;
pub mod members;
pub mod notes;
pub mod previews;
pub mod sharing;
pub mod signed_links;
pub mod sync;
pub mod wiki_import;

use rocket::data::ToByteUnit;
use rocket::fairing::AdHoc;
use rocket::serde::json::{json, Value};
use rocket::{Build, Request, Rocket};
use rocket_db_pools::Database;

use crate::auth::ApiKeys;
use crate::db::NotesDb;

#[catch(404)]
fn not_found(req: &Request<'_>) -> Value {
    json!({ "error": format!("no route for {}", req.uri()) })
}

#[catch(500)]
fn internal_error() -> Value {
    json!({ "error": "internal server error" })
}

/// The application without its launch-time extras; tests build it too.
pub fn build() -> Rocket<Build> {
    // Attachments go to temporary files; note bodies are JSON read into memory.
    let limits = rocket::data::Limits::default()
        .limit("json", 256.mebibytes()) // expect: body-limit-disabled
        .limit("file", 4.gibibytes());
    rocket::custom(rocket::Config::figment().merge(("limits", limits)))
        .attach(NotesDb::fairing())
        .attach(members::Directory::init())
        .attach(AdHoc::on_ignite("migrations", db::migrate))
        .attach(AdHoc::config::<ApiKeys>())
        .manage(previews::shared_client().expect("the HTTP client builds"))
        .mount("/notes", notes::routes())
        .mount("/files", attachments::routes())
        .mount("/previews", previews::routes())
        .mount("/", routes![members::join, members::join_as_reader, members::directory, members::with_role])
        .register("/", catchers![not_found, internal_error])
}
