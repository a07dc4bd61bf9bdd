//! Avatars over HTTP: upload, re-encoding to 256×256 PNG, limits with clear messages, serving, removal.

use crate::support::TestApp;
use reqwest::StatusCode;
use serde_json::json;
use std::io::Cursor;
use vestibule_domain::ValidationError;

fn picture(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), format).unwrap();
    out
}

async fn post(app: &TestApp, client: &reqwest::Client, bytes: Vec<u8>, content_type: &str) -> crate::support::Reply {
    app.send(client.post(app.url("/settings/avatar")).header("content-type", content_type).body(bytes)).await
}

fn refused(message: String) -> serde_json::Value {
    json!({ "Invalid": [{ "field": "avatar", "message": message }] })
}

pub async fn avatars(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "rosa", "rosa@example.com").await;
    assert_eq!(app.me(&client).await["avatar_url"], serde_json::Value::Null);

    let reply = post(app, &client, picture(600, 400, image::ImageFormat::Png), "image/png").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let url = reply.json()["avatar_url"].as_str().unwrap().to_string();
    assert!(url.starts_with("/avatars/") && url.ends_with(".png"), "{url}");
    assert_eq!(app.me(&client).await["avatar_url"], url.as_str());

    let served = app.bare_client().get(app.url(&url)).send().await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    let png = served.bytes().await.unwrap();
    let decoded = image::load_from_memory_with_format(&png, image::ImageFormat::Png).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (256, 256));

    // JPEG and WebP are accepted too, and each upload gets a new address.
    let reply = post(app, &client, picture(300, 900, image::ImageFormat::Jpeg), "image/jpeg").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let second = reply.json()["avatar_url"].as_str().unwrap().to_string();
    assert_ne!(second, url);
    assert_eq!(app.bare_client().get(app.url(&url)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let reply = post(app, &client, picture(64, 64, image::ImageFormat::WebP), "image/webp").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    // Refusals: too large (before reading it all), not an image, too many pixels, no session.
    let reply = post(app, &client, vec![0u8; 2 * 1024 * 1024 + 1], "image/png").await;
    reply.assert_error(413, refused(ValidationError::ImageTooLarge { max_mib: 2 }.to_string()));
    let reply = post(app, &client, b"GIF89a not really".to_vec(), "image/gif").await;
    reply.assert_error(422, refused(ValidationError::ImageFormat.to_string()));
    let reply = post(app, &client, b"hello, I am text".to_vec(), "image/png").await;
    reply.assert_error(422, refused(ValidationError::ImageFormat.to_string()));
    let reply = post(app, &client, picture(5000, 8, image::ImageFormat::Png), "image/png").await;
    reply.assert_error(422, refused(ValidationError::ImageDimensions { max: 4096 }.to_string()));
    let reply = post(app, &app.client(), picture(10, 10, image::ImageFormat::Png), "image/png").await;
    reply.assert_error(401, json!("Unauthenticated"));
    let reply = app
        .send(client.post(app.url("/settings/avatar")).header("origin", "https://evil.example").body(picture(
            10,
            10,
            image::ImageFormat::Png,
        )))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // Removal.
    let current = app.me(&client).await["avatar_url"].as_str().unwrap().to_string();
    assert_eq!(app.call(&client, "remove_avatar", &[]).await.status, StatusCode::OK);
    assert_eq!(app.me(&client).await["avatar_url"], serde_json::Value::Null);
    assert_eq!(app.bare_client().get(app.url(&current)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}
