//! Avatars: an uploaded PNG, JPEG or WebP is checked by its magic bytes, decoded within limits,
//! centre-cropped, scaled to 256×256 and re-encoded as PNG (no metadata survives), off the runtime.

use crate::blocking::Limited;
use crate::time::now_ms;
use crate::token::random_token;
use crate::{Error, Result, Vestibule};
use image::{ImageFormat, ImageReader, Limits, imageops::FilterType};
use std::io::Cursor;
use vestibule_domain::{AVATAR_MAX_BYTES, ValidationError, avatar_too_large};

pub const SIZE: u32 = 256;
const MAX_SIDE: u32 = 4096;
const MAX_ALLOC: u64 = 64 * 1024 * 1024;

fn refuse(e: ValidationError) -> Error {
    Error::invalid("avatar", e)
}

/// Turns an upload into the stored 256×256 PNG, or says why not.
pub fn process(upload: &[u8]) -> Result<Vec<u8>> {
    if upload.len() as u64 > AVATAR_MAX_BYTES {
        return Err(refuse(avatar_too_large()));
    }
    let format = image::guess_format(upload).map_err(|_| refuse(ValidationError::ImageFormat))?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) {
        return Err(refuse(ValidationError::ImageFormat));
    }
    let mut reader = ImageReader::with_format(Cursor::new(upload), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => refuse(ValidationError::ImageDimensions { max: MAX_SIDE }),
        _ => refuse(ValidationError::ImageFormat),
    })?;
    let side = image.width().min(image.height());
    let square = image.crop_imm((image.width() - side) / 2, (image.height() - side) / 2, side, side);
    let small = square.resize_exact(SIZE, SIZE, FilterType::Lanczos3).to_rgba8();
    let mut png = Vec::new();
    small
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| Error::internal(format_args!("encoding avatar: {e}")))?;
    Ok(png)
}

/// `process` on a blocking thread once `decoder` has a permit free: each decode may take 64 MiB,
/// so a burst of uploads waits instead of exhausting memory.
pub async fn decode(decoder: &Limited, upload: Vec<u8>) -> Result<Vec<u8>> {
    decoder.run(move || process(&upload)).await
}

/// Stores a new avatar for the user and returns its URL (a new random one each time).
pub async fn upload(v: &Vestibule, user_id: i64, bytes: Vec<u8>) -> Result<String> {
    let png = decode(&v.decoder, bytes).await?;
    let key = random_token()?[..22].to_string();
    sqlx::query(
        "INSERT INTO avatars (user_id, public_key, png, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id) DO UPDATE SET public_key = $2, png = $3, updated_at = $4",
    )
    .bind(user_id)
    .bind(&key)
    .bind(png)
    .bind(now_ms())
    .execute(&v.db.pool)
    .await?;
    v.user_changed(user_id).await;
    Ok(url(&key))
}

pub async fn remove(v: &Vestibule, user_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM avatars WHERE user_id = $1").bind(user_id).execute(&v.db.pool).await?;
    v.user_changed(user_id).await;
    Ok(())
}

/// The PNG behind a public key, if there is one.
pub async fn png(v: &Vestibule, key: &str) -> Result<Option<Vec<u8>>> {
    let row: Option<(Vec<u8>,)> =
        sqlx::query_as("SELECT png FROM avatars WHERE public_key = $1").bind(key).fetch_optional(&v.db.pool).await?;
    Ok(row.map(|(png,)| png))
}

pub fn url(key: &str) -> String {
    format!("/avatars/{key}.png")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn png(side: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::RgbaImage::new(side, side).write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
        bytes
    }

    #[test]
    fn decoding_waits_for_a_free_permit() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        runtime.block_on(async {
            let decoder = Limited::new(1);
            // Another job holds the only permit until told to finish.
            let (release, hold) = std::sync::mpsc::channel::<()>();
            let holder = tokio::spawn({
                let decoder = decoder.clone();
                async move { decoder.run(move || Ok(hold.recv().ok())).await }
            });
            while decoder.available() > 0 {
                tokio::task::yield_now().await;
            }
            let waiting = tokio::spawn({
                let decoder = decoder.clone();
                async move { decode(&decoder, png(300)).await }
            });
            // A decode of 300×300 takes milliseconds: half a second without an answer means it waits.
            tokio::time::sleep(Duration::from_millis(500)).await;
            assert!(!waiting.is_finished(), "the decode ran without a permit");
            release.send(()).unwrap();
            holder.await.unwrap().unwrap();
            let out = tokio::time::timeout(Duration::from_secs(10), waiting).await.unwrap().unwrap().unwrap();
            assert_eq!(image::load_from_memory(&out).unwrap().width(), SIZE);
        });
    }
}
