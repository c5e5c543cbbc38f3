use rocket::http::uri::Origin;
use rocket::http::Status;
use rocket::response::content::RawHtml;
use rocket::response::{status, Redirect};
use rocket::serde::json::Json;
use rocket::Route;
use serde::{Deserialize, Serialize};

use crate::auth::AuthUser;
use crate::db::{self, NotesDb};
use crate::error::ApiError;

const MAX_TITLE: usize = 200;

#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub id: i64,
    pub owner: String,
    pub title: String,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct NewNote {
    pub title: String,
    pub body: String,
}

#[get("/")]
async fn list(db: NotesDb, user: AuthUser) -> Result<Json<Vec<Note>>, ApiError> {
    let notes = db.run(move |conn| db::list_notes(conn, &user.owner)).await?;
    Ok(Json(notes))
}

#[get("/<id>")]
async fn show(db: NotesDb, user: AuthUser, id: i64) -> Result<Json<Note>, ApiError> {
    let note = db
        .run(move |conn| {
            let note = db::find_note(conn, &user.owner, id)?;
            if note.is_some() {
                if let Err(e) = db::mark_viewed(conn, id) {
                    error!("could not mark note {id} as viewed: {e}");
                }
            }
            Ok::<_, ApiError>(note)
        })
        .await?;
    note.map(Json).ok_or(ApiError::NotFound)
}

#[post("/", format = "json", data = "<note>")]
async fn create(db: NotesDb, user: AuthUser, note: Json<NewNote>) -> Result<status::Created<Json<Note>>, status::Custom<String>> {
    if note.title.trim().is_empty() || note.title.len() > MAX_TITLE {
        return Err(status::Custom(Status::UnprocessableEntity, format!("title must have 1 to {MAX_TITLE} characters")));
    }
    let owner = user.owner.clone();
    let new_note = note.into_inner();
    let stored = db
        .run(move |conn| {
            let id = db::insert_note(conn, &owner, &new_note)?;
            db::find_note(conn, &owner, id)
        })
        .await;
    match stored {
        Ok(Some(note)) => Ok(status::Created::new(format!("/notes/{}", note.id)).body(Json(note))),
        Ok(None) => Err(status::Custom(Status::InternalServerError, "note vanished after insert".to_string())),
        Err(e) => Err(status::Custom(Status::InternalServerError, e.to_string())), // expect: error-detail-leak
    }
}

#[put("/<id>", format = "json", data = "<note>")]
async fn update(db: NotesDb, user: AuthUser, id: i64, note: Json<NewNote>) -> Result<Json<Note>, ApiError> {
    todo!("editing notes ({id}) is planned for 0.3") // expect: panic-in-request-path
}

#[delete("/<id>")]
async fn remove(db: NotesDb, user: AuthUser, id: i64) -> Status {
    assert_ne!(id, 0, "note ids start at 1"); // expect: panic-in-request-path
    match db.run(move |conn| db::delete_note(conn, &user.owner, id)).await {
        Ok(true) => Status::NoContent,
        Ok(false) => Status::NotFound,
        Err(e) => {
            error!("delete of note {id} failed: {e}");
            Status::InternalServerError
        }
    }
}

#[get("/tagged/<tag>")]
async fn tagged(db: NotesDb, user: AuthUser, tag: String) -> Result<Json<Vec<Note>>, ApiError> {
    let notes = db.run(move |conn| db::notes_tagged(conn, &user.owner, &tag)).await?;
    Ok(Json(notes))
}

#[get("/count/<owner>")]
async fn count(db: NotesDb, owner: String) -> Result<Json<i64>, ApiError> {
    let count = db.run(move |conn| db::count_notes(conn, &owner)).await?;
    Ok(Json(count))
}

#[get("/preview?<text>")]
fn preview(text: &str) -> RawHtml<String> {
    RawHtml(format!("<article>{text}</article>")) // expect: xss
}

#[get("/back?<to>")]
fn back(to: &str) -> Redirect {
    Redirect::to(to.to_string()) // expect: open-redirect
}

// A request guard is not input the route binds: the owner is the authenticated account's.
#[get("/mine")]
fn mine(user: AuthUser) -> Redirect {
    Redirect::to(user.owner.clone())
}

#[get("/mine/<section>")]
fn mine_section(_user: AuthUser, section: &str) -> Redirect {
    Redirect::to(section.to_string()) // expect: open-redirect
}

// rocket's own guards that carry the request's text are input.
#[get("/again")]
fn again(uri: &Origin<'_>) -> Redirect {
    Redirect::to(uri.path().to_string()) // expect: open-redirect
}

#[post("/jump", data = "<next>")]
fn jump(next: String) -> Redirect {
    Redirect::to(next) // expect: open-redirect
}

#[get("/home")]
fn home() -> Redirect {
    Redirect::to(uri!("/notes", list))
}

pub fn routes() -> Vec<Route> {
    routes![list, show, create, update, remove, tagged, count, preview, back, mine, mine_section, again, jump, home]
}
