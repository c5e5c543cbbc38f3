use rocket::http::Header;

pub const TEST_KEY: &str = "secret-test-key";

pub fn api_key() -> Header<'static> {
    Header::new("X-Api-Key", TEST_KEY)
}

pub fn dump(label: &str, body: &str) {
    println!("--- {label} ---\n{body}");
    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    assert!(value.is_object() || value.is_array());
}
