#[macro_use]
extern crate rocket;

use rocket_notes::db::NotesDb;

#[get("/")]
fn index() -> &'static str {
    "rocket-notes: see /notes"
}

#[get("/stats")]
async fn stats(db: NotesDb) -> String {
    let count: i64 = db
        .run(|conn| conn.query_row("SELECT COUNT(*) FROM notes", [], |row| row.get(0)))
        .await
        .unwrap(); // expect: unwrap-in-request-path
    format!("{count} notes")
}

#[launch]
fn rocket() -> _ {
    rocket_notes::build().mount("/", routes![index, stats])
}
