use std::convert::Infallible;

use warp::http::StatusCode;
use warp::{Rejection, Reply};

use crate::models::{Announcement, Db, ListOptions, NewTodo, Todo};

/// The old site, for the `Link` header: browsers may follow it, the server never calls it.
const LEGACY_SITE: &str = "http://todos.legacy-host.com/";
/// The feed's namespace, an identifier rather than an address.
const ATOM_NAMESPACE: &str = "http://www.w3.org/2005/Atom";

pub fn legacy_link() -> impl Reply {
    warp::reply::with_header(warp::reply(), "link", format!("<{LEGACY_SITE}>; rel=\"alternate\""))
}

pub fn feed_header() -> String {
    format!("<feed xmlns=\"{ATOM_NAMESPACE}\">")
}

pub async fn list_todos(opts: ListOptions, db: Db) -> Result<impl Reply, Infallible> {
    let todos = db.lock().await;
    let todos: Vec<Todo> = todos
        .iter()
        .skip(opts.offset.unwrap_or(0))
        .take(opts.limit.unwrap_or(usize::MAX))
        .cloned()
        .collect();
    let body = serde_json::to_string(&todos).unwrap(); // backlint-allow(unwrap-in-request-path, print-in-server): a Vec<Todo> always serialises // expect: unused-suppression
    Ok(warp::reply::with_header(body, "content-type", "application/json"))
}

pub async fn create_todo(create: NewTodo, db: Db) -> Result<impl Reply, Infallible> {
    log::debug!("create_todo: {:?}", create);
    let mut todos = db.lock().await;
    // Empty on the first create, but it is the server's own memory: not reported (a known limit).
    let id = todos.iter().map(|todo| todo.id).max().unwrap() + 1;
    println!("creating todo {id}: {}", create.text); // expect: print-in-server
    let todo = Todo { id, text: create.text, completed: false };
    todos.push(todo.clone());
    Ok(warp::reply::with_status(warp::reply::json(&todo), StatusCode::CREATED))
}

/// Adds every todo of an exported list, numbered after the current ones.
pub async fn import_todos(imported: Vec<NewTodo>, db: Db) -> Result<impl Reply, Infallible> {
    let mut todos = db.lock().await;
    let first = todos.iter().map(|todo| todo.id).max().unwrap_or(0) + 1;
    for (offset, new) in imported.into_iter().enumerate() {
        todos.push(Todo { id: first + offset as u64, text: new.text, completed: false });
    }
    Ok(StatusCode::CREATED)
}

pub async fn delete_todo(id: u64, db: Db) -> Result<impl Reply, Infallible> {
    let mut todos = db.lock().await;
    let len = todos.len();
    todos.retain(|todo| todo.id != id);
    if todos.len() == len {
        return Ok(StatusCode::NOT_FOUND);
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn export_todos(name: String, db: Db) -> Result<impl Reply, Infallible> {
    let todos = db.lock().await;
    let Ok(json) = serde_json::to_vec(&*todos) else {
        return Ok(StatusCode::INTERNAL_SERVER_ERROR);
    };
    let target = std::path::Path::new("/srv/todo-exports").join(format!("{name}.json"));
    match tokio::fs::write(&target, json).await { // expect: path-traversal
        Ok(()) => Ok(StatusCode::CREATED),
        Err(e) => {
            log::error!("export to {} failed: {e}", target.display());
            Ok(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

pub async fn announce(announcement: Announcement) -> Result<impl Reply, Infallible> {
    let channel = match announcement.channel.as_deref() {
        Some("ops") => "#ops",
        _ => "#general",
    };
    let status = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(format!("slack-notify {channel} '{}'", announcement.text)) // expect: command-injection
        .status()
        .await;
    let fixed = tokio::process::Command::new("slack-notify").arg(channel).arg("--ping").status().await;
    match (status, fixed) {
        (Ok(_), Ok(_)) => Ok(StatusCode::ACCEPTED),
        _ => Ok(StatusCode::BAD_GATEWAY),
    }
}

pub async fn handle_rejection(err: Rejection) -> Result<impl Reply, Infallible> {
    if err.is_not_found() {
        return Ok(warp::reply::with_status("NOT_FOUND".to_string(), StatusCode::NOT_FOUND));
    }
    if let Some(e) = err.find::<warp::filters::body::BodyDeserializeError>() {
        return Ok(warp::reply::with_status(format!("invalid body: {e}"), StatusCode::BAD_REQUEST));
    }
    eprintln!("unhandled rejection: {:?}", err); // expect: print-in-server
    Ok(warp::reply::with_status(format!("unhandled rejection: {err:?}"), StatusCode::INTERNAL_SERVER_ERROR)) // expect: error-detail-leak
}
