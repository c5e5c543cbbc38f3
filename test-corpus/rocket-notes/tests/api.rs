use rocket::http::{ContentType, Header, Status};
use rocket::local::blocking::Client;
use rocket::serde::json::Value;

mod common;

fn client() -> Client {
    let figment = rocket::Config::figment()
        .merge(("databases.notes.url", ":memory:"))
        .merge(("api_keys", vec!["alice:secret-test-key"]));
    Client::tracked(rocket_notes::build().configure(figment)).expect("valid rocket instance")
}

#[test]
fn notes_require_an_api_key() {
    let client = client();
    let response = client.get("/notes").dispatch();
    assert_eq!(response.status(), Status::Unauthorized);
}

#[test]
fn created_notes_can_be_listed() {
    let client = client();
    let response = client
        .post("/notes")
        .header(ContentType::JSON)
        .header(Header::new("X-Api-Key", "secret-test-key"))
        .body(r#"{"title":"groceries","body":"milk, eggs"}"#)
        .dispatch();
    assert_eq!(response.status(), Status::Created);

    let response = client.get("/notes").header(Header::new("X-Api-Key", "secret-test-key")).dispatch();
    let body: Value = response.into_json().unwrap();
    println!("listed: {body:#}");
    assert_eq!(body.as_array().unwrap().len(), 1);
    assert_eq!(body[0]["title"], "groceries");
}

#[test]
fn unknown_routes_get_a_json_404() {
    let client = client();
    let response = client.get("/nope").header(common::api_key()).dispatch();
    assert_eq!(response.status(), Status::NotFound);
    let body = response.into_string().unwrap();
    common::dump("404", &body);
    assert!(body.contains("no route for /nope"), "{body}");
}

#[test]
fn attachment_names_are_ascii() {
    let name = b"report-2024";
    // SAFETY: a byte string literal of ASCII characters.
    let name = unsafe { std::str::from_utf8_unchecked(name) };
    assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
}
