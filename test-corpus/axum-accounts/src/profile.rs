//! Public profiles and their statistics.

use std::collections::HashMap;
use std::fmt::Write;

use axum::extract::Path;
use serde::Serialize;

#[derive(Serialize)]
struct Profile {
    user: String,
    links: HashMap<String, String>,
}

/// Visits per (day, hour): serde_json cannot write a tuple as an object key.
#[derive(Serialize)]
struct Heatmap {
    visits: HashMap<(u16, u8), u64>,
}

pub async fn show(Path(user): Path<String>) -> String {
    let mut parts = user.split('@');
    let name = parts.next().unwrap();
    let domain = parts.next().unwrap(); // all-input: unwrap-in-request-path
    let profile = Profile { user: name.to_string(), links: HashMap::new() };
    let text = serde_json::to_string(&profile).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut page = String::new();
    write!(page, "{domain}: {value}").unwrap();
    let home = url::Url::parse("https://accounts.example.com/").unwrap();
    let avatar = home.join("/static/avatar.png").unwrap();
    let personal = home.join(&user).unwrap(); // all-input: unwrap-in-request-path
    format!("{page} {avatar} {personal}")
}

pub async fn stats(Path(user): Path<String>) -> String {
    let heatmap = Heatmap { visits: HashMap::new() };
    let client: serde_json::Value = serde_json::from_str(&user).unwrap(); // expect: unwrap-in-request-path
    let body = serde_json::to_string(&heatmap).unwrap();
    format!("{client} {body}")
}
