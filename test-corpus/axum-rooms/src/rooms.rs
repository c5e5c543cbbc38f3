//! Room handlers.

use axum::extract::{Path, Request};
use axum::Extension;

use crate::args::MaybeUser;
use crate::auth::{Endpoint, Metadata};
use crate::layers::{CurrentUser, RequestLog};
use crate::Ruma;

#[derive(Default)]
pub struct CreateRoom;

impl Endpoint for CreateRoom {
    const METADATA: Metadata = Metadata { requires_user: true };
}

pub struct Room {
    pub id: Option<u64>,
    pub topic: Option<String>,
}

impl Room {
    pub fn new(creator: &str) -> Self {
        Room { id: Some(creator.len() as u64), topic: None }
    }

    pub fn load(id: u64) -> Option<Room> {
        if id == 0 {
            return None;
        }
        Some(Room { id: Some(id), topic: Some(String::new()) })
    }
}

pub async fn health() -> &'static str {
    "ok"
}

pub async fn create(body: Ruma<CreateRoom>) -> String {
    // The route requires a user: the extractor rejected the request otherwise.
    let creator = body.sender_user.as_ref().expect("user is authenticated");
    let room = Room::new(creator);
    // `Room::new` always sets `id`; the body's JSON is the client's to send or not.
    let id = room.id.unwrap();
    let name = body.json_body.as_ref().unwrap(); // all-input: unwrap-in-request-path
    format!("{id} {name} {}", body.sender_user())
}

pub async fn show(Path(id): Path<String>) -> String {
    let room = Room::load(id.parse().unwrap_or(0));
    // A room `load` returns may still be missing.
    let room = room.unwrap(); // expect: unwrap-in-request-path
    let count: u32 = room.id.unwrap_or(0).try_into().expect("room ids should not get that high");
    // The message states an invariant, but the value comes from the request.
    let page: u32 = id.parse().expect("ids should be numeric"); // expect: unwrap-in-request-path
    format!("{count} {page}")
}

pub async fn set_topic(Path(id): Path<u64>) -> String {
    let room = Room::new("system");
    // `new` leaves the topic empty: a bug, but of a value the server computes itself (not
    // reported, a known limit).
    let topic = room.topic.unwrap();
    format!("{id} {topic}")
}

pub async fn preview(maybe: MaybeUser) -> String {
    // Filled from the request, whatever the route.
    maybe.user.unwrap() // all-input: unwrap-in-request-path
}

pub async fn me(req: Request) -> String {
    // The log layer runs on every request; the user only when one signed in.
    let _log = req.extensions().get::<RequestLog>().expect("Failed to find the request log");
    let user = req.extensions().get::<CurrentUser>().expect("Failed to find the user"); // expect: unwrap-in-request-path
    let _ctx = Extension::<RequestLog>::from_request(req).await.expect("log layer installed");
    user.0.clone()
}
