use std::cell::RefCell;
use std::sync::Mutex;

use actix_web::{get, web, HttpResponse};

/// Export progress shared by the workers.
pub struct Progress {
    pub done: Mutex<Vec<String>>,
    pub last: tokio::sync::Mutex<Option<String>>,
    pub local: RefCell<u32>,
}

// The export workers share one `Progress`; `local` is only touched by the worker that owns it.
unsafe impl Sync for Progress {} // expect: unsafe-code

async fn notify(name: &str) -> bool {
    !name.is_empty()
}

/// actix handlers need not be `Send`, so this compiles, and the lock is held while awaiting.
#[get("/progress/{name}")]
pub async fn mark(progress: web::Data<Progress>, name: web::Path<String>) -> HttpResponse {
    let mut done = progress.done.lock().unwrap(); // expect: lock-across-await
    done.push(name.clone());
    let sent = notify(&name).await;
    HttpResponse::Ok().json(sent)
}

/// The guard ends before the await: an inner block, or `drop`.
#[get("/progress/{name}/scoped")]
pub async fn mark_scoped(progress: web::Data<Progress>, name: web::Path<String>) -> HttpResponse {
    {
        let mut done = progress.done.lock().unwrap();
        done.push(name.clone());
    }
    let count = progress.done.lock().map(|done| done.len()).unwrap_or(0);
    let guard = progress.done.lock().unwrap();
    let first = guard.first().cloned();
    drop(guard);
    let sent = notify(&name).await;
    HttpResponse::Ok().json((sent, count, first))
}

/// An async mutex may be held across an await.
#[get("/progress/last")]
pub async fn last(progress: web::Data<Progress>) -> HttpResponse {
    let mut last = progress.last.lock().await;
    let sent = notify(last.as_deref().unwrap_or_default()).await;
    *last = None;
    HttpResponse::Ok().json(sent)
}

/// A `RefCell` borrow is a guard too.
pub async fn bump(progress: &Progress) -> bool {
    let mut local = progress.local.borrow_mut(); // expect: lock-across-await
    *local += 1;
    notify("bump").await
}
