//! Display preferences: read (defaults when never saved) and saved whole.

use crate::time::now_ms;
use crate::{Error, Result, UserError, Vestibule};
use vestibule_domain::{
    Choice, DateFormat, Language, Preferences, PreferencesPatch, Theme, TimeFormat, TimeZoneName, WeekStart,
};

type Row = (String, String, String, String, String, String);

pub async fn get(v: &Vestibule, user_id: i64) -> Result<Preferences> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT date_format, time_format, time_zone, week_start, theme, language FROM preferences WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&v.db.pool)
    .await?;
    // Stored values were valid when written; one that no longer parses (a zone removed from the
    // database, say) falls back to its default rather than failing the page.
    Ok(row
        .map(|(d, t, z, w, th, l)| Preferences {
            date_format: DateFormat::parse(&d).unwrap_or_default(),
            time_format: TimeFormat::parse(&t).unwrap_or_default(),
            time_zone: TimeZoneName::parse(&z).unwrap_or_default(),
            week_start: WeekStart::parse(&w).unwrap_or_default(),
            theme: Theme::parse(&th).unwrap_or_default(),
            language: Language::parse(&l).unwrap_or_default(),
        })
        .unwrap_or_default())
}

pub async fn save(v: &Vestibule, user_id: i64, p: &Preferences) -> Result<()> {
    sqlx::query(
        "INSERT INTO preferences (user_id, date_format, time_format, time_zone, week_start, theme, language, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (user_id) DO UPDATE SET date_format = $2, time_format = $3, time_zone = $4, \
         week_start = $5, theme = $6, language = $7, updated_at = $8",
    )
    .bind(user_id)
    .bind(p.date_format.as_str())
    .bind(p.time_format.as_str())
    .bind(p.time_zone.as_str())
    .bind(p.week_start.as_str())
    .bind(p.theme.as_str())
    .bind(p.language.as_str())
    .bind(now_ms())
    .execute(&v.db.pool)
    .await?;
    Ok(())
}

/// Applies a partial update (the page's form and the REST API's PATCH) and returns the result.
pub async fn update(v: &Vestibule, user_id: i64, patch: &PreferencesPatch) -> Result<Preferences> {
    let current = get(v, user_id).await?;
    let next = current.apply(patch).map_err(|e| Error(UserError::Invalid(e)))?;
    save(v, user_id, &next).await?;
    Ok(next)
}
