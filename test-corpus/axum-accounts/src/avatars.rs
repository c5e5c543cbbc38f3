//! Avatar uploads: stored in S3 (the default build) or on local disk.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::Json;
use serde::Deserialize;

#[derive(Deserialize, PartialEq)]
pub enum Shape {
    Square,
    Circle,
    Original,
}

const PALETTES: [&str; 2] = ["palettes/light.png", "palettes/dark.png"];

fn load_watermark() -> Vec<u8> {
    let path = std::env::var("WATERMARK_PATH").unwrap_or_else(|_| "watermark.png".to_string());
    std::fs::read(&path).unwrap_or_else(|e| panic!("the watermark ships with the binary: {e}"))
}

fn load_palette(name: &str) -> Vec<u8> {
    std::fs::read(name).unwrap_or_else(|e| panic!("missing palette {name}: {e}")) // expect: panic-in-request-path
}

pub async fn upload(Path(user): Path<String>) -> String {
    static WATERMARK: LazyLock<Vec<u8>> = LazyLock::new(load_watermark);
    #[cfg(not(feature = "s3"))]
    unreachable!("uploads are only routed when S3 is configured");
    #[cfg(feature = "ldap")]
    let user = crate::directory::canonical(&user).unwrap();
    let palette = load_palette(PALETTES[usize::from(user.ends_with(".dark"))]); // expect: blocking-in-async
    #[allow(clippy::expect_used)]
    let size = u32::try_from(WATERMARK.len() + palette.len()).expect("an avatar is small");
    format!("{user}: {size}")
}

pub async fn crop(Path(user): Path<String>, Json(shape): Json<Shape>) -> String {
    if shape == Shape::Original {
        return user;
    }
    let radius = match shape {
        Shape::Square => 0,
        Shape::Circle => 50,
        Shape::Original => unreachable!("returned above"),
    };
    let label = match serde_json::to_string(&user) {
        Ok(label) => label,
        Err(e) => panic!("a string serialises: {e}"),
    };
    let scale: u32 = match user.len().checked_mul(radius) {
        Some(scale) => scale as u32,
        None => todo!("huge avatars"), // expect: panic-in-request-path
    };
    format!("{label} {scale}")
}
