//! Archives a user's completed todos into the reporting database (MySQL, through the sync
//! `mysql` crate on a blocking thread).

use std::convert::Infallible;

use mysql::prelude::Queryable;
use warp::http::StatusCode;
use warp::Reply;

use crate::models::{Db, Todo};

/// PUT /todos/archive/:owner
pub async fn archive_done(owner: String, reporting: mysql::Pool, db: Db) -> Result<impl Reply, Infallible> {
    let done: Vec<Todo> = db.lock().await.iter().filter(|todo| todo.completed).cloned().collect();
    let archived = tokio::task::spawn_blocking(move || -> mysql::Result<usize> {
        let mut conn = reporting.get_conn()?;
        conn.query_drop(format!("DELETE FROM archived_todos WHERE owner = '{owner}'"))?; // expect: sql-injection
        for todo in &done {
            conn.exec_drop( // expect: query-in-loop
                "INSERT INTO archived_todos (owner, id, text) VALUES (?, ?, ?)",
                (&owner, todo.id, &todo.text),
            )?;
        }
        let count: Option<usize> = conn.exec_first("SELECT COUNT(*) FROM archived_todos WHERE owner = ?", (&owner,))?;
        let latest: Option<mysql::Row> = conn.exec_first(
            "SELECT * FROM archived_todos WHERE owner = ? ORDER BY archived_at DESC LIMIT 1", // expect: select-star
            (&owner,),
        )?;
        if let Some(row) = latest {
            log::debug!("latest archived todo has {} columns", row.len());
        }
        Ok(count.unwrap_or_default())
    })
    .await;
    match archived {
        Ok(Ok(count)) => Ok(warp::reply::with_status(count.to_string(), StatusCode::OK)),
        Ok(Err(e)) => {
            log::error!("archiving failed: {e}");
            Ok(warp::reply::with_status(String::new(), StatusCode::BAD_GATEWAY))
        }
        Err(e) => {
            log::error!("the archiving task panicked: {e}");
            Ok(warp::reply::with_status(String::new(), StatusCode::INTERNAL_SERVER_ERROR))
        }
    }
}

/// The reporting replica, for counts only.
const REPORTING_REPLICA: &str = "mysql://reports@127.0.0.1:3307/todos";

/// GET /todos/archive/:owner/count, through a pool opened for this request.
pub async fn archived_count(owner: String) -> Result<impl Reply, Infallible> {
    let counted = tokio::task::spawn_blocking(move || -> mysql::Result<Option<usize>> {
        let replica = mysql::Pool::new(REPORTING_REPLICA)?; // expect: client-per-request
        let mut conn = replica.get_conn()?;
        conn.exec_first("SELECT COUNT(*) FROM archived_todos WHERE owner = ?", (&owner,))
    })
    .await;
    match counted {
        Ok(Ok(count)) => Ok(warp::reply::with_status(count.unwrap_or_default().to_string(), StatusCode::OK)),
        Ok(Err(e)) => {
            log::error!("counting failed: {e}");
            Ok(warp::reply::with_status(String::new(), StatusCode::BAD_GATEWAY))
        }
        Err(e) => {
            log::error!("the counting task panicked: {e}");
            Ok(warp::reply::with_status(String::new(), StatusCode::INTERNAL_SERVER_ERROR))
        }
    }
}
