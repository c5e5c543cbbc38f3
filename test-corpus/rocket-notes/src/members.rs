//! Workspace members, kept in the shared PostgreSQL directory (rocket_db_pools with sqlx).

use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::serde::{Deserialize, Serialize};
use rocket_db_pools::{sqlx, Connection, Database};

#[derive(Database)]
#[database("directory")]
pub struct Directory(sqlx::PgPool);

/// A member as stored. `role` decides what the member may do in the workspace.
#[derive(Debug, Serialize, Deserialize, sqlx::FromRow)]
#[serde(crate = "rocket::serde")]
pub struct Member {
    pub email: String,
    pub display_name: String,
    pub role: String,
}

/// What someone who joins may say about themselves.
#[derive(Debug, Deserialize)]
#[serde(crate = "rocket::serde")]
pub struct Joining {
    pub email: String,
    pub display_name: String,
}

/// `POST /members`: the first version of the join form, which stored the body as sent.
#[post("/members", format = "json", data = "<member>")]
pub async fn join(mut db: Connection<Directory>, member: Json<Member>) -> Status { // expect: mass-assignment
    let stored = sqlx::query("INSERT INTO members (email, display_name, role) VALUES ($1, $2, $3)")
        .bind(&member.email)
        .bind(&member.display_name)
        .bind(&member.role)
        .execute(&mut **db)
        .await;
    if stored.is_ok() { Status::Created } else { Status::InternalServerError }
}

/// `POST /members/join`: joining members are readers until an owner promotes them.
#[post("/members/join", format = "json", data = "<joining>")]
pub async fn join_as_reader(mut db: Connection<Directory>, joining: Json<Joining>) -> Status {
    let stored = sqlx::query("INSERT INTO members (email, display_name, role) VALUES ($1, $2, 'reader')")
        .bind(&joining.email)
        .bind(&joining.display_name)
        .execute(&mut **db)
        .await;
    if stored.is_ok() { Status::Created } else { Status::InternalServerError }
}

/// `GET /members`: the whole directory, in one response.
#[get("/members")]
pub async fn directory(mut db: Connection<Directory>) -> Result<Json<Vec<Member>>, Status> {
    sqlx::query_as::<_, Member>("SELECT email, display_name, role FROM members ORDER BY display_name") // expect: unbounded-query
        .fetch_all(&mut **db)
        .await
        .map(Json)
        .map_err(|_| Status::InternalServerError)
}

/// `GET /members/<role>`: the members holding one role.
#[get("/members/<role>")]
pub async fn with_role(mut db: Connection<Directory>, role: &str) -> Result<Json<Vec<Member>>, Status> {
    sqlx::query_as::<_, Member>("SELECT email, display_name, role FROM members WHERE role = $1 ORDER BY display_name")
        .bind(role)
        .fetch_all(&mut **db)
        .await
        .map(Json)
        .map_err(|_| Status::InternalServerError)
}
