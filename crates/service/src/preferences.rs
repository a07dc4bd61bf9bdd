//! Display preferences: read (defaults when never saved) and saved whole.

use crate::time::now_ms;
use crate::{Error, Result, UserError, Vestibule};
use vestibule_domain::{
    Choice, DateFormat, Language, Preferences, PreferencesPatch, Theme, TimeFormat, TimeZoneName, WeekStart,
};

/// The columns of a `preferences` row aliased `p`, in `Row`'s order (also read by `sessions`,
/// joined to the session: NULL when the user never saved any).
pub(crate) const PREFERENCE_COLUMNS: &str =
    "p.date_format, p.time_format, p.time_zone, p.week_start, p.theme, p.language";
pub(crate) type Row = (Option<String>, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);

pub async fn get(v: &Vestibule, user_id: i64) -> Result<Preferences> {
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PREFERENCE_COLUMNS} FROM preferences p WHERE p.user_id = $1"
    )))
    .bind(user_id)
    .fetch_optional(&v.db.pool)
    .await?;
    Ok(row.map(from_row).unwrap_or_default())
}

/// Stored values were valid when written; one that no longer parses (a zone removed from the
/// database, say) or is missing falls back to its default rather than failing the page.
pub(crate) fn from_row((d, t, z, w, th, l): Row) -> Preferences {
    fn or_default<T: Default, E>(value: Option<String>, parse: impl Fn(&str) -> std::result::Result<T, E>) -> T {
        value.and_then(|v| parse(&v).ok()).unwrap_or_default()
    }
    Preferences {
        date_format: or_default(d, DateFormat::parse),
        time_format: or_default(t, TimeFormat::parse),
        time_zone: or_default(z, TimeZoneName::parse),
        week_start: or_default(w, WeekStart::parse),
        theme: or_default(th, Theme::parse),
        language: or_default(l, Language::parse),
    }
}

pub async fn save(v: &Vestibule, user_id: i64, p: &Preferences) -> Result<()> {
    store(&mut *v.db.pool.acquire().await?, user_id, p).await?;
    // Pages read the preferences with the session (see `sessions::authenticate`).
    v.user_changed(user_id).await;
    Ok(())
}

/// Writes a user's preferences on `conn` (a caller's transaction, say); the caller announces it.
pub(crate) async fn store(conn: &mut sqlx::AnyConnection, user_id: i64, p: &Preferences) -> Result<()> {
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
    .execute(conn)
    .await?;
    Ok(())
}

/// Applies a partial update (the page's form and the REST API's PATCH) and returns the result.
pub async fn update(v: &Vestibule, user_id: i64, patch: &PreferencesPatch) -> Result<Preferences> {
    let current = get(v, user_id).await?;
    let next = current.apply(patch).map_err(|e| Error(UserError::Invalid(e)))?;
    // What changed, by name, for the `preferences.updated` webhook.
    let (before, after) = (serde_json::to_value(&current), serde_json::to_value(&next));
    let changed: Vec<String> = match (&before, &after) {
        (Ok(serde_json::Value::Object(before)), Ok(serde_json::Value::Object(after))) => {
            after.iter().filter(|(k, value)| before.get(*k) != Some(value)).map(|(k, _)| k.clone()).collect()
        }
        _ => Vec::new(),
    };
    let mut tx = v.db.begin_write().await?;
    store(&mut tx, user_id, &next).await?;
    let mut hooks = 0;
    if !changed.is_empty() {
        let data = serde_json::json!({ "changed": changed, "preferences": after.unwrap_or_default() });
        hooks = crate::webhooks::emit::emit(v, &mut tx, user_id, "preferences.updated", data).await?;
    }
    tx.commit().await?;
    if hooks > 0 {
        v.outbox_queued();
    }
    v.user_changed(user_id).await;
    Ok(next)
}
